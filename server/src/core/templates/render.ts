import type { CheckOptions, FileReport } from '../check/checkPaths';
import type { Diagnostic } from '../diagnostics/types';
import { CONFIG_FILE, checkPaths } from '../check/checkPaths';
import type { FileSystem } from '../check/fileSystem';
import { joinPath } from '../check/fileSystem';
import type { Problem } from '../diagnostics/problem';
import { toDiagnostic } from '../diagnostics/problem';
import type { DiagnosticCode } from '../diagnostics/registry';
import { parse } from '../syntax/parser';
import { LineIndex } from '../text/lineIndex';
import { didYouMean } from '../util/didYouMean';
import { collectValues, describeSource, sourceKey, sourcePath, sourceSpan } from './sources';
import { PLACEHOLDER_CODES } from './judge';
import type { Replacement } from './substitute';
import { substituteTracked } from './substitute';
import type { PlaceholderUse } from './uses';
import { placeholderUses } from './uses';
import type { ValueEntry, ValueInputs, ValueSource } from './values';
import { appliesTo, modelsForAlias, scopeLevel, winner } from './values';

/** A rendered config, at its path relative to the repository root ('/'-separated). */
export interface RenderedFile {
  path: string;
  content: string;
}

/** A file of the template repository copied as it is (version directories, model.py, ...). */
export interface CopiedFile {
  path: string;
  /** Its path in the template repository, for the host to read (it may be binary). */
  from: string;
}

export interface EffectiveValue {
  text: string;
  source: ValueSource;
  /** Values for the same variable that lost to this one, highest precedence first. */
  overridden: { text: string; source: ValueSource }[];
}

export interface TemplateVariable {
  name: string;
  uses: PlaceholderUse[];
  /** Absent when no source gives the variable a value. */
  value?: EffectiveValue;
}

export interface ModelTemplate {
  model: string;
  configPath: string;
  /** By first use in the file. */
  variables: TemplateVariable[];
}

export interface RenderResult {
  files: RenderedFile[];
  copies: CopiedFile[];
  /**
   * Every directory of the rendered tree, relative, '/'-separated, empty ones included (an empty version
   * directory is a version to Triton): hosts make them all.
   */
  directories: string[];
  models: ModelTemplate[];
  /** `template/` diagnostics, on template configs, the values file, or a source label (`env:NAME`). */
  problems: FileReport[];
  /**
   * The rendered repository checked as Triton would load it: exactly the tree hosts write (`files`,
   * `copies`, `directories`), at the template's paths. Errors already reported as a wrong value are left out.
   */
  check: FileReport[];
  /** Errors in `problems` and `check`: a render with any should not be written. */
  errors: number;
}

interface Model {
  dir: string;
  configPath: string;
  text: string;
  uses: PlaceholderUse[];
  rendered: string;
  replacements: Replacement[];
  values: Map<string, EffectiveValue>;
}

type Located = Problem & { path: string };

/** A whole-value use whose value is empty: reported once per value, at the value. */
interface EmptyUse {
  model: Model;
  use: PlaceholderUse;
  value: EffectiveValue;
}

/**
 * Renders a template repository with values from a values file, the environment and `--set`
 * strings, exactly as fill_template.py would render each config, and says what is wrong with the
 * result. Nothing is written: hosts write `files` and `copies`.
 */
