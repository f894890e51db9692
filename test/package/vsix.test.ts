// Packages the extension with @vscode/vsce (`npm run package`) and checks what the .vsix ships: the
// bundles, grammar, schemas, snippets, manifest, README and licence, and nothing else.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../shared';

/** Names in a zip file, from its central directory (enough of the format for a listing). */
export function zipEntries(zip: Buffer): string[] {
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    assert.equal(zip.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    names.push(zip.subarray(p + 46, p + 46 + nameLength).toString('utf8'));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return names.sort();
}

/**
 * Does what `npm run package` does (production build, then vsce with the same options), in a copy of
 * the extension's files: other test files run dist/ meanwhile, and a release build replaces it.
 */
function packageInCopy(dir: string): string {
  for (const entry of [
    'package.json',
    '.vscodeignore',
    'README.md',
    'DIAGNOSTICS.md',
    'client/images',
    'client/walkthrough',
    'LICENSE',
    'language-configuration.json',
    'schemas',
    'snippets',
    'syntaxes',
  ]) {
    cpSync(join(REPO_ROOT, entry), join(dir, entry), { recursive: true });
  }
  execFileSync(
    process.execPath,
    [join(REPO_ROOT, 'scripts', 'build.mjs'), '--production', '--outdir', join(dir, 'dist')],
    { cwd: REPO_ROOT },
  );
  const script = (
    JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts.package!;
  const vsceArgs = /vsce (package [^&]*)$/.exec(script)![1]!.trim().split(/\s+/);
  mkdirSync(join(dir, 'dist-vsix'));
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), ...vsceArgs], {
    cwd: dir,
    stdio: 'pipe',
  });
  return join(dir, 'dist-vsix', 'triton-trtllm-toolkit.vsix');
}

test('npm run package makes a .vsix with only what the extension needs', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'triton-vsix-'));
  try {
    const entries = zipEntries(readFileSync(packageInCopy(dir)));
    assert.deepEqual(
      entries,
      [
        '[Content_Types].xml',
        'extension.vsixmanifest',
        // Diagnostics link to their rows (codeDescription.href).
        'extension/DIAGNOSTICS.md',
        'extension/LICENSE.txt',
        'extension/dist/cli-build.js',
        'extension/dist/cli-deploy.js',
        'extension/dist/cli-export.js',
        'extension/dist/cli-fast.js',
        'extension/dist/cli-main.js',
        'extension/dist/cli-new.js',
        'extension/dist/cli-render.js',
        'extension/dist/cli.js',
        'extension/dist/docker-runtime.js',
        'extension/dist/extension.js',
        'extension/dist/from-image.js',
        'extension/dist/server.js',
        'extension/client/images/icon.png',
        'extension/language-configuration.json',
        'extension/package.json',
        'extension/readme.md',
        'extension/schemas/model_config.json',
        'extension/schemas/model_config.proto',
        'extension/schemas/onnx_signature.json',
        'extension/schemas/onnx_signature.proto',
        'extension/schemas/triton-build.schema.json',
        'extension/schemas/triton-deploy.schema.json',
        'extension/schemas/trtllm-engine-config.schema.json',
        // contributes.jsonValidation points VS Code at it for triton-values.json files.
        'extension/schemas/values.schema.json',
        'extension/snippets/pbtxt.json',
        'extension/syntaxes/pbtxt.tmLanguage.json',
        ...['launch', 'open', 'preview', 'profile', 'render', 'request', 'values'].map(
          (s) => `extension/client/walkthrough/${s}.md`,
        ),
      ].sort(),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
