import { findEngine } from '../engine/findEngine';
import { yamlReleaseFor } from '../llmapi/checkModelYaml';
import type { YamlRelease } from '../llmapi/checkModelYaml';
import { readModelYamls } from '../llmapi/findModelYaml';
import { readOnnxModels } from '../onnx/findOnnxModel';
import { isLlmapiModel } from '../trtllm/recognise';
import { ensembleSteps } from '../rules/ensembleModel';
import { versionDirectories } from '../rules/versions';
import { buildConfigModel } from '../model/configModel';
import type { ModelUnderCheck, RepositoryUnderCheck, RuleOptions } from '../rules/types';
import { MODEL_CONFIG_TYPE, modelConfigSchema } from '../schema/modelConfigSchema';
import { checkConfigFile } from './checkConfig';
import type { FileSystem } from './fileSystem';
import { joinPath } from './fileSystem';

import { CONFIG_FILE } from './fileNames';

export { CONFIG_FILE };

export function parentPath(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const i = trimmed.lastIndexOf('/');
  return i === -1 ? '.' : i === 0 ? '/' : trimmed.slice(0, i);
}

export function baseName(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * Reads one model directory: its config (parsed and checked) and its layout. An llmapi model's model.yaml
 * is checked for the serving image's TensorRT-LLM release (default: the newest known).
 */
export async function loadModel(
  dirPath: string,
  dir: string,
  fs: FileSystem,
  release?: YamlRelease,
): Promise<ModelUnderCheck> {
  const configPath = joinPath(dirPath, CONFIG_FILE);
  const entries = await fs.readDirectory(dirPath);
  const files = entries
    .filter((e) => e.kind !== 'directory')
    .map((e) => e.name)
    .sort();
  const subdirs = entries
    .filter((e) => e.kind === 'directory')
    .map((e) => e.name)
    .sort();
  const subdirEntries = new Map<string, { files: string[]; dirs: string[] }>();
  const listed = await Promise.all(subdirs.map((sub) => fs.readDirectory(joinPath(dirPath, sub))));
  subdirs.forEach((sub, i) => {
    const inner = listed[i]!;
    subdirEntries.set(sub, {
      files: inner
        .filter((e) => e.kind !== 'directory')
        .map((e) => e.name)
        .sort(),
      dirs: inner
        .filter((e) => e.kind === 'directory')
        .map((e) => e.name)
        .sort(),
    });
  });
  const model: ModelUnderCheck = {
    dir,
    dirPath,
    configPath,
    fileProblems: [],
    clean: false,
    files,
    subdirs,
    subdirEntries,
  };
  if (files.includes(CONFIG_FILE)) {
    const text = await fs.readFile(configPath);
    const { parsed, problems } = checkConfigFile(text);
    model.text = text;
    model.parsed = parsed;
    model.fileProblems = problems;
    model.clean = !problems.some((p) => p.code.startsWith('syntax/') || p.code.startsWith('schema/'));
    model.config = buildConfigModel(parsed, modelConfigSchema(), MODEL_CONFIG_TYPE);
    const engine = await findEngine(dirPath, model.config, subdirEntries.get('1')?.files, fs);
    if (engine) model.engine = engine;
    const versions = [...versionDirectories(model).values()];
    const versionFiles = versions.map((v) => subdirEntries.get(v)?.files ?? []);
    if (isLlmapiModel(model.config, dir, versionFiles))
      model.modelYamls = await readModelYamls(
        dirPath,
        versions,
        (v) => subdirEntries.get(v)?.files,
        fs,
        release,
      );
    const onnx = await readOnnxModels({ ...model, config: model.config }, fs);
    if (onnx) model.onnx = onnx;
  }
  return model;
}

/** Reads a model repository: every sub-directory is a model, as Triton sees it. */
export async function loadRepository(
  path: string,
  fs: FileSystem,
  options: RuleOptions,
): Promise<RepositoryUnderCheck> {
  const models = new Map<string, ModelUnderCheck>();
  const dirs = (await fs.readDirectory(path))
    .filter((e) => e.kind === 'directory' && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  // Models are independent: read them concurrently (a bounded number at a time), keep name order.
  const release = yamlReleaseFor(options);
  const loaded = await mapConcurrently(dirs, 32, (dir) => loadModel(joinPath(path, dir), dir, fs, release));
  dirs.forEach((dir, i) => models.set(dir, loaded[i]!));
  return { path, models, options };
}

/**
 * What a check of one model of the repository at `path` reads: the model `target` and, for an ensemble,
 * the models its steps name, transitively (the only siblings rules fetch: ensembleModel's stepModel and
 * ensembleGraph's look-ups, by directory name). The other directories are not read at all, so checking one
 * model costs that model, not its repository: `check some/dir/config.pbtxt` does not load every directory
 * beside `some/dir`. The target's own report is the one a whole load gives (tested on every model of the
 * example, fixture and corpus repositories); reports about other models are not for this check.
 */
export async function loadModelAndSteps(
  path: string,
  target: string,
  fs: FileSystem,
  options: RuleOptions,
): Promise<RepositoryUnderCheck> {
  const release = yamlReleaseFor(options);
  const loaded = new Map<string, ModelUnderCheck>();
  const pending = [target];
  while (pending.length > 0) {
    const name = pending.pop()!;
    // As loadRepository: hidden directories are not models; a name that is no directory is missing.
    if (loaded.has(name) || name.startsWith('.') || name.includes('/') || name === '..') continue;
    if ((await fs.stat(joinPath(path, name))) !== 'directory') continue;
    const model = await loadModel(joinPath(path, name), name, fs, release);
    loaded.set(name, model);
    if (model.config)
      for (const step of ensembleSteps(model.config)) if (step.modelName) pending.push(step.modelName);
  }
  // In name order, as loadRepository lists them: rules iterate the map.
  const models = new Map([...loaded].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { path, models, options };
}

/** Maps `items` with at most `limit` calls in flight; results keep the input order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
