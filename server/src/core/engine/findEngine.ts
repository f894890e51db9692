// Locating a model's engine and reading its config.json, through the injected FileSystem.
import type { FileSystem } from '../check/fileSystem';
import { joinPath } from '../check/fileSystem';
import type { MessageValue } from '../model/configModel';
import type { EngineConfigResult } from './engineConfig';
import { readEngineConfig } from './engineConfig';
import type { ParameterValue } from './parameters';
import { runsEngine } from '../trtllm/recognise';
import { parameter } from './parameters';

export const ENGINE_CONFIG = 'config.json';

/** What the checker knows about the engine of a model. */
export interface EngineUnderCheck {
  dirPath: string;
  /** `<dirPath>/config.json`, whether or not it exists. */
  configPath: string;
  /** config.json's text, when it exists. */
  text?: string;
  /** Parsed and normalised config.json; undefined when there is none. */
  read?: EngineConfigResult;
  /** Names of the files in the engine directory (rank engines). */
  files: string[];
  /** The parameter naming the engine directory; absent when the engine was found in version `1/`. */
  via?: ParameterValue & { key: string };
}

/** Collapses `.` and `..` segments so that paths compare and print simply. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (seg !== '..' || !absolute) out.push(seg);
  }
  const joined = out.join('/');
  return absolute ? '/' + joined : joined || '.';
}

/**
 * The engine of a model that runs one: the directory named by `gpt_model_path` (the key the backends
 * read; the templates fill it from `${engine_dir}`) or `engine_dir`, when the checker can read it
 * (relative paths are taken from the model directory); otherwise version directory `1/` when it holds
 * a config.json. Undefined when unknown, in particular while the parameter is a placeholder.
 */
export async function findEngine(
  modelDir: string,
  config: MessageValue,
  versionOneFiles: readonly string[] | undefined,
  fs: FileSystem,
): Promise<EngineUnderCheck | undefined> {
  if (!runsEngine(config)) return undefined;
  const key = parameter(config, 'gpt_model_path') ? 'gpt_model_path' : 'engine_dir';
  const p = parameter(config, key);
  if (p && p.value === undefined) return undefined;
  if (p?.value) {
    const dir = normalizePath(p.value.startsWith('/') ? p.value : joinPath(modelDir, p.value));
    if ((await fs.stat(dir)) === 'directory') return loadEngine(dir, fs, { ...p, key });
  }
  if (versionOneFiles?.includes(ENGINE_CONFIG)) return loadEngine(joinPath(modelDir, '1'), fs, undefined);
  return undefined;
}

async function loadEngine(
  dirPath: string,
  fs: FileSystem,
  via: EngineUnderCheck['via'],
): Promise<EngineUnderCheck> {
  const files = (await fs.readDirectory(dirPath))
    .filter((e) => e.kind !== 'directory')
    .map((e) => e.name)
    .sort();
  const engine: EngineUnderCheck = { dirPath, configPath: joinPath(dirPath, ENGINE_CONFIG), files };
  if (via) engine.via = via;
  if (files.includes(ENGINE_CONFIG)) {
    engine.text = await fs.readFile(engine.configPath);
    engine.read = readEngineConfig(engine.text);
  }
  return engine;
}
