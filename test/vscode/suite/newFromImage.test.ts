// "Triton: New Model Repository from Image" in VS Code, against the real Docker engine of the test run and
// the TEMPLATES STAND-IN image (a test double, not a Triton image: busybox plus our own templates, see
// test/fromimage/standin). The command runs with arguments instead of dialogs, copies the templates, and
// opens the values file and the main config. Skipped only when no engine answers and CI is not 'true'.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import manifest from '../../../package.json';
import { requireDockerEngine } from '../../dockerEngine';
import type { NewFromImageOutcome } from '../../../client/src/templates/newFromImage';
import { ensureTemplatesStandin } from '../../fromimage/templatesImage';

const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;
const COMMAND = 'tritonToolkit.newRepositoryFromImage';

describe('New Model Repository from Image in VS Code (templates stand-in image)', function () {
  this.timeout(60_000);
  let repo = '';
  let image = '';
  const work = mkdtempSync(join(tmpdir(), 'vscode-fromimage-'));

  before(async function () {
    requireDockerEngine(this);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    repo = extension.extensionPath;
    await extension.activate();
    image = ensureTemplatesStandin('templates', join(repo, 'test', 'fromimage', 'standin'));
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  it('copies the templates out of the image and opens the values file and the main config', async () => {
    const target = join(work, 'engine-repo');
    const outcome = await vscode.commands.executeCommand<NewFromImageOutcome>(COMMAND, {
      image,
      layout: 'inflight_batcher_llm',
      target,
    });
    assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.message : 'the command returned nothing');
    const fixture = join(repo, 'test', 'fromimage', 'standin', 'all_models', 'inflight_batcher_llm');
    for (const model of readdirSync(fixture))
      assert.equal(
        readFileSync(join(target, model, 'config.pbtxt'), 'utf8'),
        readFileSync(join(fixture, model, 'config.pbtxt'), 'utf8'),
        model,
      );
    const values = JSON.parse(readFileSync(outcome.valuesFile, 'utf8')) as { models: Record<string, object> };
    assert.deepEqual(Object.keys(values.models.tensorrt_llm ?? {}).sort(), [
      'batching_strategy',
      'engine_dir',
      'kv_cache_free_gpu_mem_fraction',
      'max_queue_delay_microseconds',
      'max_queue_size',
      'triton_backend',
    ]);
    assert.deepEqual(outcome.opened, [
      join(target, 'triton-values.json'),
      join(target, 'tensorrt_llm', 'config.pbtxt'),
    ]);
    const visible = vscode.window.visibleTextEditors.map((e) => e.document.uri.fsPath);
    for (const file of outcome.opened)
      assert.ok(visible.includes(file), `${file} is open; open: ${visible.join(', ')}`);
    // The copy container is gone.
    const left = spawnSync(
      'docker',
      ['ps', '-aq', '--filter', 'label=dev.triton-toolkit.template-copy', '--filter', `ancestor=${image}`],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(left.stdout.trim(), '');
  });

  it('refuses a folder that is not empty, and says so', async () => {
    const target = join(work, 'occupied');
    mkdirSync(target);
    writeFileSync(join(target, 'mine.txt'), 'keep me\n');
    const outcome = await vscode.commands.executeCommand<NewFromImageOutcome>(COMMAND, { image, target });
    assert.equal(outcome?.ok, false);
    assert.match(outcome.message, /is not empty/);
    assert.deepEqual(readdirSync(target), ['mine.txt']);
    assert.equal(existsSync(join(target, 'triton-values.json')), false);
  });
});
