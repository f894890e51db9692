import type { Problem } from '../diagnostics/problem';
import type { MessageValue } from '../model/configModel';
import { messageOf, numberOf, occurrencesOf, stringOf, valuesOf } from '../model/configModel';
import { modelNameOf } from './ensembleModel';
import type { CheckedModel, ModelRule, ModelUnderCheck } from './types';

/** Sub-directories of a model directory that hold data, not versions. */
const NOT_VERSIONS = new Set(['warmup', 'initial_state', 'configs']);

type DirKind = { kind: 'version'; version: number } | { kind: 'leading-zero' } | { kind: 'not-numeric' };

/** How Triton reads a sub-directory name: `std::stoll`, a prefix parse (`1abc` is 1, `-1` is -1). */
function classifyDir(dir: string): DirKind {
  if (dir.length > 1 && dir.startsWith('0')) return { kind: 'leading-zero' };
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(dir);
  return m ? { kind: 'version', version: Number(m[1]) } : { kind: 'not-numeric' };
}

/** The version directories Triton sees, by version number. */
export function versionDirectories(model: ModelUnderCheck): Map<number, string> {
  const out = new Map<number, string>();
  for (const dir of model.subdirs) {
    if (NOT_VERSIONS.has(dir)) continue;
    const c = classifyDir(dir);
    if (c.kind === 'version' && !out.has(c.version)) out.set(c.version, dir);
  }
  return out;
}

interface Selection {
  /** Versions the policy loads, ascending. */
  versions: number[];
  /** `specific` versions without a directory, with where they are written. */
  missing: { version: number; start: number; end: number }[];
}

/** The versions the version policy selects from the version directories; undefined when templated. */
export function selectedVersions(model: ModelUnderCheck & { config: MessageValue }): Selection | undefined {
  const available = [...versionDirectories(model).keys()].sort((a, b) => a - b);
  const policy = messageOf(model.config, 'version_policy');
  const latest = policy && messageOf(policy, 'latest');
  const specific = policy && messageOf(policy, 'specific');
  if (policy && messageOf(policy, 'all')) return { versions: available, missing: [] };
  if (specific) {
    const values = valuesOf(specific, 'versions');
    if (values.some((v) => v.kind !== 'scalar')) return undefined;
    const versions: number[] = [];
    const missing: Selection['missing'] = [];
    for (const v of values) {
      const version = Number((v as { value: number | bigint }).value);
      if (available.includes(version)) versions.push(version);
      else missing.push({ version, start: v.start, end: v.end });
    }
    return { versions: [...new Set(versions)].sort((a, b) => a - b), missing };
  }
  // No policy (or an empty one) means `latest { num_versions: 1 }`; a given `latest {}` means 0.
  const count = latest ? numberOf(latest, 'num_versions') : 1;
  if (count === undefined) return undefined;
  return { versions: count > 0 ? available.slice(-count) : [], missing: [] };
}

/** Where to point for a problem with the versions: the policy when written, else the file start. */
function policyAt(config: MessageValue): { start: number; end: number } {
  const occurrence = occurrencesOf(config, 'version_policy')[0];
  return occurrence ? { start: occurrence.nameStart, end: occurrence.nameEnd } : { start: 0, end: 0 };
}

/**
 * VER-DIR-LEADING-ZERO, VER-DIR-NONNUMERIC, VER-SPECIFIC-MISSING, VER-NONE: which version
 * directories Triton sees and which of them the version policy selects (stage L). Needs the real
 * directory layout.
 */
