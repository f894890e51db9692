// Issue 5: the `parameters` of TensorRT-LLM's models, checked against what their code reads
// (server/src/core/trtllm/). Silent on models we cannot recognise and on every `${...}` value.
import type { Problem } from '../diagnostics/problem';
import type { MessageValue, ScalarValue } from '../model/configModel';
import { mapEntries, valueOf } from '../model/configModel';
import type { ModelKind, ParameterInfo, TrtllmBackend } from '../trtllm/parameters';
import { kindInfo, parameterInfo, parametersOf, readBy, retiredKey } from '../trtllm/parameters';
import type { Recognised } from '../trtllm/recognise';
import { recognise } from '../trtllm/recognise';
import { checkValue } from '../trtllm/values';
import { didYouMean } from '../util/didYouMean';
import { isTemplated } from './known';
import type { Span } from './ruleKit';
import { fieldSpan, problem } from './ruleKit';
import type { CheckedModel, ModelRule } from './types';

interface Entry {
  key: string;
  keyAt: ScalarValue;
  /** The string_value, undefined when absent or not known yet (a `${...}`). */
  value: string | undefined;
  valueAt: Span;
}

/** The written parameters with a literal key, in order (a repeated key appears each time). */
function entriesOf(config: MessageValue): Entry[] {
  const out: Entry[] = [];
  for (const { key, value, entry } of mapEntries(config, 'parameters')) {
    // An empty key is one being typed: nothing to say about it yet.
    if (key?.kind !== 'scalar' || typeof key.value !== 'string' || key.value === '' || isTemplated(key.value))
      continue;
    const sv = value?.kind === 'message' ? valueOf(value, 'string_value') : undefined;
    const text = sv?.kind === 'scalar' && typeof sv.value === 'string' ? sv.value : undefined;
    out.push({
      key: key.value,
      keyAt: key,
      value: text === undefined || isTemplated(text) ? undefined : text,
      valueAt: sv ?? value ?? entry,
    });
  }
  return out;
}

/** "the TensorRT-LLM model (C++ backend)". */
function modelLabel(r: Recognised): string {
  const title = kindInfo(r.kind).title;
  if (r.kind !== 'tensorrt_llm') return `the ${title}`;
  return r.backend ? `the ${title} (${r.backend === 'cpp' ? 'C++' : 'Python'} backend)` : `the ${title}`;
}

function recognised(model: CheckedModel): Recognised | undefined {
  return recognise(model.config, model.dir);
}

/** Python reads a bool as true for `1`/`true` in any case. */
const truthy = (v: string | undefined) => v !== undefined && ['1', 'true'].includes(v.trim().toLowerCase());

