/**
 * The language server on a big workspace (`npm run bench`): a model repository of N small models (the
 * example's preprocessing config, renamed per model, with a version directory holding model.py), as a
 * workspace folder over stdio, push diagnostics as VS Code's client sends them.
 *
 * Measured:
 *   - first diagnostics of an opened file, from didOpen, sent right after `initialized` (the workspace
 *     scan is still running);
 *   - the whole workspace checked: every config.pbtxt has had its diagnostics published;
 *   - keystroke to diagnostics in one model: didChange of the open file -> publishDiagnostics for that
 *     version, p50 and p90 over ~200 keystrokes (typing a parameter, then deleting it);
 *   - the server's peak RSS (VmHWM from /proc).
 * Targets (issue 13): 1,000 models p50 <= 5 ms, p90 <= 15 ms, RSS <= 150 MiB; 10,000 models: first
 * diagnostics <= 500 ms, workspace checked <= 10 s, RSS <= 600 MiB.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startClient } from '../test/lsp/lspClient';
import { mib, percentile, procMemoryMiB, typeAndDelete } from './lsp';
import type { TestClient } from '../test/lsp/lspClient';
import { elapsedMs } from './measure';

const REPO = join(__dirname, '..');
const PREPROCESSING = join(REPO, 'examples', 'model_repository', 'preprocessing', 'config.pbtxt');

/** N copies of the example's preprocessing model, each under its own name. */
export function generateSmallModels(dir: string, count: number): string[] {
  const template = readFileSync(PREPROCESSING, 'utf8');
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const model = `model_${i}`;
    mkdirSync(join(dir, model, '1'), { recursive: true });
    const path = join(dir, model, 'config.pbtxt');
    writeFileSync(path, template.replace(/^name: "preprocessing"/m, `name: "${model}"`));
    writeFileSync(join(dir, model, '1', 'model.py'), '');
    paths.push(path);
  }
  return paths;
}

/** Resolves when every uri in `uris` has had diagnostics published at least once. */
function allPublished(client: TestClient, uris: readonly string[], timeoutMs: number): Promise<void> {
  const waiting = new Set(uris);
  const drain = () => {
    for (const p of client.published) waiting.delete(p.uri);
  };
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      drain();
      if (waiting.size === 0) return resolve();
      if (Date.now() - started > timeoutMs)
        return reject(new Error(`${waiting.size} files never got diagnostics within ${timeoutMs} ms`));
      setTimeout(poll, 5);
    };
    poll();
  });
}

export async function lspRepositoryBench(tmp: string, count: number, typing: boolean): Promise<void> {
  const root = join(tmp, `lsp-workspace-${count}`);
  const repo = join(root, 'models');
  const paths = generateSmallModels(repo, count);
  const uris = paths.map((p) => pathToFileURL(p).toString());
  const openPath = paths[Math.floor(count / 2)]!;
  const uri = pathToFileURL(openPath).toString();
  const text = readFileSync(openPath, 'utf8');

  const started = process.hrtime.bigint();
  const client = await startClient(undefined, pathToFileURL(root).toString());
  const version = 1;
  const opened = process.hrtime.bigint();
  client.open(uri, text, version);
  await client.diagnostics(uri, version, 120_000);
  const firstMs = elapsedMs(opened);
  const startMs = elapsedMs(started) - firstMs;
  await allPublished(client, uris, 600_000);
  const wholeMs = elapsedMs(started);

  console.log(
    `\nLanguage server, workspace of ${count.toLocaleString('en-US')} small models (push diagnostics)`,
  );
  console.log(
    `  first diagnostics of the opened file: ${firstMs.toFixed(0)} ms after opening it${count >= 10_000 ? ' (target <= 500 ms)' : ''} (server start and initialize before: ${startMs.toFixed(0)} ms)`,
  );
  console.log(
    `  whole workspace checked: ${(wholeMs / 1000).toFixed(2)} s after start${count >= 10_000 ? ' (target <= 10 s)' : ''}`,
  );
  if (typing) {
    // The same typing as the single-file bench: a parameter typed, then deleted, twice.
    const latencies = await typeAndDelete(client, uri, text, version, 2, 60_000);
    const warm = latencies.slice(10).sort((a, b) => a - b);
    console.log(
      `  keystroke -> diagnostics: p50 ${percentile(warm, 50).toFixed(2)} ms (target <= 5), p90 ${percentile(warm, 90).toFixed(2)} ms (target <= 15), max ${warm[warm.length - 1]!.toFixed(1)} ms, ${warm.length} keystrokes after 10 warm-up`,
    );
  }
  const rss = procMemoryMiB(client.process.pid, 'VmHWM');
  console.log(`  server peak RSS: ${mib(rss)} (target <= ${count >= 10_000 ? 600 : 150} MiB)`);
  await client.close();
}
