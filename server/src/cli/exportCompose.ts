// `triton-repo export compose <profile> --out <dir>`: compose.yaml and nginx.conf for a profile's replicas,
// checked before they are written (server/src/deploy/compose).
import { resolve } from 'node:path';
import { formatProblem, profileIssueProblems } from '../build/problems';
import { exportComposeProject } from '../deploy/compose/composeFiles';
import { loadProfileFile } from '../deploy/launch';
import type { ExportCommand } from './args';
import { EXIT } from './exitCodes';
import { gpuInventory } from '../host/gpus';

const err = (line: string) => process.stderr.write(line + '\n');

export async function runExportCompose(command: ExportCommand): Promise<number> {
  const load = await loadProfileFile(command.profile);
  if (!load.ok) {
    for (const p of profileIssueProblems(load.path, load.text, load.issues)) err(formatProblem(p));
    return EXIT.couldNotRun;
  }
  const result = await exportComposeProject(load.loaded, {
    outDir: resolve(command.out),
    workspace: resolve(command.workspace ?? process.cwd()),
    hostGpus: gpuInventory()?.map((g) => String(g.index)),
    force: command.force,
  });
  if (!result.ok && result.kind === 'problems') {
    for (const line of result.lines) err(line);
    err('triton-repo: nothing written');
    return EXIT.problems;
  }
  if (!result.ok) {
    for (const f of result.edited) err(`triton-repo: ${f} was edited since it was exported`);
    err('triton-repo: nothing written; run again with --force to replace the edited files');
    return EXIT.couldNotRun;
  }
  for (const note of result.notes) err(`triton-repo: ${note}`);
  for (const f of result.written) process.stdout.write(`wrote ${f}\n`);
  for (const f of result.unchanged) process.stdout.write(`unchanged ${f}\n`);
  return EXIT.ok;
}
