import { numberOf, scalarOf } from '../model/configModel';
import { ensembleSettings, ensembleStepFields } from './ensembleConfig';
import type { EnsembleStep } from './ensembleModel';
import { ensembleSteps, isEnsemble, modelNameOf, stepModel } from './ensembleModel';
import { ensembleDataFlow } from './ensembleTensors';
import type { CheckedModel, RepositoryUnderCheck, RuleProblem } from './types';
import { selectedVersions } from './versions';

export interface CheckedEnsemble {
  model: CheckedModel;
  name: string;
  steps: EnsembleStep[];
}

/**
 * Ensembles that pass their own config checks: only those reach Triton's dependency graph (a config
 * rejected at poll time is not in it at all).
 */
export function checkedEnsembles(repo: RepositoryUnderCheck): CheckedEnsemble[] {
  // Three repository rules ask for it in one check of the repository: work it out once per repository
  // object (the incremental analysis keeps one model map and makes a new repository object per run).
  let out = checked.get(repo);
  if (!out) checked.set(repo, (out = findCheckedEnsembles(repo)));
  return out;
}
const checked = new WeakMap<RepositoryUnderCheck, CheckedEnsemble[]>();

function findCheckedEnsembles(repo: RepositoryUnderCheck): CheckedEnsemble[] {
  const out: CheckedEnsemble[] = [];
  for (const m of repo.models.values()) {
    if (!m.clean || !m.config || m.text === undefined || !isEnsemble(m.config)) continue;
    const model = m as CheckedModel;
    const own = [ensembleSettings, ensembleStepFields, ensembleDataFlow].flatMap((rule) => rule(model, repo));
    if (own.some((p) => p.code.startsWith('triton/'))) continue;
    const steps = ensembleSteps(model.config);
    if (steps.some((s) => s.modelName === undefined)) continue;
    out.push({ model, name: modelNameOf(model.config, model.dir), steps });
  }
  return out;
}

function stepNameAt(step: EnsembleStep): { start: number; end: number } {
  return step.modelNameAt ?? { start: step.message.start, end: step.message.start + 1 };
}

/** ENS-MISSING-MODEL: every step model is in the repository and could be read (stage G). */
function missingModels(ensemble: CheckedEnsemble, repo: RepositoryUnderCheck): RuleProblem[] {
  const missing = ensemble.steps.filter((s) => stepModel(repo, s.modelName!) === 'missing');
  if (missing.length === 0) return [];
  const names = [...new Set(missing.map((s) => s.modelName!))].sort().join(', ');
  return missing.map((step) => {
    const cause = whyUnavailable(repo, step.modelName!);
    return {
      path: ensemble.model.configPath,
      problem: {
        code: 'triton/ensemble-missing-model',
        ...stepNameAt(step),
        // The plain cause first, then Triton's line (its name quoted: "ensemble ensemble" reads as a typo).
        message: `Step model "${step.modelName}" is not available: ${cause.reason}. Triton: ensemble '${ensemble.name}' contains models that are not available or ambiguous: ${names}`,
        data: { model: step.modelName },
        ...(cause.related ? { related: [cause.related] } : {}),
      },
    };
  });
}

/** Why a step's model is not available, and where its first error is when it has one. */
function whyUnavailable(
  repo: RepositoryUnderCheck,
  name: string,
): { reason: string; related?: { path: string; start: number; end: number; message: string } } {
  const model = repo.models.get(name);
  if (!model) return { reason: `the repository has no model directory "${name}"` };
  if (model.text === undefined) return { reason: `${name}/config.pbtxt is missing` };
  const first = model.fileProblems.find((p) => !p.code.startsWith('template/')) ?? model.fileProblems[0];
  if (!first) return { reason: `${name}/config.pbtxt does not load` };
  return {
    reason: `${name}/config.pbtxt does not load (${first.code})`,
    related: {
      path: model.configPath,
      start: first.start,
      end: first.end,
      message: `the first error of ${name}: ${first.message}`,
    },
  };
}

interface Edge {
  from: CheckedEnsemble;
  step: EnsembleStep;
  to: CheckedEnsemble;
}