export async function renderRepository(
  repoPath: string,
  fs: FileSystem,
  inputs: ValueInputs,
  options: CheckOptions = {},
): Promise<RenderResult> {
  const root = repoPath.length > 1 ? repoPath.replace(/\/+$/, '') : repoPath;
  const collected = await collectValues(inputs, fs);
  const problems: Located[] = [];
  const add = (
    path: string,
    code: DiagnosticCode,
    start: number,
    end: number,
    message: string,
    extra: Partial<Problem> = {},
  ) => problems.push({ path, code, start, end, message, ...extra });
  for (const p of collected.problems) {
    const { start, end } = sourceSpan(p.source);
    add(sourcePath(p.source), 'template/invalid-values', start, end, p.message);
  }

  // The tree to write: every non-hidden sub-directory (a model to Triton, config.pbtxt or not), whole.
  const dirs = (await fs.readDirectory(root))
    .filter((e) => e.kind === 'directory' && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  const copies: CopiedFile[] = [];
  const directories: string[] = [];
  const models: Model[] = [];
  for (const dir of dirs) {
    const configPath = joinPath(joinPath(root, dir), CONFIG_FILE);
    directories.push(dir);
    const listed = await listTree(fs, joinPath(root, dir));
    for (const d of listed.directories) directories.push(`${dir}/${d}`);
    for (const rel of listed.files) {
      if (rel !== CONFIG_FILE)
        copies.push({ path: `${dir}/${rel}`, from: joinPath(joinPath(root, dir), rel) });
    }
    if ((await fs.stat(configPath)) !== 'file') continue;
    const text = await fs.readFile(configPath);
    models.push({
      dir,
      configPath,
      text,
      uses: placeholderUses(parse(text)),
      rendered: text,
      replacements: [],
      values: new Map(),
    });
  }

  const entries = collected.entries;
  const empty: EmptyUse[] = [];
  for (const model of models) {
    const lookup = valueLookup(entries, model.dir, dirs, model.values);
    // An empty value where a whole value belongs is no value: the placeholder stays (and is reported at
    // the value), rather than an empty field that makes the rest of the file fail to parse.
    const wholeValues = new Set(model.uses.filter((u) => u.kind === 'value').map((u) => u.name));
    const filled = (name: string) => {
      const v = lookup(name);
      return v && !(wholeValues.has(name) && v.text.trim() === '') ? v.text : undefined;
    };
    const r = substituteTracked(model.text, filled);
    model.rendered = r.text;
    model.replacements = r.replacements;
    for (const use of model.uses) {
      const value = lookup(use.name);
      if (value === undefined) {
        if (!misplacedFills(collected.misplaced, use.name, model.dir, dirs)) reportUnfilled(use, model, add);
      } else if (use.kind === 'value' && filled(use.name) === undefined) {
        empty.push({ model, use, value });
      }
    }
  }
  reportEmptyValues(empty, add);
  reportTwoSpellings(entries, dirs, add);
  checkEntries(entries, models, dirs, add);

  // The rendered repository, checked by the same checker a user would run on it: the very tree written.
  const rendered = new Map(models.map((m) => [`${m.dir}/${CONFIG_FILE}`, m.rendered]));
  const tree = renderedTree(
    root,
    fs,
    directories,
    [...rendered.keys(), ...copies.map((c) => c.path)],
    rendered,
  );
  const report = await checkPaths([root], tree, options);
  // Placeholders left in the output are this render's own problems (missing-value, ...), reported above.
  const files = report.files.map((f) => ({
    ...f,
    diagnostics: f.diagnostics.filter((d) => !PLACEHOLDER_CODES.has(d.code)),
  }));
  const check = attributeErrors(models, files, add);

  const texts = new Map<string, string>([
    ...collected.texts,
    ...models.map((m) => [m.configPath, m.text] as const),
  ]);
  const reports = toReports(problems, texts);
  const errors = [...reports, ...check].reduce(
    (n, f) => n + f.diagnostics.filter((d) => d.severity === 'error').length,
    0,
  );
  return {
    files: models.map((m) => ({ path: `${m.dir}/${CONFIG_FILE}`, content: m.rendered })),
    copies,
    directories,
    models: models.map((m) => ({ model: m.dir, configPath: m.configPath, variables: variablesOf(m) })),
    problems: reports,
    check,
    errors: errors + report.failures.length,
  };
}

/**
 * The rendered repository as a FileSystem: under `root`, exactly the directories and files a host writes
 * (rendered configs from memory, copies read from the templates); elsewhere (an absolute engine path) the
 * real one.
 */
function renderedTree(
  root: string,
  fs: FileSystem,
  directories: readonly string[],
  files: readonly string[],
  rendered: ReadonlyMap<string, string>,
): FileSystem {
  const relative = (p: string): string | undefined => {
    const q = p.length > 1 ? p.replace(/\/+$/, '') : p;
    if (q === root) return '';
    // '.' joins as bare names (joinPath): every relative path that does not climb out is inside it.
    if (root === '.') return q.startsWith('/') || q === '..' || q.startsWith('../') ? undefined : q;
    return q.startsWith(root === '/' ? '/' : `${root}/`)
      ? q.slice(root === '/' ? 1 : root.length + 1)
      : undefined;
  };
  const dirSet = new Set(directories);
  const fileSet = new Set(files);
  const children = new Map<string, { name: string; kind: 'file' | 'directory' }[]>([['', []]]);
  const addChild = (path: string, kind: 'file' | 'directory') => {
    const i = path.lastIndexOf('/');
    const parent = i === -1 ? '' : path.slice(0, i);
    const list = children.get(parent) ?? [];
    list.push({ name: path.slice(i + 1), kind });
    children.set(parent, list);
  };
  for (const d of directories) addChild(d, 'directory');
  for (const f of files) addChild(f, 'file');
  return {
    stat: (p) => {
      const r = relative(p);
      if (r === undefined) return fs.stat(p);
      return Promise.resolve(r === '' || dirSet.has(r) ? 'directory' : fileSet.has(r) ? 'file' : 'missing');
    },
    readDirectory: (p) => {
      const r = relative(p);
      if (r === undefined) return fs.readDirectory(p);
      if (r !== '' && !dirSet.has(r)) return Promise.reject(new Error(`ENOENT: no such directory, ${p}`));
      return Promise.resolve([...(children.get(r) ?? [])]);
    },
    readFile: (p) => {
      const r = relative(p);
      if (r === undefined) return fs.readFile(p);
      const text = rendered.get(r);
      if (text !== undefined) return Promise.resolve(text);
      if (fileSet.has(r)) return fs.readFile(p);
      return Promise.reject(new Error(`ENOENT: no such file, ${p}`));
    },
    readBytes: (p, position, length) => {
      const r = relative(p);
      if (r === undefined) return fs.readBytes(p, position, length);
      const text = rendered.get(r);
      if (text !== undefined) {
        const all = new TextEncoder().encode(text);
        return Promise.resolve({ bytes: all.subarray(position, position + length), size: all.length });
      }
      if (fileSet.has(r)) return fs.readBytes(p, position, length);
      return Promise.reject(new Error(`ENOENT: no such file, ${p}`));
    },
  };
}

/** For each model of a template repository: every variable, its uses, and its effective value. */
export async function templateVariables(
  repoPath: string,
  fs: FileSystem,
  inputs: ValueInputs,
): Promise<ModelTemplate[]> {
  return (await renderRepository(repoPath, fs, inputs, { checkLayout: false })).models;
}

/**
 * The effective value of each variable of one model: the winning entry of those that apply to it,
 * with the ones it overrides. Results are remembered in `cache`.
 */
export function valueLookup(
  entries: readonly ValueEntry[],
  model: string,
  models: readonly string[],
  cache: Map<string, EffectiveValue> = new Map(),
): (name: string) => EffectiveValue | undefined {
  const mine = entries.filter((e) => appliesTo(e, model, models));
  return (name) => {
    if (cache.has(name)) return cache.get(name);
    const candidates = mine.filter((e) => e.name === name);
    const best = winner(candidates);
    if (!best) return undefined;
    const rest = candidates.filter((c) => c !== best).sort((a, b) => b.rank - a.rank || b.order - a.order);
    const value: EffectiveValue = {
      text: best.text,
      source: best.source,
      overridden: rest.map((c) => ({ text: c.text, source: c.source })),
    };
    cache.set(name, value);
    return value;
  };
}

/** Files and directories under `dir`, relative, '/'-separated, in name order. */
async function listTree(
  fs: FileSystem,
  dir: string,
  prefix = '',
): Promise<{ files: string[]; directories: string[] }> {
  const out = { files: [] as string[], directories: [] as string[] };
  for (const e of (await fs.readDirectory(dir)).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.kind === 'file') out.files.push(prefix + e.name);
    else if (e.kind === 'directory') {
      out.directories.push(prefix + e.name);
      const inner = await listTree(fs, joinPath(dir, e.name), `${prefix}${e.name}/`);
      out.files.push(...inner.files);
      out.directories.push(...inner.directories);
    }
  }
  return out;
}

