// The Kubernetes export (`triton-repo export kubernetes`): the generated documents for 1, 2 and 4 replicas
// and world sizes 1 and 2, every refusal, the KServe documents against KServe v0.20.0's real CRDs (made
// strict: unknown fields refused), the Kustomize directory through `kubectl kustomize`, and the located
// problems the editor shows for hand edits.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Ajv from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { exportKubernetes } from '../../server/src/deploy/kubernetes/export';
import { validateKubernetesText } from '../../server/src/deploy/kubernetes/validate';
import { exportDeployment, exportedFileProblems } from '../../server/src/deploy/exportDeployment';
import { parseProfile, profileSchema } from '../../server/src/deploy/profile';
import { tritonCommand } from '../../server/src/deploy/spec';
import type { ProfileInput } from '../../server/src/deploy/profile';
import { SHARED, sharedAvailable } from '../shared';
import { skipWithout } from '../requiredTool';
import { runCli } from '../cli/runCli';

const IMAGE = 'nvcr.io/nvidia/tritonserver:25.12-trtllm-python-py3';
/** 2 replicas × 2 GPUs behind a balancer on 8080, no kubernetes section: a profile as a user first writes it. */
const TWO_BY_TWO = {
  image: IMAGE,
  replicas: 2,
  worldSize: 2,
  gpus: ['0', '1', '2', '3'],
  loadBalancer: { port: 8080 },
};
const PROFILE_PATH = '/work/llama.triton-deploy.json';
const tmp = mkdtempSync(join(tmpdir(), 'k8s-export-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function profile(input: Partial<ProfileInput> = {}) {
  return profileSchema.parse({
    image: IMAGE,
    gpus: 0 as const,
    kubernetes: { storageUri: 'pvc://models/llama' },
    ...input,
  });
}

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function generated(input: Partial<ProfileInput>, kserve: boolean): Promise<Map<string, Doc[]>> {
  const r = await exportKubernetes(profile(input), PROFILE_PATH, { kserve });
  assert.ok(r.ok, JSON.stringify(r));
  return new Map(r.files.map((f) => [f.path, parseAllDocuments(f.text).map((d) => d.toJS() as Doc)]));
}

describe('generated documents', () => {
  for (const replicas of [1, 2, 4]) {
    for (const worldSize of [1, 2]) {
      const input = { replicas, worldSize, gpus: replicas * worldSize, shmSize: '4g' };
      test(`Kustomize: ${replicas} replica(s) × world size ${worldSize}`, async () => {
        const files = await generated(input, false);
        assert.deepEqual([...files.keys()], ['kustomization.yaml', 'deployment.yaml', 'service.yaml']);
        assert.deepEqual(files.get('kustomization.yaml')![0]!.resources, ['deployment.yaml', 'service.yaml']);
        const deployment = files.get('deployment.yaml')![0]!;
        assert.equal(deployment.spec.replicas, replicas);
        const pod = deployment.spec.template.spec;
        const c = pod.containers[0];
        assert.deepEqual(c.args, tritonCommand(profile(input), '/models'));
        assert.equal(c.args.filter((a: string) => a === 'tritonserver').length, worldSize);
        assert.equal(c.args[0], worldSize === 1 ? 'tritonserver' : 'mpirun');
        assert.deepEqual(c.resources, { limits: { 'nvidia.com/gpu': worldSize } });
        assert.equal(c.readinessProbe.httpGet.path, '/v2/health/ready');
        assert.equal(c.livenessProbe.httpGet.path, '/v2/health/live');
        assert.equal(c.startupProbe.httpGet.path, '/v2/health/ready');
        assert.deepEqual(
          c.ports.map((p: Doc) => [p.name, p.containerPort]),
          [
            ['http', 8000],
            ['grpc', 8001],
            ['metrics', 8002],
          ],
        );
        assert.deepEqual(pod.volumes[0], { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '4Gi' } });
        assert.deepEqual(pod.volumes[1].persistentVolumeClaim, { claimName: 'models', readOnly: true });
        assert.deepEqual(c.volumeMounts[1], {
          name: 'model-repository',
          mountPath: '/models',
          readOnly: true,
          subPath: 'llama',
        });
        assert.ok(pod.terminationGracePeriodSeconds > 30, "longer than Triton's 30 s exit timeout");
        assert.equal(files.get('service.yaml')![0]!.spec.type, 'ClusterIP');
      });
      test(`KServe: ${replicas} replica(s) × world size ${worldSize}`, async () => {
        const files = await generated(input, true);
        const [runtime, isvc] = files.get('kserve.yaml')!;
        assert.equal(runtime!.kind, 'ServingRuntime');
        const c = runtime!.spec.containers[0];
        assert.equal(c.name, 'kserve-container');
        assert.deepEqual(c.args, tritonCommand(profile(input), '/mnt/models'));
        assert.ok(c.args.includes('--model-repository=/mnt/models'));
        assert.deepEqual(c.resources, { limits: { 'nvidia.com/gpu': worldSize } });
        assert.equal(c.readinessProbe.httpGet.path, '/v2/health/ready');
        assert.equal(c.livenessProbe.httpGet.path, '/v2/health/live');
        assert.deepEqual(runtime!.spec.volumes, [
          { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '4Gi' } },
        ]);
        assert.equal(isvc!.kind, 'InferenceService');
        assert.equal(isvc!.spec.predictor.minReplicas, replicas);
        assert.equal(isvc!.spec.predictor.maxReplicas, replicas);
        assert.equal(isvc!.spec.predictor.model.runtime, runtime!.metadata.name);
        assert.equal(isvc!.spec.predictor.model.storageUri, 'pvc://models/llama');
        assert.ok(isvc!.spec.predictor.terminationGracePeriodSeconds > 30);
      });
    }
  }

  test('no kubernetes section: the claim "model-repository", said in a note', async () => {
    const bare = profileSchema.parse(TWO_BY_TWO);
    for (const kserve of [false, true]) {
      const r = await exportKubernetes(bare, PROFILE_PATH, { kserve });
      assert.ok(r.ok, JSON.stringify(r));
      assert.match(
        r.notes.join('\n'),
        /kubernetes\.storageUri is not set: .*"model-repository" \(pvc:\/\/model-repository\)/,
      );
    }
    const files = await generated({ kubernetes: undefined }, false);
    assert.deepEqual(files.get('deployment.yaml')![0]!.spec.template.spec.volumes[1].persistentVolumeClaim, {
      claimName: 'model-repository',
      readOnly: true,
    });
    const isvc = (await generated({ kubernetes: undefined }, true)).get('kserve.yaml')![1]!;
    assert.equal(isvc.spec.predictor.model.storageUri, 'pvc://model-repository');
  });

  test('maxReplicas: an autoscaling/v2 HPA (and no fixed replicas), the InferenceService maximum', async () => {
    const input = {
      replicas: 2,
      kubernetes: { storageUri: 'pvc://models', maxReplicas: 4, namespace: 'llm' },
    };
    const files = await generated(input, false);
    const hpa = files.get('hpa.yaml')![0]!;
    assert.equal(hpa.apiVersion, 'autoscaling/v2');
    assert.deepEqual([hpa.spec.minReplicas, hpa.spec.maxReplicas], [2, 4]);
    assert.equal(files.get('deployment.yaml')![0]!.spec.replicas, undefined);
    assert.equal(files.get('kustomization.yaml')![0]!.namespace, 'llm');
    const isvc = (await generated(input, true)).get('kserve.yaml')![1]!;
    assert.deepEqual([isvc.spec.predictor.minReplicas, isvc.spec.predictor.maxReplicas], [2, 4]);
    assert.equal(isvc.metadata.namespace, 'llm');
  });

  test("the grace period is the profile's; one not longer than the exit timeout is refused at the field", async () => {
    const d = (await generated({ tritonArgs: ['--exit-timeout-secs=5'], gracePeriodSeconds: 60 }, false)).get(
      'deployment.yaml',
    )![0]!;
    assert.equal(d.spec.template.spec.terminationGracePeriodSeconds, 60);
    // One rule for every target (exitTimeout.ts gracePeriodProblem), for one replica too: a rolling update
    // stops a pod while another serves.
    const file = join(tmp, 'short-grace.triton-deploy.json');
    writeFileSync(
      file,
      JSON.stringify({ image: IMAGE, tritonArgs: ['--exit-timeout-secs', '120'] }, null, 2),
    );
    for (const target of ['compose', 'kserve', 'kustomize'] as const) {
      const run = await exportDeployment(file, target, join(tmp, `short-grace-${target}`), { force: false });
      assert.equal(run.status, 'profile');
      assert.ok(run.status === 'profile');
      assert.deepEqual(run.issues[0]!.path, ['gracePeriodSeconds']);
      assert.match(
        run.issues[0]!.message,
        /^40 s is not longer than Triton's exit timeout \(120 s, --exit-timeout-secs=120 in tritonArgs\).*use at least 130$/,
      );
      assert.ok(!existsSync(join(tmp, `short-grace-${target}`)));
    }
  });

  test('secrets come from a Secret, never as values; gpus 0 asks for no GPU', async () => {
    const c = (await generated({ secrets: ['HF_TOKEN'], env: { A: 'b' } }, false)).get('deployment.yaml')![0]!
      .spec.template.spec.containers[0];
    assert.deepEqual(c.env, [
      { name: 'A', value: 'b' },
      { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'triton-llama-secrets', key: 'HF_TOKEN' } } },
    ]);
    assert.equal(c.resources, undefined);
  });
});

