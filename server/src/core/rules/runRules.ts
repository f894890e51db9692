import { MODEL_RULES, REPOSITORY_RULES } from './index';
import type { CheckedModel, RepositoryUnderCheck, RuleProblem } from './types';

/** Runs every load-time rule over a loaded repository. */
export function runRules(repo: RepositoryUnderCheck): RuleProblem[] {
  const out: RuleProblem[] = [];
  for (const model of repo.models.values()) {
    if (!model.clean || model.config === undefined || model.text === undefined) continue;
    for (const rule of MODEL_RULES) {
      for (const problem of rule(model as CheckedModel, repo)) out.push({ path: model.configPath, problem });
    }
  }
  for (const rule of REPOSITORY_RULES) out.push(...rule(repo));
  return out;
}
