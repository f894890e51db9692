// Issue 18, point 3: values errors are reported where they are made, once. The repros are the issue's, on
// the bundled TensorRT-LLM templates with their values file inside (t/triton-values.json).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../shared';
import { freshTemplateWorkspaces, runCli } from './runCli';

const workspace = freshTemplateWorkspaces('triton-repo-values-');
const run = (args: string[], env: Record<string, string> = {}) => runCli(workspace(), args, env);

/** Edits t/triton-values.json. */
function values(
  edit: (
    v: { values: Record<string, unknown>; models?: Record<string, unknown> } & Record<string, unknown>,
  ) => void,
) {
  const path = join(workspace(), 't', 'triton-values.json');
  const v = JSON.parse(readFileSync(path, 'utf8')) as Parameters<typeof edit>[0];
  edit(v);
  writeFileSync(path, JSON.stringify(v, null, 2) + '\n');
}

/** The error and warning lines of a render's output (the per-file plan and notes aside). */
const problems = (stdout: string) => stdout.split('\n').filter((l) => /: (error|warning) /.test(l));

describe('the values file, checked first, each problem at its line', () => {
  test('an empty "" for a whole-value variable: one template/missing-value at the value, no parse cascade', () => {
    values((v) => {
      v.values.triton_max_batch_size = '';
    });
    const r = run(['render', 't', '--out', 'out']);
    assert.equal(r.code, 1);
    const lines = problems(r.stdout);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(
      lines[0]!,
      /^t\/triton-values\.json:3:30: error template\/missing-value: Template variable "triton_max_batch_size" is empty in t\/triton-values\.json, but it is a whole value: Triton cannot parse "max_batch_size" in ensemble\/config\.pbtxt/,
    );
    assert.doesNotMatch(r.stdout, /syntax\/|schema\/|Extension ""/);
    assert.equal(existsSync(join(workspace(), 'out')), false);
  });

  test('a misspelt key ("modles"): one error with did-you-mean, the valid rest used, no missing-value cascade', () => {
    values((v) => {
      v.modles = v.models;
      delete v.models;
      v.values.decoupled_mode = true;
    });
    const r = run(['render', 't', '--out', 'out']);
    assert.equal(r.code, 1);
    assert.deepEqual(problems(r.stdout), [
      't/triton-values.json:8:3: error template/invalid-values: The values file has no key "modles" (did you mean "models"?): nothing under it is used.',
    ]);
    // The rest of the file is still used: written anyway, decoupled_mode is the file's.
    const forced = run(['render', 't', '--out', 'out', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(
      readFileSync(join(workspace(), 'out', 'tensorrt_llm', 'config.pbtxt'), 'utf8'),
      /decoupled: true/,
    );
  });

  test('a value of the wrong type in the file: at its line, and the other values still used', () => {
    values((v) => {
      v.values.tokenizer_dir = { path: '/tok' };
    });
    const r = run(['render', 't', '--out', 'out']);
    assert.deepEqual(problems(r.stdout), [
      't/triton-values.json:6:22: error template/invalid-values: The values file does not fit its schema at "values.tokenizer_dir": a value is a string, a number or a boolean; this value is not used.',
    ]);
  });

  test('two wrong values: two lines, each once at its source (not at the uses, not in the unwritten output)', () => {
    values((v) => {
      v.values.triton_max_batch_size = 'abc';
      v.values.decoupled_mode = 'maybe';
    });
    const r = run(['render', 't', '--out', 'out']);
    assert.equal(r.code, 1);
    const lines = problems(r.stdout);
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(
      lines[0]!,
      /^t\/triton-values\.json:3:30: error template\/value-type-mismatch: Value "abc" of "triton_max_batch_size" \(from t\/triton-values\.json\) does not fit "max_batch_size" in ensemble\/config\.pbtxt \(line \d+\): Expected integer, got: abc \(and 6 more uses\)$/,
    );
    assert.match(
      lines[1]!,
      /^t\/triton-values\.json:4:23: error template\/value-type-mismatch: Value "maybe" of "decoupled_mode"/,
    );
    assert.match(r.stderr, /would not load \(2 errors above\)/);
  });
});

describe('--set', () => {
  test('a malformed `--set tensorrt_llm/engine_dir` is a usage error (exit 2), with or without --force', () => {
    for (const extra of [[], ['--force']]) {
      const r = run(['render', 't', '--set', 'tensorrt_llm/engine_dir', '--out', 'out', ...extra]);
      assert.equal(r.code, 2, extra.join(' '));
      assert.match(r.stderr, /--set "tensorrt_llm\/engine_dir": .*has no "key:value" form/);
      assert.match(
        r.stderr,
        /--set takes key=value, model\/key=value, or fill_template\.py's "key:value,key2:value2"/,
      );
      assert.doesNotMatch(r.stderr, /pass --force/);
      assert.equal(existsSync(join(workspace(), 'out')), false);
    }
  });
});

describe('precedence, as the README lists it', () => {
  const rendered = (out: string) =>
    readFileSync(join(workspace(), out, 'tensorrt_llm', 'config.pbtxt'), 'utf8');

  test('a model-scoped --set wins over a later every-model --set', () => {
    const r = run([
      'render',
      't',
      '--out',
      'out',
      '--set',
      'tensorrt_llm/engine_dir=/engines/scoped',
      '--set',
      'engine_dir=/engines/every',
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(rendered('out'), /"\/engines\/scoped"/);
    assert.doesNotMatch(rendered('out'), /"\/engines\/every"/);
  });

  test('TRTLLM__TENSORRT_LLM__X wins over TRTLLM__ENGINE__X, with a warning when both are set', () => {
    const r = run(['render', 't', '--out', 'out'], {
      TRTLLM__ENGINE__ENGINE_DIR: '/engines/alias',
      TRTLLM__TENSORRT_LLM__ENGINE_DIR: '/engines/directory',
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /^env:TRTLLM__ENGINE__ENGINE_DIR:1:1: warning template\/duplicate-value: TRTLLM__ENGINE__ENGINE_DIR and TRTLLM__TENSORRT_LLM__ENGINE_DIR both set "engine_dir" for tensorrt_llm: TRTLLM__TENSORRT_LLM__ENGINE_DIR \("\/engines\/directory"\) is used/m,
    );
    assert.match(rendered('out'), /"\/engines\/directory"/);
  });

  test('the README states it as one ordered list, with both rules above', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('**Precedence**'), readme.indexOf('**Before writing**'));
    const items = section.split('\n').filter((l) => /^\d+\. /.test(l));
    assert.ok(items.length >= 7, section);
    const at = (re: RegExp) => items.findIndex((l) => re.test(l));
    assert.ok(at(/--set `model\/key=value`/) < at(/--set `key=value`/));
    assert.ok(at(/TRTLLM__<MODEL DIRECTORY>__/) < at(/TRTLLM__<ALIAS>__/));
    assert.ok(at(/TRTLLM__<ALIAS>__/) < at(/TRTLLM__ALL__/));
    assert.ok(at(/TRTLLM__ALL__/) < at(/`models\.<directory>`/));
    assert.ok(at(/`models\.<directory>`/) < at(/`values`/));
    assert.match(section, /template\/duplicate-value/);
  });
});
