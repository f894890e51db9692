import { responseCacheWithDecoupled } from './cacheAndPolicy';
import { dynamicBatchingRule } from './dynamicBatching';
import { ensembleSettings, ensembleStepFields } from './ensembleConfig';
import { ensembleGraph } from './ensembleGraph';
import { ensembleStepModels } from './ensembleSteps';
import { ensembleDataFlow } from './ensembleTensors';
import { instanceGroupsRule } from './instanceGroups';
import { labelFiles } from './labels';
import { metricFamilyRule, modelMetricsRule } from './metrics';
import { maxBatchSizeNotNegative, nameMatchesDirectory } from './nameAndBatch';
import {
  batchStrategyWithSequenceBatcher,
  sequenceBatchingRule,
  sequenceBatchingWithoutCache,
  sequenceStatesRule,
} from './sequenceBatching';
import type { ModelRule, RepositoryRule } from './types';
import { modelFilePresent, versionPolicy } from './versions';
import { warmupRule } from './warmup';

/**
 * Every load-time rule, in the order Triton applies them (section 0 of the rule catalogue:
 * P -> A -> V -> IO -> N -> G -> L -> B -> I), so that the first problem reported for a model is the
 * one Triton would print. Add new rules here.
 */
export const MODEL_RULES: ModelRule[] = [
  // Stage V, ValidateModelConfig: max_batch_size, dynamic batching, sequence batching, ensemble,
  // response cache, metrics.
  maxBatchSizeNotNegative,
  dynamicBatchingRule,
  sequenceBatchingRule,
  ensembleSettings,
  ensembleStepFields,
  ensembleDataFlow,
  responseCacheWithDecoupled,
  sequenceBatchingWithoutCache,
  modelMetricsRule,
  // Stage N: the name against the directory, after the config itself is validated.
  nameMatchesDirectory,
  // Stage L: version directories.
  versionPolicy,
  // Stage B, model creation: instance groups, the batching strategy, what the backend loads.
  instanceGroupsRule,
  batchStrategyWithSequenceBatcher,
  modelFilePresent,
  // Stage I, scheduler and instances: sequence states, warmup, labels, metric family warnings.
  sequenceStatesRule,
  warmupRule,
  labelFiles,
  metricFamilyRule,
];

export const REPOSITORY_RULES: RepositoryRule[] = [
  // Stage G: the dependency graph (missing models, cycles), then stage E: each step against its model.
  ensembleGraph,
  ensembleStepModels,
];
