// `triton-repo export <compose|kubernetes> <profile> --out <dir> [--kserve] [--force]`: a profile's
// deployment written as another tool's files, every target through exportDeployment() (the VS Code command's
// path too): the files are checked before anything is written, and a file edited since it was exported is
// kept unless --force.
import { resolve } from 'node:path';
import { formatProblem, profileIssueProblems } from '../build/problems';
import { exportDeployment } from '../deploy/exportDeployment';
import { formatLocatedProblem } from '../deploy/exportedFile';
import type { ExportCommand } from './args';
import { EXIT } from './exitCodes';

const err = (line: string) => process.stderr.write(line + '\n');

export async function runExportCommand(command: ExportCommand): Promise<number> {
  const run = await exportDeployment(command.profile, command.target, command.out, {
    force: command.force,
    ...(command.workspace !== undefined ? { workspace: command.workspace } : {}),
  });
  switch (run.status) {
    case 'profile':
      for (const p of profileIssueProblems(run.path, run.text, run.issues)) err(formatProblem(p));
      err('triton-repo: nothing was written');
      return EXIT.problems;
    case 'invalid':
      for (const f of run.fileProblems)
        for (const p of f.problems) err(formatLocatedProblem(resolve(run.outDir, f.path), p));
      err('triton-repo: the generated files fail their checks; nothing was written');
      return EXIT.problems;
    case 'refused':
      for (const r of run.refused) err(`triton-repo: not overwriting ${r.path}: ${r.reason}`);
      err('triton-repo: nothing was written; --force overwrites these files');
      return EXIT.couldNotRun;
    case 'written':
      for (const path of run.written) process.stdout.write(`wrote ${path}\n`);
      for (const path of run.unchanged) process.stdout.write(`unchanged ${path}\n`);
      for (const note of run.notes) err(`triton-repo: note: ${note}`);
      return EXIT.ok;
  }
}
