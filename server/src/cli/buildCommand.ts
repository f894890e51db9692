// `triton-repo build <profile> [--dry-run]`: an engine build over server/src/build. Warnings, progress and
// the tools' output go to stderr; the result to stdout.
import { buildArgv, convertArgv } from '../build/args';
import { loadBuildProfileFile, runBuild, stepSpec } from '../build/run';
import { formatProblem, plannedProblems, profileIssueProblems, resultProblems } from '../build/problems';
import { dockerodeRuntime } from '../deploy/dockerodeRuntime';
import type { BuildCommand } from './args';

const err = (line: string) => process.stderr.write(line + '\n');

export async function runBuildCommand(command: BuildCommand): Promise<number> {
  const load = await loadBuildProfileFile(command.profile);
  if (!load.ok) {
    for (const p of profileIssueProblems(load.path, load.text, load.issues)) err(formatProblem(p));
    return 2;
  }
  const { loaded } = load;
  const { profile } = loaded;
  const warnings = (await plannedProblems(loaded)).map(formatProblem);
  if (command.dryRun) {
    const convert = convertArgv(profile);
    const build = buildArgv(profile);
    const workDir = `${loaded.outputPath}.building-XXXXXX`;
    const ws = process.cwd();
    process.stdout.write(
      JSON.stringify(
        {
          warnings,
          convert: convert ?? null,
          build,
          containers: [
            ...(convert ? [stepSpec(loaded, 'convert', convert, workDir, ws, 'dryrun')] : []),
            stepSpec(loaded, 'build', build, workDir, ws, 'dryrun'),
          ],
          output: loaded.outputPath,
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  for (const w of warnings) err(w);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await runBuild(dockerodeRuntime(), loaded, {
      signal: controller.signal,
      stopRunning: command.stopRunning,
      onRecovery: (line) => err(`triton-repo: ${line}`),
      onLog: (step, line) => err(`[${step}] ${line.text}`),
      onProgress: (m) => err(`triton-repo: ${m}`),
    });
    for (const p of resultProblems(loaded, result)) err(formatProblem(p));
    if (result.ok) {
      process.stdout.write(
        `engine: ${result.outputPath} (TensorRT-LLM ${result.record.engineTrtllm ?? 'unknown'}, ${result.record.durationSeconds} s)\n`,
      );
      return 0;
    }
    if (result.kind === 'step-failed')
      err(`triton-repo: the build failed; the output directory was not changed`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
