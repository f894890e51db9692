import type { Problem } from '../diagnostics/problem';
import { occurrencesOf, scalarOf } from '../model/configModel';
import type { CheckedEnsemble } from './ensembleGraph';
import { resolvedEnsembles } from './ensembleGraph';
import type { EnsembleStep, MapEntry, TensorDecl } from './ensembleModel';
import { isDecoupled, isEnsemble, maxBatchSizeOf, modelNameOf, stepModel, tensorsOf } from './ensembleModel';
import type { CheckedModel, RepositoryRule, RepositoryUnderCheck, RuleProblem } from './types';

interface Where {
  start: number;
  end: number;
  /** Absent: the ensemble's own config. */
  path?: string;
}

/** What one use of an ensemble tensor says about it (Triton's TensorNode). Unknown parts: undefined. */
interface TensorUse {
  model: string;
  dataType: string | undefined;
  dims: number[] | undefined;
  /** max_batch_size > 0 of the model that uses it: an implicit leading batch dimension. */
  batching: boolean | undefined;
  at: Where;
}

interface TensorState {
  /** The use Triton compares every later use against (undefined: unknown to us). */
  first: TensorUse | undefined;
  /** The first use with a known data type: data types are equal or not, transitively. */
  typed: TensorUse | undefined;
}

function sameDims(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i] || d === -1 || b[i] === -1);
}

function fullDims(use: TensorUse): number[] | undefined {
  if (use.dims === undefined || use.batching === undefined) return undefined;
  return use.batching ? [-1, ...use.dims] : use.dims;
}

const printDims = (dims: number[]) => `[${dims.join(',')}]`;

/** ENS-DTYPE, ENS-SHAPE: a new use of a tensor against what earlier uses established. */
function compareUse(
  state: TensorState,
  use: TensorUse,
  tensor: string,
  ensemble: string,
  at: Where,
): Problem | undefined {
  const prefix = `in ensemble ${ensemble}, ensemble tensor ${tensor}: `;
  const typed = state.typed;
  if (typed && use.dataType && typed.dataType !== use.dataType) {
    return {
      code: 'triton/ensemble-data-type-mismatch',
      ...at,
      message: `${prefix}inconsistent data type: ${typed.dataType!} is inferred from model ${typed.model} while ${use.dataType} is inferred from model ${use.model}`,
      related: [
        { ...typed.at, message: `${typed.dataType!} in model ${typed.model}` },
        { ...use.at, message: `${use.dataType} in model ${use.model}` },
      ],
    };
  }
  const first = state.first;
  if (!first?.dims || !use.dims || sameDims(first.dims, use.dims)) return undefined;
  // A non-batching [-1,16] matches a batching [16]: Triton compares again with the batch dimension.
  const a = fullDims(first);
  const b = fullDims(use);
  if (!a || !b || sameDims(a, b)) return undefined;
  return {
    code: 'triton/ensemble-shape-mismatch',
    ...at,
    message: `${prefix}inconsistent shape: ${printDims(a)} is inferred from model ${first.model} while ${printDims(b)} is inferred from model ${use.model}`,
    related: [
      { ...first.at, message: `${printDims(a)} in model ${first.model}` },
      { ...use.at, message: `${printDims(b)} in model ${use.model}` },
    ],
  };
}

/** Records a use of a tensor, comparing it with earlier ones; `use` undefined means unknown. */
function useTensor(
  tensors: Map<string, TensorState>,
  name: string,
  use: TensorUse | undefined,
  ensemble: string,
  at: Where,
): Problem | undefined {
  let state = tensors.get(name);
  if (!state) {
    state = { first: use, typed: use?.dataType ? use : undefined };
    tensors.set(name, state);
    return undefined;
  }
  if (!use) return undefined;
  const problem = compareUse(state, use, name, ensemble, at);
  if (!state.typed && use.dataType) state.typed = use;
  return problem;
}

