import type { Problem } from '../diagnostics/problem';
import type { MessageValue } from '../model/configModel';
import { messageOf, messagesOf, stringOf, valueOf, valuesOf } from '../model/configModel';
import { problem, valueOrMessage } from './ruleKit';
import type { ModelRule } from './types';

/** The one metric family a model config can customise today. */
const CUSTOMIZABLE_FAMILIES = new Set(['nv_inference_first_response_histogram_ms']);

/**
 * Section 11, stage V (last of ValidateModelConfig): per metric_control, MET-NO-IDENTIFIER,
 * MET-EMPTY-FAMILY, MET-NO-HISTOGRAM, MET-EMPTY-BUCKETS. Triton's texts name no model.
 */
export const modelMetricsRule: ModelRule = (model) => {
  const metrics = messageOf(model.config, 'model_metrics');
  if (!metrics) return [];
  const out: Problem[] = [];
  for (const control of messagesOf(metrics, 'metric_control')) {
    const first = identifierProblem(control) ?? histogramProblem(control);
    if (first) out.push(first);
  }
  return out;
};

function identifierProblem(control: MessageValue): Problem | undefined {
  const identifier = messageOf(control, 'metric_identifier');
  if (!identifier) {
    return problem(
      'triton/metric-control-without-identifier',
      control,
      "metric control must specify 'metric_identifier'",
    );
  }
  if (stringOf(identifier, 'family') !== '') return undefined;
  return problem(
    'triton/metric-family-empty',
    valueOrMessage(identifier, 'family'),
    "metric identifier must specify non-empty 'family'",
  );
}

function histogramProblem(control: MessageValue): Problem | undefined {
  const histogram = messageOf(control, 'histogram_options');
  if (!histogram) {
    return problem(
      'triton/metric-control-without-histogram',
      control,
      "metric control must specify 'histogram_options'",
    );
  }
  if (valuesOf(histogram, 'buckets').length > 0) return undefined;
  return problem(
    'triton/histogram-buckets-empty',
    histogram,
    "histogram options must specify non-empty 'buckets'",
  );
}

/** MET-UNKNOWN-FAMILY (stage I): Triton warns and loads the model without the customisation. */
export const metricFamilyRule: ModelRule = (model) => {
  const metrics = messageOf(model.config, 'model_metrics');
  if (!metrics) return [];
  const out: Problem[] = [];
  for (const control of messagesOf(metrics, 'metric_control')) {
    const identifier = messageOf(control, 'metric_identifier');
    const family = identifier && stringOf(identifier, 'family');
    if (!identifier || !family || CUSTOMIZABLE_FAMILIES.has(family)) continue;
    out.push(
      problem(
        'lint/metric-family-not-customizable',
        valueOf(identifier, 'family')!,
        `Metric family '${family}' in 'metric_identifier' is not a customizable metric in Triton core.`,
      ),
    );
  }
  return out;
};
