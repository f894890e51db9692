// Writes schemas/triton-build.schema.json from the build profile's zod schema (the one source), for VS Code's
// JSON validation of *.triton-build.json (package.json contributes.jsonValidation). A test fails on drift.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { buildProfileSchema } from '../server/src/build/profile';

export function buildJsonSchema(): string {
  const schema = z.toJSONSchema(buildProfileSchema, {
    io: 'input',
    target: 'draft-7',
    unrepresentable: 'any',
  });
  return (
    JSON.stringify({ ...schema, title: 'TensorRT-LLM engine build profile (*.triton-build.json)' }, null, 2) +
    '\n'
  );
}

if (process.argv[1]?.endsWith('gen-build-schema.ts')) {
  writeFileSync(join(__dirname, '..', 'schemas', 'triton-build.schema.json'), buildJsonSchema());
}
