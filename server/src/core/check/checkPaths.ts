import type { Diagnostic } from '../diagnostics/types';
import { checkConfigText } from './checkConfig';
import type { FileSystem } from './fileSystem';
import { joinPath } from './fileSystem';

export const CONFIG_FILE = 'config.pbtxt';

export interface CheckOptions {
  /**
   * Mirror of tritonserver's `--disable-auto-complete-config` (`--strict-model-config`). Reserved:
   * the load-time rules that depend on it are not implemented yet, so it changes nothing today.
   */
  strictModelConfig?: boolean;
}

export interface FileReport {
  path: string;
  diagnostics: Diagnostic[];
}

/** A path that could not be checked at all (missing, unreadable, nothing to check in it). */
export interface PathFailure {
  path: string;
  message: string;
}

export interface CheckReport {
  files: FileReport[];
  failures: PathFailure[];
}

/**
 * Resolves each path (a config file, a model directory holding config.pbtxt, or a model repository
 * whose sub-directories are models) and checks every config found, in a stable order.
 */
export async function checkPaths(
  paths: readonly string[],
  fs: FileSystem,
  _options: CheckOptions = {},
): Promise<CheckReport> {
  const report: CheckReport = { files: [], failures: [] };
  const seen = new Set<string>();

  const checkFile = async (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    try {
      const text = await fs.readFile(path);
      report.files.push({ path, diagnostics: checkConfigText(text) });
    } catch (e) {
      report.failures.push({ path, message: `cannot read file: ${errorText(e)}` });
    }
  };

  for (const path of paths) {
    try {
      const kind = await fs.stat(path);
      if (kind === 'missing') {
        report.failures.push({ path, message: 'no such file or directory' });
      } else if (kind === 'file') {
        await checkFile(path);
      } else if ((await fs.stat(joinPath(path, CONFIG_FILE))) === 'file') {
        await checkFile(joinPath(path, CONFIG_FILE));
      } else {
        const entries = (await fs.readDirectory(path))
          .filter((e) => e.kind === 'directory')
          .map((e) => e.name)
          .sort();
        let models = 0;
        for (const name of entries) {
          const config = joinPath(joinPath(path, name), CONFIG_FILE);
          if ((await fs.stat(config)) === 'file') {
            models++;
            await checkFile(config);
          }
        }
        if (models === 0) {
          report.failures.push({
            path,
            message: `no ${CONFIG_FILE} here or in its sub-directories: expected a config file, a model directory or a model repository`,
          });
        }
      }
    } catch (e) {
      report.failures.push({ path, message: errorText(e) });
    }
  }
  return report;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
