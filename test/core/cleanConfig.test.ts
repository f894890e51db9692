// The one-pass scan for clean configs (server/src/core/check/cleanConfig.ts) may only say "clean" when
// the full file-level check (parser, schema validator, placeholder check) finds nothing: it is how the
// CLI answers without building a tree. Checked on every base config and ~3,000 mutants aimed at the
// errors users make (the protoc differential test's), on random pbtxt-like text, and case by case; and
// it must say "clean" often enough to be worth having (every clean base, most clean mutants).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { checkConfigProblems } from '../../server/src/core/check/checkConfig';
import { isCleanConfig, isCleanConfigBytes } from '../../server/src/core/check/cleanConfig';
import { MODEL_CONFIG_TYPE, modelConfigSchema } from '../../server/src/core/schema/modelConfigSchema';
import { loadBases } from '../differential/loadBases';
import { generateMutants } from '../differential/mutate';
import { loadSchema } from '../differential/schema';

const schema = modelConfigSchema();
const clean = (text: string) => isCleanConfig(text, schema, MODEL_CONFIG_TYPE);
const fullCheckFinds = (text: string) => checkConfigProblems(text).problems;

/** The contract, with the problems the full check found when the scan broke it. */
function assertSound(text: string, what: string): boolean {
  const accepted = clean(text);
  if (accepted) {
    const problems = fullCheckFinds(text);
    assert.deepEqual(
      problems.map((p) => `${p.code}: ${p.message}`),
      [],
      `the scan called ${what} clean, the full check did not:\n${text}`,
    );
  }
  return accepted;
}

const bases = loadBases();