export const versionPolicy: ModelRule = (model, repo) => {
  if (!repo.options.checkLayout) return [];
  const name = modelNameOf(model.config, model.dir);
  const out: Problem[] = [];
  for (const dir of model.subdirs) {
    if (NOT_VERSIONS.has(dir)) continue;
    const c = classifyDir(dir);
    if (c.kind === 'leading-zero')
      out.push({
        code: 'triton/version-dir-leading-zero',
        ...policyAt(model.config),
        message: `ignore version directory '${dir}' which contains leading zeros in its directory name`,
        data: { directory: dir },
      });
    else if (c.kind === 'not-numeric')
      out.push({
        code: 'triton/version-dir-not-numeric',
        ...policyAt(model.config),
        message: `ignore version directory '${dir}' which fails to convert to integral number`,
        data: { directory: dir },
      });
  }
  const selection = selectedVersions(model);
  if (!selection) return out;
  for (const m of selection.missing)
    out.push({
      code: 'triton/specific-version-missing',
      start: m.start,
      end: m.end,
      message: `version ${m.version} is specified for model '${name}', but the version directory is not present`,
    });
  if (selection.versions.length === 0)
    out.push({
      code: 'triton/no-version-available',
      ...policyAt(model.config),
      message: `at least one version must be available under the version policy of model '${name}'`,
    });
  return out;
};

/** The file (or directory) a backend loads from a version directory, when the config decides it. */
function expectedModelFile(config: MessageValue): string | undefined {
  const dmf = stringOf(config, 'default_model_filename');
  const platform = stringOf(config, 'platform');
  const backend = stringOf(config, 'backend');
  const runtime = stringOf(config, 'runtime');
  if (dmf === undefined || platform === undefined || backend === undefined || runtime === undefined)
    return undefined;
  // A custom runtime, or several files per compute capability: what is loaded is not ours to know.
  if (runtime !== '' || valuesOf(config, 'cc_model_filenames').length > 0 || platform === 'ensemble')
    return undefined;
  if (dmf !== '') return dmf;
  const byPlatform: Record<string, string> = {
    tensorrt_plan: 'model.plan',
    onnxruntime_onnx: 'model.onnx',
    pytorch_libtorch: 'model.pt',
    torch_aoti: 'model.pt2',
    tensorflow_savedmodel: 'model.savedmodel',
    tensorflow_graphdef: 'model.graphdef',
  };
  const byBackend: Record<string, string> = {
    tensorrt: 'model.plan',
    onnxruntime: 'model.onnx',
    pytorch: 'model.pt',
    python: 'model.py',
    openvino: 'model.xml',
  };
  if (backend === '' || backend === 'tensorflow' || backend === 'pytorch') {
    const file = byPlatform[platform];
    if (file) return file;
  }
  return byBackend[backend];
}

/**
 * VER-MODEL-FILE: every selected version directory that holds files holds the one its backend
 * loads. A warning: the backend has the last word (some read their model from elsewhere).
 */
export const modelFilePresent: ModelRule = (model, repo) => {
  if (!repo.options.checkLayout) return [];
  const file = expectedModelFile(model.config);
  const selection = file && selectedVersions(model);
  if (!file || !selection) return [];
  const dirs = versionDirectories(model);
  const name = modelNameOf(model.config, model.dir);
  const out: Problem[] = [];
  for (const version of selection.versions) {
    const dir = dirs.get(version)!;
    const entries = model.subdirEntries.get(dir);
    if (!entries || entries.files.includes(file) || entries.dirs.includes(file)) continue;
    // A version directory with nothing visible in it is a layout whose model files are not deployed
    // yet (weights kept out of version control, templates): only a directory that holds something
    // else is a likely mistake (`model.onnx` where `model.plan` is loaded, a misnamed file).
    if (![...entries.files, ...entries.dirs].some((e) => !e.startsWith('.'))) continue;
    out.push({
      code: 'triton/model-file-missing',
      ...backendFieldAt(model),
      message: `version ${version} of model '${name}' has no '${file}': expected ${dir}/${file} in the model directory`,
      data: { version, file, directory: dir },
    });
  }
  return out;
};

/** The field that decides the model file: default_model_filename, else backend, else platform. */
function backendFieldAt(model: CheckedModel): { start: number; end: number } {
  for (const field of ['default_model_filename', 'backend', 'platform']) {
    const occurrence = occurrencesOf(model.config, field)[0];
    if (occurrence) return { start: occurrence.nameStart, end: occurrence.nameEnd };
  }
  return { start: 0, end: 0 };
}
