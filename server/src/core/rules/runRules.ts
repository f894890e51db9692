import { MODEL_RULES, REPOSITORY_RULES } from './index';
import type { CheckedModel, ModelUnderCheck, RepositoryUnderCheck, RuleProblem } from './types';
import type { Problem } from '../diagnostics/problem';

/** Whether the per-model rules apply: the config was read and has no syntax or schema error. */
export function rulesApply(model: ModelUnderCheck): model is CheckedModel {
  return model.clean && model.config !== undefined && model.text !== undefined;
}

/** The per-model rules' problems for one model (all on its config.pbtxt), in rule order. */
export function modelRuleProblems(model: CheckedModel, repo: RepositoryUnderCheck): Problem[] {
  const out: Problem[] = [];
  for (const rule of MODEL_RULES) out.push(...rule(model, repo));
  return out;
}

/** The repository-wide rules' problems (cross-model references, files other than config.pbtxt). */
export function repositoryRuleProblems(repo: RepositoryUnderCheck): RuleProblem[] {
  const out: RuleProblem[] = [];
  for (const rule of REPOSITORY_RULES) out.push(...rule(repo));
  return out;
}

/** Runs every load-time rule over a loaded repository. */
export function runRules(repo: RepositoryUnderCheck): RuleProblem[] {
  const out: RuleProblem[] = [];
  for (const model of repo.models.values()) {
    if (!rulesApply(model)) continue;
    for (const problem of modelRuleProblems(model, repo)) out.push({ path: model.configPath, problem });
  }
  out.push(...repositoryRuleProblems(repo));
  return out;
}
