// What config.pbtxt asks of the engine's batching: in-flight batching, batch size, beam width, chunked
// context (TRTLLM_FACTS.md 4.1, C1/C2, C6, C8, C16).
import type { EngineField } from '../engine/engineConfig';
import { kvCacheIsPaged } from '../engine/engineConfig';
import { integerParameter, setParameter } from '../engine/parameters';
import { numberOf, scalarOf } from '../model/configModel';
import { engineProblem, withEngine } from './engineKit';
import type { ModelRule } from './types';

const INFLIGHT = new Set(['inflight_batching', 'inflight_fused_batching']);

/** Mamba-style models batch in flight with the conv1d plugin and paged state instead of attention. */
const RNN_ARCHITECTURE = /mamba|recurrentgemma/i;

/** C1/C2: in-flight batching needs the GPT attention plugin, packed input and a paged KV cache. */
export const inflightBatchingSupported: ModelRule = (model) => {
  const found = withEngine(model);
  const mode = setParameter(model.config, 'gpt_model_type');
  if (!found || mode?.value === undefined || !INFLIGHT.has(mode.value.trim().toLowerCase())) return [];
  const { config } = found;
  const lacking: { what: string; field: EngineField<unknown> }[] = [];
  const off = (what: string, field: EngineField<boolean> | undefined) => {
    if (field && !field.defaulted && field.value === false) lacking.push({ what, field });
  };
  if (RNN_ARCHITECTURE.test(config.architecture?.value ?? '')) {
    off('the Mamba conv1d plugin', config.mambaConv1dPlugin);
    off('packed input (remove_input_padding)', config.removeInputPadding);
    off('paged state', config.pagedState);
  } else {
    off('the GPT attention plugin', config.gptAttentionPlugin);
    off('packed input (remove_input_padding)', config.removeInputPadding);
    const kvField = config.kvCacheType ?? config.pagedKvCache;
    if (kvCacheIsPaged(config) === false && kvField)
      lacking.push({ what: 'a paged KV cache', field: kvField });
  }
  if (lacking.length === 0) return [];
  return [
    engineProblem(
      'engine/inflight-batching-unsupported',
      mode,
      `gpt_model_type "${mode.value}" batches in flight, which needs an engine built with the GPT attention plugin, packed input and a paged KV cache; this engine lacks ${lacking.map((l) => l.what).join(' and ')}, so TensorRT-LLM refuses to load it: "TrtGptModelInflightBatching requires GPT attention/Mamba Conv 1d plugin with packed input and paged KV cache." Rebuild the engine, or use gpt_model_type "V1"`,
      found.engine,
      lacking.map((l) => l.field),
    ),
  ];
};

/** C6: Triton batches beyond the engine's max_batch_size only queue inside TensorRT-LLM. */
export const batchSizeWithinEngine: ModelRule = (model) => {
  const found = withEngine(model);
  const engineMax = found?.config.maxBatchSize;
  const mbs = numberOf(model.config, 'max_batch_size');
  const at = scalarOf(model.config, 'max_batch_size');
  if (!found || !engineMax || mbs === undefined || !at || mbs <= engineMax.value) return [];
  return [
    engineProblem(
      'engine/max-batch-size-exceeds-engine',
      at,
      `max_batch_size ${mbs} is above the engine's max_batch_size ${engineMax.value}: TensorRT-LLM never runs more than ${engineMax.value} sequences at once, so larger Triton batches only wait in its queue`,
      found.engine,
      [engineMax],
    ),
  ];
};

/** C8: the executor's beam width (the `max_beam_width` parameter, default 1) must fit the engine. */
export const beamWidthWithinEngine: ModelRule = (model) => {
  const found = withEngine(model);
  const engineMax = found?.config.maxBeamWidth;
  const beam = integerParameter(model.config, 'max_beam_width');
  if (!found || !engineMax || !beam || beam.number <= engineMax.value) return [];
  return [
    engineProblem(
      'engine/beam-width-exceeds-engine',
      beam,
      `Runtime configured max beam width (${beam.number}) must not exceed engine max beam width (${engineMax.value})`,
      found.engine,
      [engineMax],
    ),
  ];
};

/**
 * C16: `enable_chunked_context` needs an engine built with `use_paged_context_fmha`, whose default changed
 * between releases (off up to 0.9, on from 0.19: TRTLLM_VERIFIED.md 1.1), so the engine's own value decides.
 */
export const chunkedContextSupported: ModelRule = (model) => {
  const found = withEngine(model);
  const chunked = setParameter(model.config, 'enable_chunked_context');
  const fmha = found?.config.pagedContextFmha;
  if (!found || !chunked || chunked.value?.trim().toLowerCase() !== 'true') return [];
  if (!fmha || fmha.defaulted || fmha.value !== false) return [];
  return [
    engineProblem(
      'engine/chunked-context-unsupported',
      chunked,
      'enable_chunked_context is true, but the engine was built without use_paged_context_fmha: chunked context "requires building the model with use_paged_context_fmha". Rebuild with --use_paged_context_fmha enable (kvCache.pagedContextFmha in a build profile), or leave chunked context off',
      found.engine,
      [fmha],
    ),
  ];
};
