// The open documents' texts and parses, in one place. The text is what the repository overlay reads
// for a path (open documents shadow the disk); the parse is made once per document version, by
// whichever feature asks first, and every feature reads that one.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigDocument, MODEL_YAML, ModelYamlDocument } from '../core/index';

/** The release a model.yaml is checked for (the second argument of ModelYamlDocument). */
type ModelYamlRelease = ConstructorParameters<typeof ModelYamlDocument>[1];
import { uriToPath } from './workspace';

/** An llmapi model's model.yaml: its own services, not the config.pbtxt ones. */
export function isModelYaml(uri: string): boolean {
  return uri.endsWith('/' + MODEL_YAML);
}

export class DocumentCache {
  private readonly parses = new Map<string, { version: number; doc: ConfigDocument | ModelYamlDocument }>();
  private readonly texts = new Map<string, string>();

  /** The document opened or changed: its text shadows the file on disk from now on. */
  update(document: TextDocument): void {
    const p = uriToPath(document.uri);
    if (p) this.texts.set(p, document.getText());
  }

  /** The document closed: the disk's text again, and its parse dropped. */
  delete(uri: string): void {
    this.parses.delete(uri);
    const p = uriToPath(uri);
    if (p) this.texts.delete(p);
  }

  /** The unsaved text of an open document at this path, if one is open. */
  textAt(p: string): string | undefined {
    return this.texts.get(p);
  }

  /** The checked config.pbtxt of this version. */
  config(document: TextDocument): ConfigDocument {
    return this.parse(
      document,
      ConfigDocument,
      () => true,
      (text) => new ConfigDocument(text),
    );
  }

  /** The checked model.yaml of this version, for this release (the image serving it). */
  yaml(document: TextDocument, release: ModelYamlRelease): ModelYamlDocument {
    const same = (doc: ModelYamlDocument) => JSON.stringify(doc.release) === JSON.stringify(release);
    return this.parse(document, ModelYamlDocument, same, (text) => new ModelYamlDocument(text, release));
  }

  private parse<T extends ConfigDocument | ModelYamlDocument>(
    document: TextDocument,
    kind: abstract new (...args: never[]) => T,
    fresh: (doc: T) => boolean,
    make: (text: string) => T,
  ): T {
    const hit = this.parses.get(document.uri);
    if (hit && hit.version === document.version && hit.doc instanceof kind && fresh(hit.doc)) return hit.doc;
    const doc = make(document.getText());
    this.parses.set(document.uri, { version: document.version, doc });
    return doc;
  }
}
