import { boolOf, messageOf, valueOf } from '../model/configModel';
import { modelName, problem } from './ruleKit';
import type { ModelRule } from './types';

/**
 * Section 12, stage V: CACHE-DECOUPLED. (SEQ-CACHE, the sequence-batching counterpart, is in
 * sequenceBatching.ts; parameters that name files or the host are not decidable here.)
 */
export const responseCacheWithDecoupled: ModelRule = (model) => {
  const cache = messageOf(model.config, 'response_cache');
  const policy = messageOf(model.config, 'model_transaction_policy');
  if (!cache || !policy || boolOf(cache, 'enable') !== true || boolOf(policy, 'decoupled') !== true)
    return [];
  return [
    problem(
      'triton/response-cache-with-decoupled',
      valueOf(cache, 'enable')!,
      `Response Cache does not currently support model ${modelName(model)} with 'decoupled' transaction policy. Please disable the response cache.`,
      [{ at: valueOf(policy, 'decoupled')!, message: 'the model is decoupled' }],
    ),
  ];
};
