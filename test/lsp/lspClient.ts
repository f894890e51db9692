// A real LSP client over stdio for tests and the benchmark: spawns dist/server.js --stdio and speaks
// JSON-RPC through vscode-languageserver-protocol.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  ClientCapabilities,
  Diagnostic,
  ProtocolConnection,
  PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

export interface TestClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Every publishDiagnostics received, in order. */
  published: PublishDiagnosticsParams[];
  log: string[];
  open(uri: string, text: string, version?: number): void;
  change(uri: string, text: string, version: number): void;
  /** Resolves with the first diagnostics published for `uri` at `version` or later. */
  diagnostics(uri: string, version: number, timeoutMs?: number): Promise<Diagnostic[]>;
  close(): Promise<number | null>;
}

export async function startClient(
  capabilities: ClientCapabilities = pushCapabilities(),
  /** A workspace folder: its model repositories get repository-wide (load-time rule) diagnostics. */
  rootUri: string | null = null,
): Promise<TestClient> {
  const child = spawn(
    process.execPath,
    [...(process.env.SERVER_ARGS ? process.env.SERVER_ARGS.split(' ') : []), SERVER, '--stdio'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; version: number; resolve: (d: Diagnostic[]) => void }[] = [];
  const log: string[] = [];
  connection.onNotification('window/logMessage', (p: { message: string }) => log.push(p.message));
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (w.uri === p.uri && (p.version ?? -1) >= w.version) {
        waiters.splice(i, 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  await initialize(connection, capabilities, rootUri, process.pid);
  return {
    connection,
    process: child,
    published,
    log,
    open(uri, text, version = 1) {
      void connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'pbtxt', version, text },
      });
    },
    change(uri, text, version) {
      void connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
    },
    diagnostics(uri, version, timeoutMs = 10_000) {
      const done = published.find((p) => p.uri === uri && (p.version ?? -1) >= version);
      if (done) return Promise.resolve(done.diagnostics);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({ uri, version, resolve: (d) => (clearTimeout(timer), resolve(d)) });
      });
    },
    async close() {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}

/** Starts listening and completes the handshake (the client answers workspace/configuration with {}). */
export async function initialize(
  connection: ProtocolConnection,
  capabilities: ClientCapabilities,
  rootUri: string | null,
  /** The server watches this process and exits when it is gone; null: it watches nothing. */
  processId: number | null,
): Promise<void> {
  connection.onRequest('workspace/configuration', () => [{}]);
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId,
    rootUri,
    capabilities,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'workspace' }] : null,
  });
  await connection.sendNotification(InitializedNotification.type, {});
}

export function pushCapabilities(): ClientCapabilities {
  return { textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } } };
}

export function pullCapabilities(): ClientCapabilities {
  return { textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } };
}

/** Splits `text` at `|` markers: the text without them and the offsets where they were. */
export function markers(text: string): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let out = '';
  for (const ch of text) {
    if (ch === '|') offsets.push(out.length);
    else out += ch;
  }
  return { text: out, offsets };
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyEdits(
  text: string,
  edits: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }[],
): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const off = (p: { line: number; character: number }) => (lineStarts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}

export function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
