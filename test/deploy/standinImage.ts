// The STAND-IN image (a test double for tritonserver, see standin/), tagged by a hash of its files: other
// sessions sharing the engine may build their own version of it, and a content tag never picks up theirs.
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Its files; a bundled caller (the VS Code suite) passes the repository's copy. */
const DIR = join(__dirname, 'standin');

export function standinTag(dir = DIR, name = 'triton-toolkit-standin'): string {
  const hash = createHash('sha256');
  for (const f of readdirSync(dir).sort()) hash.update(f).update(readFileSync(join(dir, f)));
  return `${name}:${hash.digest('hex').slice(0, 12)}`;
}

/**
 * The stand-in's tag, built first (by `dir`/build-image.sh) if the engine does not have it. The build
 * stand-in (test/build/standin) comes through here too, under its own name.
 */
export function ensureStandinImage(dir = DIR, name?: string): string {
  const tag = standinTag(dir, name);
  const present = spawnSync('docker', ['image', 'inspect', tag], { stdio: 'ignore', timeout: 20_000 });
  if (present.status !== 0) execFileSync('bash', [join(dir, 'build-image.sh'), tag], { stdio: 'inherit' });
  return tag;
}