/** Unknown keys (with did-you-mean), removed keys and keys written under another name. */
export const trtllmParameterKeys: ModelRule = (model) => {
  const r = recognised(model);
  if (!r) return [];
  const entries = entriesOf(model.config);
  const present = new Set(entries.map((e) => e.key));
  // Keys the other implementation reads are not "unknown": the template serves both backends.
  const anyBackend = parametersOf(r.kind).map((x) => x.key);
  const out: Problem[] = [];
  for (const e of entries) {
    if (anyBackend.includes(e.key)) continue;
    const retired = retiredKey(r.kind, e.key);
    if (retired) {
      const rejected =
        r.backend !== undefined &&
        retired.rejectedBy?.includes(r.backend) &&
        (e.key === 'enable_trt_overlap' ? truthy(e.value) : e.value !== undefined);
      const use = retired.replacement ? ` Use "${retired.replacement}".` : '';
      const since = retired.since ? ` in ${retired.since}` : '';
      if (rejected) {
        out.push(
          problem(
            'trtllm/removed-key-rejected',
            e.keyAt,
            `Parameter "${e.key}" is no longer supported and ${modelLabel(r)} refuses to load with it.${use} ${retired.note}`,
          ),
        );
      } else if (retired.status === 'removed') {
        out.push(
          problem(
            'trtllm/removed-key',
            e.keyAt,
            `Parameter "${e.key}" was removed${since}.${use} ${retired.note}`,
          ),
        );
      } else {
        const p = problem(
          'trtllm/renamed-key',
          e.keyAt,
          `Parameter "${e.key}" is not read by ${modelLabel(r)}: ${retired.since ? `it was renamed${since} to` : 'use'} "${retired.replacement}". ${retired.note}`,
        );
        if (retired.replacement && !present.has(retired.replacement))
          p.data = { suggestion: retired.replacement };
        out.push(p);
      }
      continue;
    }
    const suggestion = didYouMean(e.key, anyBackend);
    const p = problem(
      'trtllm/unknown-key',
      e.keyAt,
      `${capitalise(modelLabel(r))} reads no parameter "${e.key}"; the backend ignores it.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    );
    if (suggestion) p.data = { suggestion };
    out.push(p);
  }
  return out;
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Values that do not fit their key's type or allowed values. */
export const trtllmParameterValues: ModelRule = (model) => {
  const r = recognised(model);
  if (!r) return [];
  const entries = entriesOf(model.config);
  const lookahead = entries.some((e) => e.key === 'decoding_mode' && e.value?.trim() === 'lookahead');
  const out: Problem[] = [];
  for (const e of entries) {
    const param = parameterInfo(r.kind, e.key);
    if (!param || e.value === undefined || !readBy(param, r.backend)) continue;
    const verdict = checkValue(param, e.value, r.kind, r.backend);
    if (!verdict) continue;
    // With lookahead decoding the backend insists on the three lookahead sizes.
    const insisted = lookahead && e.key.startsWith('lookahead_') && verdict.severity === 'warning';
    const message = insisted
      ? `${JSON.stringify(e.value)} is not an integer: with decoding_mode "lookahead" the model fails to load`
      : verdict.message;
    out.push(
      problem(
        verdict.severity === 'error' || insisted ? 'trtllm/invalid-value' : 'trtllm/value-ignored',
        e.valueAt,
        `Parameter "${e.key}" of ${modelLabel(r)}: ${message}`,
      ),
    );
  }
  return out;
};

/** Keys the model cannot do without (for the tensorrt_llm model: what the C++ backend requires). */
export const trtllmMissingParameters: ModelRule = (model) => {
  const r = recognised(model);
  if (!r) return [];
  const entries = entriesOf(model.config);
  const present = new Set(entries.map((e) => e.key));
  const at = fieldSpan(model.config, 'backend') ?? fieldSpan(model.config, 'name') ?? { start: 0, end: 0 };
  const out: Problem[] = [];
  for (const param of requiredKeys(r.kind, r.backend, entries)) {
    if (present.has(param.key) || (param.orKey && present.has(param.orKey))) continue;
    const alias = entries.find((e) => retiredKey(r.kind, e.key)?.replacement === param.key);
    const related = alias ? [{ at: alias.keyAt, message: `"${alias.key}" is written instead` }] : undefined;
    const either = param.orKey ? ` (or "${param.orKey}")` : '';
    const why = param.key.startsWith('lookahead_') ? ' with decoding_mode "lookahead"' : '';
    if (param.mandatory === 'release') {
      out.push(
        problem(
          'trtllm/missing-key-for-release',
          at,
          `${capitalise(modelLabel(r))} of v0.19.0 and later reads parameter "${param.key}" unconditionally: without the key (an unfilled "\${${param.key}}" is fine) its instances fail with "Cannot find parameter with name: ${param.key}"`,
          related,
        ),
      );
    } else {
      out.push(
        problem(
          'trtllm/missing-key',
          at,
          `${capitalise(modelLabel(r))} needs parameter "${param.key}"${either}${why}: without it the model fails to load`,
          related,
        ),
      );
    }
  }
  return out;
};

function requiredKeys(
  kind: ModelKind,
  backend: TrtllmBackend | undefined,
  entries: Entry[],
): ParameterInfo[] {
  // The tensorrt_llm model's requirements are the C++ backend's: the Python one has defaults.
  if (kind === 'tensorrt_llm' && backend !== 'cpp') return [];
  const required = kindInfo(kind).parameters.filter((x) => x.mandatory !== undefined);
  const lookahead = entries.some((e) => e.key === 'decoding_mode' && e.value?.trim() === 'lookahead');
  if (kind === 'tensorrt_llm' && lookahead)
    for (const x of kindInfo(kind).parameters)
      if (x.key.startsWith('lookahead_')) required.push({ ...x, mandatory: 'error' });
  return required;
}
