// The language server: a thin adapter from LSP to the core. It owns the connection, the open
// documents and a parse cache; every answer comes from the core's ConfigDocument.
import {
  CodeActionKind,
  CompletionItemKind,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
} from 'vscode-languageserver/node';
import type { InitializeResult, SelectionRange } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'node:path';
import {
  ConfigDocument,
  LineIndex,
  MODEL_YAML,
  ModelYamlDocument,
  autoCompleteOffer,
  definition,
  isValuesFileName,
  judgeReports,
  nameCompletions,
  onnxHover,
  onnxNameCompletions,
  references,
  repositoryValues,
  templateVariables,
} from '../core/index';
import type {
  Diagnostic as CoreDiagnostic,
  FileLocation,
  RepositoryValues,
  RuleOptions,
} from '../core/index';
import { describeValueSource, placeholderHints } from './inlayHints';
import { templateActions } from './templateActions';
import { fromLspDiagnostic, toLspCompletion, toLspDiagnostic, toLspEdit, toLspSymbol } from './convert';
import { runSafe } from './safe';
import { withCodeDescription } from './codeDocs';
import { detectGpuCountAsync } from '../cli/gpus';
import { RENDER_PREVIEW, RENDER_REPOSITORY, WRITE_AUTO_COMPLETE } from './protocol';
import type {
  RenderPreviewParams,
  RenderPreviewResult,
  RenderRepositoryParams,
  RenderRepositoryResult,
} from './protocol';
import { parseSettings } from './settings';
import { placeholderAt, renderPreview, renderToDirectory, variableHover } from './templates';
import {
  WorkspaceRepositories,
  findRepositories,
  overlayFileSystem,
  pathToUri,
  repositoryOf,
  uriToPath,
} from './workspace';
import type { ServerSettings } from './settings';

