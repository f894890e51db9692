// Editor services on their own (the LSP tests cover the wire): quick fixes and range formatting.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigDocument } from '../../server/src/core/index';
import type { TextEdit } from '../../server/src/core/index';

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Applies the fix with this title for the diagnostic with this code, and returns the new text. */
function fix(text: string, code: string, title: string): string {
  const doc = new ConfigDocument(text);
  const diagnostics = doc.diagnostics.filter((d) => d.code === code);
  assert.ok(diagnostics.length > 0, `no ${code} in ${JSON.stringify(doc.diagnostics)}`);
  const fixes = doc.quickFixes(diagnostics);
  const chosen = fixes.find((f) => f.title === title);
  assert.ok(chosen, `no fix "${title}" among ${fixes.map((f) => f.title).join(', ')}`);
  const fixed = apply(text, chosen.edits);
  assert.deepEqual(
    new ConfigDocument(fixed).diagnostics.filter((d) => d.code === code),
    [],
    'the fix removes the problem',
  );
  return fixed;
}

describe('quick fixes', () => {
  test('remove a duplicate field, with its line', () => {
    assert.equal(
      fix(
        'name: "m"\nmax_batch_size: 8\nmax_batch_size: 16\ninput { name: "x" }\n',
        'schema/duplicate-field',
        'Remove the duplicate "max_batch_size"',
      ),
      'name: "m"\nmax_batch_size: 8\ninput { name: "x" }\n',
    );
  });

  test('did-you-mean for an enum value', () => {
    assert.equal(
      fix('input { data_type: TYPE_FP322 }\n', 'schema/unknown-enum-value', 'Change to "TYPE_FP32"'),
      'input { data_type: TYPE_FP32 }\n',
    );
  });

  test('wrap a string parameter value in { string_value: ... }', () => {
    assert.equal(
      fix(
        'parameters { key: "k" value: "v" }\n',
        'schema/parameter-value-shape',
        'Wrap in { string_value: ... }',
      ),
      'parameters { key: "k" value: { string_value: "v" } }\n',
    );
  });

  test('insert a missing colon before a scalar', () => {
    assert.equal(fix('max_batch_size 8\n', 'schema/wrong-type', 'Insert ":"'), 'max_batch_size: 8\n');
  });

  test('replace an invalid boolean', () => {
    assert.equal(
      fix('input { name: "x" optional: yes }\n', 'schema/invalid-bool', 'Change to true'),
      'input { name: "x" optional: true }\n',
    );
  });
});

describe('range formatting', () => {
  test('formats the fields in the range and leaves the rest as written', () => {
    const text = 'name:"m"\ninput<name:"x",dims:[1]>\noutput   {   name:"y"   }\n';
    const doc = new ConfigDocument(text);
    const start = text.indexOf('input');
    const edits = doc.formatRange(start, start + 5);
    assert.equal(
      apply(text, edits),
      'name:"m"\ninput {\n  name: "x"\n  dims: [ 1 ]\n}\noutput   {   name:"y"   }\n',
    );
  });

  test('no edits for a document with a syntax error', () => {
    assert.deepEqual(new ConfigDocument('input { name: "x"').format(), []);
    assert.deepEqual(new ConfigDocument('input { name: "x"').formatRange(0, 5), []);
  });
});
