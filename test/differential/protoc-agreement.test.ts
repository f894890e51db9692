/**
 * Differential test: the checker must reject a config.pbtxt exactly when libprotobuf (Debian's protoc,
 * which parses text format as Triton does) rejects it, and must name the same line first.
 *
 * Bases are valid configs (the valid fixtures, ./bases, the example repository, and the shared corpus
 * of Triton's own examples when present). Mutants come from ./mutate.ts with a fixed seed, so a failure
 * reproduces on every run; every disagreement is written to test/differential/.disagreements.txt.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

import { checkConfigText } from '../../server/src/core/index';
import type { Diagnostic } from '../../server/src/core/diagnostics/types';
import { loadBases } from './loadBases';
import { generateMutants, MEANING_PRESERVING, OPERATORS, type Mutant } from './mutate';
import { protocSkip, protocVersion, runProtoc, runProtocMany, type ProtocVerdict } from './protoc';
import { loadSchema } from './schema';

const REPO = join(__dirname, '..', '..');
const DISAGREEMENTS = join(__dirname, '.disagreements.txt');
const SEED = 0x7e1705;
const TARGET = 3000;
const MIN_MUTANTS = 2500;
/**
 * The share of mutants protoc rejects (61.3 % with the corpus, seed above). Outside this band the mutator or
 * the protoc wrapper is broken (0 %: a wrapper that accepts everything would make every check pass).
 */
const REJECTION_RATE_BAND = [45, 80] as const;
/** Two cores on the reference machine; more processes only add contention. */
const CONCURRENCY = 2;

// ---------------------------------------------------------------------------------------------------
// Inputs.

// ---------------------------------------------------------------------------------------------------
// The checker's verdict, in protoc's terms.

interface CheckerVerdict {
  ok: boolean;
  /** 1-based line of the first syntax/schema error, ordered by where libprotobuf reports it. */
  line?: number;
  errors: Diagnostic[];
  threw?: string;
}

function reportedAt(d: Diagnostic): { line: number; character: number } {
  return d.protobufAt ?? d.range.start;
}

