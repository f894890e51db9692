// Hover on `${var}` resolves the variable from the open file's parse and the repository's cached values:
// it reads no other model and lists no directory (it used to render the whole repository per hover).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import type { MarkupContent } from 'vscode-languageserver-protocol/node';
import { pathToUri } from '../../server/src/lsp/workspace';
import { startInProcess, testHost } from './inProcess';
import type { InProcessClient } from './inProcess';

const ROOT = '/mem/hover';
const config = (name: string) => `name: "${name}"\nbackend: "python"\nmax_batch_size: \${mbs}\n`;
const FILES: Record<string, string> = {
  [`${ROOT}/triton-values.json`]: JSON.stringify({ values: { mbs: 8 } }),
  [`${ROOT}/models/a/config.pbtxt`]: config('a'),
  [`${ROOT}/models/a/1/model.py`]: '',
  [`${ROOT}/models/b/config.pbtxt`]: config('b'),
  [`${ROOT}/models/b/1/model.py`]: '',
};
const A = pathToUri(`${ROOT}/models/a/config.pbtxt`);
const clients: InProcessClient[] = [];
after(() => Promise.all(clients.map((c) => c.dispose())));

test('hover on ${var} reads no other model and lists no directory', async () => {
  const { host, fs } = testHost(FILES);
  const client = await startInProcess(host, pathToUri(ROOT));
  clients.push(client);
  client.open(A, FILES[`${ROOT}/models/a/config.pbtxt`]!);
  await client.next(A, () => true, 0);
  const hover = () =>
    client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: A },
      position: { line: 2, character: 19 },
    });
  await hover(); // the repository's values are read (once) by the first request that needs them
  const touched: string[] = [];
  const readFile = fs.readFile.bind(fs);
  const readDirectory = fs.readDirectory.bind(fs);
  fs.readFile = (p: string) => (touched.push(`read ${p}`), readFile(p));
  fs.readDirectory = (p: string) => (touched.push(`list ${p}`), readDirectory(p));
  const answer = await hover();
  const text = (answer?.contents as MarkupContent).value;
  assert.match(text, /\*\*\$\{mbs\}\*\*: template variable \(1 use in this file\)/);
  assert.match(text, /Value: `8`/);
  assert.match(text, /From .*triton-values\.json/);
  assert.deepEqual(touched, []);
});
