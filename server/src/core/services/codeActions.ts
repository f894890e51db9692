import type { Diagnostic } from '../diagnostics/types';
import type { ParseResult } from '../syntax/parser';
import type { LineIndex } from '../text/lineIndex';
import type { Schema } from '../schema/schema';
import { fieldEnd, fieldStart, locate } from './locate';
import type { TextEdit } from './format';
import { autoCompleteEdits } from './onnxEditor';
import { parameterKeyFix } from './trtllmEditor';

export interface QuickFix {
  title: string;
  diagnostic: Diagnostic;
  edits: TextEdit[];
  /** The fix to apply when the user asks for "the" fix. */
  preferred: boolean;
}

/**
 * Quick fixes for diagnostics of this document. Inputs come from the diagnostic's code and `data`
 * (never from its message): did-you-mean for unknown fields and enum values, removing a duplicate
 * field, wrapping a string parameter value, inserting a missing `:`, fixing a boolean, writing what
 * an ONNX model's auto-complete fills in.
 */
export function quickFixes(
  parsed: ParseResult,
  schema: Schema,
  rootType: string,
  lines: LineIndex,
  diagnostics: readonly Diagnostic[],
): QuickFix[] {
  const out: QuickFix[] = [];
  for (const d of diagnostics) {
    const start = lines.offsetAt(d.range.start);
    const end = lines.offsetAt(d.range.end);
    const data = d.data ?? {};
    const replace = (title: string, newText: string, preferred = true) =>
      out.push({ title, diagnostic: d, edits: [{ start, end, newText }], preferred });
    switch (d.code) {
      case 'schema/unknown-field':
      case 'schema/unknown-enum-value':
        if (typeof data.suggestion === 'string') replace(`Change to "${data.suggestion}"`, data.suggestion);
        break;
      case 'trtllm/unknown-key':
      case 'trtllm/renamed-key': {
        const fix = parameterKeyFix(data);
        if (fix) replace(fix.title, fix.newText);
        break;
      }
      case 'onnx/auto-complete': {
        const edits = autoCompleteEdits(parsed, schema, rootType, data);
        if (edits)
          out.push({
            title: 'Write what auto-complete fills in from the model into the config',
            diagnostic: d,
            edits,
            preferred: true,
          });
        break;
      }
      case 'schema/invalid-bool':
        replace('Change to true', 'true', false);
        replace('Change to false', 'false', false);
        break;
      case 'schema/parameter-value-shape':
        if (typeof data.stringToken === 'string')
          replace('Wrap in { string_value: ... }', `{ string_value: ${data.stringToken} }`);
        break;
      case 'schema/wrong-type':
        if (data.insertColon === true) {
          const loc = locate(parsed, schema, rootType, start);
          const field = loc.path[loc.path.length - 1]?.node;
          if (field) {
            const at = fieldStart(parsed, field) + field.name.length;
            out.push({
              title: 'Insert ":"',
              diagnostic: d,
              edits: [{ start: at, end: at, newText: ':' }],
              preferred: true,
            });
          }
        }
        break;
      case 'schema/duplicate-field': {
        const loc = locate(parsed, schema, rootType, start);
        const field = loc.path[loc.path.length - 1]?.node;
        if (!field) break;
        // Remove the whole line(s) of the field when it stands alone on them, else just the field.
        let s = fieldStart(parsed, field);
        let e = fieldEnd(parsed, field);
        const text = parsed.text;
        const lineStart = text.lastIndexOf('\n', s - 1) + 1;
        const lineEnd = text.indexOf('\n', e);
        if (
          /^[ \t]*$/.test(text.slice(lineStart, s)) &&
          /^[ \t]*$/.test(text.slice(e, lineEnd === -1 ? text.length : lineEnd))
        ) {
          s = lineStart;
          e = lineEnd === -1 ? text.length : lineEnd + 1;
        }
        out.push({
          title: `Remove the duplicate "${field.name}"`,
          diagnostic: d,
          edits: [{ start: s, end: e, newText: '' }],
          preferred: true,
        });
        break;
      }
    }
  }
  return out;
}
