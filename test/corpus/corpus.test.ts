// The real configs in ../shared/corpus: Triton's own examples must check clean, and the
// TensorRT-LLM templates must have no syntax/ or schema/ error (only template/unresolved).
import assert from 'node:assert/strict';
import { PLACEHOLDER_CODES } from '../../server/src/core/templates/judge';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { nodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { checkConfigText, checkPaths, renderRepository } from '../../server/src/core/index';
import { parse } from '../../server/src/core/syntax/parser';
import { printTree } from '../../server/src/core/syntax/print';
import { REPO_ROOT, SHARED, sharedAvailable } from '../shared';

function configsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...configsUnder(p));
    else if (e.name === 'config.pbtxt') out.push(p);
  }
  return out.sort();
}

test('every Triton example config checks with zero errors and prints back losslessly', (t) => {
  if (!sharedAvailable()) return t.skip('../shared is absent');
  const files = configsUnder(join(SHARED, 'corpus', 'triton-examples'));
  assert.ok(files.length >= 20);
  const failures: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    assert.equal(printTree(parse(text)), text, f);
    for (const d of checkConfigText(text)) {
      if (d.severity === 'error')
        failures.push(`${relative(SHARED, f)}:${d.range.start.line + 1}: ${d.code}: ${d.message}`);
    }
  }
  assert.deepEqual(failures, []);
  t.diagnostic(`${files.length} Triton example configs: 0 errors`);
});

test('every TensorRT-LLM template has only placeholder notes (template/), no syntax/ or schema/ problem', (t) => {
  if (!sharedAvailable()) return t.skip('../shared is absent');
  const files = configsUnder(join(SHARED, 'corpus', 'trtllm-templates'));
  assert.ok(files.length >= 40);
  const failures: string[] = [];
  let placeholders = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    assert.equal(printTree(parse(text)), text, f);
    for (const d of checkConfigText(text)) {
      if (PLACEHOLDER_CODES.has(d.code)) placeholders++;
      else failures.push(`${relative(SHARED, f)}:${d.range.start.line + 1}: ${d.code}: ${d.message}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(placeholders > 100);
  t.diagnostic(
    `${files.length} TensorRT-LLM templates: 0 syntax/schema problems, ${placeholders} placeholders`,
  );
});

test('Triton example models check without errors as models of their repositories (load-time rules included)', async (t) => {
  if (!sharedAvailable()) return t.skip('../shared is absent');
  const files = configsUnder(join(SHARED, 'corpus', 'triton-examples'));
  const failures: string[] = [];
  for (const f of files) {
    // The corpus holds config files without model files or version directories: layout rules off.
    const report = await checkPaths([dirname(f)], nodeFileSystem, { checkLayout: false });
    for (const failure of report.failures) failures.push(`${failure.path}: ${failure.message}`);
    for (const file of report.files) {
      for (const d of file.diagnostics) {
        if (d.severity === 'error')
          failures.push(`${relative(SHARED, file.path)}:${d.range.start.line + 1}: ${d.code}: ${d.message}`);
      }
    }
  }
  assert.deepEqual(failures, []);
});

test('the example TensorRT-LLM repository has no error (templates: placeholders are not errors)', async () => {
  const report = await checkPaths([join(REPO_ROOT, 'examples', 'model_repository')], nodeFileSystem);
  const errors = report.files.flatMap((f) =>
    f.diagnostics.filter((d) => d.severity === 'error').map((d) => `${f.path}: ${d.code}: ${d.message}`),
  );
  assert.deepEqual(errors, []);
  assert.equal(report.files.length, 6);
});

test('the example repository rendered with examples/triton-values.json has no error and no warning', async () => {
  const result = await renderRepository(join(REPO_ROOT, 'examples', 'model_repository'), nodeFileSystem, {
    file: { path: join(REPO_ROOT, 'examples', 'triton-values.json') },
    env: {},
  });
  assert.equal(result.files.length, 6);
  const found = [...result.problems, ...result.check].flatMap((f) =>
    f.diagnostics
      .filter((d) => d.severity === 'error' || d.severity === 'warning')
      .map((d) => `${f.path}: ${d.code}: ${d.message}`),
  );
  assert.deepEqual(found, []);
  assert.equal(result.errors, 0);
});

test('the llmapi template (config.pbtxt and model.yaml) checks with zero errors, model.yaml included', async (t) => {
  if (!sharedAvailable()) return t.skip('../shared is absent');
  const dirs = readdirSync(join(SHARED, 'corpus', 'trtllm-templates'))
    .map((release) => join(SHARED, 'corpus', 'trtllm-templates', release, 'llmapi', 'tensorrt_llm'))
    .filter((d) => existsSync(join(d, 'config.pbtxt')));
  assert.ok(dirs.length >= 1, 'at least one release has the llmapi template');
  for (const dir of dirs) {
    // Checked for the TensorRT-LLM of the image that release's backend went into (`...-r25.05` -> 25.05).
    const release = /-r(\d{2}\.\d{2})$/.exec(
      relative(join(SHARED, 'corpus', 'trtllm-templates'), join(dir, '..', '..')),
    );
    const serverImage = release ? `nvcr.io/nvidia/tritonserver:${release[1]}-trtllm-python-py3` : undefined;
    const report = await checkPaths([dir], nodeFileSystem, {
      gpuCount: 1,
      ...(serverImage ? { serverImage } : {}),
    });
    assert.deepEqual(report.failures, []);
    const yaml = report.files.find((f) => f.path.endsWith('/1/model.yaml'));
    assert.ok(yaml, `${relative(SHARED, dir)}: model.yaml is checked as part of the llmapi model`);
    const problems = report.files.flatMap((f) =>
      f.diagnostics
        .filter((d) => d.severity !== 'information' && d.code !== 'triton/model-file-missing')
        .map((d) => `${relative(SHARED, f.path)}:${d.range.start.line + 1}: ${d.code}: ${d.message}`),
    );
    // The corpus has no model.py (not a config file): that warning is the only one allowed.
    assert.deepEqual(problems, []);
  }
  t.diagnostic(`${dirs.length} llmapi template(s): 0 errors, 0 warnings on model.yaml`);
});
