import type { Diagnostic } from '../diagnostics/types';
import { MODEL_CONFIG_TYPE, modelConfigSchema } from '../schema/modelConfigSchema';
import type { Schema } from '../schema/schema';
import { checkConfigProblems } from '../check/checkConfig';
import { toDiagnostic } from '../diagnostics/problem';
import { capProblems } from '../diagnostics/cap';
import type { ParseResult } from '../syntax/parser';
import { LineIndex } from '../text/lineIndex';
import type { QuickFix } from './codeActions';
import { quickFixes } from './codeActions';
import { autoCompleteEdits } from './onnxEditor';
import type { CompletionResult } from './completion';
import { complete } from './completion';
import type { FormatOptions, TextEdit } from './format';
import { formatRange, formatText, minimalEdit } from './format';
import type { HoverResult } from './hover';
import { hover } from './hover';
import type { FoldingRange } from './structure';
import { foldingRanges, selectionRanges } from './structure';
import type { OutlineSymbol } from './symbols';
import { documentSymbols } from './symbols';

/**
 * One config document, checked once: every editor feature reads from the same parse. The LSP server
 * caches these by document URI and version.
 */
export class ConfigDocument {
  readonly parsed: ParseResult;
  readonly lines: LineIndex;
  readonly diagnostics: Diagnostic[];
  private readonly schema: Schema = modelConfigSchema();
  private readonly root = MODEL_CONFIG_TYPE;

  constructor(readonly text: string) {
    const { parsed, problems } = checkConfigProblems(text);
    this.parsed = parsed;
    this.lines = new LineIndex(text);
    this.diagnostics = capProblems(problems).problems.map((p) => toDiagnostic(p, this.lines));
  }

  hover(offset: number): HoverResult | undefined {
    return hover(this.parsed, this.schema, this.root, offset);
  }

  complete(offset: number): CompletionResult[] {
    return complete(this.parsed, this.schema, this.root, offset);
  }

  symbols(): OutlineSymbol[] {
    return documentSymbols(this.parsed, this.schema, this.root);
  }

  folding(): FoldingRange[] {
    return foldingRanges(this.parsed, this.lines);
  }

  selection(offset: number): { start: number; end: number }[] {
    return selectionRanges(this.parsed, this.schema, this.root, offset);
  }

  /** Edits formatting the whole document (none when it is already formatted or cannot be). */
  format(options?: FormatOptions): TextEdit[] {
    const formatted = formatText(this.parsed, options);
    if (formatted === undefined) return [];
    const edit = minimalEdit(this.text, formatted);
    return edit ? [edit] : [];
  }

  formatRange(start: number, end: number, options?: FormatOptions): TextEdit[] {
    return formatRange(this.parsed, start, end, options) ?? [];
  }

  /** The edits writing what an ONNX model's auto-complete fills in (data of onnx/auto-complete). */
  autoCompleteEdits(data: Record<string, unknown>): TextEdit[] {
    return autoCompleteEdits(this.parsed, this.schema, this.root, data) ?? [];
  }

  quickFixes(diagnostics: readonly Diagnostic[]): QuickFix[] {
    return quickFixes(this.parsed, this.schema, this.root, this.lines, diagnostics);
  }
}
