import type { BodyItem, DocumentNode, ListItem, ValueNode } from './cst';
import type { ParseResult } from './parser';
import { Tok, tokEnd, tokStart } from './tokens';

/**
 * The significant tokens the tree owns, in tree order. Walks with an explicit stack: trees can be
 * nested tens of thousands deep.
 */
export function ownedTokens(document: DocumentNode): number[] {
  const out: number[] = [];
  type Item = BodyItem | ListItem | ValueNode | number;
  // Stack of things still to visit, in reverse order; a number is a token to emit.
  const stack: Item[] = [];
  const pushReversed = (items: Item[]) => {
    for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]!);
  };
  pushReversed(document.fields);
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'number') {
      if (item !== -1) out.push(item);
      continue;
    }
    switch (item.type) {
      case 'field': {
        const name: number[] = [];
        for (let i = item.nameFirst; i <= item.nameLast; i++) name.push(i);
        // Only significant tokens are owned; trivia inside `[a . b]` is filtered by the printer.
        pushReversed([...name, item.colon, item.value, item.separator]);
        break;
      }
      case 'message':
        pushReversed([item.open, ...item.fields, item.close]);
        break;
      case 'list': {
        const parts: Item[] = [item.open];
        item.items.forEach((child, i) => {
          parts.push(child);
          if (i < item.commas.length) parts.push(item.commas[i]!);
        });
        for (let i = item.items.length; i < item.commas.length; i++) parts.push(item.commas[i]!);
        parts.push(item.close);
        pushReversed(parts);
        break;
      }
      case 'scalar':
        out.push(...(item.minus !== -1 ? [item.minus] : []));
        if (item.first !== -1) for (let i = item.first; i <= item.last; i++) out.push(i);
        break;
      case 'missing':
        if (item.consumed) out.push(item.at);
        break;
      case 'skipped':
        for (let i = item.first; i <= item.last; i++) out.push(i);
        break;
    }
  }
  return out;
}

/**
 * Prints the tree back to text: trivia as is, significant tokens in the order the tree owns them.
 * Returns undefined when the tree does not own every significant token exactly once, in order
 * (which would be a parser bug); otherwise the result equals the parsed text.
 */
export function printTree(parsed: ParseResult): string | undefined {
  const { tokens, text } = parsed;
  const owned = ownedTokens(parsed.document).filter((i) => tokens.kind[i]! > Tok.Control);
  let next = 0;
  let out = '';
  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kind[i]!;
    if (kind > Tok.Control && kind !== Tok.EOF) {
      if (owned[next] !== i) return undefined;
      next++;
    }
    out += text.slice(tokStart(tokens, i), tokEnd(tokens, i));
  }
  return next === owned.length ? out : undefined;
}
