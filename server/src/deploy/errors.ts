// Docker's failures, turned into messages that say what to do. Pure: matched on the error's code, HTTP
// status and the engine's text (the Engine API has no error codes of its own), tested on the exact texts
// Docker Engine 20.10 returns.
import { RuntimeError } from './runtime';

export interface RawError {
  code?: string;
  statusCode?: number;
  message: string;
}

export interface ErrorContext {
  /** What was being done, e.g. `start container triton-llm`. */
  action: string;
  /** Where the engine is (DOCKER_HOST or the socket path). */
  engine: string;
  image?: string;
}

/** Docker puts the engine's message in `json.message`; dockerode prefixes it with "(HTTP code 500) ...". */
function engineText(message: string): string {
  const m = /\(HTTP code \d+\)[^-]*- (.*)$/s.exec(message);
  return (m ? m[1]! : message).trim();
}

export function classifyError(raw: RawError, ctx: ErrorContext): RuntimeError {
  const text = engineText(raw.message);
  const detail = `${ctx.action}: ${text}`;
  if (raw.code === 'ENOENT' || raw.code === 'ECONNREFUSED') {
    return new RuntimeError(
      'engine-unreachable',
      `Cannot reach the Docker engine at ${ctx.engine}: is Docker installed and running? ` +
        '(Start it, or set DOCKER_HOST to the engine you use.)',
      detail,
    );
  }
  if (raw.code === 'EACCES' || raw.code === 'EPERM') {
    return new RuntimeError(
      'permission-denied',
      `Permission denied on the Docker socket ${ctx.engine}: add your user to the "docker" group ` +
        '(sudo usermod -aG docker $USER, then log in again), or use rootless Docker.',
      detail,
    );
  }
  if (/could not select device driver "nvidia"/.test(text)) {
    return new RuntimeError(
      'nvidia-runtime-missing',
      'Docker cannot give the container GPUs: install the NVIDIA Container Toolkit on this host and restart ' +
        'Docker (nvidia-ctk runtime configure --runtime=docker), or set "gpus": 0 to run without GPUs. ' +
        `(${text})`,
      detail,
    );
  }
  if (/error setting rlimit/.test(text)) {
    return new RuntimeError(
      'ulimit-refused',
      'The host refused a ulimit of the profile (typically "memlock": -1, which needs a daemon allowed to ' +
        'raise it): lower or remove it in "ulimits", or raise the host limit. ' +
        `(${text})`,
      detail,
    );
  }
  if (/port is already allocated|address already in use/.test(text)) {
    const port = /:(\d+)(?: failed|: bind)/.exec(text)?.[1];
    return new RuntimeError(
      'port-in-use',
      `A host port of the profile${port ? ` (${port})` : ''} is already in use: stop what uses it, or change ` +
        `"ports" in the profile. (${text})`,
      detail,
    );
  }
  if (raw.statusCode === 409 && /is already in use by container/.test(text)) {
    const name = /container name "\/?([^"]+)"/.exec(text)?.[1];
    return new RuntimeError(
      'name-conflict',
      `A container named ${name ?? 'like this'} already exists: stop it first (triton-repo down <profile>, or ` +
        'docker rm -f), or set another "containerName" in the profile.',
      detail,
    );
  }
  if (raw.statusCode === 404 && /no such image|pull access denied|not found: manifest/i.test(text)) {
    return new RuntimeError(
      'image-missing',
      `The image ${ctx.image ?? ''} is not present on this host: pull it first (docker pull ${ctx.image ?? '<image>'}; ` +
        'NGC images need docker login nvcr.io).',
      detail,
    );
  }
  if (raw.statusCode === 404) return new RuntimeError('not-found', `${ctx.action}: ${text}`, detail);
  return new RuntimeError('other', `${ctx.action} failed: ${text}`, detail);
}
