// A build over the container runtime: convert_checkpoint.py, then trtllm-build, each in its own container
// of the profile's image with the profile's GPUs, writing into a TEMPORARY directory beside the output. Only
// a build whose config.json the engine reader accepts (and whose rank files are all there) is moved into
// place, with a build record beside the engine; a failure or a cancellation removes the containers and the
// temporary directory, so nothing half-written is left and the previous engine stays.
import { existsSync, promises as fsp } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { readEngineConfig, worldSize } from '../core/engine/engineConfig';
import { RuntimeError, isRuntimeError } from '../deploy/runtime';
import type { ContainerRuntime, LogLine, RuntimeErrorKind } from '../deploy/runtime';
import { LABEL_WORKSPACE, deviceRequests } from '../deploy/spec';
import type { ContainerSpec } from '../deploy/spec';
import { parseSize } from '../deploy/profile';
import { CONTAINER_INPUT, CONTAINER_WORK, buildArgv, convertArgv, imageTrtllm } from './args';
import { CONTAINER_TRTLLM_SOURCE } from './families';
import { ConvertScriptNotFound, findConvertScript } from './probe';
import type { ConvertScriptChoice, ProbeCache } from './probe';
import { buildProfileName, parseBuildProfile } from './profile';
import type { BuildProfile } from './profile';
import { matchEngineToImage } from './versions';
import { checkRepositoryAgainstEngine } from './repositoryCheck';
import type { RepositoryWarning } from './repositoryCheck';
import { readProfileFile } from '../deploy/profileFile';
import type { ProfileIssue } from '../deploy/profileFile';

import {
  BUILD_RECORD,
  LABEL_BUILD,
  LABEL_BUILD_STAGING,
  createStaging,
  recoverBuild,
  releaseStaging,
} from './recovery';
import type { RunningBuild } from './recovery';

export { BUILD_RECORD, LABEL_BUILD };
/** A build may take hours; the runtime's wait needs a bound all the same. */
export const STEP_TIMEOUT_MS = 12 * 3600_000;

export interface LoadedBuildProfile {
  path: string;
  profile: BuildProfile;
  /** The profile's text as read, to point problems at its fields. */
  text?: string;
  checkpointPath: string;
  outputPath: string;
  repositoryPath?: string;
  /** The profile's `tensorrtLlmSource`, resolved. */
  sourcePath?: string;
}

export type LoadBuildResult =
  | { ok: true; loaded: LoadedBuildProfile }
  | { ok: false; path: string; problems: string[]; issues: ProfileIssue[]; text?: string };

export async function loadBuildProfileFile(file: string): Promise<LoadBuildResult> {
  const read = await readProfileFile(file, parseBuildProfile);
  if (!read.ok) return read;
  const { path, profile, text } = read;
  const base = dirname(path);
  const loaded: LoadedBuildProfile = {
    path,
    profile,
    text,
    checkpointPath: resolve(base, profile.checkpointDir),
    outputPath: resolve(base, profile.outputDir),
  };
  if (profile.modelRepository) loaded.repositoryPath = resolve(base, profile.modelRepository);
  if (profile.tensorrtLlmSource) loaded.sourcePath = resolve(base, profile.tensorrtLlmSource);
  return { ok: true, loaded };
}

export type BuildStep = 'convert' | 'build';

/** The container of one step: the image, the argv, the checkpoint read-only and the work directory. */
export function stepSpec(
  loaded: LoadedBuildProfile,
  step: BuildStep,
  cmd: string[],
  workDir: string,
  workspace: string,
  suffix: string,
): ContainerSpec {
  const { profile } = loaded;
  const name = buildProfileName(loaded.path)
    .replace(/[^a-zA-Z0-9_.-]/g, '-')
    .replace(/^[^a-zA-Z0-9]+/, '');
  return {
    name: `triton-build-${name || 'profile'}-${step}-${suffix}`,
    Image: profile.image,
    Cmd: cmd,
    Env: Object.entries(profile.env).map(([k, v]) => `${k}=${v}`),
    Labels: { [LABEL_BUILD]: loaded.path, [LABEL_WORKSPACE]: workspace, [LABEL_BUILD_STAGING]: workDir },
    ExposedPorts: {},
    StopSignal: 'SIGTERM',
    Tty: false,
    HostConfig: {
      Binds: [
        `${loaded.checkpointPath}:${CONTAINER_INPUT}:ro`,
        `${workDir}:${CONTAINER_WORK}`,
        ...(loaded.sourcePath ? [`${loaded.sourcePath}:${CONTAINER_TRTLLM_SOURCE}:ro`] : []),
      ],
      PortBindings: {},
      ShmSize: parseSize(profile.shmSize),
      Ulimits: [],
      DeviceRequests: deviceRequests(profile.gpus),
    },
  };
}

