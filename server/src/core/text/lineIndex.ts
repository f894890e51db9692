import type { Position, Range } from '../diagnostics/types';

/**
 * Converts between offsets (what the parser stores) and LSP positions (what diagnostics carry).
 * The line starts are found once per text, on first use; lookups are a binary search over them.
 */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  /**
   * Built on first use: a file without diagnostics never needs it, and a multi-megabyte config has
   * hundreds of thousands of lines.
   */
  private get lineStarts(): number[] {
    if (this.starts) return this.starts;
    const text = this.text;
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
    return starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.lineStarts[lo]! };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line]!;
    const next =
      position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1]! : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /**
   * The 1-based "line:column" libprotobuf prints for an offset. Its tokenizer counts columns in bytes
   * and advances tabs to the next multiple of 8, so this is what appears in Triton's log.
   */
  protobufLocation(offset: number): string {
    const pos = this.positionAt(offset);
    const lineStart = this.lineStarts[pos.line]!;
    let column = 0;
    for (let i = lineStart; i < lineStart + pos.character; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 0x09) column += 8 - (column % 8);
      else if (c < 0x80) column += 1;
      else if (c < 0x800) column += 2;
      else if (c >= 0xd800 && c <= 0xdbff) {
        column += 4;
        i++;
      } else column += 3;
    }
    return `${pos.line + 1}:${column + 1}`;
  }
}
