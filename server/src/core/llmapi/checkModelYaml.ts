// One model.yaml on its own: YAML syntax as PyYAML would read it, then every key against the
// knowledge table (modelYamlKeys.ts) and every value against its type (valueTypes.ts). Also returns
// the values the repository rules compare with config.pbtxt and the deployment.
import type { Problem } from '../diagnostics/problem';
import type { DiagnosticCode } from '../diagnostics/registry';
import { assumedTrtllm, atLeast, newestKnownImage } from '../engine/images';
import { didYouMean } from '../util/didYouMean';
import type { YamlKeyInfo } from './modelYamlKeys';
import { MODEL_YAML_KEYS } from './modelYamlKeys';
import { checkRange, checkType } from './valueTypes';
import type { YEntry, YMap, YNode } from './yamlTree';
import { readYaml } from './yamlTree';

import { MODEL_YAML } from '../check/fileNames';

export { MODEL_YAML };

/** A located value of model.yaml that the repository rules use. */
export interface YamlFact<T> {
  value: T;
  start: number;
  end: number;
}

export interface ModelYamlFacts {
  tensorParallel?: YamlFact<number>;
  pipelineParallel?: YamlFact<number>;
  contextParallel?: YamlFact<number>;
  tritonMaxBatchSize?: YamlFact<number>;
  tritonDecoupled?: YamlFact<boolean>;
  /** The `triton_config` key, when given. */
  tritonConfig?: { start: number; end: number };
}

export interface ModelYamlCheck {
  /** The top-level mapping, when the file is valid YAML holding one. */
  root?: YMap;
  problems: Problem[];
  facts: ModelYamlFacts;
}

const problem = (code: DiagnosticCode, at: { start: number; end: number }, message: string): Problem => ({
  code,
  start: at.start,
  end: at.end,
  message,
});

/** `${hf_model}`, `<your model>`, `path/to/model`, `TODO`: a value someone still has to fill in. */
export function isPlaceholderModel(value: string): boolean {
  return (
    /\$\{[^}]*\}/.test(value) ||
    /<[^>]*>/.test(value) ||
    /^\/?path\/to\b/i.test(value) ||
    /^(?:todo|fixme|changeme|change_me|your[-_ ]?model.*|model[-_ ]?(?:name|id|path))$/i.test(value.trim())
  );
}

/** The release a model.yaml is checked for, and what follows from it. */
interface Release {
  trtllm: string;
  /** How messages name it. */
  text: string;
  /** The LLM API refuses unknown keys (pydantic extra="forbid"): seen in the ≈1.0 source. */
  forbidsExtra: boolean;
  /** The PyTorch backend serves: `backend: pytorch`, or no backend from 1.0 (its default). */
  pytorch: boolean;
  /** `backend` is written in the file. */
  backendGiven: boolean;
}

/**
 * The TensorRT-LLM a model.yaml is checked for, and where that comes from, as messages and hover say it
 * ("nvcr.io/nvidia/tritonserver:25.05-trtllm-python-py3, the image of deployment profile local.triton-deploy.json").
 */
export interface YamlRelease {
  trtllm: string;
  origin?: string;
}

/** The release to check model.yaml for when the serving image is known (and its TensorRT-LLM is). */
export function yamlReleaseFor(options: {
  serverImage?: string;
  serverImageSource?: string;
}): YamlRelease | undefined {
  const trtllm = assumedTrtllm(options.serverImage);
  if (trtllm === undefined) return undefined;
  const source = options.serverImageSource ? `, ${options.serverImageSource}` : '';
  return { trtllm, origin: `${options.serverImage}${source}` };
}

/** How messages name the release: given (and where from), or the newest known, with how to name another. */
export function releaseText(release: string | YamlRelease | undefined): string {
  if (release === undefined)
    return `TensorRT-LLM ${newestKnownImage().trtllm} (the newest release known, as no serving image is named: name it in a deployment profile of the repository, the setting tritonToolkit.serverImage or --image)`;
  if (typeof release === 'string') return `TensorRT-LLM ${release}`;
  return `TensorRT-LLM ${release.trtllm}${release.origin ? ` (${release.origin})` : ''}`;
}

/** `1.0` -> whether `trtllm` is at least that release. */
function from(trtllm: string, release: string): boolean {
  const [major, minor] = release.split('.').map(Number);
  return atLeast(trtllm, major!, minor!);
}

/**
 * Checks model.yaml's text for a TensorRT-LLM release (the serving image's, or a version; default: the
 * newest known release, which messages say). Never throws.
 */
