/**
 * Reading an ONNX model's signature (issue 17): a 2 GiB model whose weights are 8 initializers of
 * 256 MiB of raw_data (written as sparse holes: large for the reader, free for the disk), laid out as
 * exporters write it, initializers before the inputs and outputs. Printed: how many bytes the reader
 * fetched and in how many reads, its time in process, and `triton-repo check` of a repository holding
 * that model end to end with its peak memory, next to the same repository with a 1 KiB model: equal
 * peaks mean memory does not grow with the model.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFileSystem } from '../server/src/host/nodeFileSystem';
import { readOnnxSignature } from '../server/src/core/index';
import type { ModelSpec } from '../test/onnx/onnxFiles';
import { ELEM, writeLargeModel, writerModel } from '../test/onnx/onnxFiles';
import { MiB, elapsedMs, median, runChild } from './measure';

const SPEC: ModelSpec = {
  inputs: [{ name: 'input', elem: ELEM.FLOAT, dims: ['batch', 3, 224, 224] }],
  outputs: [{ name: 'logits', elem: ELEM.FLOAT, dims: ['batch', 1000] }],
};
const CONFIG = `name: "classifier"
backend: "onnxruntime"
max_batch_size: 8
input [ { name: "input" data_type: TYPE_FP32 dims: [ 3, 224, 224 ] } ]
output [ { name: "logits" data_type: TYPE_FP32 dims: [ 1000 ] } ]
`;

function repository(dir: string): string {
  mkdirSync(join(dir, 'classifier', '1'), { recursive: true });
  writeFileSync(join(dir, 'classifier', 'config.pbtxt'), CONFIG);
  return join(dir, 'classifier', '1', 'model.onnx');
}

export async function onnxBench(cli: string, tmp: string): Promise<void> {
  const large = join(tmp, 'onnx-large');
  const size = writeLargeModel(repository(large), SPEC, 256 * MiB, 8);
  const small = join(tmp, 'onnx-small');
  writeFileSync(repository(small), writerModel({ ...SPEC, initializers: [{ name: 'w', bytes: 1024 }] }));

  let reads = 0;
  let bytesRead = 0;
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    reads = 0;
    const t = process.hrtime.bigint();
    const read = await readOnnxSignature((p, n) => {
      reads++;
      return nodeFileSystem.readBytes(join(large, 'classifier', '1', 'model.onnx'), p, n);
    });
    times.push(elapsedMs(t));
    if (!read.ok) throw new Error(`the generated model does not read: ${read.message}`);
    bytesRead = read.bytesRead;
  }
  const check = (repo: string) => {
    const runs = [0, 1, 2].map(() =>
      runChild(process.execPath, [cli, 'check', '--format', 'json', repo], { tmpDir: tmp }),
    );
    return { ms: median(runs.slice(1).map((r) => r.ms)), rss: runs.at(-1)!.maxRssKiB };
  };
  const big = check(large);
  const tiny = check(small);
  const rss = (k: number | undefined) => (k === undefined ? 'n/a' : `${(k / 1024).toFixed(0)} MiB`);
  console.log(
    `\nONNX model signature, ${(size / MiB / 1024).toFixed(2)} GiB model (8 initializers of 256 MiB raw_data)`,
  );
  console.log(
    `  reader: ${(bytesRead / 1024).toFixed(0)} KiB fetched in ${reads} reads (${((bytesRead / size) * 100).toExponential(1)}% of the file), ${median(times.slice(1)).toFixed(2)} ms in process (median of 5 after a warm-up)`,
  );
  console.log(
    `  triton-repo check of its repository: ${big.ms.toFixed(0)} ms, peak memory ${rss(big.rss)}; with a 1 KiB model instead: ${tiny.ms.toFixed(0)} ms, ${rss(tiny.rss)}`,
  );
}