const connection = createConnection(ProposedFeatures.all);
// stdout may be the protocol channel: route console output to the client's log instead.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = console.log;
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e.message}`));

const documents = new TextDocuments(TextDocument);
const cache = new Map<string, { version: number; doc: ConfigDocument }>();
let settings: ServerSettings = parseSettings(undefined).settings;
let pullDiagnostics = false;
let workDoneProgress = false;
let relatedSupport = false;
let workspaceRoots: string[] = [];

/**
 * nvidia-smi's answer, asked once without blocking start-up: the setting wins when it is set. Until it
 * answers, GPU ids are not checked; when it finds GPUs, the repositories are checked again.
 */
let detectedGpus: number | undefined;
void detectGpuCountAsync().then((count) => {
  detectedGpus = count;
  if (count === undefined || settings.gpuCount !== undefined) return;
  repositories.setOptions(ruleOptions());
  void runSafeAsync('GPU count refresh', async () => {
    for (const repo of repositories.known()) await refreshRepository(repo);
    if (pullDiagnostics) connection.languages.diagnostics.refresh();
  });
});
const ruleOptions = (): RuleOptions => {
  const gpus = settings.gpuCount ?? detectedGpus;
  return {
    autoComplete: !settings.strictModelConfig,
    checkLayout: true,
    ...(gpus !== undefined ? { gpuCount: gpus } : {}),
  };
};
const openTexts = new Map<string, string>();
const repositoryFs = overlayFileSystem((p) => openTexts.get(p));
const repositories: WorkspaceRepositories = new WorkspaceRepositories(
  repositoryFs,
  ruleOptions(),
  async (repo, reports, text) =>
    // Placeholders judged by what they mean, against the repository's (cached) values (templates/judge.ts).
    (await judgeReports(reports, repositoryFs, { display: displayPath, values: valuesOf, text })).files,
  (repo) => repositoryValues(repo, repositoryFs, valuesOptions(repo)),
  (p) => openTexts.has(p),
);

/** The workspace folder holding a path, if any. */
function rootOf(p: string): string | undefined {
  return workspaceRoots.find((root) => p === root || p.startsWith(root + path.sep));
}

/** A path as messages show it: relative to its workspace folder. */
function displayPath(p: string): string {
  const root = rootOf(p);
  return root ? path.relative(root, p) || path.basename(p) : p;
}

/** How a repository's values are found: the setting, else the first values file up to the workspace folder. */
function valuesOptions(repo: string) {
  const root = rootOf(repo);
  const setting = settings.valuesFile
    ? path.resolve(root ?? path.dirname(repo), settings.valuesFile)
    : undefined;
  return { ...(root ? { stopAt: root } : {}), ...(setting ? { valuesFile: setting } : {}), env: process.env };
}

function valuesOf(repo: string): Promise<RepositoryValues> {
  return repositories.valuesOf(repo);
}

/** An llmapi model's model.yaml: its own services, not the config.pbtxt ones. */
function isModelYaml(uri: string): boolean {
  return uri.endsWith('/' + MODEL_YAML);
}

const yamlCache = new Map<string, { version: number; doc: ModelYamlDocument }>();
function yamlDocument(document: TextDocument): ModelYamlDocument {
  const hit = yamlCache.get(document.uri);
  if (hit && hit.version === document.version) return hit.doc;
  const doc = new ModelYamlDocument(document.getText());
  yamlCache.set(document.uri, { version: document.version, doc });
  return doc;
}

/** The checked document for this version (parsed once per version, whatever asks first). */
function configDocument(document: TextDocument): ConfigDocument {
  const hit = cache.get(document.uri);
  if (hit && hit.version === document.version) return hit.doc;
  const doc = new ConfigDocument(document.getText());
  cache.set(document.uri, { version: document.version, doc });
  return doc;
}

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  pullDiagnostics = caps.textDocument?.diagnostic !== undefined;
  workDoneProgress = caps.window?.workDoneProgress === true;
  relatedSupport = caps.textDocument?.publishDiagnostics?.relatedInformation === true || pullDiagnostics;
  const parsed = parseSettings(params.initializationOptions);
  settings = parsed.settings;
  repositories.setOptions(ruleOptions());
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspaceRoots = folders.map(uriToPath).filter((p): p is string => p !== undefined);
  for (const problem of parsed.problems) connection.console.warn(`settings: ${problem}`);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      completionProvider: { triggerCharacters: [':', '{', ' '] },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: [WRITE_AUTO_COMPLETE] },
      inlayHintProvider: true,
      ...(pullDiagnostics
        ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } }
        : {}),
    },
    serverInfo: { name: 'triton-config-language-server' },
  };
});

/**
 * The workspace scan, in the background: repositories are found, then checked one after the other,
 * those holding an open document first, with progress when the client shows it. Nothing waits for it:
 * an open document gets its own diagnostics at once (documentDiagnostics) and its repository's view
 * when that repository is loaded.
 */
connection.onInitialized(() => {
  void runSafeAsync('workspace scan', async () => {
    const found: string[] = [];
    for (const root of workspaceRoots) found.push(...(await findRepositories(root)));
    const open = new Set(documents.all().map((d) => repositoryFor(d.uri)));
    const ordered = [...found.filter((r) => open.has(r)), ...found.filter((r) => !open.has(r))];
    const progress = workDoneProgress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Checking model repositories', 0, `${ordered.length} found`);
    for (const [i, repo] of ordered.entries()) {
      progress?.report(Math.round((i / Math.max(1, ordered.length)) * 100), path.basename(repo));
      if (repositories.needsUpdate(repo)) await refreshRepository(repo);
    }
    progress?.done();
  });
});

connection.onDidChangeConfiguration((change) => {
  const parsed = parseSettings((change.settings as Record<string, unknown> | undefined)?.tritonToolkit);
  settings = parsed.settings;
  for (const problem of parsed.problems) connection.console.warn(`settings: ${problem}`);
  repositories.setOptions(ruleOptions());
  void runSafeAsync('settings refresh', async () => {
    for (const repo of repositories.known()) await refreshRepository(repo);
  });
  if (pullDiagnostics) connection.languages.diagnostics.refresh();
});

// --- diagnostics -----------------------------------------------------------------------------------

function diagnosticsFor(document: TextDocument) {
  const own = isModelYaml(document.uri)
    ? yamlDocument(document).diagnostics
    : configDocument(document).diagnostics;
  return own.map((d) => withCodeDescription(toLspDiagnostic(d, document.uri, relatedSupport)));
}

async function runSafeAsync(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    connection.console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

/** The repository a document belongs to, when it is a model's config.pbtxt inside one we know of. */
function repositoryFor(uri: string): string | undefined {
  const p = uriToPath(uri);
  if (!p) return undefined;
  // <repo>/<model>/config.pbtxt, or <repo>/<model>/<version>/model.yaml of an llmapi model.
  const name = path.basename(p);
  if (name !== 'config.pbtxt' && name !== MODEL_YAML) return undefined;
  const repo = repositoryOf(name === MODEL_YAML ? path.dirname(p) : p);
  return repositories.get(repo) ||
    workspaceRoots.some((root) => repo === root || repo.startsWith(root + path.sep))
    ? repo
    : undefined;
}

function toLsp(d: CoreDiagnostic, filePath: string) {
  return withCodeDescription(toLspDiagnostic(d, pathToUri(filePath), relatedSupport, pathToUri));
}

/**
 * Checks a repository again and publishes what changed for its files that are not open (open files
 * get theirs from their own document, in push mode right after, in pull mode when pulled).
 */
async function refreshRepository(repo: string): Promise<void> {
  const { changed, removed } = await repositories.refresh(repo);
  for (const r of changed) {
    const uri = pathToUri(r.path);
    if (documents.get(uri)) continue;
    void connection.sendDiagnostics({ uri, diagnostics: r.diagnostics.map((d) => toLsp(d, r.path)) });
  }
  for (const p of removed)
    if (!documents.get(pathToUri(p))) void connection.sendDiagnostics({ uri: pathToUri(p), diagnostics: [] });
}

/** The model directory of a config.pbtxt (or of a model.yaml in one of its version directories). */
function modelDirOf(uri: string): string | undefined {
  const p = uriToPath(uri);
  if (!p) return undefined;
  return path.basename(path.dirname(path.basename(p) === MODEL_YAML ? path.dirname(p) : p));
}

/** After a repository changed: its open documents get their diagnostics again (pulled or pushed). */
function republishOpenDocuments(repo: string): void {
  if (pullDiagnostics) connection.languages.diagnostics.refresh();
  else for (const d of documents.all()) if (repositoryFor(d.uri) === repo) schedulePush(d.uri);
}

/** How long a document's first diagnostics wait for its repository's first load. */
const FIRST_LOAD_WAIT_MS = 150;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Diagnostics of an open document: its repository's view of it when it is in one, else its own. */
async function documentDiagnostics(document: TextDocument) {
  const repo = repositoryFor(document.uri);
  if (!repo) return diagnosticsFor(document);
  if (!repositories.get(repo)?.loaded) {
    // The repository's first load may take seconds (thousands of models): answer with the document's
    // own diagnostics if it is not done soon, and publish the repository's view once it is.
    const load = refreshRepository(repo);
    const late = await Promise.race([load.then(() => false), delay(FIRST_LOAD_WAIT_MS).then(() => true)]);
    if (late) {
      void runSafeAsync('repository load', async () => {
        await load;
        republishOpenDocuments(repo);
      });
      // Judged against the repository's values already, as the repository's view will be.
      const filePath = uriToPath(document.uri)!;
      if (isModelYaml(document.uri)) return diagnosticsFor(document);
      const own = await repositories.adjustOne(repo, {
        path: filePath,
        diagnostics: configDocument(document).diagnostics,
      });
      return own.diagnostics.map((d) => toLsp(d, filePath));
    }
  }
  if (repositories.needsUpdate(repo)) await refreshRepository(repo);
  const filePath = uriToPath(document.uri)!;
  const report = repositories.report(repo, filePath);
  return report ? report.diagnostics.map((d) => toLsp(d, filePath)) : diagnosticsFor(document);
}

connection.languages.diagnostics.on(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return { kind: 'full' as const, items: [] };
  try {
    return { kind: 'full' as const, items: await documentDiagnostics(document) };
  } catch (e) {
    connection.console.error(
      `diagnostics failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
    return { kind: 'full' as const, items: [] };
  }
});

