// Checks language-configuration.json: comments, brackets, auto-closing/surrounding pairs, folding.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const PATH = join(__dirname, '..', '..', 'language-configuration.json');

type Pair = [string, string];
interface AutoClosingPair {
  open: string;
  close: string;
  notIn?: string[];
}
interface LanguageConfiguration {
  comments?: { lineComment?: string; blockComment?: Pair };
  brackets?: Pair[];
  colorizedBracketPairs?: Pair[];
  autoClosingPairs?: (AutoClosingPair | Pair)[];
  surroundingPairs?: (Pair | { open: string; close: string })[];
  folding?: { offSide?: boolean; markers?: { start: string; end: string } };
  indentationRules?: { increaseIndentPattern: string; decreaseIndentPattern: string };
  wordPattern?: string;
}

const config = JSON.parse(readFileSync(PATH, 'utf8')) as LanguageConfiguration;

const asPair = (p: AutoClosingPair | Pair | { open: string; close: string }): Pair =>
  Array.isArray(p) ? p : [p.open, p.close];
const has = (pairs: Pair[], open: string, close: string) => pairs.some(([o, c]) => o === open && c === close);

describe('language-configuration.json', () => {
  test('uses # line comments and no block comments', () => {
    assert.equal(config.comments?.lineComment, '#');
    assert.equal(config.comments?.blockComment, undefined);
  });

  test('knows the three bracket pairs of the text format', () => {
    const brackets = config.brackets ?? [];
    for (const [o, c] of [
      ['{', '}'],
      ['[', ']'],
      ['<', '>'],
    ] as const) {
      assert.ok(has(brackets, o, c), `bracket ${o}${c}`);
    }
  });

  test('auto-closes brackets and both quotes, but not quotes inside strings or comments', () => {
    const pairs = config.autoClosingPairs ?? [];
    const all = pairs.map(asPair);
    for (const [o, c] of [
      ['{', '}'],
      ['[', ']'],
      ['"', '"'],
      ["'", "'"],
    ] as const) {
      assert.ok(has(all, o, c), `auto-closing ${o}${c}`);
    }
    for (const q of ['"', "'"]) {
      const p = pairs.find((x) => !Array.isArray(x) && x.open === q) as AutoClosingPair | undefined;
      assert.ok(
        p?.notIn?.includes('string') && p.notIn.includes('comment'),
        `${q} must not auto-close in strings/comments`,
      );
    }
  });

  test('surrounds selections with brackets and quotes', () => {
    const pairs = (config.surroundingPairs ?? []).map(asPair);
    for (const [o, c] of [
      ['{', '}'],
      ['[', ']'],
      ['<', '>'],
      ['"', '"'],
      ["'", "'"],
    ] as const) {
      assert.ok(has(pairs, o, c), `surrounding ${o}${c}`);
    }
  });

  test('folding: not off-side, with # region markers', () => {
    assert.equal(config.folding?.offSide, false);
    const markers = config.folding?.markers;
    assert.ok(markers);
    assert.match('  # region inputs', new RegExp(markers.start));
    assert.match('# endregion', new RegExp(markers.end));
    assert.doesNotMatch('# endregion', new RegExp(markers.start));
  });

  test('indents after an opening bracket and outdents on a closing one', () => {
    const rules = config.indentationRules;
    assert.ok(rules);
    const inc = new RegExp(rules.increaseIndentPattern);
    const dec = new RegExp(rules.decreaseIndentPattern);
    assert.match('input [', inc);
    assert.match('  dynamic_batching {  # comment', inc);
    assert.match('optimization <', inc);
    assert.doesNotMatch('input { name: "x" }', inc);
    assert.doesNotMatch('# a comment {', inc);
    assert.match('  }', dec);
    assert.match(']', dec);
    assert.doesNotMatch('  name: "x"', dec);
  });

  test('treats a ${placeholder} as one word', () => {
    assert.ok(config.wordPattern);
    const re = new RegExp(config.wordPattern, 'g');
    const words = 'max_batch_size: ${triton_max_batch_size}'.match(re);
    assert.deepEqual(words, ['max_batch_size', '${triton_max_batch_size}']);
  });
});
