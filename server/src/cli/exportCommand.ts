// `triton-repo export <target>`: deployment files generated from a profile. Each target runs from its own
// file (exportKubernetes.ts; Compose beside it).
import { runExportKubernetes } from './exportKubernetes';
import type { ExportKubernetesCommand } from './args';

export type ExportCommand = ExportKubernetesCommand;

export function runExportCommand(command: ExportCommand): Promise<number> {
  return runExportKubernetes(command);
}