type Add = (
  path: string,
  code: DiagnosticCode,
  start: number,
  end: number,
  message: string,
  extra?: Partial<Problem>,
) => void;

function reportUnfilled(use: PlaceholderUse, model: Model, add: Add): void {
  const data = { variable: use.name };
  const how = `give it a value in the values file, as TRTLLM__<MODEL>__${use.name.toUpperCase()}, or with --set ${use.name}=...`;
  if (use.kind === 'value' || use.kind === 'other') {
    const what = use.field ? `"${use.field}"` : 'the file';
    add(
      model.configPath,
      'template/missing-value',
      use.start,
      use.end,
      `Template variable "${use.name}" has no value: Triton cannot parse ${what} without it; ${how}.`,
      { data },
    );
  } else if (use.kind === 'parameter') {
    const key = use.parameter ? ` "${use.parameter}"` : '';
    add(
      model.configPath,
      'template/unset-parameter',
      use.start,
      use.end,
      `Backend parameter${key} keeps \${${use.name}} unfilled; the backend treats it as unset (its default applies).`,
      { data },
    );
  } else if (use.kind === 'string') {
    add(
      model.configPath,
      'template/unfilled-string',
      use.start,
      use.end,
      `Template variable "${use.name}" has no value; the string keeps it literally, and Triton reads it as written.`,
      { data },
    );
  }
}