export function checkModelYaml(text: string, given?: string | YamlRelease): ModelYamlCheck {
  const trtllm = typeof given === 'string' ? given : given?.trtllm;
  const read = readYaml(text);
  const facts: ModelYamlFacts = {};
  if (read.errors.length > 0)
    return {
      problems: read.errors.map((e) =>
        problem(
          'trtllm/llmapi-invalid-yaml',
          e,
          `model.yaml is not valid YAML: ${e.message}; yaml.safe_load fails`,
        ),
      ),
      facts,
    };
  const root = read.root;
  if (!root || root.kind !== 'map') {
    const at = root ?? { start: 0, end: 0 };
    const what = root ? (root.kind === 'seq' ? 'a list' : 'a single value') : 'nothing (None)';
    return {
      problems: [
        problem(
          'trtllm/llmapi-invalid-yaml',
          at,
          `model.yaml holds ${what}: model.py needs a mapping of LLM(...) arguments and fails to load`,
        ),
      ],
      facts,
    };
  }
  const problems: Problem[] = [];
  const version = trtllm ?? newestKnownImage().trtllm;
  const backendNode = lastEntry(root, 'backend')?.value;
  const backend =
    backendNode?.kind === 'scalar' && backendNode.type === 'str' ? String(backendNode.value) : undefined;
  const release: Release = {
    trtllm: version,
    text: releaseText(given),
    forbidsExtra: from(version, '1.0'),
    pytorch: backend === 'pytorch' || (backend === undefined && from(version, '1.0')),
    backendGiven: backend !== undefined,
  };
  checkMapping(root, MODEL_YAML_KEYS, [], problems, release, false, release.forbidsExtra);
  if (backend === 'tensorrt' && backendNode && from(version, '1.0'))
    problems.push(
      problem(
        'trtllm/llmapi-backend-unsupported',
        backendNode,
        `backend "tensorrt" is not supported by the Triton llmapi model from TensorRT-LLM 1.0 (${release.text}): use backend "pytorch" (or leave it out) to serve the Hugging Face checkpoint, or serve a TensorRT engine with the inflight_batcher_llm model`,
      ),
    );
  const model = lastEntry(root, 'model');
  if (!model) {
    problems.push(
      problem(
        'trtllm/llmapi-model-missing',
        { start: root.start, end: root.start },
        'model.yaml has no "model": LLM(...) needs the Hugging Face model id or path to serve, and the model fails to load',
      ),
    );
  } else if (isNullScalar(model.value)) {
    problems.push(
      problem(
        'trtllm/llmapi-model-missing',
        model.value,
        '"model" has no value (None): LLM(...) has nothing to load',
      ),
    );
  } else if (model.value.kind === 'scalar' && model.value.type === 'str') {
    const value = String(model.value.value);
    if (value.trim() === '')
      problems.push(
        problem('trtllm/llmapi-model-missing', model.value, '"model" is empty: LLM(...) has nothing to load'),
      );
    else if (isPlaceholderModel(value))
      problems.push(
        problem(
          'trtllm/llmapi-model-placeholder',
          model.value,
          `"model" is still a placeholder (${JSON.stringify(value)}): set it to a Hugging Face model id or a path before serving`,
        ),
      );
  }
  const tp = intFact(lastEntry(root, 'tensor_parallel_size'));
  const pp = intFact(lastEntry(root, 'pipeline_parallel_size'));
  const cp = intFact(lastEntry(root, 'context_parallel_size'));
  if (tp) facts.tensorParallel = tp;
  if (pp) facts.pipelineParallel = pp;
  if (cp) facts.contextParallel = cp;
  const tritonEntry = lastEntry(root, 'triton_config');
  if (tritonEntry) facts.tritonConfig = { start: tritonEntry.keyStart, end: tritonEntry.keyEnd };
  const triton = tritonEntry?.value;
  if (triton?.kind === 'map') {
    const mbs = intFact(lastEntry(triton, 'max_batch_size'));
    if (mbs) facts.tritonMaxBatchSize = mbs;
    const dec = lastEntry(triton, 'decoupled')?.value;
    if (dec?.kind === 'scalar' && dec.type === 'bool')
      facts.tritonDecoupled = { value: dec.value as boolean, start: dec.start, end: dec.end };
  }
  problems.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
  return { root, problems, facts };
}

/** PyYAML keeps the last of duplicated keys. */
export function lastEntry(map: YMap, key: string): YEntry | undefined {
  for (let i = map.entries.length - 1; i >= 0; i--) if (map.entries[i]!.key === key) return map.entries[i];
  return undefined;
}

