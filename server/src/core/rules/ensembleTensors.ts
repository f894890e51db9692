import type { Problem } from '../diagnostics/problem';
import type { ScalarValue } from '../model/configModel';
import { stringOf } from '../model/configModel';
import type { EnsembleStep } from './ensembleModel';
import { ensembleSteps, modelNameOf, tensorsOf } from './ensembleModel';
import type { ModelRule } from './types';

/** An ensemble tensor as Triton's BuildEnsembleGraph links them: step inputs feed step outputs. */
interface TensorNode {
  name: string;
  /** Written by some step's output_map. */
  written: ScalarValue | undefined;
  /** First place it is named in a map. */
  firstAt: ScalarValue | undefined;
  prev: TensorNode[];
  next: TensorNode[];
  ready: boolean;
}

type Graph = Map<string, TensorNode>;

function node(graph: Graph, name: string, at: ScalarValue | undefined): TensorNode {
  let n = graph.get(name);
  if (!n) {
    n = { name, written: undefined, firstAt: at, prev: [], next: [], ready: false };
    graph.set(name, n);
  }
  return n;
}

/** Builds the tensor graph; returns the overmapped outputs instead when some tensor is written twice. */
function buildGraph(steps: EnsembleStep[], ensemble: string): { graph: Graph; problems: Problem[] } {
  const graph: Graph = new Map();
  const problems: Problem[] = [];
  for (const step of steps) {
    const outputs: TensorNode[] = [];
    for (const e of step.outputMap) {
      const n = node(graph, e.value, e.valueAt);
      if (n.written && e.valueAt) {
        problems.push({
          code: 'triton/ensemble-output-overmapped',
          start: e.valueAt.start,
          end: e.valueAt.end,
          message: `ensemble tensor '${e.value}' can appear in an output map only once for ensemble '${ensemble}' step ${step.index}`,
          related: [
            { start: n.written.start, end: n.written.end, message: `'${e.value}' is already written here` },
          ],
        });
      }
      n.written ??= e.valueAt;
      outputs.push(n);
    }
    for (const e of step.inputMap) {
      const n = node(graph, e.value, e.valueAt);
      for (const out of outputs) {
        out.prev.push(n);
        n.next.push(out);
      }
    }
  }
  return { graph, problems };
}

/** Marks what the ensemble inputs can reach: a tensor is ready once every tensor it depends on is. */
function propagate(graph: Graph, inputs: string[]): void {
  const queue: TensorNode[] = [];
  for (const name of inputs) {
    const n = graph.get(name);
    if (n && !n.ready) {
      n.ready = true;
      queue.push(n);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    for (const next of queue[i]!.next) {
      if (next.ready || !next.prev.every((p) => p.ready)) continue;
      next.ready = true;
      queue.push(next);
    }
  }
}

/** A tensor upstream of `start` that nothing writes and that is not an ensemble input. */
function disconnectedUpstream(start: TensorNode): TensorNode | undefined {
  const seen = new Set<TensorNode>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const p of n.prev) {
      if (p.ready || seen.has(p)) continue;
      if (p.prev.length === 0) return p;
      seen.add(p);
      stack.push(p);
    }
  }
  return undefined;
}

/**
 * ENS-OUTPUT-OVERMAPPED, ENS-INPUT-UNUSED, ENS-OUTPUT-UNUSED, ENS-OUTPUT-NOT-WRITTEN,
 * ENS-TENSOR-UNUSED: the data flow inside one ensemble config, from its inputs through the steps
 * to its outputs (stage V, no other model needed).
 */
export const ensembleDataFlow: ModelRule = (model) => {
  const config = model.config;
  if (stringOf(config, 'platform') !== 'ensemble') return [];
  const steps = ensembleSteps(config);
  // Triton stops at a step without model or maps (ensembleStepFields); templated wiring is unknown.
  if (steps.length === 0 || steps.some((s) => s.modelName === '' || s.templated)) return [];
  if (steps.some((s) => s.inputMap.length === 0 || s.outputMap.length === 0)) return [];
  const inputs = tensorsOf(config, 'input', false);
  const outputs = tensorsOf(config, 'output', false);
  if (inputs.templated || outputs.templated) return [];
  const name = modelNameOf(config, model.dir);
  const { graph, problems } = buildGraph(steps, name);
  if (problems.length > 0) return problems;

  propagate(
    graph,
    inputs.tensors.map((t) => t.name),
  );
  const out: Problem[] = [];
  for (const input of inputs.tensors) {
    if (graph.has(input.name) || !input.nameAt) continue;
    out.push({
      code: 'triton/ensemble-input-unused',
      start: input.nameAt.start,
      end: input.nameAt.end,
      // Triton's text has an unbalanced quote; kept so the log line can be searched for.
      message: `ensemble input '${input.name}' for ensemble ${name}' is not used`,
    });
  }
  const outputNames = new Set<string>();
  for (const output of outputs.tensors) {
    outputNames.add(output.name);
    const n = graph.get(output.name);
    if (!output.nameAt || n?.ready) continue;
    const at = { start: output.nameAt.start, end: output.nameAt.end };
    if (!n) {
      out.push({
        code: 'triton/ensemble-output-unused',
        ...at,
        message: `ensemble output '${output.name}' for ensemble ${name}' is not used`,
      });
      continue;
    }
    const cut = disconnectedUpstream(n);
    const problem: Problem = {
      code: 'triton/ensemble-output-not-written',
      ...at,
      message: `output '${output.name}' for ensemble '${name}' is not written`,
    };
    if (cut) {
      problem.message += `: at least one of its depending tensors, '${cut.name}', is not connected`;
      if (cut.firstAt)
        problem.related = [
          {
            start: cut.firstAt.start,
            end: cut.firstAt.end,
            message: `'${cut.name}' is neither an ensemble input nor written by a step`,
          },
        ];
    }
    out.push(problem);
  }
  for (const n of graph.values()) {
    if (outputNames.has(n.name) || (n.ready && n.next.length > 0) || !n.firstAt) continue;
    out.push({
      code: 'triton/ensemble-tensor-unused',
      start: n.firstAt.start,
      end: n.firstAt.end,
      message: `ensemble tensor '${n.name}' is unused in ensemble '${name}'`,
    });
  }
  return out;
};