/** Unknown keys (fill_template.py's assertion) and values that replace nothing. */
function checkEntries(
  entries: readonly ValueEntry[],
  models: readonly Model[],
  dirs: readonly string[],
  add: Add,
): void {
  for (const e of entries) {
    if (e.source.kind === 'default') continue;
    const { start, end } = sourceSpan(e.source);
    const at = sourcePath(e.source);
    const data = { variable: e.name };
    const scope =
      e.modelAlias !== undefined
        ? modelsForAlias(e.modelAlias, dirs)
        : e.model !== undefined
          ? dirs.filter((d) => d === e.model)
          : [...dirs];
    if (scope.length === 0) {
      const named = e.modelAlias !== undefined ? `TRTLLM__${e.modelAlias}__ names` : `"${e.model}" is`;
      const hint = e.model !== undefined ? didYouMean(e.model, dirs) : undefined;
      add(
        at,
        'template/unknown-key',
        start,
        end,
        `${named} no model of the repository (models: ${dirs.join(', ') || 'none'})${hint ? ` (did you mean "${hint}"?)` : ''}; the value for "${e.name}" is not used.`,
        { data },
      );
      continue;
    }
    const inScope = models.filter((m) => scope.includes(m.dir));
    if (!inScope.some((m) => m.text.includes(e.name))) {
      const where =
        inScope.length === 1 ? `${inScope[0]!.dir}/${CONFIG_FILE}` : `any config of ${scope.join(', ')}`;
      const hint = didYouMean(
        e.name,
        new Set(inScope.flatMap((m) => m.uses.filter((u) => u.kind !== 'comment').map((u) => u.name))),
      );
      add(
        at,
        'template/unknown-key',
        start,
        end,
        `Key "${e.name}" does not occur in ${where} (fill_template.py stops: key '${e.name}' does not exist in the file).${hint ? ` Did you mean "${hint}"?` : ''}`,
        { data },
      );
    } else if (!inScope.some((m) => m.uses.some((u) => u.name === e.name))) {
      add(
        at,
        'template/unused-value',
        start,
        end,
        `No \${${e.name}} or $${e.name} uses the value for "${e.name}": it replaces nothing.`,
        { data },
      );
    }
  }
}

