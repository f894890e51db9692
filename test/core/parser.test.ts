import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from '../../server/src/core/syntax/parser';
import { printTree } from '../../server/src/core/syntax/print';
import type { FieldNode, MessageNode } from '../../server/src/core/syntax/cst';
import { tokText } from '../../server/src/core/syntax/tokens';

function fields(text: string) {
  return parse(text).document.fields.filter((f): f is FieldNode => f.type === 'field');
}

describe('parser', () => {
  test('reads every text-format form libprotobuf accepts', () => {
    const text = [
      'name: "a" \'b\'  # adjacent strings concatenate',
      'max_batch_size: 0x10;',
      'input < name: "x", dims: [ -1, 010 ] >',
      'input: [ { name: "y" }, { name: "z" } ]',
      'version_policy { all { } }',
      '[ext.name]: 1',
      'optimization: { cuda: < graphs: t > }',
    ].join('\n');
    const parsed = parse(text);
    assert.deepEqual(parsed.problems, []);
    const fs = fields(text);
    assert.deepEqual(
      fs.map((f) => [f.name, f.nameKind, f.value.type]),
      [
        ['name', 'ident', 'scalar'],
        ['max_batch_size', 'ident', 'scalar'],
        ['input', 'ident', 'message'],
        ['input', 'ident', 'list'],
        ['version_policy', 'ident', 'message'],
        ['ext.name', 'extension', 'scalar'],
        ['optimization', 'ident', 'message'],
      ],
    );
    const name = fs[0]!.value;
    assert.equal(
      name.type === 'scalar' && name.last - name.first,
      2,
      'two string tokens (and the space between)',
    );
    assert.equal(fs[1]!.separator !== -1, true);
    const list = fs[3]!.value;
    assert.equal(list.type === 'list' && list.items.length, 2);
  });

  test('placeholders are first-class tokens in value and name positions', () => {
    const parsed = parse('max_batch_size: ${triton_max_batch_size}\n${extra_fields}\nname: "${model}"');
    assert.deepEqual(parsed.problems, []);
    const fs = parsed.document.fields as FieldNode[];
    const v = fs[0]!.value;
    assert.equal(v.type === 'scalar' && tokText(parsed.tokens, v.first), '${triton_max_batch_size}');
    assert.equal(fs[1]!.nameKind, 'placeholder');
  });

  test('keeps partial nodes: a field with no value is still a field', () => {
    const fs = fields('input {\n  data_type:\n  dims: [ 1 ]\n}');
    const input = fs[0]!.value as MessageNode;
    const inner = input.fields as FieldNode[];
    assert.deepEqual(
      inner.map((f) => [f.name, f.value.type]),
      [
        ['data_type', 'missing'],
        ['dims', 'list'],
      ],
    );
  });

  test('recovers at the next field after garbage, with one problem', () => {
    const parsed = parse('max_batch_size: 4 // not a comment in pbtxt\nname: "m"');
    assert.equal(parsed.problems.length, 1);
    assert.equal(parsed.problems[0]!.message, 'Expected identifier, got: /');
    assert.deepEqual(
      fields('max_batch_size: 4 // not a comment in pbtxt\nname: "m"').map((f) => f.name),
      ['max_batch_size', 'name'],
    );
  });

  test('one problem for an unclosed message at the end, pointing at its bracket', () => {
    const parsed = parse('input {\n  input {\n    name: "x"\n');
    assert.equal(parsed.problems.length, 1);
    assert.equal(parsed.problems[0]!.code, 'syntax/unclosed-bracket');
    assert.equal(parsed.problems[0]!.start, 16, 'the inner "{"');
  });

  test('a mismatched closer is reported and still closes the message', () => {
    const parsed = parse('input { name: "x" > max_batch_size: 1');
    assert.deepEqual(
      parsed.problems.map((p) => p.message),
      ['Expected "}", found ">".'],
    );
    assert.deepEqual(
      fields('input { name: "x" > max_batch_size: 1').map((f) => f.name),
      ['input', 'max_batch_size'],
    );
  });

  test('prints back exactly what it read, even broken input', () => {
    for (const text of [
      '',
      '}}}',
      'a: [1,,2',
      'x { y < z: "unterminated\n} ] >',
      '\u0001\u00e9${a}$${',
      'a:-',
      '[a.b/c]:{',
    ]) {
      assert.equal(printTree(parse(text)), text);
    }
  });
});
