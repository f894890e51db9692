// Reads the signature of an ONNX model file (onnx.ModelProto): its inputs, outputs, element types and
// shapes, and which inputs are initializers. The file is walked field by field through a small window
// of bytes: everything that is not needed (nodes, initializer payloads, raw data, external-data
// tables) is skipped by moving the read position, never read or copied, so a 2 GB model costs a few
// hundred kilobytes of reads and memory. Only the small ValueInfoProto messages (one per input and
// output) are decoded whole, with protobufjs and our own schema (schemas/onnx_signature.proto).
import { Root, util } from 'protobufjs/light';
import type { Type } from 'protobufjs/light';
import schemaJson from '../../../../schemas/onnx_signature.json';

/** Reads up to `length` bytes at `position`; `size` is the file's size. */
export type ReadBytes = (position: number, length: number) => Promise<{ bytes: Uint8Array; size: number }>;

/** What kind of value an input or output is (TypeProto's `value` oneof). */
export type OnnxValueKind = 'tensor' | 'sequence' | 'map' | 'optional' | 'sparse_tensor' | 'none';

export interface OnnxValueInfo {
  name: string;
  kind: OnnxValueKind;
  /** TensorProto.DataType of a tensor (0 when the model leaves it undefined). */
  elemType?: number;
  /**
   * The tensor's shape as ONNX Runtime reports it: `dim_value`, or -1 for a `dim_param` or an
   * unset dimension. Undefined when the model gives no shape at all (its rank is unknown).
   */
  shape?: number[];
  /** The symbolic names of the dimensions (`batch`), '' for fixed ones; same length as `shape`. */
  dimParams?: string[];
}

export interface OnnxSignature {
  irVersion: number;
  /** Graph inputs that are not initializers: what ONNX Runtime counts as the model's inputs. */
  inputs: OnnxValueInfo[];
  /** Graph inputs that are also initializers: "overridable initializers", optional inputs to ORT. */
  overridable: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  /** Number of initializers (dense and sparse). */
  initializers: number;
}

export type OnnxRead =
  | { ok: true; signature: OnnxSignature; bytesRead: number }
  | { ok: false; message: string; bytesRead: number };

/** The verdict on a 0-byte file (callers may take it for a stand-in, not a model). */
export const EMPTY_FILE = 'the file is empty';

/** The first line of a Git LFS pointer file: a clone made without `git lfs` has these instead of models. */
const LFS_POINTER = 'version https://git-lfs';

function startsWith(win: Window, text: string): boolean {
  if (win.size < text.length) return false;
  for (let i = 0; i < text.length; i++) if (win.byte(i) !== text.charCodeAt(i)) return false;
  return true;
}

/** Bytes fetched per read: enough for runs of small fields (node headers) in one call. */
const CHUNK = 64 * 1024;
/** A ValueInfoProto is a name and a shape; anything near this size is not a real one. */
const MAX_VALUE_INFO = 16 * 1024 * 1024;

class Corrupt extends Error {}

interface Schema {
  valueInfo: Type;
  ids: {
    graph: number;
    irVersion: number;
    input: number;
    output: number;
    initializer: number;
    sparseInitializer: number;
    tensorName: number;
    sparseValues: number;
  };
}

let schema: Schema | undefined;
function onnxSchema(): Schema {
  if (schema) return schema;
  const root = Root.fromJSON(schemaJson);
  const id = (type: string, field: string) => root.lookupType(`onnx.${type}`).fields[field]!.id;
  schema = {
    valueInfo: root.lookupType('onnx.ValueInfoProto'),
    ids: {
      graph: id('ModelProto', 'graph'),
      irVersion: id('ModelProto', 'ir_version'),
      input: id('GraphProto', 'input'),
      output: id('GraphProto', 'output'),
      initializer: id('GraphProto', 'initializer'),
      sparseInitializer: id('GraphProto', 'sparse_initializer'),
      tensorName: id('TensorProto', 'name'),
      sparseValues: id('SparseTensorProto', 'values'),
    },
  };
  return schema;
}

/** A sliding window over the file: one buffer of at most CHUNK bytes (or one requested message). */
class Window {
  private buf: Uint8Array = new Uint8Array(0);
  private bufStart = 0;
  size = -1;
  bytesRead = 0;

  constructor(private readonly read: ReadBytes) {}

  async init(): Promise<void> {
    await this.fill(0, CHUNK);
  }

  private async fill(position: number, length: number): Promise<void> {
    const { bytes, size } = await this.read(position, length);
    this.buf = bytes;
    this.bufStart = position;
    this.size = size;
    this.bytesRead += bytes.length;
  }

