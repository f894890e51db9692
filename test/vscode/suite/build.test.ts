// "Build Engine" in VS Code, against the real Docker engine of the test run (DOCKER_HOST, inherited from
// code-server's environment) and the BUILD STAND-IN image (a test double for trtllm-build and
// convert_checkpoint.py, test/build/standin; it is NOT TensorRT-LLM): the task a profile provides, a build
// with its record, a failed build reaching the Problems view through the `$triton-build` problem matcher,
// and a terminated task leaving nothing half-written. Skipped only when no engine answers and CI is not
// 'true'.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import manifest from '../../../package.json';
import { requireDockerEngine } from '../../dockerEngine';
import type { BuildOutcome } from '../../../client/src/build/buildTask';
import { ensureStandinImage } from '../../deploy/standinImage';

const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;
const LABEL_BUILD = 'dev.triton-toolkit.build';

/** Resolves with the diagnostics of `uri` once `accept` takes them (they come from the problem matcher). */
function diagnosticsOf(
  uri: vscode.Uri,
  accept: (d: vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const now = vscode.languages.getDiagnostics(uri);
      if (!accept(now)) return false;
      sub.dispose();
      clearTimeout(timer);
      resolve(now);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics(check);
    const timer = setTimeout(() => {
      sub.dispose();
      const now = vscode.languages.getDiagnostics(uri).map((d) => `${d.source}: ${d.message}`);
      reject(new Error(`no matching diagnostics on ${uri.fsPath}; it has: ${JSON.stringify(now)}`));
    }, timeoutMs);
    check();
  });
}

function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (condition()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 100);
  });
}

