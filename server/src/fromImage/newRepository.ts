// A new model repository from an image's templates: the chosen layout's copy gets a values file listing
// every ${variable} of its templates, then takes the target's place in one rename (a reader sees no
// repository or the whole one). A target that holds anything is refused: nothing a user wrote is ever
// overwritten. The copy is staged beside the target under a name that says whose it is
// (`.<target>.triton-repo-new-<pid>-*`), so the next run for the same target removes what a killed one
// left, and the copy's container is labelled with the target for the same reason. The CLI
// (`triton-repo new`) and the VS Code command both run this. Fault points (TRITON_REPO_TEST_KILL_AT):
// new:created (the container made), new:copied (the templates copied), new:installed (renamed into place).
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { processAlive } from '../host/versionedOut';
import { faultPoint } from '../host/faultPoint';
import { nodeFileSystem } from '../host/nodeFileSystem';
import type { FoundLayout, LayoutName } from '../core/templates/imageLayouts';
import { VALUES_FILE, chooseLayout, newValuesFile } from '../core/templates/imageLayouts';
import { templateVariables } from '../core/templates/render';
import type { ContainerRuntime } from '../deploy/runtime';
import type { CopiedTemplates, CopyOptions } from './copyTemplates';
import { LABEL_TEMPLATE_TARGET, copyTemplatesFromImage } from './copyTemplates';
import { listFiles } from './extractTar';

/** The target exists and is not an empty directory. */
export class TargetNotEmpty extends Error {
  constructor(readonly target: string) {
    super(
      `${target} is not empty: a new repository goes into a new or empty directory (nothing is overwritten)`,
    );
    this.name = 'TargetNotEmpty';
  }
}

/** The requested layout is not among the image's. */
export class LayoutNotFound extends Error {}

export interface NewRepository {
  target: string;
  image: string;
  /** The image directory the templates came from. */
  source: string;
  layout: LayoutName;
  /** Layouts the image has, the chosen one included. */
  available: LayoutName[];
  /** Model directories with a config.pbtxt. */
  models: string[];
  /** Every file written, relative to the target, '/'-separated. */
  files: string[];
  valuesFile: string;
  /** The file to open first (tensorrt_llm/config.pbtxt, or llmapi's model.yaml). */
  mainFile: string;
  /** Variables listed in the values file. */
  variables: string[];
  skipped: string[];
}

/** Throws TargetNotEmpty unless `target` is missing or an empty directory. */
export async function assertEmptyTarget(target: string): Promise<void> {
  try {
    if (!(await fsp.stat(target)).isDirectory() || (await fsp.readdir(target)).length > 0)
      throw new TargetNotEmpty(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Writes the values file into the copy of `found`, then moves the copy to `target`. */
export async function installLayout(
  copy: CopiedTemplates,
  found: FoundLayout,
  target: string,
): Promise<NewRepository> {
  const { layout } = found;
  const dir = join(copy.dir, layout.name);
  const scanned = await templateVariables(dir, nodeFileSystem, { fillTemplateDefaults: false });
  // A variable only in comments needs no value (nobody reads it).
  const variables = scanned.map((m) => ({
    model: m.model,
    variables: m.variables.filter((v) => v.uses.some((u) => u.kind !== 'comment')).map((v) => v.name),
  }));
  await fsp.writeFile(join(dir, VALUES_FILE), newValuesFile(variables));
  await assertEmptyTarget(target);
  await fsp.mkdir(dirname(target), { recursive: true });
  await moveDirectory(dir, target);
  faultPoint('new:installed');
  await copy.dispose();
  return {
    target,
    image: copy.image,
    source: copy.source,
    layout: layout.name,
    available: copy.layouts.map((l) => l.layout.name),
    models: found.models,
    files: await listFiles(target),
    valuesFile: join(target, VALUES_FILE),
    mainFile: join(target, ...layout.mainFile.split('/')),
    variables: [...new Set(variables.flatMap((m) => m.variables))].sort(),
    skipped: copy.skipped,
  };
}

/**
 * A rename: atomic, and it replaces an empty directory (POSIX). Across file systems, or where a rename may
 * not replace a directory, the copy is first made beside the target, so the last step is still a rename.
 */
async function moveDirectory(from: string, target: string): Promise<void> {
  try {
    await fsp.rename(from, target);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') {
      // Filled since we looked: refuse rather than merge. Windows says EPERM for an empty one.
      await assertEmptyTarget(target);
    } else if (code !== 'EXDEV' && code !== 'EPERM') {
      throw e;
    }
  }
  const beside = await fsp.mkdtemp(join(dirname(target), stagingPrefix(target)));
  try {
    await fsp.cp(from, beside, { recursive: true, errorOnExist: true, force: false });
    await fsp.rmdir(target).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e.code === 'ENOTEMPTY' ? new TargetNotEmpty(target) : e;
    });
    await fsp.rename(beside, target);
  } finally {
    await fsp.rm(beside, { recursive: true, force: true });
  }
}

