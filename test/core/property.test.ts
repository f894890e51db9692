// Property tests: whatever the input, the parser and the checker never throw, and the tree prints
// back to the exact input. Fixed seeds keep failures reproducible.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { checkConfigText } from '../../server/src/core/index';
import { parse } from '../../server/src/core/syntax/parser';
import { printTree } from '../../server/src/core/syntax/print';

const SEED = 20261122;

/** Fragments that make random text look like pbtxt, so the parser's paths all get exercised. */
const fragment = fc.constantFrom(
  '{',
  '}',
  '<',
  '>',
  '[',
  ']',
  ':',
  ',',
  ';',
  '-',
  '.',
  '/',
  '"',
  "'",
  '#',
  '\n',
  ' ',
  '\t',
  '$',
  '${',
  '${v}',
  'name',
  'input',
  'dims',
  'data_type',
  'max_batch_size',
  'parameters',
  'key',
  'value',
  'string_value',
  'dynamic_batching',
  'sequence_batching',
  'TYPE_FP32',
  'KIND_GPU',
  'true',
  'f',
  'inf',
  'nan',
  '0',
  '1',
  '-1',
  '010',
  '09',
  '0x1f',
  '0x',
  '1.5',
  '1e3',
  '1e',
  '2.5f',
  '.5',
  '8x',
  '"a\\n"',
  "'b'",
  '"\\q"',
  '"${engine_dir}"',
  '\u0001',
  '\u00e9',
  '\ud83d\ude00',
  '\u0000',
);
const pbtxtSoup = fc.array(fragment, { maxLength: 200 }).map((parts) => parts.join(''));

function lossless(text: string): void {
  const printed = printTree(parse(text));
  assert.equal(printed, text);
}

describe('parser properties', () => {
  test('never throws and is lossless on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        lossless(text);
        checkConfigText(text);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  test('never throws and is lossless on random bytes decoded as UTF-8 and as Latin-1', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        for (const text of [Buffer.from(bytes).toString('utf8'), Buffer.from(bytes).toString('latin1')]) {
          lossless(text);
          checkConfigText(text);
        }
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  test('never throws and is lossless on pbtxt-like token soup', () => {
    fc.assert(
      fc.property(pbtxtSoup, (text) => {
        lossless(text);
        const diagnostics = checkConfigText(text);
        for (const d of diagnostics) {
          assert.ok(d.range.start.line <= d.range.end.line, 'ranges are ordered');
          assert.ok(d.message.length > 0);
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  test('reports at most one parser problem per position', () => {
    fc.assert(
      fc.property(pbtxtSoup, (text) => {
        const recovery = parse(text).problems.filter(
          (p) => !/invalid-(character|string|number)/.test(p.code),
        );
        const at = recovery.map((p) => p.protobufAt ?? p.start);
        assert.equal(new Set(at).size, at.length);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  test('10,000-deep nesting: no stack overflow, lossless', () => {
    for (const open of ['input { ', 'a < ', 'x: [ { ', 'input {']) {
      const close = open.includes('<') ? ' >' : open.includes('[') ? ' } ]' : ' }';
      const text = open.repeat(10_000) + close.repeat(10_000);
      lossless(text);
      checkConfigText(text);
      const unclosed = open.repeat(10_000);
      lossless(unclosed);
      checkConfigText(unclosed);
    }
  });

  test('a 10 MB file (valid content mixed with garbage) parses losslessly', () => {
    const block =
      'input { name: "INPUT_${n}" data_type: TYPE_FP32 dims: [ -1, 128 ] }\n' +
      'parameters { key: "k" value: { string_value: "v\\n" } }  # comment\n' +
      'output < name: "o" data_type: TYPE_INT32, dims: [ 1 ] >;\n';
    const garbage = '}}} ]] :: "unterminated\n\u0001 09 0x 1e ${x} [a.b]: {\n';
    let text = '';
    let i = 0;
    while (text.length < 10 * 1024 * 1024) text += i++ % 50 === 49 ? garbage : block;
    lossless(text);
    assert.ok(checkConfigText(text).length > 0);
  });
});
