/**
 * A model repository of 1,000 models checked with every load-time rule (`triton-repo check <repo>`),
 * end to end, next to the cost of starting the CLI at all: the difference is the work. The repository
 * is generated: 900 plain models of several backends (inputs, outputs, dynamic batching, instance
 * groups, a version directory with a model file) and 100 ensembles of three steps over them, so the
 * cross-model rules have real work to do.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, runChild } from './measure';
import type { ChildRun } from './measure';

const BACKENDS = [
  { backend: 'onnxruntime', file: 'model.onnx' },
  { backend: 'python', file: 'model.py' },
  { backend: 'pytorch', file: 'model.pt' },
];

function plainModel(i: number): { config: string; file: string } {
  const b = BACKENDS[i % BACKENDS.length]!;
  const config = `name: "model_${i}"
backend: "${b.backend}"
max_batch_size: 8
input [
  { name: "INPUT" data_type: TYPE_FP32 dims: [ 16 ] },
  { name: "MASK" data_type: TYPE_INT32 dims: [ -1 ] optional: true }
]
output [ { name: "OUTPUT" data_type: TYPE_FP32 dims: [ 16 ] } ]
dynamic_batching { preferred_batch_size: [ 4, 8 ] max_queue_delay_microseconds: 100 }
instance_group [ { kind: KIND_CPU count: 2 } ]
parameters { key: "tag" value: { string_value: "bench ${i}" } }
`;
  return { config, file: b.file };
}

function ensemble(i: number, steps: number[]): string {
  const step = (m: number, input: string, output: string) =>
    `    { model_name: "model_${m}" model_version: -1 input_map { key: "INPUT" value: "${input}" } output_map { key: "OUTPUT" value: "${output}" } }`;
  return `name: "ensemble_${i}"
platform: "ensemble"
max_batch_size: 8
input [ { name: "IN" data_type: TYPE_FP32 dims: [ 16 ] } ]
output [ { name: "OUT" data_type: TYPE_FP32 dims: [ 16 ] } ]
ensemble_scheduling {
  step [
${step(steps[0]!, 'IN', 'a')},
${step(steps[1]!, 'a', 'b')},
${step(steps[2]!, 'b', 'OUT')}
  ]
}
`;
}

export function generateRepository(dir: string, plain = 900, ensembles = 100): void {
  for (let i = 0; i < plain; i++) {
    const { config, file } = plainModel(i);
    mkdirSync(join(dir, `model_${i}`, '1'), { recursive: true });
    writeFileSync(join(dir, `model_${i}`, 'config.pbtxt'), config);
    writeFileSync(join(dir, `model_${i}`, '1', file), '');
  }
  for (let i = 0; i < ensembles; i++) {
    mkdirSync(join(dir, `ensemble_${i}`, '1'), { recursive: true });
    writeFileSync(
      join(dir, `ensemble_${i}`, 'config.pbtxt'),
      ensemble(i, [(i * 3) % plain, (i * 3 + 1) % plain, (i * 3 + 2) % plain]),
    );
  }
}

export function repositoryBench(cli: string, tmp: string, startUpMs: number): void {
  const repo = join(tmp, 'repository-1000');
  generateRepository(repo);
  const runs: ChildRun[] = [];
  for (let i = 0; i < 4; i++)
    runs.push(runChild(process.execPath, [cli, 'check', '--format', 'json', repo], { tmpDir: tmp }));
  const ms = median(runs.slice(1).map((r) => r.ms));
  const rss = runs[runs.length - 1]!.maxRssKiB;
  console.log('\nRepository of 1,000 models (900 plain, 100 three-step ensembles), every load-time rule');
  console.log(
    `  triton-repo check: ${ms.toFixed(0)} ms end to end (median of 3 after a warm-up), ${(ms - startUpMs).toFixed(0)} ms beyond process start; peak memory ${rss === undefined ? 'n/a' : `${(rss / 1024).toFixed(0)} MiB`}`,
  );
}
