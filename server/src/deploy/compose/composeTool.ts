// The Compose tool on this machine: `docker compose` (v2, the CLI plugin) when the docker CLI has it, else
// `docker-compose` (v1, e.g. Debian's 1.29.2). Both take the same project options (-p, -f) and commands
// (up, stop, down, ps); which one ran is always said.
import { spawn, spawnSync } from 'node:child_process';
import { RuntimeError } from '../runtime';

export interface ComposeTool {
  /** The program and the arguments before the project options: ['docker', 'compose'] or ['docker-compose']. */
  argv: string[];
  /** For messages: "docker compose 2.32.1" or "docker-compose 1.29.2". */
  label: string;
}

function versionOf(argv: string[]): string | undefined {
  const r = spawnSync(argv[0]!, [...argv.slice(1), 'version', '--short'], {
    encoding: 'utf8',
    timeout: 20_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return r.status === 0 ? r.stdout.trim().replace(/^v/, '') : undefined;
}

let found: ComposeTool | undefined;

/** The Compose tool to use (asked once per process); a RuntimeError saying what to install when none. */
export function findComposeTool(): ComposeTool {
  if (found) return found;
  for (const argv of [['docker', 'compose'], ['docker-compose']]) {
    const version = versionOf(argv);
    if (version !== undefined) return (found = { argv, label: `${argv.join(' ')} ${version}` });
  }
  throw new RuntimeError(
    'other',
    'replicas > 1 run as a Compose project, and neither `docker compose` (the Compose v2 plugin) nor ' +
      '`docker-compose` (v1) is installed: install one (Debian: apt-get install docker-compose)',
  );
}

export interface ComposeRun {
  code: number;
  /** stdout and stderr, interleaved as they came. */
  output: string[];
}

/**
 * Runs `<tool> -p <project> -f <file> <args>`, line by line to `onLine`. Resolves with the exit code;
 * the signal kills the tool (SIGTERM) and resolves once it has exited.
 */
export function runCompose(
  tool: ComposeTool,
  project: { name: string; file: string },
  args: string[],
  options: { env?: NodeJS.ProcessEnv; onLine?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<ComposeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      tool.argv[0]!,
      [...tool.argv.slice(1), '-p', project.name, '-f', project.file, ...args],
      {
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output: string[] = [];
    const take = (stream: NodeJS.ReadableStream) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split(/\r?\n/);
        rest = lines.pop() ?? '';
        for (const l of lines) {
          output.push(l);
          options.onLine?.(l);
        }
      });
      stream.on('end', () => {
        if (rest) {
          output.push(rest);
          options.onLine?.(rest);
        }
      });
    };
    take(child.stdout);
    take(child.stderr);
    const abort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', abort, { once: true });
    child.on('error', (e) => reject(new RuntimeError('other', `${tool.label} could not run: ${e.message}`)));
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', abort);
      resolve({ code: code ?? 1, output });
    });
  });
}
