// Differential test of substitute() against Python's own string.Template.safe_substitute (the
// standard library, called through a small script; fill_template.py itself is not involved). The
// mappings come partly from fill_template-style strings parsed by parseFillTemplateArgs, with `\,`
// and `\\:` escapes, and include fill_template's integer defaults (0), which Python turns to "0".
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FILL_TEMPLATE_DEFAULTS, parseFillTemplateArgs, substitute } from '../../server/src/core/index';
import { Rng } from '../differential/rng';
import { SHARED, sharedAvailable } from '../shared';

const PYTHON = `
import json, string, sys
cases = json.load(sys.stdin)
json.dump([string.Template(c["t"]).safe_substitute(c["m"]) for c in cases], sys.stdout)
`;

interface Case {
  t: string;
  m: Record<string, string | number>;
}

function python(cases: Case[]): string[] {
  const r = spawnSync('python3', ['-c', PYTHON], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[];
}

function templatesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name === 'config.pbtxt')
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

// Templates that exercise the corners: `$name` without braces, `$$`, invalid `$`, non-ASCII names.
const CORNERS = [
  'a: $engine_dir\nb: ${engine_dir}\nc: $$engine_dir\nd: $$${engine_dir}\ne: $$$engine_dir',
  'x $ y $1 ${1} ${ engine_dir} ${engine_dir ${} $} $', // invalid delimiters stay
  '$engine_dirX ${engine_dir}X $engine_dir.x $engine_dir-x $_a $A_b9 ${ÿ} $ÿ $ſ ${K}',
  'trailing $',
  '$$',
  '${unknown} $unknown ${triton_max_batch_size}${triton_max_batch_size}$triton_max_batch_size',
  'nested ${${engine_dir}} and $${engine_dir}} and ${engine_dir}}',
];

const ALPHABET = [
  'a',
  'Z',
  '0',
  '/',
  ' ',
  '$',
  '$$',
  '{',
  '}',
  '"',
  '\\',
  ',',
  ':',
  'é',
  '€',
  '😀',
  '\t',
  '\n',
  '${x}',
];

function randomValue(rand: () => number): string {
  let s = '';
  const n = Math.floor(rand() * 8);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(rand() * ALPHABET.length)];
  return s;
}

/** Escapes a key or value for fill_template's string: `\` and `,` once; `:` needs `\\:`. */
function escapeForFillTemplate(s: string): string {
  return s.replace(/\\/g, '\\\\\\\\').replace(/,/g, '\\,').replace(/:/g, '\\\\:');
}

test('substitute() equals string.Template.safe_substitute byte for byte', (t) => {
  const templates = [...CORNERS];
  if (sharedAvailable()) {
    for (const f of templatesUnder(join(SHARED, 'corpus', 'trtllm-templates')))
      templates.push(readFileSync(f, 'utf8'));
  } else t.diagnostic('../shared is absent: corner cases only');
  const rng = new Rng(20250513);
  const rand = () => rng.next();
  const cases: Case[] = [];
  const ours: string[] = [];
  for (const text of templates) {
    const names = [
      ...new Set([...text.matchAll(/\$\{?([_a-zA-Z][_a-zA-Z0-9]*)/g)].map((m) => m[1]!)),
      'x',
      'engine_dir',
    ];
    for (let round = 0; round < 12; round++) {
      // Some names filled, some not; values from fill_template strings with escapes.
      const pairs = names.filter(() => rand() < 0.6).map((k) => [k, randomValue(rand)] as const);
      const arg = pairs.map(([k, v]) => `${escapeForFillTemplate(k)}:${escapeForFillTemplate(v)}`).join(',');
      const parsed = pairs.length ? parseFillTemplateArgs(arg) : { ok: true as const, pairs: [] };
      assert.ok(parsed.ok, `fill_template string ${JSON.stringify(arg)} should parse`);
      assert.deepEqual(
        parsed.pairs.map((p) => [p.key, p.value]),
        pairs.map(([k, v]) => [k, v]),
      );
      const mapping: Record<string, string> = {};
      const pyMapping: Record<string, string | number> = {};
      if (round % 2 === 0) {
        // fill_template's defaults: integers on the Python side, as in fill_template.py.
        for (const k of Object.keys(FILL_TEMPLATE_DEFAULTS)) {
          mapping[k] = FILL_TEMPLATE_DEFAULTS[k]!;
          pyMapping[k] = 0;
        }
      }
      for (const p of parsed.pairs) mapping[p.key] = pyMapping[p.key] = p.value;
      cases.push({ t: text, m: pyMapping });
      ours.push(substitute(text, mapping));
    }
  }
  const theirs = python(cases);
  let equal = 0;
  for (let i = 0; i < cases.length; i++) {
    if (ours[i] === theirs[i]) equal++;
    else assert.equal(ours[i], theirs[i], `case ${i}: mapping ${JSON.stringify(cases[i]!.m)}`);
  }
  const line = `safe_substitute differential: ${equal}/${cases.length} renders byte-for-byte equal over ${templates.length} templates (${templates.length - CORNERS.length} from the corpus)`;
  t.diagnostic(line);
  console.log(line);
});

test("fill_template's split: escapes and the failures fill_template.py has", () => {
  const ok = (s: string) => {
    const r = parseFillTemplateArgs(s);
    assert.ok(r.ok, s);
    return r.pairs.map((p) => [p.key, p.value]);
  };
  assert.deepEqual(ok('gpu_device_ids:0\\,1'), [['gpu_device_ids', '0,1']]);
  assert.deepEqual(ok('gpu_device_ids:0\\,1;2\\,3'), [['gpu_device_ids', '0,1;2,3']]);
  assert.deepEqual(ok('engine_dir:C\\\\:/x'), [['engine_dir', 'C:/x']]);
  assert.deepEqual(ok('max_beam_width:1,max_beam_width:4'), [
    ['max_beam_width', '1'],
    ['max_beam_width', '4'],
  ]);
  assert.deepEqual(ok('a:'), [['a', '']]);
  for (const bad of [
    'engine_dir:C\\:/x',
    'a:http://x',
    '',
    'a:b,',
    'accumulate_tokens:Truelogits_datatype:TYPE_FP32',
  ]) {
    assert.equal(parseFillTemplateArgs(bad).ok, false, bad);
  }
});
