import { checkPaths } from '../core/check/checkPaths';
import { USAGE, UsageError, parseArgs } from './args';
import { detectGpuCount } from './gpus';
import { runBuildCommand } from './buildCommand';
import { runDeployCommand } from './deployCommands';
import { nodeFileSystem } from './nodeFileSystem';
import { formatJson, formatText, summarize } from './output';
import { runRender } from './render';
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
  if (command.command === 'render') return runRender(command);
  if (command.command === 'build') return runBuildCommand(command);
  if (command.command !== 'check') return runDeployCommand(command);
  const report = await checkPaths(command.paths, nodeFileSystem, {
    strictModelConfig: command.strictModelConfig,
    ...gpuOption(command.gpuCount ?? detectGpuCount()),
    ...(command.serverImage !== undefined ? { serverImage: command.serverImage } : {}),
    ...(command.worldSize !== undefined ? { worldSize: command.worldSize } : {}),
  });
  process.stdout.write(command.format === 'json' ? formatJson(report) : formatText(report));
  for (const f of report.failures) process.stderr.write(`triton-repo: ${f.path}: ${f.message}\n`);
  if (report.failures.length > 0) return 2;
  return summarize(report).errors > 0 ? 1 : 0;
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
