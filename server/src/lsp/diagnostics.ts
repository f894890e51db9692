// Diagnostics scheduling: push (publishDiagnostics, debounced per document) or pull (the client asks),
// which files to publish after a repository update, and the republishing of open documents when what
// they are judged by changes (an edit in their repository, settings, the GPU inventory).
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic as CoreDiagnostic } from '../core/index';
import type { Disposable } from '../host/host';
import { withCodeDescription } from './codeDocs';
import type { ServerContext } from './context';
import { toLspDiagnostic } from './convert';
import { isModelYaml } from './documentCache';
import { pathToUri, uriToPath } from './workspace';

/** How long a document's first diagnostics wait for its repository's first load. */
const FIRST_LOAD_WAIT_MS = 150;
/** How long a repository waits after the last change to it before it is checked again. */
const REPOSITORY_SETTLE_MS = 50;
/** How many publishDiagnostics a repository update leaves unwritten before it waits for them. */
const WRITES_IN_FLIGHT = 32;
/** A stream of edits that never pauses is still checked every MAX_DEFERRALS turns. */
const MAX_DEFERRALS = 64;

export class Diagnostics {
  private readonly scheduled = new Set<string>();
  private readonly repositoryTimers = new Map<string, Disposable>();

  constructor(private readonly ctx: ServerContext) {}

