import { maxBatchSizeNotNegative, nameMatchesDirectory } from './nameAndBatch';
import type { ModelRule, RepositoryRule } from './types';

/**
 * Every load-time rule, in the order Triton applies them (section 0 of the rule catalogue), so that
 * the first problem reported for a model is the one Triton would print. Add new rules here.
 */
export const MODEL_RULES: ModelRule[] = [
  maxBatchSizeNotNegative,
  // Triton checks the name against the directory after validating the rest of the config.
  nameMatchesDirectory,
];

export const REPOSITORY_RULES: RepositoryRule[] = [];
