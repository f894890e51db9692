/**
 * Timing helpers for the benchmark: a run counter with a time budget, and child processes timed
 * with process.hrtime.bigint() around spawnSync (so process start and exit are included).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MiB = 1024 * 1024;
const GNU_TIME = '/usr/bin/time';
/** Loaded with `node --require` when GNU time is missing: prints the child's own maxRSS at exit. */
const RSS_PRELOAD = join(__dirname, 'maxrss-preload.cjs');
const RSS_MARKER = 'bench-maxrss-kib=';
/** A run that never ends must not hang the benchmark; five minutes is far past any sane size. */
const CHILD_TIMEOUT_MS = 300_000;

export function elapsedMs(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface Samples {
  /** Timed runs, in ms. */
  ms: number[];
  /** True when the only sample is the first (cold) run, because a second would break the budget. */
  cold: boolean;
}

/**
 * Runs `once` up to `runs` times after one warm-up, but stops adding runs once the next one would
 * overrun `budgetMs`. A code path that turns out slow (superlinear, say) then costs one or two runs
 * instead of stalling the whole benchmark; the run count is printed, so readers can weigh the number.
 */
export function sample(once: () => void, runs: number, budgetMs: number): Samples {
  const t0 = process.hrtime.bigint();
  once();
  const warmup = elapsedMs(t0);
  const ms: number[] = [];
  let spent = warmup;
  while (ms.length < runs && spent + (ms.at(-1) ?? warmup) <= budgetMs) {
    const t = process.hrtime.bigint();
    once();
    ms.push(elapsedMs(t));
    spent += ms.at(-1)!;
  }
  return ms.length > 0 ? { ms, cold: false } : { ms: [warmup], cold: true };
}

export interface ChildRun {
  ms: number;
  /** Peak resident set size in KiB, when it could be measured. */
  maxRssKiB?: number;
}

/** How peak memory is measured: GNU time for any command, else a preload that only works for node. */
export const rssMethod: 'gnu-time' | 'node-preload' = existsSync(GNU_TIME) ? 'gnu-time' : 'node-preload';

export interface ChildOptions {
  /** Fed as stdin through a file descriptor, like a shell's `< file`. */
  stdinFile?: string;
  /** Where GNU time may write its report (the benchmark's own temp dir). */
  tmpDir: string;
}

/**
 * Runs `cmd args` once with stdout to /dev/null and returns its wall time and peak RSS. Throws unless
 * it exits 0: a benchmark of a run that failed would measure the wrong thing.
 */
export function runChild(cmd: string, args: readonly string[], opts: ChildOptions): ChildRun {
  const rssFile = join(opts.tmpDir, 'gnu-time.txt');
  let argv: string[];
  if (rssMethod === 'gnu-time') argv = [GNU_TIME, '-o', rssFile, '-f', '%M', cmd, ...args];
  else if (cmd === process.execPath) argv = [cmd, '--require', RSS_PRELOAD, ...args];
  else argv = [cmd, ...args];

  const stdin = opts.stdinFile === undefined ? 'ignore' : openSync(opts.stdinFile, 'r');
  try {
    const t = process.hrtime.bigint();
    const r = spawnSync(argv[0]!, argv.slice(1), {
      stdio: [stdin, 'ignore', 'pipe'],
      encoding: 'utf8',
      timeout: CHILD_TIMEOUT_MS,
    });
    const ms = elapsedMs(t);
    if (r.error || r.status !== 0) {
      throw new Error(
        `${cmd} ${args.join(' ')}: exit ${r.status} (${r.error?.message ?? r.stderr.slice(0, 2000)})`,
      );
    }
    return { ms, maxRssKiB: readRss(rssFile, r.stderr) };
  } finally {
    if (typeof stdin === 'number') closeSync(stdin);
  }
}

function readRss(rssFile: string, stderr: string): number | undefined {
  if (rssMethod === 'gnu-time') {
    // GNU time writes "Command exited with non-zero status" first when there is one: take the last line.
    const last = readFileSync(rssFile, 'utf8').trim().split('\n').at(-1);
    return last === undefined ? undefined : Number(last);
  }
  const m = new RegExp(`${RSS_MARKER}(\\d+)`).exec(stderr);
  return m ? Number(m[1]) : undefined;
}