describe('refusals', () => {
  const issues = (input: object) => {
    const r = parseProfile(JSON.stringify({ image: IMAGE, gpus: 0, ...input }));
    assert.ok(!r.ok);
    return r.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  test('maxReplicas below replicas, at the field', () => {
    assert.match(
      issues({ replicas: 3, kubernetes: { storageUri: 'pvc://m', maxReplicas: 2 } }).join('\n'),
      /^kubernetes\.maxReplicas: maxReplicas 2 is below replicas 3/m,
    );
  });
  test('a storageUri that is not one, a namespace that is not a DNS label, a typo', () => {
    assert.match(
      issues({ kubernetes: { storageUri: 'models/llama' } }).join('\n'),
      /^kubernetes\.storageUri: a storage URI/m,
    );
    assert.match(
      issues({ kubernetes: { storageUri: 'pvc://m', namespace: 'LLM_x' } }).join('\n'),
      /^kubernetes\.namespace: a DNS-1123 label/m,
    );
    assert.match(issues({ kubernetes: { storageUri: 'pvc://m', maxReplica: 2 } }).join('\n'), /maxReplica/);
    assert.match(
      issues({ kubernetes: { storageUri: 'pvc://m', serviceType: 'Ingress' } }).join('\n'),
      /^kubernetes\.serviceType/m,
    );
  });
  test('too few GPUs for replicas × worldSize, at gpus', () => {
    assert.match(
      issues({
        gpus: ['0', '1', '2'],
        replicas: 2,
        worldSize: 2,
        kubernetes: { storageUri: 'pvc://m' },
      }).join('\n'),
      /^gpus: replicas × worldSize 2 × 2 = 4 needs one GPU per rank, but gpus lists 3/m,
    );
  });
  test('s3:// without KServe, at kubernetes.storageUri; with KServe it is fine', async () => {
    const s3 = await exportKubernetes(
      profile({ kubernetes: { storageUri: 's3://bucket/llama' } }),
      PROFILE_PATH,
      {
        kserve: false,
      },
    );
    assert.ok(!s3.ok && 'profileProblems' in s3);
    assert.deepEqual(s3.profileProblems[0]!.path, ['kubernetes', 'storageUri']);
    assert.match(s3.profileProblems[0]!.message, /pvc:\/\/<claim>/);
    const kserve = await exportKubernetes(
      profile({ kubernetes: { storageUri: 's3://bucket/llama' } }),
      PROFILE_PATH,
      {
        kserve: true,
      },
    );
    assert.ok(kserve.ok);
    assert.deepEqual(kserve.notes, []);
  });
});

/** A CRD's schema made strict as kubeconform -strict would: unknown properties refused where it lists properties. */
function strictCrdSchema(file: string, version: string): object {
  const crd = parse(readFileSync(join(SHARED, 'reference', 'kserve-v0.20.0-crds', file), 'utf8'));
  const schema = crd.spec.versions.find((v: Doc) => v.name === version).schema.openAPIV3Schema;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Doc;
    if (
      n.properties &&
      n.additionalProperties === undefined &&
      n['x-kubernetes-preserve-unknown-fields'] !== true
    )
      n.additionalProperties = false;
    Object.values(n).forEach(walk);
  };
  walk(schema);
  return schema;
}