export interface BuildRecord {
  version: 1;
  image: string;
  /** TensorRT-LLM of the image per Triton's table, when known. */
  imageTrtllm: string | null;
  /** `version` of the engine's config.json: the TensorRT-LLM that built it. */
  engineTrtllm: string | null;
  /** The convert_checkpoint.py that ran: its path, where it came from, where it was looked for. */
  convertScript: ConvertScriptChoice | null;
  convert: string[] | null;
  build: string[];
  gpus: BuildProfile['gpus'];
  profile: string;
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
}

export interface BuildOptions {
  signal?: AbortSignal;
  onLog?: (step: BuildStep, line: LogLine) => void;
  onProgress?: (message: string) => void;
  /** Label of the containers (default: the profile's directory). */
  workspace?: string;
  stepTimeoutMs?: number;
  now?: () => Date;
  /** Where image probes are remembered (default: a JSON file in the user's cache directory). */
  probeCache?: ProbeCache;
  /** Stop a build of the same profile that is still running (else the build is refused). */
  stopRunning?: boolean;
  /** What the check for a killed earlier build found and did, one line each. */
  onRecovery?: (line: string) => void;
}

export type BuildResult =
  | {
      ok: true;
      outputPath: string;
      record: BuildRecord;
      warnings: string[];
      /** The profile's repository checked against the engine just built (engine/ rules). */
      repositoryWarnings: RepositoryWarning[];
    }
  | {
      ok: false;
      kind:
        | RuntimeErrorKind
        | 'step-failed'
        | 'invalid-engine'
        | 'no-checkpoint'
        | 'no-convert-script'
        | 'build-running';
      step?: BuildStep;
      /** For `build-running`: the build of the same profile that still runs. */
      running?: RunningBuild[];
      message: string;
      /** The profile field the failure points at, when a flag of ours was refused. */
      field?: string;
      tail: string[];
    };

const TAIL = 200;

/** The profile field behind each flag we pass, to point a refused flag back at the profile. */
const FLAG_FIELDS: Record<string, string> = {
  '--dtype': 'dtype',
  '--tp_size': 'tpSize',
  '--pp_size': 'ppSize',
  '--use_weight_only': 'quantization.weightOnly',
  '--weight_only_precision': 'quantization.weightOnly',
  '--int8_kv_cache': 'quantization.int8KvCache',
  '--max_batch_size': 'maxBatchSize',
  '--max_input_len': 'maxInputLen',
  '--max_seq_len': 'maxSeqLen',
  '--max_output_len': 'maxSeqLen',
  '--max_num_tokens': 'maxNumTokens',
  '--max_beam_width': 'maxBeamWidth',
  '--gpt_attention_plugin': 'plugins.gptAttention',
  '--gemm_plugin': 'plugins.gemm',
  '--context_fmha': 'plugins.contextFmha',
  '--remove_input_padding': 'removeInputPadding',
  '--kv_cache_type': 'kvCache.paged',
  '--paged_kv_cache': 'kvCache.paged',
  '--tokens_per_block': 'kvCache.tokensPerBlock',
  '--use_paged_context_fmha': 'kvCache.pagedContextFmha',
  '--logits_dtype': 'logitsDtype',
  '--gather_context_logits': 'gatherContextLogits',
  '--model_dir': 'checkpointDir',
  '--checkpoint_dir': 'checkpointDir',
  // Gemma's script.
  '--model-dir': 'checkpointDir',
  '--world-size': 'tpSize',
  '--use-weight-only-with-precision': 'quantization.weightOnly',
  '--ckpt-type': 'modelFamily',
};

