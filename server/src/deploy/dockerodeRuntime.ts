// The one file that imports dockerode (ESLint keeps it so). Implements ContainerRuntime: every call is
// bounded by a timeout and an optional AbortSignal, and its failures go through classifyError.
import Docker from 'dockerode';
import { PassThrough } from 'node:stream';
import { classifyError } from './errors';
import { RuntimeError, isRuntimeError } from './runtime';
import type { ContainerInfo, ContainerRuntime, LogLine } from './runtime';
import type { ContainerSpec } from './spec';

/** Long enough for any single API call on a busy engine, short enough for a user waiting on a button. */
export const CALL_TIMEOUT_MS = 20_000;

export interface DockerodeOptions {
  /** Default: DOCKER_HOST, else /var/run/docker.sock (dockerode's own rule). */
  socketPath?: string;
  timeoutMs?: number;
}

export function describeEngine(socketPath?: string): string {
  return socketPath ?? process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
}

/** Runs `fn` with a signal that aborts on the caller's signal or after `ms`; maps failures to RuntimeErrors. */
async function call<T>(
  ms: number,
  outer: AbortSignal | undefined,
  ctx: { action: string; engine: string; image?: string },
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (outer?.aborted) throw new RuntimeError('cancelled', `${ctx.action}: cancelled`);
  const controller = new AbortController();
  const onAbort = () => controller.abort(new RuntimeError('cancelled', `${ctx.action}: cancelled`));
  outer?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(
    () =>
      controller.abort(
        new RuntimeError('timeout', `${ctx.action}: no answer from Docker within ${ms / 1000} s`),
      ),
    ms,
  );
  // dockerode honours abortSignal for the HTTP request; the race also covers calls that ignore it.
  const aborted = new Promise<never>((_, reject) =>
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }),
  );
  try {
    return await Promise.race([fn(controller.signal), aborted]);
  } catch (e) {
    if (isRuntimeError(e)) throw e;
    if (controller.signal.aborted) throw controller.signal.reason;
    const err = e as { code?: string; statusCode?: number; message?: string };
    throw classifyError(
      { code: err.code, statusCode: err.statusCode, message: String(err.message ?? e) },
      ctx,
    );
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

/** dockerode reads `abortSignal` in every call's options; @types/dockerode omits it for image inspect. */
function signalOption(abortSignal: AbortSignal): Docker.ImageInspectOptions {
  return { abortSignal } as Docker.ImageInspectOptions;
}

function info(c: Docker.ContainerInfo): ContainerInfo {
  return {
    id: c.Id,
    name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
    image: c.Image,
    state: c.State,
    status: c.Status,
    labels: c.Labels ?? {},
    ...(typeof c.Created === 'number' ? { created: c.Created } : {}),
  };
}

/** Splits a byte stream into lines (a partial last line is flushed at the end). */
async function* lines(stream: NodeJS.ReadableStream, name: LogLine['stream']): AsyncGenerator<LogLine> {
  let rest = '';
  for await (const chunk of stream) {
    rest += chunk.toString();
    const parts = rest.split('\n');
    rest = parts.pop()!;
    for (const text of parts) yield { stream: name, text: text.replace(/\r$/, '') };
  }
  if (rest) yield { stream: name, text: rest };
}

/** The multiplexed log format: frames of [stream (1 = stdout, 2 = stderr), 0, 0, 0, size (u32 BE)] + bytes. */
function* demuxBuffer(buffer: Buffer): Generator<LogLine> {
  const text = { stdout: '', stderr: '' };
  for (let at = 0; at + 8 <= buffer.length;) {
    const size = buffer.readUInt32BE(at + 4);
    const name = buffer[at] === 2 ? 'stderr' : 'stdout';
    text[name] += buffer.subarray(at + 8, at + 8 + size).toString();
    at += 8 + size;
  }
  for (const name of ['stdout', 'stderr'] as const) {
    for (const line of text[name].split('\n'))
      if (line) yield { stream: name, text: line.replace(/\r$/, '') };
  }
}

/** Interleaves two async iterables as items arrive. */
async function* merge<T>(...sources: AsyncIterable<T>[]): AsyncGenerator<T> {
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  const pending = new Map(iterators.map((it, i) => [i, it.next().then((r) => ({ i, r }))]));
  while (pending.size > 0) {
    const { i, r } = await Promise.race(pending.values());
    if (r.done) {
      pending.delete(i);
    } else {
      pending.set(
        i,
        iterators[i]!.next().then((r2) => ({ i, r: r2 })),
      );
      yield r.value;
    }
  }
}

export function dockerodeRuntime(options: DockerodeOptions = {}): ContainerRuntime {
  const docker = new Docker(options.socketPath ? { socketPath: options.socketPath } : undefined);
  const ms = options.timeoutMs ?? CALL_TIMEOUT_MS;
  const engine = describeEngine(options.socketPath);
  const ctx = (action: string, image?: string) => ({ action, engine, image });
  const imageId = (image: string, signal?: AbortSignal) =>
    call(ms, signal, ctx(`inspect image ${image}`, image), async (s) => {
      try {
        return (await docker.getImage(image).inspect(signalOption(s))).Id;
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 404) return null;
        throw e;
      }
    });

  return {
    ping: (signal) =>
      call(ms, signal, ctx('connect to Docker'), (s) =>
        (docker.ping as (o: object) => Promise<unknown>)
          .call(docker, { abortSignal: s })
          .then(() => undefined),
      ),

    hasImage: async (image, signal) => (await imageId(image, signal)) !== null,
    imageId,

    create: (spec: ContainerSpec, signal) =>
      call(ms, signal, ctx(`create container ${spec.name}`, spec.Image), async (s) => {
        const c = await docker.createContainer({ ...spec, abortSignal: s } as Docker.ContainerCreateOptions);
        return c.id;
      }),

    start: (id, signal) =>
      call(ms, signal, ctx(`start container ${id.slice(0, 12)}`), (s) =>
        docker
          .getContainer(id)
          .start({ abortSignal: s })
          .then(() => undefined),
      ),

    inspect: (id, signal) =>
      call(ms, signal, ctx(`inspect container ${id.slice(0, 12)}`), async (s) => {
        const c = await docker.getContainer(id).inspect({ abortSignal: s });
        return {
          id: c.Id,
          name: c.Name.replace(/^\//, ''),
          image: c.Config.Image,
          state: c.State.Status,
          status: c.State.Status,
          labels: c.Config.Labels ?? {},
          running: c.State.Running,
          exitCode: c.State.ExitCode,
        };
      }),

    list: (labels, signal) =>
      call(ms, signal, ctx('list containers'), async (s) => {
        const label = Object.entries(labels).map(([k, v]) => (v === undefined ? k : `${k}=${v}`));
        const found = await docker.listContainers({ all: true, filters: { label }, abortSignal: s });
        return found.map(info);
      }),

    async *logs(id, { follow, signal }) {
      const container = docker.getContainer(id);
      const action = ctx(`read the logs of ${id.slice(0, 12)}`);
      if (!follow) {
        const buffer = await call(ms, signal, action, (s) =>
          container.logs({ follow: false as const, stdout: true, stderr: true, abortSignal: s }),
        );
        yield* demuxBuffer(buffer);
        return;
      }
      const raw = (await call(ms, signal, action, (s) =>
        container.logs({ follow: true as const, stdout: true, stderr: true, abortSignal: s }),
      )) as NodeJS.ReadableStream & { destroy(): void };
      // Without a TTY, Docker multiplexes stdout and stderr into one stream with 8-byte frame headers.
      const out = new PassThrough();
      const err = new PassThrough();
      docker.modem.demuxStream(raw, out, err);
      const end = () => {
        out.end();
        err.end();
      };
      raw.on('end', end);
      raw.on('close', end);
      raw.on('error', end);
      const stop = () => {
        raw.destroy();
        end();
      };
      signal?.addEventListener('abort', stop, { once: true });
      // Aborted while the request was being answered: the listener above came too late.
      if (signal?.aborted) stop();
      try {
        yield* merge(lines(out, 'stdout'), lines(err, 'stderr'));
      } finally {
        signal?.removeEventListener('abort', stop);
        stop();
      }
    },

    kill: (id, sig, abort) =>
      call(ms, abort, ctx(`send ${sig} to ${id.slice(0, 12)}`), async (s) => {
        try {
          await docker.getContainer(id).kill({ signal: sig, abortSignal: s });
        } catch (e) {
          // 409: not running any more, which is what we wanted.
          if ((e as { statusCode?: number }).statusCode !== 409) throw e;
        }
      }),

    wait: (id, timeoutMs, signal) =>
      call(timeoutMs, signal, ctx(`wait for ${id.slice(0, 12)} to stop`), async (s) => {
        const r = (await docker.getContainer(id).wait({ abortSignal: s })) as { StatusCode: number };
        return r.StatusCode;
      }),

    remove: (id, signal) =>
      call(ms, signal, ctx(`remove container ${id.slice(0, 12)}`), async (s) => {
        try {
          await docker.getContainer(id).remove({ force: true, v: true, abortSignal: s });
        } catch (e) {
          const code = (e as { statusCode?: number }).statusCode;
          // 404: already gone; 409: removal already in progress.
          if (code !== 404 && code !== 409) throw e;
        }
      }),

    readDirectoryArchive: async (id, path, signal) => {
      // `<dir>/.` asks for the directory's contents (entries `./...`) and makes Docker follow a symbolic link
      // at `<dir>` itself, as an image may link all_models to where the backend really keeps it.
      const stream = await call(ms, signal, ctx(`read ${path} in ${id.slice(0, 12)}`), async (s) => {
        try {
          return (await docker.getContainer(id).getArchive({
            path: `${path.replace(/\/+$/, '')}/.`,
            abortSignal: s,
          } as {
            path: string;
          })) as NodeJS.ReadableStream & { destroy(): void };
        } catch (e) {
          const err = e as { statusCode?: number; message?: string };
          // 404: no such path; 400/500 "not a directory": a file where a directory was expected.
          if (err.statusCode === 404 || /not a directory/i.test(String(err.message))) return null;
          throw e;
        }
      });
      if (stream && signal) {
        const stop = () => stream.destroy();
        if (signal.aborted) stop();
        else signal.addEventListener('abort', stop, { once: true });
        stream.on('close', () => signal.removeEventListener('abort', stop));
      }
      return stream;
    },

    statPath: (id, path, signal) =>
      call(ms, signal, ctx(`look for ${path} in ${id.slice(0, 12)}`), async (s) => {
        let res: { headers?: Record<string, string | string[] | undefined>; resume?: () => void };
        try {
          res = (await docker.getContainer(id).infoArchive({ path, abortSignal: s } as { path: string })) as {
            headers?: Record<string, string>;
          };
        } catch (e) {
          if ((e as { statusCode?: number }).statusCode === 404) return null;
          throw e;
        }
        res.resume?.();
        // Docker's stat of the path: base64 JSON whose `mode` is a Go FileMode (bit 31: directory).
        const header = res.headers?.['x-docker-container-path-stat'];
        if (typeof header !== 'string') return 'file';
        const stat = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as { mode?: number };
        return ((stat.mode ?? 0) & 0x80000000) !== 0 ? 'directory' : 'file';
      }),
  };
}
