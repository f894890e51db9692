import type { Problem } from '../diagnostics/problem';
import type { MessageValue } from '../model/configModel';
import { has, occurrencesOf, scalarOf, stringOf } from '../model/configModel';
import type { EnsembleStep } from './ensembleModel';
import { ensembleSteps, modelNameOf } from './ensembleModel';
import type { ModelRule } from './types';

/** Where a field is written: its name in its first occurrence. */
function fieldAt(config: MessageValue, name: string): { start: number; end: number } | undefined {
  const occurrence = occurrencesOf(config, name)[0];
  return occurrence ? { start: occurrence.nameStart, end: occurrence.nameEnd } : undefined;
}

/** The opening brace of a step: steps have no name of their own to point at. */
function stepAt(step: EnsembleStep): { start: number; end: number } {
  return { start: step.message.start, end: step.message.start + 1 };
}

/**
 * ENS-NOT-ENSEMBLE-PLATFORM, ENS-SCHED-MISSING, ENS-INSTANCE-GROUP, ENS-OPTIMIZATION, ENS-WARMUP:
 * what an ensemble config may and may not contain (ValidateModelConfig's ensemble part, stage V).
 */
export const ensembleSettings: ModelRule = (model) => {
  const config = model.config;
  const platform = stringOf(config, 'platform');
  if (platform === undefined) return [];
  const name = modelNameOf(config, model.dir);
  const scheduling = fieldAt(config, 'ensemble_scheduling');
  const out: Problem[] = [];
  if (platform !== 'ensemble') {
    if (scheduling)
      out.push({
        code: 'triton/ensemble-scheduling-not-ensemble',
        ...scheduling,
        message: `ensemble scheduling cannot be set for model '${name}' whose platform is not ensemble`,
      });
    return out;
  }
  if (!scheduling) {
    const at = scalarOf(config, 'platform')!;
    out.push({
      code: 'triton/ensemble-scheduling-missing',
      start: at.start,
      end: at.end,
      message: `ensemble scheduling must be set for ensemble ${name} whose platform is ensemble`,
    });
  }
  const forbidden = [
    ['instance_group', 'triton/ensemble-instance-group', `instance group should not be specified`],
    ['optimization', 'triton/ensemble-optimization', `optimization should not be specified`],
    ['model_warmup', 'triton/ensemble-warmup', `model_warmup can not be specified`],
  ] as const;
  for (const [field, code, text] of forbidden) {
    const at = fieldAt(config, field);
    // An empty `optimization {}` counts: Triton tests the message's presence.
    if (at && has(config, field)) out.push({ code, ...at, message: `${text} for ensemble '${name}'` });
  }
  return out;
};

/**
 * ENS-NO-STEP, ENS-STEP-NO-MODEL, ENS-STEP-NO-INPUT-MAP, ENS-STEP-NO-OUTPUT-MAP: every step names a
 * model and maps something in and out. Also PARSE-MAP-DUP-KEY for the step maps (lint): a key given
 * twice silently keeps the last value.
 */
export const ensembleStepFields: ModelRule = (model) => {
  const config = model.config;
  const scheduling = fieldAt(config, 'ensemble_scheduling');
  if (!scheduling || stringOf(config, 'platform') !== 'ensemble') return [];
  const name = modelNameOf(config, model.dir);
  const steps = ensembleSteps(config);
  if (steps.length === 0)
    return [
      {
        code: 'triton/ensemble-no-step',
        ...scheduling,
        message: `must specify 'step' for ensemble '${name}'`,
      },
    ];
  const out: Problem[] = [];
  for (const step of steps) {
    const missing = (field: string) => `must specify '${field}' in step ${step.index} of ensemble '${name}'`;
    if (step.modelName === '')
      out.push({ code: 'triton/ensemble-step-no-model', ...stepAt(step), message: missing('model_name') });
    if (step.inputMap.length === 0 && !step.templated)
      out.push({ code: 'triton/ensemble-step-no-input-map', ...stepAt(step), message: missing('input_map') });
    if (step.outputMap.length === 0 && !step.templated)
      out.push({
        code: 'triton/ensemble-step-no-output-map',
        ...stepAt(step),
        message: missing('output_map'),
      });
    for (const { map, shadowed, winner } of step.shadowed) {
      const at = shadowed.keyAt ?? { start: shadowed.entry.start, end: shadowed.entry.start + 1 };
      const winnerAt = winner.keyAt ?? { start: winner.entry.start, end: winner.entry.start + 1 };
      out.push({
        code: 'lint/duplicate-step-map-key',
        start: at.start,
        end: at.end,
        message: `'${shadowed.key}' is given twice in the ${map} of step ${step.index}: only the last entry ('${winner.value}') is used`,
        related: [{ ...winnerAt, message: 'the entry that wins' }],
      });
    }
  }
  return out;
};