function intFact(entry: YEntry | undefined): YamlFact<number> | undefined {
  const v = entry?.value;
  if (v?.kind !== 'scalar' || v.type !== 'int' || typeof v.value !== 'number') return undefined;
  return { value: v.value, start: v.start, end: v.end };
}

function checkMapping(
  map: YMap,
  known: readonly YamlKeyInfo[],
  path: string[],
  problems: Problem[],
  release: Release,
  open: boolean,
  strict: boolean,
): void {
  const seen = new Map<string, YEntry>();
  const where = path.length ? ` in "${path.join('.')}"` : '';
  for (const entry of map.entries) {
    const keyAt = { start: entry.keyStart, end: entry.keyEnd };
    const first = seen.get(entry.key);
    if (first) {
      const p = problem(
        'trtllm/llmapi-duplicate-key',
        keyAt,
        `"${entry.key}" is given twice${where}: PyYAML keeps this one and drops the first silently`,
      );
      p.related = [{ start: first.keyStart, end: first.keyEnd, message: 'the first, which is dropped' }];
      problems.push(p);
    }
    seen.set(entry.key, entry);
    const info = known.find((x) => x.key === entry.key);
    if (!info) {
      if (open) continue;
      const suggestion = didYouMean(
        entry.key,
        known.map((x) => x.key),
      );
      const what = path.length === 0 ? 'an LLM(...) argument' : `a key of "${path.join('.')}"`;
      const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
      const p = strict
        ? problem(
            'trtllm/llmapi-unknown-key-refused',
            keyAt,
            `"${entry.key}" is not ${what} of ${release.text}: its LLM API refuses unknown keys (pydantic extra="forbid"), so LLM(...) raises a validation error and the model fails to load.${hint}`,
          )
        : problem(
            'trtllm/llmapi-unknown-key',
            keyAt,
            `"${entry.key}" is not ${what} we know for ${release.text}: depending on the release it is ignored or refused.${hint}`,
          );
      if (suggestion) p.data = { suggestion };
      problems.push(p);
      continue;
    }
    if (releaseProblem(info, keyAt, release, problems)) continue;
    checkValue(info, entry.value, [...path, entry.key], problems, release);
  }
}

/** A key the release no longer takes, or that the PyTorch backend refuses (errors); one it may not take yet. */
function releaseProblem(
  info: YamlKeyInfo,
  at: { start: number; end: number },
  release: Release,
  problems: Problem[],
): boolean {
  if (info.removedIn && from(release.trtllm, info.removedIn)) {
    problems.push(
      problem(
        'trtllm/llmapi-removed-key',
        at,
        `"${info.key}" is not an LLM(...) argument from TensorRT-LLM ${info.removedIn} on, and the model fails to load (checked for ${release.text}): write ${info.replacement} instead`,
      ),
    );
    return true;
  }
  if (info.engineOnly && release.pytorch) {
    const backend = release.backendGiven ? 'backend "pytorch"' : 'the PyTorch backend (the default from 1.0)';
    problems.push(
      problem(
        'trtllm/llmapi-engine-only-key',
        at,
        `"${info.key}" is taken only by the TensorRT-engine path; ${backend} refuses it and the model fails to load. Instead: ${info.engineOnly}`,
      ),
    );
    return true;
  }
  if (info.since && !from(release.trtllm, info.since)) {
    problems.push(
      problem(
        'trtllm/llmapi-key-not-in-release',
        at,
        `"${info.key}" appears in the LLM API from TensorRT-LLM ${info.since} in the sources read: ${release.text} may not take it`,
      ),
    );
  }
  return false;
}

function checkValue(
  info: YamlKeyInfo,
  node: YNode,
  path: string[],
  problems: Problem[],
  release: Release,
): void {
  const verdict = checkType(info, node);
  // A missing or empty `model` has its own code (checked by the caller).
  if (verdict && !(path.length === 1 && info.key === 'model' && isNullScalar(node))) {
    problems.push(
      problem(
        verdict.severity === 'error' ? 'trtllm/llmapi-invalid-type' : 'trtllm/llmapi-questionable-value',
        node,
        verdict.message,
      ),
    );
    return;
  }
  if (verdict) return;
  const range = checkRange(info, node);
  if (range) problems.push(problem('trtllm/llmapi-questionable-value', node, range.message));
  if (node.kind === 'map' && (info.children || info.open))
    checkMapping(
      node,
      info.children ?? [],
      path,
      problems,
      release,
      info.open === true,
      release.forbidsExtra && info.strictKeys === true,
    );
}

function isNullScalar(node: YNode): boolean {
  return node.kind === 'scalar' && node.type === 'null';
}
