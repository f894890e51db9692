// Every field of the files people write by hand (deployment and build profiles, the values file, the
// engine config schema) has a description, which VS Code shows on hover: the test walks the JSON schemas
// in schemas/*.schema.json (the profiles' are generated from their zod schemas by `npm run gen:schema`)
// and fails on any property without one.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../shared';

const SCHEMAS = join(REPO_ROOT, 'schemas');

/** Paths of the properties (at any depth, in any branch) that have neither a description nor a $ref. */
export function undescribed(node: unknown, path = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => undescribed(n, `${path}[${i}]`));
  if (!node || typeof node !== 'object') return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [name, property] of Object.entries(value as Record<string, unknown>)) {
        const p = property as { description?: unknown; $ref?: unknown };
        if (typeof p.description !== 'string' && p.$ref === undefined) out.push(`${path}.${name}`);
        out.push(...undescribed(property, `${path}.${name}`));
      }
    } else out.push(...undescribed(value, key === 'items' ? `${path}[]` : path));
  }
  return out;
}

const files = readdirSync(SCHEMAS).filter((f) => f.endsWith('.schema.json'));

test('the profiles, the values file and the engine config have JSON schemas', () => {
  for (const f of ['triton-deploy.schema.json', 'triton-build.schema.json', 'values.schema.json'])
    assert.ok(files.includes(f), f);
});

for (const file of files)
  test(`every property of schemas/${file} has a description (hover in the editor)`, () => {
    const schema = JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as unknown;
    assert.deepEqual(undescribed(schema), []);
  });

test('the walk finds a property without a description, at any depth', () => {
  const schema = {
    properties: {
      a: { type: 'string', description: 'A' },
      b: { type: 'object', properties: { c: { type: 'number' } } },
      d: { anyOf: [{ type: 'object', properties: { e: { type: 'string' } } }] },
    },
  };
  assert.deepEqual(undescribed(schema), ['.b', '.b.c', '.d', '.d[0].e']);
});
