// Renders every template repository of the four corpus releases with a complete set of values and
// checks the result with libprotobuf (protoc --encode=inference.ModelConfig) and with our checker.
// Then leaves out a structural value and expects the render to be refused, naming the variable and line.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { renderRepository } from '../../server/src/core/index';
import { protocSkip, protocVersion, runProtoc } from '../differential/protoc';
import { SHARED, sharedAvailable } from '../shared';

/** Values for the variables Triton must parse (whole-value placeholders), by name. */
const STRUCTURAL: Record<string, string | number | boolean> = {
  triton_max_batch_size: 64,
  max_queue_delay_microseconds: 100,
  max_queue_size: 0,
  preprocessing_instance_count: 1,
  postprocessing_instance_count: 1,
  bls_instance_count: 1,
  disaggregated_serving_bls_count: 1,
  decoupled_mode: true,
  logits_datatype: 'TYPE_FP32',
  encoder_input_features_data_type: 'TYPE_FP16',
  prompt_embedding_table_data_type: 'TYPE_FP16',
};

/** A few string values where the templates expect something particular; the rest get a path. */
const STRINGS: Record<string, string> = {
  triton_backend: 'tensorrtllm',
  batching_strategy: 'inflight_fused_batching',
  tokenizer_type: 'auto',
};

const repositories = () => {
  const root = join(SHARED, 'corpus', 'trtllm-templates');
  return readdirSync(root)
    .sort()
    .flatMap((release) =>
      readdirSync(join(root, release))
        .sort()
        .map((family) => ({ release, family, path: join(root, release, family) })),
    );
};

async function namesIn(repo: string): Promise<Map<string, boolean>> {
  // Every variable, and whether some use of it is a whole value.
  const probe = await renderRepository(
    repo,
    nodeFileSystem,
    { fillTemplateDefaults: false },
    { checkLayout: false },
  );
  const names = new Map<string, boolean>();
  for (const m of probe.models)
    for (const v of m.variables)
      names.set(v.name, (names.get(v.name) ?? false) || v.uses.some((u) => u.kind === 'value'));
  return names;
}

test('every corpus template renders to files protoc and the checker accept', async (t) => {
  if (!sharedAvailable()) return t.skip('../shared is absent');
  if (protocSkip) return t.skip(protocSkip);
  t.diagnostic(protocVersion());
  let files = 0;
  let accepted = 0;
  const releases = new Set<string>();
  for (const repo of repositories()) {
    releases.add(repo.release);
    const values: Record<string, string | number | boolean> = {};
    for (const [name, structural] of await namesIn(repo.path)) {
      if (structural) {
        assert.ok(name in STRUCTURAL, `${repo.release}/${repo.family}: no test value for structural ${name}`);
        values[name] = STRUCTURAL[name]!;
      } else values[name] = STRINGS[name] ?? `/opt/${name}`;
    }
    const text = JSON.stringify({ values });
    const result = await renderRepository(
      repo.path,
      nodeFileSystem,
      { file: { path: 'values.json', text } },
      { checkLayout: false },
    );
    const bad = [...result.problems, ...result.check].flatMap((f) =>
      f.diagnostics
        .filter((d) => d.severity === 'error' && /^(syntax|schema|template)\//.test(d.code))
        .map((d) => `${f.path}:${d.range.start.line + 1}: ${d.code} ${d.message}`),
    );
    assert.deepEqual(bad, [], `${repo.release}/${repo.family}`);
    for (const f of result.files) {
      files++;
      const verdict = await runProtoc(f.content);
      assert.ok(verdict.ok, `${repo.release}/${repo.family}/${f.path}: ${verdict.stderr}`);
      accepted++;
      assert.doesNotMatch(f.content, /:\s*\$\{/, `${f.path}: a whole-value placeholder is left`);
    }
  }
  assert.equal(releases.size, 4);
  const line = `corpus render: ${accepted}/${files} rendered configs of ${releases.size} releases accepted by protoc, no syntax/schema/template errors`;
  t.diagnostic(line);
  console.log(line);
});

test('a missing structural value refuses the render, naming the variable and its line', async (t) => {
  if (!sharedAvailable()) return t.skip('../shared is absent');
  const repo = join(SHARED, 'corpus', 'trtllm-templates', 'c2e65b8-r25.05', 'inflight_batcher_llm');
  const values: Record<string, unknown> = { ...STRUCTURAL };
  delete values.triton_max_batch_size;
  const result = await renderRepository(repo, nodeFileSystem, {
    file: { path: 'values.json', text: JSON.stringify({ values }) },
  });
  assert.ok(result.errors > 0);
  const ensemble = result.problems.find((f) => f.path.endsWith('/ensemble/config.pbtxt'))!;
  const missing = ensemble.diagnostics.filter((d) => d.code === 'template/missing-value');
  assert.equal(missing.length, 1);
  assert.deepEqual(missing[0]!.data, { variable: 'triton_max_batch_size' });
  const lines = readFileSync(join(repo, 'ensemble', 'config.pbtxt'), 'utf8').split('\n');
  assert.equal(
    missing[0]!.range.start.line,
    lines.findIndex((l) => /^max_batch_size: \$\{triton_max_batch_size\}/.test(l)),
  );
  assert.match(
    missing[0]!.message,
    /"triton_max_batch_size" has no value: Triton cannot parse "max_batch_size"/,
  );
  const template = result.models.find((m) => m.model === 'ensemble')!;
  assert.ok(template.variables.find((v) => v.name === 'triton_max_batch_size')!.value === undefined);
});
