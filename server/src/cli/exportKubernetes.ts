// `triton-repo export kubernetes <profile> --out <dir> [--kserve] [--force]`: the Kustomize directory, or
// the KServe ServingRuntime and InferenceService, validated before anything is written.
import { exportDeployment } from '../deploy/exportDeployment';
import { formatProblem, profileIssueProblems } from '../build/problems';
import { EXIT } from './exitCodes';
import type { ExportKubernetesCommand } from './args';

const err = (line: string) => process.stderr.write(line + '\n');

export async function runExportKubernetes(command: ExportKubernetesCommand): Promise<number> {
  const run = await exportDeployment(command.profile, command.kserve ? 'kserve' : 'kustomize', command.out, {
    force: command.force,
  });
  switch (run.status) {
    case 'profile':
      for (const p of profileIssueProblems(run.path, run.text, run.issues)) err(formatProblem(p));
      return EXIT.problems;
    case 'invalid':
      // Generated files that fail the schemas: nothing was written (a bug to report, not the user's).
      for (const f of run.fileProblems)
        for (const p of f.problems)
          err(
            `${f.path}:${p.range.start.line + 1}:${p.range.start.character + 1}: error: ${p.path ? `${p.path}: ` : ''}${p.message}`,
          );
      err('triton-repo: the generated files fail validation; nothing was written');
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
