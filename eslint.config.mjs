// One flat config for the whole repository. The core must stay pure: the
// restricted-imports rule below is what keeps vscode, the LSP connection,
// dockerode and the file system out of server/src/core.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'dist-test/**',
      'dist-npm/**',
      '.vscode-test/**',
      'schemas/**',
      'examples/**',
      'test/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'readonly',
      },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-throw-literal': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The extension loads the Docker runtime from a bundle of its own, whose RuntimeError is another class.
      'no-restricted-syntax': [
        'error',
        {
          selector: "BinaryExpression[operator='instanceof'][right.name='RuntimeError']",
          message: 'Use isRuntimeError(e): RuntimeErrors cross bundles (server/src/deploy/runtime.ts).',
        },
      ],
    },
  },
  {
    // Keep dockerode replaceable: only the runtime adapter may import it.
    files: ['**/*.ts'],
    ignores: ['server/src/deploy/dockerodeRuntime.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'dockerode', message: 'Use ContainerRuntime (server/src/deploy/runtime.ts).' }] },
      ],
    },
  },
  {
    // The Node host pieces (file system, GPU inventory, render writing) live in server/src/host/, shared by
    // every entry point: only the CLI's own files import from cli/. (Restating the dockerode rule: a
    // later no-restricted-imports replaces an earlier one for the same files.)
    files: ['server/src/{lsp,host,deploy,build,fromImage}/**/*.ts'],
    ignores: ['server/src/deploy/dockerodeRuntime.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'dockerode', message: 'Use ContainerRuntime (server/src/deploy/runtime.ts).' }],
          patterns: [
            { group: ['**/cli/*'], message: 'Host pieces are in server/src/host/; cli/ is the CLI only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient*'],
              message: 'The core is pure: no editor or LSP connection.',
            },
            {
              group: ['dockerode', 'node:*', 'fs', 'fs/*', 'path', 'child_process', 'os'],
              message: 'The core is pure: inject file access instead.',
            },
          ],
        },
      ],
    },
  },
);
