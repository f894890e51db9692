// `triton-repo up` on a template repository: refused before any container exists (a dry run says so
// too), naming the variables Triton could not parse; the rendered repository is accepted.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT } from '../shared';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
let work: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'triton-up-template-'));
  cpSync(join(REPO_ROOT, 'examples'), join(work, 'examples'), { recursive: true });
});
after(() => rmSync(work, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8' });

test('up --dry-run refuses the raw template repository with the variables Triton cannot parse', () => {
  const profile = join(work, 'examples', 'raw.triton-deploy.json');
  writeFileSync(
    profile,
    JSON.stringify({ image: 'stand-in:never-pulled', modelRepository: 'model_repository' }),
  );
  const r = cli('up', profile, '--dry-run');
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(
    r.stdout,
    /error template\/unrendered: "max_batch_size" is still the placeholder \$\{triton_max_batch_size\}.*Triton: Expected integer, got: \$/,
  );
  assert.match(r.stderr, /not launching: .*model_repository is a template that was never rendered/);
  assert.match(r.stderr, /tensorrt_llm: .*triton_max_batch_size/);
  assert.match(r.stderr, /render it first \(triton-repo render /);
  assert.doesNotMatch(r.stdout, /"Image"/, 'no container spec: nothing would start');
});

test('up --dry-run accepts the rendered repository', () => {
  const rendered = join(work, 'examples', 'model_repository-rendered');
  const render = cli('render', join(work, 'examples', 'model_repository'), '--out', rendered);
  assert.equal(render.status, 0, render.stdout + render.stderr);
  assert.match(render.stdout, /^values: .*examples\/triton-values\.json$/m);
  const profile = join(work, 'examples', 'rendered.triton-deploy.json');
  writeFileSync(
    profile,
    JSON.stringify({ image: 'stand-in:never-pulled', modelRepository: 'model_repository-rendered' }),
  );
  const r = cli('up', profile, '--dry-run');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /stand-in:never-pulled/);
});
