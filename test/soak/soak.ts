// The language-server soak: mutated documents (byte and token mutations of every config we have, and of
// the llmapi model.yaml files) fed to the REAL server (dist/server.js over stdio) as incremental didChange
// edits, with hover, completion, document symbols, formatting and code actions asked at random positions.
// It counts the requests answered, the server's crashes (a process that exits, or a request that fails
// with an internal error), the slowest request, and the server's peak RSS (VmHWM). `npm run soak` runs 10^6
// documents (test/soak/main.ts); test/soak/soak.test.ts runs a CI-sized 20,000 inside `npm test`.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CodeActionRequest,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
} from 'vscode-languageserver-protocol/node';
import { generateMutants } from '../differential/mutate';
import type { Base } from '../differential/mutate';
import { Rng } from '../differential/rng';
import { loadSchema } from '../differential/schema';
import { outline } from '../differential/textformat';
import { positionOf, startClient } from '../lsp/lspClient';
import type { TestClient } from '../lsp/lspClient';
import { REPO_ROOT } from '../shared';

export interface SoakOptions {
  documents: number;
  seed: number;
  /** Requests in flight at once (the server answers in order; a window keeps the pipe full). */
  window?: number;
  /** Called every `progressEvery` documents. */
  onProgress?: (done: number, result: SoakResult) => void;
  progressEvery?: number;
}

export interface SoakResult {
  documents: number;
  requests: number;
  answered: number;
  /** Answers that carried something (a hover, completion items, symbols, edits, actions). */
  nonEmpty: number;
  /** Server processes that exited, plus requests answered with an internal error. */
  crashes: number;
  crashDetails: string[];
  /** Handler exceptions the server caught and logged (answered with an empty result): bugs, not crashes. */
  handlerErrors: number;
  handlerErrorDetails: string[];
  slowestMs: number;
  slowest: string;
  /** Peak resident set of the server process(es), KiB (Linux VmHWM; 0 where unknown). */
  peakRssKib: number;
  seconds: number;
}

const SHARED_CORPUS = join(REPO_ROOT, '..', 'shared', 'corpus');

function files(dir: string, pred: (name: string) => boolean, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) files(p, pred, out);
    else if (e.isFile() && pred(e.name)) out.push(p);
  }
  return out;
}

/** Every config we have (fixtures, examples, differential bases, the shared corpus when present). */
export function soakInputs(): { pbtxt: Base[]; yaml: Base[] } {
  const roots = [join(REPO_ROOT, 'test'), join(REPO_ROOT, 'examples'), SHARED_CORPUS];
  const read = (p: string): Base => ({ name: p, text: readFileSync(p, 'utf8') });
  return {
    pbtxt: roots.flatMap((r) => files(r, (n) => n.endsWith('.pbtxt'))).map(read),
    yaml: roots.flatMap((r) => files(r, (n) => n === 'model.yaml')).map(read),
  };
}

const ODD = ['\u0000', '\u00e9', '\ud83d\ude00', '\ud800', '\r\n', '\t', '${', '}', '"', '#', '{', '<', '\\'];

/** One byte-level mutation: insert, delete, duplicate, replace, or splice in another text. */
function byteMutation(text: string, other: string, rng: Rng): string {
  const at = rng.int(text.length + 1);
  const len = rng.int(Math.min(40, text.length - at) + 1);
  switch (rng.int(5)) {
    case 0:
      return text.slice(0, at) + rng.pick(ODD)! + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + len);
    case 2:
      return text.slice(0, at + len) + text.slice(at, at + len) + text.slice(at + len);
    case 3:
      return text.slice(0, at) + String.fromCharCode(rng.int(0x3000)) + text.slice(at + 1);
    default: {
      const from = rng.int(other.length + 1);
      return text.slice(0, at) + other.slice(from, from + rng.int(200)) + text.slice(at);
    }
  }
}

/** The smallest single edit turning `a` into `b` (what an editor's didChange would carry). */
function diffEdit(a: string, b: string): { start: number; end: number; text: string } {
  let s = 0;
  while (s < a.length && s < b.length && a[s] === b[s]) s++;
  let ea = a.length;
  let eb = b.length;
  while (ea > s && eb > s && a[ea - 1] === b[eb - 1]) {
    ea--;
    eb--;
  }
  return { start: s, end: ea, text: b.slice(s, eb) };
}

function peakRssKib(pid: number | undefined): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

