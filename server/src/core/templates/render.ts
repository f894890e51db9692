import type { CheckOptions, FileReport } from '../check/checkPaths';
import { CONFIG_FILE, checkPaths } from '../check/checkPaths';
import type { FileSystem } from '../check/fileSystem';
import { joinPath } from '../check/fileSystem';
import type { Problem } from '../diagnostics/problem';
import { toDiagnostic } from '../diagnostics/problem';
import type { DiagnosticCode } from '../diagnostics/registry';
import { parse } from '../syntax/parser';
import { LineIndex } from '../text/lineIndex';
import { PLACEHOLDER_CODES } from './judge';
import { collectValues, describeSource, sourcePath, sourceSpan } from './sources';
import type { Replacement } from './substitute';
import { substituteTracked } from './substitute';
import type { PlaceholderUse } from './uses';
import { placeholderUses } from './uses';
import type { ValueEntry, ValueInputs, ValueSource } from './values';
import { appliesTo, modelsForAlias, winner } from './values';

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
  models: ModelTemplate[];
  /** `template/` diagnostics, on template configs, the values file, or a source label (`env:NAME`). */
  problems: FileReport[];
  /** The rendered repository checked as Triton would load it; paths are the template's paths. */
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

  const dirs = (await fs.readDirectory(repoPath))
    .filter((e) => e.kind === 'directory' && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  const copies: CopiedFile[] = [];
  const models: Model[] = [];
  for (const dir of dirs) {
    const configPath = joinPath(joinPath(repoPath, dir), CONFIG_FILE);
    for (const rel of await listFiles(fs, joinPath(repoPath, dir))) {
      if (rel !== CONFIG_FILE)
        copies.push({ path: `${dir}/${rel}`, from: joinPath(joinPath(repoPath, dir), rel) });
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
  for (const model of models) {
    const lookup = valueLookup(entries, model.dir, dirs, model.values);
    const r = substituteTracked(model.text, (name) => lookup(name)?.text);
    model.rendered = r.text;
    model.replacements = r.replacements;
    for (const use of model.uses) {
      if (lookup(use.name) !== undefined) continue;
      reportUnfilled(use, model, add);
    }
  }
  checkEntries(entries, models, dirs, add);

  // The rendered repository, checked by the same checker a user would run on it.
  const rendered = new Map(models.map((m) => [m.configPath, m.rendered]));
  const overlay: FileSystem = { ...fs, readFile: async (p) => rendered.get(p) ?? fs.readFile(p) };
  const report = await checkPaths([repoPath], overlay, options);
  // Placeholders left in the output are this render's own problems above (missing-value, ...).
  const check = report.files.map((f) => ({
    path: f.path,
    diagnostics: f.diagnostics.filter((d) => !PLACEHOLDER_CODES.has(d.code)),
  }));
  for (const model of models) attributeErrors(model, check, add);

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
    models: models.map((m) => ({ model: m.dir, configPath: m.configPath, variables: variablesOf(m) })),
    problems: reports,
    check,
    errors: errors + report.failures.length,
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

async function listFiles(fs: FileSystem, dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await fs.readDirectory(dir)).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.kind === 'file') out.push(prefix + e.name);
    else if (e.kind === 'directory')
      out.push(...(await listFiles(fs, joinPath(dir, e.name), `${prefix}${e.name}/`)));
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
      add(
        at,
        'template/unknown-key',
        start,
        end,
        `${named} no model of the repository (models: ${dirs.join(', ') || 'none'}); the value for "${e.name}" is not used.`,
        { data },
      );
      continue;
    }
    const inScope = models.filter((m) => scope.includes(m.dir));
    if (!inScope.some((m) => m.text.includes(e.name))) {
      const where =
        inScope.length === 1 ? `${inScope[0]!.dir}/${CONFIG_FILE}` : `any config of ${scope.join(', ')}`;
      add(
        at,
        'template/unknown-key',
        start,
        end,
        `Key "${e.name}" does not occur in ${where} (fill_template.py stops: key '${e.name}' does not exist in the file).`,
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

/** Errors of the rendered file inside a substituted value: the value does not fit where it went. */
function attributeErrors(model: Model, check: readonly FileReport[], add: Add): void {
  const file = check.find((f) => f.path === model.configPath);
  if (!file || model.replacements.length === 0) return;
  const lines = new LineIndex(model.rendered);
  const templateLines = new LineIndex(model.text);
  // One report per substitution: its first error says enough (the rest often follow from it).
  const reported = new Set<Replacement>();
  for (const d of file.diagnostics) {
    if (d.severity !== 'error') continue;
    const at = lines.offsetAt(d.range.start);
    const r = model.replacements.find((x) => at >= x.outStart && at <= x.outEnd);
    if (!r || reported.has(r)) continue;
    reported.add(r);
    const value = model.values.get(r.name)!;
    const use = model.uses.find((u) => u.start === r.start);
    const field = use?.field
      ? `"${use.field}"`
      : use?.parameter
        ? `the string of parameter "${use.parameter}"`
        : 'its place';
    const message = `Value "${value.text}" of "${r.name}" (from ${describeSource(value.source)}) does not fit ${field} in ${model.dir}/${CONFIG_FILE}: ${d.message}`;
    const sourceAt = sourceSpan(value.source);
    const data = { variable: r.name, code: d.code };
    add(model.configPath, 'template/value-type-mismatch', r.start, r.end, message, {
      data,
      related: [
        {
          path: sourcePath(value.source),
          ...sourceAt,
          message: `the value, from ${describeSource(value.source)}`,
        },
      ],
    });
    if (value.source.kind !== 'default') {
      const useAt = templateLines.rangeOf(r.start, r.end).start;
      add(sourcePath(value.source), 'template/value-type-mismatch', sourceAt.start, sourceAt.end, message, {
        data,
        related: [
          {
            path: model.configPath,
            start: r.start,
            end: r.end,
            message: `used here (line ${useAt.line + 1})`,
          },
        ],
      });
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