function declUse(decl: TensorDecl, model: string, batching: boolean | undefined, path?: string): TensorUse {
  const where = decl.dataTypeAt ?? decl.nameAt ?? decl.message;
  return {
    model,
    dataType: decl.dataType,
    dims: decl.dims,
    batching,
    at: { start: where.start, end: where.end, ...(path ? { path } : {}) },
  };
}

function entryAt(e: MapEntry, side: 'key' | 'value'): Where {
  const v = side === 'key' ? e.keyAt : e.valueAt;
  return v ? { start: v.start, end: v.end } : { start: e.entry.start, end: e.entry.start + 1 };
}

/** Where a model declares its inputs or outputs, for a related location in its config. */
function listAt(model: CheckedModel, field: 'input' | 'output'): Where {
  const occurrence = occurrencesOf(model.config, field)[0];
  return {
    start: occurrence?.nameStart ?? 0,
    end: occurrence?.nameEnd ?? 0,
    path: model.configPath,
  };
}

/** A step model's inputs or outputs, or undefined when backends may still add or fill them. */
function stepTensors(model: CheckedModel, field: 'input' | 'output', repo: RepositoryUnderCheck) {
  const { tensors, templated } = tensorsOf(model.config, field, false);
  if (templated) return undefined;
  if (tensors.length === 0 && repo.options.autoComplete && !isEnsemble(model.config)) return undefined;
  return tensors;
}

interface StepContext {
  ensemble: CheckedEnsemble;
  repo: RepositoryUnderCheck;
  tensors: Map<string, TensorState>;
  out: Problem[];
}

/** ENS-MBS: a batching step model allows at least the ensemble's max_batch_size. */
function checkBatchSize(ctx: StepContext, step: EnsembleStep, target: CheckedModel): void {
  const ensembleMbs = maxBatchSizeOf(ctx.ensemble.model.config);
  const stepMbs = maxBatchSizeOf(target.config);
  if (ensembleMbs === undefined || stepMbs === undefined || stepMbs === 0 || stepMbs >= ensembleMbs) return;
  const ensembleAt = scalarOf(ctx.ensemble.model.config, 'max_batch_size');
  const stepAt = scalarOf(target.config, 'max_batch_size');
  ctx.out.push({
    code: 'triton/ensemble-max-batch-size',
    ...(step.modelNameAt ?? { start: step.message.start, end: step.message.start + 1 }),
    message: `ensemble ${ctx.ensemble.name} allows maximum batch size ${ensembleMbs}, but it contains model ${step.modelName!} which only allows maximum batch size to be ${stepMbs}`,
    related: [
      ...(ensembleAt
        ? [{ start: ensembleAt.start, end: ensembleAt.end, message: 'the ensemble allows this' }]
        : []),
      ...(stepAt
        ? [
            {
              start: stepAt.start,
              end: stepAt.end,
              path: target.configPath,
              message: 'the step model allows this',
            },
          ]
        : []),
    ],
  });
}

