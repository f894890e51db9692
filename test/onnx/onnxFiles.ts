// Builds real ONNX model files for the tests and the benchmark: with Debian's protoc from text-format
// onnx.ModelProto (an encoder independent of ours), with protobufjs over our schema, and, for models
// with gigabytes of initializers, by writing the protobuf framing around a sparse hole so that the
// file is large on the reader's side but costs the disk nothing.
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import schemaJson from '../../schemas/onnx_signature.json';

const SCHEMAS = join(__dirname, '..', '..', 'schemas');
const PROTOC = process.env.PROTOC ?? 'protoc';

/** protoc --encode=onnx.ModelProto: a text-format model to its binary file. Throws on protoc errors. */
export function encodeWithProtoc(text: string): Buffer {
  const r = spawnSync(
    PROTOC,
    [`--proto_path=${SCHEMAS}`, '--encode=onnx.ModelProto', 'onnx_signature.proto'],
    {
      input: text,
      maxBuffer: 1 << 30,
    },
  );
  if (r.error || r.status !== 0) throw new Error(`protoc failed: ${r.error?.message ?? r.stderr.toString()}`);
  return r.stdout;
}

/** ONNX element types by name (TensorProto.DataType). */
export const ELEM = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  BFLOAT16: 16,
  COMPLEX64: 14,
} as const;

/** A dimension: a number is `dim_value`, a string `dim_param`, null a dimension with neither. */
export type Dim = number | string | null;

export interface TensorSpec {
  name: string;
  elem: number;
  /** Undefined: the value has no shape at all. */
  dims?: Dim[];
}

export interface ModelSpec {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /** Initializers: name, and payload size in bytes (raw_data of zeros). */
  initializers?: { name: string; bytes: number; dims?: number[] }[];
}

function dimText(d: Dim): string {
  if (d === null) return 'dim { }';
  return typeof d === 'number' ? `dim { dim_value: ${d} }` : `dim { dim_param: ${JSON.stringify(d)} }`;
}

function valueInfoText(field: string, t: TensorSpec): string {
  const shape = t.dims ? ` shape { ${t.dims.map(dimText).join(' ')} }` : '';
  return `  ${field} { name: ${JSON.stringify(t.name)} type { tensor_type { elem_type: ${t.elem}${shape} } } }`;
}

/** The text-format onnx.ModelProto of a spec: an Identity-style graph with the given signature. */
export function modelText(spec: ModelSpec): string {
  const lines = [
    'ir_version: 8',
    'producer_name: "triton-toolkit-tests"',
    'opset_import { domain: "" version: 17 }',
    'graph {',
    '  name: "g"',
  ];
  for (const o of spec.outputs)
    lines.push(
      `  node { input: ${JSON.stringify(spec.inputs[0]?.name ?? '')} output: ${JSON.stringify(o.name)} op_type: "Identity" }`,
    );
  for (const init of spec.initializers ?? [])
    lines.push(
      `  initializer { name: ${JSON.stringify(init.name)} data_type: 1 ${(init.dims ?? []).map((d) => `dims: ${d}`).join(' ')} raw_data: "${'\\000'.repeat(init.bytes)}" }`,
    );
  for (const i of spec.inputs) lines.push(valueInfoText('input', i));
  for (const o of spec.outputs) lines.push(valueInfoText('output', o));
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** A spec encoded by protoc from its text format. */
export function protocModel(spec: ModelSpec): Buffer {
  return encodeWithProtoc(modelText(spec));
}

let root: protobuf.Root | undefined;
function modelType(): protobuf.Type {
  root ??= protobuf.Root.fromJSON(schemaJson);
  return root.lookupType('onnx.ModelProto');
}

function valueInfoObject(t: TensorSpec) {
  const dims = t.dims?.map((d) =>
    d === null ? {} : typeof d === 'number' ? { dim_value: d } : { dim_param: d },
  );
  return {
    name: t.name,
    type: { tensor_type: { elem_type: t.elem, ...(dims ? { shape: { dim: dims } } : {}) } },
  };
}

/** The same spec encoded by protobufjs (our own writer) over our schema. */
export function writerModel(spec: ModelSpec): Uint8Array {
  const type = modelType();
  return type
    .encode(
      type.fromObject({
        ir_version: 8,
        opset_import: [{ domain: '', version: 17 }],
        graph: {
          name: 'g',
          node: spec.outputs.map((o) => ({
            input: [spec.inputs[0]?.name ?? ''],
            output: [o.name],
            op_type: 'Identity',
          })),
          initializer: (spec.initializers ?? []).map((i) => ({
            name: i.name,
            data_type: 1,
            dims: i.dims ?? [],
            raw_data: new Uint8Array(i.bytes),
          })),
          input: spec.inputs.map(valueInfoObject),
          output: spec.outputs.map(valueInfoObject),
        },
      }),
    )
    .finish();
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 128) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/**
 * A model whose initializers hold `initializerBytes` bytes each of raw_data, written as sparse holes:
 * ModelProto { ir_version, graph { node..., initializer { name, raw_data: <hole> }..., input, output } },
 * in the field order exporters use (initializers before the inputs and outputs the reader needs).
 * Returns the file's size.
 */
export function writeLargeModel(
  path: string,
  spec: ModelSpec,
  initializerBytes: number,
  count: number,
): number {
  const small = modelType()
    .encode(
      modelType().fromObject({
        graph: { input: spec.inputs.map(valueInfoObject), output: spec.outputs.map(valueInfoObject) },
      }),
    )
    .finish();
  // `small` is ModelProto{graph{...}}: keep the graph's own fields (after its tag and length).
  let p = 1;
  while (small[p]! & 0x80) p++;
  const graphTail = small.subarray(p + 1);
  const initializerHeaders: { head: number[]; size: number }[] = [];
  for (let i = 0; i < count; i++) {
    const name = Buffer.from(`weight_${i}`);
    const nameField = [0x42, ...varint(name.length), ...name]; // name = 8, wire 2
    const dataType = [0x10, 1]; // data_type = 2: FLOAT
    const rawHead = [0x4a, ...varint(initializerBytes)]; // raw_data = 9, wire 2
    const body = dataType.length + nameField.length + rawHead.length + initializerBytes;
    initializerHeaders.push({
      head: [0x2a, ...varint(body), ...dataType, ...nameField, ...rawHead],
      size: body,
    });
  }
  const graphLength =
    initializerHeaders.reduce((a, h) => a + h.head.length + initializerBytes, 0) + graphTail.length;
  const fd = openSync(path, 'w');
  try {
    let at = 0;
    const write = (bytes: ArrayLike<number>) => {
      const b = Buffer.from(bytes as number[]);
      writeSync(fd, b, 0, b.length, at);
      at += b.length;
    };
    write([0x08, 8]); // ir_version = 8
    write([0x3a, ...varint(graphLength)]); // graph = 7
    for (const h of initializerHeaders) {
      write(h.head);
      at += initializerBytes; // the payload: a hole of zeros
    }
    write(graphTail);
    ftruncateSync(fd, at);
    return at;
  } finally {
    closeSync(fd);
  }
}
