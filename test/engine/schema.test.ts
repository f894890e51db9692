// schemas/trtllm-engine-config.schema.json (what VS Code validates and hovers config.json with)
// against the fixture engines of both layouts, through a small validator of the draft-07 subset the
// schema uses. The validator refuses keywords it does not know, so the schema cannot quietly grow
// constraints that this test would skip.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../shared';

type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'definitions']);
const CHECKED = new Set(['type', 'properties', 'required', 'enum', 'minimum', 'anyOf', '$ref']);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Problems of `value` against `schema`, as `pointer: message`. */
function validate(root: Schema, schema: Schema, value: unknown, pointer = ''): string[] {
  for (const k of Object.keys(schema))
    if (!ANNOTATIONS.has(k) && !CHECKED.has(k))
      throw new Error(`validator does not know "${k}" (${pointer})`);
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref.replace(/^#\//, '').split('/');
    return validate(
      root,
      target.reduce<Schema>((s, k) => s[k] as Schema, root),
      value,
      pointer,
    );
  }
  const out: string[] = [];
  if (schema.type !== undefined) {
    const types = ([] as string[]).concat(schema.type as string | string[]);
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number')))
      return [`${pointer}: ${t} is not ${types.join('|')}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    out.push(`${pointer}: ${JSON.stringify(value)} not in enum`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum)
    out.push(`${pointer}: ${value} < ${schema.minimum}`);
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const k of (schema.required as string[] | undefined) ?? [])
      if (!(k in obj)) out.push(`${pointer}: missing "${k}"`);
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [k, v] of Object.entries(obj))
      if (props[k]) out.push(...validate(root, props[k], v, `${pointer}/${k}`));
  }
  if (Array.isArray(schema.anyOf)) {
    const results = (schema.anyOf as Schema[]).map((s) => validate(root, s, value, pointer));
    if (!results.some((r) => r.length === 0))
      out.push(`${pointer}: matches no anyOf branch (${results.flat().join('; ')})`);
  }
  return out;
}

const schema = JSON.parse(
  readFileSync(join(REPO_ROOT, 'schemas', 'trtllm-engine-config.schema.json'), 'utf8'),
) as Schema;
const check = (value: unknown) => validate(schema, schema, value);

/** Every engine config.json among the fixtures, except the ones written to be broken. */
function fixtureConfigs(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory() && e.name !== 'engine-invalid-config') walk(p);
      else if (e.name === 'config.json') out.push(p);
    }
  };
  walk(join(REPO_ROOT, 'test', 'fixtures'));
  return out.sort();
}

test('the schema accepts every fixture engine config, of both layouts', () => {
  const files = fixtureConfigs();
  const layouts = new Set<string>();
  for (const file of files) {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    layouts.add('version' in value ? 'current' : 'legacy');
    assert.deepEqual(check(value), [], relative(REPO_ROOT, file));
  }
  assert.deepEqual([...layouts].sort(), ['current', 'legacy']);
  assert.ok(files.length >= 10);
});

test('the schema rejects wrong types, unknown enum values and files of neither layout', () => {
  const base = JSON.parse(
    readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'engines', 'llama-0.11-tp1', 'config.json'), 'utf8'),
  ) as { build_config: Record<string, unknown>; pretrained_config: Record<string, unknown> };
  const variant = (edit: (c: typeof base) => void) => {
    const c = structuredClone(base);
    edit(c);
    return check(c);
  };
  assert.match(
    variant((c) => (c.build_config.max_batch_size = '8')).join(),
    /max_batch_size: string is not integer/,
  );
  assert.match(
    variant((c) => (c.build_config.kv_cache_type = 'PAGE')).join(),
    /kv_cache_type: "PAGE" not in enum/,
  );
  assert.match(variant((c) => (c.build_config.max_beam_width = 0)).join(), /max_beam_width: 0 < 1/);
  assert.match(variant((c) => (c.pretrained_config.logits_dtype = 'bfloat16')).join(), /logits_dtype/);
  assert.match(
    variant(
      (c) => ((c.build_config.plugin_config as Record<string, unknown>).remove_input_padding = 1),
    ).join(),
    /plugin_config\/remove_input_padding/,
  );
  assert.match(check({ architectures: ['LlamaForCausalLM'] }).join(), /matches no anyOf branch/);
  assert.match(
    check({ builder_config: { name: 'gpt', precision: 'float16' }, plugin_config: {} }).join(),
    /tensor_parallel/,
  );
});

test('package.json has VS Code validate engine config.json files with the schema', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { jsonValidation: { fileMatch: string[]; url: string }[] };
  };
  const entry = manifest.contributes.jsonValidation.find((v) =>
    v.url.endsWith('trtllm-engine-config.schema.json'),
  );
  assert.ok(entry);
  assert.ok(entry.fileMatch.includes('**/engine*/config.json'));
  assert.ok(entry.fileMatch.includes('**/*engine*/**/config.json'));
});
