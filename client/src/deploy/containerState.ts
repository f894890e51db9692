// The status bar and the view follow the engine's real state, not the last command: the containers of the
// workspace are polled (a window reload finds them again), and the log stream of each running container is
// followed into the output, re-attached after a reload.
import type * as vscode from 'vscode';
import type { StatusEntry } from '../../../server/src/deploy/deploy';
import type { ContainerRuntime } from '../../../server/src/deploy/runtime';

const POLL_MS = 5_000;
const FIRST_POLL_MS = 1_000;

/** "Triton: ready http://..." / "2 ready" / "starting" / "exited"; undefined when there is nothing to show. */
export function barText(entries: readonly StatusEntry[]): string | undefined {
  const ready = entries.filter((e) => e.ready);
  if (ready.length === 1) return `ready ${ready[0]!.url ?? ''}`.trim();
  if (ready.length > 1) return `${ready.length} ready`;
  if (entries.some((e) => e.state === 'running')) return 'starting';
  if (entries.length > 0) return entries[0]!.state;
  return undefined;
}

/** Compose's label naming a container's project (replicas > 1 run as one); see server/src/deploy/compose. */
const COMPOSE_PROJECT = 'com.docker.compose.project';

/** A row of the view: a container on its own, or a Compose project with its containers (nginx first). */
export type ViewRow =
  | { kind: 'container'; entry: StatusEntry }
  | { kind: 'project'; name: string; entries: StatusEntry[]; ready: number; replicas: number };

/** The view's rows: each Compose project as one row, where its first container would be. */
export function viewRows(entries: readonly StatusEntry[]): ViewRow[] {
  const rows: ViewRow[] = [];
  const projects = new Map<string, StatusEntry[]>();
  for (const e of entries) {
    const name = e.labels[COMPOSE_PROJECT];
    if (name === undefined) {
      rows.push({ kind: 'container', entry: e });
      continue;
    }
    const members = projects.get(name);
    if (members) members.push(e);
    else {
      const created = [e];
      projects.set(name, created);
      rows.push({ kind: 'project', name, entries: created, ready: 0, replicas: 0 });
    }
  }
  return rows.map((row) => {
    if (row.kind === 'container') return row;
    const role = (e: StatusEntry) => e.labels['dev.triton-toolkit.role'];
    const entries = [...row.entries].sort(
      (a, b) =>
        Number(role(a) !== 'balancer') - Number(role(b) !== 'balancer') || a.name.localeCompare(b.name),
    );
    const replicas = entries.filter((e) => role(e) === 'replica');
    return { ...row, entries, replicas: replicas.length, ready: replicas.filter((e) => e.ready).length };
  });
}

export interface ContainerState {
  /** Polls now (after a launch or a stop) instead of at the next tick. */
  sync(): Promise<void>;
  /** A container whose logs are already followed (by the launch that started it). */
  following(id: string, stop: () => void): void;
  /** The last state read. */
  entries(): StatusEntry[];
  /** The status bar's text after the last poll; undefined when it is hidden. */
  barShown(): string | undefined;
}

export function watchContainers(
  context: vscode.ExtensionContext,
  read: () => Promise<StatusEntry[]>,
  runtime: () => ContainerRuntime,
  logs: vscode.OutputChannel,
  bar: vscode.StatusBarItem,
  changed: () => void,
  /** Containers whose logs someone else follows (a launch in progress). */
  skip: (e: StatusEntry) => boolean,
): ContainerState {
  const followed = new Map<string, () => void>();
  let last: StatusEntry[] = [];
  let shown = '';
  let busy: Promise<void> | undefined;
  let shownBar: string | undefined;

  const follow = (e: StatusEntry) => {
    const controller = new AbortController();
    followed.set(e.id, () => controller.abort());
    void (async () => {
      logs.appendLine(`[${e.name}] (log of the running container, re-attached)`);
      for await (const line of runtime().logs(e.id, { follow: true, signal: controller.signal }))
        logs.appendLine(`[${e.name}] ${line.text}`);
    })()
      .catch(() => undefined)
      .finally(() => followed.delete(e.id));
  };

  const poll = async () => {
    let entries: StatusEntry[];
    try {
      entries = await read();
    } catch {
      // No container engine here (editing only): nothing to report in the status bar.
      bar.hide();
      shownBar = undefined;
      return;
    }
    last = entries;
    const text = barText(entries);
    shownBar = text ? `$(server) Triton: ${text}` : undefined;
    if (text) {
      bar.text = shownBar!;
      bar.tooltip = entries.map((e) => `${e.name}: ${e.ready ? 'ready' : e.state} ${e.url ?? ''}`).join('\n');
      bar.show();
    } else bar.hide();
    for (const e of entries) if (e.state === 'running' && !followed.has(e.id) && !skip(e)) follow(e);
    const now = JSON.stringify(entries.map((e) => [e.id, e.state, e.ready, e.models?.map((m) => m.state)]));
    if (now !== shown) {
      shown = now;
      changed();
    }
  };
  const sync = () => (busy ??= poll().finally(() => (busy = undefined)));
  const timer = setInterval(() => void sync(), POLL_MS);
  context.subscriptions.push({
    dispose: () => {
      clearInterval(timer);
      for (const stop of followed.values()) stop();
    },
  });
  // The first look waits a moment: loading the Docker bundle is not activation's business.
  const first = setTimeout(() => void sync(), FIRST_POLL_MS);
  context.subscriptions.push({ dispose: () => clearTimeout(first) });
  return {
    sync,
    following: (id, stop) => followed.set(id, stop),
    entries: () => last,
    barShown: () => shownBar,
  };
}
