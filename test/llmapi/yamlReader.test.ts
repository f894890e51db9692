// The model.yaml reader: scalars typed as PyYAML (YAML 1.1) types them, located keys and values, and
// syntax errors with a place. The table was produced by PyYAML 6.0 itself
// (`yaml.safe_load("k: " + text)["k"]`), so it pins our resolver to PyYAML's reading.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolvePlain } from '../../server/src/core/llmapi/pyyamlScalars';
import { readYaml } from '../../server/src/core/llmapi/yamlTree';

// [plain scalar, PyYAML type, Python value (inf/nan as strings; dates not compared)]
const PYYAML: [string, string, unknown][] = [
  ['False', 'bool', false],
  ['false', 'bool', false],
  ['FALSE', 'bool', false],
  ['fAlse', 'str', 'fAlse'],
  ['yes', 'bool', true],
  ['Yes', 'bool', true],
  ['y', 'str', 'y'],
  ['n', 'str', 'n'],
  ['on', 'bool', true],
  ['Off', 'bool', false],
  ['~', 'null', null],
  ['null', 'null', null],
  ['Null', 'null', null],
  ['nUll', 'str', 'nUll'],
  ['1', 'int', 1],
  ['-1', 'int', -1],
  ['+1', 'int', 1],
  ['010', 'int', 8],
  ['09', 'str', '09'],
  ['0o17', 'str', '0o17'],
  ['0x1F', 'int', 31],
  ['0b101', 'int', 5],
  ['1_000', 'int', 1000],
  ['1:30', 'int', 90],
  ['190:20:30', 'int', 685230],
  ['1.5', 'float', 1.5],
  ['1.', 'float', 1.0],
  ['.5', 'float', 0.5],
  ['1e3', 'str', '1e3'],
  ['1e-3', 'str', '1e-3'],
  ['1.0e-3', 'float', 0.001],
  ['1.0e3', 'str', '1.0e3'],
  ['1.0E+3', 'float', 1000.0],
  ['-.inf', 'float', '-inf'],
  ['.NaN', 'float', 'nan'],
  ['.nan', 'float', 'nan'],
  ['2024-01-01', 'timestamp', null],
  ['2024-1-1 10:00:00', 'timestamp', null],
  ['abc', 'str', 'abc'],
  ['TinyLlama/TinyLlama-1.1B-Chat-v1.0', 'str', 'TinyLlama/TinyLlama-1.1B-Chat-v1.0'],
  ['0.90', 'float', 0.9],
  ['-0', 'int', 0],
  ['+0', 'int', 0],
  ['0_0', 'int', 0],
  ['1__2', 'int', 12],
];

test('plain scalars get the types and values PyYAML gives them', () => {
  for (const [text, type, value] of PYYAML) {
    const r = resolvePlain(text);
    assert.equal(r.type, type, text);
    if (type === 'timestamp') continue;
    const v = typeof r.value === 'number' && !Number.isFinite(r.value) ? String(r.value) : r.value;
    const expected =
      value === 'inf' ? 'Infinity' : value === '-inf' ? '-Infinity' : value === 'nan' ? 'NaN' : value;
    assert.deepEqual(v, expected, text);
  }
});

test('quoted and block scalars are strings; tagged ones follow their tag', () => {
  const read = readYaml('a: "False"\nb: \'1\'\nc: |\n  yes\nd: !!int "7"\ne: !!str 7\nf:\n');
  assert.deepEqual(read.errors, []);
  const root = read.root;
  assert.ok(root?.kind === 'map');
  const typed = root.entries.map((e) => [
    e.key,
    e.value.kind === 'scalar' ? [e.value.type, e.value.value] : e.value.kind,
  ]);
  assert.deepEqual(typed, [
    ['a', ['str', 'False']],
    ['b', ['str', '1']],
    ['c', ['str', 'yes\n']],
    ['d', ['int', 7]],
    ['e', ['str', '7']],
    ['f', ['null', null]],
  ]);
});

test('keys and values keep their offsets', () => {
  const text = 'model: org/m\nkv_cache_config:\n  max_tokens: 64\n';
  const root = readYaml(text).root;
  assert.ok(root?.kind === 'map');
  const kv = root.entries[1]!;
  assert.equal(text.slice(kv.keyStart, kv.keyEnd), 'kv_cache_config');
  assert.ok(kv.value.kind === 'map');
  const inner = kv.value.entries[0]!;
  assert.equal(text.slice(inner.keyStart, inner.keyEnd), 'max_tokens');
  assert.equal(text.slice(inner.value.start, inner.value.end), '64');
});

test('syntax errors, a second document and an empty file are reported with a place', () => {
  const bad = readYaml('a: [1, 2\nb: 3\n');
  assert.equal(bad.root, undefined);
  assert.equal(bad.errors.length, 1);
  assert.equal(bad.errors[0]!.start, 9);
  assert.doesNotMatch(bad.errors[0]!.message, /at line/);
  const two = readYaml('a: 1\n---\nb: 2\n');
  assert.match(two.errors[0]!.message, /single document/);
  assert.equal(two.errors[0]!.start, 5);
  assert.deepEqual(readYaml('# nothing\n'), { errors: [] });
});

test('aliases resolve to their anchor, placed where the alias is', () => {
  const text = 'a: &x 4\nb: *x\n';
  const root = readYaml(text).root;
  assert.ok(root?.kind === 'map');
  const b = root.entries[1]!.value;
  assert.ok(b.kind === 'scalar');
  assert.deepEqual([b.type, b.value, text.slice(b.start, b.end)], ['int', 4, '*x']);
});
