// "Send Test Request": one request to the generate endpoint of a running Triton (TensorRT-LLM's ensemble
// takes {"text_input", "max_tokens"} and answers {"text_output"}; generate_stream answers server-sent events,
// one `data: {...}` line per chunk). Building the request is a pure function; sending it measures latency.
import { RuntimeError } from './runtime';
import type { RequestShape } from './testModels';

export const DEFAULT_TEST_MODEL = 'ensemble';
export const DEFAULT_MAX_TOKENS = 64;

export interface TestRequestOptions {
  /** Triton's HTTP base URL, e.g. http://127.0.0.1:8000. */
  base: string;
  prompt: string;
  /** Default: "ensemble". */
  model?: string;
  /** Default: 64. */
  maxTokens?: number;
  stream?: boolean;
  /** The model's inputs as Triton reports them (testModels.ts); without it, TensorRT-LLM's ensemble's. */
  shape?: Pick<RequestShape, 'maxTokensInput' | 'streamInput'>;
}

export interface HttpRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  stream: boolean;
}

export function buildGenerateRequest(o: TestRequestOptions): HttpRequest {
  const model = o.model ?? DEFAULT_TEST_MODEL;
  const stream = o.stream ?? false;
  const base = o.base.replace(/\/+$/, '');
  return {
    url: `${base}/v2/models/${encodeURIComponent(model)}/${stream ? 'generate_stream' : 'generate'}`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(stream ? { accept: 'text/event-stream' } : {}),
    },
    body: JSON.stringify(requestBody(o, stream)),
    stream,
  };
}

/** `max_tokens` or `sampling_param_max_tokens` as the model names it; `stream` only where it is an input. */
function requestBody(o: TestRequestOptions, stream: boolean): Record<string, unknown> {
  const shape = o.shape ?? { maxTokensInput: 'max_tokens', streamInput: false };
  return {
    text_input: o.prompt,
    ...(shape.maxTokensInput ? { [shape.maxTokensInput]: o.maxTokens ?? DEFAULT_MAX_TOKENS } : {}),
    ...(shape.streamInput ? { stream } : {}),
  };
}

/** The JSON payloads of the `data:` lines of a server-sent event stream (complete lines only). */
export function parseSseData(text: string): unknown[] {
  const out: unknown[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '' || data === '[DONE]') continue;
    try {
      out.push(JSON.parse(data));
    } catch {
      out.push(data);
    }
  }
  return out;
}

function textOutput(chunk: unknown): string {
  if (chunk && typeof chunk === 'object' && 'text_output' in chunk) {
    const t = (chunk as { text_output: unknown }).text_output;
    return typeof t === 'string' ? t : JSON.stringify(t);
  }
  return typeof chunk === 'string' ? chunk : JSON.stringify(chunk);
}

export interface TestResponse {
  status: number;
  ok: boolean;
  /** The generated text (every chunk's text_output, joined), or the error Triton answered. */
  text: string;
  /** From sending the request to the last byte of the answer. */
  latencyMs: number;
  /** Streaming: from sending the request to the first `data:` event. */
  firstChunkMs?: number;
  /** Streaming: how many `data:` events arrived. */
  chunks?: number;
}

/** Sends the request and times it. HTTP errors are results (ok: false); an unreachable server throws. */
export async function sendTestRequest(
  req: HttpRequest,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<TestResponse> {
  // A referenced timer (not AbortSignal.timeout's): a CLI waiting only on this request must not exit early.
  const limiter = new AbortController();
  const timer = setTimeout(() => limiter.abort(), options.timeoutMs ?? 120_000);
  const limit = limiter.signal;
  const signal = options.signal ? AbortSignal.any([options.signal, limit]) : limit;
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal });
    if (!res.ok || !req.stream || !res.body) {
      const raw = await res.text();
      const latencyMs = elapsed();
      let text = raw;
      try {
        const json = JSON.parse(raw) as unknown;
        text = res.ok ? textOutput(json) : ((json as { error?: string }).error ?? raw);
      } catch {
        // Not JSON: show it as it is.
      }
      return { status: res.status, ok: res.ok, text, latencyMs };
    }
    let firstChunkMs: number | undefined;
    let pending = '';
    const chunks: unknown[] = [];
    const decoder = new TextDecoder();
    for await (const bytes of res.body) {
      pending += decoder.decode(bytes as Uint8Array, { stream: true });
      const end = pending.lastIndexOf('\n');
      if (end === -1) continue;
      const found = parseSseData(pending.slice(0, end + 1));
      pending = pending.slice(end + 1);
      if (found.length > 0 && firstChunkMs === undefined) firstChunkMs = elapsed();
      chunks.push(...found);
    }
    chunks.push(...parseSseData(pending));
    const latencyMs = elapsed();
    const errors = chunks.filter((c) => c && typeof c === 'object' && 'error' in c) as { error: string }[];
    return {
      status: res.status,
      ok: errors.length === 0,
      text: errors.length ? errors.map((e) => e.error).join('; ') : chunks.map(textOutput).join(''),
      latencyMs,
      ...(firstChunkMs === undefined ? {} : { firstChunkMs }),
      chunks: chunks.length,
    };
  } catch (e) {
    if (options.signal?.aborted) throw new RuntimeError('cancelled', 'the test request was cancelled');
    if (limit.aborted) throw new RuntimeError('timeout', `no answer from ${req.url} in time`);
    const cause = (e as { cause?: { message?: string } }).cause?.message;
    throw new RuntimeError('other', `cannot reach ${req.url}: ${cause ?? (e as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** "123.4 ms" (streaming: "first chunk 12.3 ms, all 45.6 ms, 5 chunks"). */
export function formatLatency(r: TestResponse): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return r.firstChunkMs === undefined
    ? ms(r.latencyMs)
    : `first chunk ${ms(r.firstChunkMs)}, all ${ms(r.latencyMs)}, ${r.chunks} chunks`;
}
