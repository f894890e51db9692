import type { Schema } from '../schema/schema';
import type { ParseResult } from '../syntax/parser';
import { Tok, tokEnd, tokStart } from '../syntax/tokens';
import type { LineIndex } from '../text/lineIndex';
import { tokenAt } from './hover';
import { fieldEnd, fieldStart, locate, valueEnd } from './locate';

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment';
}

/** Folds every `{...}`, `<...>` and `[...]` spanning lines, and runs of two or more comment lines. */
export function foldingRanges(parsed: ParseResult, lines: LineIndex): FoldingRange[] {
  const { tokens, text } = parsed;
  const out: FoldingRange[] = [];
  const stack: number[] = [];
  let commentRun: { first: number; last: number } | undefined;
  const flushComments = () => {
    if (commentRun && commentRun.last > commentRun.first)
      out.push({ startLine: commentRun.first, endLine: commentRun.last, kind: 'comment' });
    commentRun = undefined;
  };
  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kind[i];
    if (kind === Tok.Comment) {
      const line = lines.positionAt(tokStart(tokens, i)).line;
      if (commentRun && line === commentRun.last + 1) commentRun.last = line;
      else {
        flushComments();
        commentRun = { first: line, last: line };
      }
      continue;
    }
    if (kind === Tok.Whitespace) continue;
    flushComments();
    if (kind !== Tok.Symbol) continue;
    const c = text[tokStart(tokens, i)];
    if (c === '{' || c === '<' || c === '[') stack.push(i);
    else if ((c === '}' || c === '>' || c === ']') && stack.length > 0) {
      const open = stack.pop()!;
      const startLine = lines.positionAt(tokStart(tokens, open)).line;
      const endLine = lines.positionAt(tokStart(tokens, i)).line;
      // Keep the closing bracket visible: fold up to the line before it.
      if (endLine - 1 > startLine) out.push({ startLine, endLine: endLine - 1 });
    }
  }
  flushComments();
  return out;
}

/** Nested ranges around an offset, innermost first: token, field value, field, enclosing message... */
export function selectionRanges(
  parsed: ParseResult,
  schema: Schema,
  rootType: string,
  offset: number,
): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  const push = (start: number, end: number) => {
    const last = ranges[ranges.length - 1];
    if (
      end > start &&
      (!last || (start <= last.start && end >= last.end && (start < last.start || end > last.end)))
    )
      ranges.push({ start, end });
  };
  const tok = tokenAt(parsed, offset);
  if (parsed.tokens.kind[tok]! > Tok.Control && parsed.tokens.kind[tok] !== Tok.EOF)
    push(tokStart(parsed.tokens, tok), tokEnd(parsed.tokens, tok));
  const loc = locate(parsed, schema, rootType, offset);
  for (let i = loc.path.length - 1; i >= 0; i--) {
    const node = loc.path[i]!.node;
    if (i === loc.path.length - 1 && loc.part === 'value')
      push(
        tokStart(parsed.tokens, node.value.type === 'missing' ? node.value.at : firstTok(node.value)),
        valueEnd(parsed, node.value, node),
      );
    push(fieldStart(parsed, node), fieldEnd(parsed, node));
  }
  push(0, parsed.text.length);
  return ranges;
}

function firstTok(v: { type: string; open?: number; minus?: number; first?: number }): number {
  if (v.type === 'message' || v.type === 'list') return v.open!;
  return v.minus !== undefined && v.minus !== -1 ? v.minus : v.first!;
}