/** The line that says why a step failed: argparse's `error:`, a Python exception, else the last line. */
export function failureLine(tail: readonly string[]): string | undefined {
  for (let i = tail.length - 1; i >= 0; i--) {
    const line = tail[i]!;
    if (/(^|\s)error:|^\w+(Error|Exception): |^\[TRT-LLM\] \[E\]/.test(line)) return line.trim();
  }
  return tail.at(-1)?.trim();
}

export function fieldOf(line: string | undefined): string | undefined {
  for (const flag of line?.match(/--[a-z0-9_-]+/g) ?? []) if (FLAG_FIELDS[flag]) return FLAG_FIELDS[flag];
  return undefined;
}

interface StepOutcome {
  exitCode: number;
  tail: string[];
}

async function runStep(
  runtime: ContainerRuntime,
  spec: ContainerSpec,
  step: BuildStep,
  options: BuildOptions,
): Promise<StepOutcome> {
  const { signal } = options;
  const tail: string[] = [];
  const id = await runtime.create(spec, signal);
  const stopLogs = new AbortController();
  let logsDone: Promise<void> = Promise.resolve();
  try {
    await runtime.start(id, signal);
    logsDone = (async () => {
      for await (const line of runtime.logs(id, { follow: true, signal: stopLogs.signal })) {
        tail.push(line.text);
        if (tail.length > TAIL) tail.shift();
        options.onLog?.(step, line);
      }
    })().catch(() => undefined);
    const exitCode = await runtime.wait(id, options.stepTimeoutMs ?? STEP_TIMEOUT_MS, signal);
    // The log stream ends with the container; give it a moment to deliver the last lines.
    await Promise.race([logsDone, new Promise((r) => setTimeout(r, 2000))]);
    return { exitCode, tail };
  } finally {
    stopLogs.abort();
    await logsDone;
    // Forced removal kills a container that still runs (a cancelled or timed-out step) and waits for it.
    await runtime.remove(id).catch(() => undefined);
  }
}

function failed(e: unknown, tail: string[] = []): BuildResult {
  if (isRuntimeError(e)) return { ok: false, kind: e.kind, message: e.message, tail };
  return { ok: false, kind: 'other', message: e instanceof Error ? e.message : String(e), tail };
}

