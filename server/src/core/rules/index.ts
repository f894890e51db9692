import { configMissing } from './configMissing';
import { batchInputsOutputsValid } from './batchInputsOutputs';
import { responseCacheWithDecoupled } from './cacheAndPolicy';
import { dynamicBatchingRule } from './dynamicBatching';
import {
  batchSizeWithinEngine,
  beamWidthWithinEngine,
  chunkedContextSupported,
  inflightBatchingSupported,
} from './engineBatching';
import { engineVersionMatchesImage, worldSizeFitsGpus, worldSizeMatchesRanks } from './engineDeployment';
import { engineConfigPresent, engineConfigReadable, rankEnginesPresent } from './engineFiles';
import { contextLogitsGathered, logitsDataTypeMatches } from './engineLogits';
import { ensembleSettings, ensembleStepFields } from './ensembleConfig';
import { ensembleGraph } from './ensembleGraph';
import { ensembleStepModels } from './ensembleSteps';
import { ensembleDataFlow } from './ensembleTensors';
import { inputsOutputsValid, ioNamesUnique, labelFilesUnique } from './inputsOutputs';
import { instanceGroupsRule } from './instanceGroups';
import { labelFiles } from './labels';
import { llmapiModelYaml } from './llmapiModelYaml';
import { metricFamilyRule, modelMetricsRule } from './metrics';
import { maxBatchSizeNotNegative, nameMatchesDirectory } from './nameAndBatch';
import {
  backendDeterminable,
  backendWellKnown,
  ensembleHasNoBackend,
  platformKnown,
  platformMatchesBackend,
  runtimeStaysInside,
} from './platformBackend';
import {
  batchStrategyWithSequenceBatcher,
  sequenceBatchingRule,
  sequenceBatchingWithoutCache,
  sequenceStatesRule,
} from './sequenceBatching';
import { trtllmMissingParameters, trtllmParameterKeys, trtllmParameterValues } from './trtllmParameters';
import type { ModelRule, RepositoryRule } from './types';
import { modelFilePresent, versionPolicy } from './versions';
import { modelFileNotRead, onnxAutoComplete, onnxInputsOutputs, onnxModelReadable } from './onnxModel';
import { warmupRule } from './warmup';

/**
 * Every load-time rule, in the order Triton applies them (section 0 of the rule catalogue:
 * P -> A -> V -> IO -> N -> G -> L -> B -> I), so that the first problem reported for a model is the
 * one Triton would print. Add new rules here.
 */
export const MODEL_RULES: ModelRule[] = [
  // Stage A: server-side autofill (platform/backend from the config and the first version directory).
  backendDeterminable,
  // Stage V, ValidateModelConfig, in its own order: platform/backend, max_batch_size, dynamic
  // batching, sequence batching, ensemble, response cache, metrics.
  platformKnown,
  ensembleHasNoBackend,
  platformMatchesBackend,
  maxBatchSizeNotNegative,
  dynamicBatchingRule,
  sequenceBatchingRule,
  ensembleSettings,
  ensembleStepFields,
  ensembleDataFlow,
  responseCacheWithDecoupled,
  sequenceBatchingWithoutCache,
  modelMetricsRule,
  // Stage IO: ValidateModelIOConfig (at poll time in strict mode, at Model::Init otherwise).
  inputsOutputsValid,
  batchInputsOutputsValid,
  // Stage N: the name against the directory, after the config itself is validated.
  nameMatchesDirectory,
  // Stage L: version directories.
  versionPolicy,
  // Stage B, model creation: backend library and runtime, instance groups, the batching strategy,
  // what the backend loads.
  runtimeStaysInside,
  backendWellKnown,
  instanceGroupsRule,
  batchStrategyWithSequenceBatcher,
  modelFilePresent,
  // Issue 17: the ONNX Runtime backend's reading of its model file: the file itself, its
  // auto-complete, then ValidateInputs/ValidateOutputs; other backends' files are not read (a hint).
  onnxModelReadable,
  onnxAutoComplete,
  onnxInputsOutputs,
  modelFileNotRead,
  // TensorRT-LLM's model initialisation (issue 5): its engine files, then what the backend and the
  // executor check against the engine's config.json, then the deployment and image it runs in.
  engineConfigPresent,
  engineVersionMatchesImage,
  rankEnginesPresent,
  worldSizeMatchesRanks,
  worldSizeFitsGpus,
  inflightBatchingSupported,
  beamWidthWithinEngine,
  chunkedContextSupported,
  batchSizeWithinEngine,
  logitsDataTypeMatches,
  contextLogitsGathered,
  // Stage I, Model::Init, scheduler and instances: labels, sequence states, warmup, metric family
  // warnings; lints last.
  labelFilesUnique,
  labelFiles,
  sequenceStatesRule,
  warmupRule,
  metricFamilyRule,
  ioNamesUnique,
  // Issue 5: the TensorRT-LLM backend's own reading of `parameters` (at model instance creation).
  trtllmMissingParameters,
  trtllmParameterKeys,
  trtllmParameterValues,
];

export const REPOSITORY_RULES: RepositoryRule[] = [
  // Stage P: a sub-directory without config.pbtxt is still a model to Triton.
  configMissing,
  // Stage G: the dependency graph (missing models, cycles), then stage E: each step against its model.
  ensembleGraph,
  ensembleStepModels,
  // An engine's config.json that cannot be read, reported on that file.
  engineConfigReadable,
  // Issue 7: the llmapi model's model.yaml, reported on that file (and a missing one on config.pbtxt).
  llmapiModelYaml,
];
