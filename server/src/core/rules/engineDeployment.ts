// The engine against the deployment: GPUs, launched ranks, the server image's TensorRT-LLM
// (TRTLLM_FACTS.md 4.1 C3-C5 and C20, section 5).
import type { Problem } from '../diagnostics/problem';
import { worldSize } from '../engine/engineConfig';
import { releasesWith, sameRelease, serverImage } from '../engine/images';
import { setParameter } from '../engine/parameters';
import { engineAnchor, engineProblem, withEngine } from './engineKit';
import type { ModelRule } from './types';

/** `tp x pp x cp` as the messages show it. */
function worldText(world: number, tp: number, pp: number, cp: number): string {
  return `world size ${world} (tp ${tp} x pp ${pp}${cp !== 1 ? ` x cp ${cp}` : ''})`;
}

function world(found: NonNullable<ReturnType<typeof withEngine>>) {
  const w = worldSize(found.config);
  const tp = found.config.tpSize;
  if (w === undefined || !tp) return undefined;
  const pp = found.config.ppSize?.value ?? 1;
  const cp = found.config.cpSize?.value ?? 1;
  return { size: w, tp, pp, cp, text: worldText(w, tp.value, pp, cp) };
}

/** C4: one GPU per rank; more ranks than GPUs share devices (recent releases) or fail (older ones). */
export const worldSizeFitsGpus: ModelRule = (model, repo) => {
  const gpus = repo.options.gpuCount;
  const found = withEngine(model);
  const w = found && world(found);
  if (gpus === undefined || !found || !w || w.size <= gpus) return [];
  return [
    engineProblem(
      'engine/world-size-exceeds-gpus',
      engineAnchor(model),
      `the engine was built for ${w.text}, one GPU per rank, but the serving machine has ${gpus} GPU${gpus === 1 ? '' : 's'}`,
      found.engine,
      [w.tp],
    ),
  ];
};

/** Sets of a `participant_ids` value (`1,2;3,4`), undefined when it is not a list of integers. */
function idSets(value: string): number[][] | undefined {
  const sets = value.split(';').map((s) => s.split(',').map((x) => x.trim()));
  if (sets.some((s) => s.some((x) => !/^\d+$/.test(x)))) return undefined;
  return sets.map((s) => s.map(Number));
}

/**
 * C3/C5: the MPI world the model runs in must be the engine's. In orchestrator mode without
 * spawning, each `participant_ids` set lists the ranks of one instance. In leader mode every rank is
 * a tritonserver process (`--world-size`); a world of 1 is also what orchestrator mode with spawning
 * needs, so only larger launches are compared.
 */
export const worldSizeMatchesRanks: ModelRule = (model, repo) => {
  const found = withEngine(model);
  const w = found && world(found);
  if (!found || !w) return [];
  // A `${participant_ids}` left unrendered is unset: the world then comes from --world-size alone.
  const participants = setParameter(model.config, 'participant_ids');
  const out: Problem[] = [];
  if (participants) {
    const sets = participants.value === undefined ? undefined : idSets(participants.value);
    const wrong = sets?.find((s) => s.length !== w.size);
    if (wrong)
      out.push(
        engineProblem(
          'engine/world-size-mismatch',
          participants,
          `participant_ids gives an instance ${wrong.length} rank${wrong.length === 1 ? '' : 's'} (${wrong.join(',')}), but the engine was built for ${w.text}, and each instance runs on as many ranks`,
          found.engine,
          [w.tp],
        ),
      );
    return out;
  }
  const launched = repo.options.worldSize;
  if (launched !== undefined && launched > 1 && launched !== w.size)
    out.push(
      engineProblem(
        'engine/world-size-mismatch',
        engineAnchor(model),
        `the deployment launches ${launched} ranks (--world-size), but the engine was built for ${w.text}: "MPI size ${launched} != TP size ${w.tp.value} * PP size ${w.pp} * CP Size ${w.cp}"`,
        found.engine,
        [w.tp],
      ),
    );
  return out;
};

/** C20: engines load only in the TensorRT-LLM release that built them. */
export const engineVersionMatchesImage: ModelRule = (model, repo) => {
  const reference = repo.options.serverImage;
  const image = reference === undefined ? undefined : serverImage(reference);
  const found = withEngine(model);
  if (!image || !found) return [];
  const { config } = found;
  const imageText = `the server image ${reference} (Triton ${image.release}) runs TensorRT-LLM ${image.trtllm}`;
  if (config.layout === 'legacy') {
    if (compareVersions(image.trtllm, '0.8') < 0) return [];
    return [
      engineProblem(
        'engine/version-mismatch',
        engineAnchor(model),
        `the engine has the legacy config.json layout (builder_config, no "version"): it was built by TensorRT-LLM before 0.8, but ${imageText}; rebuild the engine with trtllm-build ${image.trtllm}`,
        found.engine,
        [{ ...config.marker, message: 'legacy layout: built before TensorRT-LLM 0.8' }],
      ),
    ];
  }
  const version = config.version;
  if (!version || sameRelease(version.value, image.trtllm)) return [];
  const matching = releasesWith(version.value);
  const advice = matching.length
    ? `use a ${matching.map((r) => `${r}-trtllm-python-py3`).join(' or ')} image, or rebuild the engine with ${image.trtllm}`
    : `rebuild the engine with TensorRT-LLM ${image.trtllm}`;
  return [
    engineProblem(
      'engine/version-mismatch',
      engineAnchor(model),
      `the engine was built by TensorRT-LLM ${version.value}, but ${imageText}: engines load only in the release that built them; ${advice}`,
      found.engine,
      [version],
    ),
  ];
};

/** Numeric comparison of dotted versions (`0.17.0.post1` > `0.17.0`; non-numeric parts ignored). */
function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split('.').map((x) => parseInt(x, 10) || 0);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