/**
 * Errors of the rendered files inside a substituted value: the value does not fit where it went. Each
 * wrong value is reported once, at its source (a values-file value, a variable, a --set argument), with
 * every use it broke as a related location; the rendered files' errors it explains are left out of the
 * returned check.
 */
function attributeErrors(models: readonly Model[], check: readonly FileReport[], add: Add): FileReport[] {
  const wrong = new Map<
    string,
    { name: string; value: EffectiveValue; uses: { model: Model; r: Replacement; message: string }[] }
  >();
  const explained = new Set<Diagnostic>();
  for (const model of models) {
    const file = check.find((f) => f.path === model.configPath);
    if (!file || model.replacements.length === 0) continue;
    const lines = new LineIndex(model.rendered);
    for (const d of file.diagnostics) {
      if (d.severity !== 'error') continue;
      const at = lines.offsetAt(d.range.start);
      const r = model.replacements.find((x) => at >= x.outStart && at <= x.outEnd);
      if (!r) continue;
      explained.add(d);
      const value = model.values.get(r.name)!;
      const key = `${sourceKey(value.source)}\0${r.name}`;
      const entry = wrong.get(key) ?? { name: r.name, value, uses: [] };
      wrong.set(key, entry);
      // One report per substitution: its first error says enough (the rest often follow from it). A position
      // libprotobuf gives is one in the rendered file, which is never shown: leave it out.
      const message = d.message.replace(/ \(libprotobuf reports this at \d+:\d+\)$/, '');
      if (!entry.uses.some((u) => u.r === r)) entry.uses.push({ model, r, message });
    }
  }
  for (const { name, value, uses } of wrong.values()) {
    const first = uses[0]!;
    const where = (u: (typeof uses)[number]) => {
      const use = u.model.uses.find((x) => x.start === u.r.start);
      const field = use?.field
        ? `"${use.field}"`
        : use?.parameter
          ? `the string of parameter "${use.parameter}"`
          : 'its place';
      const line = new LineIndex(u.model.text).rangeOf(u.r.start, u.r.end).start.line + 1;
      return `${field} in ${u.model.dir}/${CONFIG_FILE} (line ${line})`;
    };
    const more =
      uses.length > 1 ? ` (and ${uses.length - 1} more ${uses.length === 2 ? 'use' : 'uses'})` : '';
    const message = `Value "${value.text}" of "${name}" (from ${describeSource(value.source)}) does not fit ${where(first)}: ${first.message}${more}`;
    const related = uses.map((u) => ({
      path: u.model.configPath,
      start: u.r.start,
      end: u.r.end,
      message: `used here: ${u.message}`,
    }));
    const data = { variable: name };
    if (value.source.kind === 'default') {
      // fill_template's own default has no place of its own: report it at its first use.
      add(first.model.configPath, 'template/value-type-mismatch', first.r.start, first.r.end, message, {
        data,
        related: related.slice(1),
      });
    } else {
      const { start, end } = sourceSpan(value.source);
      add(sourcePath(value.source), 'template/value-type-mismatch', start, end, message, { data, related });
    }
  }
  return check.map((f) => ({ ...f, diagnostics: f.diagnostics.filter((d) => !explained.has(d)) }));
}

/** Whether a misspelt section of the values file (`"modles"`) holds a value for this variable. */
function misplacedFills(
  misplaced: readonly ValueEntry[],
  name: string,
  model: string,
  dirs: readonly string[],
): boolean {
  return misplaced.some((e) => e.name === name && appliesTo(e, model, dirs));
}