/**
 * Push mode: coalesce bursts of edits. vscode-jsonrpc dispatches one queued message per turn of the
 * event loop, so a check waits until one turn passes without a newer version of the document: a
 * single keystroke is checked at once (two turns), a burst of queued edits once, at its end. A
 * stream that never pauses is still checked every MAX_DEFERRALS turns. A result for a version that
 * changed meanwhile is dropped, so the last diagnostics published are those of the final text.
 */
const MAX_DEFERRALS = 64;
const scheduled = new Set<string>();
function schedulePush(uri: string): void {
  if (pullDiagnostics || scheduled.has(uri)) return;
  scheduled.add(uri);
  let seen = -1;
  let deferrals = 0;
  const tick = () => {
    const document = documents.get(uri);
    if (document && document.version !== seen && deferrals < MAX_DEFERRALS) {
      seen = document.version;
      deferrals++;
      setImmediate(tick);
      return;
    }
    scheduled.delete(uri);
    if (!document) return;
    const version = document.version;
    void runSafeAsync('publishDiagnostics', async () => {
      const diagnostics = await documentDiagnostics(document);
      if (documents.get(uri)?.version !== version) return;
      void connection.sendDiagnostics({ uri, version, diagnostics });
      // Other open files of the same repository may depend on this one (an ensemble and its steps).
      const repo = repositoryFor(uri);
      if (repo) {
        for (const other of documents.all()) {
          if (other.uri !== uri && repositoryFor(other.uri) === repo) {
            const d = await documentDiagnostics(other);
            void connection.sendDiagnostics({ uri: other.uri, version: other.version, diagnostics: d });
          }
        }
      }
    });
  };
  if (settings.diagnosticsDelayMs > 0) setTimeout(tick, settings.diagnosticsDelayMs);
  else setImmediate(tick);
}

