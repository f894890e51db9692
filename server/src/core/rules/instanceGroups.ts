import type { Problem } from '../diagnostics/problem';
import type { MessageValue, Value } from '../model/configModel';
import { enumOf, messagesOf, scalarOf, stringOf, valueOf, valuesOf } from '../model/configModel';
import type { Span } from './ruleKit';
import { fieldSpan, isEnsemble, modelName, numericValue, problem } from './ruleKit';
import type { CheckedModel, ModelRule, RuleOptions } from './types';

/**
 * Section 8 (stage B, at model creation; ensembles have no instances): per group in list order,
 * the kind and its GPUs (IG-MODEL-GPUS, IG-GPU-*, IG-CPU-GPUS, IG-KIND-UNKNOWN), then profiles
 * (IG-PROFILE-*), plus the silent `count` normalisation (IG-DEFAULTS) as a lint.
 */
export const instanceGroupsRule: ModelRule = (model, repo) => {
  if (isEnsemble(model)) return [];
  const m = modelName(model);
  const platform = effectivePlatform(model, repo.options);
  const out: Problem[] = [];
  messagesOf(model.config, 'instance_group').forEach((group, index) => {
    const g = groupName(group, m, index);
    out.push(
      ...count(group, g, m),
      ...kindAndGpus(group, g, m, repo.options),
      ...profiles(group, g, m, platform),
    );
  });
  return out;
};

/** Triton names an unnamed group `<model>_<index>` before validating, and its messages use that name. */
function groupName(group: MessageValue, m: string, index: number): string {
  const v = valueOf(group, 'name');
  if (v?.kind === 'placeholder') return `\${${v.name}}`;
  return stringOf(group, 'name') || `${m}_${index}`;
}

function count(group: MessageValue, g: string, m: string): Problem[] {
  const v = scalarOf(group, 'count');
  const n = numericValue(v);
  if (!v || n === undefined || n >= 1) return [];
  return [
    problem(
      'lint/instance-count-not-positive',
      v,
      `instance group ${g} of model ${m} has count ${n}: Triton silently replaces a count below 1 with the default (1; 2 for KIND_CPU with onnxruntime or tensorflow)`,
    ),
  ];
}

function kindAndGpus(group: MessageValue, g: string, m: string, options: RuleOptions): Problem[] {
  const kind = enumOf(group, 'kind');
  if (kind === undefined) return [];
  const gpus = valuesOf(group, 'gpus');
  const gpusAt = fieldSpan(group, 'gpus');
  const kindAt: Span = valueOf(group, 'kind') ?? group;
  switch (kind) {
    case 'KIND_MODEL':
    case 'KIND_CPU':
      if (!gpusAt) return [];
      return [
        problem(
          kind === 'KIND_CPU' ? 'triton/gpus-on-cpu-group' : 'triton/gpus-on-model-group',
          gpusAt,
          `instance group ${g} of model ${m} has kind ${kind} but specifies one or more GPUs`,
          [{ at: kindAt, message: `kind ${kind}` }],
        ),
      ];
    case 'KIND_GPU':
      return gpuGroup(gpus, kindAt, g, m, options);
    case '':
    case 'KIND_AUTO':
      return autoGroup(gpus, g, m, options);
    default:
      // A numeric kind outside the enum; Triton's message names KIND_AUTO whatever the number.
      return [
        problem(
          'triton/unknown-instance-kind',
          kindAt,
          `instance group ${g} of model ${m} has unexpected kind KIND_AUTO`,
        ),
      ];
  }
}

function invalidGpuText(g: string, m: string, id: number): string {
  return `instance group ${g} of model ${m} specifies invalid or unsupported gpu id ${id}`;
}

/** What the serving machine has, for messages about GPU ids it lacks. */
function gpusAvailable(gpuCount: number): string {
  return gpuCount === 0
    ? 'the serving machine has no GPU'
    : `GPU ids on the serving machine are 0 to ${gpuCount - 1}`;
}

function gpuGroup(gpus: Value[], kindAt: Span, g: string, m: string, options: RuleOptions): Problem[] {
  const out: Problem[] = [];
  const gpuCount = options.gpuCount;
  if (gpuCount === 0) {
    out.push(
      problem(
        'triton/no-gpu-available',
        kindAt,
        `instance group ${g} of model ${m} has kind KIND_GPU but no GPUs are available`,
      ),
    );
  }
  for (const v of gpus) {
    const id = numericValue(v);
    if (id === undefined) continue;
    if (id < 0) out.push(problem('triton/negative-gpu-id', v, invalidGpuText(g, m, id)));
    else if (gpuCount !== undefined && gpuCount > 0 && id >= gpuCount) {
      out.push(
        problem('triton/gpu-id-unavailable', v, `${invalidGpuText(g, m, id)} (${gpusAvailable(gpuCount)})`),
      );
    }
  }
  return out;
}

