// The TEMPLATES STAND-IN images (test doubles, not Triton: busybox plus our own template files, see
// standin/build-image.sh), tagged by a hash of every file they are built from, so sessions sharing an engine
// never use each other's version.
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export type StandinKind = 'templates' | 'elsewhere' | 'empty';

/** Its files; a bundled caller (the VS Code suite) passes the repository's copy. */
const DIR = join(__dirname, 'standin');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

export function templatesStandinTag(kind: StandinKind, dir = DIR): string {
  const hash = createHash('sha256');
  const busybox = join(dir, '..', '..', 'deploy', 'standin', 'busybox-rootfs.sh');
  for (const f of [...files(dir), busybox]) hash.update(relative(dir, f)).update(readFileSync(f));
  return `triton-toolkit-templates-standin-${kind}:${hash.digest('hex').slice(0, 12)}`;
}

/** The stand-in's tag, built first if the engine does not have it. */
export function ensureTemplatesStandin(kind: StandinKind, dir = DIR): string {
  const tag = templatesStandinTag(kind, dir);
  const present = spawnSync('docker', ['image', 'inspect', tag], { stdio: 'ignore', timeout: 20_000 });
  if (present.status !== 0)
    execFileSync('bash', [join(dir, 'build-image.sh'), tag, kind], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  return tag;
}