type Ask = 'hover' | 'completion' | 'symbols' | 'formatting' | 'codeAction';
const ASKS: Ask[] = ['hover', 'completion', 'symbols', 'formatting', 'codeAction'];
const YAML_ASKS: Ask[] = ['hover', 'completion'];

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const started = Date.now();
  const rng = new Rng(options.seed);
  const { pbtxt, yaml } = soakInputs();
  if (pbtxt.length === 0) throw new Error('no config.pbtxt found to mutate');
  // Token mutations: the differential test's operators (typos, wrong types, broken brackets, ...).
  // (of the configs their outline reader takes: the operators expect a sound outline).
  const schema = loadSchema();
  const valid = pbtxt.filter((b) => {
    try {
      outline(b.text, schema);
      return true;
    } catch {
      return false; // a template with ${...} values, or a deliberately broken fixture
    }
  });
  const tokenMutants = generateMutants(valid, schema, { seed: options.seed, target: 4000 }).map(
    (m) => m.text,
  );
  if (tokenMutants.length === 0) throw new Error('no token mutants: no config the outline reader takes');
  const result: SoakResult = {
    documents: 0,
    requests: 0,
    answered: 0,
    nonEmpty: 0,
    crashes: 0,
    crashDetails: [],
    handlerErrors: 0,
    handlerErrorDetails: [],
    slowestMs: 0,
    slowest: '',
    peakRssKib: 0,
    seconds: 0,
  };
  const window = options.window ?? 16;
  // A few open documents at once, each a file of a repository (so repository rules run too).
  const slots = 8;
  let client: TestClient | undefined;
  let texts: string[] = [];
  let versions: number[] = [];
  let uris: string[] = [];
  let exited = false;
  let closing = false;
  const start = async () => {
    client = await startClient();
    exited = false;
    client.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      if (p.type !== 1) return; // MessageType.Error: what runSafe logs for a handler that threw
      result.handlerErrors++;
      if (result.handlerErrorDetails.length < 5) result.handlerErrorDetails.push(p.message.slice(0, 600));
    });
    client.process.once('exit', (code, signal) => {
      exited = true;
      if (closing) return;
      result.crashes++;
      result.crashDetails.push(
        `server exited (code ${code}, signal ${signal}) at document ${result.documents}`,
      );
    });
    texts = [];
    versions = [];
    uris = [];
    for (let i = 0; i < slots; i++) {
      const isYaml = i === slots - 1 && yaml.length > 0;
      uris.push(
        isYaml ? `file:///soak/repo/llm${i}/1/model.yaml` : `file:///soak/repo/model${i}/config.pbtxt`,
      );
      texts.push('');
      versions.push(1);
      void client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: uris[i]!, languageId: isYaml ? 'yaml' : 'pbtxt', version: 1, text: '' },
      });
    }
  };
  await start();
  const inFlight = new Set<Promise<void>>();
  const ask = (kind: Ask, uri: string, text: string, offset: number): Promise<void> => {
    const c = client!;
    const position = positionOf(text, Math.min(offset, text.length));
    const textDocument = { uri };
    const t0 = performance.now();
    let request: Promise<unknown>;
    if (kind === 'hover') request = c.connection.sendRequest(HoverRequest.type, { textDocument, position });
    else if (kind === 'completion')
      request = c.connection.sendRequest(CompletionRequest.type, { textDocument, position });
    else if (kind === 'symbols')
      request = c.connection.sendRequest(DocumentSymbolRequest.type, { textDocument });
    else if (kind === 'formatting')
      request = c.connection.sendRequest(DocumentFormattingRequest.type, {
        textDocument,
        options: { tabSize: 2, insertSpaces: true },
      });
    else
      request = c.connection.sendRequest(CodeActionRequest.type, {
        textDocument,
        range: { start: position, end: position },
        context: { diagnostics: [] },
      });
    result.requests++;
    return request.then(
      (answer) => {
        result.answered++;
        if (answer !== null && !(Array.isArray(answer) && answer.length === 0)) result.nonEmpty++;
        const ms = performance.now() - t0;
        if (ms > result.slowestMs) {
          result.slowestMs = ms;
          result.slowest = `${kind} at ${position.line + 1}:${position.character + 1} of ${uri}`;
        }
      },
      (e: unknown) => {
        // The connection closing is the exit, counted once; any other failure is a crash of the handler.
        if (exited) return;
        result.crashes++;
        if (result.crashDetails.length < 20) result.crashDetails.push(`${kind}: ${(e as Error).message}`);
      },
    );
  };
  for (let d = 0; d < options.documents; d++) {
    if (exited) await start();
    const slot = rng.int(slots);
    const isYaml = uris[slot]!.endsWith('model.yaml');
    const pool = isYaml ? yaml : pbtxt;
    const base = rng.pick(pool)!.text;
    let next: string;
    const roll = rng.int(10);
    if (!isYaml && roll < 4) next = rng.pick(tokenMutants)!;
    else if (roll < 6) next = byteMutation(texts[slot]!, base, rng);
    else next = byteMutation(base, rng.pick(pool)!.text, rng);
    const edit = diffEdit(texts[slot]!, next);
    versions[slot]!++;
    void client!.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: uris[slot]!, version: versions[slot]! },
      contentChanges: [
        {
          range: {
            start: positionOf(texts[slot]!, edit.start),
            end: positionOf(texts[slot]!, edit.end),
          },
          text: edit.text,
        },
      ],
    });
    texts[slot] = next;
    result.documents++;
    for (let k = 0; k < 2; k++) {
      const p = ask(rng.pick(isYaml ? YAML_ASKS : ASKS)!, uris[slot]!, next, rng.int(next.length + 1));
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    while (inFlight.size >= window) await Promise.race(inFlight);
    if (options.onProgress && (d + 1) % (options.progressEvery ?? 10_000) === 0) {
      result.peakRssKib = Math.max(result.peakRssKib, peakRssKib(client!.process.pid));
      options.onProgress(d + 1, result);
    }
  }
  await Promise.all(inFlight);
  result.peakRssKib = Math.max(result.peakRssKib, peakRssKib(client!.process.pid));
  closing = true;
  if (!exited) await client!.close();
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

export function formatSoak(r: SoakResult): string {
  return [
    `soak: ${r.documents} documents, ${r.answered}/${r.requests} requests answered (${r.nonEmpty} with content) in ${r.seconds.toFixed(1)} s`,
    `soak: crashes ${r.crashes}${r.crashDetails.length ? ` (${r.crashDetails.join('; ')})` : ''}`,
    `soak: handler errors caught by the server ${r.handlerErrors}${r.handlerErrorDetails.length ? `:\n${r.handlerErrorDetails.join('\n')}` : ''}`,
    `soak: slowest request ${r.slowestMs.toFixed(1)} ms (${r.slowest}; target under 1000 ms)`,
    `soak: server peak RSS ${(r.peakRssKib / 1024).toFixed(1)} MiB`,
  ].join('\n');
}
