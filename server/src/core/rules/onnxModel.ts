// An ONNX Runtime model's config against its model file (issue 17): what the backend's auto-complete
// adds, then what its ValidateInputs/ValidateOutputs refuse (onnx/validate.ts), on the config line,
// with a related location naming the model file and the tensor. Also the hint that other backends'
// model files are not read.
import type { Problem } from '../diagnostics/problem';
import type { MessageValue } from '../model/configModel';
import { numberOf, occurrencesOf, scalarOf } from '../model/configModel';
import type { AutoCompletePlan } from '../onnx/autoComplete';
import { autoCompleteFixData, autoCompletePlan, describePlan } from '../onnx/autoComplete';
import type { OnnxModelFile } from '../onnx/findOnnxModel';
import type { OnnxSignature } from '../onnx/readOnnx';
import type { Finding } from '../onnx/validate';
import { tensorSummary, validateAgainstModel } from '../onnx/validate';
import { autofill } from './autofill';
import type { Span } from './ruleKit';
import { modelName, problem } from './ruleKit';
import type { CheckedModel, ModelRule } from './types';
import { selectedVersions, versionDirectories } from './versions';

/** Where config.pbtxt decides the model file: default_model_filename, backend, platform, or the start. */
export function modelFileAnchor(config: MessageValue): Span {
  for (const field of ['default_model_filename', 'backend', 'platform']) {
    const occurrence = occurrencesOf(config, field)[0];
    if (occurrence) return { start: occurrence.nameStart, end: occurrence.nameEnd };
  }
  return { start: 0, end: 0 };
}

/** The model's `name` value (where a hover shows the auto-complete), else the model file's anchor. */
export function modelNameAnchor(config: MessageValue): Span {
  const name = scalarOf(config, 'name');
  return name ? { start: name.start, end: name.end } : modelFileAnchor(config);
}

type ReadFile = OnnxModelFile & { read: { ok: true; signature: OnnxSignature } };

function readFiles(model: Pick<CheckedModel, 'onnx'>): ReadFile[] {
  return (model.onnx ?? []).filter((f): f is ReadFile => f.read.ok);
}

/** The model file the auto-complete is shown for: the latest version's. */
export function latestOnnx(model: Pick<CheckedModel, 'onnx'>): ReadFile | undefined {
  const files = readFiles(model);
  return files[files.length - 1];
}

function fileRelated(file: OnnxModelFile, message: string) {
  return { start: 0, end: 0, path: file.path, message: `${file.display}: ${message}` };
}

/** A corrupt, truncated or unreadable model file: the backend cannot load it. */
export const onnxModelReadable: ModelRule = (model) =>
  (model.onnx ?? []).flatMap((file) =>
    file.read.ok
      ? []
      : [
          {
            code: 'onnx/unreadable-model' as const,
            ...modelFileAnchor(model.config),
            message: `model file ${file.display} of model '${modelName(model)}' is not a readable ONNX model: ${file.read.message}. The ONNX Runtime backend cannot load it, and its inputs and outputs are not checked`,
            related: [fileRelated(file, 'the model file')],
          },
        ],
  );

/**
 * Auto-complete on: its refusal of a non-zero max_batch_size for a model that cannot batch. Strict
 * mode: what auto-complete would have added (information, with a quick fix that writes it).
 */
export const onnxAutoComplete: ModelRule = (model, repo) => {
  const file = latestOnnx(model);
  const plan = file && autoCompletePlan(model.config, file.read.signature);
  if (!file || !plan) return [];
  const name = modelName(model);
  if (plan.batchingRefused) {
    if (!repo.options.autoComplete) return [];
    const at = scalarOf(model.config, 'max_batch_size') ?? modelNameAnchor(model.config);
    const sig = file.read.signature;
    const blockers = [...sig.inputs, ...sig.outputs].filter((t) => !t.shape?.length || t.shape[0] !== -1);
    return [
      problem(
        'onnx/batching-not-supported',
        at,
        `autofill failed for model '${name}': model does not support batching while non-zero max_batch_size is specified`,
      ),
    ].map((p) => ({
      ...p,
      related: blockers.map((t) =>
        fileRelated(file, `'${t.name}' is ${tensorSummary(t)}: its first dimension is not variable`),
      ),
    }));
  }
  // With auto-complete on, a config that leaves its inputs to it loads: the editor shows what is
  // added (code lens, hover) without a diagnostic. In strict mode nothing is added: say what is missing.
  const what = describePlan(plan);
  if (what === '' || repo.options.autoComplete) return [];
  const message = `with auto-complete off (--disable-auto-complete-config) Triton fills in nothing; from ${file.display} its auto-complete would add ${what}: write them into the config`;
  const p: Problem = {
    code: 'onnx/auto-complete',
    ...modelNameAnchor(model.config),
    message,
    related: [fileRelated(file, 'the model file')],
    data: autoCompleteFixData(model.config, plan),
  };
  return [p];
};

