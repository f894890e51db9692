// `check --format sarif|github` and the exit-status options, on the bundled CLI. The SARIF is validated
// by Microsoft's SARIF multitool in sarif-multitool.test.ts; here its content is checked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { escapeData, escapeProperty } from '../../server/src/cli/github';
import { CODES } from '../../server/src/core/diagnostics/registry';
import { REPO_ROOT } from '../shared';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
let project: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), text);
}

function check(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'check', ...args], { cwd: project, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// An error with a related location (the first occurrence), a warning (GPU 3 of 1) and a hint (an optional
// backend parameter left as a placeholder: its default applies).
const DUPLICATE = 'backend: "python"\nmax_batch_size: 8\nmax_batch_size: 4\n';
const WARNING = 'backend: "python"\nmax_batch_size: 8\ninstance_group { kind: KIND_GPU gpus: [3] }\n';
const INFO =
  'backend: "python"\nmax_batch_size: 8\nparameters { key: "x" value: { string_value: "${x}" } }\n';

before(() => {
  project = mkdtempSync(join(tmpdir(), 'triton-formats-'));
  write('deploy/models/dup/config.pbtxt', DUPLICATE);
  write('deploy/models/gpu/config.pbtxt', WARNING);
  write('deploy/models/tpl/config.pbtxt', INFO);
  write('only-warnings/models/gpu/config.pbtxt', WARNING);
  for (const m of ['dup', 'gpu', 'tpl']) write(`deploy/models/${m}/1/model.py`, '');
  write('only-warnings/models/gpu/1/model.py', '');
});

after(() => rmSync(project, { recursive: true, force: true }));

describe('--format github', () => {
  test('one workflow command per diagnostic: error, warning and notice, with the range and the code', () => {
    const r = check('.', '--format', 'github', '--gpus', '1');
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    const commands = lines.filter((l) => l.startsWith('::'));
    assert.equal(commands.length, 4, r.stdout);
    assert.equal(
      commands[0],
      '::error file=deploy/models/dup/config.pbtxt,line=3,col=1,endLine=3,endColumn=15,title=schema/duplicate-field::Non-repeated field "max_batch_size" is specified multiple times.',
    );
    assert.match(
      commands.find((c) => c.includes('gpu/config'))!,
      /^::warning file=deploy\/models\/gpu\/config\.pbtxt,line=3,col=\d+,endLine=3,endColumn=\d+,title=triton\/[a-z-]+::/,
    );
    assert.match(
      commands.find((c) => c.includes('tpl/config'))!,
      /^::notice file=deploy\/models\/tpl\/config\.pbtxt,line=3,col=\d+,endLine=3,endColumn=\d+,title=template\/unset-parameter::/,
    );
    // The summary follows as plain log lines.
    assert.deepEqual(lines.slice(-2), [
      '2 model repositories checked: deploy/models, only-warnings/models',
      '4 files checked: 1 error, 2 warnings, 0 information',
    ]);
  });

  test('escaped as the Actions runner requires', () => {
    assert.equal(escapeData('50% done\r\nnext: a, b'), '50%25 done%0D%0Anext: a, b');
    assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
    write('odd, dir: x/models/m/config.pbtxt', 'backend: "python"\nmax_batch_sise: 1\n');
    write('odd, dir: x/models/m/1/model.py', '');
    try {
      const r = check('odd, dir: x', '--format', 'github');
      assert.match(r.stdout, /^::error file=odd%2C dir%3A x\/models\/m\/config\.pbtxt,line=2,/m);
    } finally {
      rmSync(join(project, 'odd, dir: x'), { recursive: true });
    }
  });

  test('a path that cannot be checked is an annotation too, and exit 2', () => {
    const r = check('missing', '--format', 'github');
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^::error title=triton-repo::missing: no such file or directory$/m);
  });
});

