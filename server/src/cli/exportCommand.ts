// `triton-repo export <target> <profile> --out <dir>`: a profile's deployment written as another tool's
// files. Each target lives in a module of its own; this one dispatches.
import type { ExportCommand, ExportKubernetesCommand } from './args';
import { runExportCompose } from './exportCompose';
import { runExportKubernetes } from './exportKubernetes';

export function runExportCommand(command: ExportCommand | ExportKubernetesCommand): Promise<number> {
  return command.command === 'export' ? runExportCompose(command) : runExportKubernetes(command);
}
