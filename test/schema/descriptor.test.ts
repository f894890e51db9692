import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { JSON_PATH, PROTO_PATH, buildDescriptor, renderDescriptor } from '../../scripts/gen-descriptor';
import type { SchemaDescriptor } from '../../server/src/core/schema/descriptor';
import { PROTOC, protocSkip } from '../differential/protoc';
import { SHARED, sharedAvailable } from '../shared';

const committed = readFileSync(JSON_PATH, 'utf8');
const proto = readFileSync(PROTO_PATH, 'utf8');

test('schemas/model_config.json is what npm run gen:schema makes from the .proto (no drift)', () => {
  assert.equal(
    renderDescriptor(buildDescriptor(proto)),
    committed,
    'run `npm run gen:schema` and commit the result',
  );
});

test('every message, field, enum and enum value has documentation', () => {
  const d = JSON.parse(committed) as SchemaDescriptor;
  const undocumented: string[] = [];
  for (const [name, m] of Object.entries(d.messages)) {
    if (!m.doc) undocumented.push(name);
    for (const f of m.fields) if (!f.doc) undocumented.push(`${name}.${f.name}`);
    for (const [o, od] of Object.entries(m.oneofs)) if (!od.doc) undocumented.push(`${name} oneof ${o}`);
  }
  for (const [name, e] of Object.entries(d.enums)) {
    if (!e.doc) undocumented.push(name);
    for (const v of e.values) if (!v.doc) undocumented.push(`${name}.${v.name}`);
  }
  assert.deepEqual(undocumented, []);
});

test('protoc compiles the schema', { skip: protocSkip }, () => {
  execFileSync(PROTOC, [
    `--proto_path=${join(PROTO_PATH, '..')}`,
    '--descriptor_set_out=/dev/null',
    PROTO_PATH,
  ]);
});

test('the schema matches the field facts of MODEL_CONFIG_SCHEMA.md', (t) => {
  if (!sharedAvailable()) return t.skip('../shared is absent');
  const md = readFileSync(join(SHARED, 'reference', 'MODEL_CONFIG_SCHEMA.md'), 'utf8');
  const d = JSON.parse(committed) as SchemaDescriptor;
  const expected: string[] = [];
  const actual: string[] = [];
  for (const block of md.split(/^### /m).slice(1)) {
    const [head = '', ...lines] = block.split('\n');
    const [kind, name = ''] = head.trim().split(/\s+/);
    if (kind === 'enum') {
      for (const m of block.matchAll(/([A-Z0-9_]+)=(\d+)/g)) expected.push(`${name}.${m[1]}=${m[2]}`);
      for (const v of d.enums[name]?.values ?? []) actual.push(`${name}.${v.name}=${v.number}`);
      continue;
    }
    for (const line of lines) {
      const cells = line.split('|').map((c) => c.trim());
      if (cells.length < 6 || cells[1] === 'field' || cells[1]?.startsWith('---')) continue;
      const [, field, number, type, label, oneof] = cells;
      expected.push(`${name}.${field} ${number} ${type} ${label} ${oneof}`);
    }
    for (const f of d.messages[name]?.fields ?? []) {
      const short = (t: string | undefined) => (t ?? '').split('.').pop();
      let type: string = f.type === 'message' || f.type === 'enum' ? short(f.typeName)! : f.type;
      if (f.map) {
        const entry = d.messages[f.typeName!]!;
        const [k, v] = entry.fields;
        type = `map<${k!.type}, ${v!.typeName ? short(v!.typeName) : v!.type}>`;
      }
      const label = f.map ? 'map' : f.repeated ? 'repeated' : 'singular';
      actual.push(`${name}.${f.name} ${f.number} ${type} ${label} ${f.oneof ?? ''}`);
    }
  }
  assert.ok(expected.length > 150, 'parsed the reference tables');
  assert.deepEqual(actual.sort(), expected.sort());
});