export async function runBuild(
  runtime: ContainerRuntime,
  loaded: LoadedBuildProfile,
  options: BuildOptions = {},
): Promise<BuildResult> {
  const { profile, outputPath } = loaded;
  const now = options.now ?? (() => new Date());
  const progress = options.onProgress ?? (() => undefined);
  const workspace = options.workspace ?? dirname(loaded.path);
  if (!existsSync(loaded.checkpointPath)) {
    return {
      ok: false,
      kind: 'no-checkpoint',
      field: 'checkpointDir',
      message: `the checkpoint directory ${loaded.checkpointPath} does not exist`,
      tail: [],
    };
  }
  try {
    await runtime.ping(options.signal);
    if (!(await runtime.hasImage(profile.image, options.signal))) {
      throw new RuntimeError(
        'image-missing',
        `The image ${profile.image} is not present on this host: pull it first (docker pull ${profile.image}; ` +
          'NGC images need docker login nvcr.io).',
      );
    }
    const recovery = await recoverBuild(runtime, loaded.path, outputPath, {
      ...(options.stopRunning ? { stopRunning: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onRecovery ? { onMessage: options.onRecovery } : {}),
    });
    if (!recovery.ok) {
      return {
        ok: false,
        kind: 'build-running',
        message: recovery.message,
        running: recovery.running,
        tail: [],
      };
    }
  } catch (e) {
    return failed(e);
  }
  let script: ConvertScriptChoice | undefined;
  try {
    script = await findConvertScript(runtime, profile, loaded.sourcePath, {
      workspace,
      labels: { [LABEL_BUILD]: loaded.path },
      signal: options.signal,
      onProgress: progress,
      ...(options.probeCache ? { cache: options.probeCache } : {}),
    });
  } catch (e) {
    if (e instanceof ConvertScriptNotFound)
      return { ok: false, kind: 'no-convert-script', field: e.field, message: e.message, tail: [] };
    return failed(e);
  }
  if (script)
    progress(`convert_checkpoint.py: ${script.path}${script.cached ? ' (found earlier in this image)' : ''}`);
  const started = now();
  const workDir = await createStaging(outputPath, started);
  const suffix = basename(workDir)
    .slice(-6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x');
  const convert = script ? convertArgv(profile, script.path) : undefined;
  const build = buildArgv(profile);
  try {
    const steps: [BuildStep, string[]][] = convert
      ? [
          ['convert', convert],
          ['build', build],
        ]
      : [['build', build]];
    for (const [step, argv] of steps) {
      progress(
        `${step === 'convert' ? 'converting the checkpoint' : 'building the engine'} in ${profile.image}`,
      );
      let outcome: StepOutcome;
      try {
        outcome = await runStep(
          runtime,
          stepSpec(loaded, step, argv, workDir, workspace, suffix),
          step,
          options,
        );
      } catch (e) {
        return failed(e);
      }
      if (outcome.exitCode !== 0) {
        const line = failureLine(outcome.tail);
        const field = fieldOf(line);
        const tool = step === 'convert' ? 'convert_checkpoint.py' : 'trtllm-build';
        return {
          ok: false,
          kind: 'step-failed',
          step,
          message: `${tool} failed (exit code ${outcome.exitCode})${line ? `: ${line}` : ''}`,
          ...(field ? { field } : {}),
          tail: outcome.tail,
        };
      }
    }
    // Validate what trtllm-build wrote with the checker's engine reader.
    const engineDir = join(workDir, 'engine');
    let text: string;
    try {
      text = await fsp.readFile(join(engineDir, 'config.json'), 'utf8');
    } catch {
      return {
        ok: false,
        kind: 'invalid-engine',
        step: 'build',
        message: 'trtllm-build wrote no config.json',
        tail: [],
      };
    }
    const read = readEngineConfig(text);
    if (!read.ok)
      return { ok: false, kind: 'invalid-engine', step: 'build', message: read.message, tail: [] };
    const world = worldSize(read.config);
    const expected = profile.tpSize * profile.ppSize;
    if (world !== expected) {
      return {
        ok: false,
        kind: 'invalid-engine',
        step: 'build',
        message: `the engine's world size is ${world ?? 'unknown'}, but the profile asks for tpSize x ppSize = ${expected}`,
        tail: [],
      };
    }
    const files = await fsp.readdir(engineDir);
    const missing = Array.from({ length: expected }, (_, r) => `rank${r}.engine`).filter(
      (f) => !files.includes(f),
    );
    if (missing.length) {
      return {
        ok: false,
        kind: 'invalid-engine',
        step: 'build',
        message: `trtllm-build left no ${missing.join(', ')}`,
        tail: [],
      };
    }
    const warnings: string[] = [];
    const engineVersion = read.config.version?.value;
    for (const image of [profile.image, profile.serveImage]) {
      if (!engineVersion || !image) continue;
      const m = matchEngineToImage(engineVersion, image);
      if (m.kind === 'mismatch') warnings.push(m.message);
    }
    const finished = now();
    const record: BuildRecord = {
      version: 1,
      image: profile.image,
      imageTrtllm: imageTrtllm(profile) ?? null,
      engineTrtllm: engineVersion ?? null,
      convertScript: script ?? null,
      convert: convert ?? null,
      build,
      gpus: profile.gpus,
      profile: loaded.path,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationSeconds: Math.round((finished.getTime() - started.getTime()) / 100) / 10,
    };
    await fsp.writeFile(join(engineDir, BUILD_RECORD), JSON.stringify(record, null, 2) + '\n');
    await moveIntoPlace(engineDir, outputPath, join(workDir, 'previous'));
    progress(`engine written to ${outputPath}`);
    const repositoryWarnings = loaded.repositoryPath
      ? await checkRepositoryAgainstEngine(loaded.repositoryPath, outputPath, text)
      : [];
    return { ok: true, outputPath, record, warnings, repositoryWarnings };
  } finally {
    await releaseStaging(workDir);
  }
}

/** Replaces `target` with `source` (same file system: renames), restoring the old one if that fails. */
async function moveIntoPlace(source: string, target: string, aside: string): Promise<void> {
  const had = existsSync(target);
  if (had) await fsp.rename(target, aside);
  try {
    await fsp.rename(source, target);
  } catch (e) {
    if (had) await fsp.rename(aside, target);
    throw e;
  }
}
