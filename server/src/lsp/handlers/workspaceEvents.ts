// What changes around the open documents: the workspace scan at start, settings, files on disk and
// the GPU inventory. Each invalidates what it touches and has the diagnostics published again.
import * as path from 'node:path';
import { isValuesFileName } from '../../core/index';
import type { ServerContext } from '../context';
import { VALUES_CHANGED } from '../protocol';
import { ServingImages } from '../servingImages';
import { parseSettings } from '../settings';
import { findRepositories, repositoryOf, uriToPath } from '../workspace';

export function registerWorkspaceEvents(ctx: ServerContext): void {
  const { connection, documents, repositories, diagnostics, runner, host } = ctx;

  /**
   * The workspace scan, in the background: repositories are found, then checked one after the other,
   * those holding an open document first, with progress when the client shows it. Nothing waits for it:
   * an open document gets its own diagnostics at once (documentDiagnostics) and its repository's view
   * when that repository is loaded.
   */
  connection.onInitialized(() => {
    // The image serving each repository (its deployment profile): model.yaml is checked for its release.
    void runner.background('deployment profiles', async () => {
      if (await ctx.servingImages.scan(ctx.workspaceRoots)) diagnostics.optionsChanged('deployment profiles');
    });
    void runner.background('workspace scan', async () => {
      const found: string[] = [];
      for (const root of ctx.workspaceRoots)
        found.push(...(await findRepositories(root, host.walkFileSystem)));
      const open = new Set(documents.all().map((d) => ctx.repositoryFor(d.uri)));
      const ordered = [...found.filter((r) => open.has(r)), ...found.filter((r) => !open.has(r))];
      const progress = ctx.workDoneProgress ? await connection.window.createWorkDoneProgress() : undefined;
      progress?.begin('Checking model repositories', 0, `${ordered.length} found`);
      for (const [i, repo] of ordered.entries()) {
        progress?.report(Math.round((i / Math.max(1, ordered.length)) * 100), path.basename(repo));
        if (repositories.needsUpdate(repo)) await diagnostics.refreshRepository(repo);
      }
      progress?.done();
      host.collectGarbage?.();
    });
  });

  connection.onDidChangeConfiguration((change) => {
    const parsed = parseSettings((change.settings as Record<string, unknown> | undefined)?.tritonToolkit);
    ctx.settings = parsed.settings;
    for (const problem of parsed.problems) connection.console.warn(`settings: ${problem}`);
    diagnostics.optionsChanged('settings refresh');
    // The values file in use may be another one now: open previews render again (after the settings apply).
    void connection.sendNotification(VALUES_CHANGED);
  });

  /**
   * The host's GPU count, asked without blocking start-up and again when the host sees it change: the
   * setting wins when it is set. Until it answers, GPU ids are not checked.
   */
  const gpusChanged = (count: number | undefined) => {
    if (count === ctx.detectedGpus) return;
    ctx.detectedGpus = count;
    if (ctx.settings.gpuCount === null) diagnostics.optionsChanged('GPU count refresh');
  };
  void host.gpus.count().then(gpusChanged);
  host.gpus.onDidChange(gpusChanged);

  /**
   * Files added, changed, renamed or deleted on disk: each invalidates the model it lies in (or whose
   * engine directory holds it), or a repository's model list; only those are read and checked again.
   */
  connection.onDidChangeWatchedFiles((params) => {
    // A deployment profile changed: a repository may be served by another image (model.yaml's release).
    const profiles = params.changes
      .map((c) => uriToPath(c.uri))
      .filter((p): p is string => p !== undefined && ServingImages.isProfile(p));
    if (profiles.length > 0)
      void runner.background('deployment profiles', async () => {
        let changed = false;
        for (const p of profiles) if (await ctx.servingImages.update(p)) changed = true;
        if (changed) diagnostics.optionsChanged('deployment profiles');
      });
    const touched = new Set<string>();
    for (const change of params.changes) {
      const p = uriToPath(change.uri);
      if (!p) continue;
      for (const repo of repositories.invalidatePath(p)) touched.add(repo);
      // A config.pbtxt in a repository not known yet: a new repository. (Copying a model directory in
      // reports each of its files, its config.pbtxt among them.)
      if (path.basename(p) === 'config.pbtxt' && !repositories.get(repositoryOf(p)))
        if (ctx.workspaceRoots.some((root) => p.startsWith(root + path.sep))) touched.add(repositoryOf(p));
      // A values file beside or above repositories: every repository below its folder is judged again.
      if (isValuesFileName(path.basename(p)))
        for (const repo of repositories.known())
          if (repo.startsWith(path.dirname(p) + path.sep)) {
            repositories.invalidateJudgement(repo);
            touched.add(repo);
          }
    }
    for (const repo of touched) diagnostics.scheduleRepository(repo);
  });
}
