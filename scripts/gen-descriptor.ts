// Generates schemas/model_config.json from schemas/model_config.proto with protobufjs, keeping the
// comments (they are the hover documentation). Run: npm run gen:schema. The test
// test/schema/descriptor-drift.test.ts calls buildDescriptor() and compares with the committed file.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import type {
  EnumDescriptor,
  FieldDescriptor,
  MessageDescriptor,
  ScalarType,
  SchemaDescriptor,
} from '../server/src/core/schema/descriptor';

export const PROTO_PATH = join(__dirname, '..', 'schemas', 'model_config.proto');
export const JSON_PATH = join(__dirname, '..', 'schemas', 'model_config.json');

/** protoc's name for a map field's entry type: `input_map` -> `InputMapEntry`. */
export function mapEntryName(fieldName: string): string {
  return (
    fieldName.replace(/(^|_)([a-z])/g, (_m, _u: string, c: string) => c.toUpperCase()).replace(/_/g, '') +
    'Entry'
  );
}

const fullName = (obj: protobuf.ReflectionObject) => obj.fullName.replace(/^\./, '');
const doc = (comment: string | null | undefined) => (comment ?? '').trim();

export function buildDescriptor(protoText: string): SchemaDescriptor {
  const { root, package: pkg } = protobuf.parse(protoText, { keepCase: true, alternateCommentMode: true });
  root.resolveAll();
  const out: SchemaDescriptor = {
    generatedFrom: 'schemas/model_config.proto',
    package: pkg ?? '',
    messages: {},
    enums: {},
  };

  const scalarOrRef = (
    type: string,
    resolved: protobuf.Type | protobuf.Enum | null,
  ): Pick<FieldDescriptor, 'type' | 'typeName'> => {
    if (resolved instanceof protobuf.Type) return { type: 'message', typeName: fullName(resolved) };
    if (resolved instanceof protobuf.Enum) return { type: 'enum', typeName: fullName(resolved) };
    return { type: type as ScalarType };
  };

  const visit = (ns: protobuf.NamespaceBase) => {
    for (const obj of ns.nestedArray) {
      if (obj instanceof protobuf.Type) {
        const name = fullName(obj);
        const message: MessageDescriptor = { doc: doc(obj.comment), fields: [], oneofs: {} };
        for (const oneof of obj.oneofsArray) message.oneofs[oneof.name] = { doc: doc(oneof.comment) };
        for (const field of obj.fieldsArray) {
          if (field instanceof protobuf.MapField) {
            const entryName = `${name}.${mapEntryName(field.name)}`;
            out.messages[entryName] = {
              doc: `An entry of the map field \`${field.name}\`.`,
              mapEntry: true,
              oneofs: {},
              fields: [
                {
                  name: 'key',
                  number: 1,
                  type: field.keyType as ScalarType,
                  repeated: false,
                  doc: "The entry's key.",
                },
                {
                  name: 'value',
                  number: 2,
                  ...scalarOrRef(field.type, field.resolvedType),
                  repeated: false,
                  doc: "The entry's value.",
                },
              ],
            };
            message.fields.push({
              name: field.name,
              number: field.id,
              type: 'message',
              typeName: entryName,
              repeated: true,
              map: true,
              doc: doc(field.comment),
            });
            continue;
          }
          const desc: FieldDescriptor = {
            name: field.name,
            number: field.id,
            ...scalarOrRef(field.type, field.resolvedType),
            repeated: field.repeated,
            doc: doc(field.comment),
          };
          if (field.partOf) desc.oneof = field.partOf.name;
          message.fields.push(desc);
        }
        out.messages[name] = message;
        visit(obj);
      } else if (obj instanceof protobuf.Enum) {
        const e: EnumDescriptor = {
          doc: doc(obj.comment),
          values: Object.entries(obj.values).map(([vname, number]) => ({
            name: vname,
            number,
            doc: doc(obj.comments[vname]),
          })),
        };
        out.enums[fullName(obj)] = e;
      } else if (obj instanceof protobuf.Namespace) {
        visit(obj);
      }
    }
  };
  visit(root);
  return out;
}

export function renderDescriptor(d: SchemaDescriptor): string {
  return JSON.stringify(d, null, 1) + '\n';
}

if (require.main === module) {
  const json = renderDescriptor(buildDescriptor(readFileSync(PROTO_PATH, 'utf8')));
  const tmp = JSON_PATH + '.tmp';
  writeFileSync(tmp, json);
  renameSync(tmp, JSON_PATH);
  console.log(`wrote ${JSON_PATH} (${json.length} bytes)`);
}
