// The repository's config.pbtxt files against the engine a profile will build: the checker's own engine/
// rules (in-flight batching, batch size, beam width, chunked context: TRTLLM_FACTS.md C1/C2, C6, C8, C16) run with the planned
// config.json in place of the model's engine. Reads the repository through the Node FileSystem.
import { loadRepository } from '../core/check/loadRepository';
import { readEngineConfig } from '../core/engine/engineConfig';
import type { EngineUnderCheck } from '../core/engine/findEngine';
import { runsEngine } from '../core/trtllm/recognise';
import {
  batchSizeWithinEngine,
  beamWidthWithinEngine,
  chunkedContextSupported,
  inflightBatchingSupported,
} from '../core/rules/engineBatching';
import type { CheckedModel } from '../core/rules/types';
import { LineIndex } from '../core/text/lineIndex';
import { nodeFileSystem } from '../host/nodeFileSystem';
import { plannedEngineConfig } from './args';
import type { BuildProfile } from './profile';

export interface RepositoryWarning {
  /** config.pbtxt of the model. */
  path: string;
  line: number;
  character: number;
  code: string;
  message: string;
}

/** Warnings for the models of `repositoryPath` that run an engine, as if `outputDir` held the planned engine. */
export function checkRepositoryAgainstPlan(
  profile: BuildProfile,
  repositoryPath: string,
  outputDir: string,
): Promise<RepositoryWarning[]> {
  return checkRepositoryAgainstEngine(repositoryPath, outputDir, plannedEngineConfig(profile));
}

/** The same warnings for an engine's config.json text (the one a build has just written). */
export async function checkRepositoryAgainstEngine(
  repositoryPath: string,
  outputDir: string,
  text: string,
): Promise<RepositoryWarning[]> {
  const repo = await loadRepository(repositoryPath, nodeFileSystem, {
    autoComplete: true,
    checkLayout: false,
  });
  const engine: EngineUnderCheck = {
    dirPath: outputDir,
    configPath: `${outputDir}/config.json`,
    text,
    read: readEngineConfig(text),
    files: ['config.json'],
  };
  const out: RepositoryWarning[] = [];
  for (const model of repo.models.values()) {
    if (!model.clean || !model.config || !model.text || !model.parsed || !runsEngine(model.config)) continue;
    const checked = { ...model, engine } as CheckedModel;
    const lines = new LineIndex(model.text);
    for (const rule of [
      inflightBatchingSupported,
      batchSizeWithinEngine,
      beamWidthWithinEngine,
      chunkedContextSupported,
    ]) {
      for (const p of rule(checked, repo)) {
        const pos = lines.positionAt(p.start);
        out.push({
          path: model.configPath,
          line: pos.line,
          character: pos.character,
          code: p.code,
          message: p.message,
        });
      }
    }
  }
  return out;
}
