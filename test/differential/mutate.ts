/**
 * Mutation operators for the protoc differential test. Each operator takes the outline of a valid
 * base config and returns one mutant text (or undefined when the base offers no place to apply it).
 * Operators are pure functions of (base, schema, rng), so a fixed seed gives the same mutants.
 *
 * Two families:
 * - breaking operators aim at the errors users make (typos, wrong types, out-of-range numbers,
 *   duplicates, oneof clashes, broken brackets). Some of their mutants are still valid (a duplicate of
 *   a proto3 default, a deleted colon before a message): protoc is the judge, not the operator.
 * - meaning-preserving operators (MEANING_PRESERVING) rewrite the text in ways protoc must accept; a
 *   rejected one means the operator is buggy, and the test says so.
 */
import { Rng } from './rng';
import {
  isFloatScalar,
  isIntegerScalar,
  isStringScalar,
  type FieldInfo,
  type FieldType,
  type Schema,
  type ScalarType,
} from './schema';
import {
  applyEdits,
  indentAt,
  lineStart,
  outline,
  startsLine,
  type Edit,
  type FieldOcc,
  type Outline,
  type ScalarValue,
  type Token,
  type Value,
} from './textformat';

export interface Mutation {
  text: string;
  /** What was done, for the disagreement report (e.g. `swap: data_type -> dtaa_type`). */
  detail: string;
}

export type Operator = (o: Outline, rng: Rng) => Mutation | undefined;

// ---------------------------------------------------------------------------------------------------
// Small helpers over the outline.

function tok(o: Outline, i: number): Token {
  const t = o.sig[i];
  if (t === undefined) throw new Error(`no token ${i}`);
  return t;
}

/** An edit replacing significant tokens first..last (inclusive) and whatever lies between them. */
function replaceTokens(o: Outline, first: number, last: number, text: string): Edit {
  return { start: tok(o, first).start, end: tok(o, last).end, text };
}

function sliceTokens(o: Outline, first: number, last: number): string {
  return o.text.slice(tok(o, first).start, tok(o, last).end);
}

function valueFirst(v: Value): number {
  return v.kind === 'scalar' ? v.first : v.open;
}

function valueLast(v: Value): number {
  return v.kind === 'scalar' ? v.last : v.close;
}

function valueText(o: Outline, v: Value): string {
  return sliceTokens(o, valueFirst(v), valueLast(v));
}

function edited(o: Outline, edits: Edit[], detail: string): Mutation {
  return { text: applyEdits(o.text, edits), detail };
}

/** The scalar's main token (the number after a `-`, the identifier, or the first string). */
function scalarToken(o: Outline, v: ScalarValue): Token {
  return tok(o, v.last === v.first ? v.first : tok(o, v.first).text === '-' ? v.last : v.first);
}

function isNegative(o: Outline, v: ScalarValue): boolean {
  return tok(o, v.first).text === '-';
}

function scalarsWhere(o: Outline, pred: (v: ScalarValue, t: FieldType) => boolean): ScalarValue[] {
  return o.scalars.filter((v) => pred(v, v.field.type));
}

/** Where a new field goes right after `occ`: on its own line when `occ` starts a line, else inline. */
function insertAfter(o: Outline, occ: FieldOcc, snippet: string): Edit {
  const endTok = tok(o, occ.separator ?? occ.last);
  const nameTok = tok(o, occ.name);
  const sep = startsLine(o.text, nameTok.start) ? `\n${indentAt(o.text, nameTok.start)}` : ' ';
  return { start: endTok.end, end: endTok.end, text: `${sep}${snippet}` };
}

/** Where a new field goes right before `occ`. */
function insertBefore(o: Outline, occ: FieldOcc, snippet: string): Edit {
  const nameTok = tok(o, occ.name);
  const sep = startsLine(o.text, nameTok.start) ? `\n${indentAt(o.text, nameTok.start)}` : ' ';
  return { start: nameTok.start, end: nameTok.start, text: `${snippet}${sep}` };
}

/** Where a new field goes at the end of the message that holds `occ` (a different line, usually). */
function insertAtParentEnd(o: Outline, occ: FieldOcc, snippet: string): Edit {
  const lastSibling = occ.siblings[occ.siblings.length - 1] ?? occ;
  return insertAfter(o, lastSibling, snippet);
}

/** The text of a proto3 default value for a scalar or enum field. */
function defaultValue(t: FieldType): string {
  if (t.kind === 'enum') return [...t.values.entries()].find(([, n]) => n === 0)?.[0] ?? '0';
  if (t.kind === 'message') return '{ }';
  if (isStringScalar(t)) return '""';
  if (t.scalar === 'bool') return 'false';
  return '0';
}

