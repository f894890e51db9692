import type { Problem } from '../diagnostics/problem';
import { toDiagnostic } from '../diagnostics/problem';
import type { Diagnostic } from '../diagnostics/types';
import { runRules } from '../rules/runRules';
import type { ModelUnderCheck, RepositoryUnderCheck, RuleOptions } from '../rules/types';
import { LineIndex } from '../text/lineIndex';
import { configProblems } from './checkConfig';
import { capProblems } from '../diagnostics/cap';
import type { FileSystem } from './fileSystem';
import { joinPath } from './fileSystem';
import { CONFIG_FILE, baseName, loadModelAndSteps, loadRepository, parentPath } from './loadRepository';
import { MODEL_YAML, checkModelYaml, yamlReleaseFor } from '../llmapi/checkModelYaml';
import { discoverRepositories } from './discoverRepositories';

export { CONFIG_FILE };

export interface CheckOptions {
  /** Mirror of tritonserver's `--disable-auto-complete-config` (`--strict-model-config`). */
  strictModelConfig?: boolean;
  /** GPUs on the serving machine, for rules about device ids. */
  gpuCount?: number;
  /** False to skip rules about version directories and model files (default true). */
  checkLayout?: boolean;
  /** The Triton image that will serve the repository, for engine version and model.yaml checks. */
  serverImage?: string;
  /** Where serverImage comes from, as messages say it (`--image`, a deployment profile). */
  serverImageSource?: string;
  /** MPI ranks the deployment launches, for engine world-size checks. */
  worldSize?: number;
  /** Globs of directories a directory search leaves out (besides its `.tritonignore`). */
  exclude?: readonly string[];
}

export interface FileReport {
  path: string;
  diagnostics: Diagnostic[];
  /** Problems left out beyond MAX_DIAGNOSTICS_PER_FILE (the last diagnostic says so); absent when none. */
  truncated?: number;
}

/** A file's report from its problems, sorted and capped as every report is. */
export function fileReport(
  path: string,
  problems: Problem[],
  lines: LineIndex,
  linesOf: (path: string) => LineIndex | undefined,
): FileReport {
  const capped = capProblems(sortProblems(problems));
  const report: FileReport = {
    path,
    diagnostics: capped.problems.map((p) => toDiagnostic(p, lines, linesOf)),
  };
  if (capped.truncated > 0) report.truncated = capped.truncated;
  return report;
}

/** A path that could not be checked at all (missing, unreadable, nothing to check in it). */
export interface PathFailure {
  path: string;
  message: string;
}

export interface CheckReport {
  files: FileReport[];
  failures: PathFailure[];
  /** The model repositories checked, in order (a lone file other than a model's config.pbtxt adds none). */
  repositories: string[];
}

/**
 * Resolves each path and checks it: a config file on its own; a model directory within its
 * repository (its siblings are needed for ensembles) but reporting on it alone; a model repository
 * as a whole; any other directory is searched for the repositories below it (discoverRepositories).
 * Files are reported in a stable order.
 */