documents.onDidChangeContent((e) => {
  const p = uriToPath(e.document.uri);
  if (p) openTexts.set(p, e.document.getText());
  const repo = repositoryFor(e.document.uri);
  if (repo) repositories.invalidateModel(repo, modelDirOf(e.document.uri)!);
  if (pullDiagnostics) {
    // Closed files of the repository may depend on this one: check them again once the edit settles.
    if (repo) scheduleRepository(repo);
    return;
  }
  schedulePush(e.document.uri);
});

documents.onDidOpen((e) => {
  // In pull mode an open file's diagnostics come from pulls: clear what was pushed while it was closed.
  if (pullDiagnostics && repositoryFor(e.document.uri))
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

documents.onDidClose((e) => {
  cache.delete(e.document.uri);
  yamlCache.delete(e.document.uri);
  const p = uriToPath(e.document.uri);
  if (p) openTexts.delete(p);
  const repo = repositoryFor(e.document.uri);
  if (repo) {
    // Back to the text on disk: check the model again (this also republishes the closed file).
    repositories.invalidateModel(repo, modelDirOf(e.document.uri)!);
    scheduleRepository(repo);
  } else {
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  }
});

const repositoryTimers = new Map<string, NodeJS.Timeout>();
/** Re-checks a repository shortly after the last change to it (bursts of file events coalesce). */
function scheduleRepository(repo: string): void {
  clearTimeout(repositoryTimers.get(repo));
  repositoryTimers.set(
    repo,
    setTimeout(() => {
      repositoryTimers.delete(repo);
      void runSafeAsync('repository refresh', async () => {
        await refreshRepository(repo);
        republishOpenDocuments(repo);
      });
    }, 50),
  );
}

/**
 * Files added, changed, renamed or deleted on disk: each invalidates the model it lies in (or whose
 * engine directory holds it), or a repository's model list; only those are read and checked again.
 */
connection.onDidChangeWatchedFiles((params) => {
  const touched = new Set<string>();
  for (const change of params.changes) {
    const p = uriToPath(change.uri);
    if (!p) continue;
    for (const repo of repositories.invalidatePath(p)) touched.add(repo);
    // A config.pbtxt in a repository not known yet: a new repository. (Copying a model directory in
    // reports each of its files, its config.pbtxt among them.)
    if (path.basename(p) === 'config.pbtxt' && !repositories.get(repositoryOf(p)))
      if (workspaceRoots.some((root) => p.startsWith(root + path.sep))) touched.add(repositoryOf(p));
    // A values file beside or above repositories: every repository below its folder is judged again.
    if (isValuesFileName(path.basename(p)))
      for (const repo of repositories.known())
        if (repo.startsWith(path.dirname(p) + path.sep)) {
          repositories.invalidateJudgement(repo);
          touched.add(repo);
        }
  }
  for (const repo of touched) scheduleRepository(repo);
});

// --- features --------------------------------------------------------------------------------------

function withDocument<T>(uri: string, name: string, fallback: T, fn: (doc: ConfigDocument) => T): T {
  return runSafe(connection, name, fallback, () => {
    const document = documents.get(uri);
    // model.yaml has diagnostics, hover and completion only (answered below).
    return document && !isModelYaml(uri) ? fn(configDocument(document)) : fallback;
  });
}

connection.onHover((p) =>
  safely('hover', null, async () => {
    const document = documents.get(p.textDocument.uri);
    if (!document) return null;
    if (isModelYaml(document.uri)) {
      const yaml = yamlDocument(document);
      const h = yaml.hover(yaml.lines.offsetAt(p.position));
      return h
        ? {
            contents: { kind: 'markdown' as const, value: h.contents },
            range: yaml.lines.rangeOf(h.start, h.end),
          }
        : null;
    }
    const doc = configDocument(document);
    const offset = doc.lines.offsetAt(p.position);
    // A template variable in a repository: its value and where it came from.
    const name = placeholderAt(doc.text, offset);
    const repo = name ? repositoryFor(p.textDocument.uri) : undefined;
    if (name && repo) {
      const values = await valuesOf(repo);
      const models = await templateVariables(repo, repositoryFs, values.inputs);
      const modelDir = path.basename(path.dirname(uriToPath(p.textDocument.uri)!));
      const text = variableHover(
        models,
        modelDir,
        name,
        values.valuesFile ? displayPath(values.valuesFile) : undefined,
        (source) => describeValueSource(source, displayPath),
      );
      if (text) return { contents: { kind: 'markdown' as const, value: text } };
    }
    // An ONNX model's name, input or output: the model file's own view.
    const found = await repositoryModel(p.textDocument.uri);
    const h = (found && onnxHover(found.model, offset)) ?? doc.hover(offset);
    return h
      ? {
          contents: { kind: 'markdown' as const, value: h.contents },
          range: doc.lines.rangeOf(h.start, h.end),
        }
      : null;
  }),
);

connection.onRequest(RENDER_PREVIEW, (params: RenderPreviewParams) =>
  safely<RenderPreviewResult>('renderPreview', { errors: 0, messages: [] }, async () => {
    const repo = repositoryFor(params.uri);
    if (!repo)
      return {
        errors: 0,
        messages: ["not a model's config.pbtxt inside a model repository of the workspace"],
      };
    return renderPreview(await valuesOf(repo), uriToPath(params.uri)!, repositoryFs);
  }),
);

connection.onRequest(RENDER_REPOSITORY, (params: RenderRepositoryParams) =>
  // Failures are answered as refusals: the client shows them, nothing is half written (writes are staged).
  safely<RenderRepositoryResult>(
    'renderRepository',
    {
      files: [],
      errors: 1,
      messages: [],
      written: false,
      refused: 'the render failed; see the output channel',
    },
    async () => renderToDirectory(params, await valuesOf(params.repository), repositoryFs),
  ),
);

/** The loaded repository and model of an open config, checked against the current text. */
async function repositoryModel(uri: string) {
  const repo = repositoryFor(uri);
  if (!repo) return undefined;
  if (repositories.needsUpdate(repo)) await refreshRepository(repo);
  const loaded = repositories.get(repo)?.repository();
  const model = loaded?.models.get(path.basename(path.dirname(uriToPath(uri)!)));
  return loaded && model ? { repo: loaded, model } : undefined;
}

function toLspLocation(loc: FileLocation, texts: Map<string, string | undefined>) {
  const lines = new LineIndex(texts.get(loc.path) ?? '');
  return { uri: pathToUri(loc.path), range: lines.rangeOf(loc.start, loc.end) };
}

function textsOf(repo: { models: Map<string, { configPath: string; text?: string }> }) {
  return new Map([...repo.models.values()].map((m) => [m.configPath, m.text]));
}

/** Runs an async handler; a failure is logged and answered with `fallback`, as runSafe does. */
async function safely<T>(name: string, fallback: T, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    connection.console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return fallback;
  }
}

connection.onCompletion((p) =>
  safely('completion', [], async () => {
    const document = documents.get(p.textDocument.uri);
    if (!document) return [];
    if (isModelYaml(document.uri)) {
      const yaml = yamlDocument(document);
      return yaml.complete(yaml.lines.offsetAt(p.position)).map((c) => ({
        label: c.label,
        detail: c.detail,
        kind: c.kind === 'property' ? CompletionItemKind.Property : CompletionItemKind.Value,
        documentation: { kind: 'markdown' as const, value: c.documentation },
        textEdit: { range: yaml.lines.rangeOf(c.start, c.end), newText: c.insertText },
      }));
    }
    const doc = configDocument(document);
    const offset = doc.lines.offsetAt(p.position);
    // Inside an ensemble step's strings: model names and tensor names from the repository.
    const found = await repositoryModel(p.textDocument.uri);
    let names = found ? nameCompletions(found.repo, found.model, offset) : [];
    // An input's or output's name: the ONNX model file's names.
    if (found && names.length === 0) names = onnxNameCompletions(found.model, offset);
    if (names.length > 0) {
      return names.map((n) => ({
        label: n.label,
        detail: n.detail,
        kind: CompletionItemKind.Reference,
        textEdit: { range: doc.lines.rangeOf(n.start, n.end), newText: JSON.stringify(n.label) },
      }));
    }
    return doc.complete(offset).map((c) => toLspCompletion(c, doc.lines));
  }),
);

connection.onDefinition((p) =>
  safely('definition', [], async () => {
    const found = await repositoryModel(p.textDocument.uri);
    const document = documents.get(p.textDocument.uri);
    if (!found || !document) return [];
    const offset = configDocument(document).lines.offsetAt(p.position);
    const texts = textsOf(found.repo);
    return definition(found.repo, found.model, offset).map((l) => toLspLocation(l, texts));
  }),
);

connection.onReferences((p) =>
  safely('references', [], async () => {
    const found = await repositoryModel(p.textDocument.uri);
    const document = documents.get(p.textDocument.uri);
    if (!found || !document) return [];
    const offset = configDocument(document).lines.offsetAt(p.position);
    const texts = textsOf(found.repo);
    return references(found.repo, found.model, offset, p.context.includeDeclaration).map((l) =>
      toLspLocation(l, texts),
    );
  }),
);

connection.onDocumentSymbol((p) =>
  withDocument(p.textDocument.uri, 'documentSymbol', [], (doc) =>
    doc.symbols().map((s) => toLspSymbol(s, doc.lines)),
  ),
);

connection.onFoldingRanges((p) =>
  withDocument(p.textDocument.uri, 'foldingRange', [], (doc) =>
    doc
      .folding()
      .map((f) => ({ startLine: f.startLine, endLine: f.endLine, ...(f.kind ? { kind: f.kind } : {}) })),
  ),
);

connection.onSelectionRanges((p) =>
  withDocument(p.textDocument.uri, 'selectionRange', [], (doc) =>
    p.positions.map((position) => {
      const ranges = doc.selection(doc.lines.offsetAt(position));
      let parent: SelectionRange | undefined;
      for (let i = ranges.length - 1; i >= 0; i--)
        parent = {
          range: doc.lines.rangeOf(ranges[i]!.start, ranges[i]!.end),
          ...(parent ? { parent } : {}),
        };
      return parent ?? { range: { start: position, end: position } };
    }),
  ),
);

connection.onDocumentFormatting((p) =>
  withDocument(p.textDocument.uri, 'formatting', [], (doc) =>
    doc.format({ indent: p.options.tabSize || settings.indentSize }).map((e) => toLspEdit(e, doc.lines)),
  ),
);

connection.onDocumentRangeFormatting((p) =>
  withDocument(p.textDocument.uri, 'rangeFormatting', [], (doc) =>
    doc
      .formatRange(doc.lines.offsetAt(p.range.start), doc.lines.offsetAt(p.range.end), {
        indent: p.options.tabSize || settings.indentSize,
      })
      .map((e) => toLspEdit(e, doc.lines)),
  ),
);

connection.onCodeAction((p) =>
  safely('codeAction', [], async () => {
    const document = documents.get(p.textDocument.uri);
    if (!document || isModelYaml(document.uri)) return [];
    const doc = configDocument(document);
    const diagnostics = p.context.diagnostics.map(fromLspDiagnostic).filter((d) => d !== undefined);
    const actions = doc.quickFixes(diagnostics).map((fix) => ({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      isPreferred: fix.preferred,
      diagnostics: p.context.diagnostics.filter(
        (d) => d.code === fix.diagnostic.code && d.range.start.line === fix.diagnostic.range.start.line,
      ),
      edit: { changes: { [p.textDocument.uri]: fix.edits.map((e) => toLspEdit(e, doc.lines)) } },
    }));
    // On the model's name line: write what an ONNX model's auto-complete fills in, without a diagnostic
    // (with auto-complete on, such a config loads).
    const offer = actions.length === 0 ? await onnxOffer(p.textDocument.uri) : undefined;
    const line = offer && doc.lines.positionAt(offer.start).line;
    if (offer && line !== undefined && p.range.start.line <= line && line <= p.range.end.line)
      actions.push({
        title: `Write into the config: ${offer.title.replace(/^Triton's auto-complete adds /, '')}`,
        kind: CodeActionKind.QuickFix,
        isPreferred: false,
        diagnostics: [],
        edit: {
          changes: {
            [p.textDocument.uri]: doc.autoCompleteEdits(offer.data).map((e) => toLspEdit(e, doc.lines)),
          },
        },
      });
    return [...actions, ...(await templateQuickFixes(p.textDocument.uri, p.context.diagnostics))];
  }),
);

/** What the auto-complete adds to an open ONNX model's config, from its repository's view of it. */
async function onnxOffer(uri: string) {
  const found = await repositoryModel(uri);
  return found ? autoCompleteOffer(found.model) : undefined;
}

connection.onCodeLens((p) =>
  safely('codeLens', [], async () => {
    const document = documents.get(p.textDocument.uri);
    if (!document || isModelYaml(document.uri)) return [];
    const offer = await onnxOffer(p.textDocument.uri);
    if (!offer) return [];
    const doc = configDocument(document);
    return [
      {
        range: doc.lines.rangeOf(offer.start, offer.end),
        command: { title: offer.title, command: WRITE_AUTO_COMPLETE, arguments: [p.textDocument.uri] },
      },
    ];
  }),
);

/** The code lens's command: write what the auto-complete adds into the open config. */
connection.onExecuteCommand((p) =>
  safely('executeCommand', undefined, async () => {
    const uri = p.arguments?.[0];
    const document = typeof uri === 'string' ? documents.get(uri) : undefined;
    if (p.command !== WRITE_AUTO_COMPLETE || !document) return;
    const offer = await onnxOffer(document.uri);
    if (!offer) return;
    const doc = configDocument(document);
    await connection.workspace.applyEdit({
      label: 'Write what auto-complete fills in',
      edit: {
        changes: { [document.uri]: doc.autoCompleteEdits(offer.data).map((e) => toLspEdit(e, doc.lines)) },
      },
    });
  }),
);

/** "Set `name` in <values file>", "Set all unfilled variables", "Show rendered preview". */
async function templateQuickFixes(uri: string, diagnostics: LspDiagnosticList) {
  const document = documents.get(uri);
  const repo = repositoryFor(uri);
  if (
    !document ||
    !repo ||
    isModelYaml(uri) ||
    !diagnostics.some((d) => String(d.code).startsWith('template/'))
  )
    return [];
  const values = await valuesOf(repo);
  const found = await repositoryModel(uri);
  const modelTexts = new Map<string, string>();
  for (const [name, m] of found?.repo.models ?? []) if (m.text !== undefined) modelTexts.set(name, m.text);
  const valuesText =
    values.valuesFile && (await repositoryFs.stat(values.valuesFile)) === 'file'
      ? await repositoryFs.readFile(values.valuesFile)
      : undefined;
  return templateActions(
    {
      configPath: uriToPath(uri)!,
      text: document.getText(),
      values,
      modelTexts,
      ...(valuesText !== undefined ? { valuesText } : {}),
      display: displayPath,
    },
    diagnostics,
  );
}

type LspDiagnosticList = Parameters<typeof templateActions>[1];

connection.languages.inlayHint.on((p) =>
  safely('inlayHint', [], async () => {
    const document = documents.get(p.textDocument.uri);
    const repo = repositoryFor(p.textDocument.uri);
    if (!document || !repo || isModelYaml(document.uri)) return [];
    const values = await valuesOf(repo);
    const doc = configDocument(document);
    const modelDir = path.basename(path.dirname(uriToPath(document.uri)!));
    return placeholderHints(
      doc,
      (name) => values.valueOf(modelDir, name),
      p.range,
      (s) => describeValueSource(s, displayPath),
    );
  }),
);

documents.listen(connection);
connection.listen();
