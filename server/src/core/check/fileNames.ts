/** The file names Triton and the TensorRT-LLM backend look for in a model directory. */
export const CONFIG_FILE = 'config.pbtxt';
/** The LLM API options of a model (model.yaml in a version directory). */
export const MODEL_YAML = 'model.yaml';
