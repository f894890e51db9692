import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionRequest,
  CompletionRequest,
  DocumentDiagnosticRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  SelectionRangeRequest,
} from 'vscode-languageserver-protocol/node';
import type { CodeAction, CompletionItem, MarkupContent } from 'vscode-languageserver-protocol/node';
import { checkConfigText } from '../../server/src/core/index';
import { REPO_ROOT } from '../shared';
import type { TestClient } from './lspClient';
import { applyEdits, markers, positionOf, pullCapabilities, startClient } from './lspClient';

let client: TestClient;

before(async () => {
  client = await startClient();
});

after(async () => {
  if (client) assert.equal(await client.close(), 0, 'the server exits cleanly after shutdown/exit');
});

const BROKEN =
  'name: "m"\nmax_batch_sise: 8\ninput {\n  name: "x"\n  data_type: TYPE_FP322\n  dims: [ 1 ]\n}\n';

describe('language server over stdio', () => {
  test("publishes the example file's diagnostics on open", async () => {
    const text = readFileSync(
      join(REPO_ROOT, 'examples', 'model_repository', 'tensorrt_llm', 'config.pbtxt'),
      'utf8',
    );
    client.open('file:///example/tensorrt_llm/config.pbtxt', text);
    const diagnostics = await client.diagnostics('file:///example/tensorrt_llm/config.pbtxt', 1);
    assert.ok(diagnostics.length > 20);
    // Outside a repository no values are known: every placeholder is reported by what it means.
    assert.ok(diagnostics.every((d) => String(d.code).startsWith('template/')));
    const mbs = diagnostics.find((d) => d.message.includes('"triton_max_batch_size"'))!;
    assert.equal(mbs.code, 'template/unresolved');
    assert.equal(mbs.severity, 2);
    assert.ok(diagnostics.some((d) => d.code === 'template/unset-parameter' && d.severity === 4));
  });

  test('publishes errors with codes, ranges and libprotobuf positions for a broken file', async () => {
    client.open('file:///broken/config.pbtxt', BROKEN);
    const diagnostics = await client.diagnostics('file:///broken/config.pbtxt', 1);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]),
      [
        ['schema/unknown-field', 1, 1, 0],
        ['schema/unknown-enum-value', 1, 4, 13],
      ],
    );
    assert.match(
      diagnostics[0]!.message,
      /^Unknown field "max_batch_sise" \(did you mean "max_batch_size"\?\)\. Triton: Message type "inference\.ModelConfig" has no field named "max_batch_sise"\.$/,
    );
  });

  test('hover shows the field path, type and documentation; enum values too', async () => {
    const { text, offsets } = markers(
      'dynamic_batching {\n  max_queue_d|elay_microseconds: 100\n}\ninput { data_type: TYPE_F|P16 }\n',
    );
    client.open('file:///hover/config.pbtxt', text);
    const h1 = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: 'file:///hover/config.pbtxt' },
      position: positionOf(text, offsets[0]!),
    });
    const v1 = (h1!.contents as MarkupContent).value;
    assert.match(v1, /\*\*max_queue_delay_microseconds\*\*: `uint64`/);
    assert.match(v1, /`ModelConfig\.dynamic_batching\.max_queue_delay_microseconds`/);
    const h2 = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: 'file:///hover/config.pbtxt' },
      position: positionOf(text, offsets[1]!),
    });
    assert.match((h2!.contents as MarkupContent).value, /\*\*TYPE_FP16\*\* = 10/);
  });

  test('completes field names in context and enum values after a colon', async () => {
    const { text, offsets } = markers(
      'max_batch_size: 8\ndynamic_batching {\n  |\n}\ninput { data_type: | }\n|',
    );
    client.open('file:///complete/config.pbtxt', text);
    const at = async (i: number) =>
      (
        (await client.connection.sendRequest(CompletionRequest.type, {
          textDocument: { uri: 'file:///complete/config.pbtxt' },
          position: positionOf(text, offsets[i]!),
        })) as CompletionItem[]
      ).map((c) => c.label);
    const inBatching = await at(0);
    assert.ok(inBatching.includes('max_queue_delay_microseconds'));
    assert.ok(!inBatching.includes('max_batch_size'));
    const enumValues = await at(1);
    assert.ok(enumValues.includes('TYPE_FP32') && enumValues.includes('TYPE_BF16'));
    const topLevel = await at(2);
    assert.ok(topLevel.includes('instance_group'));
    assert.ok(!topLevel.includes('max_batch_size'), 'already set singular fields are not offered');
    assert.ok(!topLevel.includes('sequence_batching'), 'another member of the scheduling oneof is set');
  });

  test('formats a document canonically, keeping comments and placeholders', async () => {
    const text = '# model\ninput<name:"x",dims:[1,2]>  # trailing\nmax_batch_size:${mbs};\n';
    client.open('file:///format/config.pbtxt', text);
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri: 'file:///format/config.pbtxt' },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.equal(
      applyEdits(text, edits!),
      '# model\ninput {\n  name: "x"\n  dims: [ 1, 2 ]\n} # trailing\nmax_batch_size: ${mbs}\n',
    );
  });

  test('offers a did-you-mean quick fix whose edit removes the error', async () => {
    const diagnostics = await client.diagnostics('file:///broken/config.pbtxt', 1);
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: 'file:///broken/config.pbtxt' },
      range: diagnostics[0]!.range,
      context: { diagnostics },
    });
    const titles = (actions ?? []).map((a) => a.title);
    assert.deepEqual(titles, ['Change to "max_batch_size"', 'Change to "TYPE_FP32"']);
    const fix = actions![0]! as CodeAction;
    const fixed = applyEdits(BROKEN, fix.edit!.changes!['file:///broken/config.pbtxt']!);
    client.change('file:///broken/config.pbtxt', fixed, 2);
    const after = await client.diagnostics('file:///broken/config.pbtxt', 2);
    assert.deepEqual(
      after.map((d) => d.code),
      ['schema/unknown-enum-value'],
    );
  });

  test('outline, folding and selection ranges', async () => {
    const text =
      'input {\n  name: "tokens"\n  data_type: TYPE_INT32\n  dims: [ -1 ]\n}\nparameters {\n  key: "engine_dir"\n  value { string_value: "/e" }\n}\n';
    client.open('file:///outline/config.pbtxt', text);
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri: 'file:///outline/config.pbtxt' },
    })) as { name: string; detail?: string }[];
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail]),
      [
        ['tokens', 'TYPE_INT32 [-1]'],
        ['engine_dir', '/e'],
      ],
    );
    const folds = await client.connection.sendRequest(FoldingRangeRequest.type, {
      textDocument: { uri: 'file:///outline/config.pbtxt' },
    });
    assert.deepEqual(
      folds!.map((f) => [f.startLine, f.endLine]),
      [
        [0, 3],
        [5, 7],
      ],
    );
    const sel = await client.connection.sendRequest(SelectionRangeRequest.type, {
      textDocument: { uri: 'file:///outline/config.pbtxt' },
      positions: [{ line: 1, character: 4 }],
    });
    assert.deepEqual(sel![0]!.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 6 } });
    assert.deepEqual(sel![0]!.parent!.range, {
      start: { line: 1, character: 2 },
      end: { line: 1, character: 16 },
    });
  });

  test('a burst of 200 rapid edits ends with the diagnostics of the final text', async () => {
    const uri = 'file:///burst/config.pbtxt';
    let text = 'name: "m"\n';
    client.open(uri, text, 1);
    for (let v = 2; v <= 201; v++) {
      text +=
        v % 7 === 0 ? `bad_field_${v}: 1\n` : `parameters { key: "k${v}" value { string_value: "v" } }\n`;
      client.change(uri, text, v);
    }
    await client.diagnostics(uri, 201);
    // Let anything still queued arrive, then look at the last publication for this document.
    await new Promise((r) => setTimeout(r, 200));
    const mine = client.published.filter((p) => p.uri === uri);
    const last = mine[mine.length - 1]!;
    assert.equal(last.version, 201);
    const expected = checkConfigText(text).map((d) => d.code);
    assert.deepEqual(
      last.diagnostics.map((d) => d.code),
      expected,
    );
    assert.equal(expected.length, 28);
    assert.ok(mine.length < 200, `coalesced: ${mine.length} publications for 200 edits`);
  });

  test('survives any text and bad requests', async () => {
    const uri = 'file:///garbage/config.pbtxt';
    client.open(uri, '\u0000{{{ ]]] "\n\u00e9 ${ 0x 09 :::'.repeat(50));
    await client.diagnostics(uri, 1);
    const h = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 9999, character: 9999 },
    });
    assert.equal(h, null);
    const missing = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: 'file:///not-open' },
      position: { line: 0, character: 0 },
    });
    assert.equal(missing, null);
  });
});

describe('language server with pull diagnostics', () => {
  test('answers textDocument/diagnostic and publishes nothing', async () => {
    const pull = await startClient(pullCapabilities());
    try {
      pull.open('file:///pull/config.pbtxt', BROKEN);
      const report = await pull.connection.sendRequest(DocumentDiagnosticRequest.type, {
        textDocument: { uri: 'file:///pull/config.pbtxt' },
      });
      assert.equal(report.kind, 'full');
      assert.deepEqual(
        (report as { items: { code: string }[] }).items.map((d) => d.code),
        ['schema/unknown-field', 'schema/unknown-enum-value'],
      );
      assert.equal(pull.published.length, 0);
    } finally {
      assert.equal(await pull.close(), 0);
    }
  });
});
