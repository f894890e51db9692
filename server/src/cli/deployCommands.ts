// `triton-repo up | down | status`: the container commands, over server/src/deploy (the same code the
// extension uses). Progress and Triton's log go to stderr; results to stdout.
import { resolve } from 'node:path';
import { down, listOurs, status, up } from '../deploy/deploy';
import { formatProblem, profileIssueProblems } from '../build/problems';
import { formatGpu, gpuInventory } from '../host/gpus';
import { listBuildContainers } from '../build/recovery';
import { dockerodeRuntime } from '../deploy/dockerodeRuntime';
import { formatModelState } from '../deploy/models';
import {
  checkRepository,
  countErrors,
  loadProfileFile,
  unrenderedMessage,
  unrenderedVariables,
} from '../deploy/launch';
import { buildGenerateRequest, formatLatency, sendTestRequest } from '../deploy/request';
import { isRuntimeError } from '../deploy/runtime';
import { buildContainerSpec, LABEL_HTTP, redactSpec } from '../deploy/spec';
import { downComposeProjects, runComposeUp } from './composeCommands';
import { COMPOSE_PROJECT_LABEL, LABEL_ROLE } from '../deploy/compose/composeFile';
import type { DownCommand, RequestCommand, StatusCommand, UpCommand } from './args';
import { EXIT } from './exitCodes';
import { formatText } from './output';

const err = (line: string) => process.stderr.write(line + '\n');

export async function runDeployCommand(
  command: UpCommand | DownCommand | StatusCommand | RequestCommand,
): Promise<number> {
  try {
    if (command.command === 'up') return await runUp(command);
    if (command.command === 'request') return await runRequest(command);
    if (command.command === 'down') return await runDown(command);
    return await runStatus(command);
  } catch (e) {
    // Docker unreachable, an image missing, a refused request: the command could not run.
    if (isRuntimeError(e)) {
      err(`triton-repo: ${e.message}`);
      return EXIT.couldNotRun;
    }
    throw e;
  }
}

