// Runs the bundled command line (dist/cli.js, what package.json's bin names) as a user would.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach } from 'node:test';
import { REPO_ROOT } from '../shared';

export const CLI = join(REPO_ROOT, 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  /** The signal that ended it (SIGKILL in the crash tests), else null. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * `triton-repo ...args` in `cwd`. No TRTLLM__ variables from the caller's environment (they are a value
 * source) and no DOCKER_HOST unless given: `env` adds to the rest.
 */
export function runCli(cwd: string, args: readonly string[], env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: cliEnv(env),
    stdio: 'pipe',
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** The environment runCli gives the command: the caller's less TRTLLM__ variables and DOCKER_HOST, plus `env`. */
export function cliEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('TRTLLM__') && k !== 'DOCKER_HOST'),
  );
  return { ...base, ...env };
}

/**
 * `<dir>/<name>`: the bundled TensorRT-LLM template repository (examples/model_repository) with its
 * values file inside, as `triton-repo new` leaves one (`render <dir>` reads `<dir>/triton-values.json`).
 */
export function templateRepository(dir: string, name = 't'): string {
  const target = join(dir, name);
  mkdirSync(dir, { recursive: true });
  cpSync(join(REPO_ROOT, 'examples', 'model_repository'), target, { recursive: true });
  cpSync(join(REPO_ROOT, 'examples', 'triton-values.json'), join(target, 'triton-values.json'));
  return target;
}

/**
 * A fresh working directory for every test of the file, holding the template repository `t`; all removed
 * after the file's tests. Returns the current one.
 */
export function freshTemplateWorkspaces(prefix: string): () => string {
  let current = '';
  const made: string[] = [];
  beforeEach(() => {
    current = mkdtempSync(join(tmpdir(), prefix));
    made.push(current);
    templateRepository(current);
  });
  after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return () => current;
}
