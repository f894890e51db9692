/**
 * triton-repo benchmark (`npm run bench`): how fast the checker reads very large config.pbtxt files,
 * next to Debian's protoc, which parses the text format the way Triton does.
 *
 * What it measures, on generated VALID configs of 1, 4 and 16 MiB (1 MiB = 1,048,576 bytes):
 *   1. in-process throughput of parse() alone and of checkConfigText() (parse + schema validation +
 *      template scan), text already in memory. Same MiB/s at every size means linear scaling; MiB/s
 *      that falls as the size grows means superlinear work somewhere. The core is bundled with
 *      esbuild exactly as the CLI is, because through tsx every imported binding is a getter call
 *      and the same code runs markedly slower (one line shows by how much);
 *   2. end to end, process start included: `node dist/cli.js check FILE --format json` against
 *      `protoc --encode=inference.ModelConfig < FILE`, median wall time, MiB/s and peak RSS;
 *   3. `--version` of both, i.e. the cost of starting the process at all;
 *   then a repository of 1,000 models, reading a 2 GiB ONNX model's signature (bench/onnx.ts), the
 *   language server, the extension's activation and container launches.
 *
 * How to read it: every number is a median of n runs after one warm-up run (n is printed). A run is
 * skipped when it would overrun a per-measurement time budget, so a slow path shows up as n=1
 * ("cold" when even the warm-up could not be repeated) rather than as a benchmark that never ends.
 * Nothing here judges the numbers: the benchmark prints, it fails only when an input is invalid or
 * a command fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildSync } from 'esbuild';

import { parse as parseViaTsx } from '../server/src/core/index';
import type * as CoreApi from '../server/src/core/index';
import type { Diagnostic } from '../server/src/core/index';
import { generateConfig } from './generate';
import { STRESS_REPEAT, generateStressConfig } from './stress';
import { lspBench } from './lsp';
import { activationBench } from './activation';
import { launchBench } from './launch';
import { repositoryBench } from './repository';
import { lspRepositoryBench } from './lspRepository';
import { onnxBench } from './onnx';
import { MiB, elapsedMs, median, rssMethod, runChild, sample } from './measure';
import type { ChildRun, Samples } from './measure';

const REPO = join(__dirname, '..');
const CLI = join(REPO, 'dist', 'cli.js');
const PROTOC = process.env.PROTOC ?? 'protoc';
const PROTOC_ARGS = [
  `--proto_path=${join(REPO, 'schemas')}`,
  '--encode=inference.ModelConfig',
  'model_config.proto',
];
const SEED = 0x7417;
const SIZES_MIB = [1, 4, 16] as const;
const END_TO_END_MIB = [4, 16] as const;
const IN_PROCESS = { runs: 5, budgetMs: 8_000 };
const END_TO_END = { runs: 7, budgetMs: 10_000 };

type Core = typeof CoreApi;

interface BenchFile {
  mib: number;
  path: string;
  text: string;
  bytes: number;
}

// ---------------------------------------------------------------------------------------------------
// Formatting: fixed-width columns, so the output reads as a table when quoted in a report.

function fmtMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

function fmtRate(bytes: number, ms: number): string {
  const rate = bytes / MiB / (ms / 1000);
  return `${rate >= 10 ? rate.toFixed(1) : rate.toFixed(2)} MiB/s`;
}

function fmtRuns(s: Samples): string {
  return s.cold ? 'n=1 cold' : `n=${s.ms.length}`;
}

function fmtRss(run: ChildRun): string {
  return run.maxRssKiB === undefined ? 'n/a' : `${(run.maxRssKiB / 1024).toFixed(0)} MiB`;
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((c, i) => c.padEnd(widths[i] ?? 0))
    .join('  ')
    .trimEnd();
}

// ---------------------------------------------------------------------------------------------------
// Inputs.

function toolVersion(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`cannot run ${cmd}: ${r.error?.message ?? r.stderr}`);
  return r.stdout.trim();
}

/** A benchmark of a file the checker rejects would time the error path: refuse to go on. */
function assertNoErrors(diagnostics: readonly Diagnostic[], what: string): void {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new Error(
      `${what}: ${errors.length} error diagnostics, first: ${first.code} at line ${first.range.start.line + 1}: ${first.message}`,
    );
  }
}

/** Writes one generated config and has protoc (Triton's parser) accept it, once. */
function makeFile(tmp: string, mib: number): BenchFile {
  const generated = generateConfig(mib * MiB, SEED);
  const path = join(tmp, `bench_${mib}mib.pbtxt`);
  writeFileSync(path, generated.text);
  runChild(PROTOC, PROTOC_ARGS, { stdinFile: path, tmpDir: tmp }); // throws with protoc's message on rejection
  const bytes = Buffer.byteLength(generated.text);
  const lines = generated.text.split('\n').length;
  console.log(
    `  ${String(mib).padStart(2)} MiB: ${bytes.toLocaleString('en-US')} bytes, ${lines.toLocaleString('en-US')} lines, ` +
      `${generated.inputs} inputs, ${generated.outputs} outputs, ${generated.parameters} parameters; protoc accepts it`,
  );
  return { mib, path, text: generated.text, bytes };
}

