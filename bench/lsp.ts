/**
 * Language-server latency (`npm run bench`, after the checker numbers): the largest example config
 * (examples/model_repository/tensorrt_llm/config.pbtxt, about 18 KB) is edited keystroke by keystroke
 * over LSP (stdio, incremental changes, as VS Code sends them). For each keystroke it measures the
 * time from sending didChange to receiving the publishDiagnostics for that version, then prints the
 * p50/p99 and the server's memory (VmRSS from /proc). Targets: p50 under 2 ms, p99 under 10 ms.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { positionOf, startClient } from '../test/lsp/lspClient';

const REPO = join(__dirname, '..');
const FILE = join(REPO, 'examples', 'model_repository', 'tensorrt_llm', 'config.pbtxt');
const TYPED = '\nparameters {\n  key: "bench_key"\n  value: { string_value: "typed one key at a time" }\n}\n';

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A process's memory from /proc (`VmRSS` now, or `VmHWM`, its peak), in MiB; undefined off Linux. */
export function procMemoryMiB(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]) / 1024;
  } catch {
    return undefined;
  }
}

export const mib = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? 'n/a' : `${v.toFixed(0)} MiB`;

export async function lspBench(): Promise<void> {
  const original = readFileSync(FILE, 'utf8');
  const client = await startClient();
  const uri = 'file:///bench/tensorrt_llm/config.pbtxt';
  client.open(uri, original, 1);
  await client.diagnostics(uri, 1);

  // Type the block, then delete it again with backspaces: 2 x ~80 keystrokes, three rounds.
  const latencies = await typeAndDelete(client, uri, original, 1, 3);
  const warm = latencies.slice(20).sort((a, b) => a - b);
  console.log(
    `\nLanguage server, ${original.length.toLocaleString('en-US')}-byte example config edited keystroke by keystroke over stdio`,
  );
  console.log(
    `  didChange -> publishDiagnostics: p50 ${percentile(warm, 50).toFixed(2)} ms, p99 ${percentile(warm, 99).toFixed(2)} ms, max ${warm[warm.length - 1]!.toFixed(2)} ms (${warm.length} keystrokes after 20 warm-up; targets p50 < 2 ms, p99 < 10 ms)`,
  );
  console.log(`  server memory after the run: ${mib(procMemoryMiB(client.process.pid, 'VmRSS'))} (VmRSS)`);
  await client.close();
}

/**
 * Types TYPED at the end of the open document, then deletes it with backspaces, `rounds` times, as VS
 * Code sends it (one incremental change per keystroke); returns each keystroke's didChange ->
 * publishDiagnostics latency in ms.
 */
export async function typeAndDelete(
  client: Awaited<ReturnType<typeof startClient>>,
  uri: string,
  start: string,
  fromVersion: number,
  rounds: number,
  timeoutMs?: number,
): Promise<number[]> {
  let text = start;
  let version = fromVersion;
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const insertAt = text.length;
    for (const ch of TYPED) {
      const position = positionOf(text, text.length);
      text += ch;
      latencies.push(
        await keystroke(
          client,
          uri,
          ++version,
          { range: { start: position, end: position }, text: ch },
          timeoutMs,
        ),
      );
    }
    while (text.length > insertAt) {
      const end = positionOf(text, text.length);
      const begin = positionOf(text, text.length - 1);
      text = text.slice(0, -1);
      latencies.push(
        await keystroke(client, uri, ++version, { range: { start: begin, end }, text: '' }, timeoutMs),
      );
    }
  }
  return latencies;
}

async function keystroke(
  client: Awaited<ReturnType<typeof startClient>>,
  uri: string,
  version: number,
  change: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    text: string;
  },
  timeoutMs?: number,
): Promise<number> {
  const t0 = process.hrtime.bigint();
  const done = client.diagnostics(uri, version, timeoutMs);
  void client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version },
    contentChanges: [change],
  });
  await done;
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
