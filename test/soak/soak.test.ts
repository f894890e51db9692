// The CI-sized soak (`npm run soak` runs the full 10^6): 20,000 mutated documents through the real language
// server, every request answered, no crash. The slowest request and the peak RSS are printed, not asserted
// (speed targets belong to `npm run bench` and the full soak, never to a timed test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSoak, runSoak } from './soak';

test(
  'the language server answers 20,000 mutated documents without a crash',
  { timeout: 900_000 },
  async () => {
    const r = await runSoak({ documents: 20_000, seed: 0x50a4 });
    console.log(formatSoak(r));
    assert.equal(r.crashes, 0, r.crashDetails.join('\n'));
    assert.equal(r.documents, 20_000);
    assert.equal(r.answered, r.requests, 'every request is answered');
    assert.ok(r.requests >= 40_000);
    // The documents reach the server: most answers carry something (hover text, items, symbols, edits).
    assert.ok(r.nonEmpty > r.requests * 0.3, `only ${r.nonEmpty} of ${r.requests} answers had content`);
    assert.equal(r.handlerErrors, 0, r.handlerErrorDetails.join('\n'));
  },
);
