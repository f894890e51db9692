import type { EnumValueDescriptor, FieldDescriptor, SchemaDescriptor } from './descriptor';

export interface MessageType {
  fullName: string;
  doc: string;
  mapEntry: boolean;
  fields: readonly FieldDescriptor[];
  fieldsByName: ReadonlyMap<string, FieldDescriptor>;
  /** Position of each field in `fields`, for per-field tables. */
  fieldIndex: ReadonlyMap<FieldDescriptor, number>;
  oneofDocs: Readonly<Record<string, { doc: string }>>;
}

export interface EnumType {
  fullName: string;
  doc: string;
  values: readonly EnumValueDescriptor[];
  byName: ReadonlyMap<string, EnumValueDescriptor>;
}

/** The schema in the shape the validator and the editor features look things up in. */
export class Schema {
  private readonly messages = new Map<string, MessageType>();
  private readonly enums = new Map<string, EnumType>();

  constructor(readonly descriptor: SchemaDescriptor) {
    for (const [fullName, m] of Object.entries(descriptor.messages)) {
      this.messages.set(fullName, {
        fullName,
        doc: m.doc,
        mapEntry: m.mapEntry === true,
        fields: m.fields,
        fieldsByName: new Map(m.fields.map((f) => [f.name, f])),
        fieldIndex: new Map(m.fields.map((f, i) => [f, i])),
        oneofDocs: m.oneofs,
      });
    }
    for (const [fullName, e] of Object.entries(descriptor.enums)) {
      this.enums.set(fullName, {
        fullName,
        doc: e.doc,
        values: e.values,
        byName: new Map(e.values.map((v) => [v.name, v])),
      });
    }
  }

  message(fullName: string): MessageType | undefined {
    return this.messages.get(fullName);
  }

  enumType(fullName: string): EnumType | undefined {
    return this.enums.get(fullName);
  }
}
