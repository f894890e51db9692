// Issue 7: TensorRT-LLM's llmapi model, configured by `<version>/model.yaml` instead of `parameters`
// (TRTLLM_FACTS.md section 1, `llmapi/tensorrt_llm`). Each model.yaml's own problems are reported on
// it; then what it says is compared with config.pbtxt and the deployment.
import type { Problem } from '../diagnostics/problem';
import { boolOf, messageOf, numberOf } from '../model/configModel';
import { fieldSpan } from './ruleKit';
import type { Span } from './ruleKit';
import type { CheckedModel, RepositoryRule, RepositoryUnderCheck, RuleProblem } from './types';
import { selectedVersions } from './versions';
import type { ModelYamlUnderCheck } from '../llmapi/findModelYaml';

export const llmapiModelYaml: RepositoryRule = (repo) => {
  const out: RuleProblem[] = [];
  for (const model of repo.models.values()) {
    const yamls = model.modelYamls;
    if (!yamls) continue;
    // The file's own problems, whatever the state of config.pbtxt.
    for (const y of yamls) for (const problem of y.check?.problems ?? []) out.push({ path: y.path, problem });
    if (!model.clean || !model.config || model.text === undefined) continue;
    const checked = model as CheckedModel;
    const loaded = new Set((selectedVersions(checked)?.versions ?? []).map(String));
    for (const y of yamls) {
      // A version Triton does not load is never read by its model.py.
      if (!loaded.has(String(Number(y.version))) && loaded.size > 0) continue;
      if (y.text === undefined) out.push({ path: model.configPath, problem: missingYaml(checked, y) });
      else
        out.push(
          ...(repo.options.autoComplete ? compareWithConfig(checked, y) : tritonConfigIgnored(checked, y)),
          ...compareWithDeployment(y, repo),
        );
    }
  }
  return out;
};

function anchor(model: CheckedModel): Span {
  return fieldSpan(model.config, 'backend') ?? fieldSpan(model.config, 'name') ?? { start: 0, end: 0 };
}

function missingYaml(model: CheckedModel, y: ModelYamlUnderCheck): Problem {
  const at = anchor(model);
  return {
    code: 'trtllm/llmapi-missing-yaml',
    start: at.start,
    end: at.end,
    message: `the llmapi model reads its LLM API settings from ${y.version}/model.yaml, which does not exist: its model.py fails to load unless the environment variable LLM_CONFIG_PATH names another file`,
  };
}

/**
 * `triton_config` is applied through the Python backend's auto-complete, which cannot overwrite what
 * config.pbtxt sets (the template's own comment says so): a disagreement means model.yaml's value is
 * not the one in force. A `max_batch_size` of 0 in config.pbtxt is protobuf's "not set".
 */
function compareWithConfig(model: CheckedModel, y: ModelYamlUnderCheck): RuleProblem[] {
  const facts = y.check?.facts;
  if (!facts) return [];
  const out: RuleProblem[] = [];
  const pbtxtBatch = numberOf(model.config, 'max_batch_size');
  const batchAt = fieldSpan(model.config, 'max_batch_size');
  const yb = facts.tritonMaxBatchSize;
  if (yb && pbtxtBatch !== undefined && pbtxtBatch !== 0 && batchAt && pbtxtBatch !== yb.value)
    out.push(
      mismatch(
        y,
        model,
        yb,
        batchAt,
        `triton_config.max_batch_size is ${yb.value}, but config.pbtxt sets max_batch_size ${pbtxtBatch}: model.py cannot overwrite a value set in config.pbtxt, so ${pbtxtBatch} applies`,
      ),
    );
  const policy = messageOf(model.config, 'model_transaction_policy');
  const decoupled = policy && boolOf(policy, 'decoupled');
  const decoupledAt = policy && fieldSpan(policy, 'decoupled');
  const yd = facts.tritonDecoupled;
  if (yd && decoupled !== undefined && decoupledAt && decoupled !== yd.value)
    out.push(
      mismatch(
        y,
        model,
        yd,
        decoupledAt,
        `triton_config.decoupled is ${yd.value ? 'True' : 'False'}, but config.pbtxt sets model_transaction_policy { decoupled: ${decoupled} }: model.py cannot overwrite a value set in config.pbtxt, so ${decoupled} applies${decoupled ? '' : ' and streaming requests are refused'}`,
      ),
    );
  return out;
}

