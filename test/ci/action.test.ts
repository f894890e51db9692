// The GitHub Action (action.yml): its entry point, scripts/ci/github-action.sh, run with the environment
// action.yml maps from the inputs GitHub would give it, in a checkout with a nested model repository.
// The CLI comes from the tarball of `npm run pack:cli` (the `package` input).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from '../shared';

interface ActionStep {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;
let work: string;
let checkout: string;
let tarball: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'triton-action-'));
  execFileSync(process.execPath, ['scripts/pack-cli.mjs', '--destination', join(work, 'pack')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  tarball = join(work, 'pack', readdirSync(join(work, 'pack'))[0]!);
  checkout = join(work, 'checkout');
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(checkout, path)), { recursive: true });
    writeFileSync(join(checkout, path), text);
  };
  write('deploy/models/broken/config.pbtxt', 'backend: "python"\nmax_batch_sise: 8\n');
  write('deploy/models/broken/1/model.py', '');
  write('old/models/stale/config.pbtxt', 'backend: "python"\nbogus: 1\n');
  write('node_modules/dep/models/decoy/config.pbtxt', 'bogus: 1\n');
});

after(() => rmSync(work, { recursive: true, force: true }));

/** Runs the check step as the runner would: each `${{ inputs.x }}` of its env replaced by the input. */
function runAction(inputs: Record<string, string>) {
  const step = action.runs.steps.find((s) => s.id === 'check')!;
  const values = Object.fromEntries(
    Object.entries(action.inputs).map(([k, v]) => [k, inputs[k] ?? String(v.default)]),
  );
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.env ?? {}))
    env[k] = v.replace(/\$\{\{\s*inputs\.([a-z-]+)\s*\}\}/g, (_, name: string) => {
      assert.ok(name in values, `action.yml has no input ${name}`);
      return values[name]!;
    });
  const runnerTemp = mkdtempSync(join(work, 'runner-'));
  const outputFile = join(runnerTemp, 'github-output');
  writeFileSync(outputFile, '');
  // `run: bash "$GITHUB_ACTION_PATH/scripts/ci/github-action.sh"`, in the workspace.
  assert.equal(step.run, 'bash "$GITHUB_ACTION_PATH/scripts/ci/github-action.sh"');
  const r = spawnSync('bash', [join(REPO_ROOT, 'scripts/ci/github-action.sh')], {
    cwd: checkout,
    encoding: 'utf8',
    env: {
      ...process.env,
      ...env,
      GITHUB_ACTION_PATH: REPO_ROOT,
      GITHUB_OUTPUT: outputFile,
      RUNNER_TEMP: runnerTemp,
      npm_config_offline: 'true',
    },
  });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
}

describe('action.yml', () => {
  test('a composite action: the check, the SARIF upload when asked, then the check exit status', () => {
    assert.equal(action.runs.using, 'composite');
    const [check, upload, fail] = action.runs.steps;
    assert.equal(check!.id, 'check');
    assert.equal(upload!.uses, 'github/codeql-action/upload-sarif@v3');
    assert.match(upload!.if!, /inputs\.sarif == 'true'/);
    assert.equal(upload!.with!.sarif_file, '${{ steps.check.outputs.sarif-file }}');
    assert.match(fail!.run!, /exit "\$\{\{ steps\.check\.outputs\.exit-code \}\}"/);
    assert.equal(action.outputs['exit-code']!.value, '${{ steps.check.outputs.exit-code }}');
  });

  test('default inputs: annotations for the nested repository, exit-code 1 as an output', () => {
    const r = runAction({ package: tarball, args: '--exclude old' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^::error file=deploy\/models\/broken\/config\.pbtxt,line=2,col=1,endLine=2,endColumn=15,title=schema\/unknown-field::Unknown field "max_batch_sise"/m,
    );
    assert.doesNotMatch(r.stdout, /old\/models|decoy/);
    assert.match(r.stdout, /^1 model repository checked: deploy\/models$/m);
    assert.deepEqual(r.outputs, { 'exit-code': '1' });
  });

  test('sarif: true writes the SARIF file for the upload step and names it', () => {
    const r = runAction({
      package: tarball,
      sarif: 'true',
      'sarif-file': 'results/triton.sarif',
      paths: 'deploy',
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.outputs, { 'sarif-file': 'results/triton.sarif', 'exit-code': '1' });
    const sarif = JSON.parse(readFileSync(join(checkout, 'results', 'triton.sarif'), 'utf8')) as {
      version: string;
      runs: { results: { ruleId: string }[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(
      sarif.runs[0]!.results.map((x) => x.ruleId),
      ['schema/unknown-field'],
    );
    assert.doesNotMatch(r.stdout, /^::error/m);
  });
});
