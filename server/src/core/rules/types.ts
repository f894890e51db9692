import type { Problem } from '../diagnostics/problem';
import type { EngineUnderCheck } from '../engine/findEngine';
import type { ModelYamlUnderCheck } from '../llmapi/findModelYaml';
import type { MessageValue } from '../model/configModel';
import type { OnnxModelFile } from '../onnx/findOnnxModel';
import type { ParseResult } from '../syntax/parser';

export interface RuleOptions {
  /**
   * Triton's default: backends fill in missing inputs, outputs, dims and data types from the model
   * file, so the IO rules can only be applied with auto-complete off (`--strict-model-config`).
   */
  autoComplete: boolean;
  /** GPUs on the machine that will serve the repository, when known. */
  gpuCount?: number;
  /**
   * Whether the directory layout is real (version directories, model files). False for loose
   * configs such as a corpus of config.pbtxt files: layout rules then stay silent.
   */
  checkLayout: boolean;
  /**
   * The Triton image that will serve the repository (`nvcr.io/nvidia/tritonserver:24.07-trtllm-python-py3`
   * or its tag), when known: engines are checked against its TensorRT-LLM version.
   */
  serverImage?: string;
  /** Where serverImage comes from, as messages say it ("the image of deployment profile x", "--image"). */
  serverImageSource?: string;
  /** MPI ranks the deployment launches (`launch_triton_server.py --world_size`), when known. */
  worldSize?: number;
}

/** What the checker knows about one model directory. */
export interface ModelUnderCheck {
  /** Directory name: the model's name as Triton sees it. */
  dir: string;
  dirPath: string;
  /** `<dirPath>/config.pbtxt`, whether or not it exists. */
  configPath: string;
  /** Present when config.pbtxt exists and was read. */
  text?: string;
  parsed?: ParseResult;
  config?: MessageValue;
  /** The config file's own problems (syntax, schema, template placeholders). */
  fileProblems: Problem[];
  /** True when the config has no syntax/ or schema/ error: only then do load-time rules apply. */
  clean: boolean;
  /** Names of the model directory's files and sub-directories. */
  files: string[];
  subdirs: string[];
  /** Entries of each sub-directory (version directories and the like). */
  subdirEntries: Map<string, { files: string[]; dirs: string[] }>;
  /** The TensorRT-LLM engine the model runs, when it runs one and the checker can find it. */
  engine?: EngineUnderCheck;
  /**
   * For TensorRT-LLM's llmapi model (recognised by trtllm/recognise.ts): the model.yaml of each
   * version directory, read or missing.
   */
  modelYamls?: ModelYamlUnderCheck[];
  /**
   * For an ONNX Runtime model: the model file of each selected version that has one, with its
   * signature (inputs, outputs, types, shapes) or why it could not be read.
   */
  onnx?: OnnxModelFile[];
}

export interface RepositoryUnderCheck {
  path: string;
  /** By directory name. */
  models: Map<string, ModelUnderCheck>;
  options: RuleOptions;
}

/** A problem in some file of the repository (`path`), with offsets into that file. */
export interface RuleProblem {
  path: string;
  problem: Problem;
}

/**
 * A checked model: config present, parsed and free of syntax/schema errors. Rules read `config` (the
 * typed, located view) and `text`, never the parse tree: the language server drops the trees of the
 * models it keeps (`parsed` may be absent), so that a big workspace costs summaries, not token arrays.
 */
export type CheckedModel = ModelUnderCheck & { text: string; config: MessageValue };

/** A rule about one model on its own (it may look at sibling models through `repo`). */
export type ModelRule = (model: CheckedModel, repo: RepositoryUnderCheck) => Problem[];

/** A rule about the repository as a whole (layout, cross-model references). */
export type RepositoryRule = (repo: RepositoryUnderCheck) => RuleProblem[];