/** ENS-MAP-BAD-INPUT, ENS-MAP-UNMAPPED-INPUT and the consistency of the mapped inputs. */
function checkInputs(ctx: StepContext, step: EnsembleStep, target: CheckedModel): void {
  const inputs = stepTensors(target, 'input', ctx.repo);
  const s = step.modelName!;
  const m = ctx.ensemble.name;
  const batching =
    maxBatchSizeOf(target.config) === undefined ? undefined : maxBatchSizeOf(target.config)! > 0;
  const byName = new Map((inputs ?? []).map((t) => [t.name, t]));
  for (const e of step.inputMap) {
    const decl = byName.get(e.key);
    if (inputs && !decl) {
      ctx.out.push({
        code: 'triton/ensemble-unknown-input',
        ...entryAt(e, 'key'),
        message: `in ensemble ${m}, ensemble tensor ${e.value} is mapping to non-existing input ${e.key} in model ${s}`,
        related: [
          { ...listAt(target, 'input'), message: `inputs of ${s}: ${inputs.map((t) => t.name).join(', ')}` },
        ],
        data: { input: e.key, model: s },
      });
      continue;
    }
    const use = decl && declUse(decl, s, batching, target.configPath);
    const problem = useTensor(ctx.tensors, e.value, use, m, entryAt(e, 'value'));
    if (problem) ctx.out.push(problem);
  }
  const mapped = new Set(step.inputMap.map((e) => e.key));
  for (const input of inputs ?? []) {
    if (mapped.has(input.name) || input.optional !== false) continue;
    const declared = input.nameAt ?? input.message;
    ctx.out.push({
      code: 'triton/ensemble-unmapped-input',
      ...(step.modelNameAt ?? { start: step.message.start, end: step.message.start + 1 }),
      message: `in ensemble ${m}, input ${input.name} in model ${modelNameOf(target.config, target.dir)} is not mapped to any ensemble tensors`,
      related: [
        {
          start: declared.start,
          end: declared.end,
          path: target.configPath,
          message: `${input.name} is declared here`,
        },
      ],
      data: { input: input.name, model: s },
    });
  }
}

/** ENS-MAP-BAD-OUTPUT, ENS-MAP-MULTI-OUTPUT and the consistency of the mapped outputs. */
function checkOutputs(ctx: StepContext, step: EnsembleStep, target: CheckedModel): void {
  const outputs = stepTensors(target, 'output', ctx.repo);
  const s = step.modelName!;
  const m = ctx.ensemble.name;
  const batching =
    maxBatchSizeOf(target.config) === undefined ? undefined : maxBatchSizeOf(target.config)! > 0;
  for (const e of step.outputMap) {
    const decls = (outputs ?? []).filter((t) => t.name === e.key);
    if (outputs && decls.length === 0) {
      ctx.out.push({
        code: 'triton/ensemble-unknown-output',
        ...entryAt(e, 'key'),
        message: `in ensemble ${m}, ensemble tensor ${e.value} is mapped from non-existing output ${e.key} in model ${s}`,
        related: [
          {
            ...listAt(target, 'output'),
            message: `outputs of ${s}: ${outputs.map((t) => t.name).join(', ')}`,
          },
        ],
        data: { output: e.key, model: s },
      });
      continue;
    }
    if (decls.length > 1) {
      // Only a step model that declares an output name twice gets here.
      ctx.out.push({
        code: 'triton/ensemble-multiple-outputs',
        ...entryAt(e, 'key'),
        message: `in ensemble ${m}, multiple outputs in model ${modelNameOf(target.config, target.dir)} are mapped to the same ensemble tensor ${e.value}`,
        related: decls.map((d) => {
          const w = d.nameAt ?? d.message;
          return { start: w.start, end: w.end, path: target.configPath, message: `output ${d.name}` };
        }),
      });
      continue;
    }
    const use = decls[0] && declUse(decls[0], s, batching, target.configPath);
    const problem = useTensor(ctx.tensors, e.value, use, m, entryAt(e, 'value'));
    if (problem) ctx.out.push(problem);
  }
}

/**
 * ENS-DECOUPLED: no step (nor the ensemble's outputs) receives tensors that come from two different
 * decoupled steps. Silent when some step's decoupled setting is unknown.
 */
