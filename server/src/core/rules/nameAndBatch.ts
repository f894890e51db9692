import type { Problem } from '../diagnostics/problem';
import { numberOf, scalarOf, stringOf } from '../model/configModel';
import type { ModelRule } from './types';

/** NAME-DIR-MISMATCH: a config's `name`, when given, must equal its directory's name. */
export const nameMatchesDirectory: ModelRule = (model) => {
  const name = stringOf(model.config, 'name');
  const v = scalarOf(model.config, 'name');
  if (!v || name === undefined || name === '' || name === model.dir) return [];
  const problem: Problem = {
    code: 'triton/name-mismatch',
    start: v.start,
    end: v.end,
    message: `unexpected directory name '${model.dir}' for model '${name}', directory name must equal model name`,
    data: { directory: model.dir, name },
  };
  return [problem];
};

/** MBS-NEGATIVE: `max_batch_size` must be >= 0. */
export const maxBatchSizeNotNegative: ModelRule = (model) => {
  const mbs = numberOf(model.config, 'max_batch_size');
  const v = scalarOf(model.config, 'max_batch_size');
  if (mbs === undefined || mbs >= 0 || !v) return [];
  const name = stringOf(model.config, 'name') || model.dir;
  return [
    {
      code: 'triton/negative-max-batch-size',
      start: v.start,
      end: v.end,
      message: `'max_batch_size' must be non-negative value for ${name}`,
    },
  ];
};
