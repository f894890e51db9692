// Writes schemas/triton-deploy.schema.json from the profile's zod schema (the one source), for VS Code's
// JSON validation of *.triton-deploy.json (package.json contributes.jsonValidation). A test fails on drift.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { profileSchema } from '../server/src/deploy/profile';

export function deployJsonSchema(): string {
  const schema = z.toJSONSchema(profileSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' });
  return (
    JSON.stringify({ ...schema, title: 'Triton deployment profile (*.triton-deploy.json)' }, null, 2) + '\n'
  );
}

if (process.argv[1]?.endsWith('gen-deploy-schema.ts')) {
  writeFileSync(join(__dirname, '..', 'schemas', 'triton-deploy.schema.json'), deployJsonSchema());
}
