import { join } from 'node:path';
import type * as BuildCommand from './buildCommand';
import type * as DeployCommands from './deployCommands';
import type * as ExportCommand from './exportCommand';
import type * as NewCommand from './newCommand';
import type * as Render from './render';
import { UsageError, parseArgs } from './args';
import { runCheck } from './checkCommand';
import { runInit } from './init';
import { version } from '../../../package.json';

/** `triton-repo`: the command-line adapter over the core. Returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      // The one useful line and where to read more, never the whole help.
      const help = e.command === undefined ? 'triton-repo --help' : `triton-repo ${e.command} --help`;
      process.stderr.write(`triton-repo: ${e.message}\nsee \`${help}\`\n`);
      return 2;
    }
    throw e;
  }
  if (command.command === 'help') {
    process.stdout.write(command.text);
    return 0;
  }
  if (command.command === 'version') {
    process.stdout.write(version + '\n');
    return 0;
  }
  // Separate bundles, loaded on demand (scripts/build.mjs): `check` runs most, and V8 would otherwise
  // parse the container code (dockerode and its dependencies, megabytes) at every start.
  if (command.command === 'render') return loadBundle<RenderModule>('cli-render.js').runRender(command);
  if (command.command === 'init') return runInit(command);
  if (command.command === 'build') return loadBundle<BuildModule>('cli-build.js').runBuildCommand(command);
  if (command.command === 'new') return loadBundle<NewModule>('cli-new.js').runNewCommand(command);
  if (command.command === 'export')
    return loadBundle<ExportModule>('cli-export.js').runExportCommand(command);
  if (command.command !== 'check') return loadBundle<DeployModule>('cli-deploy.js').runDeployCommand(command);
  return runCheck(command);
}

type RenderModule = typeof Render;
type DeployModule = typeof DeployCommands;
type BuildModule = typeof BuildCommand;
type NewModule = typeof NewCommand;
type ExportModule = typeof ExportCommand;

/** Loads a sibling bundle of dist/cli.js; the computed path keeps esbuild from inlining it. */
function loadBundle<T>(file: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a run-time load by design
  return require(join(__dirname, file)) as T;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(
      `triton-repo: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exitCode = 2;
  },
);
