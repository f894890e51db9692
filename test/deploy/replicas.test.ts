// Pure tests of how replicas get their GPUs (server/src/deploy/replicas.ts) and the profile refusals behind it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseProfile, profileSchema } from '../../server/src/deploy/profile';
import type { ProfileInput } from '../../server/src/deploy/profile';
import { replicaGpuSets } from '../../server/src/deploy/replicas';

const plan = (input: Partial<ProfileInput>, host?: string[]) =>
  replicaGpuSets(profileSchema.parse({ image: 'x', ...input }), host);

describe('replica GPU plan', () => {
  test('ids are taken in order, worldSize per replica, for 1, 2 and 4 replicas', () => {
    assert.deepEqual(plan({ gpus: ['0', '1'], replicas: 1, worldSize: 2 }), { sets: [['0', '1']] });
    assert.deepEqual(plan({ gpus: ['3', '1', '2', '0'], replicas: 2, worldSize: 2 }), {
      sets: [
        ['3', '1'],
        ['2', '0'],
      ],
    });
    assert.deepEqual(plan({ gpus: ['0', '1', '2', '3'], replicas: 4, worldSize: 1 }), {
      sets: [['0'], ['1'], ['2'], ['3']],
    });
  });

  test('"all" and a count take the GPUs nvidia-smi lists, and need that list', () => {
    const host = ['0', '1', '2', '3'];
    assert.deepEqual(plan({ gpus: 'all', replicas: 2, worldSize: 1 }, host), { sets: [['0'], ['1']] });
    assert.deepEqual(plan({ gpus: 4, replicas: 2, worldSize: 2 }, host), {
      sets: [
        ['0', '1'],
        ['2', '3'],
      ],
    });
    const tooFew = plan({ gpus: 'all', replicas: 4, worldSize: 2 }, host);
    assert.ok('problems' in tooFew);
    assert.match(
      tooFew.problems[0]!.message,
      /replicas × worldSize 4 × 2 = 8 needs one GPU per rank, but gpus selects 4 of the host's 4/,
    );
    const noHost = plan({ gpus: 'all', replicas: 2 });
    assert.ok('problems' in noHost && /nvidia-smi/.test(noHost.problems[0]!.message));
  });

  test('CPU only (gpus 0) gives every replica no GPU', () => {
    assert.deepEqual(plan({ gpus: 0, replicas: 2 }), { sets: [[], []] });
  });

  test('the profile refuses too few GPUs and a GPU listed twice, at the field', () => {
    const r = parseProfile(JSON.stringify({ image: 'x', gpus: ['0', '1', '0'], replicas: 2, worldSize: 2 }));
    assert.equal(r.ok, false);
    const text = r.ok ? '' : r.problems.join('\n');
    assert.match(text, /gpus\.2: GPU "0" is listed twice \(also at gpus\[0\]\)/);
    assert.match(text, /gpus: replicas × worldSize 2 × 2 = 4 needs one GPU per rank, but gpus lists 2/);
    const count = parseProfile(JSON.stringify({ image: 'x', gpus: 3, replicas: 2, worldSize: 2 }));
    assert.ok(!count.ok && count.problems.some((p) => /gpus: .* but gpus selects 3/.test(p)));
  });

  test('the balancer needs distinct HTTP and gRPC ports; its defaults', () => {
    const same = parseProfile(JSON.stringify({ image: 'x', loadBalancer: { port: 9000, grpcPort: 9000 } }));
    assert.ok(!same.ok && same.problems.some((p) => /loadBalancer\.grpcPort: /.test(p)));
    const ok = parseProfile(JSON.stringify({ image: 'x', replicas: 2, gpus: ['0', '1'], loadBalancer: {} }));
    assert.ok(ok.ok);
    assert.deepEqual(ok.ok && ok.profile.loadBalancer, {
      port: 8080,
      bindAddress: '127.0.0.1',
      image: 'nginx:stable',
    });
  });
});

test('device ids may be typed as numbers ([0, 1]) and are read as ids', () => {
  const r = parseProfile(JSON.stringify({ image: 'x', gpus: [0, 1], replicas: 2 }));
  assert.ok(r.ok);
  assert.deepEqual(r.ok && r.profile.gpus, ['0', '1']);
});