  /** Makes [pos, pos + n) readable (clipped to the file); returns how many bytes are available. */
  async ensure(pos: number, n: number): Promise<number> {
    const want = Math.max(0, Math.min(n, this.size - pos));
    if (pos >= this.bufStart && pos + want <= this.bufStart + this.buf.length) return want;
    if (want === 0) return 0;
    await this.fill(pos, Math.max(want, CHUNK));
    return Math.min(want, this.buf.length);
  }

  byte(pos: number): number {
    return this.buf[pos - this.bufStart]!;
  }

  /** A view of bytes already made readable by `ensure` (no copy). */
  view(pos: number, n: number): Uint8Array {
    return this.buf.subarray(pos - this.bufStart, pos - this.bufStart + n);
  }
}

interface Field {
  number: number;
  wire: number;
  /** Where the field's tag starts. */
  at: number;
  /** The value's bytes (the payload of a length-delimited field). */
  start: number;
  end: number;
  /** The value of a varint field (exact up to 2^53). */
  varint?: number;
}

async function varint(win: Window, pos: number): Promise<{ value: number; next: number }> {
  const avail = await win.ensure(pos, 10);
  let value = 0;
  let scale = 1;
  for (let i = 0; i < avail; i++) {
    const b = win.byte(pos + i);
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return { value, next: pos + i + 1 };
  }
  throw new Corrupt(
    avail === 10 ? `malformed varint at byte ${pos}` : `file ends inside a field at byte ${pos}`,
  );
}

/** The fields of the message in [start, end), in file order; skipping a value costs nothing. */
async function* fields(win: Window, start: number, end: number): AsyncGenerator<Field> {
  let pos = start;
  while (pos < end) {
    const tag = await varint(win, pos);
    const number = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    if (number === 0) throw new Corrupt(`invalid field number 0 at byte ${pos}`);
    const field: Field = { number, wire, at: pos, start: tag.next, end: tag.next };
    switch (wire) {
      case 0: {
        const v = await varint(win, tag.next);
        field.varint = v.value;
        field.end = v.next;
        break;
      }
      case 1:
        field.end = tag.next + 8;
        break;
      case 5:
        field.end = tag.next + 4;
        break;
      case 2: {
        const len = await varint(win, tag.next);
        field.start = len.next;
        field.end = len.next + len.value;
        break;
      }
      default:
        throw new Corrupt(`unsupported wire type ${wire} for field ${number} at byte ${pos}`);
    }
    if (field.end > end)
      throw new Corrupt(
        end === win.size
          ? `the file is truncated: field ${number} at byte ${pos} needs ${field.end - pos} bytes, ${end - pos} remain`
          : `field ${number} at byte ${pos} runs past the end of its enclosing message`,
      );
    yield field;
    pos = field.end;
  }
}

function expectBytes(f: Field, what: string): void {
  if (f.wire !== 2) throw new Corrupt(`${what} at byte ${f.at} has wire type ${f.wire}, not a message`);
}

/** The name of an initializer (TensorProto.name), reading nothing of its payload. */
async function tensorName(win: Window, start: number, end: number): Promise<string> {
  const { ids } = onnxSchema();
  let name = '';
  for await (const f of fields(win, start, end)) {
    if (f.number !== ids.tensorName) continue;
    expectBytes(f, 'a tensor name');
    const n = f.end - f.start;
    await win.ensure(f.start, n);
    name = util.utf8.read(win.view(f.start, n), 0, n);
  }
  return name;
}

async function sparseTensorName(win: Window, start: number, end: number): Promise<string> {
  let name = '';
  for await (const f of fields(win, start, end)) {
    if (f.number !== onnxSchema().ids.sparseValues) continue;
    expectBytes(f, 'sparse tensor values');
    name = await tensorName(win, f.start, f.end);
  }
  return name;
}

interface DecodedDim {
  dim_value?: number;
  dim_param?: string;
}
interface DecodedShape {
  dim?: DecodedDim[];
}
interface DecodedType {
  tensor_type?: { elem_type?: number; shape?: DecodedShape };
  sparse_tensor_type?: { elem_type?: number; shape?: DecodedShape };
  sequence_type?: unknown;
  map_type?: unknown;
  optional_type?: unknown;
}