  /** Pull mode: the client asks for an open document's diagnostics. */
  register(): void {
    const { connection, documents, runner } = this.ctx;
    connection.languages.diagnostics.on((params, token) =>
      runner.safeAsync('diagnostics', { kind: 'full' as const, items: [] }, token, async () => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return { kind: 'full' as const, items: [] };
        return { kind: 'full' as const, items: await this.documentDiagnostics(document) };
      }),
    );
  }

  /** A document's own diagnostics (outside any repository, or before its repository is loaded). */
  private own(document: TextDocument) {
    const { cache, relatedSupport } = this.ctx;
    const own = isModelYaml(document.uri)
      ? this.ctx.modelYaml(document).diagnostics
      : cache.config(document).diagnostics;
    return own.map((d) => withCodeDescription(toLspDiagnostic(d, document.uri, relatedSupport)));
  }

  private toLsp(d: CoreDiagnostic, filePath: string) {
    return withCodeDescription(toLspDiagnostic(d, pathToUri(filePath), this.ctx.relatedSupport, pathToUri));
  }

  /**
   * Sends a file's diagnostics. A send after the client went away fails: that must not become an unhandled
   * rejection, which would end the server (Node's default) while it shuts down.
   */
  publish(params: PublishDiagnosticsParams): Promise<void> {
    return this.ctx.connection.sendDiagnostics(params).catch(() => undefined);
  }

  /**
   * Checks a repository again and publishes what changed for its files that are not open (open files
   * get theirs from their own document, in push mode right after, in pull mode when pulled).
   */
  async refreshRepository(repo: string): Promise<void> {
    const { documents, repositories } = this.ctx;
    // Published as each report is judged (see WorkspaceRepositories.refresh), at most WRITES_IN_FLIGHT
    // messages waiting to be written: the connection queues every message (with its diagnostics) until
    // the client has read the ones before, and a first load would queue them all.
    let sent = 0;
    const { removed } = await repositories.refresh(repo, (r) => {
      const uri = pathToUri(r.path);
      if (documents.get(uri)) return;
      const written = this.publish({ uri, diagnostics: r.diagnostics.map((d) => this.toLsp(d, r.path)) });
      return ++sent % WRITES_IN_FLIGHT === 0 ? written : undefined;
    });
    for (const p of removed)
      if (!documents.get(pathToUri(p))) this.publish({ uri: pathToUri(p), diagnostics: [] });
  }

  /**
   * Open documents get their diagnostics again (pulled or pushed): those of one repository after it
   * changed, or all of them when what every check reads changed (settings, the GPU inventory).
   */
  republishOpenDocuments(repo?: string): void {
    const { connection, documents, pullDiagnostics } = this.ctx;
    if (pullDiagnostics) connection.languages.diagnostics.refresh();
    else
      for (const d of documents.all())
        if (repo === undefined || this.ctx.repositoryFor(d.uri) === repo) this.schedulePush(d.uri);
  }

  /**
   * The rule options changed (settings, the GPU count): every known repository is checked again, its
   * closed files' changes published, and the open documents republished.
   */
  optionsChanged(reason: string): void {
    const { repositories, runner } = this.ctx;
    repositories.setOptions(this.ctx.ruleOptions());
    void runner.background(reason, async () => {
      for (const repo of repositories.known()) await this.refreshRepository(repo);
      this.republishOpenDocuments();
    });
  }

  /** Diagnostics of an open document: its repository's view of it when it is in one, else its own. */
  async documentDiagnostics(document: TextDocument) {
    const { repositories, cache, host, runner } = this.ctx;
    const repo = this.ctx.repositoryFor(document.uri);
    if (!repo) return this.own(document);
    if (!repositories.get(repo)?.loaded) {
      // The repository's first load may take seconds (thousands of models): answer with the document's
      // own diagnostics if it is not done soon, and publish the repository's view once it is.
      const load = this.refreshRepository(repo);
      const delay = new Promise<boolean>((resolve) =>
        host.timers.setTimeout(() => resolve(true), FIRST_LOAD_WAIT_MS),
      );
      const late = await Promise.race([load.then(() => false), delay]);
      if (late) {
        void runner.background('repository load', async () => {
          await load;
          this.republishOpenDocuments(repo);
        });
        // Judged against the repository's values already, as the repository's view will be.
        const filePath = uriToPath(document.uri)!;
        if (isModelYaml(document.uri)) return this.own(document);
        const own = await repositories.adjustOne(repo, {
          path: filePath,
          diagnostics: cache.config(document).diagnostics,
        });
        return own.diagnostics.map((d) => this.toLsp(d, filePath));
      }
    }
    if (repositories.needsUpdate(repo)) await this.refreshRepository(repo);
    const filePath = uriToPath(document.uri)!;
    const report = repositories.report(repo, filePath);
    return report ? report.diagnostics.map((d) => this.toLsp(d, filePath)) : this.own(document);
  }

  /**
   * Push mode: coalesce bursts of edits. vscode-jsonrpc dispatches one queued message per turn of the
   * event loop, so a check waits until one turn passes without a newer version of the document: a
   * single keystroke is checked at once (two turns), a burst of queued edits once, at its end. A
   * stream that never pauses is still checked every MAX_DEFERRALS turns. A result for a version that
   * changed meanwhile is dropped, so the last diagnostics published are those of the final text.
   */
  schedulePush(uri: string): void {
    const { documents, host, runner, pullDiagnostics, settings } = this.ctx;
    if (pullDiagnostics || this.scheduled.has(uri)) return;
    this.scheduled.add(uri);
    let seen = -1;
    let deferrals = 0;
    const tick = () => {
      const document = documents.get(uri);
      if (document && document.version !== seen && deferrals < MAX_DEFERRALS) {
        seen = document.version;
        deferrals++;
        host.timers.setImmediate(tick);
        return;
      }
      this.scheduled.delete(uri);
      if (!document) return;
      const version = document.version;
      void runner.background('publishDiagnostics', async () => {
        const diagnostics = await this.documentDiagnostics(document);
        if (documents.get(uri)?.version !== version) return;
        this.publish({ uri, version, diagnostics });
        // Other open files of the same repository may depend on this one (an ensemble and its steps).
        const repo = this.ctx.repositoryFor(uri);
        if (repo) {
          for (const other of documents.all()) {
            if (other.uri !== uri && this.ctx.repositoryFor(other.uri) === repo) {
              const d = await this.documentDiagnostics(other);
              this.publish({ uri: other.uri, version: other.version, diagnostics: d });
            }
          }
        }
      });
    };
    if (settings.diagnosticsDelayMs > 0) host.timers.setTimeout(tick, settings.diagnosticsDelayMs);
    else host.timers.setImmediate(tick);
  }

  /** Re-checks a repository shortly after the last change to it (bursts of file events coalesce). */
  scheduleRepository(repo: string): void {
    this.repositoryTimers.get(repo)?.dispose();
    this.repositoryTimers.set(
      repo,
      this.ctx.host.timers.setTimeout(() => {
        this.repositoryTimers.delete(repo);
        void this.ctx.runner.background('repository refresh', async () => {
          await this.refreshRepository(repo);
          this.republishOpenDocuments(repo);
        });
      }, REPOSITORY_SETTLE_MS),
    );
  }
}