/** A path of edges from `start` back to `target`, or undefined (breadth-first: the shortest). */
function pathTo(start: CheckedEnsemble, target: CheckedEnsemble, edges: Map<CheckedEnsemble, Edge[]>) {
  const via = new Map<CheckedEnsemble, Edge | undefined>([[start, undefined]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i]!;
    if (at === target) {
      const path: Edge[] = [];
      for (let e = via.get(at); e; e = via.get(e.from)) path.unshift(e);
      return path;
    }
    for (const e of edges.get(at) ?? []) {
      if (via.has(e.to)) continue;
      via.set(e.to, e);
      queue.push(e.to);
    }
  }
  return undefined;
}

/**
 * ENS-CIRCULAR: no ensemble reaches itself through its steps (stage G). Reported on every edge of
 * the cycle, each pointing at the others.
 */
function cycles(ensembles: CheckedEnsemble[]): RuleProblem[] {
  const byName = new Map(ensembles.map((e) => [e.model.dir, e]));
  const edges = new Map<CheckedEnsemble, Edge[]>();
  for (const from of ensembles)
    edges.set(
      from,
      from.steps.flatMap((step) => {
        const to = byName.get(step.modelName!);
        return to ? [{ from, step, to }] : [];
      }),
    );
  const out: RuleProblem[] = [];
  for (const e of ensembles) {
    for (const edge of edges.get(e)!) {
      // The edge closes a cycle when its target leads back to this ensemble.
      const back = edge.to === e ? [] : pathTo(edge.to, e, edges);
      if (!back) continue;
      out.push({
        path: e.model.configPath,
        problem: {
          code: 'triton/ensemble-circular',
          ...stepNameAt(edge.step),
          message: `circular dependency between ensembles: ${e.name} -> ... -> ${edge.to.name} -> ${e.name}`,
          related: back.map((b) => ({
            ...stepNameAt(b.step),
            path: b.from.model.configPath,
            message: `${b.from.name} uses ${b.to.name}`,
          })),
        },
      });
    }
  }
  return out;
}

/** ENS-DEP-VERSION: a step's explicit model_version is one the step model loads (stage E). */
function requiredVersions(ensemble: CheckedEnsemble, repo: RepositoryUnderCheck): RuleProblem[] {
  if (!repo.options.checkLayout) return [];
  const out: RuleProblem[] = [];
  for (const step of ensemble.steps) {
    const version = numberOf(step.message, 'model_version');
    const at = scalarOf(step.message, 'model_version');
    const target = stepModel(repo, step.modelName!);
    // -1 is "any"; an omitted (0) version is left alone: a static tool cannot be sure of it.
    if (version === undefined || version <= 0 || !at || typeof target === 'string') continue;
    const selection = selectedVersions(target);
    if (!selection || selection.versions.length === 0 || selection.versions.includes(version)) continue;
    out.push({
      path: ensemble.model.configPath,
      problem: {
        code: 'triton/ensemble-version-not-loaded',
        start: at.start,
        end: at.end,
        message: `ensemble '${ensemble.name}' depends on '${step.modelName!}' whose required version ${version} is not loaded`,
        related: [
          {
            start: 0,
            end: 0,
            path: target.configPath,
            message: `${step.modelName!} loads version(s) ${selection.versions.join(', ')}`,
          },
        ],
      },
    });
  }
  return out;
}

/** The ensembles whose steps all resolve and that are on no cycle: the E-stage checks apply to them. */
export function resolvedEnsembles(repo: RepositoryUnderCheck): CheckedEnsemble[] {
  const ensembles = checkedEnsembles(repo);
  const blocked = new Set<string>();
  for (const e of ensembles) if (missingModels(e, repo).length > 0) blocked.add(e.model.configPath);
  for (const c of cycles(ensembles)) blocked.add(c.path);
  return ensembles.filter((e) => !blocked.has(e.model.configPath));
}

/** ENS-MISSING-MODEL, ENS-CIRCULAR, ENS-DEP-VERSION over the whole repository. */
export function ensembleGraph(repo: RepositoryUnderCheck): RuleProblem[] {
  const ensembles = checkedEnsembles(repo);
  const out: RuleProblem[] = [];
  for (const e of ensembles) out.push(...missingModels(e, repo));
  out.push(...cycles(ensembles));
  for (const e of resolvedEnsembles(repo)) out.push(...requiredVersions(e, repo));
  return out;
}
