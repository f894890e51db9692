// Custom requests between the extension and the language server, declared once for both sides
// (esbuild inlines this file into each bundle). Method names are stable.

/** The rendered text of a template config (what `triton-repo render` would write for it). */
export const RENDER_PREVIEW = 'triton/renderPreview';
export interface RenderPreviewParams {
  uri: string;
}
export interface RenderPreviewResult {
  /** Undefined when the document is not a model's config in a repository. */
  content?: string;
  /** Errors of the render (missing values, values that do not fit, the rendered repository's errors). */
  errors: number;
  /** One line per problem, as the CLI prints them. */
  messages: string[];
  /** The values file the render used (absolute), if any. */
  valuesFile?: string;
  /** The `TRTLLM__<MODEL>__<VARIABLE>` environment variables the render read (the server's environment). */
  environment?: string[];
}

/**
 * Server to client: what renders read changed other than a file (the settings: another values file), so
 * open rendered previews render again. Files are the client's own watchers' business.
 */
export const VALUES_CHANGED = 'triton/valuesChanged';

/**
 * Renders a template repository into a directory. With `write: false` nothing is written and the plan
 * comes back (which files are new, changed, or edited since the last render); with `write: true` the
 * files are written atomically, edited ones only with `overwriteEdited`, and nothing at all when the
 * render has errors unless `force`.
 */
export const RENDER_REPOSITORY = 'triton/renderRepository';
export interface RenderRepositoryParams {
  repository: string;
  out: string;
  write: boolean;
  overwriteEdited?: boolean;
  force?: boolean;
}
export interface RenderRepositoryResult {
  /** `removed`: written by the last render, not produced by this one (removed when written). */
  files: { path: string; status: 'new' | 'changed' | 'unchanged' | 'removed'; edited: boolean }[];
  errors: number;
  messages: string[];
  written: boolean;
  /** Why nothing was written, when `write` was asked and refused. */
  refused?: string;
  /** The values file the render used (absolute), if any. */
  valuesFile?: string;
}

/**
 * Command of the ONNX auto-complete code lens (executed by the server, which asks the client to apply
 * the edit): writes what the backend's auto-complete fills in into the config. Argument: the URI.
 */
export const WRITE_AUTO_COMPLETE = 'tritonToolkit.onnx.writeAutoComplete';