/** An empty value for a whole-value variable: `template/missing-value` once at the value, uses related. */
function reportEmptyValues(empty: readonly EmptyUse[], add: Add): void {
  const byValue = new Map<string, EmptyUse[]>();
  for (const e of empty) {
    const key = `${sourceKey(e.value.source)}\0${e.use.name}`;
    byValue.set(key, [...(byValue.get(key) ?? []), e]);
  }
  for (const uses of byValue.values()) {
    const { value, use, model } = uses[0]!;
    const fields = [
      ...new Set(uses.map((u) => `"${u.use.field ?? u.use.name}" in ${u.model.dir}/${CONFIG_FILE}`)),
    ];
    const message = `Template variable "${use.name}" is empty in ${describeSource(value.source)}, but it is a whole value: Triton cannot parse ${fields.join(', ')} without one; fill it in (an empty value only means "unset" for a backend parameter).`;
    const related = uses.map((u) => ({
      path: u.model.configPath,
      start: u.use.start,
      end: u.use.end,
      message: `used here`,
    }));
    const data = { variable: use.name };
    if (value.source.kind === 'default') {
      add(model.configPath, 'template/missing-value', use.start, use.end, message, { data });
    } else {
      const { start, end } = sourceSpan(value.source);
      add(sourcePath(value.source), 'template/missing-value', start, end, message, { data, related });
    }
  }
}

/**
 * `TRTLLM__ENGINE__X` and `TRTLLM__TENSORRT_LLM__X` name one model: the directory's own name wins (it
 * is the closer scope, see winner()), and setting both is worth a warning, at the one that loses.
 */
function reportTwoSpellings(entries: readonly ValueEntry[], dirs: readonly string[], add: Add): void {
  const env = entries.filter(
    (e) => e.source.kind === 'env' && e.modelAlias !== undefined && e.modelAlias !== 'ALL',
  );
  for (const dir of dirs) {
    const byName = new Map<string, ValueEntry[]>();
    for (const e of env)
      if (modelsForAlias(e.modelAlias!, dirs).includes(dir))
        byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
    for (const [name, set] of byName) {
      if (set.length < 2) continue;
      const best = winner(set)!;
      const variable = (e: ValueEntry) => (e.source.kind === 'env' ? e.source.variable : '');
      for (const loser of set.filter((e) => e !== best)) {
        const why =
          scopeLevel(best) > scopeLevel(loser)
            ? `the model directory's own name wins over the ${loser.modelAlias} alias`
            : 'the later one wins';
        add(
          sourcePath(loser.source),
          'template/duplicate-value',
          0,
          0,
          `${variable(loser)} and ${variable(best)} both set "${name}" for ${dir}: ${variable(best)} ("${best.text}") is used, as ${why}; unset one of them.`,
          { data: { variable: name } },
        );
      }
    }
  }
}

function variablesOf(model: Model): TemplateVariable[] {
  const byName = new Map<string, TemplateVariable>();
  for (const use of model.uses) {
    let v = byName.get(use.name);
    if (!v) {
      v = { name: use.name, uses: [] };
      const value = model.values.get(use.name);
      if (value) v.value = value;
      byName.set(use.name, v);
    }
    v.uses.push(use);
  }
  return [...byName.values()];
}

function toReports(problems: readonly Located[], texts: ReadonlyMap<string, string>): FileReport[] {
  const indexes = new Map<string, LineIndex>();
  const linesOf = (path: string) => {
    let li = indexes.get(path);
    if (!li) indexes.set(path, (li = new LineIndex(texts.get(path) ?? '')));
    return li;
  };
  const byPath = new Map<string, Located[]>();
  for (const p of problems) byPath.set(p.path, [...(byPath.get(p.path) ?? []), p]);
  return [...byPath.keys()].sort().map((path) => ({
    path,
    diagnostics: byPath
      .get(path)!
      .sort((a, b) => a.start - b.start || a.code.localeCompare(b.code))
      .map(({ path: _path, ...p }) =>
        toDiagnostic(p, linesOf(path), (q) => (texts.has(q) || q === path ? linesOf(q) : undefined)),
      ),
  }));
}