describe(
  'KServe documents against KServe v0.20.0 CRDs (strict)',
  { skip: !sharedAvailable() && 'no ../shared' },
  () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const runtime = () => ajv.compile(strictCrdSchema('serving.kserve.io_servingruntimes.yaml', 'v1alpha1'));
    const isvc = () => ajv.compile(strictCrdSchema('serving.kserve.io_inferenceservices.yaml', 'v1beta1'));
    const validators = { ServingRuntime: runtime(), InferenceService: isvc() };

    for (const [replicas, worldSize] of [
      [1, 1],
      [2, 2],
      [4, 1],
      [4, 2],
    ] as const) {
      test(`${replicas} replica(s) × world size ${worldSize}, maxReplicas, secrets`, async () => {
        const input = {
          replicas,
          worldSize,
          secrets: ['HF_TOKEN'],
          kubernetes: { storageUri: 's3://b/m', maxReplicas: 8, namespace: 'llm' },
        };
        for (const doc of (await generated(input, true)).get('kserve.yaml')!) {
          const validate = validators[doc.kind as keyof typeof validators];
          assert.ok(validate(doc), `${doc.kind}: ${ajv.errorsText(validate.errors)}`);
        }
      });
    }

    test('a typo is refused by the strict CRD and by our own check, at its line', async () => {
      const r = await exportKubernetes(profile(), PROFILE_PATH, { kserve: true });
      assert.ok(r.ok);
      const typo = r.files[0]!.text.replace('storageUri:', 'storageUrl:').replace(
        '    - name: kserve-container',
        '    - nme: kserve-container',
      );
      const docs = parseAllDocuments(typo).map((d) => d.toJS() as Doc);
      assert.ok(!validators.InferenceService(docs[1]));
      assert.match(ajv.errorsText(validators.InferenceService.errors), /must NOT have additional properties/);
      assert.ok(!validators.ServingRuntime(docs[0]));
      const problems = await validateKubernetesText(typo);
      const lines = typo.split('\n');
      const at = (word: string) =>
        problems.find((p) => lines[p.range.start.line]!.slice(p.range.start.character).startsWith(word));
      assert.ok(at('storageUrl'), JSON.stringify(problems));
      assert.equal(at('storageUrl')!.path, 'spec.predictor.model.storageUrl');
      assert.match(at('storageUrl')!.message, /unknown field "storageUrl"/);
      assert.ok(at('nme'), JSON.stringify(problems));
    });
  },
);

