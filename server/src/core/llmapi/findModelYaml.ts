// The model.yaml files of an llmapi model, read through the injected FileSystem and checked on
// their own (the repository rules then compare them with config.pbtxt and the deployment).
import type { FileSystem } from '../check/fileSystem';
import { joinPath } from '../check/fileSystem';
import type { ModelYamlCheck, YamlRelease } from './checkModelYaml';
import { MODEL_YAML, checkModelYaml } from './checkModelYaml';

export interface ModelYamlUnderCheck {
  /** The version directory's name. */
  version: string;
  /** `<model>/<version>/model.yaml`, whether or not it exists. */
  path: string;
  /** Present when the file exists. */
  text?: string;
  check?: ModelYamlCheck;
}

/**
 * Reads `<version>/model.yaml` of each version directory that has one, checked for TensorRT-LLM `trtllm`;
 * lists the others too.
 */
export async function readModelYamls(
  modelDir: string,
  versionDirs: readonly string[],
  filesOf: (dir: string) => readonly string[] | undefined,
  fs: FileSystem,
  release?: YamlRelease,
): Promise<ModelYamlUnderCheck[]> {
  return Promise.all(
    versionDirs.map(async (version) => {
      const path = joinPath(joinPath(modelDir, version), MODEL_YAML);
      const y: ModelYamlUnderCheck = { version, path };
      if (filesOf(version)?.includes(MODEL_YAML)) {
        y.text = await fs.readFile(path);
        y.check = checkModelYaml(y.text, release);
      }
      return y;
    }),
  );
}
