// The problem lines of a build (CLI and VS Code task) and the `$triton-build` problem matcher that reads
// them: the matcher's pattern in package.json is the one the code formats for, and a problem lands on the
// line of the profile field it is about.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import manifest from '../../package.json';
import {
  PROBLEM_PATTERN,
  fieldPosition,
  formatProblem,
  profileIssueProblems,
  resultProblems,
} from '../../server/src/build/problems';
import { buildProfileSchema, parseBuildProfile } from '../../server/src/build/profile';
import type { LoadedBuildProfile } from '../../server/src/build/run';

const TEXT = [
  '{',
  '  "image": "img",',
  '  "kvCache": {',
  '    "paged": false',
  '  },',
  '  "maxBatchSize": 8',
  '}',
  '',
].join('\n');

describe('build problems', () => {
  test("package.json's $triton-build matcher uses PROBLEM_PATTERN with the groups in order", () => {
    const matcher = manifest.contributes.problemMatchers.find((m) => m.name === 'triton-build');
    assert.ok(matcher);
    assert.equal(matcher.pattern.regexp, PROBLEM_PATTERN);
    assert.deepEqual(
      [matcher.pattern.file, matcher.pattern.line, matcher.pattern.column, matcher.pattern.severity],
      [1, 2, 3, 4],
    );
    assert.deepEqual([matcher.pattern.code, matcher.pattern.message], [5, 6]);
    assert.equal(matcher.fileLocation, 'absolute');
    const tasks = manifest.contributes.taskDefinitions.map((t) => t.type);
    assert.deepEqual(tasks, ['triton-build']);
  });

  test('every formatted problem is read back by the pattern, with and without a code', () => {
    const re = new RegExp(PROBLEM_PATTERN);
    const withCode = formatProblem({
      file: '/w/repo/tensorrt_llm/config.pbtxt',
      line: 2,
      character: 0,
      severity: 'warning',
      code: 'engine/max-batch-size-exceeds-engine',
      message: 'max_batch_size 64 is above the engine\n  limit 8',
    });
    assert.deepEqual(re.exec(withCode)?.slice(1), [
      '/w/repo/tensorrt_llm/config.pbtxt',
      '3',
      '1',
      'warning',
      'engine/max-batch-size-exceeds-engine',
      'max_batch_size 64 is above the engine limit 8',
    ]);
    const windows = formatProblem({
      file: 'C:\\w\\a.triton-build.json',
      line: 0,
      character: 4,
      severity: 'error',
      message: 'trtllm-build failed (exit code 1): AssertionError: x: y',
    });
    assert.deepEqual(re.exec(windows)?.slice(1), [
      'C:\\w\\a.triton-build.json',
      '1',
      '5',
      'error',
      undefined,
      'trtllm-build failed (exit code 1): AssertionError: x: y',
    ]);
  });

  test('a field is found at its key, nested too; an unwritten field at its nearest written parent', () => {
    assert.deepEqual(fieldPosition(TEXT, 'maxBatchSize'), { line: 5, character: 2 });
    assert.deepEqual(fieldPosition(TEXT, 'kvCache.paged'), { line: 3, character: 4 });
    assert.deepEqual(fieldPosition(TEXT, 'kvCache.tokensPerBlock'), { line: 2, character: 2 });
    assert.deepEqual(fieldPosition(TEXT, ''), { line: 0, character: 0 });
    assert.deepEqual(fieldPosition(undefined, 'image'), { line: 0, character: 0 });
  });

  test('an invalid profile: one error per zod issue at its field; text that is not JSON where it breaks', () => {
    const bad = TEXT.replace('"maxBatchSize": 8', '"maxBatchSize": 0');
    const parsed = parseBuildProfile(bad);
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    const mbs = profileIssueProblems('/p.json', bad, parsed.issues).find((p) =>
      p.message.startsWith('maxBatchSize:'),
    );
    assert.deepEqual([mbs?.line, mbs?.severity], [5, 'error']);
    const broken = '{\n  "image": "img",\n  oops\n}';
    const notJson = parseBuildProfile(broken);
    assert.equal(notJson.ok, false);
    if (notJson.ok) return;
    const [p] = profileIssueProblems('/p.json', broken, notJson.issues);
    assert.equal(p?.line, 2);
    assert.match(p?.message ?? '', /^not JSON/);
  });

  test('a failed step points at the field of the refused flag; a missing image at `image`', () => {
    const loaded: LoadedBuildProfile = {
      path: '/w/p.triton-build.json',
      text: TEXT,
      profile: buildProfileSchema.parse({
        image: 'img',
        checkpointDir: 'hf',
        modelFamily: 'llama',
        outputDir: 'e',
      }),
      checkpointPath: '/w/hf',
      outputPath: '/w/e',
    };
    const [refused] = resultProblems(loaded, {
      ok: false,
      kind: 'step-failed',
      step: 'build',
      field: 'maxBatchSize',
      message:
        "trtllm-build failed (exit code 2): trtllm-build: error: argument --max_batch_size: invalid int value: 'x'",
      tail: [],
    });
    assert.deepEqual([refused?.line, refused?.character, refused?.severity], [5, 2, 'error']);
    const [missing] = resultProblems(loaded, {
      ok: false,
      kind: 'image-missing',
      message: 'pull it',
      tail: [],
    });
    assert.equal(missing?.line, 1);
    assert.equal(missing?.message, 'image: pull it');
  });
});
