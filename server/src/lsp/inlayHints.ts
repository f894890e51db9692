// Inlay hints on template variables: `${triton_max_batch_size}` shows `= 64`, the tooltip where the
// value comes from, so that a filled template reads as the file Triton will get.
import { InlayHintKind, MarkupKind } from 'vscode-languageserver/node';
import type { InlayHint, Range } from 'vscode-languageserver/node';
import { placeholderUses } from '../core/index';
import type { ConfigDocument, EffectiveValue, ValueSource } from '../core/index';

/** Words for a value's source, with file paths as the user sees them. */
export function describeValueSource(source: ValueSource, display: (p: string) => string): string {
  switch (source.kind) {
    case 'file':
      return `the values file \`${display(source.path)}\``;
    case 'env':
      return `the environment variable \`${source.variable}\``;
    case 'set':
      return `\`--set ${source.argument}\``;
    case 'default':
      return "fill_template.py's default";
  }
}

const MAX_LABEL = 40;

export function placeholderHints(
  doc: ConfigDocument,
  valueOf: (name: string) => EffectiveValue | undefined,
  range: Range,
  describe: (source: ValueSource) => string,
): InlayHint[] {
  const from = doc.lines.offsetAt(range.start);
  const to = doc.lines.offsetAt(range.end);
  const hints: InlayHint[] = [];
  for (const use of placeholderUses(doc.parsed)) {
    if (use.kind === 'comment' || use.end < from || use.start > to) continue;
    const value = valueOf(use.name);
    if (!value) continue;
    const text = value.text.length > MAX_LABEL ? value.text.slice(0, MAX_LABEL - 1) + '…' : value.text;
    const overridden = value.overridden.map((o) => `overrides \`${o.text}\` from ${describe(o.source)}`);
    hints.push({
      position: doc.lines.positionAt(use.end),
      label: `= ${text}`,
      kind: InlayHintKind.Parameter,
      paddingLeft: true,
      tooltip: {
        kind: MarkupKind.Markdown,
        value: [`\`${use.name}\` = \`${value.text}\`, from ${describe(value.source)}`, ...overridden].join(
          '\n\n',
        ),
      },
    });
  }
  return hints;
}
