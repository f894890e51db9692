// Editor support from an ONNX model file (issue 17): hover on the model's name shows the model's
// signature and what the auto-complete fills in; hover on an input or output name shows the model's
// own view of that tensor; completion of input and output names offers the model's names; the quick
// fix of onnx/auto-complete writes what the auto-complete fills in.
import type { MessageValue, ScalarValue } from '../model/configModel';
import { buildConfigModel, messagesOf, scalarOf } from '../model/configModel';
import { autoCompleteFixData, autoCompletePlan, describePlan } from '../onnx/autoComplete';
import { latestOnnx, modelNameAnchor } from '../rules/onnxModel';
import type { OnnxValueInfo } from '../onnx/readOnnx';
import { tensorSummary } from '../onnx/validate';
import type { Schema } from '../schema/schema';
import type { ParseResult } from '../syntax/parser';
import type { ModelUnderCheck } from '../rules/types';
import type { TextEdit } from './format';
import type { HoverResult } from './hover';
import type { NameCompletion } from './navigation';

type Kind = 'input' | 'output';

function inside(v: { start: number; end: number }, offset: number): boolean {
  return offset >= v.start && offset <= v.end;
}

/** The `name` string of a config input or output at `offset`. */
function tensorNameAt(
  config: MessageValue,
  offset: number,
): { kind: Kind; literal: ScalarValue; tensor: MessageValue } | undefined {
  for (const kind of ['input', 'output'] as const)
    for (const tensor of messagesOf(config, kind)) {
      const literal = scalarOf(tensor, 'name');
      if (literal && typeof literal.value === 'string' && inside(literal, offset))
        return { kind, literal, tensor };
    }
  return undefined;
}

function modelTensors(
  sig: { inputs: OnnxValueInfo[]; overridable: OnnxValueInfo[]; outputs: OnnxValueInfo[] },
  kind: Kind,
) {
  return kind === 'input'
    ? [
        ...sig.inputs.map((info) => ({ info, note: '' })),
        ...sig.overridable.map((info) => ({ info, note: ' (overridable initializer)' })),
      ]
    : sig.outputs.map((info) => ({ info, note: '' }));
}

function dimsLine(info: OnnxValueInfo): string {
  if (!info.shape) return '';
  const names = info.shape.map((d, i) => (d === -1 ? info.dimParams?.[i] || '?' : String(d)));
  return ` — dims \`[${names.join(', ')}]\``;
}

/**
 * Hover from the model file: on the model's `name`, its signature and the auto-complete; on an
 * input's or output's `name`, the model's view of that tensor (for each version's file).
 */
export function onnxHover(model: ModelUnderCheck, offset: number): HoverResult | undefined {
  const config = model.config;
  const files = (model.onnx ?? []).filter((f) => f.read.ok);
  if (!config || files.length === 0) return undefined;
  const modelName = scalarOf(config, 'name');
  if (modelName && inside(modelName, offset)) {
    const lines: string[] = [];
    for (const f of files) {
      if (!f.read.ok) continue;
      const sig = f.read.signature;
      lines.push(`**${f.display}** (ONNX, IR version ${sig.irVersion})`, '');
      for (const kind of ['input', 'output'] as const)
        for (const { info, note } of modelTensors(sig, kind))
          lines.push(`- ${kind} \`${info.name}\`: ${tensorSummary(info)}${note}`);
      const plan = autoCompletePlan(config, sig);
      const what = plan && !plan.batchingRefused ? describePlan(plan) : '';
      lines.push('', what ? `Auto-complete fills in: ${what}.` : 'Auto-complete adds nothing.', '');
    }
    return { contents: lines.join('\n').trimEnd(), start: modelName.start, end: modelName.end };
  }
  const at = tensorNameAt(config, offset);
  if (!at) return undefined;
  const name = at.literal.value as string;
  const lines: string[] = [];
  for (const f of files) {
    if (!f.read.ok) continue;
    const found = modelTensors(f.read.signature, at.kind).find((t) => t.info.name === name);
    lines.push(
      found
        ? `**${f.display}**: ${at.kind} \`${name}\`: ${tensorSummary(found.info)}${found.note}${dimsLine(found.info)}`
        : `**${f.display}** has no ${at.kind} \`${name}\``,
    );
  }
  return { contents: lines.join('\n\n'), start: at.literal.start, end: at.literal.end };
}

/** Completion inside an input's or output's `name` string: the model's names not written yet. */
export function onnxNameCompletions(model: ModelUnderCheck, offset: number): NameCompletion[] {
  const config = model.config;
  const file = latestOnnx(model);
  if (!config || !file) return [];
  const at = tensorNameAt(config, offset);
  // Inside the quotes only.
  if (!at || offset <= at.literal.start || offset >= at.literal.end) return [];
  const written = new Set(
    messagesOf(config, at.kind)
      .filter((t) => t !== at.tensor)
      .map((t) => scalarOf(t, 'name')?.value),
  );
  return modelTensors(file.read.signature, at.kind)
    .filter(({ info }) => !written.has(info.name))
    .map(({ info, note }) => ({
      label: info.name,
      detail: `${at.kind} of ${file.display}: ${tensorSummary(info)}${note}`,
      start: at.literal.start,
      end: at.literal.end,
    }));
}

/**
 * The edits of the onnx/auto-complete quick fix, from its `data`: set a written max_batch_size in
 * place, append the rest at the end of the config.
 */
export function autoCompleteEdits(
  parsed: ParseResult,
  schema: Schema,
  rootType: string,
  data: Record<string, unknown>,
): TextEdit[] | undefined {
  if (typeof data.append !== 'string') return undefined;
  const edits: TextEdit[] = [];
  let append = data.append;
  if (typeof data.maxBatchSize === 'number') {
    const written = scalarOf(buildConfigModel(parsed, schema, rootType), 'max_batch_size');
    if (written) edits.push({ start: written.start, end: written.end, newText: String(data.maxBatchSize) });
    else append = `max_batch_size: ${data.maxBatchSize}\n${append}`;
  }
  const text = parsed.text;
  const end = text.length;
  edits.push({ start: end, end, newText: (text === '' || text.endsWith('\n') ? '' : '\n') + append });
  return edits;
}

/** What the auto-complete adds to an open config, for a code lens and a code action. */
export interface AutoCompleteOffer {
  /** "Triton's auto-complete adds 2 inputs (a, b), 1 output (y) from 1/model.onnx". */
  title: string;
  /** The model's name (or the backend line): where the lens sits. */
  start: number;
  end: number;
  /** The quick fix's input, for ConfigDocument.autoCompleteEdits. */
  data: Record<string, unknown>;
}

export function autoCompleteOffer(model: ModelUnderCheck): AutoCompleteOffer | undefined {
  if (!model.config) return undefined;
  const file = latestOnnx(model);
  const plan = file && autoCompletePlan(model.config, file.read.signature);
  const what = plan && !plan.batchingRefused ? describePlan(plan) : '';
  if (!file || !plan || what === '') return undefined;
  return {
    title: `Triton's auto-complete adds ${what} from ${file.display}`,
    ...modelNameAnchor(model.config),
    data: autoCompleteFixData(model.config, plan),
  };
}
