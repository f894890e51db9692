// Which models of a running Triton a test request can go to, and what their request looks like, from the
// model's inputs as Triton reports them (GET /v2/models/<m>/config): TensorRT-LLM's ensemble and BLS take
// `max_tokens`, the llmapi model `sampling_param_max_tokens`; `stream` only where the model has it; a model
// that takes token ids (`input_ids`) rather than `text_input` is not offered.
import { RuntimeError } from './runtime';

/** The request a model takes, as read from its config. */
export interface RequestShape {
  model: string;
  /** The input carrying the requested length, when the model has one. */
  maxTokensInput?: 'max_tokens' | 'sampling_param_max_tokens';
  /** Whether the model has a `stream` input. */
  streamInput: boolean;
  /** The model is decoupled (answers in several responses): generate_stream is the endpoint for it. */
  decoupled: boolean;
  /** Ensemble or BLS: the whole pipeline (tokenizer, engine, detokenizer), offered first. */
  pipeline: boolean;
  /** Its config could not be read: asked as TensorRT-LLM's ensemble is (text_input, max_tokens). */
  inputsUnknown?: boolean;
}

/** Reads Triton's JSON model config (v2 config endpoint); undefined when the model does not take text. */
export function requestShapeOf(model: string, config: unknown): RequestShape | undefined {
  const c = (config ?? {}) as Record<string, unknown>;
  const inputs = Array.isArray(c.input) ? (c.input as Record<string, unknown>[]) : [];
  const names = new Set(inputs.map((i) => i.name).filter((n): n is string => typeof n === 'string'));
  if (!names.has('text_input')) return undefined;
  const policy = (c.model_transaction_policy ?? {}) as Record<string, unknown>;
  const maxTokensInput = names.has('max_tokens')
    ? 'max_tokens'
    : names.has('sampling_param_max_tokens')
      ? 'sampling_param_max_tokens'
      : undefined;
  return {
    model,
    ...(maxTokensInput ? { maxTokensInput } : {}),
    streamInput: names.has('stream'),
    decoupled: policy.decoupled === true,
    pipeline: c.platform === 'ensemble' || /bls/i.test(model),
  };
}

/** Ensemble and BLS first (the whole pipeline), then the rest by name; `remembered` first of all. */
export function rankShapes(shapes: readonly RequestShape[], remembered?: string): RequestShape[] {
  const rank = (s: RequestShape) =>
    s.model === remembered ? 0 : s.pipeline ? (s.model === 'ensemble' ? 1 : 2) : 3;
  return [...shapes].sort((a, b) => rank(a) - rank(b) || a.model.localeCompare(b.model));
}

/** GET /v2/models/<model>/config, bounded by 5 s. */
export async function fetchModelConfig(base: string, model: string, signal?: AbortSignal): Promise<unknown> {
  const limit = AbortSignal.timeout(5000);
  const url = `${base.replace(/\/+$/, '')}/v2/models/${encodeURIComponent(model)}/config`;
  let res: Response;
  try {
    res = await fetch(url, { signal: signal ? AbortSignal.any([signal, limit]) : limit });
  } catch (e) {
    throw new RuntimeError('other', `cannot read ${url}: ${(e as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) throw new RuntimeError('other', `${url} answered ${res.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RuntimeError('other', `${url} did not answer JSON`);
  }
}

/** The ready models of a Triton that take text, ranked (a model whose config cannot be read is kept). */
export async function testableModels(
  base: string,
  ready: readonly string[],
  remembered?: string,
  signal?: AbortSignal,
): Promise<RequestShape[]> {
  const shapes = await Promise.all(
    ready.map(async (m) => {
      try {
        return requestShapeOf(m, await fetchModelConfig(base, m, signal));
      } catch {
        // Unreadable is not "takes no text": offer it, asked the ensemble's way.
        const shape: RequestShape = {
          model: m,
          maxTokensInput: 'max_tokens',
          streamInput: false,
          decoupled: false,
          pipeline: m === 'ensemble' || /bls/i.test(m),
          inputsUnknown: true,
        };
        return shape;
      }
    }),
  );
  return rankShapes(
    shapes.filter((s): s is RequestShape => s !== undefined),
    remembered,
  );
}
