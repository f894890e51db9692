import { join, relative, resolve } from 'node:path';
import type * as BuildCommand from './buildCommand';
import type * as DeployCommands from './deployCommands';
import type * as NewCommand from './newCommand';
import type * as Render from './render';
import { checkPaths } from '../core/check/checkPaths';
import { judgeReports } from '../core/templates/repositoryValues';
import { USAGE, UsageError, parseArgs } from './args';
import { detectGpuCount } from './gpus';
import { nodeFileSystem } from './nodeFileSystem';
import { formatJson, formatText, summarize } from './output';
import { runInit } from './init';
import { version } from '../../../package.json';

/** `triton-repo`: the command-line adapter over the core. Returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`triton-repo: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (command.command === 'help') {
    process.stdout.write(USAGE + '\n');
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
  if (command.command !== 'check') return loadBundle<DeployModule>('cli-deploy.js').runDeployCommand(command);
  const report = await checkPaths(command.paths, nodeFileSystem, {
    strictModelConfig: command.strictModelConfig,
    ...gpuOption(command.gpuCount ?? detectGpuCount()),
    ...(command.serverImage !== undefined ? { serverImage: command.serverImage } : {}),
    ...(command.worldSize !== undefined ? { worldSize: command.worldSize } : {}),
  });
  // Placeholders judged against each repository's values file (found beside it, or --values).
  const cwd = process.cwd();
  const judged = await judgeReports(report.files, nodeFileSystem, {
    stopAt: cwd,
    env: process.env,
    ...(command.values !== undefined ? { valuesFile: resolve(command.values) } : {}),
    display: (p) => relative(cwd, p) || p,
  });
  report.files = judged.files;
  const valuesLines = judged.repositories.map(
    (r) =>
      `${relative(cwd, r.repository) || '.'}: ${r.reading === 'triton' ? 'rendered output, read as Triton reads it' : r.valuesFile ? `values from ${relative(cwd, r.valuesFile)}` : 'no values file'}`,
  );
  process.stdout.write(
    command.format === 'json'
      ? formatJson(report)
      : formatText(report, { verbose: command.verbose === true, preamble: valuesLines }),
  );
  for (const f of report.failures) process.stderr.write(`triton-repo: ${f.path}: ${f.message}\n`);
  if (report.failures.length > 0) return 2;
  return summarize(report).errors > 0 ? 1 : 0;
}

type RenderModule = typeof Render;
type DeployModule = typeof DeployCommands;
type BuildModule = typeof BuildCommand;
type NewModule = typeof NewCommand;

/** Loads a sibling bundle of dist/cli.js; the computed path keeps esbuild from inlining it. */
function loadBundle<T>(file: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a run-time load by design
  return require(join(__dirname, file)) as T;
}

function gpuOption(count: number | undefined): { gpuCount?: number } {
  return count === undefined ? {} : { gpuCount: count };
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
