// Golden tests: each test/fixtures/golden/<case>.pbtxt has a <case>.expected.txt holding the
// diagnostics the checker must report, one per line. Rewrite them after an intended change with
//   UPDATE_GOLDEN=1 node test/run.mjs golden
// and review the diff. Every code in the registry must appear in at least one expected file.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CODES, checkConfigText } from '../../server/src/core/index';
import type { Diagnostic } from '../../server/src/core/index';

const dir = join(__dirname, '..', 'fixtures', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

function render(d: Diagnostic): string {
  const r = d.range;
  const at = d.protobufAt ? ` [libprotobuf ${d.protobufAt.line + 1}:${d.protobufAt.character + 1}]` : '';
  const related = (d.related ?? [])
    .map((x) => ` (related ${x.range.start.line + 1}:${x.range.start.character + 1}: ${x.message})`)
    .join('');
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${d.severity} ${d.code}${at}: ${d.message}${related}`;
}

const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.pbtxt'))
  .sort();
const seenCodes = new Set<string>();

for (const file of cases) {
  test(`golden ${file}`, () => {
    const input = readFileSync(join(dir, file), 'utf8');
    const actual = checkConfigText(input).map(render).join('\n') + '\n';
    const expectedPath = join(dir, file.replace(/\.pbtxt$/, '.expected.txt'));
    if (update) writeFileSync(expectedPath, actual);
    const expected = readFileSync(expectedPath, 'utf8');
    for (const line of expected.split('\n')) {
      const m = / (?:error|warning|information|hint) ([a-z]+\/[a-z-]+)/.exec(line);
      if (m) seenCodes.add(m[1]!);
    }
    assert.equal(actual, expected);
  });
}

test('every single-file diagnostic code has a golden case', () => {
  // triton/, lint/, trtllm/ and engine/ codes need a repository: test/rules/repos.test.ts covers them.
  // template/ codes other than unresolved need a render with values: test/templates/golden.test.ts.
  // onnx/ codes need an ONNX model file, which test/onnx/onnx.test.ts builds.
  // compose/ codes are about compose files: test/deploy/compose/validate.test.ts.
  const needsMore = (c: string) =>
    /^(triton|lint|repo|trtllm|engine|onnx|compose)\//.test(c) ||
    (c.startsWith('template/') && c !== 'template/unresolved');
  const missing = Object.keys(CODES).filter((c) => !seenCodes.has(c) && !needsMore(c));
  assert.deepEqual(missing, [], `codes without a golden case: ${missing.join(', ')}`);
});