/** Every config input and output against each selected version's model file. */
export const onnxInputsOutputs: ModelRule = (model, repo) => {
  const out = new Map<string, Problem>();
  const name = modelName(model);
  for (const file of readFiles(model)) {
    const sig = file.read.signature;
    const plan = repo.options.autoComplete ? autoCompletePlan(model.config, sig) : undefined;
    // A refused autofill stops the load before any validation.
    if (plan?.batchingRefused) continue;
    const findings = validateAgainstModel({
      model: name,
      config: model.config,
      signature: sig,
      maxBatchSize: plan ? plan.effectiveMaxBatchSize : numberOf(model.config, 'max_batch_size'),
      inputsFilled: plan?.inputs !== undefined,
      outputsFilled: plan?.outputs !== undefined,
      anchor: modelNameAnchor(model.config),
    });
    for (const f of findings) merge(out, toProblem(f, file, plan, model.config));
  }
  return [...out.values()];
};

function toProblem(
  f: Finding,
  file: OnnxModelFile,
  plan: AutoCompletePlan | undefined,
  config: MessageValue,
): Problem {
  const related: NonNullable<Problem['related']> = (f.related ?? []).map((r) => ({
    start: r.at.start,
    end: r.at.end,
    message: r.message,
  }));
  const batchRelated = ['onnx/shape-mismatch', 'onnx/batch-dimension-not-variable'].includes(f.code);
  if (plan?.maxBatchSize !== undefined && batchRelated)
    related.push({
      ...modelNameAnchor(config),
      message: `auto-complete sets max_batch_size to ${plan.maxBatchSize} (the model can batch)`,
    });
  if (f.tensors.length === 0) related.push(fileRelated(file, 'the model file'));
  for (const t of f.tensors)
    related.push(fileRelated(file, `${t.kind} '${t.info.name}' is ${tensorSummary(t.info)}`));
  return { code: f.code, start: f.at.start, end: f.at.end, message: f.message, related };
}

/** One problem per place and text, whatever the number of versions; related locations add up. */
function merge(out: Map<string, Problem>, p: Problem): void {
  const key = `${p.code}|${p.start}|${p.end}|${p.message}`;
  const seen = out.get(key);
  if (!seen) {
    out.set(key, p);
    return;
  }
  for (const r of p.related ?? [])
    if (!seen.related?.some((s) => s.path === r.path && s.message === r.message))
      (seen.related ??= []).push(r);
}

/** Why a backend's model file is not read, by backend. */
const NOT_READ: Record<string, string> = {
  tensorrt:
    'a TensorRT plan is a serialized engine that only the TensorRT version that built it can deserialize, on a GPU',
  pytorch: "a TorchScript or AOTInductor archive's signature is code that only libtorch runs",
  tensorflow: 'reading TensorFlow SavedModel and GraphDef signatures is not implemented',
  openvino: 'reading OpenVINO IR signatures is not implemented',
};

/**
 * The hint for models whose file the checker does not open: which checks ran (the config's own) and
 * which did not (inputs, outputs, types and shapes against the model file).
 */
export const modelFileNotRead: ModelRule = (model, repo) => {
  if (!repo.options.checkLayout) return [];
  const filled = autofill(model);
  const why = filled && NOT_READ[filled.backend];
  const selection = why ? selectedVersions(model) : undefined;
  if (!filled || !why || !selection) return [];
  const dirs = versionDirectories(model);
  const file = filled.defaultModelFilename;
  const present = selection.versions.find((v) => {
    const entries = model.subdirEntries.get(dirs.get(v)!);
    return entries?.files.includes(file) || entries?.dirs.includes(file);
  });
  if (present === undefined) return [];
  return [
    {
      code: 'onnx/model-file-not-read',
      ...modelFileAnchor(model.config),
      message: `${dirs.get(present)}/${file} is not read (${why}): only the config is checked here; inputs, outputs, data types and shapes are compared with the model file for ONNX models only`,
    },
  ];
};
