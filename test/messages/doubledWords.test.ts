// No message says a word twice ("ensemble ensemble contains ..."): every string and template literal
// of the product's source is scanned, with `${...}` parts kept apart so that an interpolated name
// next to the same word (a model called "ensemble") is quoted rather than doubled.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { CODES } from '../../server/src/core/diagnostics/registry';
import { REPO_ROOT } from '../shared';

const DOUBLED = /\b([A-Za-z]{2,})\s+\1\b/; // case-sensitive: `--name NAME` is usage, not a message

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Texts of string and template literals; an interpolation becomes a word no message contains. */
function literals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    else if (ts.isTemplateExpression(node)) {
      const at = (e: ts.Expression) => `«${e.getText()}»`;
      out.push(node.head.text + node.templateSpans.map((s) => at(s.expression) + s.literal.text).join(''));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

test('no message template of the product doubles a word', () => {
  const found: string[] = [];
  for (const dir of ['server/src', 'client/src'])
    for (const file of sources(join(REPO_ROOT, dir)))
      for (const text of literals(file)) {
        const m = DOUBLED.exec(text);
        if (m) found.push(`${relative(REPO_ROOT, file)}: "${m[0]}" in ${JSON.stringify(text.slice(0, 120))}`);
      }
  assert.deepEqual(found, []);
});

test('no code summary doubles a word', () => {
  const found = Object.entries(CODES)
    .filter(([, info]) => DOUBLED.test(info.summary))
    .map(([code]) => code);
  assert.deepEqual(found, []);
});

test('the doubled-word scan catches a doubled word and an interpolation next to its own word', () => {
  assert.ok(DOUBLED.test('ensemble ensemble contains models'));
  // `ensemble ${name}` stays apart from its value: the rule quotes names instead (ensembleGraph.ts).
  assert.ok(!DOUBLED.test('ensemble «ensemble.name» contains'));
});
