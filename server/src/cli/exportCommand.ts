// `triton-repo export <target> <profile> --out <dir>`: a profile's deployment written as another tool's
// files. Each target lives in a module of its own; this one dispatches.
import type { ExportCommand } from './args';
import { runExportCompose } from './exportCompose';

export function runExportCommand(command: ExportCommand): Promise<number> {
  return runExportCompose(command);
}
