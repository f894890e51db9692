// Generates schemas/onnx_signature.json (protobufjs's JSON form, which the core loads without a .proto
// parser) from schemas/onnx_signature.proto. Run: npm run gen:schema. The test
// test/onnx/schema.test.ts calls buildOnnxSchema() and compares with the committed file.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';

export const ONNX_PROTO_PATH = join(__dirname, '..', 'schemas', 'onnx_signature.proto');
export const ONNX_JSON_PATH = join(__dirname, '..', 'schemas', 'onnx_signature.json');

export function buildOnnxSchema(protoText: string): string {
  const { root } = protobuf.parse(protoText, { keepCase: true });
  root.resolveAll();
  return JSON.stringify(root.toJSON(), null, 2) + '\n';
}

if (require.main === module) {
  const tmp = `${ONNX_JSON_PATH}.tmp`;
  writeFileSync(tmp, buildOnnxSchema(readFileSync(ONNX_PROTO_PATH, 'utf8')));
  renameSync(tmp, ONNX_JSON_PATH);
  console.log(`wrote ${ONNX_JSON_PATH}`);
}
