// `triton-repo init <dir> --llmapi --model <id>`: writes a new llmapi model directory into a model
// repository (the files come from the core's llmapiModelFiles). Never overwrites: if any target
// exists, nothing is written. The files are staged in a directory beside the model directory (never
// inside it) and switched in by one rename when the model directory is new: a reader sees no model or
// the whole model. Into an existing model directory (a model.py copied first), the complete staging
// directory is marked ready and its files are renamed in one by one; a run killed meanwhile is finished
// by the next one. Fault points (TRITON_REPO_TEST_KILL_AT): init:writing, init:staged, init:moving.
import { promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, relative } from 'node:path';
import { llmapiLayoutProblem, llmapiModelFiles } from '../core/llmapi/layout';
import { checkPaths } from '../core/check/checkPaths';
import type { InitCommand } from './args';
import { EXIT } from './exitCodes';
import { processAlive } from '../host/versionedOut';
import { faultPoint } from '../host/faultPoint';
import { nodeFileSystem } from '../host/nodeFileSystem';
import { formatText, summarize } from './output';

async function exists(path: string): Promise<boolean> {
  try {
    await fsp.lstat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** Returns the exit code: 0 written, 2 bad options or a file in the way (nothing is overwritten) or I/O. */
export async function runInit(command: InitCommand): Promise<number> {
  const options = {
    model: command.model,
    name: command.name,
    tensorParallelSize: command.tensorParallelSize,
    pipelineParallelSize: command.pipelineParallelSize,
    decoupled: command.decoupled,
  };
  const invalid = llmapiLayoutProblem(options);
  if (invalid) {
    process.stderr.write(`triton-repo: init: ${invalid}\n`);
    return EXIT.couldNotRun;
  }
  const files = llmapiModelFiles(options).map((f) => ({ ...f, target: join(command.dir, f.path) }));
  const name = command.name ?? 'tensorrt_llm';
  const modelDir = join(command.dir, name);
  const say = (line: string) => process.stderr.write(`triton-repo: init: ${line}\n`);
  let finished: boolean;
  try {
    finished = await recoverInit(command.dir, name, say);
  } catch (e) {
    say(e instanceof Error ? e.message : String(e));
    return EXIT.couldNotRun;
  }
  const taken = [];
  for (const f of files) if (await exists(f.target)) taken.push(f.target);
  // A killed run of this same init, finished just now, wrote exactly this: that is the result asked for.
  if (finished && taken.length === files.length) {
    const same = await Promise.all(files.map(async (f) => (await fsp.readFile(f.target, 'utf8')) === f.text));
    if (same.every(Boolean)) {
      for (const f of files) process.stdout.write(`unchanged ${f.target}\n`);
      return EXIT.ok;
    }
  }
  if (taken.length > 0) {
    process.stderr.write(
      `triton-repo: init: refusing to overwrite ${taken.join(', ')}; nothing was written (remove ${taken.length === 1 ? 'it' : 'them'} or choose another --name)\n`,
    );
    return EXIT.couldNotRun;
  }
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = join(command.dir, `${stagingPrefix(name)}${tag}`);
  try {
    await fsp.mkdir(staging, { recursive: true });
    for (const f of files) {
      const at = join(staging, relative(modelDir, f.target));
      await fsp.mkdir(dirname(at), { recursive: true });
      await fsp.writeFile(at, f.text, { flag: 'wx' });
      faultPoint('init:writing');
    }
    faultPoint('init:staged');
    if (!(await exists(modelDir))) {
      // One rename: the whole model appears at once (it fails rather than replace a directory made since).
      await fsp.rename(staging, modelDir);
    } else {
      const ready = join(command.dir, `${readyPrefix(name)}${tag}`);
      await fsp.rename(staging, ready);
      await moveInto(ready, modelDir);
    }
  } catch (e) {
    await fsp.rm(staging, { recursive: true, force: true });
    say(e instanceof Error ? e.message : String(e));
    return EXIT.couldNotRun;
  }
  for (const f of files) process.stdout.write(`new ${f.target}\n`);
  // What Triton will say about it: model.py is still to be copied in (a warning, not an error).
  const report = await checkPaths([modelDir], nodeFileSystem, {});
  const summary = summarize(report);
  if (summary.errors + summary.warnings > 0) process.stdout.write(formatText(report));
  process.stdout.write(
    `next: copy TensorRT-LLM's llmapi model.py to ${join(modelDir, '1', 'model.py')} (from triton_backend/all_models/llmapi/tensorrt_llm/1/ in the TensorRT-LLM repository or the image)\n`,
  );
  return EXIT.ok;
}

const stagingPrefix = (name: string) => `.${name}.triton-repo-init-`;
const readyPrefix = (name: string) => `.${name}.triton-repo-init-ready-`;

/** Renames every file of the complete staging directory `ready` into `modelDir` (never over a file), then removes it. */
async function moveInto(ready: string, modelDir: string): Promise<number> {
  let moved = 0;
  for (const path of await filesUnder(ready)) {
    const target = join(modelDir, path);
    if (await exists(target)) continue; // someone's: not ours to replace
    await fsp.mkdir(dirname(target), { recursive: true });
    await fsp.rename(join(ready, path), target);
    moved++;
    faultPoint('init:moving');
  }
  await fsp.rm(ready, { recursive: true, force: true });
  return moved;
}

async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...(await filesUnder(join(dir, e.name), join(prefix, e.name))));
    else out.push(join(prefix, e.name));
  }
  return out.sort();
}

/**
 * What a killed init of the same model left: an unfinished staging directory is removed; a complete one
 * whose files were being moved in is finished; the temporary files older versions staged inside the model
 * directory (`<file>.triton-repo-<pid>.tmp`) are removed. One line each. Refuses while a live run works.
 * Returns whether it finished a killed run.
 */
async function recoverInit(dir: string, name: string, say: (line: string) => void): Promise<boolean> {
  let entries: string[];
  let finished = false;
  try {
    entries = await fsp.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  for (const entry of entries) {
    const ready = entry.startsWith(readyPrefix(name));
    if (!ready && !entry.startsWith(stagingPrefix(name))) continue;
    const pid = Number(/(\d+)-[0-9a-f]+$/.exec(entry)?.[1]);
    if (processAlive(pid))
      throw new Error(`another triton-repo (pid ${pid}) is writing ${join(dir, name)}; let it finish`);
    const path = join(dir, entry);
    if (ready) {
      const moved = await moveInto(path, join(dir, name));
      finished = true;
      say(
        `finished the init a killed run had started: moved ${moved} more ${moved === 1 ? 'file' : 'files'} from ${path}`,
      );
    } else {
      await fsp.rm(path, { recursive: true, force: true });
      say(`removed ${path}: an unfinished init a killed run left`);
    }
  }
  const modelDir = join(dir, name);
  if (!(await exists(modelDir))) return finished;
  for (const path of await filesUnder(modelDir)) {
    if (!/\.triton-repo-\d+\.tmp$/.test(basename(path))) continue;
    await fsp.rm(join(modelDir, path), { force: true });
    say(`removed ${join(modelDir, path)}: a temporary file an interrupted init left`);
  }
  return finished;
}