function checkerVerdict(text: string): CheckerVerdict {
  let diagnostics: Diagnostic[];
  try {
    diagnostics = checkConfigText(text);
  } catch (e) {
    return { ok: false, errors: [], threw: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  const errors = diagnostics
    .filter((d) => d.severity === 'error' && /^(syntax|schema)\//.test(d.code))
    .sort(
      (a, b) => reportedAt(a).line - reportedAt(b).line || reportedAt(a).character - reportedAt(b).character,
    );
  const first = errors[0];
  return first ? { ok: false, line: reportedAt(first).line + 1, errors } : { ok: true, errors };
}

function agrees(p: ProtocVerdict, c: CheckerVerdict): boolean {
  if (c.threw !== undefined) return false;
  if (p.ok !== c.ok) return false;
  // protoc always names a line when it fails; if it ever does not, the verdict alone is compared.
  return p.ok || p.line === undefined || p.line === c.line;
}

// ---------------------------------------------------------------------------------------------------
// Reporting.

function describeProtoc(p: ProtocVerdict): string {
  return p.ok ? 'accepts' : `rejects, first at ${p.line}:${p.col}: ${p.message ?? p.stderr.trim()}`;
}

function describeChecker(c: CheckerVerdict): string {
  if (c.threw !== undefined) return `threw: ${c.threw}`;
  if (c.ok) return 'accepts (no syntax/schema error)';
  const lines = c.errors.map((d) => {
    const at = reportedAt(d);
    const r = d.range.start;
    const extra = d.protobufAt ? ` (range.start ${r.line + 1}:${r.character + 1})` : '';
    return `  ${at.line + 1}:${at.character + 1}${extra} ${d.code}: ${d.message}`;
  });
  return `rejects, first on line ${c.line}:\n${lines.join('\n')}`;
}

function numbered(text: string): string {
  return text
    .split('\n')
    .map((l, i) => `${String(i + 1).padStart(4)} | ${l}`)
    .join('\n');
}

function describeCase(m: Mutant, p: ProtocVerdict, c: CheckerVerdict, index: number): string {
  return [
    `=== disagreement #${index + 1}: [${m.operator}] ${m.detail}`,
    `base: ${m.base}`,
    `protoc:  ${describeProtoc(p)}`,
    `checker: ${describeChecker(c)}`,
    '--- mutant ---',
    numbered(m.text),
    '',
  ].join('\n');
}

function percent(n: number, total: number): string {
  return total === 0 ? '0.00' : ((100 * n) / total).toFixed(2);
}

// ---------------------------------------------------------------------------------------------------
// Tests.

const schema = loadSchema();
const bases = loadBases();

// Without protoc these skip on a developer's machine (saying how to install it), never under CI=true.
test('protoc is available', { skip: protocSkip }, () => {
  console.log(`protoc agreement: using ${protocVersion()}`);
});

test('every base config is accepted by protoc and by the checker', { skip: protocSkip }, async () => {
  assert.ok(bases.length > 0, 'no base configs found');
  const problems: string[] = [];
  for (const b of bases) {
    const p = await runProtoc(b.text);
    const c = checkerVerdict(b.text);
    if (!p.ok) problems.push(`${b.name}: protoc ${describeProtoc(p)}`);
    if (!c.ok) problems.push(`${b.name}: checker ${describeChecker(c)}`);
  }
  assert.deepEqual(problems, [], `base configs must be valid:\n${problems.join('\n')}`);
});

test(
  'the comparison flags disagreements: known-bad verdicts against protoc on known inputs',
  { skip: protocSkip },
  async () => {
    // Each input with what protoc must say; then a checker that accepts everything, one that rejects
    // everything on another line, and the real checker. Only the real one may agree.
    const inputs: [string, boolean, number | undefined][] = [
      ['name: "m"\nmax_batch_size: 8\n', true, undefined],
      ['name: "m"\nmax_batch_sise: 8\n', false, 2],
      ['name: "m"\nmax_batch_size: "eight"\n', false, 2],
      ['name: "m"\n\nmax_batch_size: 8\nmax_batch_size: 4\n', false, 4],
      ['name: "m"\ninput { name: "x" \n', false, 3],
    ];
    const found: string[] = [];
    for (const [text, ok, line] of inputs) {
      const p = await runProtoc(text);
      assert.equal(p.ok, ok, `protoc on ${JSON.stringify(text)}: ${describeProtoc(p)}`);
      if (!ok) assert.equal(p.line, line, `protoc's line on ${JSON.stringify(text)}`);
      const acceptsAll: CheckerVerdict = { ok: true, errors: [] };
      const wrongLine: CheckerVerdict = { ok: false, line: 99, errors: [] };
      const threw: CheckerVerdict = { ok: false, line, errors: [], threw: 'Error: boom' };
      if (!ok && agrees(p, acceptsAll)) found.push(`accept-all agrees on ${JSON.stringify(text)}`);
      if (agrees(p, wrongLine)) found.push(`wrong line agrees on ${JSON.stringify(text)}`);
      if (agrees(p, threw)) found.push(`a throwing checker agrees on ${JSON.stringify(text)}`);
      if (!agrees(p, checkerVerdict(text)))
        found.push(`the real checker disagrees on ${JSON.stringify(text)}`);
    }
    assert.deepEqual(found, []);
  },
);

test('checker agrees with protoc on mutants', { skip: protocSkip, timeout: 300_000 }, async () => {
  const mutants = generateMutants(bases, schema, { seed: SEED, target: TARGET });
  assert.ok(mutants.length >= MIN_MUTANTS, `only ${mutants.length} mutants from ${bases.length} bases`);

  const protoc = await runProtocMany(
    mutants.map((m) => m.text),
    CONCURRENCY,
  );
  const perOp = new Map<string, { total: number; rejected: number; agreed: number }>();
  for (const name of OPERATORS.keys()) perOp.set(name, { total: 0, rejected: 0, agreed: 0 });
  const disagreements: string[] = [];
  const brokenOperators: string[] = [];
  let agreed = 0;
  let rejected = 0;
  let checkerRejected = 0;

  mutants.forEach((m, i) => {
    const p = protoc[i] as ProtocVerdict;
    const c = checkerVerdict(m.text);
    if (!c.ok) checkerRejected++;
    const stats = perOp.get(m.operator) ?? { total: 0, rejected: 0, agreed: 0 };
    perOp.set(m.operator, stats);
    stats.total++;
    if (!p.ok) {
      rejected++;
      stats.rejected++;
      if (MEANING_PRESERVING.has(m.operator)) {
        brokenOperators.push(`[${m.operator}] ${m.detail} (base ${m.base}): protoc ${describeProtoc(p)}`);
      }
    }
    if (agrees(p, c)) {
      agreed++;
      stats.agreed++;
    } else {
      disagreements.push(describeCase(m, p, c, disagreements.length));
    }
  });

  const total = mutants.length;
  console.log(
    `protoc agreement: ${agreed}/${total} mutants (${percent(agreed, total)}%), ` +
      `protoc rejected ${rejected}, accepted ${total - rejected} (rejection rate ${percent(rejected, total)}%, ` +
      `${bases.length} bases, seed ${SEED})`,
  );
  console.log(
    `  ${'operator'.padEnd(22)} ${'mutants'.padStart(7)} ${'rejected'.padStart(8)} ${'agree'.padStart(7)}`,
  );
  for (const [name, s] of perOp) {
    const tag = MEANING_PRESERVING.has(name) ? ' (meaning-preserving)' : '';
    console.log(
      `  ${name.padEnd(22)} ${String(s.total).padStart(7)} ${String(s.rejected).padStart(8)} ${String(s.agreed).padStart(7)}${tag}`,
    );
  }

  console.log(`  the checker rejected ${checkerRejected} (${percent(checkerRejected, total)}%)`);
  const rate = (100 * rejected) / total;
  assert.ok(
    rate >= REJECTION_RATE_BAND[0] && rate <= REJECTION_RATE_BAND[1],
    `protoc's rejection rate ${percent(rejected, total)}% is outside ${REJECTION_RATE_BAND.join('-')}%`,
  );
  // Counted apart from agrees(): a comparison loosened to "always agree" cannot hide a checker that
  // rejects more or less than protoc.
  assert.equal(checkerRejected, rejected, 'the checker rejects exactly as many mutants as protoc');

  // A meaning-preserving rewrite that protoc rejects is a bug in the operator, not in the checker.
  assert.deepEqual(
    brokenOperators,
    [],
    `meaning-preserving operators produced invalid files:\n${brokenOperators.slice(0, 5).join('\n')}`,
  );

  if (disagreements.length === 0) {
    rmSync(DISAGREEMENTS, { force: true });
  } else {
    writeFileSync(DISAGREEMENTS, disagreements.join('\n'));
    assert.fail(
      `${disagreements.length} of ${total} mutants disagree with protoc (all in ${relative(REPO, DISAGREEMENTS)}); first 5:\n\n` +
        disagreements.slice(0, 5).join('\n'),
    );
  }
});