describe('validateKubernetesText (the editor on hand-edited files)', () => {
  const deployment = async () => {
    const r = await exportKubernetes(profile(), PROFILE_PATH, { kserve: false });
    assert.ok(r.ok);
    return r.files.find((f) => f.path === 'deployment.yaml')!.text;
  };
  test('the export is clean; a typo, a wrong type and broken YAML are located', async () => {
    const text = await deployment();
    assert.deepEqual(await validateKubernetesText(text), []);
    const typo = text.replace('terminationGracePeriodSeconds:', 'terminationGracePeriodSecond:');
    const [p] = await validateKubernetesText(typo);
    const line = typo.split('\n').findIndex((l) => l.includes('terminationGracePeriodSecond:'));
    assert.deepEqual(p!.range.start, { line, character: typo.split('\n')[line]!.indexOf('termination') });
    assert.equal(p!.path, 'spec.template.spec.terminationGracePeriodSecond');
    // A wrong type and a typo in one file: both are reported.
    const both = await validateKubernetesText(typo.replace('failureThreshold: 90', 'failureThreshold: many'));
    assert.deepEqual(
      both.map((x) => x.message),
      ['expected integer', 'unknown field "terminationGracePeriodSecond"'],
    );
    const wrong = await validateKubernetesText(
      text.replace('failureThreshold: 90', 'failureThreshold: many'),
    );
    assert.equal(wrong.length, 1);
    assert.match(wrong[0]!.path, /startupProbe\.failureThreshold$/);
    assert.match(wrong[0]!.message, /expected integer/);
    const broken = await validateKubernetesText(text + '\n  - : [\n');
    assert.ok(broken.length > 0);
  });
  test('kustomization.yaml: a typo is refused, the usual overlay fields are not', async () => {
    const r = await exportKubernetes(profile(), PROFILE_PATH, { kserve: false });
    assert.ok(r.ok);
    const text = r.files.find((f) => f.path === 'kustomization.yaml')!.text;
    const typo = await validateKubernetesText(text.replace('resources:', 'resource:'));
    assert.deepEqual(typo.map((p) => `${p.path}: ${p.message}`).sort(), [
      ': missing the required field "resources"',
      'resource: unknown field "resource"',
    ]);
    const overlay = `${text}images:\n  - name: nvcr.io/nvidia/tritonserver\n    newTag: 26.01-trtllm-python-py3\nnamePrefix: prod-\nreplicas:\n  - name: triton-llama\n    count: 3\n`;
    assert.deepEqual(await validateKubernetesText(overlay), []);
  });

  test('exportedFileProblems: ours by the header; other YAML is not checked', async () => {
    assert.deepEqual(await exportedFileProblems(await deployment()), []);
    assert.equal(await exportedFileProblems('apiVersion: v1\nkind: Foo\n'), undefined);
    assert.equal(
      (await exportedFileProblems((await deployment()).replace('kind: Deployment', 'kind: Deploymen')))!
        .length,
      1,
    );
  });
});

