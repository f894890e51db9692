// The formatter over every config we have: the result parses without problems, to the same tree
// (same fields, same values, same comments), and formatting it again changes nothing.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatText } from '../../server/src/core/index';
import type { BodyItem, ListItem, ValueNode } from '../../server/src/core/syntax/cst';
import { parse } from '../../server/src/core/syntax/parser';
import type { ParseResult } from '../../server/src/core/syntax/parser';
import { Tok, tokText } from '../../server/src/core/syntax/tokens';
import { REPO_ROOT, SHARED, sharedAvailable } from '../shared';

function pbtxtUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? pbtxtUnder(join(dir, e.name)) : e.name.endsWith('.pbtxt') ? [join(dir, e.name)] : [],
  );
}

/** The tree as data: field names and value tokens, with `<>` and `{}` alike and separators ignored. */
function shape(parsed: ParseResult): unknown {
  const t = (i: number) => tokText(parsed.tokens, i);
  const value = (v: ValueNode | ListItem): unknown => {
    switch (v.type) {
      case 'message':
        return { message: body(v.fields) };
      case 'list':
        return { list: v.items.map(value) };
      case 'scalar': {
        const parts: string[] = v.minus !== -1 ? ['-'] : [];
        for (let i = v.first; i <= v.last; i++) if (parsed.tokens.kind[i]! > Tok.Control) parts.push(t(i));
        return parts;
      }
      default:
        return v.type;
    }
  };
  const body = (items: BodyItem[]): unknown[] =>
    items.map((f) => (f.type === 'field' ? [f.name, value(f.value)] : 'skipped'));
  return body(parsed.document.fields);
}

function comments(parsed: ParseResult): string[] {
  const out: string[] = [];
  for (let i = 0; i < parsed.tokens.count; i++)
    if (parsed.tokens.kind[i] === Tok.Comment) out.push(tokText(parsed.tokens, i).trimEnd());
  return out;
}

test('formatting keeps the tree and the comments, and is idempotent, on every config we have', (t) => {
  const files = [
    ...pbtxtUnder(join(REPO_ROOT, 'examples')),
    ...pbtxtUnder(join(REPO_ROOT, 'test', 'fixtures', 'valid')),
  ];
  if (sharedAvailable()) files.push(...pbtxtUnder(join(SHARED, 'corpus')));
  else t.diagnostic('../shared is absent: corpus files not formatted');
  assert.ok(files.length >= 16);
  for (const f of files) {
    const before = parse(readFileSync(f, 'utf8'));
    const formatted = formatText(before);
    assert.ok(formatted !== undefined, `${f}: refused`);
    const after = parse(formatted);
    assert.deepEqual(after.problems, [], f);
    assert.deepEqual(shape(after), shape(before), f);
    assert.deepEqual(comments(after), comments(before), f);
    assert.equal(formatText(after), formatted, `${f}: not idempotent`);
  }
  t.diagnostic(`${files.length} files formatted`);
});

test('formatting refuses text with syntax errors (nothing is lost)', () => {
  assert.equal(formatText(parse('input { name: "x"')), undefined);
  assert.equal(formatText(parse('name: "x" ;; max_batch_size: 1')), undefined);
});
