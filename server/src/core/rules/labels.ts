import type { Problem } from '../diagnostics/problem';
import { messagesOf, scalarOf, stringOf } from '../model/configModel';
import { modelNameOf } from './ensembleModel';
import type { ModelRule, ModelUnderCheck } from './types';

/**
 * Triton joins the label path to the model directory (a leading `/` does not make it absolute).
 * Returns the segments inside the model directory, or undefined when `..` leaves it.
 */
function segmentsInside(label: string): string[] | undefined {
  const out: string[] = [];
  for (const part of label.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out;
}

/** Whether the file exists, as far as the loaded layout (two levels deep) can tell. */
function fileExists(model: ModelUnderCheck, segments: string[]): boolean | undefined {
  if (segments.length === 1) return model.files.includes(segments[0]!);
  if (segments.length === 2) {
    const sub = model.subdirEntries.get(segments[0]!);
    return sub ? sub.files.includes(segments[1]!) : false;
  }
  if (segments.length > 2 && !model.subdirs.includes(segments[0]!)) return false;
  return undefined;
}

/**
 * IO-LABEL-ESCAPE, IO-LABEL-MISSING: an output's `label_filename` names a file inside the model
 * directory (read at Model::Init). Needs the real directory layout.
 */
export const labelFiles: ModelRule = (model, repo) => {
  if (!repo.options.checkLayout) return [];
  const name = modelNameOf(model.config, model.dir);
  const out: Problem[] = [];
  for (const output of messagesOf(model.config, 'output')) {
    const label = stringOf(output, 'label_filename');
    const at = scalarOf(output, 'label_filename');
    if (!label || !at) continue;
    const segments = segmentsInside(label);
    if (!segments) {
      out.push({
        code: 'triton/label-file-outside-model',
        start: at.start,
        end: at.end,
        message: `label file path '${label}' for output '${stringOf(output, 'name') ?? ''}' in model '${name}' is outside model directory`,
      });
    } else if (segments.length === 0 || fileExists(model, segments) === false) {
      out.push({
        code: 'triton/label-file-missing',
        start: at.start,
        end: at.end,
        // Triton prints the absolute path; the directory name keeps the message machine-independent.
        message: `failed to open text file for read ${model.dir}/${label}`,
      });
    }
  }
  return out;
};
