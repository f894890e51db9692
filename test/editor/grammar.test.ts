// Tokenizes config.pbtxt text with the real TextMate engine VS Code uses (vscode-textmate over the
// Oniguruma WASM build) and checks the scopes syntaxes/pbtxt.tmLanguage.json gives to each kind of token.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const ROOT = join(__dirname, '..', '..');
const GRAMMAR_PATH = join(ROOT, 'syntaxes', 'pbtxt.tmLanguage.json');
const WASM_PATH = join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm');

interface Token {
  text: string;
  start: number;
  end: number;
  scopes: string[];
}

let grammar: vsctm.IGrammar;

async function loadGrammar(): Promise<vsctm.IGrammar> {
  await oniguruma.loadWASM(readFileSync(WASM_PATH));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => oniguruma.createOnigScanner(sources),
      createOnigString: (s: string) => oniguruma.createOnigString(s),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.pbtxt'
        ? vsctm.parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH)
        : null,
  });
  const g = await registry.loadGrammar('source.pbtxt');
  assert.ok(g, 'grammar source.pbtxt did not load');
  return g;
}

/** Tokens of every line, the state carried from line to line as the editor does. */
function tokenize(text: string): Token[][] {
  let state = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({
      text: line.slice(t.startIndex, t.endIndex),
      start: t.startIndex,
      end: Math.min(t.endIndex, line.length),
      scopes: t.scopes,
    }));
  });
}

const SAMPLE = [
  '# tensorrt_llm: the engine model',
  'name: "tensorrt_llm"',
  "backend: 'python'",
  'max_batch_size: ${triton_max_batch_size}',
  'model_transaction_policy { decoupled: true }',
  'input [',
  '  { name: "input_ids" data_type: TYPE_INT32 dims: [ -1 ] allow_ragged_batch: t },',
  '  { name: "lengths" data_type: TYPE_FP32 dims: [ 1 ] reshape: { shape: [ ] } }',
  ']',
  'instance_group [ { count: 0x1F kind: KIND_GPU gpus: [ 017 ] } ]',
  'dynamic_batching { max_queue_delay_microseconds: 1e3 preserve_ordering: False }',
  'optimization < cuda < graphs: f > >',
  'parameters { key: "gpt_model_path" value: { string_value: "${engine_dir}/rank0.engine" } }',
  'parameters { key: "escapes" value: { string_value: "a\\tb \\"q\\" \\x41 \\101 \\u00e9" } }',
  'sequence_batching { control_input [ { control [ { fp32_false_true: [ 2.5f, .5, -inf, nan ] } ] } ] }',
  '[inference.ext]: 1  # trailing comment with "quote" and ${not_a_placeholder}',
  'name: "unterminated',
  'platform: "ensemble"',
].join('\n');

let sample: Token[][];

/**
 * The tokens covering `needle` on the first line that contains `lineMarker` (the `occurrence`-th
 * time the needle appears on it). They must cover exactly the needle.
 */
function tokensFor(lineMarker: string, needle: string, occurrence = 0): Token[] {
  const lines = SAMPLE.split('\n');
  const row = lines.findIndex((l) => l.includes(lineMarker));
  assert.ok(row >= 0, `no sample line contains ${JSON.stringify(lineMarker)}`);
  const line = lines[row]!;
  // A word-like needle (1, nan, TYPE_FP32) only matches where it is not part of a longer word.
  const wordy = /^[\w.+-]+$/.test(needle);
  const bounded = (i: number) =>
    !wordy || (!/[\w.]/.test(line.charAt(i - 1)) && !/[\w.]/.test(line.charAt(i + needle.length)));
  let at = -1;
  for (let k = 0; k <= occurrence; k++) {
    do at = line.indexOf(needle, at + 1);
    while (at >= 0 && !bounded(at));
  }
  assert.ok(at >= 0, `${JSON.stringify(needle)} not on line ${JSON.stringify(line)}`);
  const end = at + needle.length;
  const toks = sample[row]!.filter((t) => t.start < end && t.end > at);
  const describeToks = () =>
    JSON.stringify(
      sample[row]!.map((t) => [t.text, t.scopes.slice(1).join(' ')]),
      null,
      1,
    );
  assert.ok(
    toks.length > 0 && toks[0]!.start === at && toks[toks.length - 1]!.end === end,
    `${JSON.stringify(needle)} is not a token of its own on line ${row + 1}: ${describeToks()}`,
  );
  return toks;
}

