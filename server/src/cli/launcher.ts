/**
 * dist/cli.js: starts dist/cli-main.js (the command line) through V8's code cache.
 *
 * Compiling the two-megabyte bundle is most of what `triton-repo` costs beyond Node's own start; with
 * the bytecode V8 produced on an earlier run, that work is skipped. This is what Node 22's
 * `module.enableCompileCache()` does; Node 20, which the toolkit supports, does not have it, and a
 * start-up snapshot (`--snapshot-blob`) would need a flag on node's command line, which the `bin`
 * script cannot pass. The cache is kept per user in the temporary directory, like Node's own, and is
 * only an optimisation: a cache that is missing, stale (another bundle, another Node) or rejected by V8
 * means an ordinary compile, and a cache that cannot be written is left alone.
 *
 * Before that, `check` of clean config files is tried by the small dist/cli-fast.js alone (through the
 * same cache: at its size, compiling is a few percent of a run).
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { Module, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type * as FastCheck from './fastCheck';

const MAIN = join(__dirname, 'cli-main.js');
const FAST = join(__dirname, 'cli-fast.js');

/** What the cached bytecode was made from: this bundle file, this Node, this architecture. */
function cacheKey(bundle: string): string {
  const st = statSync(bundle);
  return `triton-repo code cache v1 ${bundle} ${st.size} ${st.mtimeMs} ${process.version} ${process.arch}\n`;
}

/** A directory only this user can write, or undefined (then there is no cache). */
function cacheDirectory(): string | undefined {
  const dir =
    process.env.TRITON_REPO_COMPILE_CACHE ??
    join(tmpdir(), `triton-repo-compile-cache-${process.getuid?.() ?? 'user'}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    // Bytecode from a directory someone else controls would run as this user: never read it.
    if (process.getuid && (st.uid !== process.getuid() || (st.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * The cache file's name: one per bundle path (a djb2 hash of it, enough to tell installs apart) and
 * per command, since each holds the functions its command ran (`--version` compiles almost nothing).
 */
function cacheFile(dir: string, bundle: string): string {
  let h = 5381;
  for (let i = 0; i < bundle.length; i++) h = (Math.imul(h, 33) ^ bundle.charCodeAt(i)) >>> 0;
  const word = process.argv[2] ?? '';
  const command = /^[a-z]{1,16}$/.test(word) ? word : 'other';
  const name = bundle === MAIN ? 'cli-main' : 'cli-fast';
  return join(dir, `${name}-${h.toString(16)}-${command}.bin`);
}

function readCache(file: string, key: string): Buffer | undefined {
  try {
    const data = readFileSync(file);
    const header = Buffer.byteLength(key);
    return data.subarray(0, header).toString() === key ? data.subarray(header) : undefined;
  } catch {
    return undefined;
  }
}

/** Written whole under a temporary name, then renamed: a concurrent run reads the old file or the new one. */
function writeCache(file: string, key: string, data: Buffer): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, key);
      writeSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
    return true;
  } catch {
    // Read-only or full: the next run compiles again, which is all a missing cache costs.
    return false;
  }
}

/**
 * Runs a bundle as a CommonJS module from V8's code cache (compiling it when the cache is missing,
 * stale or refused) and returns its exports. The cache is written at exit, so that it holds every
 * function the run compiled, not only the top level. `label` names the bundle in the debug line that
 * TRITON_REPO_COMPILE_CACHE_DEBUG=1 prints on stderr (for tests).
 */
function runBundle(bundle: string, label: string): unknown {
  const source = readFileSync(bundle, 'utf8');
  const dir = process.env.TRITON_REPO_COMPILE_CACHE === '' ? undefined : cacheDirectory();
  const key = dir === undefined ? '' : cacheKey(bundle);
  const file = dir === undefined ? '' : cacheFile(dir, bundle);
  const cachedData = dir === undefined ? undefined : readCache(file, key);
  const script = new Script(Module.wrap(source), {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  const state =
    dir === undefined
      ? 'off'
      : cachedData === undefined
        ? 'missing'
        : script.cachedDataRejected === true
          ? 'rejected'
          : 'accepted';
  const debug = process.env.TRITON_REPO_COMPILE_CACHE_DEBUG === '1';
  process.once('exit', () => {
    const written =
      (state === 'missing' || state === 'rejected') && writeCache(file, key, script.createCachedData());
    if (debug) process.stderr.write(`triton-repo: ${label} ${state}${written ? ', written' : ''}\n`);
  });
  const loaded = new Module(bundle, module);
  loaded.filename = bundle;
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;
  wrapper.call(loaded.exports, loaded.exports, createRequire(bundle), loaded, bundle, dirname(bundle));
  return loaded.exports;
}

/**
 * `check` of clean config files answered by dist/cli-fast.js without starting dist/cli-main.js at all
 * (server/src/cli/fastCheck.ts); undefined when the full CLI must run.
 */
function fastCheck(): number | undefined {
  if (process.argv[2] !== 'check' || process.env.TRITON_REPO_FAST_CHECK === '0') return undefined;
  const fast = runBundle(FAST, 'fast check code cache') as typeof FastCheck;
  return fast.fastCheck(process.argv.slice(2));
}

function run(): void {
  const fast = fastCheck();
  if (fast !== undefined) {
    process.exitCode = fast;
    return;
  }
  runBundle(MAIN, 'code cache');
}

run();