export async function checkPaths(
  paths: readonly string[],
  fs: FileSystem,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const report: CheckReport = { files: [], failures: [], repositories: [] };
  const done = new Set<string>();
  const ruleOptions: RuleOptions = {
    autoComplete: !options.strictModelConfig,
    checkLayout: options.checkLayout !== false,
    ...(options.gpuCount !== undefined ? { gpuCount: options.gpuCount } : {}),
    ...(options.serverImage !== undefined ? { serverImage: options.serverImage } : {}),
    ...(options.serverImageSource !== undefined ? { serverImageSource: options.serverImageSource } : {}),
    ...(options.worldSize !== undefined ? { worldSize: options.worldSize } : {}),
  };

  const add = (file: FileReport) => {
    if (done.has(file.path)) return;
    done.add(file.path);
    report.files.push(file);
  };

  for (const path of paths) {
    try {
      const kind = await fs.stat(path);
      if (kind === 'missing') {
        report.failures.push({ path, message: 'no such file or directory' });
      } else if (kind === 'file' && baseName(path) === MODEL_YAML) {
        add(await checkModelYamlPath(path, fs, ruleOptions));
      } else if (kind === 'file' && baseName(path) !== CONFIG_FILE) {
        add(configFileReport(path, await fs.readFile(path)));
      } else if (kind === 'file' || (await fs.stat(joinPath(path, CONFIG_FILE))) === 'file') {
        // A model: check it as part of its repository, report on it alone.
        const modelDir = kind === 'file' ? parentPath(path) : path;
        if (!report.repositories.includes(parentPath(modelDir)))
          report.repositories.push(parentPath(modelDir));
        const repo = await loadModelAndSteps(parentPath(modelDir), baseName(modelDir), fs, ruleOptions);
        // The model's own files: its config and its engine's config.json.
        const model = repo.models.get(baseName(modelDir));
        const engine = model?.engine?.configPath;
        const yamls = new Set((model?.modelYamls ?? []).map((y) => y.path));
        for (const f of reportRepository(repo))
          if (
            f.path === joinPath(modelDir, CONFIG_FILE) ||
            f.path === modelDir ||
            f.path === engine ||
            yamls.has(f.path)
          )
            add(f);
      } else {
        const found = await discoverRepositories(path, fs, { exclude: options.exclude ?? [] });
        // Models without config.pbtxt (auto-completed by their backend, or forgotten) are models to
        // Triton too: a directory named on the command line whose sub-directories hold version
        // directories is a repository even when none of them has a config.
        if (found.repositories.length === 0 && (await holdsVersionedModels(path, fs)))
          found.repositories.push(path);
        if (found.repositories.length === 0) {
          report.failures.push({
            path,
            message: `no model repository here or below (a directory whose sub-directories hold ${CONFIG_FILE}; node_modules, .git, hidden and excluded directories are not searched)`,
          });
        }
        for (const repoPath of found.repositories) {
          if (!report.repositories.includes(repoPath)) report.repositories.push(repoPath);
          const repo = await loadRepository(repoPath, fs, ruleOptions);
          for (const f of reportRepository(repo)) if (!found.isExcluded(f.path)) add(f);
        }
      }
    } catch (e) {
      report.failures.push({ path, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return report;
}

/**
 * The files a model contributes to the reports, each with its text and its own problems: the config
 * (with its syntax, schema and template problems), each model.yaml (reported even when nothing is
 * wrong with it) and the engine's config.json (rules point into it). Nothing for a model without a
 * config. The repository-wide report and the incremental analysis (repositoryAnalysis.ts) both start
 * from this, so they cannot disagree on what a model's files are.
 */
export function modelFiles(
  model: ModelUnderCheck,
): { path: string; text: string; problems: readonly Problem[] }[] {
  if (model.text === undefined) return [];
  const out: { path: string; text: string; problems: readonly Problem[] }[] = [
    { path: model.configPath, text: model.text, problems: model.fileProblems },
  ];
  for (const y of model.modelYamls ?? [])
    if (y.text !== undefined) out.push({ path: y.path, text: y.text, problems: [] });
  const engine = model.engine;
  if (engine?.text !== undefined) out.push({ path: engine.configPath, text: engine.text, problems: [] });
  return out;
}

/** Problems sorted as every report shows them: by offset, then by code. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
}

/**
 * Diagnostics for every model of a loaded repository: each file's own problems plus the rules'.
 * Engines' config.json files are reported too (rules point into them), and their texts are what
 * offsets in them, including related locations, are converted with.
 */
export function reportRepository(repo: RepositoryUnderCheck): FileReport[] {
  const texts = new Map<string, string>();
  const byPath = new Map<string, Problem[]>();
  for (const model of repo.models.values()) {
    for (const file of modelFiles(model)) {
      // Two models may share an engine: its config.json is reported once.
      if (texts.has(file.path)) continue;
      texts.set(file.path, file.text);
      byPath.set(file.path, [...file.problems]);
    }
  }
  for (const { path, problem } of runRules(repo)) {
    const list = byPath.get(path) ?? [];
    list.push(problem);
    byPath.set(path, list);
  }
  const lineIndexes = new Map<string, LineIndex>();
  const linesOf = (path: string) => {
    let li = lineIndexes.get(path);
    if (!li) {
      li = new LineIndex(texts.get(path) ?? '');
      lineIndexes.set(path, li);
    }
    return li;
  };
  return [...byPath.keys()].sort().map((path) => fileReport(path, byPath.get(path)!, linesOf(path), linesOf));
}

/**
 * A model.yaml given on its own: within its repository when it sits in a version directory of an
 * llmapi model (so that it is compared with config.pbtxt), else by itself.
 */
async function checkModelYamlPath(path: string, fs: FileSystem, options: RuleOptions): Promise<FileReport> {
  const modelDir = parentPath(parentPath(path));
  if ((await fs.stat(joinPath(modelDir, CONFIG_FILE))) === 'file') {
    const repo = await loadModelAndSteps(parentPath(modelDir), baseName(modelDir), fs, options);
    const model = repo.models.get(baseName(modelDir));
    const own = model?.modelYamls?.find(
      (y) => y.path === joinPath(joinPath(modelDir, y.version), MODEL_YAML),
    );
    if (own && own.path === path) {
      const found = reportRepository(repo).find((f) => f.path === path);
      if (found) return found;
    }
  }
  const text = await fs.readFile(path);
  const lines = new LineIndex(text);
  return fileReport(path, checkModelYaml(text, yamlReleaseFor(options)).problems, lines, () => undefined);
}

/** A config file checked on its own (not a model of a repository). */
function configFileReport(path: string, text: string): FileReport {
  return fileReport(path, configProblems(text), new LineIndex(text), () => undefined);
}

/** Whether some non-hidden sub-directory of `dir` holds a version directory (`1/`, `2/`, ...). */
async function holdsVersionedModels(dir: string, fs: FileSystem): Promise<boolean> {
  for (const e of await fs.readDirectory(dir)) {
    if (e.kind !== 'directory' || e.name.startsWith('.')) continue;
    const inner = await fs.readDirectory(joinPath(dir, e.name)).catch(() => []);
    if (inner.some((i) => i.kind === 'directory' && /^\d+$/.test(i.name))) return true;
  }
  return false;
}