test('every real-world base config is clean to both', () => {
  let taken = 0;
  for (const b of bases) {
    assert.deepEqual(fullCheckFinds(b.text), [], `${b.name} is a valid base`);
    if (assertSound(b.text, b.name)) taken++;
    // Triton's own examples and ours are written as people write configs; the fixtures written to
    // reach every corner (hex, octal, `\x` escapes) may go to the full check.
    else assert.ok(!/^corpus:|^examples\//.test(b.name), `the scan falls back on the valid ${b.name}`);
  }
  assert.ok(taken >= bases.length - 4, `the scan took ${taken} of ${bases.length} bases`);
});

test('mutants: "clean" only where the full check finds nothing, and most clean mutants are seen as clean', () => {
  const mutants = generateMutants(bases, loadSchema(), { seed: 0x5ca17, target: 3000 });
  assert.ok(mutants.length >= 2500, `only ${mutants.length} mutants`);
  let fullClean = 0;
  let scanClean = 0;
  for (const m of mutants) {
    if (assertSound(m.text, `mutant [${m.operator}] ${m.detail} of ${m.base}`)) scanClean++;
    if (fullCheckFinds(m.text).length === 0) fullClean++;
  }
  console.log(
    `clean scan: ${scanClean} of ${fullClean} clean mutants seen as clean (${mutants.length} mutants)`,
  );
  // The rest are valid but unusual (hex and octal numbers, which one mutation operator writes on purpose,
  // a proto3 default set twice, `- 1`): the full check's.
  assert.ok(fullClean > 500, `only ${fullClean} clean mutants`);
  assert.ok(scanClean >= fullClean * 0.7, `the scan took ${scanClean} of ${fullClean} clean mutants`);
});

test('random pbtxt-like text: never "clean" when the full check finds something', () => {
  const token = fc.constantFrom(
    ...['{', '}', '<', '>', '[', ']', ':', ',', ';', '-', '.', '"', "'", '#', '\n', ' ', '\t', '\0', '\\'],
    ...['$', '${v}', '"${v}"', 'é', '\u00ff', 'name', 'input', 'dims', 'data_type', 'max_batch_size'],
    ...['parameters', 'key', 'value', 'string_value', 'optional', 'format', 'dynamic_batching'],
    ...['sequence_batching', 'direct', 'oldest', 'reshape', 'shape', 'TYPE_FP32', 'FORMAT_NHWC', 'true'],
    ...['t', 'False', 'inf', '-inf', 'nan', '0', '1', '-1', '01', '0x1f', '1.5', '1e3', '1e', '2f', '.5'],
    ...['4294967296', '2147483648', '-2147483649', '9223372036854775808', '"a"', '"a\\x41"', '"a\\n"'],
  );
  const config = fc.array(token, { maxLength: 40 }).map((parts) => parts.join(''));
  // Mostly well formed: fields of the root and of an input, with random values.
  const field = fc
    .tuple(
      fc.constantFrom('name', 'max_batch_size', 'backend', 'platform', 'version_policy', 'optional'),
      fc.constantFrom(': ', ' ', ':'),
      fc.constantFrom('"m"', '8', '-8', '0', 'true', '{ }', '{ latest { num_versions: 2 } }', '[1, 2]', '[]'),
    )
    .map(([n, sep, v]) => `${n}${sep}${v}\n`);
  const input = fc
    .array(
      fc.constantFrom(
        'name: "x" ',
        'data_type: TYPE_FP32 ',
        'dims: [ -1, 4 ] ',
        'dims: 4 ',
        'optional: true ',
      ),
      { maxLength: 6 },
    )
    .map((fs) => `input { ${fs.join('')}}\n`);
  const document = fc.array(fc.oneof(field, input, token), { maxLength: 12 }).map((p) => p.join(''));
  fc.assert(
    fc.property(fc.oneof(config, document), (text) => {
      assertSound(text, 'random text');
    }),
    { seed: 20261202, numRuns: 4000 },
  );
});

describe('case by case', () => {
  const sound = (text: string) => assertSound(text, JSON.stringify(text));

  test('plain configs are clean, comments and strings may hold any character', () => {
    for (const text of [
      '',
      '# only a comment\n',
      'name: "m"; max_batch_size: 8,\n',
      'name: "m" max_batch_size: 8 input [ { name: "a" dims: [ -1 ] }, { name: "b" dims: 4 } ]',
      "name: 'm' 'n' # joined, as libprotobuf joins them\n",
      'name: "日本語 \\" \\\\ \\101"\n# コメント\n',
      'input: < name: "x" data_type: TYPE_FP32 dims: [] >\n',
      'parameters { key: "k" value { string_value: "v" } }\nparameters { key: "k" value: { string_value: "w" } }\n',
      'dynamic_batching { max_queue_delay_microseconds: 18446744073709551615 }\n',
      'optimization { cuda { graphs: 1 } } model_warmup [ ]\n',
      'instance_group [ { count: 2 kind: KIND_GPU gpus: [ 0, 1 ] } ]\n',
      'model_repository_agents { agents [ { name: "a" } ] }\ninput { dims: -2147483648 }\n',
      'model_warmup { inputs { key: "x" value { zero_data: true data_type: TYPE_FP32 dims: 1 } } }\n',
      'version_policy { specific { versions: [ 1, 2 ] } }\n',
      'optimization { execution_accelerators { gpu_execution_accelerator { name: "t" } } }\n',
    ]) {
      assert.ok(sound(text), `falls back on the clean ${JSON.stringify(text)}`);
      assert.deepEqual(fullCheckFinds(text), []);
    }
  });

  test('problems of every stage are never clean', () => {
    for (const text of [
      'nmae: "m"\n', // unknown field
      'name: "m"\nname: "n"\n', // duplicate
      'version_policy { latest { } all { } }\n', // oneof
      'max_batch_size: 2147483648\n',
      'max_batch_size: -2147483649\n',
      'dynamic_batching { max_queue_delay_microseconds: -1 }\n', // negative unsigned
      'input { optional: yes }\n',
      'input { data_type: TYPE_FP33 }\n',
      'max_batch_size: 1.5\n',
      'name: 8\n',
      'name: "m\n"\n', // string across lines
      'name: "m',
      'name: "a\0b"\n',
      'name: "\\q"\n',
      'name: "m" }\n',
      'input { name: "x"\n',
      'input { name: "x" >\n',
      'input [ { name: "x" }, ]\n',
      'dims: [ 1 ]\n',
      'input { dims: [ 1, ] }\n',
      'max_batch_size: [ 1 ]\n',
      'max_batch_size { }\n',
      'input: "x"\n',
      'max_batch_size 8\n',
      'max_batch_size: 8abc\n',
      'max_batch_size: 8.5.\n',
      'name: "m"\x01\n',
      'name: "m" é\n',
      '[ext] { }\n',
      'name: ${model}\n',
      'name: "${model}"\n',
      '# ${model}\nname: "m"\n',
      'parameters { key: "k" value: "v" }\n',
      'input { dims: 1e3 }\n',
      'a'.repeat(10) + ': 1\n',
      'input {'.repeat(120) + '}'.repeat(120),
    ]) {
      assert.equal(sound(text), false, `called ${JSON.stringify(text)} clean`);
    }
  });

  test('valid but unusual configs are left to the full check (which finds them valid)', () => {
    for (const text of [
      'max_batch_size: 0x10\n',
      'max_batch_size: 010\n',
      'max_batch_size: 0\nmax_batch_size: 8\n', // a proto3 default, then the value
      'max_batch_size: - 8\n',
      'name: "\\x41"\n',
    ]) {
      assert.equal(clean(text), false, `took the unusual ${JSON.stringify(text)}`);
      assert.deepEqual(fullCheckFinds(text), [], `the full check accepts ${JSON.stringify(text)}`);
    }
  });

  test('bytes and text give the same answer, whatever the encoding of non-ASCII text', () => {
    for (const text of ['name: "é"\n', 'name: é\n', 'name: "\ud800"\n', 'input { name: "x" }\n']) {
      const bytes = new TextEncoder().encode(text);
      assert.equal(isCleanConfigBytes(bytes, schema, MODEL_CONFIG_TYPE), clean(text), JSON.stringify(text));
      if ([...text].every((c) => c.charCodeAt(0) < 256)) {
        const latin1 = Uint8Array.from(text, (c) => c.charCodeAt(0));
        assert.equal(
          isCleanConfigBytes(latin1, schema, MODEL_CONFIG_TYPE),
          clean(text),
          JSON.stringify(text),
        );
      }
    }
  });
});
