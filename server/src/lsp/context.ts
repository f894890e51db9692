// What every handler shares: the connection and host, the open documents and their cache, the
// settings and client capabilities, and the workspace's repositories. startServer makes one.
import * as path from 'node:path';
import { TextDocuments } from 'vscode-languageserver/node';
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MODEL_YAML, judgeReports, repositoryValues, yamlReleaseFor } from '../core/index';
import type {
  ConfigDocument,
  FileSystem,
  ModelYamlDocument,
  RepositoryValues,
  RuleOptions,
} from '../core/index';
import type { ServerHost } from '../host/host';
import { Diagnostics } from './diagnostics';
import { DocumentCache, isModelYaml } from './documentCache';
import { Runner } from './runner';
import { ServingImages } from './servingImages';
import { parseSettings } from './settings';
import type { ServerSettings } from './settings';
import { WorkspaceRepositories, overlayFileSystem, repositoryOf, uriToPath } from './workspace';

export class ServerContext {
  readonly documents = new TextDocuments(TextDocument);
  readonly cache = new DocumentCache();
  readonly runner: Runner;
  settings: ServerSettings = parseSettings(undefined).settings;
  /** What the client supports, from `initialize`. */
  pullDiagnostics = false;
  workDoneProgress = false;
  relatedSupport = false;
  workspaceRoots: string[] = [];
  /** The host's GPU count (the setting wins when it is set); undefined until it answers. */
  detectedGpus: number | undefined;
  /** The disk with open documents' unsaved text layered over it. */
  readonly repositoryFs: FileSystem;
  readonly repositories: WorkspaceRepositories;
  readonly diagnostics: Diagnostics;
  /** The image serving each repository: its deployment profile's, else the setting (servingImages.ts). */
  readonly servingImages: ServingImages;

  constructor(
    readonly connection: Connection,
    readonly host: ServerHost,
  ) {
    this.runner = new Runner(connection.console, host.timers);
    this.servingImages = new ServingImages((p) => this.displayPath(p), host.walkFileSystem);
    this.repositoryFs = overlayFileSystem((p) => this.cache.textAt(p), host.fileSystem);
    this.repositories = new WorkspaceRepositories(
      this.repositoryFs,
      this.ruleOptions(),
      async (repo, reports, text) =>
        // Placeholders judged by what they mean, against the repository's (cached) values (templates/judge.ts).
        (
          await judgeReports(reports, this.repositoryFs, {
            display: (p) => this.displayPath(p),
            values: (r) => this.valuesOf(r),
            text,
          })
        ).files,
      (repo) => repositoryValues(repo, this.repositoryFs, this.valuesOptions(repo)),
      (p) => this.cache.textAt(p) !== undefined,
    );
    this.diagnostics = new Diagnostics(this);
  }

  /** The rules' options for a repository (with the image serving it, for model.yaml's release). */
  ruleOptions(): (repo: string) => RuleOptions {
    return (repo) => {
      const gpus = this.settings.gpuCount ?? this.detectedGpus;
      const serving = this.servingImages.imageFor(repo, this.settings.serverImage);
      return {
        autoComplete: !this.settings.strictModelConfig,
        checkLayout: true,
        ...(gpus !== undefined ? { gpuCount: gpus } : {}),
        ...(serving ? { serverImage: serving.image, serverImageSource: serving.source } : {}),
      };
    };
  }

  /** An open model.yaml, checked for the release of the image serving its repository. */
  modelYaml(document: TextDocument): ModelYamlDocument {
    const p = uriToPath(document.uri);
    // <repo>/<model>/<version>/model.yaml
    const release = p ? yamlReleaseFor(this.ruleOptions()(repositoryOf(path.dirname(p)))) : undefined;
    return this.cache.yaml(document, release);
  }

  /** The workspace folder holding a path, if any. */
  rootOf(p: string): string | undefined {
    return this.workspaceRoots.find((root) => p === root || p.startsWith(root + path.sep));
  }

  /** A path as messages show it: relative to its workspace folder. */
  displayPath(p: string): string {
    const root = this.rootOf(p);
    return root ? path.relative(root, p) || path.basename(p) : p;
  }

  /** How a repository's values are found: the setting, else the first values file up to the workspace folder. */
  valuesOptions(repo: string) {
    const root = this.rootOf(repo);
    const setting = this.settings.valuesFile
      ? path.resolve(root ?? path.dirname(repo), this.settings.valuesFile)
      : undefined;
    return {
      ...(root ? { stopAt: root } : {}),
      ...(setting ? { valuesFile: setting } : {}),
      env: this.host.env,
    };
  }

  /** A repository's values, cached per repository (WorkspaceRepositories.valuesOf). */
  valuesOf(repo: string): Promise<RepositoryValues> {
    return this.repositories.valuesOf(repo);
  }

  /** The repository a document belongs to, when it is a model's config.pbtxt inside one we know of. */
  repositoryFor(uri: string): string | undefined {
    const p = uriToPath(uri);
    if (!p) return undefined;
    // <repo>/<model>/config.pbtxt, or <repo>/<model>/<version>/model.yaml of an llmapi model.
    const name = path.basename(p);
    if (name !== 'config.pbtxt' && name !== MODEL_YAML) return undefined;
    const repo = repositoryOf(name === MODEL_YAML ? path.dirname(p) : p);
    return this.repositories.get(repo) ||
      this.workspaceRoots.some((root) => repo === root || repo.startsWith(root + path.sep))
      ? repo
      : undefined;
  }

  /** The loaded repository and model of an open config, checked against the current text. */
  async repositoryModel(uri: string) {
    const repo = this.repositoryFor(uri);
    if (!repo) return undefined;
    if (this.repositories.needsUpdate(repo)) await this.diagnostics.refreshRepository(repo);
    const loaded = this.repositories.get(repo)?.repository();
    const model = loaded?.models.get(path.basename(path.dirname(uriToPath(uri)!)));
    return loaded && model ? { repo: loaded, model } : undefined;
  }

  /** A request on an open config.pbtxt answered from its parse (model.yaml answers nothing here). */
  withDocument<T>(
    uri: string,
    name: string,
    fallback: T,
    token: CancellationToken,
    fn: (doc: ConfigDocument) => T,
  ) {
    return this.runner.safe(name, fallback, token, () => {
      const document = this.documents.get(uri);
      return document && !isModelYaml(uri) ? fn(this.cache.config(document)) : fallback;
    });
  }
}

/** The model directory of a config.pbtxt (or of a model.yaml in one of its version directories). */
export function modelDirOf(uri: string): string | undefined {
  const p = uriToPath(uri);
  if (!p) return undefined;
  return path.basename(path.dirname(path.basename(p) === MODEL_YAML ? path.dirname(p) : p));
}
