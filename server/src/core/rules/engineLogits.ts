// Logits outputs against the engine (TRTLLM_FACTS.md 4.1, C11/C12).
import type { Problem } from '../diagnostics/problem';
import { enumOf, messagesOf, stringOf, valueOf } from '../model/configModel';
import { engineProblem, withEngine } from './engineKit';
import type { ModelRule } from './types';

const LOGITS_OUTPUTS = ['context_logits', 'generation_logits'];
const TRITON_TYPE: Record<string, string> = { float32: 'TYPE_FP32', float16: 'TYPE_FP16' };

/**
 * C11: the C++ backend takes the logits type from these outputs' data_type and checks what the
 * engine produces against it when it returns logits; it supports FP32 and FP16 only.
 */
export const logitsDataTypeMatches: ModelRule = (model) => {
  const found = withEngine(model);
  const engineType = found?.config.logitsDtype;
  if (!found || !engineType || stringOf(model.config, 'backend') !== 'tensorrtllm') return [];
  const expected = TRITON_TYPE[engineType.value];
  const out: Problem[] = [];
  for (const output of messagesOf(model.config, 'output')) {
    const name = stringOf(output, 'name');
    const type = enumOf(output, 'data_type');
    const at = valueOf(output, 'data_type');
    if (!name || !LOGITS_OUTPUTS.includes(name) || !type || !at) continue;
    let message: string | undefined;
    if (type !== 'TYPE_FP32' && type !== 'TYPE_FP16')
      message = `output "${name}" has data_type ${type}, but the TensorRT-LLM backend returns logits as TYPE_FP32 or TYPE_FP16 only ("Logits type is not supported")`;
    else if (expected && type !== expected)
      message = `output "${name}" has data_type ${type}, but the engine produces ${engineType.value} logits (${expected}): requests that return logits fail`;
    if (message)
      out.push(engineProblem('engine/logits-data-type-mismatch', at, message, found.engine, [engineType]));
  }
  return out;
};

/** C12: context logits can only be returned by an engine built with gather_context_logits. */
export const contextLogitsGathered: ModelRule = (model) => {
  const found = withEngine(model);
  const gather = found?.config.gatherContextLogits;
  if (!found || !gather || gather.value) return [];
  const output = messagesOf(model.config, 'output').find((o) => stringOf(o, 'name') === 'context_logits');
  const at = output && valueOf(output, 'name');
  if (!at) return [];
  return [
    engineProblem(
      'engine/context-logits-not-gathered',
      at,
      'the engine was built without gather_context_logits, so requests that set return_context_logits fail ("Return context logit need to build engine with gather_context_logits"); rebuild with --gather_context_logits if clients need them',
      found.engine,
      [gather],
    ),
  ];
};
