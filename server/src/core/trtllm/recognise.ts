import type { MessageValue } from '../model/configModel';
import { mapEntries, messagesOf, stringOf } from '../model/configModel';
import { parameter } from '../engine/parameters';
import { isTemplated } from '../rules/known';
import type { ModelKind, TrtllmBackend } from './parameters';
import { MODEL_KINDS, PYTHON_BACKEND_PARAMETERS } from './parameters';

export interface Recognised {
  kind: ModelKind;
  /** For the tensorrt_llm model; undefined when `backend` is still a `${triton_backend}`. */
  backend?: TrtllmBackend;
}

/**
 * Keys of TensorRT-LLM's other Python models (legacy `gpt/` pipeline, whisper, multimodal encoders,
 * disaggregated serving), which we do not describe: a model with one of them is left alone, so that
 * none of its keys is called unknown.
 */
const FOREIGN_KEYS = new Set([
  'engine_dir',
  'n_mels',
  'zero_pad',
  'hf_model_path',
  'context_model_name',
  'generation_model_name',
]);

const PYTHON_KINDS = MODEL_KINDS.filter((k) => k.kind !== 'ensemble');
const COMMON = new Set(PYTHON_BACKEND_PARAMETERS.map((x) => x.key));

/** Every key a kind knows (read or retired), except the Python backend's own options. */
const KNOWN = new Map(
  PYTHON_KINDS.map((k) => [
    k.kind,
    new Set([...k.parameters.map((x) => x.key), ...k.retired.map((r) => r.key)]),
  ]),
);

/** Keys that only one kind knows: the evidence that a Python model is that kind. */
const DISTINCTIVE = new Map(
  PYTHON_KINDS.map((k) => [
    k.kind,
    new Set(
      [...KNOWN.get(k.kind)!].filter((key) =>
        PYTHON_KINDS.every((o) => o.kind === k.kind || !KNOWN.get(o.kind)!.has(key)),
      ),
    ),
  ]),
);

/** The `parameters` keys written in a config (placeholders and templated keys left out). */
export function parameterKeys(config: MessageValue): string[] {
  const out: string[] = [];
  for (const { key } of mapEntries(config, 'parameters'))
    if (key?.kind === 'scalar' && typeof key.value === 'string' && !isTemplated(key.value))
      out.push(key.value);
  return out;
}

/**
 * Which TensorRT-LLM model a config is, or undefined when we cannot tell (then nothing is reported).
 *
 * - `backend: "tensorrtllm"` is the C++ tensorrt_llm model: that backend runs nothing else.
 * - `platform: "ensemble"` is never linted: an ensemble reads no parameters.
 * - A Python model (`backend: "python"`, or `"${triton_backend}"` as in the template) is recognised
 *   by its keys. A key of a TensorRT-LLM model we do not describe (FOREIGN_KEYS) means silence.
 *   Otherwise the model is kind K when keys only K reads ("distinctive") are present for K and for
 *   no other kind, and either a second key of K is present or the directory is K's template name
 *   (`preprocessing`, ...). With no distinctive key at all, the template directory name plus one
 *   key of K is enough. Anything else (no key, clues for two kinds) is unsure: silence.
 *
 * `dir` is the model directory's name (the rules) or the config's `name` (the editor, which sees
 * one file).
 */
export function recognise(config: MessageValue, dir: string): Recognised | undefined {
  if (stringOf(config, 'platform') === 'ensemble') return undefined;
  const backendText = stringOf(config, 'backend');
  const templated = backendText === undefined || isTemplated(backendText);
  if (backendText === 'tensorrtllm') return { kind: 'tensorrt_llm', backend: 'cpp' };
  if (!templated && backendText !== 'python') return undefined;
  const backend: TrtllmBackend | undefined = templated ? undefined : 'python';

  const keys = parameterKeys(config).filter((k) => !COMMON.has(k));
  if (keys.some((k) => FOREIGN_KEYS.has(k))) return undefined;
  const candidates = PYTHON_KINDS.filter((k) => keys.some((key) => DISTINCTIVE.get(k.kind)!.has(key)));
  const known = (kind: ModelKind) => new Set(keys.filter((key) => KNOWN.get(kind)!.has(key))).size;
  let kind: ModelKind | undefined;
  if (candidates.length === 1) {
    const c = candidates[0]!;
    if (known(c.kind) >= 2 || dir === c.dirName) kind = c.kind;
  } else if (candidates.length === 0) {
    const byName = PYTHON_KINDS.find((k) => k.dirName === dir);
    if (byName && known(byName.kind) >= 1) kind = byName.kind;
  }
  if (!kind) return undefined;
  return kind === 'tensorrt_llm' ? (backend ? { kind, backend } : { kind }) : { kind };
}

/**
 * Whether a config is TensorRT-LLM's `llmapi` model (`all_models/llmapi/tensorrt_llm`), which serves a
 * Hugging Face model through the LLM API and is configured by `<version>/model.yaml`, not by
 * `parameters`. Evidence, for a Python model (`backend: "python"`) that is not an ensemble:
 *
 * - an input named `sampling_param_<x>`: only this model reads sampling parameters that way; or
 * - a `text_input` input, no `parameters` that make it another TensorRT-LLM model (`recognise` above
 *   says nothing), and a `model.yaml` in a version directory (`versionFiles`: the files of each
 *   version directory, when the caller knows the layout; the editor, seeing one file, does not).
 */
export function isLlmapiModel(
  config: MessageValue,
  dir: string,
  versionFiles?: readonly (readonly string[])[],
): boolean {
  if (stringOf(config, 'platform') === 'ensemble') return false;
  const backend = stringOf(config, 'backend');
  if (backend !== 'python') return false;
  const inputs = messagesOf(config, 'input').map((m) => stringOf(m, 'name') ?? '');
  if (inputs.some((n) => n.startsWith('sampling_param_'))) return true;
  return (
    inputs.includes('text_input') &&
    recognise(config, dir) === undefined &&
    (versionFiles ?? []).some((files) => files.includes('model.yaml'))
  );
}

/**
 * Whether a model runs a TensorRT-LLM engine, for the engine/ rules: the C++ backend, or any model that
 * sets a batching mode (`gpt_model_type` is read by the tensorrt_llm model alone, in either backend). Broader
 * than `recognise` on purpose: an engine check needs no more evidence than the key that names the engine's
 * batching, and the llmapi model (no engine) never sets it.
 */
export function runsEngine(config: MessageValue): boolean {
  return stringOf(config, 'backend') === 'tensorrtllm' || parameter(config, 'gpt_model_type') !== undefined;
}