/**
 * KIND_AUTO becomes KIND_GPU only when the machine has GPUs and every listed id exists; otherwise it
 * becomes KIND_CPU, and then the listed GPUs are an error.
 */
function autoGroup(gpus: Value[], g: string, m: string, options: RuleOptions): Problem[] {
  const cpuText = `instance group ${g} of model ${m} has kind KIND_CPU but specifies one or more GPUs`;
  const ids = gpus.map((v) => ({ v, id: numericValue(v) }));
  const negative = ids.find(({ id }) => id !== undefined && id < 0);
  if (negative) {
    return [
      problem(
        'triton/negative-gpu-id',
        negative.v,
        `${cpuText} (KIND_AUTO becomes KIND_CPU because gpu id ${negative.id} cannot exist)`,
      ),
    ];
  }
  const gpuCount = options.gpuCount;
  if (gpuCount === undefined) return [];
  const missing = ids.find(({ id }) => id !== undefined && id >= gpuCount);
  if (!missing) return [];
  return [
    problem(
      'triton/gpu-id-unavailable',
      missing.v,
      `${cpuText} (KIND_AUTO becomes KIND_CPU because gpu id ${missing.id} does not exist: ${gpusAvailable(gpuCount)})`,
    ),
  ];
}

function profiles(group: MessageValue, g: string, m: string, platform: string | undefined): Problem[] {
  const values = valuesOf(group, 'profile');
  const at = fieldSpan(group, 'profile');
  if (!at || platform === undefined) return [];
  if (platform !== 'tensorrt_plan') {
    // Triton's text lacks the space after the platform: copied as is.
    return [
      problem(
        'triton/profile-not-tensorrt',
        at,
        `instance group ${g} of model ${m} and platform ${platform}specifies profile field which is only supported for TensorRT models`,
      ),
    ];
  }
  const out: Problem[] = [];
  for (const v of values) {
    if (v.kind !== 'scalar' || typeof v.value !== 'string') continue;
    const text = profileProblem(v.value, g, m);
    if (text) out.push(problem('triton/invalid-instance-profile', v, text));
  }
  return out;
}

/** Triton parses a profile with std::stoi: leading blanks, a sign and digits, the rest ignored. */
function profileProblem(profile: string, g: string, m: string): string | undefined {
  if (profile === '') return 'profile name must not be empty';
  const match = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(profile);
  if (!match) return `unable to parse '${profile}': stoi`;
  const n = Number(match[1]);
  if (n > 2147483647 || n < -2147483648) return `unable to parse '${profile}': stoi`;
  if (n >= 0) return undefined;
  return `instance group ${g} of model ${m} specifies invalid profile ${profile}. The field should contain the string representation of a non-negative integer.`;
}

/**
 * The platform after Triton's server-side autofill, as far as the profile check needs it: whether
 * it is tensorrt_plan, and otherwise the name for the message. Undefined when it cannot be known
 * (a placeholder, or a loose config whose model files are not there to look at).
 */
function effectivePlatform(model: CheckedModel, options: RuleOptions): string | undefined {
  const platform = stringOf(model.config, 'platform');
  const backend = stringOf(model.config, 'backend');
  const filename = stringOf(model.config, 'default_model_filename');
  if (platform === undefined || backend === undefined || filename === undefined) return undefined;
  if (platform !== '') return platform;
  if (backend === 'tensorrt' || (backend === '' && filename === 'model.plan')) return 'tensorrt_plan';
  if (backend === 'onnxruntime' || (backend === '' && filename === 'model.onnx')) return 'onnxruntime_onnx';
  if (backend === 'pytorch' || filename === 'model.pt') return 'pytorch_libtorch';
  if (backend === '' && filename === '') {
    if (!options.checkLayout) return undefined;
    return platformFromFiles(model);
  }
  return platform;
}

/** Autofill from the lexicographically first sub-directory (section 15), in Triton's order. */
function platformFromFiles(model: CheckedModel): string {
  const first = model.subdirs[0];
  const entries = first === undefined ? undefined : model.subdirEntries.get(first);
  if (!entries) return '';
  const present = (name: string) => entries.files.includes(name) || entries.dirs.includes(name);
  if (entries.dirs.includes('model.savedmodel')) return 'tensorflow_savedmodel';
  if (entries.files.includes('model.graphdef')) return 'tensorflow_graphdef';
  if (entries.files.includes('model.plan')) return 'tensorrt_plan';
  if (present('model.onnx')) return 'onnxruntime_onnx';
  if (entries.files.includes('model.pt')) return 'pytorch_libtorch';
  // OpenVINO, Python and custom backends leave the platform empty.
  return '';
}
