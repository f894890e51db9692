// The language server's GPU inventory over nvidia-smi (asked through an injected function here: this
// machine has no GPU): asked once at start, cached, asked again while someone listens.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nodeGpuInventory } from '../../server/src/host/gpus';

describe('nodeGpuInventory', () => {
  test('asks once and caches the answer', async () => {
    let asked = 0;
    const inventory = nodeGpuInventory(() => (asked++, Promise.resolve(2)), 10);
    assert.equal(await inventory.count(), 2);
    assert.equal(await inventory.count(), 2);
    assert.equal(asked, 1);
  });

  test('while someone listens, asks again and announces a different count only', async () => {
    const answers = [undefined, undefined, 2, 2, 4];
    let asked = 0;
    const inventory = nodeGpuInventory(
      () => Promise.resolve(answers[Math.min(asked++, answers.length - 1)]),
      5,
    );
    const seen: (number | undefined)[] = [];
    const listening = inventory.onDidChange((count) => seen.push(count));
    while (asked < answers.length + 1) await new Promise((resolve) => setTimeout(resolve, 5));
    listening.dispose();
    assert.deepEqual(seen, [2, 4]);
    assert.equal(await inventory.count(), 4);
    // Nobody listens: no more asking.
    const after = asked;
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.ok(asked <= after + 1, `asked ${asked - after} more times after the last listener left`);
  });
});
