import type { DiagnosticCode } from '../diagnostics/registry';
import type { Problem } from '../diagnostics/problem';
import type { MessageValue, Value } from '../model/configModel';
import {
  boolOf,
  enumOf,
  mapEntries,
  messageOf,
  numberOf,
  scalarOf,
  valueOf,
  valuesOf,
} from '../model/configModel';
import { modelName, numericValue, problem, valueOrMessage } from './ruleKit';
import type { CheckedModel, ModelRule } from './types';

/**
 * Section 7 (stage V, in Triton's order): DB-PREF-POS, DB-PREF-MAX, DB-DEFAULT-PRIORITY,
 * DB-QUEUE-POLICY-LEVEL, DB-ORDER-PRIORITY, DB-ORDER-DELAY.
 */
export const dynamicBatchingRule: ModelRule = (model) => {
  const db = messageOf(model.config, 'dynamic_batching');
  if (!db) return [];
  const m = modelName(model);
  return [
    ...preferredSizes(model, valuesOf(db, 'preferred_batch_size'), {
      notPositive: 'triton/preferred-batch-size-not-positive',
      aboveMax: 'triton/preferred-batch-size-above-max',
      notPositiveText: `dynamic batching preferred size must be positive for ${m}`,
      aboveMaxText: `dynamic batching preferred size must be <= max batch size for ${m}`,
    }),
    ...priorityLevels(db, m),
    ...preserveOrdering(db, m),
  ];
};

interface PreferredSizeTexts {
  notPositive: DiagnosticCode;
  aboveMax: DiagnosticCode;
  notPositiveText: string;
  aboveMaxText: string;
}

/** Preferred batch sizes (dynamic batcher and the sequence batcher's oldest strategy alike). */
export function preferredSizes(model: CheckedModel, sizes: Value[], texts: PreferredSizeTexts): Problem[] {
  const mbs = numberOf(model.config, 'max_batch_size');
  const mbsValue = scalarOf(model.config, 'max_batch_size');
  const out: Problem[] = [];
  for (const v of sizes) {
    const size = numericValue(v);
    if (size === undefined) continue;
    if (size <= 0) out.push(problem(texts.notPositive, v, texts.notPositiveText));
    else if (mbs !== undefined && size > mbs) {
      // An absent max_batch_size is 0: the model does not batch, so no preferred size fits.
      const related = mbsValue ? [{ at: mbsValue, message: `max_batch_size is ${mbs}` }] : [];
      out.push(problem(texts.aboveMax, v, texts.aboveMaxText, related));
    }
  }
  return out;
}

function priorityLevels(db: MessageValue, m: string): Problem[] {
  const levels = numberOf(db, 'priority_levels');
  if (levels === undefined) return [];
  const policies = mapEntries(db, 'priority_queue_policy');
  if (levels === 0) {
    // Triton only range-checks the keys when priority levels are enabled; otherwise it ignores them.
    return policies.map(({ key, entry }) =>
      problem(
        'lint/priority-queue-policy-ignored',
        key ?? entry,
        "'priority_queue_policy' has no effect while 'priority_levels' is 0: Triton ignores it",
      ),
    );
  }
  const out: Problem[] = [];
  const range = `[1, ${levels}]`;
  const levelsAt = { at: scalarOf(db, 'priority_levels') ?? db, message: `priority_levels is ${levels}` };
  const def = numberOf(db, 'default_priority_level');
  if (def !== undefined && (def === 0 || def > levels)) {
    out.push(
      problem(
        'triton/default-priority-level-out-of-range',
        // When omitted (0), point at the levels that make it required.
        valueOf(db, 'default_priority_level') ?? levelsAt.at,
        `default priority level must be in range ${range} for ${m}`,
        valueOf(db, 'default_priority_level') ? [levelsAt] : [],
      ),
    );
  }
  for (const { key, entry } of policies) {
    if (key?.kind === 'placeholder') continue;
    const level = numericValue(key) ?? 0;
    if (level === 0 || level > levels) {
      out.push(
        problem(
          'triton/queue-policy-level-out-of-range',
          key ?? entry,
          `priority queue policy must have priority level in range ${range} for ${m}`,
          [levelsAt],
        ),
      );
    }
  }
  return out;
}

function preserveOrdering(db: MessageValue, m: string): Problem[] {
  if (boolOf(db, 'preserve_ordering') !== true) return [];
  const orderingAt = { at: valueOrMessage(db, 'preserve_ordering'), message: "'preserve_ordering' is true" };
  const out: Problem[] = [];
  const levels = numberOf(db, 'priority_levels');
  if (levels !== undefined && levels > 1) {
    out.push(
      problem(
        'triton/preserve-ordering-with-priorities',
        valueOrMessage(db, 'priority_levels'),
        `Only one priority level is allowed when 'preserve_ordering' is true for ${m}`,
        [orderingAt],
      ),
    );
  }
  const policies = [
    messageOf(db, 'default_queue_policy'),
    ...mapEntries(db, 'priority_queue_policy').map((e) => e.value),
  ];
  for (const policy of policies) {
    if (policy?.kind !== 'message' || !delays(policy)) continue;
    out.push(
      problem(
        'triton/preserve-ordering-with-delay',
        valueOf(policy, 'timeout_action')!,
        `Queue policy can not have DELAY as timeout action when 'preserve_ordering' is true for ${m}`,
        [orderingAt],
      ),
    );
  }
  return out;
}

/** A DELAY action only matters with a timeout: a zero timeout never expires. */
function delays(policy: MessageValue): boolean {
  const timeout = numberOf(policy, 'default_timeout_microseconds');
  return enumOf(policy, 'timeout_action') === 'DELAY' && timeout !== undefined && timeout !== 0;
}
