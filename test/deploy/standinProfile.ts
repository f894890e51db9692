// A deployment profile for the STAND-IN image (a test double for tritonserver, see standin/): the test
// fixture repository, no GPU, free host ports; `fields` adds or replaces the rest (containerName, env, ...).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../freePort';

export async function writeStandinProfile(
  path: string,
  /** The repository's root (a bundled caller passes the extension's folder). */
  repo: string,
  image: string,
  fields: Record<string, unknown>,
): Promise<void> {
  writeFileSync(
    path,
    JSON.stringify({
      image,
      modelRepository: join(repo, 'test', 'fixtures', 'deploy', 'model_repository'),
      gpus: 0,
      ulimits: {},
      ports: { http: await freePort(), grpc: await freePort(), metrics: await freePort() },
      ...fields,
    }),
  );
}
