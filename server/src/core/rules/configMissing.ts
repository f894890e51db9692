import { buildConfigModel } from '../model/configModel';
import { MODEL_CONFIG_TYPE, modelConfigSchema } from '../schema/modelConfigSchema';
import { parse } from '../syntax/parser';
import { autofill } from './autofill';
import type { RepositoryRule, RuleProblem } from './types';

/** Backends that generate a configuration from the model file when auto-complete is on (BK-AUTOCOMPLETE). */
const AUTO_COMPLETING = new Set(['tensorrt', 'onnxruntime', 'tensorflow', 'openvino', 'python']);

/**
 * REPO-CONFIG-MISSING: every sub-directory of a repository is a model to Triton (hidden ones aside, which
 * loadRepository leaves out as Triton does). Without config.pbtxt, Triton reads nothing with auto-complete
 * off and fails; with it on, server-side autofill must find a backend in the first sub-directory or the
 * directory name, and only a backend that generates a configuration makes the model loadable. Reported on
 * the directory itself, with Triton's words for what it does.
 */
export const configMissing: RepositoryRule = (repo) => {
  if (!repo.options.checkLayout) return [];
  const out: RuleProblem[] = [];
  for (const model of repo.models.values()) {
    if (model.files.includes('config.pbtxt')) continue;
    const at = (problem: Omit<RuleProblem['problem'], 'start' | 'end'>) =>
      out.push({
        path: model.dirPath,
        problem: { start: 0, end: 0, ...problem, data: { model: model.dir } },
      });
    const leave = `every sub-directory of a model repository is a model to Triton (directories whose name starts with "." aside): add a config.pbtxt, or move the directory out`;
    if (!repo.options.autoComplete) {
      at({
        code: 'triton/config-missing',
        message: `Poll failed for model directory '${model.dir}': failed to open text file for read <repository>/${model.dir}/config.pbtxt: No such file or directory (auto-complete is off, so config.pbtxt is required); ${leave}`,
      });
      continue;
    }
    const filled = autofill({ ...model, config: emptyConfig() });
    if (!filled) continue;
    if (filled.customNameError) {
      at({
        code: 'triton/config-missing',
        message: `Invalid model name: Could not determine backend for model '${model.dir}' with no backend in model configuration. Expected model name of the form 'model.<backend_name>'. (There is no config.pbtxt and no model file Triton recognises in its first sub-directory; ${leave}.)`,
      });
    } else if (filled.backendFrom === 'model-file' && AUTO_COMPLETING.has(filled.backend)) {
      at({
        code: 'triton/config-auto-completed',
        message: `No config.pbtxt: Triton takes backend "${filled.backend}" from ${filled.modelFile ?? 'the model file'} and lets it generate the configuration (auto-complete), so nothing of it can be checked here; with --disable-auto-complete-config Triton fails: "failed to open text file for read <repository>/${model.dir}/config.pbtxt: No such file or directory".`,
      });
    } else if (filled.backendFrom === 'model-file') {
      at({
        code: 'triton/config-missing',
        message: `No config.pbtxt, and the ${filled.backend} backend (from ${filled.modelFile ?? 'the model file'}) does not generate a configuration: "model configuration is not provided for model '${model.dir}'"; add a config.pbtxt.`,
      });
    } else {
      at({
        code: 'triton/config-auto-completed',
        message: `No config.pbtxt: Triton takes backend "${filled.backend}" from the directory name (${model.dir}); the model loads only if that backend generates its configuration, else "model configuration is not provided for model '${model.dir}'".`,
      });
    }
  }
  return out;
};

let empty: ReturnType<typeof buildConfigModel> | undefined;

/** The configuration Triton starts from when there is no file: every field at its default. */
function emptyConfig(): ReturnType<typeof buildConfigModel> {
  return (empty ??= buildConfigModel(parse(''), modelConfigSchema(), MODEL_CONFIG_TYPE));
}