/**
 * Under --disable-auto-complete-config (launch_triton_server.py always passes it; so does a deployment unless
 * its profile says `autoCompleteConfig: true`) the Python backend never calls model.py's auto_complete_config:
 * `triton_config` never reaches Triton. Said where config.pbtxt does not already hold the same values.
 * model.py still reads `decoupled` for its own streaming check.
 */
function tritonConfigIgnored(model: CheckedModel, y: ModelYamlUnderCheck): RuleProblem[] {
  const at = y.check?.facts.tritonConfig;
  if (!at) return [];
  const facts = y.check!.facts;
  const policy = messageOf(model.config, 'model_transaction_policy');
  const decoupled = (policy && boolOf(policy, 'decoupled')) ?? false;
  const needed: string[] = [];
  const batch = facts.tritonMaxBatchSize?.value;
  if (batch !== undefined && batch !== (numberOf(model.config, 'max_batch_size') ?? 0))
    needed.push(`max_batch_size: ${batch}`);
  if (facts.tritonDecoupled && facts.tritonDecoupled.value !== decoupled)
    needed.push(`model_transaction_policy { decoupled: ${facts.tritonDecoupled.value} }`);
  // config.pbtxt already says the same: nothing is lost.
  if (needed.length === 0) return [];
  const advice = `write ${needed.join(' and ')} in config.pbtxt instead`;
  return [
    {
      path: y.path,
      problem: {
        code: 'trtllm/llmapi-triton-config-ignored',
        start: at.start,
        end: at.end,
        message:
          "triton_config is not applied: Triton runs with --disable-auto-complete-config (as NVIDIA's launch_triton_server.py always starts it, and a deployment unless its profile sets autoCompleteConfig: true), so model.py's auto_complete_config never runs. " +
          `W${advice.slice(1)}${facts.tritonDecoupled ? '; model.py still reads decoupled from here for its streaming check, so keep the two equal' : ''}`,
      },
    },
  ];
}

function mismatch(
  y: ModelYamlUnderCheck,
  model: CheckedModel,
  at: Span,
  pbtxt: Span,
  message: string,
): RuleProblem {
  return {
    path: y.path,
    problem: {
      code: 'trtllm/llmapi-triton-config-mismatch',
      start: at.start,
      end: at.end,
      message,
      related: [
        { start: pbtxt.start, end: pbtxt.end, message: 'set here in config.pbtxt', path: model.configPath },
      ],
    },
  };
}

/** One GPU per rank: tensor x pipeline x context parallel ranks against the serving machine's GPUs. */
function compareWithDeployment(y: ModelYamlUnderCheck, repo: RepositoryUnderCheck): RuleProblem[] {
  const gpus = repo.options.gpuCount;
  const facts = y.check?.facts;
  if (gpus === undefined || !facts) return [];
  const tp = facts.tensorParallel?.value ?? 1;
  const pp = facts.pipelineParallel?.value ?? 1;
  const cp = facts.contextParallel?.value ?? 1;
  const world = tp * pp * cp;
  const at = facts.tensorParallel ?? facts.pipelineParallel ?? facts.contextParallel;
  if (world <= gpus || !at) return [];
  return [
    {
      path: y.path,
      problem: {
        code: 'trtllm/llmapi-world-size-exceeds-gpus',
        start: at.start,
        end: at.end,
        message: `model.yaml asks for ${world} GPU${world === 1 ? '' : 's'} (tensor_parallel_size ${tp} x pipeline_parallel_size ${pp}${cp !== 1 ? ` x context_parallel_size ${cp}` : ''}), but the serving machine has ${gpus} GPU${gpus === 1 ? '' : 's'}`,
      },
    },
  ];
}
