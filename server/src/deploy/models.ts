// The models a running Triton serves and their states: POST /v2/repository/index (Triton's model repository
// extension), which answers e.g. [{"name":"m","version":"1","state":"READY"}], with a "reason" for a model
// that failed to load ("UNAVAILABLE").
import { RuntimeError } from './runtime';
import { withTimeout } from './timeout';

export interface ModelState {
  name: string;
  /** Absent for a model none of whose versions was loaded. */
  version?: string;
  /** READY, UNAVAILABLE, LOADING, UNLOADING, ... (Triton's words). */
  state: string;
  reason?: string;
}

/** Reads Triton's answer to /v2/repository/index; throws on anything that is not that shape. */
export function parseModelIndex(json: unknown): ModelState[] {
  if (!Array.isArray(json)) throw new Error('the repository index is not a JSON array');
  return json.map((m: unknown, i) => {
    const o = (m ?? {}) as Record<string, unknown>;
    if (typeof o.name !== 'string') throw new Error(`entry ${i} of the repository index has no name`);
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    const version = str(o.version);
    const reason = str(o.reason);
    return {
      name: o.name,
      ...(version ? { version } : {}),
      state: str(o.state) ?? 'UNKNOWN',
      ...(reason ? { reason } : {}),
    };
  });
}

/** The models of the Triton at `base` (e.g. http://127.0.0.1:8000), sorted by name. Bounded by 5 s. */
export async function fetchModelStates(base: string, signal?: AbortSignal): Promise<ModelState[]> {
  let res: Response;
  let text: string;
  try {
    [res, text] = await withTimeout(5000, signal, async (s) => {
      const r = await fetch(`${base}/v2/repository/index`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
        signal: s,
      });
      return [r, await r.text()] as const;
    });
  } catch (e) {
    throw new RuntimeError('other', `cannot read the models of ${base}: ${(e as Error).message}`);
  }
  if (res.status !== 200) {
    throw new RuntimeError(
      'other',
      `${base}/v2/repository/index answered ${res.status}: ${text.slice(0, 200)}`,
    );
  }
  try {
    return parseModelIndex(JSON.parse(text)).sort((a, b) => a.name.localeCompare(b.name));
  } catch (e) {
    throw new RuntimeError('other', `${base}/v2/repository/index: ${(e as Error).message}`);
  }
}

/** One line per model, e.g. "simple v1 READY" or "second v1 UNAVAILABLE: <reason>". */
export function formatModelState(m: ModelState): string {
  return `${m.name}${m.version ? ` v${m.version}` : ''} ${m.state}${m.reason ? `: ${m.reason}` : ''}`;
}
