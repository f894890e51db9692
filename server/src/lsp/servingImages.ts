// Which Triton image serves each model repository of the workspace, for the checks that depend on its
// release (an llmapi model's model.yaml): the `image` of the deployment profile (*.triton-deploy.json)
// whose `modelRepository` is the repository, else the setting `tritonToolkit.serverImage`, else none (the
// checks then assume the newest release they know, and say so). Profiles are found by a walk of the
// workspace folders and read again when one changes on disk.
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import type { FileSystem } from '../core/index';
import { PROFILE_SUFFIX } from '../deploy/profile';

/** The serving image of a repository and where it comes from, as messages say it. */
export interface ServingImage {
  image: string;
  source: string;
}

/** Directories a profile search never enters (dependencies, VCS data, hidden folders). */
const SKIP = (name: string) => name === 'node_modules' || name.startsWith('.');

/** Profile files under `root`, at most `limit` directories deep. */
async function findProfiles(fs: FileSystem, root: string, depth = 8): Promise<string[]> {
  const entries = await fs.readDirectory(root).catch(() => []);
  const found: string[] = [];
  for (const e of entries) {
    const p = path.join(root, e.name);
    if (e.kind === 'file' && e.name.endsWith(PROFILE_SUFFIX)) found.push(p);
    // A model directory (it holds a config.pbtxt) holds no profile: thousands of them are not entered.
    else if (e.kind === 'directory' && !SKIP(e.name) && depth > 0) {
      if ((await fs.stat(path.join(p, 'config.pbtxt'))) === 'file') continue;
      found.push(...(await findProfiles(fs, p, depth - 1)));
    }
  }
  return found;
}

/** A profile's image and repository, read leniently: a profile being edited may not fit its schema yet. */
async function readProfile(
  fs: FileSystem,
  file: string,
): Promise<{ image: string; repository: string } | undefined> {
  const text = await fs.readFile(file).catch(() => undefined);
  if (text === undefined) return undefined;
  const json = parse(text) as { image?: unknown; modelRepository?: unknown } | undefined;
  if (!json || typeof json.image !== 'string' || !json.image) return undefined;
  const repository = typeof json.modelRepository === 'string' ? json.modelRepository : 'model_repository';
  return { image: json.image, repository: path.resolve(path.dirname(file), repository) };
}

export class ServingImages {
  /** Profile path -> what it says; sorted by path when asked, so the answer does not depend on walk order. */
  private readonly profiles = new Map<string, { image: string; repository: string }>();

  constructor(
    private readonly display: (p: string) => string,
    /** The host's files (read through it, as everything the server reads). */
    private readonly fs: FileSystem,
  ) {}

  static isProfile(p: string): boolean {
    return p.endsWith(PROFILE_SUFFIX);
  }

  /** Reads every profile of the workspace folders; whether any names an image. */
  async scan(roots: readonly string[]): Promise<boolean> {
    this.profiles.clear();
    for (const root of roots) for (const file of await findProfiles(this.fs, root)) await this.update(file);
    return this.profiles.size > 0;
  }

  /**
   * A profile was created, changed or deleted; whether what it says of a serving image changed (an edit of
   * its ports or GPUs changes no check, and must not re-check every repository).
   */
  async update(file: string): Promise<boolean> {
    const before = JSON.stringify(this.profiles.get(file) ?? null);
    const read = await readProfile(this.fs, file);
    if (read) this.profiles.set(file, read);
    else this.profiles.delete(file);
    return JSON.stringify(read ?? null) !== before;
  }

  /** The image serving `repository`: the first profile (by path) that serves it, else the setting. */
  imageFor(repository: string, setting: string): ServingImage | undefined {
    const serving = [...this.profiles.entries()]
      .filter(([, p]) => p.repository === repository)
      .sort(([a], [b]) => a.localeCompare(b));
    const first = serving[0];
    if (first) {
      const others = serving.length > 1 ? ` (the first of ${serving.length} profiles serving it)` : '';
      return {
        image: first[1].image,
        source: `the image of deployment profile ${this.display(first[0])}${others}`,
      };
    }
    return setting ? { image: setting, source: 'the setting tritonToolkit.serverImage' } : undefined;
  }
}
