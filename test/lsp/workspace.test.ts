// The language server on a workspace holding a model repository: diagnostics for files that are not
// open, kept current when files change on disk, and navigation between an ensemble and its steps.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import {
  CompletionRequest,
  DefinitionRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ReferencesRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  ShutdownRequest,
  ExitNotification,
} from 'vscode-languageserver-protocol/node';
import type {
  CompletionItem,
  Location,
  ProtocolConnection,
  PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { SERVER, markers, positionOf } from './lspClient';

const ENSEMBLE = `name: "ens"
platform: "ensemble"
max_batch_size: 8
input [ { name: "TEXT" data_type: TYPE_STRING dims: [ 1 ] } ]
output [ { name: "IDS" data_type: TYPE_INT32 dims: [ -1 ] } ]
ensemble_scheduling {
  step [
    {
      model_name: "p|re"
      model_version: -1
      input_map { key: "QU|ERY" value: "TE|XT" }
      output_map { key: "TOKENS" value: "IDS" }
    }
  ]
}
`;
const PRE = `name: "pre"
backend: "python"
max_batch_size: 8
input [ { name: "QUERY" data_type: TYPE_STRING dims: [ 1 ] } ]
output [ { name: "TOKENS" data_type: TYPE_INT32 dims: [ -1 ] } ]
`;

let root: string;
let child: ChildProcess;
let connection: ProtocolConnection;
const published: PublishDiagnosticsParams[] = [];
const uriOf = (model: string) => pathToFileURL(join(root, 'repo', model, 'config.pbtxt')).toString();

/** Waits until the latest diagnostics published for `uri` satisfy `check`. */
function until(uri: string, check: (codes: string[]) => boolean, what: string): Promise<string[]> {
  const latest = () => [...published].reverse().find((p) => p.uri === uri);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `timed out waiting for ${what}; last: ${JSON.stringify(latest()?.diagnostics.map((d) => d.code))}`,
          ),
        ),
      10_000,
    );
    const poll = () => {
      const p = latest();
      const codes = p ? p.diagnostics.map((d) => String(d.code)) : undefined;
      if (codes && check(codes)) {
        clearTimeout(timer);
        resolve(codes);
      } else setTimeout(poll, 10);
    };
    poll();
  });
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'triton-lsp-ws-'));
  for (const m of ['ens', 'pre', 'broken', 'other'])
    mkdirSync(join(root, 'repo', m, '1'), { recursive: true });
  writeFileSync(join(root, 'repo', 'other', 'config.pbtxt'), PRE.replace('"pre"', '"other"'));
  writeFileSync(join(root, 'repo', 'ens', 'config.pbtxt'), markers(ENSEMBLE).text);
  writeFileSync(join(root, 'repo', 'pre', 'config.pbtxt'), PRE);
  writeFileSync(
    join(root, 'repo', 'broken', 'config.pbtxt'),
    'name: "broken"\nbackend: "python"\nmax_batch_sise: 8\n',
  );
  child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => published.push(p));
  connection.listen();
  const rootUri = pathToFileURL(root).toString();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'ws' }],
    capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } } },
  });
  await connection.sendNotification(InitializedNotification.type, {});
});

after(async () => {
  const exited = new Promise((r) => child.once('exit', r));
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  await exited;
  connection.dispose();
  rmSync(root, { recursive: true, force: true });
});

test('diagnostics for every model of the workspace, open or not', async () => {
  assert.deepEqual(await until(uriOf('broken'), (c) => c.length > 0, 'the broken model'), [
    'schema/unknown-field',
  ]);
  assert.deepEqual(await until(uriOf('ens'), () => true, 'the ensemble'), []);
});

