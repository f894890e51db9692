import type { MessageValue } from '../model/configModel';
import { stringOf } from '../model/configModel';
import { knownString } from './known';
import type { ModelUnderCheck } from './types';

/** What Triton's server-side autofill (`AutoCompleteBackendFields`) makes of a config. */
export interface Autofilled {
  /** `name`, or the directory name when the config leaves it empty. */
  name: string;
  platform: string;
  backend: string;
  defaultModelFilename: string;
  /**
   * Where the backend came from: the config itself, the platform or default_model_filename, a
   * model file in the first sub-directory, the directory name (custom backends), or nowhere.
   */
  backendFrom: 'config' | 'platform' | 'default_model_filename' | 'model-file' | 'directory-name' | 'none';
  /** The file or directory of the first sub-directory that decided, for `model-file`. */
  modelFile?: string;
  /** PLAT-CUSTOM-NAME: nothing identifies a backend and the directory name has no '.'. */
  customNameError?: true;
}

export interface AutofillOptions {
  /** False when the directory layout is not real: results that depend on files are then unknown. */
  checkLayout: boolean;
}

type AutofillInput = Pick<ModelUnderCheck, 'dir' | 'subdirs' | 'subdirEntries'> & { config: MessageValue };

/** Thrown inside `autofill` when the answer depends on something unknown (placeholder, no layout). */
class Unknown extends Error {}

/**
 * Section 15 of the rule catalogue: Triton's platform/backend/default_model_filename autofill,
 * which runs before validation whatever the auto-complete mode. Returns undefined when the result
 * cannot be known statically: a `${...}` placeholder in one of the fields, or a file lookup while
 * the layout is not real. Steps follow Triton's order; the first that decides returns.
 */
export function autofill(
  model: AutofillInput,
  options: AutofillOptions = { checkLayout: true },
): Autofilled | undefined {
  const platform = knownString(model.config, 'platform');
  const backend = knownString(model.config, 'backend');
  const dmf = knownString(model.config, 'default_model_filename');
  const name = stringOf(model.config, 'name');
  if (platform === undefined || backend === undefined || dmf === undefined) return undefined;
  const state: Autofilled = {
    name: name === undefined || name === '' ? model.dir : name,
    platform,
    backend,
    defaultModelFilename: dmf,
    backendFrom: backend !== '' ? 'config' : 'none',
  };
  try {
    runSteps(state, firstSubdir(model, options));
  } catch (e) {
    if (e instanceof Unknown) return undefined;
    throw e;
  }
  if (state.backend === '' && state.platform === '' && state.defaultModelFilename === '') {
    customBackend(state, model.dir);
  }
  return state;
}

/** Looks up entries of the lexicographically first sub-directory ("first version dir"). */
interface FirstSubdir {
  /** 'file', 'dir', or undefined when absent. */
  kind(entry: string): 'file' | 'dir' | undefined;
}

function firstSubdir(model: AutofillInput, options: AutofillOptions): FirstSubdir | undefined {
  if (!options.checkLayout) {
    return {
      kind: () => {
        throw new Unknown();
      },
    };
  }
  // Triton orders names as std::set<std::string> does: by bytes, which sort() matches for ASCII.
  const first = [...model.subdirs].sort()[0];
  if (first === undefined) return undefined;
  const entries = model.subdirEntries.get(first) ?? { files: [], dirs: [] };
  return {
    kind: (entry) =>
      entries.files.includes(entry) ? 'file' : entries.dirs.includes(entry) ? 'dir' : undefined,
  };
}

/** True when Triton would look at the layout: nothing in platform and default_model_filename. */
function looksAtFiles(s: Autofilled): boolean {
  return s.platform === '' && s.defaultModelFilename === '';
}

function setBackend(s: Autofilled, backend: string, from: Autofilled['backendFrom'], file?: string): void {
  s.backend = backend;
  s.backendFrom = from;
  if (file !== undefined) s.modelFile = file;
}

function fillDefaults(s: Autofilled, platform: string, filename: string): void {
  if (s.platform === '') s.platform = platform;
  if (s.defaultModelFilename === '') s.defaultModelFilename = filename;
}

function runSteps(s: Autofilled, sub: FirstSubdir | undefined): void {
  if (tensorflow(s, sub)) return;
  if (tensorrt(s, sub)) return;
  if (onnxruntime(s, sub)) return;
  if (openvino(s, sub)) return;
  if (pytorch(s, sub)) return;
  python(s, sub);
}

