import { batchInputsOutputsValid } from './batchInputsOutputs';
import { inputsOutputsValid, ioNamesUnique, labelFilesUnique } from './inputsOutputs';
import { maxBatchSizeNotNegative, nameMatchesDirectory } from './nameAndBatch';
import {
  backendDeterminable,
  backendWellKnown,
  ensembleHasNoBackend,
  platformKnown,
  platformMatchesBackend,
  runtimeStaysInside,
} from './platformBackend';
import type { ModelRule, RepositoryRule } from './types';

/**
 * Every load-time rule, in the order Triton applies them (section 0 of the rule catalogue), so that
 * the first problem reported for a model is the one Triton would print. Add new rules here.
 */
export const MODEL_RULES: ModelRule[] = [
  // A: server-side autofill.
  backendDeterminable,
  // V: ValidateModelConfig, in its own order.
  platformKnown,
  ensembleHasNoBackend,
  platformMatchesBackend,
  maxBatchSizeNotNegative,
  // IO: ValidateModelIOConfig (at poll time in strict mode, at Model::Init otherwise).
  inputsOutputsValid,
  batchInputsOutputsValid,
  // B and I: backend creation and Model::Init; lints last.
  runtimeStaysInside,
  backendWellKnown,
  labelFilesUnique,
  ioNamesUnique,
  // Triton checks the name against the directory after validating the rest of the config.
  nameMatchesDirectory,
];

export const REPOSITORY_RULES: RepositoryRule[] = [];
