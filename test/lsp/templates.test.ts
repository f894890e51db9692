// Templates in the language server: hover on a variable shows its value and where it came from, the
// rendered preview, and rendering into a directory with the confirmation rules (edited files are only
// overwritten when the user agreed).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { DidChangeConfigurationNotification, HoverRequest } from 'vscode-languageserver-protocol/node';
import type { MarkupContent } from 'vscode-languageserver-protocol/node';
import { RENDER_PREVIEW, RENDER_REPOSITORY, VALUES_CHANGED } from '../../server/src/lsp/protocol';
import type { RenderPreviewResult, RenderRepositoryResult } from '../../server/src/lsp/protocol';
import type { TestClient } from './lspClient';
import { markers, positionOf, pushCapabilities, startClient } from './lspClient';

const TEMPLATE = `name: "llm"
backend: "python"
max_batch_size: \${m|bs}
parameters { key: "engine_dir" value: { string_value: "\${engine_|dir}" } }
`;

let root: string;
let client: TestClient;
const repo = () => join(root, 'templates');
const configUri = () => pathToFileURL(join(repo(), 'llm', 'config.pbtxt')).toString();

before(async () => {
  // The server's environment: a render reads its TRTLLM__ variables (this one fills nothing here).
  process.env.TRTLLM__LLM__TEMPERATURE = '0.5';
  root = mkdtempSync(join(tmpdir(), 'triton-lsp-templates-'));
  mkdirSync(join(repo(), 'llm', '1'), { recursive: true });
  writeFileSync(join(repo(), 'llm', '1', 'model.py'), '# the model\n');
  writeFileSync(join(repo(), 'llm', 'config.pbtxt'), markers(TEMPLATE).text);
  writeFileSync(join(repo(), 'triton-values.json'), '{\n  "values": { "mbs": 8 }\n}\n');
  client = await startClient(pushCapabilities(), pathToFileURL(root).toString());
});

after(async () => {
  await client.close();
  rmSync(root, { recursive: true, force: true });
});

test('hover on a variable shows its value and the file it comes from, or how to give it one', async () => {
  const { text, offsets } = markers(TEMPLATE);
  client.open(configUri(), text);
  const hover = async (i: number) =>
    (
      (await client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: configUri() },
        position: positionOf(text, offsets[i]!),
      }))!.contents as MarkupContent
    ).value;
  const mbs = await hover(0);
  assert.match(mbs, /\*\*\$\{mbs\}\*\*/);
  assert.match(mbs, /Value: `8`/);
  assert.ok(mbs.includes('`templates/triton-values.json`'), mbs);
  assert.match(await hover(1), /No value yet: set it in `templates\/triton-values\.json`/);
});

test('the rendered preview of a template', async () => {
  const preview: RenderPreviewResult = await client.connection.sendRequest(RENDER_PREVIEW, {
    uri: configUri(),
  });
  assert.equal(preview.errors, 0, preview.messages.join('\n'));
  assert.match(preview.content!, /^max_batch_size: 8$/m);
  assert.match(
    preview.content!,
    /string_value: "\$\{engine_dir\}"/,
    'an unset backend parameter stays as it is',
  );
  assert.deepEqual(preview.environment, ['TRTLLM__LLM__TEMPERATURE'], 'the environment it read');
});

test('a change of settings tells the client that open previews must render again', async () => {
  const told = new Promise<void>((resolve) =>
    client.connection.onNotification(VALUES_CHANGED, () => resolve()),
  );
  await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { tritonToolkit: { valuesFile: 'other.json' } },
  });
  await told;
  const preview: RenderPreviewResult = await client.connection.sendRequest(RENDER_PREVIEW, {
    uri: configUri(),
  });
  assert.equal(preview.valuesFile, undefined, 'the setting names a file that does not exist');
  await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { tritonToolkit: {} },
  });
});

test('rendering asks before overwriting an edited file, and writes only with consent', async () => {
  const out = join(root, 'rendered');
  const render = (params: object): Promise<RenderRepositoryResult> =>
    client.connection.sendRequest(RENDER_REPOSITORY, { repository: repo(), out, write: false, ...params });
  const plan = await render({});
  assert.deepEqual(
    plan.files.map((f) => [f.path, f.status, f.edited]),
    [
      ['llm/1/model.py', 'new', false],
      ['llm/config.pbtxt', 'new', false],
    ],
  );
  assert.equal((await render({ write: true })).written, true);
  assert.match(readFileSync(join(out, 'llm', 'config.pbtxt'), 'utf8'), /max_batch_size: 8/);

  // Someone edits the rendered file; the values change too.
  writeFileSync(
    join(out, 'llm', 'config.pbtxt'),
    'name: "llm"\nbackend: "python"\nmax_batch_size: 4 # tuned by hand\n',
  );
  writeFileSync(join(repo(), 'triton-values.json'), '{ "values": { "mbs": 16 } }\n');
  const second = await render({});
  assert.deepEqual(
    second.files.find((f) => f.path === 'llm/config.pbtxt'),
    { path: 'llm/config.pbtxt', status: 'changed', edited: true },
  );
  const refused = await render({ write: true });
  assert.equal(refused.written, false);
  assert.match(refused.refused!, /edited since the last render: llm\/config\.pbtxt/);
  assert.match(readFileSync(join(out, 'llm', 'config.pbtxt'), 'utf8'), /tuned by hand/, 'the edit is kept');
  assert.equal((await render({ write: true, overwriteEdited: true })).written, true);
  assert.match(readFileSync(join(out, 'llm', 'config.pbtxt'), 'utf8'), /max_batch_size: 16/);
});