/** A non-default value of the right type. */
function someValue(t: FieldType, rng: Rng): string {
  if (t.kind === 'enum') return [...t.values.entries()].find(([, n]) => n !== 0)?.[0] ?? '1';
  if (t.kind === 'message') return '{ }';
  if (isStringScalar(t)) return rng.pick(['"x"', '"model.onnx"']) ?? '"x"';
  if (t.scalar === 'bool') return 'true';
  return String(rng.range(1, 64));
}

function fieldSnippet(f: FieldInfo, value: string): string {
  return f.type.kind === 'message' ? `${f.name} ${value}` : `${f.name}: ${value}`;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz_';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789';

/** One keyboard-style typo: insert, delete, swap (adjacent) or replace a letter. */
function typo(
  word: string,
  alphabet: string,
  rng: Rng,
  kinds = ['insert', 'delete', 'swap', 'replace'],
): Mutation | undefined {
  for (let attempt = 0; attempt < 8; attempt++) {
    const kind = rng.pick(kinds) ?? 'swap';
    const i = rng.int(word.length);
    const letter = alphabet[rng.int(alphabet.length)] ?? 'x';
    let out = word;
    if (kind === 'insert') out = word.slice(0, i) + letter + word.slice(i);
    else if (kind === 'delete') out = word.slice(0, i) + word.slice(i + 1);
    else if (kind === 'replace') out = word.slice(0, i) + letter + word.slice(i + 1);
    else if (i + 1 < word.length) out = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    // A typo that starts with a digit is no longer one identifier token; that is a different mistake.
    if (out !== word && /^[A-Za-z_]/.test(out)) return { text: out, detail: `${kind}: ${word} -> ${out}` };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Breaking operators: names.

const fieldNameTypo: Operator = (o, rng) => {
  const occ = rng.pick(o.fields);
  if (!occ) return undefined;
  const name = tok(o, occ.name);
  const t = typo(name.text, LOWER, rng);
  return t && edited(o, [{ start: name.start, end: name.end, text: t.text }], t.detail);
};

const enumIdents = (o: Outline): ScalarValue[] =>
  scalarsWhere(o, (v, t) => t.kind === 'enum' && tok(o, v.first).kind === 'ident');

const enumValueTypo: Operator = (o, rng) => {
  const v = rng.pick(enumIdents(o));
  if (!v) return undefined;
  const t0 = tok(o, v.first);
  // Swapping two letters (TYPE_FP32 -> TYPE_FP23, KIND_GPU -> KIND_GUP) is the classic; the others add breadth.
  const t = typo(t0.text, UPPER, rng, ['swap', 'swap', 'insert', 'delete', 'replace']);
  return t && edited(o, [{ start: t0.start, end: t0.end, text: t.text }], t.detail);
};

const enumAsNumber: Operator = (o, rng) => {
  const v = rng.pick(enumIdents(o));
  if (!v || v.field.type.kind !== 'enum') return undefined;
  const numbers = [...v.field.type.values.values()];
  // proto3 enums are open, so an unknown number is accepted; only numbers outside int32 are not.
  const choice =
    rng.pick([
      String(rng.pick(numbers) ?? 0),
      '99',
      '-1',
      '2147483647',
      '2147483648',
      '-2147483649',
      '1.0',
    ]) ?? '99';
  return edited(o, [replaceTokens(o, v.first, v.last, choice)], `${tok(o, v.first).text} -> ${choice}`);
};

// ---------------------------------------------------------------------------------------------------
// Breaking operators: values of the wrong type.

const stringForNumber: Operator = (o, rng) => {
  const v = rng.pick(scalarsWhere(o, (_, t) => isIntegerScalar(t) || isFloatScalar(t)));
  if (!v) return undefined;
  const s = rng.pick([`"${scalarToken(o, v).text}"`, '"abc"', "''"]) ?? '"abc"';
  return edited(o, [replaceTokens(o, v.first, v.last, s)], `${v.field.name}: ${valueText(o, v)} -> ${s}`);
};

const floatForInt: Operator = (o, rng) => {
  const v = rng.pick(scalarsWhere(o, (_, t) => isIntegerScalar(t)));
  if (!v) return undefined;
  const n = scalarToken(o, v).text;
  const s = rng.pick([`${n}.5`, '1.5', `${n}.0`, '1e3', '.5']) ?? '1.5';
  return edited(
    o,
    [{ start: scalarToken(o, v).start, end: scalarToken(o, v).end, text: s }],
    `${v.field.name}: ${n} -> ${s}`,
  );
};

const identForString: Operator = (o, rng) => {
  const v = rng.pick(scalarsWhere(o, (_, t) => isStringScalar(t)));
  if (!v) return undefined;
  const content = tok(o, v.first)
    .text.slice(1, -1)
    .replace(/[^A-Za-z0-9_]/g, '_');
  const ident = /^[A-Za-z_]/.test(content) ? content : (rng.pick(['foo', 'true', 'TYPE_FP32']) ?? 'foo');
  return edited(
    o,
    [replaceTokens(o, v.first, v.last, ident)],
    `${v.field.name}: ${valueText(o, v)} -> ${ident}`,
  );
};

const stringForEnum: Operator = (o, rng) => {
  const v = rng.pick(enumIdents(o));
  if (!v) return undefined;
  const s = `"${tok(o, v.first).text}"`;
  return edited(o, [replaceTokens(o, v.first, v.last, s)], `${v.field.name}: -> ${s}`);
};

const bracesForScalar: Operator = (o, rng) => {
  const occ = rng.pick(o.fields.filter((f) => f.value.kind === 'scalar'));
  if (!occ || occ.value.kind !== 'scalar') return undefined;
  const braces = rng.pick(['{ }', '{}', '< >']) ?? '{ }';
  const edits = [replaceTokens(o, occ.value.first, occ.value.last, braces)];
  // Without the colon the field looks like a message field, a different path through the parser.
  const dropColon = occ.colon !== undefined && rng.chance(0.4);
  if (dropColon && occ.colon !== undefined) edits.push(replaceTokens(o, occ.colon, occ.colon, ''));
  return edited(o, edits, `${occ.field.name}: scalar -> ${braces}${dropColon ? ' (no colon)' : ''}`);
};

const scalarForMessage: Operator = (o, rng) => {
  const m = rng.pick(o.messages);
  if (!m) return undefined;
  const s = rng.pick(['1', '"x"', 'foo', 'true', '-1']) ?? '1';
  const edits = [replaceTokens(o, m.value.open, m.value.close, s)];
  const addColon = m.owner.colon === undefined && m.owner.value === m.value && rng.chance(0.5);
  if (addColon) edits.push({ start: tok(o, m.owner.name).end, end: tok(o, m.owner.name).end, text: ':' });
  return edited(o, edits, `${m.owner.field.name}: message -> ${s}${addColon ? ' (colon added)' : ''}`);
};

const listForSingular: Operator = (o, rng) => {
  const occ = rng.pick(o.fields.filter((f) => !f.field.repeated));
  if (!occ) return undefined;
  const v = valueText(o, occ.value);
  const s = rng.chance(0.5) ? `[ ${v} ]` : `[ ${v}, ${v} ]`;
  return edited(
    o,
    [replaceTokens(o, valueFirst(occ.value), valueLast(occ.value), s)],
    `${occ.field.name}: -> ${s.slice(0, 40)}`,
  );
};

// ---------------------------------------------------------------------------------------------------
// Breaking operators: numbers.

/** Values just past the ends of each integer type, plus the ends themselves (which must pass). */
const INT_LIMITS: Partial<Record<ScalarType, { bad: string[]; good: string[] }>> = {
  int32: { bad: ['2147483648', '-2147483649', '4294967296'], good: ['2147483647', '-2147483648'] },
  uint32: { bad: ['4294967296', '-1', '9223372036854775808'], good: ['4294967295', '0'] },
  int64: {
    bad: ['9223372036854775808', '-9223372036854775809', '18446744073709551616'],
    good: ['9223372036854775807', '-9223372036854775808'],
  },
  uint64: {
    bad: ['18446744073709551616', '-1', '99999999999999999999'],
    good: ['18446744073709551615', '0'],
  },
};

const intOutOfRange: Operator = (o, rng) => {
  const v = rng.pick(scalarsWhere(o, (_, t) => isIntegerScalar(t)));
  if (!v || v.field.type.kind !== 'scalar') return undefined;
  const limits = INT_LIMITS[v.field.type.scalar];
  if (!limits) return undefined;
  const s = rng.pick(rng.chance(0.75) ? limits.bad : limits.good) ?? '0';
  return edited(
    o,
    [replaceTokens(o, v.first, v.last, s)],
    `${v.field.type.scalar} ${v.field.name}: ${valueText(o, v)} -> ${s}`,
  );
};

const boolSpelling: Operator = (o, rng) => {
  const v = rng.pick(scalarsWhere(o, (_, t) => t.kind === 'scalar' && t.scalar === 'bool'));
  if (!v) return undefined;
  const good = ['true', 'false', 'True', 'False', 't', 'f', '1', '0'];
  const bad = ['2', '-1', 'TRUE', 'yes', '"true"', '1.0', '0x1'];
  const s = rng.pick(rng.chance(0.5) ? good : bad) ?? 'true';
  return edited(o, [replaceTokens(o, v.first, v.last, s)], `${v.field.name}: ${valueText(o, v)} -> ${s}`);
};

/** Other spellings of a number: some valid (octal, exponent on floats), some not (leading zero 08, `f` on ints). */
const numberSpelling: Operator = (o, rng) => {
  const v = rng.pick(
    scalarsWhere(
      o,
      (vv, t) => (isIntegerScalar(t) || isFloatScalar(t)) && scalarToken(o, vv).kind === 'number',
    ),
  );
  if (!v) return undefined;
  const t = scalarToken(o, v);
  const n = /^\d+$/.test(t.text) ? BigInt(t.text) : 1n;
  const forms = isFloatScalar(v.field.type)
    ? ['0x10', '1.5f', '1e5', '.5', '5.', 'inf', 'nan', '-inf', 'Infinity', '1.5F', '1E-2', '010', '1f', '1e']
    : [
        `0${n.toString(8)}`,
        '08',
        '09',
        `${n}f`,
        `${n}e0`,
        `0X${n.toString(16).toUpperCase()}`,
        `${n}u`,
        '0x',
        `${n}.`,
      ];
  const s = rng.pick(forms) ?? '0';
  return edited(o, [{ start: t.start, end: t.end, text: s }], `${v.field.name}: ${t.text} -> ${s}`);
};

// ---------------------------------------------------------------------------------------------------
// Breaking operators: presence rules (duplicates, oneofs).

const duplicateSingular: Operator = (o, rng) => {
  const occ = rng.pick(o.fields.filter((f) => !f.field.repeated));
  if (!occ) return undefined;
  const copy = sliceTokens(o, occ.name, occ.last);
  const t = occ.field.type;
  // proto3 only rejects a second value when the first one set the field (non-default), so mix in
  // defaults before and after: `x: 0` then `x: 8` is fine, `x: 8` then `x: 0` is not.
  const variants = ['copy-after', 'copy-at-end'];
  if (t.kind !== 'message') variants.push('default-after', 'default-before', 'value-before');
  const variant = rng.pick(variants) ?? 'copy-after';
  const dflt = fieldSnippet(occ.field, defaultValue(t));
  const edit =
    variant === 'copy-after'
      ? insertAfter(o, occ, copy)
      : variant === 'copy-at-end'
        ? insertAtParentEnd(o, occ, copy)
        : variant === 'default-after'
          ? insertAfter(o, occ, dflt)
          : variant === 'default-before'
            ? insertBefore(o, occ, dflt)
            : insertBefore(o, occ, fieldSnippet(occ.field, someValue(t, rng)));
  return edited(o, [edit], `${variant}: ${occ.field.name}`);
};

const oneofSecondMember: Operator = (o, rng) => {
  const occ = rng.pick(o.fields.filter((f) => f.field.oneof !== undefined));
  const oneof = occ?.field.oneof;
  if (!occ || !oneof) return undefined;
  const otherName = rng.pick(oneof.members.filter((m) => m !== occ.field.name));
  const other = otherName === undefined ? undefined : occ.parent.fields.get(otherName);
  if (!other) return undefined;
  // In a oneof even a default scalar sets the member, so `zero_data: false` still clashes.
  const value = rng.chance(0.5) ? defaultValue(other.type) : someValue(other.type, rng);
  const snippet = fieldSnippet(other, value);
  const where = rng.pick(['after', 'before', 'end']) ?? 'after';
  const edit =
    where === 'after'
      ? insertAfter(o, occ, snippet)
      : where === 'before'
        ? insertBefore(o, occ, snippet)
        : insertAtParentEnd(o, occ, snippet);
  return edited(o, [edit], `${where}: ${occ.field.name} + ${snippet}`);
};

// ---------------------------------------------------------------------------------------------------
// Breaking operators: punctuation and structure.

const PUNCT_TO_DELETE = new Set(['{', '}', '[', ']', '<', '>', ':', ',']);

const deletePunct: Operator = (o, rng) => {
  const candidates = o.sig.filter(
    (t) => (t.kind === 'punct' && PUNCT_TO_DELETE.has(t.text)) || t.kind === 'string',
  );
  const t = rng.pick(candidates);
  if (!t) return undefined;
  if (t.kind === 'string') {
    const at = rng.chance(0.5) ? t.start : t.end - 1;
    return edited(
      o,
      [{ start: at, end: at + 1, text: '' }],
      `delete ${at === t.start ? 'opening' : 'closing'} quote of ${t.text}`,
    );
  }
  return edited(o, [{ start: t.start, end: t.end, text: '' }], `delete '${t.text}' at offset ${t.start}`);
};

/** A random boundary between significant tokens (before the first one or after any). */
function randomBoundary(o: Outline, rng: Rng): number {
  const i = rng.int(o.sig.length + 1);
  return i === 0 ? tok(o, 0).start : tok(o, i - 1).end;
}

const insertPunct: Operator = (o, rng) => {
  if (o.sig.length === 0) return undefined;
  const at = randomBoundary(o, rng);
  const p = rng.pick(['{', '}', '[', ']', '<', '>', ':', ',', ';']) ?? ',';
  return edited(o, [{ start: at, end: at, text: ` ${p}` }], `insert '${p}' at offset ${at}`);
};

const truncate: Operator = (o, rng) => {
  const first = o.sig[0];
  if (!first) return undefined;
  // Start after the license header: cutting inside a leading comment tells us nothing.
  const at = rng.range(first.start, o.text.length - 1);
  return { text: o.text.slice(0, at), detail: `truncate at offset ${at} of ${o.text.length}` };
};

const deleteToken: Operator = (o, rng) => {
  const t = rng.pick(o.sig);
  return (
    t && edited(o, [{ start: t.start, end: t.end, text: '' }], `delete token ${t.text} at offset ${t.start}`)
  );
};

const duplicateToken: Operator = (o, rng) => {
  const t = rng.pick(o.sig);
  return (
    t &&
    edited(
      o,
      [{ start: t.end, end: t.end, text: ` ${t.text}` }],
      `duplicate token ${t.text} at offset ${t.start}`,
    )
  );
};

const swapTokens: Operator = (o, rng) => {
  if (o.sig.length < 2) return undefined;
  const i = rng.int(o.sig.length - 1);
  const a = tok(o, i);
  const b = tok(o, i + 1);
  if (a.text === b.text) return undefined;
  const between = o.text.slice(a.end, b.start);
  return edited(
    o,
    [{ start: a.start, end: b.end, text: `${b.text}${between}${a.text}` }],
    `swap ${a.text} <-> ${b.text} at offset ${a.start}`,
  );
};

/** Tokens libprotobuf's tokenizer rejects (or reads in a surprising way), dropped at a token boundary. */
const BAD_TOKENS = [
  '08',
  '"unterminated',
  "'x\\q'",
  '0x',
  '1e',
  '@',
  '"\\x"',
  '1.2.3',
  '/',
  '$',
  '\u00e9',
  '9z',
  '"\\777"',
];

const badToken: Operator = (o, rng) => {
  if (o.sig.length === 0) return undefined;
  const at = randomBoundary(o, rng);
  const bad = rng.pick(BAD_TOKENS) ?? '08';
  return edited(o, [{ start: at, end: at, text: ` ${bad}` }], `insert ${bad} at offset ${at}`);
};

/** The single edit turning `base` into `mutant`: everything between their common prefix and suffix. */
function diffEdit(base: string, mutant: string): Edit {
  let p = 0;
  while (p < base.length && p < mutant.length && base[p] === mutant[p]) p++;
  let s = 0;
  while (
    s < base.length - p &&
    s < mutant.length - p &&
    base[base.length - 1 - s] === mutant[mutant.length - 1 - s]
  ) {
    s++;
  }
  return { start: p, end: base.length - s, text: mutant.slice(p, mutant.length - s) };
}

/**
 * Two breaking mutations in one file, at different places. Single faults never test which error
 * comes FIRST when there are several; libprotobuf stops at the first, and the checker must agree.
 */
const doubleFault: Operator = (o, rng) => {
  const a = rng.pick(BREAKING);
  const b = rng.pick(BREAKING);
  const ma = a && OPERATORS.get(a)?.(o, rng);
  const mb = b && OPERATORS.get(b)?.(o, rng);
  if (!ma || !mb) return undefined;
  const ea = diffEdit(o.text, ma.text);
  const eb = diffEdit(o.text, mb.text);
  if (!(ea.end < eb.start || eb.end < ea.start)) return undefined;
  return edited(o, [ea, eb], `${a}: ${ma.detail} + ${b}: ${mb.detail}`);
};

// ---------------------------------------------------------------------------------------------------
// Meaning-preserving operators: protoc must accept every one of their mutants.

/** Lines (0-based) that hold at least one significant token, with their start offsets. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function lineEnd(text: string, start: number): number {
  const nl = text.indexOf('\n', start);
  return nl === -1 ? text.length : nl;
}

const COMMENTS = ['# note', '#', '# a "quote', "# it's { [ <", '#}', '# max_batch_size: 8', '#: ,;'];

const commentAtLineEnd: Operator = (o, rng) => {
  const lines = lineStarts(o.text).filter((s) =>
    o.sig.some((t) => t.start >= s && t.start < lineEnd(o.text, s)),
  );
  const edits: Edit[] = [];
  const chosen = new Set<number>();
  const n = rng.range(1, 3);
  for (let k = 0; k < n; k++) {
    const s = rng.pick(lines);
    if (s === undefined || chosen.has(s)) continue;
    chosen.add(s);
    const end = lineEnd(o.text, s);
    // Keep a CR (CRLF files) after the comment, not inside it.
    const at = o.text[end - 1] === '\r' ? end - 1 : end;
    edits.push({ start: at, end: at, text: ` ${rng.pick(COMMENTS) ?? '#'}` });
  }
  return edits.length === 0 ? undefined : edited(o, edits, `${edits.length} end-of-line comment(s)`);
};

const commentOwnLine: Operator = (o, rng) => {
  const starts = lineStarts(o.text);
  const s = rng.pick(starts);
  if (s === undefined) return undefined;
  const text = `${indentAt(o.text, s)}${rng.pick(COMMENTS) ?? '#'}\n`;
  return edited(o, [{ start: s, end: s, text }], `comment line before line ${starts.indexOf(s) + 1}`);
};

const angleBrackets: Operator = (o, rng) => {
  const m = rng.pick(o.messages);
  if (!m) return undefined;
  const toAngle = tok(o, m.value.open).text === '{';
  const [open, close] = toAngle ? ['<', '>'] : ['{', '}'];
  return edited(
    o,
    [
      replaceTokens(o, m.value.open, m.value.open, open),
      replaceTokens(o, m.value.close, m.value.close, close),
    ],
    `${m.owner.field.name}: ${toAngle ? '{} -> <>' : '<> -> {}'}`,
  );
};

const messageFields = (o: Outline): FieldOcc[] => o.fields.filter((f) => f.field.type.kind === 'message');

const colonDrop: Operator = (o, rng) => {
  const occ = rng.pick(messageFields(o).filter((f) => f.colon !== undefined));
  if (!occ || occ.colon === undefined) return undefined;
  return edited(o, [replaceTokens(o, occ.colon, occ.colon, '')], `drop colon after ${occ.field.name}`);
};

const colonAdd: Operator = (o, rng) => {
  const occ = rng.pick(messageFields(o).filter((f) => f.colon === undefined));
  if (!occ) return undefined;
  const at = tok(o, occ.name).end;
  const colon = rng.pick([':', ' :', ':  ']) ?? ':';
  return edited(o, [{ start: at, end: at, text: colon }], `add colon after ${occ.field.name}`);
};

const listToRepeated: Operator = (o, rng) => {
  const occ = rng.pick(o.fields.filter((f) => f.value.kind === 'list'));
  if (!occ || occ.value.kind !== 'list') return undefined;
  const name = tok(o, occ.name).text;
  const isMessage = occ.field.type.kind === 'message';
  const colon = isMessage ? (occ.colon !== undefined ? ': ' : ' ') : ': ';
  const sep = startsLine(o.text, tok(o, occ.name).start)
    ? `\n${indentAt(o.text, tok(o, occ.name).start)}`
    : ' ';
  const parts = occ.value.elements.map((e) => `${name}${colon}${valueText(o, e)}`);
  // An empty list sets nothing; drop it with its separator (a lone `;` after another `;` is an error).
  const last = parts.length === 0 ? (occ.separator ?? occ.last) : occ.last;
  return edited(
    o,
    [replaceTokens(o, occ.name, last, parts.join(sep))],
    `${name}: list of ${parts.length} -> repeated`,
  );
};

const repeatedToList: Operator = (o, rng) => {
  const starts = o.fields.filter((f) => f.field.repeated && f.value.kind !== 'list');
  const first = rng.pick(starts);
  if (!first) return undefined;
  // Extend over the following siblings that repeat the same field, up to a random length.
  const run = [first];
  const want = rng.range(1, 4);
  for (let i = first.siblings.indexOf(first) + 1; i < first.siblings.length && run.length < want; i++) {
    const next = first.siblings[i];
    if (!next || next.field !== first.field || next.value.kind === 'list') break;
    run.push(next);
  }
  const last = run[run.length - 1] ?? first;
  const isMessage = first.field.type.kind === 'message';
  const head = isMessage && first.colon === undefined ? `${first.field.name} ` : `${first.field.name}: `;
  const list = `${head}[ ${run.map((r) => valueText(o, r.value)).join(', ')} ]`;
  return edited(
    o,
    [replaceTokens(o, first.name, last.last, list)],
    `${first.field.name}: ${run.length} repeated -> list`,
  );
};

const addSeparator: Operator = (o, rng) => {
  const occ = rng.pick(o.fields.filter((f) => f.separator === undefined));
  if (!occ) return undefined;
  const s = rng.pick([',', ';', ' ,', ' ;']) ?? ',';
  const at = tok(o, occ.last).end;
  return edited(o, [{ start: at, end: at, text: s }], `'${s.trim()}' after ${occ.field.name}`);
};

/** The units of a string literal's body: an escape sequence is one unit and must not be split. */
function stringUnits(body: string): string[] {
  return body.match(/\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|[^\\]/gsu) ?? [];
}

const splitString: Operator = (o, rng) => {
  const t = rng.pick(
    o.sig.filter((x) => x.kind === 'string' && stringUnits(x.text.slice(1, -1)).length >= 2),
  );
  if (!t) return undefined;
  const quote = t.text[0] ?? '"';
  const units = stringUnits(t.text.slice(1, -1));
  const cut = rng.range(1, units.length - 1);
  const a = units.slice(0, cut).join('');
  const b = units.slice(cut).join('');
  // The second part may switch quote style unless it holds a quote character of either kind.
  const q2 = /["']/.test(b) ? quote : (rng.pick(['"', "'"]) ?? quote);
  const gap = rng.pick(['', ' ', '\n']) ?? ' ';
  return edited(
    o,
    [{ start: t.start, end: t.end, text: `${quote}${a}${quote}${gap}${q2}${b}${q2}` }],
    `split ${t.text}`,
  );
};

const hexInteger: Operator = (o, rng) => {
  const v = rng.pick(
    scalarsWhere(o, (vv, t) => isIntegerScalar(t) && /^[1-9]\d*$|^0$/.test(scalarToken(o, vv).text)),
  );
  if (!v) return undefined;
  const t = scalarToken(o, v);
  const hex = BigInt(t.text).toString(16);
  const s = `0${rng.pick(['x', 'X']) ?? 'x'}${rng.chance(0.5) ? hex.toUpperCase() : hex}`;
  return edited(
    o,
    [{ start: t.start, end: t.end, text: s }],
    `${v.field.name}: ${isNegative(o, v) ? '-' : ''}${t.text} -> ${s}`,
  );
};

/** Bracket depth at the start of every line, from the significant tokens. */
function depthAtLines(o: Outline, starts: number[]): number[] {
  const depths: number[] = [];
  let depth = 0;
  let ti = 0;
  for (const s of starts) {
    while (ti < o.sig.length && tok(o, ti).start < s) {
      const t = tok(o, ti++);
      if (t.kind === 'punct' && '{[<'.includes(t.text)) depth++;
      if (t.kind === 'punct' && '}]>'.includes(t.text)) depth--;
    }
    const first = o.sig[ti];
    const closesFirst =
      first !== undefined &&
      first.start < lineEnd(o.text, s) &&
      '}]>'.includes(first.text) &&
      first.kind === 'punct';
    depths.push(Math.max(0, closesFirst ? depth - 1 : depth));
  }
  return depths;
}

const reindent: Operator = (o, rng) => {
  const starts = lineStarts(o.text);
  const depths = depthAtLines(o, starts);
  const style = rng.pick(['none', 'tabs', 'four', 'random']) ?? 'tabs';
  const edits: Edit[] = starts.map((s, i) => {
    const d = depths[i] ?? 0;
    const indent =
      style === 'none'
        ? ''
        : style === 'tabs'
          ? '\t'.repeat(d)
          : style === 'four'
            ? '    '.repeat(d)
            : ' '.repeat(rng.int(7));
    return { start: s, end: s + indentAt(o.text, s).length, text: indent };
  });
  return edited(o, edits, `reindent: ${style}`);
};

const joinLines: Operator = (o, rng) => {
  const commentLines = new Set(
    o.tokens.filter((t) => t.kind === 'comment').map((t) => lineStart(o.text, t.start)),
  );
  if (rng.chance(0.2)) {
    // Everything on one line: comments must go first, or they would swallow the rest of the file.
    const noComments = applyEdits(
      o.text,
      o.tokens.filter((t) => t.kind === 'comment').map((t) => ({ start: t.start, end: t.end, text: '' })),
    );
    return { text: noComments.replace(/\s*\n\s*/g, ' ').trim(), detail: 'join all lines (comments removed)' };
  }
  const starts = lineStarts(o.text);
  const i = rng.int(starts.length - 1);
  const edits: Edit[] = [];
  const count = rng.range(1, 4);
  for (let k = i; k < i + count && k + 1 < starts.length; k++) {
    const s = starts[k] ?? 0;
    if (commentLines.has(s)) break;
    const nl = lineEnd(o.text, s);
    const next = starts[k + 1] ?? nl + 1;
    // Replace the newline and the next line's indent (and this line's trailing blanks) with one space.
    const trail = /[ \t\r]*$/.exec(o.text.slice(s, nl))?.[0].length ?? 0;
    edits.push({ start: nl - trail, end: next + indentAt(o.text, next).length, text: ' ' });
  }
  return edits.length === 0
    ? undefined
    : edited(o, edits, `join ${edits.length + 1} lines from line ${i + 1}`);
};

const squeezeSpaces: Operator = (o, rng) => {
  const edits: Edit[] = [];
  for (let i = 0; i + 1 < o.sig.length; i++) {
    const a = tok(o, i);
    const b = tok(o, i + 1);
    const gap = o.text.slice(a.end, b.start);
    // Only same-line blanks, and only where a punctuation mark keeps the tokens apart afterwards.
    const safe = a.kind === 'punct' || b.kind === 'punct' || (a.kind === 'string' && b.kind === 'string');
    if (gap.length > 0 && /^[ \t]+$/.test(gap) && safe && rng.chance(0.7)) {
      edits.push({ start: a.end, end: b.start, text: '' });
    }
  }
  return edits.length === 0 ? undefined : edited(o, edits, `squeeze ${edits.length} gaps`);
};

// ---------------------------------------------------------------------------------------------------
// The registry.

/** Every operator by name, in a fixed order (the order mutants are generated in). */
export const OPERATORS: ReadonlyMap<string, Operator> = new Map<string, Operator>([
  ['field-name-typo', fieldNameTypo],
  ['enum-value-typo', enumValueTypo],
  ['enum-as-number', enumAsNumber],
  ['string-for-number', stringForNumber],
  ['float-for-int', floatForInt],
  ['ident-for-string', identForString],
  ['string-for-enum', stringForEnum],
  ['braces-for-scalar', bracesForScalar],
  ['scalar-for-message', scalarForMessage],
  ['list-for-singular', listForSingular],
  ['int-out-of-range', intOutOfRange],
  ['bool-spelling', boolSpelling],
  ['number-spelling', numberSpelling],
  ['duplicate-singular', duplicateSingular],
  ['oneof-second-member', oneofSecondMember],
  ['delete-punct', deletePunct],
  ['insert-punct', insertPunct],
  ['truncate', truncate],
  ['delete-token', deleteToken],
  ['duplicate-token', duplicateToken],
  ['swap-tokens', swapTokens],
  ['bad-token', badToken],
  ['double-fault', doubleFault],
  ['comment-eol', commentAtLineEnd],
  ['comment-line', commentOwnLine],
  ['angle-brackets', angleBrackets],
  ['colon-drop', colonDrop],
  ['colon-add', colonAdd],
  ['list-to-repeated', listToRepeated],
  ['repeated-to-list', repeatedToList],
  ['add-separator', addSeparator],
  ['split-string', splitString],
  ['hex-int', hexInteger],
  ['reindent', reindent],
  ['join-lines', joinLines],
  ['squeeze-spaces', squeezeSpaces],
]);

/** Operators whose mutants protoc must accept. */
export const MEANING_PRESERVING: ReadonlySet<string> = new Set([
  'comment-eol',
  'comment-line',
  'angle-brackets',
  'colon-drop',
  'colon-add',
  'list-to-repeated',
  'repeated-to-list',
  'add-separator',
  'split-string',
  'hex-int',
  'reindent',
  'join-lines',
  'squeeze-spaces',
]);

/** The single-fault breaking operators that double-fault combines. */
const BREAKING: readonly string[] = [...OPERATORS.keys()].filter(
  (n) => !MEANING_PRESERVING.has(n) && n !== 'double-fault',
);

// ---------------------------------------------------------------------------------------------------
// Generation.

export interface Base {
  name: string;
  text: string;
}

export interface Mutant {
  base: string;
  operator: string;
  detail: string;
  text: string;
}

export interface GenerateOptions {
  seed: number;
  /** Stop once this many distinct mutants exist. */
  target: number;
}

/** FNV-1a, to derive a per-(base, operator, round) seed: a mutant then stays the same when bases are added. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Round-robin over rounds x bases x operators, so every operator gets about the same share of every
 * base. Mutants equal to their base, or to an earlier mutant, are skipped.
 */
export function generateMutants(bases: readonly Base[], schema: Schema, opts: GenerateOptions): Mutant[] {
  const outlines = bases.map((b) => ({ base: b, o: outline(b.text, schema) }));
  const seen = new Set(bases.map((b) => b.text));
  const out: Mutant[] = [];
  for (let round = 0; out.length < opts.target; round++) {
    const before = out.length;
    for (const { base, o } of outlines) {
      for (const [name, op] of OPERATORS) {
        if (out.length >= opts.target) break;
        const m = op(o, new Rng(hash(`${opts.seed}|${base.name}|${name}|${round}`)));
        if (!m || seen.has(m.text)) continue;
        seen.add(m.text);
        out.push({ base: base.name, operator: name, detail: m.detail, text: m.text });
      }
    }
    // No base offers anything new any more: stop rather than spin.
    if (out.length === before && round > 20) break;
  }
  return out;
}

/** Exposed for a quick look at one operator on one text (and for unit checks of the operators). */
export function mutateOnce(
  text: string,
  schema: Schema,
  operator: string,
  seed: number,
): Mutation | undefined {
  const op = OPERATORS.get(operator);
  if (!op) throw new Error(`unknown operator ${operator}`);
  return op(outline(text, schema), new Rng(seed));
}
