// What the VS Code extension loads from dist/from-image.js, the first time "New Model Repository from
// Image" runs: tar handling stays out of the extension's main bundle, so activation stays fast.
export { copyTemplatesFromImage } from './copyTemplates';
export type { CopiedTemplates, CopyOptions } from './copyTemplates';
export { assertEmptyTarget, installLayout } from './newRepository';
export type { NewRepository } from './newRepository';