function checkDecoupled(ctx: StepContext): void {
  const { ensemble, repo } = ctx;
  const decoupled: boolean[] = [];
  for (const step of ensemble.steps) {
    const target = stepModel(repo, step.modelName!);
    const d = typeof target === 'string' ? undefined : isDecoupled(target.config);
    if (d === undefined) return;
    decoupled.push(d);
  }
  if (!decoupled.some(Boolean)) return;
  // The decoupled steps each tensor descends from; a fixed point, as steps need not be in order.
  const origins = new Map<string, Set<number>>();
  const originsOf = (inputs: MapEntry[]) => {
    const set = new Set<number>();
    for (const e of inputs) for (const o of origins.get(e.value) ?? []) set.add(o);
    return set;
  };
  for (let changed = true, rounds = 0; changed && rounds <= ensemble.steps.length; rounds++) {
    changed = false;
    for (const step of ensemble.steps) {
      const produced = decoupled[step.index] ? new Set([step.index]) : originsOf(step.inputMap);
      for (const e of step.outputMap) {
        const before = origins.get(e.value)?.size ?? 0;
        const set = origins.get(e.value) ?? new Set<number>();
        for (const o of produced) set.add(o);
        origins.set(e.value, set);
        if (set.size !== before) changed = true;
      }
    }
  }
  const report = (sources: Set<number>, at: Where, model: string) => {
    if (sources.size < 2) return;
    ctx.out.push({
      code: 'triton/ensemble-decoupled-fan-in',
      ...at,
      message: `in ensemble ${ensemble.name}, step of model '${model}' receives inputs originated from different decoupled models`,
      related: [...sources].map((i) => {
        const s = ensemble.steps[i]!;
        const w = s.modelNameAt ?? s.message;
        return { start: w.start, end: w.end, message: `decoupled step ${i} (${s.modelName!})` };
      }),
    });
  };
  for (const step of ensemble.steps)
    report(
      originsOf(step.inputMap),
      step.modelNameAt ?? { start: step.message.start, end: step.message.start + 1 },
      step.modelName!,
    );
  const outputs = tensorsOf(ensemble.model.config, 'output', false).tensors;
  const sink = new Set<number>();
  for (const o of outputs) for (const i of origins.get(o.name) ?? []) sink.add(i);
  const first = occurrencesOf(ensemble.model.config, 'output')[0];
  // The outputs of a step that already fans in would only repeat its problem.
  if (first && !ctx.out.some((p) => p.code === 'triton/ensemble-decoupled-fan-in'))
    report(sink, { start: first.nameStart, end: first.nameEnd }, ensemble.name);
}

/** The ensemble's own inputs and outputs are the first uses of their tensors. */
function seedTensors(ensemble: CheckedEnsemble): Map<string, TensorState> {
  const tensors = new Map<string, TensorState>();
  const mbs = maxBatchSizeOf(ensemble.model.config);
  const batching = mbs === undefined ? undefined : mbs > 0;
  for (const field of ['input', 'output'] as const) {
    for (const decl of tensorsOf(ensemble.model.config, field, true).tensors) {
      if (tensors.has(decl.name)) continue;
      const use = declUse(decl, ensemble.name, batching);
      tensors.set(decl.name, { first: use, typed: use.dataType ? use : undefined });
    }
  }
  return tensors;
}

/**
 * ENS-MBS, ENS-MAP-*, ENS-DTYPE, ENS-SHAPE, ENS-DECOUPLED: each step against its model's config,
 * in Triton's order (stage E, once the step models are loaded). A step model without a config, or
 * whose inputs or outputs backends may still fill in, is checked only as far as it is known.
 */
export const ensembleStepModels: RepositoryRule = (repo) => {
  const out: RuleProblem[] = [];
  for (const ensemble of resolvedEnsembles(repo)) {
    const ctx: StepContext = { ensemble, repo, tensors: seedTensors(ensemble), out: [] };
    for (const step of ensemble.steps) {
      const target = stepModel(repo, step.modelName!);
      if (typeof target === 'string') {
        // Unknown IO: the tensors this step touches can no longer be compared reliably.
        for (const e of [...step.inputMap, ...step.outputMap])
          if (!ctx.tensors.has(e.value)) ctx.tensors.set(e.value, { first: undefined, typed: undefined });
        continue;
      }
      checkBatchSize(ctx, step, target);
      checkInputs(ctx, step, target);
      checkOutputs(ctx, step, target);
    }
    checkDecoupled(ctx);
    for (const problem of ctx.out) out.push({ path: ensemble.model.configPath, problem });
  }
  return out;
};
