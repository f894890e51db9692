import type { ModelUnderCheck } from '../rules/types';
import type { MessageValue } from './configModel';

/**
 * The top-level fields a summary keeps: what is read of a model by code that walks every model of a
 * repository (which models are ensembles, a model's backend or platform in completion details), as
 * opposed to code that fetches one model by name (an ensemble's steps), which gets it in full.
 */
const SUMMARY_FIELDS: ReadonlySet<string> = new Set(['name', 'platform', 'backend']);

const NO_PROBLEMS: ModelUnderCheck['fileProblems'] = [];

/**
 * A model as a big workspace keeps it once it is checked and nobody has it open: its layout, text,
 * engine and model files as loaded, whether its config is clean, and a config reduced to the fields
 * above. The typed tree (about 30 KB for a small config) and the file's own problems are what a
 * repository of thousands of models cannot afford to hold; they are read again when needed.
 */
export function modelSummary(model: ModelUnderCheck): ModelUnderCheck {
  const summary: ModelUnderCheck = { ...model, fileProblems: NO_PROBLEMS };
  delete summary.parsed;
  if (model.config) summary.config = summaryConfig(model.config);
  return summary;
}

function summaryConfig(config: MessageValue): MessageValue {
  return { ...config, fields: config.fields.filter((f) => SUMMARY_FIELDS.has(f.field.name)) };
}
