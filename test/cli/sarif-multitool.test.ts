// `check --format sarif` validated by Microsoft's SARIF multitool (`validate`: the SARIF 2.1.0 schema plus
// its rules). The tool (about 100 MB) lives outside the repository: .ci/install-sarif-multitool.sh installs
// it; without it this test skips, naming that command, except under CI=true, where it fails.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { skipWithout } from '../requiredTool';
import { REPO_ROOT } from '../shared';

const TOOL_DIR =
  process.env.SARIF_MULTITOOL_DIR ?? join(homedir(), '.cache', 'triton-toolkit-sarif-multitool');
const TOOL_JSON = join(TOOL_DIR, 'tool.json');
const installed = existsSync(TOOL_JSON);

interface ValidationResult {
  ruleId: string;
  level?: string;
  message: { id?: string; text?: string; arguments?: string[] };
}

/** Runs `Sarif.Multitool validate` on a file; returns what it found, by level. */
function validate(file: string): { errors: ValidationResult[]; warnings: ValidationResult[] } {
  const { exe } = JSON.parse(readFileSync(TOOL_JSON, 'utf8')) as { exe: string };
  const out = `${file}.validation.sarif`;
  const r = spawnSync(exe, ['validate', file, '--output', out, '--level', 'Error;Warning;Note'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.ok(existsSync(out), `the multitool wrote no result (exit ${r.status}): ${r.stdout}${r.stderr}`);
  const log = JSON.parse(readFileSync(out, 'utf8')) as {
    runs: {
      tool: { driver: { rules?: { id: string; defaultConfiguration?: { level?: string } }[] } };
      results?: ValidationResult[];
    }[];
  };
  // A result without a level has its rule's default level, and SARIF's default is "warning".
  const levelOf = (x: ValidationResult, rules: { id: string; defaultConfiguration?: { level?: string } }[]) =>
    x.level ?? rules.find((r) => r.id === x.ruleId)?.defaultConfiguration?.level ?? 'warning';
  const results = log.runs.flatMap((run) =>
    (run.results ?? []).map((x) => ({ ...x, level: levelOf(x, run.tool.driver.rules ?? []) })),
  );
  return {
    errors: results.filter((x) => x.level === 'error'),
    warnings: results.filter((x) => x.level === 'warning'),
  };
}

test(
  'the SARIF output passes the SARIF multitool with no errors',
  {
    skip: skipWithout(
      `the SARIF multitool is not installed in ${TOOL_DIR}`,
      installed,
      'bash .ci/install-sarif-multitool.sh',
    ),
    timeout: 240_000,
  },
  () => {
    assert.ok(installed, `CI=true: ${TOOL_JSON} is missing; run bash .ci/install-sarif-multitool.sh`);
    const project = mkdtempSync(join(tmpdir(), 'triton-sarif-'));
    try {
      const write = (path: string, text: string) => {
        mkdirSync(dirname(join(project, path)), { recursive: true });
        writeFileSync(join(project, path), text);
      };
      // Errors with related locations, a warning, information, a path with a space, and the engine
      // cross-checks' locations in another file (config.json).
      write('deploy/models/dup/config.pbtxt', 'backend: "python"\nmax_batch_size: 8\nmax_batch_size: 4\n');
      write('deploy/models/dup/1/model.py', '');
      write(
        'deploy/models/gpu model/config.pbtxt',
        'name: "gpu model"\nbackend: "python"\ninstance_group { kind: KIND_GPU gpus: [3] }\n',
      );
      write('deploy/models/tpl/config.pbtxt', 'backend: "python"\nmax_batch_size: ${batch}\n');
      write(
        'deploy/models/ens/config.pbtxt',
        'platform: "ensemble"\nmax_batch_size: 8\ninput { name: "x" data_type: TYPE_FP32 dims: [1] }\n' +
          'output { name: "y" data_type: TYPE_FP32 dims: [1] }\nensemble_scheduling { step { model_name: "nope" model_version: -1 input_map { key: "a" value: "x" } output_map { key: "b" value: "y" } } }\n',
      );
      const files: string[] = [];
      for (const args of [['.', '--gpus', '1'], ['examples/model_repository']]) {
        const cwd = args[0] === '.' ? project : REPO_ROOT;
        const r = spawnSync(
          process.execPath,
          [join(REPO_ROOT, 'dist', 'cli.js'), 'check', '--format', 'sarif', ...args],
          {
            cwd,
            encoding: 'utf8',
          },
        );
        assert.ok(r.status === 0 || r.status === 1, r.stderr);
        const file = join(project, `out-${files.length}.sarif`);
        writeFileSync(file, r.stdout);
        files.push(file);
      }
      const first = JSON.parse(readFileSync(files[0]!, 'utf8')) as { runs: { results: unknown[] }[] };
      assert.ok(first.runs[0]!.results.length >= 4, 'the project has problems to report');
      for (const file of files) {
        const { errors, warnings } = validate(file);
        assert.deepEqual(
          errors.map(
            (e) => `${e.ruleId}: ${e.message.text ?? e.message.id} ${(e.message.arguments ?? []).join(' ')}`,
          ),
          [],
        );
        console.log(`SARIF multitool: ${file}: 0 errors, ${warnings.length} warnings`);
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  },
);
