/**
 * Field types of inference.ModelConfig, read from the project's own schemas/model_config.proto with
 * protobufjs. The type-aware mutation operators need them: an out-of-range value only means something
 * once we know the field is int32 and not uint64, an enum typo needs the field to be an enum, and so on.
 */
import { join } from 'node:path';
import * as protobuf from 'protobufjs';

import type { ScalarType } from '../../server/src/core/schema/descriptor';

export type { ScalarType };

export type FieldType =
  | { kind: 'scalar'; scalar: ScalarType }
  | { kind: 'enum'; values: ReadonlyMap<string, number> }
  | { kind: 'message'; message: string };

export interface FieldInfo {
  name: string;
  type: FieldType;
  /** Repeated fields and map fields (a map is a repeated entry message in text format). */
  repeated: boolean;
  /** Name of the oneof the field belongs to, with the other members' names. */
  oneof?: { name: string; members: readonly string[] };
}

export interface MessageInfo {
  /** Full name without the leading dot, e.g. `inference.ModelInput`; map entries get `<Parent>.<field>Entry`. */
  name: string;
  fields: ReadonlyMap<string, FieldInfo>;
}

export interface Schema {
  root: MessageInfo;
  message(name: string): MessageInfo;
}

const SCALARS: ReadonlySet<string> = new Set([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

export const SCHEMA_PATH = join(__dirname, '..', '..', 'schemas', 'model_config.proto');

/** Loads the schema and flattens it into plain lookup tables. */
export function loadSchema(protoPath: string = SCHEMA_PATH): Schema {
  const root = new protobuf.Root().loadSync(protoPath, { keepCase: true });
  root.resolveAll();
  const messages = new Map<string, MessageInfo>();
  const top = root.lookupType('inference.ModelConfig');
  collect(top, messages);
  return {
    root: mustGet(messages, 'inference.ModelConfig'),
    message: (name) => mustGet(messages, name),
  };
}

function mustGet(messages: ReadonlyMap<string, MessageInfo>, name: string): MessageInfo {
  const m = messages.get(name);
  if (m === undefined) throw new Error(`schema has no message ${name}`);
  return m;
}

function fullName(t: protobuf.ReflectionObject): string {
  return t.fullName.replace(/^\./, '');
}

/** Walks every message reachable from `type`, registering map entries as synthetic messages. */
function collect(type: protobuf.Type, out: Map<string, MessageInfo>): void {
  const name = fullName(type);
  if (out.has(name)) return;
  const fields = new Map<string, FieldInfo>();
  out.set(name, { name, fields });
  for (const f of type.fieldsArray) {
    const oneof = f.partOf ? { name: f.partOf.name, members: f.partOf.oneof } : undefined;
    if (f instanceof protobuf.MapField) {
      const entryName = `${name}.${f.name}Entry`;
      const entryFields = new Map<string, FieldInfo>();
      entryFields.set('key', {
        name: 'key',
        type: { kind: 'scalar', scalar: f.keyType as ScalarType },
        repeated: false,
      });
      entryFields.set('value', { name: 'value', type: valueType(f, out), repeated: false });
      out.set(entryName, { name: entryName, fields: entryFields });
      fields.set(f.name, {
        name: f.name,
        type: { kind: 'message', message: entryName },
        repeated: true,
        oneof,
      });
    } else {
      fields.set(f.name, { name: f.name, type: valueType(f, out), repeated: f.repeated, oneof });
    }
  }
}

function valueType(f: protobuf.Field, out: Map<string, MessageInfo>): FieldType {
  if (SCALARS.has(f.type)) return { kind: 'scalar', scalar: f.type as ScalarType };
  const resolved = f.resolvedType;
  if (resolved instanceof protobuf.Enum) {
    return { kind: 'enum', values: new Map(Object.entries(resolved.values)) };
  }
  if (resolved instanceof protobuf.Type) {
    collect(resolved, out);
    return { kind: 'message', message: fullName(resolved) };
  }
  throw new Error(`unresolved type ${f.type} of field ${f.name}`);
}

export function isIntegerScalar(t: FieldType): boolean {
  return t.kind === 'scalar' && /int|fixed/.test(t.scalar);
}

export function isFloatScalar(t: FieldType): boolean {
  return t.kind === 'scalar' && (t.scalar === 'float' || t.scalar === 'double');
}

export function isStringScalar(t: FieldType): boolean {
  return t.kind === 'scalar' && (t.scalar === 'string' || t.scalar === 'bytes');
}
