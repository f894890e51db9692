// Which ONNX files the ONNX Runtime backend loads for a model, read through the injected FileSystem.
import type { FileSystem } from '../check/fileSystem';
import { joinPath } from '../check/fileSystem';
import type { MessageValue } from '../model/configModel';
import { stringOf, valuesOf } from '../model/configModel';
import { autofill } from '../rules/autofill';
import type { ModelUnderCheck } from '../rules/types';
import { selectedVersions, versionDirectories } from '../rules/versions';
import type { OnnxRead } from './readOnnx';
import { EMPTY_FILE, readOnnxSignature } from './readOnnx';

/** The file the backend opens inside a model directory (`model.onnx/` holding external data). */
export const ONNX_IN_DIRECTORY = 'model.onnx';

/** One version's model file and what was read from it. */
export interface OnnxModelFile {
  version: number;
  /** The file read: `<model>/<version>/<file>`, or `<model>/<version>/<file>/model.onnx`. */
  path: string;
  /** The same, relative to the model directory (`1/model.onnx`): what messages name. */
  display: string;
  read: OnnxRead;
}

/**
 * The model files an `onnxruntime` model loads: the default model file (`default_model_filename`,
 * after Triton's autofill `model.onnx`) of each version the version policy selects. When that name
 * is a directory the backend opens `model.onnx` inside it, as the ONNX Runtime backend does, so that
 * external data files sit beside it. Undefined when the model is not an ONNX Runtime model or when
 * what is loaded cannot be known (a placeholder, a custom runtime, per-GPU `cc_model_filenames`).
 * Versions without the file are left to the layout rules (`triton/model-file-missing`); an empty file
 * is taken for a stand-in and left out too.
 */
export async function readOnnxModels(
  model: ModelUnderCheck & { config: MessageValue },
  fs: FileSystem,
): Promise<OnnxModelFile[] | undefined> {
  const filled = autofill(model);
  if (filled?.backend !== 'onnxruntime') return undefined;
  if (stringOf(model.config, 'runtime') !== '' || valuesOf(model.config, 'cc_model_filenames').length > 0)
    return undefined;
  const selection = selectedVersions(model);
  if (!selection) return undefined;
  const dirs = versionDirectories(model);
  const file = filled.defaultModelFilename;
  const out: OnnxModelFile[] = [];
  for (const version of selection.versions) {
    const dir = dirs.get(version)!;
    const entries = model.subdirEntries.get(dir);
    let display: string;
    if (entries?.files.includes(file)) display = `${dir}/${file}`;
    else if (entries?.dirs.includes(file)) display = `${dir}/${file}/${ONNX_IN_DIRECTORY}`;
    else continue;
    const path = joinPath(model.dirPath, display);
    if (!entries.files.includes(file) && (await fs.stat(path)) !== 'file') continue;
    const read = await readFile(path, fs);
    // A 0-byte file is a stand-in for a model not deployed yet (repositories kept in version control
    // without their weights, test layouts): nothing to compare with, nothing to report.
    if (!read.ok && read.message === EMPTY_FILE) continue;
    out.push({ version, path, display, read });
  }
  return out;
}

async function readFile(path: string, fs: FileSystem): Promise<OnnxRead> {
  try {
    return await readOnnxSignature((position, length) => fs.readBytes(path, position, length));
  } catch (e) {
    return {
      ok: false,
      message: `cannot read it: ${e instanceof Error ? e.message : String(e)}`,
      bytesRead: 0,
    };
  }
}
