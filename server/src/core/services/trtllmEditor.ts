// Editor support for TensorRT-LLM `parameters`: hover on a key, completion of keys and of enum/bool
// values, and the did-you-mean fix. Called from hover.ts, completion.ts and codeActions.ts.
import type { MessageValue } from '../model/configModel';
import { buildConfigModel, stringOf } from '../model/configModel';
import { isTemplated } from '../rules/known';
import { decodeStringLiteral } from '../schema/scalars';
import type { Schema } from '../schema/schema';
import type { FieldNode } from '../syntax/cst';
import type { ParseResult } from '../syntax/parser';
import { Tok, tokEnd, tokStart, tokText } from '../syntax/tokens';
import type { ModelKind, ParameterInfo, TrtllmBackend } from '../trtllm/parameters';
import { MODEL_KINDS, kindInfo, parametersOf } from '../trtllm/parameters';
import type { Recognised } from '../trtllm/recognise';
import { parameterKeys, recognise } from '../trtllm/recognise';
import type { CompletionResult } from './completion';
import type { HoverResult } from './hover';
import { tokenAt } from './hover';
import { locate } from './locate';

/** A string inside a top-level `parameters` entry: its key, or its `string_value`. */
interface ParameterString {
  part: 'key' | 'value';
  /** The entry's key (for `value`: read from the sibling `key` field). */
  key: string | undefined;
  /** The string token and the range of its content (inside the quotes). */
  token: number;
  contentStart: number;
  contentEnd: number;
}

function stringToken(parsed: ParseResult, offset: number): number | undefined {
  const tok = tokenAt(parsed, offset);
  const { tokens } = parsed;
  if (tokens.kind[tok] !== Tok.String) return undefined;
  // Inside the quotes, not before the opening one.
  return offset > tokStart(tokens, tok) ? tok : undefined;
}

function keyOf(parsed: ParseResult, entry: FieldNode): string | undefined {
  if (entry.value.type !== 'message') return undefined;
  const key = entry.value.fields.find((f): f is FieldNode => f.type === 'field' && f.name === 'key');
  if (key?.value.type !== 'scalar' || parsed.tokens.kind[key.value.first] !== Tok.String) return undefined;
  return decodeStringLiteral(tokText(parsed.tokens, key.value.first));
}

function parameterString(
  parsed: ParseResult,
  schema: Schema,
  rootType: string,
  offset: number,
): ParameterString | undefined {
  const token = stringToken(parsed, offset);
  if (token === undefined) return undefined;
  const loc = locate(parsed, schema, rootType, offset);
  const names = loc.path.map((s) => s.node.name).join('.');
  if (loc.part !== 'value' || (names !== 'parameters.key' && names !== 'parameters.value.string_value'))
    return undefined;
  const { tokens } = parsed;
  const start = tokStart(tokens, token);
  const end = tokEnd(tokens, token);
  const text = tokText(tokens, token);
  const closed = text.length > 1 && text[text.length - 1] === text[0];
  return {
    part: names === 'parameters.key' ? 'key' : 'value',
    key: keyOf(parsed, loc.path[0]!.node),
    token,
    contentStart: start + 1,
    contentEnd: closed ? end - 1 : end,
  };
}

/**
 * The model the document is, as the rules see it (its `name` standing in for the directory), or,
 * failing that, the template model its name and backend suggest (a new file has no keys yet).
 */
function documentModel(config: MessageValue): Recognised | undefined {
  const name = stringOf(config, 'name') ?? '';
  const found = recognise(config, name);
  if (found) return found;
  const backend = stringOf(config, 'backend');
  if (backend !== 'python' && (backend === undefined || !isTemplated(backend))) return undefined;
  const byName = MODEL_KINDS.find((k) => k.dirName === name && k.kind !== 'ensemble');
  return (
    byName && {
      kind: byName.kind,
      ...(byName.kind === 'tensorrt_llm' && backend === 'python' ? { backend: 'python' } : {}),
    }
  );
}