function tensorflow(s: Autofilled, sub: FirstSubdir | undefined): boolean {
  if (s.platform === '' && (s.backend === '' || s.backend === 'tensorflow')) {
    if (s.defaultModelFilename === 'model.savedmodel') s.platform = 'tensorflow_savedmodel';
    else if (s.defaultModelFilename === 'model.graphdef') s.platform = 'tensorflow_graphdef';
    else if (s.defaultModelFilename === '' && sub) {
      if (sub.kind('model.savedmodel') === 'dir') s.platform = 'tensorflow_savedmodel';
      if (sub.kind('model.graphdef') === 'file') s.platform = 'tensorflow_graphdef';
      if (s.platform !== '')
        s.modelFile = s.platform === 'tensorflow_savedmodel' ? 'model.savedmodel' : 'model.graphdef';
    }
  }
  if (s.platform !== 'tensorflow_savedmodel' && s.platform !== 'tensorflow_graphdef') return false;
  if (s.backend === '') setBackend(s, 'tensorflow', s.modelFile ? 'model-file' : 'platform');
  fillDefaults(s, s.platform, s.platform === 'tensorflow_savedmodel' ? 'model.savedmodel' : 'model.graphdef');
  return true;
}

/**
 * The common shape of the TensorRT, ONNX Runtime, OpenVINO and Python steps: a platform or a
 * default_model_filename names the backend, or else a model file in the first sub-directory does.
 */
function byFile(
  s: Autofilled,
  sub: FirstSubdir | undefined,
  backend: string,
  platforms: string[],
  filenames: string[],
  fileOk: (kind: 'file' | 'dir') => boolean,
): boolean {
  if (s.backend === '') {
    if (platforms.includes(s.platform)) setBackend(s, backend, 'platform');
    else if (filenames.includes(s.defaultModelFilename)) setBackend(s, backend, 'default_model_filename');
    else if (looksAtFiles(s) && sub) {
      const file = filenames.find((f) => {
        const kind = sub.kind(f);
        return kind !== undefined && fileOk(kind);
      });
      if (file !== undefined) setBackend(s, backend, 'model-file', file);
    }
  }
  return s.backend === backend;
}

function tensorrt(s: Autofilled, sub: FirstSubdir | undefined): boolean {
  if (!byFile(s, sub, 'tensorrt', ['tensorrt_plan'], ['model.plan'], (k) => k === 'file')) return false;
  fillDefaults(s, 'tensorrt_plan', 'model.plan');
  return true;
}

function onnxruntime(s: Autofilled, sub: FirstSubdir | undefined): boolean {
  // A large ONNX model is a directory, so both kinds count.
  if (!byFile(s, sub, 'onnxruntime', ['onnxruntime_onnx'], ['model.onnx'], () => true)) return false;
  fillDefaults(s, 'onnxruntime_onnx', 'model.onnx');
  return true;
}

function openvino(s: Autofilled, sub: FirstSubdir | undefined): boolean {
  if (!byFile(s, sub, 'openvino', [], ['model.xml'], () => true)) return false;
  // Triton leaves the platform of an OpenVINO model as it is.
  if (s.defaultModelFilename === '') s.defaultModelFilename = 'model.xml';
  return true;
}

function pytorch(s: Autofilled, sub: FirstSubdir | undefined): boolean {
  const platforms = ['pytorch_libtorch', 'libtorch', 'torch_aoti'];
  if (!byFile(s, sub, 'pytorch', platforms, ['model.pt', 'model.pt2'], (k) => k === 'file')) return false;
  const aoti =
    s.platform === 'torch_aoti' ||
    (s.platform === '' && (s.defaultModelFilename === 'model.pt2' || s.modelFile === 'model.pt2'));
  fillDefaults(s, aoti ? 'torch_aoti' : 'pytorch_libtorch', aoti ? 'model.pt2' : 'model.pt');
  return true;
}

function python(s: Autofilled, sub: FirstSubdir | undefined): boolean {
  if (!byFile(s, sub, 'python', [], ['model.py'], () => true)) return false;
  if (s.defaultModelFilename === '') s.defaultModelFilename = 'model.py';
  return true;
}

/** Step 7: with nothing to go by, the backend is the directory name after its first '.'. */
function customBackend(s: Autofilled, dir: string): void {
  const dot = dir.indexOf('.');
  if (dot === -1) {
    s.customNameError = true;
    return;
  }
  setBackend(s, dir.slice(dot + 1), 'directory-name');
  s.defaultModelFilename = `model.${s.backend}`;
}
