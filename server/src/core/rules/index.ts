import { responseCacheWithDecoupled } from './cacheAndPolicy';
import { dynamicBatchingRule } from './dynamicBatching';
import { instanceGroupsRule } from './instanceGroups';
import { metricFamilyRule, modelMetricsRule } from './metrics';
import { maxBatchSizeNotNegative, nameMatchesDirectory } from './nameAndBatch';
import {
  batchStrategyWithSequenceBatcher,
  sequenceBatchingRule,
  sequenceBatchingWithoutCache,
  sequenceStatesRule,
} from './sequenceBatching';
import type { ModelRule, RepositoryRule } from './types';
import { warmupRule } from './warmup';

/**
 * Every load-time rule, in the order Triton applies them (section 0 of the rule catalogue), so that
 * the first problem reported for a model is the one Triton would print. Add new rules here.
 */
export const MODEL_RULES: ModelRule[] = [
  maxBatchSizeNotNegative,
  // Stage V, ValidateModelConfig: dynamic batching, sequence batching, (ensemble), response cache, metrics.
  dynamicBatchingRule,
  sequenceBatchingRule,
  responseCacheWithDecoupled,
  sequenceBatchingWithoutCache,
  modelMetricsRule,
  // Stage B, model creation: instance groups, then the batching strategy.
  instanceGroupsRule,
  batchStrategyWithSequenceBatcher,
  // Stage I, scheduler and instances: sequence states, warmup, metric family warnings.
  sequenceStatesRule,
  warmupRule,
  metricFamilyRule,
  // Triton checks the name against the directory after validating the rest of the config.
  nameMatchesDirectory,
];

export const REPOSITORY_RULES: RepositoryRule[] = [];