describe('Build Engine in VS Code (stand-in for TensorRT-LLM)', function () {
  this.timeout(120_000);
  let dir = '';
  let image = '';

  const engines = () => join(dir, 'engines');
  const leftovers = () =>
    existsSync(engines()) ? readdirSync(engines()).filter((n) => n.includes('.building-')) : [];
  const containersLeft = () =>
    spawnSync(
      'docker',
      [
        'ps',
        '-aq',
        '--filter',
        `label=${LABEL_BUILD}`,
        '--filter',
        `label=dev.triton-toolkit.workspace=${dir}`,
      ],
      {
        encoding: 'utf8',
      },
    ).stdout.trim();

  const writeProfile = (name: string, extra: Record<string, unknown>): string => {
    const path = join(dir, `${name}.triton-build.json`);
    const profile = {
      image,
      checkpointDir: 'hf-checkpoint',
      modelFamily: 'llama',
      gpus: 0,
      outputDir: `engines/${name}`,
      ...extra,
    };
    // Two-space JSON, one member per line: the tests look for a field's line.
    writeFileSync(path, JSON.stringify(profile, null, 2) + '\n');
    return path;
  };
  const lineOf = (file: string, key: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(`"${key}"`));
  const build = (profile: string) =>
    vscode.commands.executeCommand<BuildOutcome | undefined>('tritonToolkit.buildEngine', { profile });

  before(async function () {
    requireDockerEngine(this);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    image = ensureStandinImage(
      join(extension.extensionPath, 'test', 'build', 'standin'),
      'triton-toolkit-build-standin',
    );
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    // The build's workspace label is the profile's directory: this one, so only our containers match.
    dir = join(folder.uri.fsPath, `build-${process.pid}`);
    mkdirSync(join(dir, 'hf-checkpoint'), { recursive: true });
    writeFileSync(join(dir, 'hf-checkpoint', 'config.json'), '{"architectures": ["LlamaForCausalLM"]}\n');
  });

  after(() => {
    if (!dir) return;
    const left = containersLeft();
    if (left) spawnSync('docker', ['rm', '-f', ...left.split('\n')]);
    rmSync(dir, { recursive: true, force: true });
    assert.equal(left, '', 'no build container is left behind');
  });

  it('provides a task per profile, builds the engine with its record, and warns at the profile field', async () => {
    const profile = writeProfile('ok', {
      maxBatchSize: 8,
      serveImage: 'nvcr.io/nvidia/tritonserver:24.07-trtllm-python-py3',
    });
    const tasks = await vscode.tasks.fetchTasks({ type: 'triton-build' });
    const mine = tasks.find(
      (t) => t.name === 'Build engine: ok' && String(t.definition.profile).endsWith('ok.triton-build.json'),
    );
    assert.ok(mine, `a task for the profile; tasks: ${tasks.map((t) => t.name).join(', ')}`);

    const outcome = await build(profile);
    assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.message : 'no outcome');
    assert.deepEqual(readdirSync(outcome.outputPath).sort(), [
      'config.json',
      'rank0.engine',
      'triton-build-record.json',
    ]);
    const record = JSON.parse(readFileSync(join(outcome.outputPath, 'triton-build-record.json'), 'utf8'));
    assert.equal(record.image, image);
    assert.equal(record.engineTrtllm, '1.2.1');
    // The stand-in writes TensorRT-LLM 1.2.1; the serving image carries 0.11.0: a warning in the Problems
    // view, on the serveImage line of the profile.
    const diags = await diagnosticsOf(vscode.Uri.file(profile), (ds) =>
      ds.some((d) => /built by TensorRT-LLM 1\.2\.1/.test(d.message)),
    );
    const warning = diags.find((d) => /built by TensorRT-LLM 1\.2\.1/.test(d.message));
    assert.equal(warning?.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(warning?.source, 'triton-build');
    assert.equal(warning?.range.start.line, lineOf(profile, 'serveImage'));
    assert.deepEqual(leftovers(), []);
  });

  it('puts a failed build in the Problems view at the profile, and writes nothing', async () => {
    const profile = writeProfile('fails', { env: { STANDIN_BUILD_FAIL: 'oom' } });
    const outcome = await build(profile);
    assert.ok(outcome && !outcome.ok, 'the build fails');
    assert.equal(outcome.cancelled, false);
    assert.match(
      outcome.message,
      /^trtllm-build failed \(exit code 1\): AssertionError: Engine building failed/,
    );
    const diags = await diagnosticsOf(vscode.Uri.file(profile), (ds) =>
      ds.some((d) => /AssertionError/.test(d.message)),
    );
    const error = diags.find((d) => /AssertionError/.test(d.message));
    assert.equal(error?.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(error?.source, 'triton-build');
    assert.equal(existsSync(join(engines(), 'fails')), false);
    assert.deepEqual(leftovers(), []);
  });

  it('refuses an invalid profile before any container, with the problem at its field', async () => {
    const profile = writeProfile('invalid', { maxBatchSize: 0 });
    const outcome = await build(profile);
    assert.ok(outcome && !outcome.ok);
    const diags = await diagnosticsOf(vscode.Uri.file(profile), (ds) =>
      ds.some((d) => d.message.startsWith('maxBatchSize:')),
    );
    const error = diags.find((d) => d.message.startsWith('maxBatchSize:'));
    assert.equal(error?.range.start.line, lineOf(profile, 'maxBatchSize'));
  });

  it('terminating the task stops the container, keeps the old engine and leaves nothing half-written', async () => {
    const profile = writeProfile('cancel', { env: { STANDIN_BUILD_SECONDS: '60' } });
    const output = join(engines(), 'cancel');
    mkdirSync(output, { recursive: true });
    writeFileSync(join(output, 'config.json'), '{"old": true}');
    const running = build(profile);
    // trtllm-build has written rank0.engine into the temporary directory and is still working.
    await until(
      () => leftovers().some((d) => existsSync(join(engines(), d, 'engine', 'rank0.engine'))),
      'the stand-in to start writing the engine',
    );
    const execution = vscode.tasks.taskExecutions.find((e) => e.task.definition.profile === profile);
    assert.ok(execution, 'the build runs as a task');
    execution.terminate();
    const outcome = await running;
    assert.ok(outcome && !outcome.ok);
    assert.equal(outcome.cancelled, true, outcome.message);
    assert.deepEqual(leftovers(), []);
    assert.equal(readFileSync(join(output, 'config.json'), 'utf8'), '{"old": true}');
    await until(() => containersLeft() === '', 'the build container to be removed', 10_000);
  });
});
