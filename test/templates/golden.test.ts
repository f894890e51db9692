// Golden tests for the template/ codes of a render: each test/fixtures/templates/<case>/ holds a
// template repository (repo/), an optional values.json and an optional args.json
// ({ "env": {...}, "set": [...] }); <case>.expected.txt holds the render's template/ diagnostics
// and the errors and warnings of the rendered repository's check.
// Rewrite after an intended change with UPDATE_GOLDEN=1 node test/run.mjs templates/golden, and review.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { nodeFileSystem } from '../../server/src/host/nodeFileSystem';
import { CODES, renderRepository } from '../../server/src/core/index';
import type { Diagnostic } from '../../server/src/core/index';

const dir = join(__dirname, '..', 'fixtures', 'templates');
const update = process.env.UPDATE_GOLDEN === '1';
const seen = new Set<string>();

function line(base: string, path: string, d: Diagnostic): string {
  const rel = (p: string) => (p.startsWith(base) ? relative(base, p) : p);
  const related = (d.related ?? [])
    .map(
      (x) =>
        ` (related ${x.path ? rel(x.path) + ':' : ''}${x.range.start.line + 1}:${x.range.start.character + 1}: ${x.message})`,
    )
    .join('');
  seen.add(d.code);
  return `${rel(path)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}: ${d.message}${related}`;
}

const cases = readdirSync(dir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

for (const name of cases) {
  test(`template render ${name}`, async () => {
    // Relative paths keep the messages (which name the values file) the same on every machine.
    const base = relative(process.cwd(), join(dir, name));
    const argsPath = join(base, 'args.json');
    const args = existsSync(argsPath)
      ? (JSON.parse(readFileSync(argsPath, 'utf8')) as { env?: Record<string, string>; set?: string[] })
      : {};
    const valuesPath = join(base, 'values.json');
    const result = await renderRepository(join(base, 'repo'), nodeFileSystem, {
      ...(existsSync(valuesPath) ? { file: { path: valuesPath } } : {}),
      env: args.env ?? {},
      set: args.set ?? [],
    });
    const lines = [
      ...result.problems.flatMap((f) => f.diagnostics.map((d) => line(base, f.path, d))),
      '# rendered repository:',
      ...result.check.flatMap((f) =>
        f.diagnostics
          .filter((d) => d.severity === 'error' || d.severity === 'warning')
          .map((d) => line(base, f.path, d)),
      ),
    ];
    const actual = lines.join('\n') + '\n';
    const expectedPath = join(dir, `${name}.expected.txt`);
    if (update) writeFileSync(expectedPath, actual);
    assert.equal(actual, readFileSync(expectedPath, 'utf8'));
  });
}

test('every template/ code of a render has a golden case', () => {
  const missing = Object.keys(CODES).filter(
    // unresolved and unrendered judge a repository's placeholders (test/lsp/templateJourney, test/cli).
    (c) =>
      c.startsWith('template/') && c !== 'template/unresolved' && c !== 'template/unrendered' && !seen.has(c),
  );
  assert.deepEqual(missing, []);
});
