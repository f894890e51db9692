// `triton-repo init <dir> --llmapi --model <id>`: writes a new llmapi model directory into a model
// repository (the files come from the core's llmapiModelFiles). Never overwrites: if any target
// exists, nothing is written. Files are staged beside their targets and renamed into place, so an
// interrupted run leaves no half-written file.
import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import { llmapiLayoutProblem, llmapiModelFiles } from '../core/llmapi/layout';
import { checkPaths } from '../core/check/checkPaths';
import type { InitCommand } from './args';
import { EXIT } from './exitCodes';
import { nodeFileSystem } from './nodeFileSystem';
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
  const taken = [];
  for (const f of files) if (await exists(f.target)) taken.push(f.target);
  if (taken.length > 0) {
    process.stderr.write(
      `triton-repo: init: refusing to overwrite ${taken.join(', ')}; nothing was written (remove ${taken.length === 1 ? 'it' : 'them'} or choose another --name)\n`,
    );
    return EXIT.couldNotRun;
  }
  const staged: { temp: string; target: string }[] = [];
  try {
    for (const f of files) {
      await fsp.mkdir(dirname(f.target), { recursive: true });
      const temp = `${f.target}.triton-repo-${process.pid}.tmp`;
      // 'wx': fail rather than clobber anything, even a stray file of that name.
      await fsp.writeFile(temp, f.text, { flag: 'wx' });
      staged.push({ temp, target: f.target });
    }
    for (const s of staged) {
      // A target that appeared since the check above is not ours to replace.
      if (await exists(s.target)) throw new Error(`${s.target} appeared while writing; nothing replaced`);
      await fsp.rename(s.temp, s.target);
    }
  } catch (e) {
    await Promise.all(staged.map((s) => fsp.rm(s.temp, { force: true })));
    process.stderr.write(`triton-repo: init: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.couldNotRun;
  }
  for (const f of files) process.stdout.write(`new ${f.target}\n`);
  const modelDir = join(command.dir, command.name ?? 'tensorrt_llm');
  // What Triton will say about it: model.py is still to be copied in (a warning, not an error).
  const report = await checkPaths([modelDir], nodeFileSystem, {});
  const summary = summarize(report);
  if (summary.errors + summary.warnings > 0) process.stdout.write(formatText(report));
  process.stdout.write(
    `next: copy TensorRT-LLM's llmapi model.py to ${join(modelDir, '1', 'model.py')} (from triton_backend/all_models/llmapi/tensorrt_llm/1/ in the TensorRT-LLM repository or the image)\n`,
  );
  return EXIT.ok;
}
