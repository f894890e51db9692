// Shared pieces of the engine/ rules: which models they apply to, where in config.pbtxt to point,
// and related locations inside the engine's config.json (another file: `related[].path`).
import type { DiagnosticCode } from '../diagnostics/registry';
import type { Problem } from '../diagnostics/problem';
import type { EngineConfig, EngineField } from '../engine/engineConfig';
import type { EngineUnderCheck } from '../engine/findEngine';
import { parameter } from '../engine/parameters';
import { scalarOf } from '../model/configModel';
import type { Span } from './ruleKit';
import type { CheckedModel } from './types';

/** A model whose engine config.json was read and understood. */
export interface ModelWithEngine {
  model: CheckedModel;
  engine: EngineUnderCheck;
  config: EngineConfig;
}

export function withEngine(model: CheckedModel): ModelWithEngine | undefined {
  const engine = model.engine;
  if (!engine?.read?.ok) return undefined;
  return { model, engine, config: engine.read.config };
}

/**
 * Where config.pbtxt names the engine: the `gpt_model_path`/`engine_dir` value, else the backend,
 * else the batching mode, else the start of the file.
 */
export function engineAnchor(model: CheckedModel): Span {
  const via = model.engine?.via;
  if (via) return via;
  return (
    scalarOf(model.config, 'backend') ?? parameter(model.config, 'gpt_model_type') ?? { start: 0, end: 0 }
  );
}

/** The engine directory as the user wrote it (messages must not carry machine-specific paths). */
export function engineDirText(engine: EngineUnderCheck): string {
  return engine.via ? `"${engine.via.value}"` : 'version directory 1/';
}

/** `build_config.max_batch_size = 8`, or `... (absent: 1 assumed)` for a defaulted field. */
export function describe(f: EngineField<unknown>): string {
  const name = f.pointer.slice(1).replace(/\//g, '.');
  return f.defaulted
    ? `${name} is absent (${String(f.value)} assumed)`
    : `${name} = ${JSON.stringify(f.value)}`;
}

export function engineProblem(
  code: DiagnosticCode,
  at: Span,
  message: string,
  engine: EngineUnderCheck,
  related: (EngineField<unknown> | { start: number; end: number; message: string })[],
): Problem {
  const p: Problem = { code, start: at.start, end: at.end, message };
  if (related.length)
    p.related = related.map((r) => ({
      start: r.start,
      end: r.end,
      message: 'message' in r ? r.message : `engine: ${describe(r)}`,
      path: engine.configPath,
    }));
  return p;
}
