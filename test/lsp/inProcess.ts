// The language server started in this process (startServer) over an in-memory connection, with a test
// host: files in memory, a GPU inventory the test sets, Node's timers, an environment of its own. This
// is the seam the stdio tests (lspClient.ts) cannot give: what the host says, and when, is the test's.
import { PassThrough } from 'node:stream';
import {
  ProposedFeatures,
  StreamMessageReader as ServerReader,
  StreamMessageWriter as ServerWriter,
  createConnection,
} from 'vscode-languageserver/node';
import {
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  ClientCapabilities,
  ProtocolConnection,
  PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import type { FileSystem } from '../../server/src/core/index';
import type { GpuInventory, ServerHost } from '../../server/src/host/host';
import { nodeTimers } from '../../server/src/host/nodeHost';
import { startServer } from '../../server/src/lsp/server';
import { initialize, pushCapabilities } from './lspClient';

/**
 * Files in memory (absolute '/' paths), directories implied by them. `hold(path)` makes reads of that
 * file wait until the returned release is called (and says when one started): a slow disk on demand.
 */
export class MemoryFileSystem implements FileSystem {
  readonly files: Map<string, string>;
  private readonly held = new Map<string, { started: () => void; released: Promise<void> }>();

  constructor(files: Record<string, string>) {
    this.files = new Map(Object.entries(files));
  }

  hold(path: string): { started: Promise<void>; release: () => void } {
    let release = () => {};
    let started = () => {};
    const startedPromise = new Promise<void>((resolve) => (started = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.held.set(path, { started, released });
    return {
      started: startedPromise,
      release: () => {
        this.held.delete(path);
        release();
      },
    };
  }

  private children(dir: string): Map<string, 'file' | 'directory'> {
    const out = new Map<string, 'file' | 'directory'>();
    for (const p of this.files.keys()) {
      if (!p.startsWith(dir + '/')) continue;
      const [name, ...rest] = p.slice(dir.length + 1).split('/');
      out.set(name!, rest.length > 0 ? 'directory' : 'file');
    }
    return out;
  }

  stat(path: string) {
    if (this.files.has(path)) return Promise.resolve('file' as const);
    return Promise.resolve(this.children(path).size > 0 ? ('directory' as const) : ('missing' as const));
  }

  readDirectory(path: string) {
    const entries = this.children(path);
    if (entries.size === 0) return Promise.reject(new Error(`ENOENT: ${path}`));
    return Promise.resolve([...entries].map(([name, kind]) => ({ name, kind })));
  }

  async readFile(path: string) {
    const held = this.held.get(path);
    if (held) {
      held.started();
      await held.released;
    }
    const text = this.files.get(path);
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    return text;
  }

  readBytes(path: string, position: number, length: number) {
    const bytes = new TextEncoder().encode(this.files.get(path) ?? '');
    return Promise.resolve({ bytes: bytes.subarray(position, position + length), size: bytes.length });
  }
}

/** A GPU inventory whose count the test sets; a change is announced as the Node one announces it. */
export class TestGpus implements GpuInventory {
  private readonly listeners = new Set<(count: number | undefined) => void>();
  constructor(private current: number | undefined) {}
  count() {
    return Promise.resolve(this.current);
  }
  onDidChange(listener: (count: number | undefined) => void) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  set(count: number | undefined) {
    this.current = count;
    for (const listener of this.listeners) listener(count);
  }
}

export interface InProcessClient {
  connection: ProtocolConnection;
  published: PublishDiagnosticsParams[];
  /** Error messages the server logged (what the runner logs for a handler that threw). */
  errors: string[];
  open(uri: string, text: string, version?: number): void;
  /**
   * Resolves with the first diagnostics published for `uri` that satisfy `accept`, counting from the
   * `from`-th publish (default: those still to come).
   */
  next(
    uri: string,
    accept: (p: PublishDiagnosticsParams) => boolean,
    from?: number,
    timeoutMs?: number,
  ): Promise<PublishDiagnosticsParams>;
  settings(tritonToolkit: Record<string, unknown>): void;
  /** Ends both ends once the server's scheduled work (a repository settling, a publish) is done. */
  dispose(): Promise<void>;
}

export async function startInProcess(
  host: ServerHost,
  rootUri: string | null,
  capabilities: ClientCapabilities = pushCapabilities(),
): Promise<InProcessClient> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  // Message readers and writers, not streams: given streams, vscode-languageserver exits the process
  // when they end.
  const server = createConnection(
    ProposedFeatures.all,
    new ServerReader(toServer),
    new ServerWriter(toClient),
  );
  startServer(server, host);
  const connection = createProtocolConnection(
    new StreamMessageReader(toClient),
    new StreamMessageWriter(toServer),
  );
  const published: PublishDiagnosticsParams[] = [];
  const errors: string[] = [];
  const waiters = new Set<{
    uri: string;
    accept: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }>();
  connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    if (p.type === 1) errors.push(p.message);
  });
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    for (const w of waiters)
      if (w.uri === p.uri && w.accept(p)) {
        waiters.delete(w);
        w.resolve(p);
      }
  });
  // processId null: the server must not watch this process (its timer would keep the test running).
  await initialize(connection, capabilities, rootUri, null);
  return {
    connection,
    published,
    errors,
    open(uri, text, version = 1) {
      void connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'pbtxt', version, text },
      });
    },
    next(uri, accept, from = published.length, timeoutMs = 10_000) {
      const done = published.slice(from).find((p) => p.uri === uri && accept(p));
      if (done) return Promise.resolve(done);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = {
          uri,
          accept,
          resolve: (p: PublishDiagnosticsParams) => (clearTimeout(timer), resolve(p)),
        };
        waiters.add(waiter);
      });
    },
    settings(tritonToolkit) {
      void connection.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { tritonToolkit },
      });
    },
    async dispose() {
      // A repository re-check is scheduled 50 ms after the last change; a publish on a disposed
      // connection would reject where no test awaits it.
      await new Promise((resolve) => setTimeout(resolve, 250));
      connection.dispose();
      server.dispose();
      toServer.end();
      toClient.end();
    },
  };
}

/** A test host over files in memory. */
export function testHost(files: Record<string, string>, gpus: number | undefined = undefined) {
  const fs = new MemoryFileSystem(files);
  const gpuInventory = new TestGpus(gpus);
  const host: ServerHost = {
    fileSystem: fs,
    walkFileSystem: fs,
    gpus: gpuInventory,
    timers: nodeTimers,
    env: {},
  };
  return { host, fs, gpus: gpuInventory };
}
