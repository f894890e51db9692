// `triton-repo check` of clean config files, without loading the rest of the CLI. A CI job checking a
// rendered repository file by file, or the 3.8 MB stress config, spends most of a full run starting the
// CLI (commander, zod, yaml, the rules) and building a syntax tree that nothing will read. Here the
// files are read and scanned once (core/check/cleanConfig.ts); when every one is clean the report is
// printed by the same formatters as the full check. Anything else (an option that could change the
// report, a model's config.pbtxt, a directory, a file with any problem) is left to the full CLI, which
// decides and words everything: this path only ever prints "no problems", and only when the full check
// would.
import { readFileSync, statSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import type { CheckReport } from '../core/check/checkPaths';
import { isCleanConfigBytes } from '../core/check/cleanConfig';
import { CONFIG_FILE, MODEL_YAML } from '../core/check/fileNames';
import { MODEL_CONFIG_TYPE, modelConfigSchema } from '../core/schema/modelConfigSchema';
import { formatJson, formatText } from './output';

/** The exit code when this path could answer `argv` (the arguments after the program), else undefined. */
export function fastCheck(argv: readonly string[]): number | undefined {
  // (TRITON_REPO_FAST_CHECK=0 is honoured by the launcher, which then does not load this bundle.)
  if (argv[0] !== 'check') return undefined;
  const request = plainCheck(argv.slice(1));
  if (!request) return undefined;
  const paths = [...new Set(request.paths)];
  for (const path of paths) if (!isCleanFile(path)) return undefined;
  const report: CheckReport = {
    files: paths.map((path) => ({ path, diagnostics: [] })),
    failures: [],
    repositories: [],
  };
  print(request.format === 'json' ? formatJson(report) : formatText(report));
  return 0;
}

/**
 * Writes to file descriptor 1 directly: `process.stdout` would first load Node's stream machinery, a
 * few milliseconds of a run this short. A pipe that is full or non-blocking gets the rest through
 * `process.stdout` after all.
 */
function print(text: string): void {
  const data = Buffer.from(text);
  let written = 0;
  try {
    while (written < data.length) written += writeSync(1, data, written);
  } catch {
    process.stdout.write(data.subarray(written));
  }
}

/**
 * The shapes of `check` taken here: paths, `--format text|json`, and the options that cannot change a
 * report without diagnostics (`--verbose`, `--fail-on error|warning`, `--max-warnings <n>`: no
 * warning, exit 0). Not an argument parser (commander parses every command line in the full CLI):
 * whatever else is written, or any value these do not plainly take, goes there.
 */
function plainCheck(args: readonly string[]): { paths: string[]; format: 'text' | 'json' } | undefined {
  const paths: string[] = [];
  let format: 'text' | 'json' = 'text';
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    const [name, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = () => inline ?? args[++k];
    if (name === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json') return undefined;
      format = v;
    } else if (name === '--fail-on') {
      const v = value();
      if (v !== 'error' && v !== 'warning') return undefined;
    } else if (name === '--max-warnings') {
      if (!/^\d+$/.test(value() ?? '')) return undefined;
    } else if (a === '--verbose') {
      // Only groups template notes, which a clean file has none of.
    } else if (a.startsWith('-') || a === '') return undefined;
    else paths.push(a);
  }
  return paths.length > 0 ? { paths, format } : undefined;
}

/**
 * A config file checked on its own (the full check reads a model's config.pbtxt within its repository
 * and model.yaml as LLM API options) whose text is clean. Its bytes are scanned as they are, never
 * decoded into a string: half the memory for a big file.
 */
function isCleanFile(path: string): boolean {
  const name = basename(path);
  if (name === CONFIG_FILE || name === MODEL_YAML) return false;
  try {
    if (!statSync(path).isFile()) return false;
    return isCleanConfigBytes(readFileSync(path), modelConfigSchema(), MODEL_CONFIG_TYPE);
  } catch {
    return false;
  }
}
