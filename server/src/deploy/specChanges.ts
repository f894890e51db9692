// Whether a running container is the launch a profile asks for now: `up` stores a fingerprint of the spec it
// created the container with (a label), and compares it with the spec of the profile as it is. Environment
// values are hashed in the label (they may be secrets); the differences are said in the profile's terms.
import { createHash } from 'node:crypto';
import { LABEL_SPEC, LABEL_WORKSPACE } from './spec';
import type { ContainerSpec } from './spec';

interface Fingerprint {
  image: string;
  command: string[];
  env: Record<string, string>;
  mounts: string[];
  ports: Record<string, string>;
  shmSize: number;
  ulimits: string[];
  gpus: string;
  labels: Record<string, string>;
}

const hash = (v: string) => createHash('sha256').update(v).digest('hex').slice(0, 16);

function fingerprint(spec: ContainerSpec): Fingerprint {
  const env: Record<string, string> = {};
  for (const e of spec.Env) {
    const at = e.indexOf('=');
    env[e.slice(0, at)] = hash(e.slice(at + 1));
  }
  const ports: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.HostConfig.PortBindings)) {
    ports[k] = v.map((b) => `${b.HostIp}:${b.HostPort}`).join(',');
  }
  // The workspace is where `up` ran from, not what the container runs; the fingerprint is not itself part.
  const labels = Object.fromEntries(
    Object.entries(spec.Labels).filter(([k]) => k !== LABEL_WORKSPACE && k !== LABEL_SPEC),
  );
  return {
    image: spec.Image,
    command: spec.Cmd,
    env,
    mounts: spec.HostConfig.Binds,
    ports,
    shmSize: spec.HostConfig.ShmSize,
    ulimits: spec.HostConfig.Ulimits.map((u) => `${u.Name}=${u.Soft}:${u.Hard}`),
    gpus: JSON.stringify(spec.HostConfig.DeviceRequests),
    labels,
  };
}

/** The spec with its fingerprint label, as `up` creates it. */
export function withFingerprint(spec: ContainerSpec): ContainerSpec {
  return { ...spec, Labels: { ...spec.Labels, [LABEL_SPEC]: JSON.stringify(fingerprint(spec)) } };
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function diffRecord(what: string, a: Record<string, string>, b: Record<string, string>): string[] {
  const out: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!(k in a)) out.push(`${what} ${k} added`);
    else if (!(k in b)) out.push(`${what} ${k} removed`);
    else if (a[k] !== b[k]) out.push(`${what} ${k} changed`);
  }
  return out;
}

/**
 * What differs between the container's label and the spec, one phrase each ("image: a -> b"); empty when
 * the same. A container without a readable label (started by an older version) counts as changed.
 */
export function specChanges(label: string | undefined, spec: ContainerSpec): string[] {
  let old: Fingerprint;
  try {
    old = JSON.parse(label ?? '') as Fingerprint;
  } catch {
    return ['the container carries no spec of ours to compare with'];
  }
  const now = fingerprint(spec);
  const out: string[] = [];
  for (const key of ['image', 'command', 'mounts', 'shmSize', 'ulimits', 'gpus'] as const) {
    if (show(old[key]) !== show(now[key])) out.push(`${key}: ${show(old[key])} -> ${show(now[key])}`);
  }
  out.push(...diffRecord('environment variable', old.env ?? {}, now.env));
  for (const [k, v] of Object.entries(now.ports)) {
    if ((old.ports ?? {})[k] !== v) out.push(`port ${k}: ${(old.ports ?? {})[k] ?? 'none'} -> ${v}`);
  }
  for (const k of Object.keys(old.ports ?? {})) if (!(k in now.ports)) out.push(`port ${k} removed`);
  for (const [k, v] of Object.entries(now.labels)) {
    if ((old.labels ?? {})[k] !== v) out.push(`${k}: ${(old.labels ?? {})[k] ?? 'none'} -> ${v}`);
  }
  return out;
}
