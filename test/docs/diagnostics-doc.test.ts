import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CODES } from '../../server/src/core/index';
import { REPO_ROOT } from '../shared';

test('DIAGNOSTICS.md has exactly one row per registered code, with its severity', () => {
  const doc = readFileSync(join(REPO_ROOT, 'DIAGNOSTICS.md'), 'utf8');
  const rows = [...doc.matchAll(/^\| `([a-z]+\/[a-z-]+)` \| (error|warning|information|hint) \|/gm)].map(
    (m) => [m[1]!, m[2]!],
  );
  const registry = Object.entries(CODES).map(([code, info]) => [code, info.severity]);
  assert.deepEqual(rows.sort(), registry.sort());
});