async function runUp(command: UpCommand): Promise<number> {
  const load = await loadProfileFile(command.profile);
  if (!load.ok) {
    // As build profiles: each problem at its field, `path:line:col: error: ...`.
    for (const p of profileIssueProblems(load.path, load.text, load.issues)) err(formatProblem(p));
    return EXIT.couldNotRun;
  }
  const { loaded } = load;
  const { profile } = loaded;
  // Secrets come from the environment of the same name in the CLI (SecretStorage in VS Code).
  const secrets: Record<string, string> = {};
  for (const name of profile.secrets) {
    const value = process.env[name];
    if (value === undefined) {
      err(
        `triton-repo: the profile needs the secret ${name}: set it in the environment (export ${name}=...)`,
      );
      return EXIT.couldNotRun;
    }
    secrets[name] = value;
  }
  // Checked before a dry run too: a dry run says whether the launch would go ahead.
  const report = await checkRepository(loaded);
  const errors = countErrors(report);
  const unrendered = unrenderedVariables(report);
  if (errors > 0 || report.failures.length > 0) {
    process.stdout.write(formatText(report));
    for (const f of report.failures) err(`triton-repo: ${f.path}: ${f.message}`);
    err(
      unrendered.size > 0
        ? `triton-repo: not launching: ${unrenderedMessage(loaded.repositoryPath, unrendered)}`
        : `triton-repo: not launching: the model repository ${loaded.repositoryPath} has errors`,
    );
    return report.failures.length > 0 ? EXIT.couldNotRun : EXIT.problems;
  }
  if (profile.replicas > 1) return runComposeUp(dockerodeRuntime(), loaded, command);
  const spec = buildContainerSpec(profile, {
    profilePath: loaded.path,
    repositoryPath: loaded.repositoryPath,
    workspace: resolve(command.workspace ?? process.cwd()),
    secrets,
  });
  if (command.dryRun) {
    process.stdout.write(JSON.stringify(redactSpec(spec, profile.secrets), null, 2) + '\n');
    return EXIT.ok;
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await up(dockerodeRuntime(), spec, {
      readyTimeoutMs: (command.timeoutSeconds ?? profile.readyTimeoutSeconds) * 1000,
      repositoryPath: loaded.repositoryPath,
      signal: controller.signal,
      recreate: command.recreate,
      onLog: (line) => err(`[${spec.name}] ${line.text}`),
      onProgress: (m) => err(`triton-repo: ${m}`),
    });
    if (result.ok) {
      const already = result.existing ? '; it was already running' : '';
      process.stdout.write(
        `ready: ${result.url} (container ${result.name}, ${result.id.slice(0, 12)}${already})\n`,
      );
      return EXIT.ok;
    }
    if (result.kind === 'spec-changed') {
      err(`triton-repo: ${spec.name} runs with another spec than the profile's:`);
      for (const c of result.changes ?? []) err(`  ${c}`);
      err('triton-repo: run `triton-repo up --recreate` to replace it (it is stopped first)');
      return EXIT.problems;
    }
    for (const d of result.diagnostics) {
      const { line, character } = d.diagnostic.range.start;
      process.stdout.write(
        `${d.path}:${line + 1}:${character + 1}: error ${d.diagnostic.code}: ${d.diagnostic.message}\n`,
      );
    }
    err(`triton-repo: ${result.message}`);
    // Triton ran and refused the repository: problems found. Anything else (Docker refused the container,
    // no readiness in time, Ctrl-C): the launch could not run.
    return result.kind === 'exited' ? EXIT.problems : EXIT.couldNotRun;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

async function runDown(command: DownCommand): Promise<number> {
  const runtime = dockerodeRuntime();
  const workspace = command.workspace === undefined ? {} : { workspace: resolve(command.workspace) };
  const filters = command.all
    ? [workspace]
    : command.profiles.map((p) => ({ ...workspace, profilePath: resolve(p) }));
  let stopped = 0;
  for (const filter of filters) {
    // Compose projects (replicas > 1) go down through Compose, draining; the rest one container at a time.
    const projects = await downComposeProjects(runtime, await listOurs(runtime, filter));
    stopped += projects.stopped;
    const single = new Set(projects.rest.map((c) => c.id));
    for (const r of await down(runtime, filter, undefined, (c) => single.has(c.id))) {
      stopped++;
      const how =
        r.outcome === 'terminated'
          ? `stopped by SIGTERM (exit code ${r.exitCode})`
          : r.outcome === 'killed'
            ? `killed after the grace period (exit code ${r.exitCode})`
            : `was not running (exit code ${r.exitCode})`;
      process.stdout.write(`${r.name}: ${how}; removed\n`);
    }
  }
  if (stopped === 0) process.stdout.write('no container of ours to stop\n');
  return EXIT.ok;
}

async function runStatus(command: StatusCommand): Promise<number> {
  const runtime = dockerodeRuntime();
  const filter = command.workspace === undefined ? {} : { workspace: resolve(command.workspace) };
  const entries = await status(runtime, filter);
  // Engine builds too (running, or left behind by a killed build): nothing of ours is hidden.
  const builds = await listBuildContainers(runtime, filter);
  if (command.format === 'json') {
    const out = entries.map((e) => ({
      name: e.name,
      id: e.id,
      image: e.image,
      state: e.state,
      status: e.status,
      ready: e.ready,
      url: e.url,
      profile: e.labels['dev.triton-toolkit.profile'],
      repository: e.labels['dev.triton-toolkit.repository'],
      // A replica or the balancer of a Compose project (replicas > 1), and which project.
      ...(e.labels[COMPOSE_PROJECT_LABEL] !== undefined
        ? { composeProject: e.labels[COMPOSE_PROJECT_LABEL], role: e.labels[LABEL_ROLE] }
        : {}),
      ...(e.models ? { models: e.models } : {}),
      ...(e.modelsError ? { modelsError: e.modelsError } : {}),
    }));
    const gpus = gpuInventory();
    process.stdout.write(
      JSON.stringify(
        {
          version: 1,
          containers: out,
          builds: builds.map((b) => ({
            name: b.name,
            id: b.id,
            image: b.image,
            state: b.state,
            status: b.status,
            profile: b.profile,
            ...(b.age ? { age: b.age } : {}),
          })),
          ...(gpus ? { gpus } : {}),
        },
        null,
        2,
      ) + '\n',
    );
    return EXIT.ok;
  }
  const gpus = gpuInventory();
  process.stdout.write(
    gpus === undefined
      ? 'GPUs: unknown (no nvidia-smi)\n'
      : `GPUs: ${gpus.length === 0 ? 'none' : gpus.map(formatGpu).join('; ')}\n`,
  );
  if (entries.length === 0 && builds.length === 0) process.stdout.write('no container of ours\n');
  // A Compose project's containers together, under one line naming the project.
  const projectOf = (e: (typeof entries)[number]) => e.labels[COMPOSE_PROJECT_LABEL] ?? '';
  const sorted = [...entries].sort((a, b) => projectOf(a).localeCompare(projectOf(b)));
  let project = '';
  for (const e of sorted) {
    if (projectOf(e) !== project) {
      project = projectOf(e);
      const members = sorted.filter((m) => projectOf(m) === project);
      const replicas = members.filter((m) => m.labels[LABEL_ROLE] === 'replica');
      const ready = replicas.filter((m) => m.ready).length;
      process.stdout.write(
        `${project}\tCompose project: ${ready} of ${replicas.length} replicas ready\t${e.labels['dev.triton-toolkit.profile'] ?? ''}\n`,
      );
    }
    const health = e.state === 'running' ? (e.ready ? 'ready' : 'not ready') : e.state;
    const indent = project ? '  ' : '';
    process.stdout.write(`${indent}${e.name}\t${health}\t${e.url ?? ''}\t${e.status}\t${e.image}\n`);
    for (const m of e.models ?? []) process.stdout.write(`  ${formatModelState(m)}\n`);
    if (e.modelsError) process.stdout.write(`  models unknown: ${e.modelsError}\n`);
  }
  for (const b of builds) {
    const age = b.age
      ? `${b.state === 'running' ? 'running for' : 'created'} ${b.age}${b.state === 'running' ? '' : ' ago'}`
      : '';
    process.stdout.write(`${b.name}\tbuild ${b.state}\t${age}\t${b.profile}\t${b.image}\n`);
  }
  return EXIT.ok;
}

async function runRequest(command: RequestCommand): Promise<number> {
  const found = await listOurs(dockerodeRuntime(), {
    profilePath: resolve(command.profile),
    ...(command.workspace === undefined ? {} : { workspace: resolve(command.workspace) }),
  });
  const running = found.find((c) => c.state === 'running' && c.labels[LABEL_HTTP]);
  if (!running) {
    err(`triton-repo: no running container of ${resolve(command.profile)}: start it with triton-repo up`);
    return EXIT.couldNotRun;
  }
  const req = buildGenerateRequest({
    base: running.labels[LABEL_HTTP]!,
    prompt: command.prompt,
    stream: command.stream,
    ...(command.model === undefined ? {} : { model: command.model }),
    ...(command.maxTokens === undefined ? {} : { maxTokens: command.maxTokens }),
  });
  err(`triton-repo: POST ${req.url}`);
  let r;
  try {
    r = await sendTestRequest(req);
  } catch (e) {
    // No answer at all (connection refused, timeout): the request could not be made.
    err(`triton-repo: no answer from ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.couldNotRun;
  }
  process.stdout.write(`${r.text}\n`);
  err(`triton-repo: ${r.ok ? 'HTTP' : 'failed: HTTP'} ${r.status}, latency ${formatLatency(r)}`);
  return r.ok ? EXIT.ok : EXIT.problems;
}
