import { ensembleSettings, ensembleStepFields } from './ensembleConfig';
import { ensembleGraph } from './ensembleGraph';
import { ensembleStepModels } from './ensembleSteps';
import { ensembleDataFlow } from './ensembleTensors';
import { labelFiles } from './labels';
import { maxBatchSizeNotNegative, nameMatchesDirectory } from './nameAndBatch';
import type { ModelRule, RepositoryRule } from './types';
import { modelFilePresent, versionPolicy } from './versions';

/**
 * Every load-time rule, in the order Triton applies them (section 0 of the rule catalogue), so that
 * the first problem reported for a model is the one Triton would print. Add new rules here.
 */
export const MODEL_RULES: ModelRule[] = [
  maxBatchSizeNotNegative,
  // Section 9 (stage V): the ensemble part of ValidateModelConfig.
  ensembleSettings,
  ensembleStepFields,
  ensembleDataFlow,
  // Section 13 (stages L, B, I): version directories, then what the backend and Model::Init read.
  versionPolicy,
  modelFilePresent,
  labelFiles,
  // Triton checks the name against the directory after validating the rest of the config.
  nameMatchesDirectory,
];

export const REPOSITORY_RULES: RepositoryRule[] = [
  // Section 9: the dependency graph (stage G), then each step against its model (stage E).
  ensembleGraph,
  ensembleStepModels,
];
