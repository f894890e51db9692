import type { Problem } from '../diagnostics/problem';
import type { MessageValue } from '../model/configModel';
import { scalarOf, stringOf } from '../model/configModel';
import type { Autofilled } from './autofill';
import { autofill } from './autofill';
import { knownString } from './known';
import type { CheckedModel, ModelRule, RepositoryUnderCheck } from './types';

/** Platforms each of the four backends that Triton pairs with a platform accepts. */
const PLATFORMS_OF_BACKEND: Record<string, string[]> = {
  tensorflow: ['tensorflow_graphdef', 'tensorflow_savedmodel'],
  tensorrt: ['tensorrt_plan'],
  onnxruntime: ['onnxruntime_onnx'],
  // The catalogue suspects `libtorch` and `torch_aoti` fail the pair check too; autofill accepts
  // them, so until that is verified on a server they are given the benefit of the doubt.
  pytorch: ['pytorch_libtorch', 'libtorch', 'torch_aoti'],
};

/**
 * Backends shipped in Triton's NGC containers (plus the test backends they carry). Any other name
 * needs a library installed on the serving host, which a static check cannot see.
 */
const WELL_KNOWN_BACKENDS = new Set([
  'dali',
  'fil',
  'identity',
  'onnxruntime',
  'openvino',
  'python',
  'pytorch',
  'repeat',
  'square',
  'tensorflow',
  'tensorrt',
  'tensorrtllm',
  'vllm',
]);

function filled(model: CheckedModel, repo: RepositoryUnderCheck): Autofilled | undefined {
  return autofill(model, { checkLayout: repo.options.checkLayout });
}

/** The first field written in the config, or the document start: where to point at "the config". */
function configStart(config: MessageValue): { start: number; end: number } {
  const first = config.fields[0];
  return first ? { start: first.nameStart, end: first.nameEnd } : { start: 0, end: 0 };
}

/** The located value of the first of `fields` that is written, else the config's start. */
function locate(config: MessageValue, ...fields: string[]): { start: number; end: number } {
  for (const f of fields) {
    const v = scalarOf(config, f);
    if (v) return { start: v.start, end: v.end };
  }
  return configStart(config);
}

/** PLAT-CUSTOM-NAME: with nothing else to go by, the backend comes from a `model.<backend>` directory name. */
export const backendDeterminable: ModelRule = (model, repo) => {
  const af = filled(model, repo);
  if (!af?.customNameError) return [];
  return [
    {
      code: 'triton/cannot-determine-backend',
      ...locate(model.config, 'name'),
      message: `Invalid model name: Could not determine backend for model '${model.dir}' with no backend in model configuration. Expected model name of the form 'model.<backend_name>'.`,
    },
  ];
};

/** PLAT-UNKNOWN: after autofill, a model other than an ensemble must have a backend. */
export const platformKnown: ModelRule = (model, repo) => {
  const af = filled(model, repo);
  if (!af || af.customNameError || af.backend !== '' || af.platform === 'ensemble') return [];
  return [
    {
      code: 'triton/unknown-platform',
      ...locate(model.config, 'platform', 'default_model_filename'),
      message: `unexpected platform type '${af.platform}' for ${af.name}`,
      data: { platform: af.platform },
    },
  ];
};

/** PLAT-ENSEMBLE-BACKEND: an ensemble runs no backend of its own. */
export const ensembleHasNoBackend: ModelRule = (model, repo) => {
  const af = filled(model, repo);
  if (!af || af.platform !== 'ensemble' || af.backend === '') return [];
  const platform = scalarOf(model.config, 'platform');
  const problem: Problem = {
    code: 'triton/ensemble-with-backend',
    ...locate(model.config, 'backend', 'default_model_filename'),
    message: `Ensemble model '${af.name}' must have platform type 'ensemble' and empty backend type`,
  };
  if (platform) problem.related = [{ start: platform.start, end: platform.end, message: 'the platform' }];
  return [problem];
};

/** PLAT-PAIR: the four backends Triton knows by platform must get one of their own platforms. */
export const platformMatchesBackend: ModelRule = (model, repo) => {
  const af = filled(model, repo);
  const accepted = af ? PLATFORMS_OF_BACKEND[af.backend] : undefined;
  // An empty platform is only possible for tensorflow without a model file: left to the layout
  // rules. An ensemble with a backend gets PLAT-ENSEMBLE-BACKEND, which Triton checks first.
  if (!af || !accepted || af.platform === '' || af.platform === 'ensemble' || accepted.includes(af.platform))
    return [];
  const problem: Problem = {
    code: 'triton/platform-backend-mismatch',
    ...locate(model.config, 'platform'),
    message: `unexpected 'platform' and 'backend' pair, got:${af.platform}, ${af.backend}`,
    data: { platform: af.platform, backend: af.backend },
  };
  const backend = scalarOf(model.config, 'backend');
  if (backend) problem.related = [{ start: backend.start, end: backend.end, message: 'the backend' }];
  return [problem];
};

/**
 * BACKEND-LIB-NOT-FOUND, as far as it can be told without the serving host: a backend outside the
 * well-known ones must be installed there. A `runtime` names the library explicitly, so the
 * warning is left out then.
 */
export const backendWellKnown: ModelRule = (model, repo) => {
  const af = filled(model, repo);
  const runtime = knownString(model.config, 'runtime');
  if (!af || af.backend === '' || af.platform === 'ensemble' || runtime !== '') return [];
  if (WELL_KNOWN_BACKENDS.has(af.backend)) return [];
  return [
    {
      code: 'triton/unknown-backend',
      ...locate(model.config, 'backend', 'name'),
      message: `backend '${af.backend}' is not one of the backends shipped with Triton; unless it is installed on the server, Triton fails with: unable to find backend library for backend '${af.backend}', try specifying runtime on the model configuration.`,
      data: { backend: af.backend },
    },
  ];
};

/** RUNTIME-ESCAPE: `runtime` is a path under the directory it is found in; `..` must not leave it. */
export const runtimeStaysInside: ModelRule = (model) => {
  const runtime = knownString(model.config, 'runtime');
  const v = scalarOf(model.config, 'runtime');
  if (!runtime || !v || runtime.startsWith('/') || !escapes(runtime)) return [];
  if (stringOf(model.config, 'platform') === 'ensemble') return [];
  const name = stringOf(model.config, 'name') || model.dir;
  return [
    {
      code: 'triton/runtime-escapes-directory',
      start: v.start,
      end: v.end,
      message: `backend library name '${runtime}' escapes backend directory '${model.dir}', for model '${name}', check model config runtime field`,
    },
  ];
};

/** True when a relative path climbs above its starting directory at some point. */
export function escapes(path: string): boolean {
  let depth = 0;
  for (const part of path.split('/')) {
    if (part === '..') depth--;
    else if (part !== '' && part !== '.') depth++;
    if (depth < 0) return true;
  }
  return false;
}
