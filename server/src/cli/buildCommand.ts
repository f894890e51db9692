// `triton-repo build <profile> [--dry-run]`: an engine build over server/src/build. Warnings, progress and
// the tools' output go to stderr; the result to stdout.
import { buildArgv, convertArgv, imageTrtllm } from '../build/args';
import { plannedConvertScript } from '../build/probe';
import { loadBuildProfileFile, runBuild, stepSpec } from '../build/run';
import { formatProblem, plannedProblems, profileIssueProblems, resultProblems } from '../build/problems';
import { dockerodeRuntime } from '../deploy/dockerodeRuntime';
import type { BuildCommand } from './args';
import { EXIT } from './exitCodes';

const err = (line: string) => process.stderr.write(line + '\n');

export async function runBuildCommand(command: BuildCommand): Promise<number> {
  const load = await loadBuildProfileFile(command.profile);
  if (!load.ok) {
    for (const p of profileIssueProblems(load.path, load.text, load.issues)) err(formatProblem(p));
    return EXIT.couldNotRun;
  }
  const { loaded } = load;
  const { profile } = loaded;
  const warnings = (await plannedProblems(loaded)).map(formatProblem);
  if (command.dryRun) {
    // No Docker here: the script the image will be probed for is shown, with every candidate path.
    const script = plannedConvertScript(profile, loaded.sourcePath);
    const convert = script ? convertArgv(profile, script.path) : undefined;
    const build = buildArgv(profile);
    const workDir = `${loaded.outputPath}.building-XXXXXX`;
    const ws = process.cwd();
    process.stdout.write(
      JSON.stringify(
        {
          warnings,
          trtllm: imageTrtllm(profile) ?? null,
          convertScript: script ?? null,
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
    return EXIT.ok;
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
      return EXIT.ok;
    }
    // A tool that failed or an engine that is not what was asked for: the build ran and found problems.
    // Docker unreachable, the image or the checkpoint missing, Ctrl-C: it could not run.
    if (result.kind === 'step-failed' || result.kind === 'invalid-engine') {
      err(`triton-repo: the build failed; the output directory was not changed`);
      return EXIT.problems;
    }
    // Another build of the profile still runs: a refusal that an option lifts (--stop-running).
    if (result.kind === 'build-running') return EXIT.problems;
    return EXIT.couldNotRun;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