describe('exit status options', () => {
  test('--fail-on warning and --max-warnings N (as ESLint)', () => {
    assert.equal(check('only-warnings', '--gpus', '1').code, 0, 'warnings alone pass by default');
    assert.equal(check('only-warnings', '--gpus', '1', '--fail-on', 'warning').code, 1);
    assert.equal(check('only-warnings', '--gpus', '1', '--fail-on', 'error').code, 0);
    assert.equal(check('only-warnings', '--gpus', '1', '--max-warnings', '0').code, 1);
    assert.equal(check('only-warnings', '--gpus', '1', '--max-warnings', '1').code, 0);
    assert.equal(check('deploy', '--gpus', '1', '--max-warnings', '5').code, 1, 'errors still fail');
  });
});

interface Sarif {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        informationUri: string;
        rules: {
          id: string;
          shortDescription: { text: string };
          help: { text: string };
          helpUri: string;
          defaultConfiguration: { level: string };
        }[];
      };
    };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId: string };
          region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
        };
      }[];
      relatedLocations?: { physicalLocation: { region: { startLine: number } }; message: { text: string } }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

describe('--format sarif', () => {
  test('SARIF 2.1.0: one run, the driver with a rule per diagnostic code, located results', () => {
    const r = check('.', '--format', 'sarif', '--gpus', '1');
    assert.equal(r.code, 1, r.stderr);
    const sarif = JSON.parse(r.stdout) as Sarif;
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs.length, 1);
    const run = sarif.runs[0]!;
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(run.tool.driver.name, 'triton-repo');
    assert.equal(run.tool.driver.version, pkg.version);
    assert.match(run.tool.driver.informationUri, /^https:\/\//);
    assert.deepEqual(
      run.tool.driver.rules.map((rule) => rule.id),
      Object.keys(CODES),
    );
    const rule = run.tool.driver.rules.find((x) => x.id === 'schema/duplicate-field')!;
    assert.equal(rule.shortDescription.text, CODES['schema/duplicate-field'].summary);
    assert.equal(rule.defaultConfiguration.level, 'error');
    assert.match(rule.helpUri, /\/DIAGNOSTICS\.md#:~:text=schema%2Fduplicate%2Dfield$/);
    assert.ok(rule.help.text.length > 0);
    assert.equal(
      run.tool.driver.rules.find((x) => x.id === 'template/unset-parameter')!.defaultConfiguration.level,
      'note',
    );
    assert.equal(run.originalUriBaseIds['%SRCROOT%']!.uri, `file://${project}/`);

    assert.equal(run.results.length, 4);
    const dup = run.results.find((x) => x.ruleId === 'schema/duplicate-field')!;
    assert.equal(run.tool.driver.rules[dup.ruleIndex]!.id, dup.ruleId);
    assert.equal(dup.level, 'error');
    assert.equal(dup.message.text, 'Non-repeated field "max_batch_size" is specified multiple times.');
    assert.deepEqual(dup.locations[0]!.physicalLocation, {
      artifactLocation: { uri: 'deploy/models/dup/config.pbtxt', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 15 },
    });
    assert.equal(dup.relatedLocations![0]!.physicalLocation.region.startLine, 2);
    assert.ok(dup.relatedLocations![0]!.message.text.length > 0);
    assert.deepEqual(new Set(run.results.map((x) => x.level)), new Set(['error', 'warning', 'note']));
  });

  test('fingerprints stay when lines move, and differ between problems', () => {
    const fingerprints = () =>
      (JSON.parse(check('deploy', '--format', 'sarif', '--gpus', '1').stdout) as Sarif).runs[0]!.results.map(
        (x) => `${x.ruleId} ${JSON.stringify(x.partialFingerprints)}`,
      );
    const before = fingerprints();
    assert.equal(new Set(before).size, before.length);
    write('deploy/models/dup/config.pbtxt', '# a comment\n\n' + DUPLICATE);
    try {
      const moved = JSON.parse(check('deploy', '--format', 'sarif', '--gpus', '1').stdout) as Sarif;
      const dup = moved.runs[0]!.results.find((x) => x.ruleId === 'schema/duplicate-field')!;
      assert.equal(dup.locations[0]!.physicalLocation.region.startLine, 5);
      assert.deepEqual(fingerprints(), before);
    } finally {
      write('deploy/models/dup/config.pbtxt', DUPLICATE);
    }
  });
});