export interface NewRepositoryOptions extends Omit<
  CopyOptions,
  'stagingParent' | 'stagingPrefix' | 'target'
> {
  /** Default: the first layout found (inflight_batcher_llm before llmapi). */
  layout?: string;
  /** One line per thing a killed run left that this one removed (default: onProgress). */
  onRecover?: (line: string) => void;
}

/** Staging directories for `target` are named so: beside it, on its file system. */
const stagingPrefix = (target: string) => `.${basename(target)}.triton-repo-new-${process.pid}-`;
const STAGING = /^\.(.+)\.triton-repo-new-(\d+)-/;

/** Another `new` of the same target is running (its staging directory is there). */
export class TargetBusy extends Error {}

/**
 * What a killed `new` of `target` left: its staging directories beside the target and its template-copy
 * containers (labelled with the target) are removed, one line each. Refuses while a live run copies.
 */
export async function recoverNew(
  runtime: ContainerRuntime,
  target: string,
  say: (line: string) => void,
): Promise<void> {
  let entries: string[] = [];
  try {
    entries = await fsp.readdir(dirname(target));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const ours = entries.filter((e) => STAGING.exec(e)?.[1] === basename(target));
  for (const entry of ours) {
    const pid = Number(STAGING.exec(entry)![2]);
    if (processAlive(pid))
      throw new TargetBusy(`another triton-repo (pid ${pid}) is creating ${target}; let it finish`);
  }
  for (const entry of ours) {
    await fsp.rm(join(dirname(target), entry), { recursive: true, force: true });
    say(`removed ${join(dirname(target), entry)}: a copy a killed run left`);
  }
  // Docker unreachable: nothing to remove that the copy's own request will not report.
  for (const c of await runtime.list({ [LABEL_TEMPLATE_TARGET]: target }).catch(() => [])) {
    await runtime.remove(c.id).catch(() => undefined);
    say(`removed the container ${c.name} a killed run left (it was copying templates for ${target})`);
  }
}

/** The whole of `triton-repo new`: check the target, copy the templates, choose the layout, install. */
export async function newRepositoryFromImage(
  runtime: ContainerRuntime,
  image: string,
  target: string,
  options: NewRepositoryOptions,
): Promise<NewRepository> {
  await recoverNew(runtime, target, options.onRecover ?? options.onProgress ?? (() => undefined));
  await assertEmptyTarget(target);
  // Staged beside the target, so the final move is a rename on one file system.
  const copy = await copyTemplatesFromImage(runtime, image, {
    ...options,
    stagingParent: dirname(target),
    stagingPrefix: stagingPrefix(target),
    target,
  });
  faultPoint('new:copied');
  try {
    const choice = chooseLayout(copy.layouts, options.layout);
    if (!choice.ok) throw new LayoutNotFound(`${image}: ${choice.message}`);
    return await installLayout(copy, choice.found, target);
  } finally {
    await copy.dispose();
  }
}
