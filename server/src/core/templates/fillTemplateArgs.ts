/**
 * The substitution string of fill_template.py: `key:value,key2:value2`. Both splits (on `,`, then
 * each item on `:`) honour a backslash escape: `\x` stands for `x` and the backslash is dropped. As
 * the comma pass already consumes one backslash, a colon inside a value needs `\\:` on the command
 * line; a lone `\:` leaves a bare colon for the second pass, which then finds three fields.
 */

/** fill_template's defaults: these two are always filled unless the string overrides them. */
export const FILL_TEMPLATE_DEFAULTS: Readonly<Record<string, string>> = {
  max_queue_size: '0',
  max_queue_delay_microseconds: '0',
};

/** Splits on `delimiter`, where a backslash makes the next character literal. */
export function splitEscaped(text: string, delimiter: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\') {
      // A trailing backslash escapes nothing and disappears.
      if (i + 1 < text.length) current += text[++i];
    } else if (ch === delimiter) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

export interface FillTemplatePair {
  key: string;
  value: string;
}

export type FillTemplateParse = { ok: true; pairs: FillTemplatePair[] } | { ok: false; message: string };

/**
 * Parses a substitution string. Where fill_template.py dies unpacking an item, this returns the
 * same complaint Python prints (an empty string or a trailing comma yields an item with no colon).
 */
export function parseFillTemplateArgs(text: string): FillTemplateParse {
  const pairs: FillTemplatePair[] = [];
  for (const item of splitEscaped(text, ',')) {
    const fields = splitEscaped(item, ':');
    if (fields.length < 2) {
      return {
        ok: false,
        message: `"${item}" has no "key:value" form (fill_template.py: not enough values to unpack (expected 2, got 1))`,
      };
    }
    if (fields.length > 2) {
      return {
        ok: false,
        message: `"${item}" has ${fields.length} ":"-separated fields (fill_template.py: too many values to unpack (expected 2)); write a colon inside a value as \\\\:`,
      };
    }
    pairs.push({ key: fields[0]!, value: fields[1]! });
  }
  return { ok: true, pairs };
}
