// The core's JSON reader (engine config.json, values files, profiles): values with their offsets, strict
// errors, deep nesting, plain values as JSON.parse gives them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { JsonNode } from '../../server/src/core/json/readJson';
import { jsonValue, member, nodeAt, readJson } from '../../server/src/core/json/readJson';
import { valuesFromFile } from '../../server/src/core/templates/values';

function parsed(text: string): JsonNode {
  const r = readJson(text);
  assert.ok(r.ok, JSON.stringify(r));
  return r.root;
}

/** The node back to a plain value, to compare with JSON.parse. */
function plain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.members.map((m) => [m.key, plain(m.value)]));
    case 'array':
      return node.items.map(plain);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

test('values and keys carry their offsets', () => {
  const text = '{ "a": [1, {"b": null}, []],\n  "c": "x\\u0041" }';
  const root = parsed(text);
  const a = member(root, 'a')!;
  assert.equal(text.slice(a.start, a.end), '[1, {"b": null}, []]');
  const c = member(root, 'c')!;
  assert.deepEqual(
    [c.kind, c.kind === 'string' && c.value, text.slice(c.start, c.end)],
    ['string', 'xA', '"x\\u0041"'],
  );
  assert.equal(
    root.kind === 'object' && text.slice(root.members[1]!.keyStart, root.members[1]!.keyEnd),
    '"c"',
  );
  assert.deepEqual([root.start, root.end], [0, text.length]);
});

test('a repeated key: the last one wins, as in nlohmann::json', () => {
  const v = member(parsed('{"k": 1, "k": 2}'), 'k');
  assert.equal(v?.kind === 'number' && v.value, 2);
});

test('agrees with JSON.parse on what it accepts, for any JSON value', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
      const text = JSON.stringify(value, null, indent);
      assert.deepEqual(plain(parsed(text)), JSON.parse(text));
    }),
  );
});

test('rejects what JSON rejects, with the first error where it is', () => {
  const cases: [string, number, RegExp][] = [
    ['{"a": 1,}', 8, /property name/],
    ['[1 2]', 3, /"," or "]"/],
    ['{"a" 1}', 5, /":"/],
    ['{"a": 01}', 7, /"," or "}"/],
    ['{"a": NaN}', 6, /a value/],
    ['{"a": "x', 6, /not closed/],
    ['"\t"', 1, /control character/],
    ['"\\x"', 1, /escape/],
    ['{"a": 1} x', 9, /end of the file/],
    ['', 0, /a value, found end of file/],
  ];
  for (const [text, at, message] of cases) {
    const r = readJson(text);
    assert.ok(!r.ok, text);
    assert.equal(r.error.start, at, text);
    assert.match(r.error.message, message, text);
    assert.equal(safeParse(text), false, `JSON.parse also rejects ${text}`);
  }
});

function safeParse(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

test('never throws, for any string', () => {
  fc.assert(fc.property(fc.string(), (s) => void readJson(s)));
});

test('100,000-deep nesting does not overflow the stack', () => {
  const text = '['.repeat(100_000) + ']'.repeat(100_000);
  assert.ok(readJson(text).ok);
});

test('jsonValue gives what JSON.parse gives, for any JSON value (repeated keys: the last wins)', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const text = JSON.stringify(v);
      const r = readJson(text);
      assert.ok(r.ok);
      assert.deepEqual(jsonValue(r.root), JSON.parse(text));
    }),
    { seed: 20261122, numRuns: 300 },
  );
  const repeated = '{"a": 1, "a": {"b": [1, 2]}, "__proto__": {"x": 1}}';
  const r = readJson(repeated);
  assert.ok(r.ok);
  assert.deepEqual(jsonValue(r.root), JSON.parse(repeated));
  assert.equal(({} as Record<string, unknown>).x, undefined, 'no prototype was touched');
});

test('numbers keep their source text; nodeAt finds keys and indexes, or the deepest node on the way', () => {
  const r = readJson('{"a": {"b": [0.90, 1e3]}}');
  assert.ok(r.ok);
  const b = nodeAt(r.root, ['a', 'b', 0]);
  assert.deepEqual(b.node.kind === 'number' && [b.node.raw, b.node.value], ['0.90', 0.9]);
  assert.equal(b.member, undefined);
  const missing = nodeAt(r.root, ['a', 'zzz']);
  assert.equal(missing.member?.key, 'a');
});

test('a values file with a UTF-8 byte order mark is read (the reader tolerates it; JSON.parse does not)', () => {
  const { entries, problems } = valuesFromFile('/v.json', '\ufeff{"values": {"triton_max_batch_size": 8}}');
  assert.deepEqual(problems, []);
  assert.deepEqual(
    entries.map((e) => [e.name, e.text]),
    [['triton_max_batch_size', '8']],
  );
});
