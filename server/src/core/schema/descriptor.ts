/**
 * The JSON form of the schema that the core reads at run time. It is generated from
 * `schemas/model_config.proto` by `npm run gen:schema` (protobufjs parses the .proto, with comments)
 * and committed as `schemas/model_config.json`; a test regenerates it and fails on any drift.
 */

export type ScalarType =
  | 'double'
  | 'float'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'uint64'
  | 'sint32'
  | 'sint64'
  | 'fixed32'
  | 'fixed64'
  | 'sfixed32'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes';

export interface FieldDescriptor {
  name: string;
  number: number;
  type: ScalarType | 'message' | 'enum';
  /** Full name (`inference.ModelInput`) for message and enum fields. */
  typeName?: string;
  repeated: boolean;
  /** A map field: a repeated message field whose entry type has `key` = 1 and `value` = 2. */
  map?: boolean;
  oneof?: string;
  doc: string;
}

export interface MessageDescriptor {
  doc: string;
  /** Synthesised entry type of a map field (`inference.ModelConfig.ParametersEntry`). */
  mapEntry?: boolean;
  fields: FieldDescriptor[];
  oneofs: Record<string, { doc: string }>;
}

export interface EnumValueDescriptor {
  name: string;
  number: number;
  doc: string;
}

export interface EnumDescriptor {
  doc: string;
  values: EnumValueDescriptor[];
}

export interface SchemaDescriptor {
  generatedFrom: string;
  package: string;
  messages: Record<string, MessageDescriptor>;
  enums: Record<string, EnumDescriptor>;
}