/** Every token of `needle` has a scope that starts with each of `expected` and none that starts with `notExpected`. */
function assertScope(
  lineMarker: string,
  needle: string,
  expected: string[],
  notExpected: string[] = [],
  occurrence = 0,
) {
  for (const t of tokensFor(lineMarker, needle, occurrence)) {
    for (const e of expected) {
      assert.ok(
        t.scopes.some((s) => s === e || s.startsWith(e + '.')),
        `${JSON.stringify(t.text)} (part of ${JSON.stringify(needle)}) has scopes [${t.scopes.join(', ')}], expected ${e}`,
      );
    }
    for (const e of notExpected) {
      assert.ok(
        !t.scopes.some((s) => s === e || s.startsWith(e + '.')),
        `${JSON.stringify(t.text)} (part of ${JSON.stringify(needle)}) has scopes [${t.scopes.join(', ')}], must not have ${e}`,
      );
    }
  }
}

before(async () => {
  grammar = await loadGrammar();
  sample = tokenize(SAMPLE);
});

describe('pbtxt TextMate grammar', () => {
  test('is the source.pbtxt grammar', () => {
    const raw = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8')) as { scopeName: string; fileTypes?: string[] };
    assert.equal(raw.scopeName, 'source.pbtxt');
    assert.ok(raw.fileTypes?.includes('pbtxt'));
  });

  test('comments', () => {
    assertScope('# tensorrt_llm', '# tensorrt_llm: the engine model', ['comment.line.number-sign']);
    assertScope(
      'trailing comment',
      '# trailing comment with "quote" and ${not_a_placeholder}',
      ['comment.line.number-sign'],
      ['string', 'variable.other.placeholder'],
    );
  });

  test('field names before ":", "{" and "<"', () => {
    assertScope('max_batch_size', 'max_batch_size', ['variable.other.property'], ['constant']);
    assertScope('model_transaction_policy', 'model_transaction_policy', ['variable.other.property']);
    assertScope('model_transaction_policy', 'decoupled', ['variable.other.property']);
    assertScope('instance_group', 'kind', ['variable.other.property']);
    assertScope('optimization <', 'optimization', ['variable.other.property']);
    assertScope('optimization <', 'cuda', ['variable.other.property']);
    assertScope('optimization <', 'graphs', ['variable.other.property']);
    assertScope('[inference.ext]', 'inference.ext', ['variable.other.property']);
  });

  test('enum constants', () => {
    assertScope('input_ids', 'TYPE_INT32', ['constant.language.enum'], ['variable']);
    assertScope('"lengths"', 'TYPE_FP32', ['constant.language.enum']);
    assertScope('instance_group', 'KIND_GPU', ['constant.language.enum']);
  });

  test('booleans', () => {
    assertScope('model_transaction_policy', 'true', ['constant.language.boolean']);
    assertScope('input_ids', 't', ['constant.language.boolean']);
    assertScope('dynamic_batching', 'False', ['constant.language.boolean']);
    assertScope('optimization <', 'f', ['constant.language.boolean']);
  });

  test('numbers: decimal, negative, hex, octal, float forms, inf/nan', () => {
    assertScope('"lengths"', '1', ['constant.numeric.integer.decimal']);
    assertScope('input_ids', '-1', ['constant.numeric.integer.decimal']);
    assertScope('instance_group', '0x1F', ['constant.numeric.integer.hexadecimal']);
    assertScope('instance_group', '017', ['constant.numeric.integer.octal']);
    assertScope('dynamic_batching', '1e3', ['constant.numeric.float']);
    assertScope('fp32_false_true', '2.5f', ['constant.numeric.float']);
    assertScope('fp32_false_true', '.5', ['constant.numeric.float']);
    assertScope('fp32_false_true', '-inf', ['constant.numeric.float']);
    assertScope('fp32_false_true', 'nan', ['constant.numeric.float']);
    assertScope('[inference.ext]', '1', ['constant.numeric.integer.decimal']);
    // digits inside identifiers are not numbers
    assertScope('"lengths"', 'TYPE_FP32', [], ['constant.numeric']);
  });

  test('strings, with escapes and placeholders inside', () => {
    assertScope('name: "tensorrt_llm"', '"tensorrt_llm"', ['string.quoted.double']);
    assertScope("backend: 'python'", "'python'", ['string.quoted.single']);
    assertScope('"escapes"', '\\t', ['string.quoted.double', 'constant.character.escape']);
    assertScope('"escapes"', '\\"', ['string.quoted.double', 'constant.character.escape']);
    assertScope('"escapes"', '\\x41', ['constant.character.escape']);
    assertScope('"escapes"', '\\101', ['constant.character.escape']);
    assertScope('"escapes"', '\\u00e9', ['constant.character.escape']);
    assertScope('"escapes"', 'a', ['string.quoted.double'], ['constant.character.escape']);
    assertScope('gpt_model_path', '${engine_dir}', ['string.quoted.double', 'variable.other.placeholder']);
    assertScope('gpt_model_path', '/rank0.engine', ['string.quoted.double'], ['variable.other.placeholder']);
  });

  test('a whole-value ${placeholder}', () => {
    assertScope(
      'max_batch_size',
      '${triton_max_batch_size}',
      ['variable.other.placeholder'],
      ['string', 'constant', 'invalid'],
    );
    assertScope('max_batch_size', '${', ['punctuation.definition.placeholder.begin']);
  });

  test('punctuation', () => {
    assertScope('model_transaction_policy', '{', ['punctuation.section.braces.begin']);
    assertScope('model_transaction_policy', '}', ['punctuation.section.braces.end']);
    assertScope('input [', '[', ['punctuation.section.brackets.begin']);
    assertScope('optimization <', '<', ['punctuation.section.angle-brackets.begin']);
    assertScope('max_batch_size', ':', ['punctuation.separator.key-value']);
  });

  test('a string left open ends with its line', () => {
    assertScope('"unterminated', '"unterminated', ['string.quoted.double']);
    assertScope('platform:', 'platform', ['variable.other.property'], ['string']);
    assertScope('platform:', '"ensemble"', ['string.quoted.double']);
  });

  test('colours every token of the example configs, with nothing marked invalid', () => {
    const dir = join(ROOT, 'examples', 'model_repository');
    const files = readdirSync(dir)
      .map((m) => join(dir, m, 'config.pbtxt'))
      .filter((f) => existsSync(f));
    assert.ok(files.length > 0, 'no example configs found');
    for (const file of files) {
      const lines = tokenize(readFileSync(file, 'utf8'));
      lines.forEach((toks, i) => {
        for (const t of toks) {
          const where = `${file}:${i + 1}:${t.start + 1} ${JSON.stringify(t.text)} [${t.scopes.join(', ')}]`;
          assert.ok(!t.scopes.some((s) => s.startsWith('invalid')), `invalid token at ${where}`);
          if (t.text.trim() !== '') assert.ok(t.scopes.length > 1, `uncoloured token at ${where}`);
          if (
            /^[A-Za-z_]\w*$/.test(t.text) &&
            /^\s*:/.test(
              lines[i]!.map((x) => x.text)
                .join('')
                .slice(t.end),
            )
          ) {
            assert.ok(
              t.scopes.includes('variable.other.property.pbtxt'),
              `field name not coloured at ${where}`,
            );
          }
        }
      });
    }
  });
});