function describe(param: ParameterInfo, kind: ModelKind, backend: TrtllmBackend | undefined): string {
  const lines = [
    `**${param.key}**: \`${param.type}\` parameter of the ${kindInfo(kind).title}`,
    '',
    param.doc,
  ];
  const values = (param.values ?? []).filter(
    (v) => backend === 'python' || !param.pythonOnlyValues?.includes(v),
  );
  if (values.length) lines.push('', `Allowed values: ${values.map((v) => `\`${v}\``).join(', ')}`);
  if (param.type === 'bool') lines.push('', 'Allowed values: `true`, `false`');
  if (param.default) lines.push('', `Default: ${param.default}`);
  const who = kind === 'tensorrt_llm' ? 'the C++ backend' : 'the model';
  const either = param.orKey ? ` (or \`${param.orKey}\`)` : '';
  if (param.mandatory === 'error') lines.push('', `Mandatory${either}: ${who} does not load without it.`);
  if (param.mandatory === 'release') lines.push('', `The key must be present for ${who} since v0.19.0.`);
  if (param.backends?.length === 1)
    lines.push('', `Read by the ${param.backends[0] === 'cpp' ? 'C++' : 'Python'} backend only.`);
  return lines.join('\n');
}

/** Hover on a key inside `parameters { key: "..." }`: the parameter's documentation. */
export function parameterHover(
  parsed: ParseResult,
  schema: Schema,
  rootType: string,
  offset: number,
): HoverResult | undefined {
  const at = parameterString(parsed, schema, rootType, offset);
  if (!at || at.part !== 'key' || at.key === undefined) return undefined;
  const model = documentModel(buildConfigModel(parsed, schema, rootType));
  // Known kind first; otherwise any model that reads the key (hovering is harmless).
  const kinds = model ? [model.kind] : MODEL_KINDS.map((k) => k.kind);
  for (const kind of kinds) {
    const param = parametersOf(kind, model?.backend).find((x) => x.key === at.key);
    if (param)
      return {
        contents: describe(param, kind, model?.backend),
        start: tokStart(parsed.tokens, at.token),
        end: tokEnd(parsed.tokens, at.token),
      };
  }
  return undefined;
}

/**
 * Completions inside `parameters { key: "|" }` (the recognised model's keys not yet written) and
 * inside `value: { string_value: "|" }` (the values of an enum or bool key). Undefined when the
 * offset is not in such a string, so the schema's completions apply.
 */
export function parameterCompletions(
  parsed: ParseResult,
  schema: Schema,
  rootType: string,
  offset: number,
): CompletionResult[] | undefined {
  const at = parameterString(parsed, schema, rootType, offset);
  if (!at) return undefined;
  const config = buildConfigModel(parsed, schema, rootType);
  const model = documentModel(config);
  if (!model) return [];
  const params = parametersOf(model.kind, model.backend);
  const range = { start: at.contentStart, end: at.contentEnd };
  if (at.part === 'key') {
    const written = new Set(parameterKeys(config).filter((k) => k !== at.key));
    return params
      .filter((x) => !written.has(x.key))
      .map((x) => ({
        label: x.key,
        kind: 'field' as const,
        detail: `${x.type}${x.default ? ` (default ${x.default})` : ''}`,
        documentation: x.doc,
        insertText: x.key,
        snippet: false,
        ...range,
      }));
  }
  const param = params.find((x) => x.key === at.key);
  if (!param) return [];
  const values =
    param.type === 'bool'
      ? ['true', 'false']
      : (param.values ?? []).filter(
          (v) => model.backend === 'python' || !param.pythonOnlyValues?.includes(v),
        );
  return values.map((v) => ({
    label: v,
    kind: param.type === 'bool' ? ('value' as const) : ('enum' as const),
    detail: `${param.key}${param.default ? ` (default ${param.default})` : ''}`,
    documentation: '',
    insertText: v,
    snippet: false,
    ...range,
  }));
}

/** The did-you-mean (or rename) fix of `trtllm/unknown-key` and `trtllm/renamed-key`. */
export function parameterKeyFix(
  data: Record<string, unknown>,
): { title: string; newText: string } | undefined {
  if (typeof data.suggestion !== 'string') return undefined;
  // The diagnostic covers the whole string literal, quotes included.
  return { title: `Change to "${data.suggestion}"`, newText: JSON.stringify(data.suggestion) };
}