/**
 * The core as the CLI ships it: one esbuild bundle with the options of scripts/build.mjs. Timing the
 * tsx-loaded sources instead would charge the checker for tsx's module getters.
 */
function loadBundledCore(tmp: string): Core {
  const outfile = join(tmp, 'core.cjs');
  buildSync({
    entryPoints: [join(REPO, 'server', 'src', 'core', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  return createRequire(__filename)(outfile) as Core;
}

// ---------------------------------------------------------------------------------------------------
// Measurements.

interface InProcessResult {
  file: BenchFile;
  parse: Samples;
  check: Samples;
}

function inProcess(core: Core, files: readonly BenchFile[]): InProcessResult[] {
  const { checkConfigText, parse } = core;
  // Let V8 optimise the hot paths before anything is timed, on the smallest file.
  const smallest = files[0]!;
  for (let i = 0; i < 2; i++) assertNoErrors(checkConfigText(smallest.text), `${smallest.mib} MiB file`);

  const widths = [8, 32, 32];
  console.log(row(['size', 'parse only', 'parse + validate (checkConfigText)'], widths));
  const results: InProcessResult[] = [];
  for (const file of files) {
    const parseSamples = sample(() => void parse(file.text), IN_PROCESS.runs, IN_PROCESS.budgetMs);
    // Every call is checked, so the zero-error check of each size happens on the very first one.
    const what = `checkConfigText on the ${file.mib} MiB file`;
    const checkSamples = sample(
      () => assertNoErrors(checkConfigText(file.text), what),
      IN_PROCESS.runs,
      IN_PROCESS.budgetMs,
    );
    const cell = (s: Samples) =>
      `${fmtRate(file.bytes, median(s.ms)).padStart(12)} ${fmtMs(median(s.ms)).padStart(8)} ${fmtRuns(s)}`;
    console.log(row([`${file.mib} MiB`, cell(parseSamples), cell(checkSamples)], widths));
    results.push({ file, parse: parseSamples, check: checkSamples });
  }
  return results;
}

/** Linear work takes 16x the time for 16x the bytes: print the actual factor next to that. */
function printScaling(results: readonly InProcessResult[]): void {
  const small = results[0]!;
  const big = results.at(-1)!;
  const bytes = big.file.bytes / small.file.bytes;
  const factor = (pick: (r: InProcessResult) => Samples) => median(pick(big).ms) / median(pick(small).ms);
  console.log(
    `  scaling ${small.file.mib} -> ${big.file.mib} MiB: ${bytes.toFixed(1)}x the bytes took ` +
      `${factor((r) => r.parse).toFixed(1)}x the time to parse and ${factor((r) => r.check).toFixed(1)}x to check ` +
      `(linear: ${bytes.toFixed(1)}x)`,
  );
}

/** The same parse() loaded through tsx from the sources, for whoever profiles that way. */
function printTsxParse(file: BenchFile, bundled: InProcessResult): void {
  const viaTsx = sample(() => void parseViaTsx(file.text), IN_PROCESS.runs, IN_PROCESS.budgetMs);
  const tsxMs = median(viaTsx.ms);
  const bundledMs = median(bundled.parse.ms);
  console.log(
    `  parse() loaded through tsx instead of bundled, ${file.mib} MiB: ${fmtRate(file.bytes, tsxMs)} ` +
      `(${fmtMs(tsxMs)}, ${fmtRuns(viaTsx)}), ${(tsxMs / bundledMs).toFixed(2)}x the bundled time`,
  );
}

interface Timed {
  samples: Samples;
  /** The last run, for its peak RSS (the same for every run of a deterministic command, give or take). */
  last: ChildRun;
}

function timeCommand(cmd: string, args: readonly string[], tmp: string, stdinFile?: string): Timed {
  let last: ChildRun | undefined;
  const samples = sample(
    () => {
      last = runChild(cmd, args, stdinFile === undefined ? { tmpDir: tmp } : { stdinFile, tmpDir: tmp });
    },
    END_TO_END.runs,
    END_TO_END.budgetMs,
  );
  return { samples, last: last! };
}

function startUp(tmp: string): number {
  const cli = timeCommand(process.execPath, [CLI, '--version'], tmp);
  const protoc = timeCommand(PROTOC, ['--version'], tmp);
  const ms = median(cli.samples.ms);
  console.log(
    `  node dist/cli.js --version  ${fmtMs(ms).padStart(9)}  ${fmtRuns(cli.samples)}, max RSS ${fmtRss(cli.last)}`,
  );
  console.log(
    `  protoc --version            ${fmtMs(median(protoc.samples.ms)).padStart(9)}  ${fmtRuns(protoc.samples)}, max RSS ${fmtRss(protoc.last)}`,
  );
  return ms;
}

interface EndToEnd {
  cli: Timed;
  protoc: Timed;
}

function endToEnd(file: BenchFile, tmp: string, startUpMs: number): EndToEnd {
  const cli = timeCommand(process.execPath, [CLI, 'check', file.path, '--format', 'json'], tmp);
  const protoc = timeCommand(PROTOC, PROTOC_ARGS, tmp, file.path);
  const widths = [34, 9, 14, 15, 8];
  const line = (label: string, t: Timed) => {
    const ms = median(t.samples.ms);
    return row(
      [
        label,
        fmtMs(ms).padStart(9),
        fmtRate(file.bytes, ms).padStart(14),
        `max RSS ${fmtRss(t.last)}`,
        fmtRuns(t.samples),
      ],
      widths,
    );
  };
  console.log(`  ${file.mib} MiB file`);
  console.log(`    ${line('triton-repo check --format json', cli)}`);
  console.log(`    ${line('protoc --encode', protoc)}`);
  const cliMs = median(cli.samples.ms);
  const protocMs = median(protoc.samples.ms);
  const verdict =
    cliMs <= protocMs
      ? `${(protocMs / cliMs).toFixed(1)}x faster than`
      : `${(cliMs / protocMs).toFixed(1)}x slower than`;
  console.log(
    `    => triton-repo is ${verdict} protoc on ${file.mib} MiB (of its ${fmtMs(cliMs)}, ~${fmtMs(startUpMs)} is process start)`,
  );
  return { cli, protoc };
}

// ---------------------------------------------------------------------------------------------------
// Issue 13's targets on the stress config: the CLI against protoc in the same run, and the checker's
// in-process throughput.

const TARGET = { wallRatio: 1, rssMiB: 60, inProcessMiBps: 60 };

function fmtLoad(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')} on ${cpus().length} CPUs`;
}

function verdictCell(ok: boolean): string {
  return ok ? 'meets' : 'MISSES';
}

function stressBench(core: Core, tmp: string): void {
  const stress = generateStressConfig();
  // As a model of a repository (every load-time rule runs) and as a lone file (syntax, schema, placeholders).
  const modelDir = join(tmp, 'stress_repository', 'tensorrt_llm');
  mkdirSync(join(modelDir, '1'), { recursive: true });
  const modelConfig = join(modelDir, 'config.pbtxt');
  writeFileSync(modelConfig, stress.text);
  const lone = join(tmp, 'stress.pbtxt');
  writeFileSync(lone, stress.text);
  runChild(PROTOC, PROTOC_ARGS, { stdinFile: lone, tmpDir: tmp }); // protoc must accept it
  const bytes = Buffer.byteLength(stress.text);
  const mib = bytes / MiB;
  console.log(
    `\nStress config: ${stress.source}, inputs x${STRESS_REPEAT} (${stress.inputs.toLocaleString('en-US')} inputs), ` +
      `placeholders filled; ${bytes.toLocaleString('en-US')} bytes (${mib.toFixed(2)} MiB); protoc accepts it`,
  );
  console.log(`  ${fmtLoad()} before measuring`);

  const inProcess = sample(
    () => assertNoErrors(core.checkConfigText(stress.text), 'checkConfigText on the stress config'),
    IN_PROCESS.runs,
    IN_PROCESS.budgetMs,
  );
  const inMs = median(inProcess.ms);
  const rate = mib / (inMs / 1000);
  console.log(
    `  in process, checkConfigText: ${fmtRate(bytes, inMs)} (${fmtMs(inMs)}, ${fmtRuns(inProcess)}); ` +
      `target >= ${TARGET.inProcessMiBps} MiB/s: ${verdictCell(rate >= TARGET.inProcessMiBps)} (${(rate / TARGET.inProcessMiBps).toFixed(2)}x the target)`,
  );
  // A clean config takes the one-pass scan (core/check/cleanConfig.ts); a config with any problem takes
  // the parser, the schema validator and the placeholder check. Both figures, so neither hides the other.
  const fullPath = sample(
    () => assert.equal(core.checkConfigProblems(stress.text).problems.length, 0),
    IN_PROCESS.runs,
    IN_PROCESS.budgetMs,
  );
  const fullMs = median(fullPath.ms);
  console.log(
    `  in process, the parser's path (a config with problems takes it): ${fmtRate(bytes, fullMs)} (${fmtMs(fullMs)}, ${fmtRuns(fullPath)})`,
  );

  const protoc = timeCommand(PROTOC, PROTOC_ARGS, tmp, lone);
  const protocMs = median(protoc.samples.ms);
  const protocRss = (protoc.last.maxRssKiB ?? NaN) / 1024;
  console.log(
    `  protoc --encode                       ${fmtMs(protocMs).padStart(9)}  max RSS ${protocRss.toFixed(0)} MiB  ${fmtRuns(protoc.samples)}`,
  );
  const widths = [38, 9, 16, 12];
  for (const [label, path] of [
    ['triton-repo check (model, all rules)', modelConfig],
    ['triton-repo check (lone file)', lone],
  ] as const) {
    const cli = timeCommand(process.execPath, [CLI, 'check', path, '--format', 'json'], tmp);
    const ms = median(cli.samples.ms);
    const rss = (cli.last.maxRssKiB ?? NaN) / 1024;
    console.log(
      `  ${row([label, fmtMs(ms).padStart(9), `max RSS ${rss.toFixed(0)} MiB`, fmtRuns(cli.samples)], widths)}`,
    );
    console.log(
      `      wall ${(ms / protocMs).toFixed(2)}x protoc's (target <= ${TARGET.wallRatio}x: ${verdictCell(ms <= protocMs * TARGET.wallRatio)}); ` +
        `RSS ${rss.toFixed(0)} MiB, ${(rss / protocRss).toFixed(1)}x protoc's (target <= ${TARGET.rssMiB} MiB: ${verdictCell(rss <= TARGET.rssMiB)})`,
    );
  }
  console.log(`  ${fmtLoad()} after measuring`);
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const tmp = mkdtempSync(join(tmpdir(), 'triton-repo-bench-'));
  try {
    console.log('triton-repo benchmark');
    console.log(
      `  node ${process.version}, ${toolVersion(PROTOC, ['--version'])}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}`,
    );
    console.log(
      `  peak memory via ${rssMethod === 'gnu-time' ? 'GNU time (%M)' : 'process.resourceUsage() preloaded into the CLI'}`,
    );
    if (process.argv.includes('--stress-only')) {
      // `npm run bench -- --stress-only`: issue 13's CLI targets alone, in a minute rather than many.
      console.log(`\nProcess start (median after 1 warm-up, up to ${END_TO_END.runs} runs)`);
      startUp(tmp);
      stressBench(loadBundledCore(tmp), tmp);
      return;
    }
    if (process.argv.includes('--lsp-only')) {
      // `npm run bench -- --lsp-only`: issue 13's editor targets alone (typing, 1,000 and 10,000 models).
      await lspBench();
      await lspRepositoryBench(tmp, 1_000, true);
      await lspRepositoryBench(tmp, 10_000, false);
      return;
    }
    console.log(`\nInputs (generated, seed 0x${SEED.toString(16)})`);
    const files = SIZES_MIB.map((mib) => makeFile(tmp, mib));

    console.log(
      `\nIn process, bundled core, text in memory (median after 1 warm-up, up to ${IN_PROCESS.runs} runs)`,
    );
    const core = loadBundledCore(tmp);
    const results = inProcess(core, files);
    printScaling(results);
    printTsxParse(files[1]!, results[1]!);

    console.log(`\nProcess start (median after 1 warm-up, up to ${END_TO_END.runs} runs)`);
    const startUpMs = startUp(tmp);

    console.log(
      `\nEnd to end, process start included (median after 1 warm-up, up to ${END_TO_END.runs} runs, stdout to /dev/null)`,
    );
    let biggest: EndToEnd | undefined;
    for (const mib of END_TO_END_MIB) {
      biggest = endToEnd(
        files.find((f) => f.mib === mib)!,
        tmp,
        startUpMs,
      );
    }

    const mib = END_TO_END_MIB.at(-1)!;
    console.log(`\nPeak memory (max RSS) on the ${mib} MiB file`);
    console.log(`  triton-repo check: ${fmtRss(biggest!.cli.last)}, protoc: ${fmtRss(biggest!.protoc.last)}`);

    stressBench(core, tmp);
    // `npm run bench -- --cli-only`: the checker and the command line, without the editor and container parts.
    if (process.argv.includes('--cli-only')) return;

    repositoryBench(CLI, tmp, startUpMs);
    await onnxBench(CLI, tmp);

    await lspBench();
    await lspRepositoryBench(tmp, 1_000, true);
    await lspRepositoryBench(tmp, 10_000, false);
    activationBench(REPO);
    await launchBench();

    console.log(`\nbenchmark took ${(elapsedMs(started) / 1000).toFixed(0)} s`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

void main();
