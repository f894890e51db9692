// What Compose (or Docker, or Triton) refuses and the Compose schema lets through: a device request with both
// `count` and `device_ids` or without `capabilities`, a GPU reserved by two services, a Triton service whose
// stop_grace_period does not outlast its exit timeout, a host port published twice, a dependency on a
// service that does not exist. Pure: a parsed compose file in, problems at paths out.
import { tritonExitTimeoutSeconds } from '../exitTimeout';

export type ComposeCode =
  | 'compose/yaml-syntax'
  | 'compose/schema'
  | 'compose/device-request'
  | 'compose/gpu-shared'
  | 'compose/grace-period'
  | 'compose/port-clash'
  | 'compose/undefined-service';

export interface ComposeProblem {
  code: ComposeCode;
  path: (string | number)[];
  message: string;
  /** The problem is about the key at `path`, not its value. */
  atKey?: boolean;
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Compose's default stop_grace_period. */
const COMPOSE_DEFAULT_GRACE_SECONDS = 10;

export function composeRuleProblems(doc: Json): ComposeProblem[] {
  if (!isObject(doc) || !isObject(doc.services)) return [];
  const services = doc.services;
  const problems: ComposeProblem[] = [];
  const gpuOwners = new Map<string, (string | number)[]>();
  const published: { ip: string; port: number; protocol: string; path: (string | number)[] }[] = [];
  for (const [name, service] of Object.entries(services)) {
    if (!isObject(service)) continue;
    const at = ['services', name];
    deviceProblems(service, at, gpuOwners, problems);
    graceProblems(service, at, problems);
    if (Array.isArray(service.ports)) {
      service.ports.forEach((entry, i) => {
        for (const p of publishedPorts(entry)) published.push({ ...p, path: [...at, 'ports', i] });
      });
    }
    const deps = Array.isArray(service.depends_on)
      ? service.depends_on.map((d, i) => [String(d), [...at, 'depends_on', i]] as const)
      : isObject(service.depends_on)
        ? Object.keys(service.depends_on).map((d) => [d, [...at, 'depends_on', d]] as const)
        : [];
    for (const [dep, path] of deps) {
      if (!(dep in services))
        problems.push({
          code: 'compose/undefined-service',
          path: [...path],
          atKey: !Array.isArray(service.depends_on),
          message: `Service '${name}' depends on service '${dep}' which is undefined.`,
        });
    }
  }
  published.forEach((p, i) => {
    const first = published
      .slice(0, i)
      .find((q) => q.port === p.port && q.protocol === p.protocol && overlap(q.ip, p.ip));
    if (first)
      problems.push({
        code: 'compose/port-clash',
        path: p.path,
        message: `host port ${p.port}/${p.protocol} is also published at ${first.path.join('.')}: Docker would refuse the second ("port is already allocated")`,
      });
  });
  return problems;
}

function deviceProblems(
  service: Record<string, Json>,
  at: (string | number)[],
  gpuOwners: Map<string, (string | number)[]>,
  problems: ComposeProblem[],
): void {
  const devices = pick(service, ['deploy', 'resources', 'reservations', 'devices']);
  if (!Array.isArray(devices)) return;
  devices.forEach((device, d) => {
    if (!isObject(device)) return;
    const path = [...at, 'deploy', 'resources', 'reservations', 'devices', d];
    if (device.count !== undefined && device.device_ids !== undefined)
      problems.push({
        code: 'compose/device-request',
        path: [...path, 'count'],
        atKey: true,
        message: '"count" and "device_ids" are exclusive: Compose refuses a device request with both',
      });
    if (device.capabilities === undefined)
      problems.push({
        code: 'compose/device-request',
        path,
        message: 'a device request needs "capabilities" (e.g. [gpu]): Docker refuses one without',
      });
    if (!Array.isArray(device.device_ids)) return;
    device.device_ids.forEach((id, k) => {
      const key = String(id);
      const first = gpuOwners.get(key);
      const here = [...path, 'device_ids', k];
      if (first)
        problems.push({
          code: 'compose/gpu-shared',
          path: here,
          message: `GPU "${key}" is also reserved at ${first.join('.')}: each Triton replica needs GPUs of its own`,
        });
      else gpuOwners.set(key, here);
    });
  });
}

/** A Triton service (its command runs tritonserver) must be given longer than its exit timeout to stop. */
function graceProblems(
  service: Record<string, Json>,
  at: (string | number)[],
  problems: ComposeProblem[],
): void {
  const command = Array.isArray(service.command)
    ? service.command.map(String)
    : typeof service.command === 'string'
      ? service.command.split(/\s+/)
      : [];
  if (!command.some((c) => /(^|\/)tritonserver$/.test(c))) return;
  const exit = tritonExitTimeoutSeconds(command);
  const written = service.stop_grace_period;
  const grace = written === undefined ? COMPOSE_DEFAULT_GRACE_SECONDS : durationSeconds(String(written));
  if (grace === undefined || grace > exit.seconds) return;
  problems.push({
    code: 'compose/grace-period',
    path: written === undefined ? at : [...at, 'stop_grace_period'],
    atKey: written === undefined,
    message: `${written === undefined ? "Compose's default stop_grace_period (10s)" : `stop_grace_period ${String(written)}`} is not longer than Triton's exit timeout (${exit.seconds} s, ${exit.source.replace(' in tritonArgs', ' in the command')}): the replica would be killed while it drains`,
  });
}

function pick(v: Json, keys: string[]): Json {
  for (const k of keys) {
    if (!isObject(v)) return undefined;
    v = v[k];
  }
  return v;
}

/** `1m30s` -> 90; undefined when it is not a duration (the schema reports that). */
export function durationSeconds(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) / 1e9; // a bare number is nanoseconds in Compose
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  let rest = text;
  while (rest.length) {
    const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * unit[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

/** The host side of a `ports` entry (short or long syntax); nothing for a port left to Docker to choose. */
function publishedPorts(entry: Json): { ip: string; port: number; protocol: string }[] {
  if (isObject(entry)) {
    const port = Number(entry.published);
    if (!Number.isInteger(port) || port <= 0) return [];
    return [{ ip: String(entry.host_ip ?? ''), port, protocol: String(entry.protocol ?? 'tcp') }];
  }
  if (typeof entry !== 'string') return [];
  const m = /^(?:(\[[^\]]+\]|[^:]+|.*::.*):)?(\d+)(?:-(\d+))?:\d+(?:-\d+)?(?:\/(\w+))?$/.exec(entry);
  if (!m) return [];
  const ip = (m[1] ?? '').replace(/^\[|\]$/g, '');
  const from = Number(m[2]);
  const to = m[3] === undefined ? from : Number(m[3]);
  const out = [];
  for (let port = from; port <= to && port - from < 65536; port++)
    out.push({ ip, port, protocol: m[4] ?? 'tcp' });
  return out;
}

/** Two host addresses collide when equal, or when either is every address. */
function overlap(a: string, b: string): boolean {
  const any = (ip: string) => ip === '' || ip === '0.0.0.0' || ip === '::';
  return a === b || any(a) || any(b);
}
