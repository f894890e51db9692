// The engine's files: config.json readable, present where config.pbtxt says, one engine per rank.
import type { Problem } from '../diagnostics/problem';
import { worldSize } from '../engine/engineConfig';
import type { EngineConfig } from '../engine/engineConfig';
import { ENGINE_CONFIG } from '../engine/findEngine';
import { engineAnchor, engineDirText, engineProblem, withEngine } from './engineKit';
import type { ModelRule, RepositoryRule, RuleProblem } from './types';

/** A config.json that does not parse, or has neither layout: reported once per file, on the file. */
export const engineConfigReadable: RepositoryRule = (repo) => {
  const out: RuleProblem[] = [];
  const seen = new Set<string>();
  for (const model of repo.models.values()) {
    const engine = model.engine;
    if (!engine?.read || engine.read.ok || seen.has(engine.configPath)) continue;
    seen.add(engine.configPath);
    const { start, end, message } = engine.read;
    out.push({ path: engine.configPath, problem: { code: 'engine/invalid-config', start, end, message } });
  }
  return out;
};

/** A readable engine directory named by config.pbtxt must hold config.json. */
export const engineConfigPresent: ModelRule = (model) => {
  const engine = model.engine;
  if (!engine?.via || engine.files.includes(ENGINE_CONFIG)) return [];
  return [
    {
      code: 'engine/config-missing',
      start: engine.via.start,
      end: engine.via.end,
      message: `engine directory ${engineDirText(engine)} (${engine.via.key}) has no ${ENGINE_CONFIG}: trtllm-build writes it next to the rank<N>.engine files`,
    },
  ];
};

/** Engine file names of each rank (TRTLLM_FACTS.md 3.1 and 3.4). */
function rankFile(config: EngineConfig, rank: number): string | undefined {
  if (config.layout === 'current') return `rank${rank}.engine`;
  const name = config.architecture?.value;
  const precision = config.dtype?.value;
  const tp = config.tpSize?.value;
  const pp = config.ppSize?.value ?? 1;
  if (name === undefined || precision === undefined || tp === undefined) return undefined;
  return `${name}_${precision}_tp${tp}${pp > 1 ? `_pp${pp}` : ''}_rank${rank}.engine`;
}

/** C3: each rank loads its own engine file, so the directory holds one per rank of the world size. */
export const rankEnginesPresent: ModelRule = (model) => {
  const found = withEngine(model);
  const world = found && worldSize(found.config);
  if (!found || world === undefined || world < 1 || world > 4096) return [];
  const missing: string[] = [];
  for (let r = 0; r < world; r++) {
    const file = rankFile(found.config, r);
    if (file === undefined) return [];
    if (!found.engine.files.includes(file)) missing.push(file);
  }
  if (missing.length === 0) return [];
  const shown = missing.length > 4 ? [...missing.slice(0, 3), `and ${missing.length - 3} more`] : missing;
  const problem: Problem = engineProblem(
    'engine/missing-rank-engine',
    engineAnchor(model),
    `engine directory ${engineDirText(found.engine)} lacks ${shown.join(', ')}: the engine was built for ${world} rank${world === 1 ? '' : 's'} and each rank loads its own engine file`,
    found.engine,
    found.config.tpSize ? [found.config.tpSize] : [],
  );
  return [problem];
};