async function valueInfo(win: Window, f: Field): Promise<OnnxValueInfo> {
  expectBytes(f, 'an input or output');
  const n = f.end - f.start;
  if (n > MAX_VALUE_INFO) throw new Corrupt(`an input or output description of ${n} bytes at byte ${f.at}`);
  await win.ensure(f.start, n);
  const { valueInfo: type } = onnxSchema();
  let decoded: { name?: string; type?: DecodedType };
  try {
    decoded = type.toObject(type.decode(win.view(f.start, n)), { longs: Number }) as typeof decoded;
  } catch (e) {
    throw new Corrupt(
      `unreadable input or output at byte ${f.at}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const info: OnnxValueInfo = { name: decoded.name ?? '', kind: 'none' };
  const t = decoded.type;
  const tensor = t?.tensor_type ?? t?.sparse_tensor_type;
  if (tensor) {
    info.kind = t?.tensor_type ? 'tensor' : 'sparse_tensor';
    info.elemType = tensor.elem_type ?? 0;
    if (tensor.shape) {
      const dims = tensor.shape.dim ?? [];
      info.shape = dims.map((d) =>
        d.dim_value !== undefined && d.dim_param === undefined ? d.dim_value : -1,
      );
      info.dimParams = dims.map((d) => (d.dim_value === undefined ? (d.dim_param ?? '') : ''));
    }
  } else if (t?.sequence_type) info.kind = 'sequence';
  else if (t?.map_type) info.kind = 'map';
  else if (t?.optional_type) info.kind = 'optional';
  return info;
}

/**
 * Reads a model's signature through `read`. Never throws for a bad file: a corrupt, truncated or
 * non-ONNX file gives `ok: false` with the reason (I/O errors from `read` do propagate).
 */
export async function readOnnxSignature(read: ReadBytes): Promise<OnnxRead> {
  const win = new Window(read);
  await win.init();
  const { ids } = onnxSchema();
  const graphInputs: OnnxValueInfo[] = [];
  const outputs: OnnxValueInfo[] = [];
  const initializerNames = new Set<string>();
  let initializers = 0;
  let irVersion = 0;
  let graphs = 0;
  try {
    if (win.size === 0) throw new Corrupt(EMPTY_FILE);
    if (startsWith(win, LFS_POINTER))
      throw new Corrupt('it is a Git LFS pointer, not the model (fetch the file with `git lfs pull`)');
    for await (const top of fields(win, 0, win.size)) {
      if (top.number === ids.irVersion && top.wire === 0) irVersion = top.varint!;
      if (top.number !== ids.graph) continue;
      expectBytes(top, 'the graph');
      graphs++;
      // A message field given twice is merged: repeated fields concatenate.
      for await (const f of fields(win, top.start, top.end)) {
        if (f.number === ids.input) graphInputs.push(await valueInfo(win, f));
        else if (f.number === ids.output) outputs.push(await valueInfo(win, f));
        else if (f.number === ids.initializer) {
          expectBytes(f, 'an initializer');
          initializers++;
          initializerNames.add(await tensorName(win, f.start, f.end));
        } else if (f.number === ids.sparseInitializer) {
          expectBytes(f, 'a sparse initializer');
          initializers++;
          initializerNames.add(await sparseTensorName(win, f.start, f.end));
        }
      }
    }
    if (graphs === 0) throw new Corrupt('no graph (not an ONNX model)');
  } catch (e) {
    if (e instanceof Corrupt) return { ok: false, message: e.message, bytesRead: win.bytesRead };
    throw e;
  }
  return {
    ok: true,
    signature: {
      irVersion,
      inputs: graphInputs.filter((i) => !initializerNames.has(i.name)),
      overridable: graphInputs.filter((i) => initializerNames.has(i.name)),
      outputs,
      initializers,
    },
    bytesRead: win.bytesRead,
  };
}

/** ONNX TensorProto.DataType -> Triton's TYPE_* (the ONNX Runtime backend's mapping). */
const TRITON_TYPES: Record<number, string> = {
  1: 'TYPE_FP32',
  2: 'TYPE_UINT8',
  3: 'TYPE_INT8',
  4: 'TYPE_UINT16',
  5: 'TYPE_INT16',
  6: 'TYPE_INT32',
  7: 'TYPE_INT64',
  8: 'TYPE_STRING',
  9: 'TYPE_BOOL',
  10: 'TYPE_FP16',
  11: 'TYPE_FP64',
  12: 'TYPE_UINT32',
  13: 'TYPE_UINT64',
  16: 'TYPE_BF16',
};

/** The Triton type of an ONNX element type; TYPE_INVALID for one Triton has no counterpart for. */
export function tritonType(elemType: number): string {
  return TRITON_TYPES[elemType] ?? 'TYPE_INVALID';
}

/** Whether a config `data_type` has an ONNX counterpart (else: "unsupported datatype"). */
export function hasOnnxType(tritonTypeName: string): boolean {
  return Object.values(TRITON_TYPES).includes(tritonTypeName);
}
