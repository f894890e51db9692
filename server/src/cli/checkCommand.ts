// `triton-repo check`: runs the core's check on the paths and prints the report in the chosen format.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { checkPaths } from '../core/check/checkPaths';
import { CONFIG_FILE } from '../core/check/loadRepository';
import { MODEL_YAML } from '../core/llmapi/checkModelYaml';
import { judgeReports } from '../core/templates/repositoryValues';
import { unknownImageWarning } from '../core/engine/imageReleases';
import type { CheckCommand } from './args';
import { formatGithub } from './github';
import { detectGpuCount } from '../host/gpus';
import { nodeFileSystem } from '../host/nodeFileSystem';
import { checkExitCode, formatJson, formatText, summarize, summaryLines } from './output';
import { formatSarif } from './sarif';

/** Returns the exit code: 2 when a path could not be checked, else as `checkExitCode` says. */
export async function runCheck(command: CheckCommand): Promise<number> {
  const imageWarning = command.serverImage && unknownImageWarning(command.serverImage);
  if (imageWarning) process.stderr.write(`triton-repo: warning: ${imageWarning}\n`);
  const gpuCount = command.gpuCount ?? (await detectGpuCount());
  const report = await checkPaths(command.paths.map(withModelName), nodeFileSystem, {
    strictModelConfig: command.strictModelConfig,
    exclude: command.exclude,
    ...(gpuCount !== undefined ? { gpuCount } : {}),
    ...(command.serverImage !== undefined
      ? { serverImage: command.serverImage, serverImageSource: '--image' }
      : {}),
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
  const root = cwd;
  // SARIF and GitHub locate files from the directory the check runs in (the repository root in CI).
  const fromRoot = (p: string) => relative(root, resolve(root, p)).split(sep).join('/');
  let output: string;
  if (command.format === 'json') output = formatJson(report);
  else if (command.format === 'sarif')
    output = formatSarif(report, { root, relativePath: fromRoot, readText: readTextOrUndefined });
  else if (command.format === 'github')
    output = formatGithub(report, fromRoot) + summaryLines(report).join('\n') + '\n';
  else output = formatText(report, { verbose: command.verbose === true, preamble: valuesLines });
  process.stdout.write(output);
  for (const f of report.failures) process.stderr.write(`triton-repo: ${f.path}: ${f.message}\n`);
  if (report.failures.length > 0) return 2;
  return checkExitCode(summarize(report), command);
}

function readTextOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * A model is named by its directory, and its repository is the directory above: `check config.pbtxt` or
 * `check .` inside a model directory (or `..` forms) name neither, so such paths are made absolute. Other
 * paths (`check .` in a project, searched for repositories) are reported as they were written.
 */
function withModelName(path: string): string {
  const file = basename(path) === CONFIG_FILE || basename(path) === MODEL_YAML;
  const dir = file ? dirname(path) : path;
  const name = basename(dir);
  if (name !== '' && name !== '.' && name !== '..') return path;
  return file || existsSync(join(path, CONFIG_FILE)) ? resolve(path) : path;
}
