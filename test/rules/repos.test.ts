// Golden tests for the load-time rules: each test/fixtures/repos/<case>/ is a small model repository
// written for one rule; <case>.expected.txt holds the diagnostics for the whole repository, and an
// optional <case>.options.json holds check options ({"strictModelConfig": true, "gpuCount": 1}).
// Rewrite after an intended change with UPDATE_GOLDEN=1 node test/run.mjs rules, and review.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { nodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { CODES, checkPaths } from '../../server/src/core/index';
import type { CheckOptions, Diagnostic } from '../../server/src/core/index';

const dir = join(__dirname, '..', 'fixtures', 'repos');
const update = process.env.UPDATE_GOLDEN === '1';

function render(path: string, d: Diagnostic): string {
  const r = d.range;
  const related = (d.related ?? [])
    .map(
      (x) =>
        ` (related ${x.path ? relative(dir, x.path) + ':' : ''}${x.range.start.line + 1}:${x.range.start.character + 1}: ${x.message})`,
    )
    .join('');
  return `${relative(dir, path)}:${r.start.line + 1}:${r.start.character + 1} ${d.severity} ${d.code}: ${d.message}${related}`;
}

for (const name of readdirSync(dir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort()) {
  test(`repository ${name}`, async () => {
    const optionsPath = join(dir, `${name}.options.json`);
    const options = existsSync(optionsPath)
      ? (JSON.parse(readFileSync(optionsPath, 'utf8')) as CheckOptions)
      : {};
    const report = await checkPaths([join(dir, name)], nodeFileSystem, options);
    assert.deepEqual(report.failures, []);
    const lines = report.files.flatMap((f) => f.diagnostics.map((d) => render(f.path, d)));
    const actual = lines.join('\n') + '\n';
    const expectedPath = join(dir, `${name}.expected.txt`);
    if (update) writeFileSync(expectedPath, actual);
    assert.equal(actual, readFileSync(expectedPath, 'utf8'));
  });
}

test('every triton/, lint/, repo/, trtllm/ and engine/ code has a repository golden case', () => {
  const expected = readdirSync(dir)
    .filter((f) => f.endsWith('.expected.txt'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  // triton/load-failed comes from a running Triton's log (test/deploy covers it), triton/launch-failed from a
  // failed launch (test/deploy/testModels.test.ts places it), not from a repository; lint/too-many-problems
  // needs a file of more than 1,000 problems (test/core/cap.test.ts).
  const fromLog = new Set(['triton/load-failed', 'triton/launch-failed', 'lint/too-many-problems']);
  const missing = Object.keys(CODES).filter(
    (c) => /^(triton|lint|repo|trtllm|engine)\//.test(c) && !fromLog.has(c) && !expected.includes(` ${c}: `),
  );
  assert.deepEqual(missing, []);
});