test('a step model changed on disk re-checks the ensemble that depends on it', async () => {
  writeFileSync(join(root, 'repo', 'pre', 'config.pbtxt'), PRE.replace('TOKENS', 'TOKEN_IDS'));
  await connection.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: uriOf('pre'), type: FileChangeType.Changed }],
  });
  const codes = await until(
    uriOf('ens'),
    (c) => c.includes('triton/ensemble-unknown-output'),
    'the ensemble to see the renamed output',
  );
  assert.deepEqual(codes, ['triton/ensemble-unknown-output']);
  const ens = [...published].reverse().find((p) => p.uri === uriOf('ens'))!;
  assert.equal(ens.diagnostics[0]!.relatedInformation?.[0]?.location.uri ?? uriOf('pre'), uriOf('pre'));
  // Put it back, and delete the broken model: both repository changes are seen.
  writeFileSync(join(root, 'repo', 'pre', 'config.pbtxt'), PRE);
  rmSync(join(root, 'repo', 'broken'), { recursive: true });
  await connection.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: [
      { uri: uriOf('pre'), type: FileChangeType.Changed },
      { uri: uriOf('broken'), type: FileChangeType.Deleted },
    ],
  });
  await until(uriOf('ens'), (c) => c.length === 0, 'the ensemble to be clean again');
  await until(uriOf('broken'), (c) => c.length === 0, 'the deleted model to be cleared');
});

test('typing in one model republishes that model and the ensemble naming it, nothing else', async () => {
  await until(uriOf('other'), () => true, 'the unrelated model');
  const pre = uriOf('pre');
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: pre, languageId: 'pbtxt', version: 1, text: PRE },
  });
  await until(pre, (c) => c.length === 0, 'the opened model');
  const mark = published.length;
  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: pre, version: 2 },
    contentChanges: [{ text: PRE.replace('TOKENS', 'TOKEN_IDS') }],
  });
  await until(
    uriOf('ens'),
    (c) => c.includes('triton/ensemble-unknown-output'),
    'the ensemble to follow the edit',
  );
  await new Promise((r) => setTimeout(r, 200)); // anything else would have been published by now
  const uris = new Set(published.slice(mark).map((p) => p.uri));
  assert.deepEqual([...uris].sort(), [uriOf('ens'), pre].sort());
  // Closing the model goes back to the text on disk: the ensemble is clean again.
  await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: pre } });
  await until(uriOf('ens'), (c) => c.length === 0, 'the ensemble to be clean once the edit is dropped');
});

test('go to definition, find references and completion across models', async () => {
  const { text, offsets } = markers(ENSEMBLE);
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: uriOf('ens'), languageId: 'pbtxt', version: 1, text },
  });
  const def = async (i: number) =>
    (await connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: uriOf('ens') },
      position: positionOf(text, offsets[i]!),
    })) as Location[];
  const toModel = await def(0);
  assert.deepEqual(
    toModel.map((l) => [l.uri, l.range.start.line]),
    [[uriOf('pre'), 0]],
  );
  const toInput = await def(1);
  assert.deepEqual(
    toInput.map((l) => [l.uri, l.range.start]),
    [[uriOf('pre'), { line: 3, character: 16 }]],
  );
  const toEnsembleInput = await def(2);
  assert.deepEqual(
    toEnsembleInput.map((l) => [l.uri, l.range.start]),
    [[uriOf('ens'), { line: 3, character: 16 }]],
  );

  const refs = (await connection.sendRequest(ReferencesRequest.type, {
    textDocument: { uri: uriOf('ens') },
    position: positionOf(text, offsets[0]!),
    context: { includeDeclaration: false },
  })) as Location[];
  assert.deepEqual(
    refs.map((l) => [l.uri, l.range.start.line]),
    [[uriOf('ens'), 8]],
  );

  const names = (await connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri: uriOf('ens') },
    position: positionOf(text, offsets[0]!),
  })) as CompletionItem[];
  assert.deepEqual(names.map((c) => c.label).sort(), ['other', 'pre']);
  const tensors = (await connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri: uriOf('ens') },
    position: positionOf(text, offsets[1]!),
  })) as CompletionItem[];
  assert.deepEqual(
    tensors.map((c) => c.label),
    ['QUERY'],
  );
});
