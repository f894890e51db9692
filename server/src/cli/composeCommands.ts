// `triton-repo up | down` for a profile with replicas > 1: its Compose project (files kept beside the
// profile, in .triton-compose/<name>/) run through the Compose tool on the machine, which is always named.
import { join, resolve } from 'node:path';
import { composeDown, composeUp, COMPOSE_FILES_LABEL, serviceNames } from '../deploy/compose/composeDeploy';
import { COMPOSE_PROJECT_LABEL } from '../deploy/compose/composeFile';
import {
  composeFileIn,
  composeProjectName,
  composeStateDir,
  planComposeProject,
} from '../deploy/compose/composeFiles';
import { findComposeTool } from '../deploy/compose/composeTool';
import { stop } from '../deploy/deploy';
import type { LoadedProfile } from '../deploy/launch';
import type { ContainerInfo, ContainerRuntime } from '../deploy/runtime';
import { formatLocatedProblem } from '../deploy/exportedFile';
import { writeExportFiles } from '../deploy/writeExport';
import { formatProblem, profileIssueProblems } from '../build/problems';
import type { UpCommand } from './args';
import { EXIT } from './exitCodes';
import { gpuInventory } from '../host/gpus';

const err = (line: string) => process.stderr.write(line + '\n');

export async function runComposeUp(
  runtime: ContainerRuntime,
  loaded: LoadedProfile,
  command: UpCommand,
): Promise<number> {
  const dir = composeStateDir(loaded.path);
  const plan = planComposeProject(loaded.profile, loaded.path, {
    outDir: dir,
    workspace: resolve(command.workspace ?? process.cwd()),
    hostGpus: gpuInventory()?.map((g) => String(g.index)),
  });
  if (!plan.ok) {
    if ('profileProblems' in plan) {
      for (const p of profileIssueProblems(loaded.path, loaded.text, plan.profileProblems))
        err(formatProblem(p));
    } else {
      for (const f of plan.fileProblems)
        for (const p of f.problems) err(formatLocatedProblem(join(dir, f.path), p));
    }
    err('triton-repo: not launching');
    return EXIT.problems;
  }
  if (command.dryRun) {
    for (const f of plan.project.files) process.stdout.write(`# ${f.path}\n${f.text}`);
    return EXIT.ok;
  }
  const tool = findComposeTool();
  // The project's files are ours alone (.triton-compose/): always replaced by the profile's, with the
  // header and the atomic write of every export.
  await writeExportFiles(dir, plan.project.files, { force: true });
  const project = { name: composeProjectName(loaded.path), file: composeFileIn(dir) };
  const lb = loaded.profile.loadBalancer ?? { port: 8080, bindAddress: '127.0.0.1' };
  const host = lb.bindAddress.includes(':') ? `[${lb.bindAddress}]` : lb.bindAddress;
  const balancerUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${lb.port}`;
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    err(`triton-repo: using ${tool.label} (project ${project.name}, files in ${dir})`);
    const result = await composeUp(
      tool,
      runtime,
      project,
      {
        replicas: loaded.profile.replicas,
        balancerUrl,
        readyTimeoutMs: (command.timeoutSeconds ?? loaded.profile.readyTimeoutSeconds) * 1000,
      },
      {
        signal: controller.signal,
        onLine: (line) => err(`[compose] ${line}`),
        onProgress: (m) => err(`triton-repo: ${m}`),
      },
    );
    if (!result.ok) {
      err(`triton-repo: ${result.message}`);
      return EXIT.couldNotRun;
    }
    process.stdout.write(
      `ready: ${balancerUrl} (${loaded.profile.replicas} replicas behind nginx, Compose project ${project.name}, run by ${tool.label})\n`,
    );
    return EXIT.ok;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/**
 * Takes down the Compose projects among `containers` (by Compose's project label), draining; returns the
 * containers that are not in a project, for the single-container path. Without the project's file (removed
 * by hand) its containers are stopped one by one, replicas first, and the network is named as left over.
 */
export async function downComposeProjects(
  runtime: ContainerRuntime,
  containers: ContainerInfo[],
): Promise<{ rest: ContainerInfo[]; stopped: number }> {
  const projects = new Map<string, ContainerInfo[]>();
  const rest: ContainerInfo[] = [];
  for (const c of containers) {
    const project = c.labels[COMPOSE_PROJECT_LABEL];
    if (project === undefined) rest.push(c);
    else projects.set(project, [...(projects.get(project) ?? []), c]);
  }
  let stopped = 0;
  for (const [name, members] of projects) {
    const file = members
      .map((c) => c.labels[COMPOSE_FILES_LABEL])
      .find((f) => f !== undefined)
      ?.split(',')[0];
    const services = await serviceNames(runtime, name);
    let tool;
    try {
      tool = file === undefined ? undefined : findComposeTool();
    } catch (e) {
      err(`triton-repo: ${(e as Error).message}`);
    }
    if (tool && file) {
      const r = await composeDown(tool, { name, file }, services, {
        onLine: (line) => err(`[compose] ${line}`),
        onProgress: (m) => err(`triton-repo: ${m}`),
      });
      process.stdout.write(
        `${name}: ${r.ok ? 'stopped (replicas drained, nginx last) and removed' : 'down failed (see above)'} by ${tool.label}\n`,
      );
      stopped += members.length;
      continue;
    }
    // No Compose tool or no file: stop the containers ourselves, in the same order.
    const order = [...members].sort(
      (a, b) =>
        Number(a.labels['dev.triton-toolkit.role'] === 'balancer') -
        Number(b.labels['dev.triton-toolkit.role'] === 'balancer'),
    );
    for (const c of order) {
      const r = await stop(runtime, c.id, undefined, undefined);
      process.stdout.write(`${r.name}: ${r.outcome}; removed\n`);
      stopped++;
    }
    err(`triton-repo: ${name}: its network ${name}_default is left (no Compose file to take it down)`);
  }
  return { rest, stopped };
}
