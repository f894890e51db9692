/**
 * Runs Debian's protoc as the reference text-format parser. `protoc --encode` parses stdin with
 * libprotobuf's TextFormat::Parser, the same parser Triton uses for config.pbtxt, and prints
 * `input:LINE:COL: message` for each problem (1-based), then `Failed to parse input.`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { skipWithout } from '../requiredTool';

export interface ProtocVerdict {
  ok: boolean;
  /** 1-based line and column of the first reported problem. */
  line?: number;
  col?: number;
  message?: string;
  /** Everything protoc printed, for the disagreement report. */
  stderr: string;
}

export const PROTOC = process.env.PROTOC ?? 'protoc';
const SCHEMAS_DIR = join(__dirname, '..', '..', 'schemas');
const ARGS = [`--proto_path=${SCHEMAS_DIR}`, '--encode=inference.ModelConfig', 'model_config.proto'];

/** protoc's version line; throws when protoc cannot be run (the test must then fail, not skip). */
export function protocVersion(): string {
  const r = spawnSync(PROTOC, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`cannot run ${PROTOC} (${r.error?.message ?? r.stderr}); install protobuf-compiler`);
  }
  return r.stdout.trim();
}

/** node:test's `skip` for a test that needs protoc: skips without it, except under CI=true. */
export const protocSkip = skipWithout(
  `${PROTOC} is not installed`,
  spawnSync(PROTOC, ['--version']).status === 0,
  'apt-get install protobuf-compiler',
);

const POSITIONED = /^input:(\d+):(\d+): (.*)$/;

/** Reads protoc's stderr: the FIRST positioned line is the one that counts (warnings aside). */
export function parseProtocOutput(exitCode: number | null, stderr: string): ProtocVerdict {
  const verdict: ProtocVerdict = { ok: exitCode === 0, stderr };
  if (verdict.ok) return verdict;
  for (const line of stderr.split('\n')) {
    const m = POSITIONED.exec(line);
    if (!m || m[3]?.startsWith('warning:')) continue;
    verdict.line = Number(m[1]);
    verdict.col = Number(m[2]);
    verdict.message = m[3];
    break;
  }
  return verdict;
}

export function runProtoc(text: string): Promise<ProtocVerdict> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROTOC, ARGS, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve(parseProtocOutput(code, stderr)));
    // protoc may exit before reading all of stdin (it stops at the first hard error): ignore EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
  });
}

/** Runs protoc on every text with at most `concurrency` processes at a time; results keep input order. */
export async function runProtocMany(texts: readonly string[], concurrency = 2): Promise<ProtocVerdict[]> {
  const results: ProtocVerdict[] = new Array<ProtocVerdict>(texts.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < texts.length) {
      const i = next++;
      results[i] = await runProtoc(texts[i] ?? '');
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return results;
}