describe('the files on disk', () => {
  const profileFile = join(tmp, 'llama.triton-deploy.json');
  writeFileSync(
    profileFile,
    JSON.stringify({
      image: IMAGE,
      replicas: 2,
      worldSize: 2,
      gpus: ['0', '1', '2', '3'],
      kubernetes: { storageUri: 'pvc://models/llama', maxReplicas: 4, namespace: 'llm' },
    }),
  );

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  test(
    'kubectl kustomize builds the Kustomize directory',
    { skip: skipWithout('kubectl', kubectl, 'apt-get install kubernetes-client') },
    async () => {
      const out = join(tmp, 'kustomize');
      const run = await exportDeployment(profileFile, 'kustomize', out, { force: false });
      assert.equal(run.status, 'written');
      const built = spawnSync('kubectl', ['kustomize', out], { encoding: 'utf8' });
      assert.equal(built.status, 0, built.stderr);
      const docs = parseAllDocuments(built.stdout).map((d) => d.toJS() as Doc);
      assert.deepEqual(docs.map((d) => d.kind).sort(), ['Deployment', 'HorizontalPodAutoscaler', 'Service']);
      assert.ok(docs.every((d) => d.metadata.namespace === 'llm'));
    },
  );

  test('CLI: written, unchanged when exported again, an edited file kept unless --force', () => {
    const out = join(tmp, 'cli-kserve');
    let r = runCli(tmp, ['export', 'kubernetes', profileFile, '--out', out, '--kserve']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /wrote .*kserve\.yaml/);
    r = runCli(tmp, ['export', 'kubernetes', profileFile, '--out', out, '--kserve']);
    assert.match(r.stdout, /unchanged .*kserve\.yaml/);
    const file = join(out, 'kserve.yaml');
    writeFileSync(file, readFileSync(file, 'utf8') + '# my note\n');
    r = runCli(tmp, ['export', 'kubernetes', profileFile, '--out', out, '--kserve']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not overwriting .*kserve\.yaml: it was edited since it was exported/);
    assert.match(readFileSync(file, 'utf8'), /# my note/);
    r = runCli(tmp, ['export', 'kubernetes', profileFile, '--out', out, '--kserve', '--force']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(readFileSync(file, 'utf8'), /# my note/);
  });

  test(
    'CLI: a 2-replica × 2-GPU profile with a balancer and no kubernetes section exports both ways',
    { skip: skipWithout('kubectl', kubectl, 'apt-get install kubernetes-client') },
    () => {
      const plain = join(tmp, 'plain.triton-deploy.json');
      writeFileSync(plain, JSON.stringify(TWO_BY_TWO));
      for (const kserve of [false, true]) {
        const out = join(tmp, kserve ? 'plain-kserve' : 'plain-kustomize');
        const r = runCli(tmp, ['export', 'kubernetes', plain, '--out', out, ...(kserve ? ['--kserve'] : [])]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stderr, /note: kubernetes\.storageUri is not set/);
        if (!kserve) {
          const built = spawnSync('kubectl', ['kustomize', out], { encoding: 'utf8' });
          assert.equal(built.status, 0, built.stderr);
          assert.match(built.stdout, /claimName: model-repository/);
          assert.match(built.stdout, /replicas: 2/);
        }
      }
    },
  );

  test('CLI: a profile problem is reported at its field, nothing written', () => {
    const bad = join(tmp, 'bad.triton-deploy.json');
    writeFileSync(
      bad,
      JSON.stringify({ image: IMAGE, gpus: 0, kubernetes: { storageUri: 's3://b/m' } }, null, 2),
    );
    const out = join(tmp, 'bad-out');
    const r = runCli(tmp, ['export', 'kubernetes', bad, '--out', out]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /bad\.triton-deploy\.json:5:\d+: error: kubernetes\.storageUri: "s3:\/\/b\/m": without KServe/,
    );
    assert.ok(!existsSync(out));
  });
});
