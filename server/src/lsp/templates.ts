// Template support in the language server: values of `${variables}` (hover), a rendered preview and
// rendering into a directory. The core computes; this adapter reads values, writes files.
import * as path from 'node:path';
import { ENV_PREFIX, describeSource, renderRepository } from '../core/index';
import type { FileSystem, ModelTemplate, RenderResult, RepositoryValues, ValueSource } from '../core/index';
import { WriteRefused, applyPlan, planRender, recoverRender } from '../host/writeRender';
import type { RenderRepositoryParams, RenderRepositoryResult, RenderPreviewResult } from './protocol';

/** The `${name}` (or `$name`) at `offset` in `text`, if any. */
export function placeholderAt(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
  for (const m of line.matchAll(/\$(?:\{([_a-zA-Z][_a-zA-Z0-9]*)\}|([_a-zA-Z][_a-zA-Z0-9]*))/g)) {
    const start = lineStart + m.index;
    if (offset >= start && offset <= start + m[0].length) return m[1] ?? m[2];
  }
  return undefined;
}

/** Hover text for a variable of a model: its value and where it came from, or how to give it one. */
export function variableHover(
  models: readonly ModelTemplate[],
  modelDir: string,
  name: string,
  valuesFile: string | undefined,
  /** Words for a value's source, paths as the user sees them. */
  describe: (source: ValueSource) => string = describeSource,
): string | undefined {
  const model = models.find((m) => m.model === modelDir);
  const variable = model?.variables.find((v) => v.name === name);
  if (!variable) return undefined;
  const uses = variable.uses.length;
  const lines = [
    `**\${${name}}**: template variable (${uses} ${uses === 1 ? 'use' : 'uses'} in this file)`,
    '',
  ];
  if (variable.value) {
    lines.push(`Value: \`${variable.value.text}\``, '', `From ${describe(variable.value.source)}.`);
    for (const o of variable.value.overridden)
      lines.push('', `Overrides \`${o.text}\` from ${describe(o.source)}.`);
  } else {
    const file = valuesFile
      ? `\`${valuesFile}\``
      : 'a values file (`triton-values.json` beside the repository)';
    lines.push(
      `No value yet: set it in ${file} (\`"values"\` or \`"models"\`; the quick fix does it), as \`TRTLLM__<MODEL>__${name.toUpperCase()}\` in the environment, or with \`triton-repo render --set ${name}=...\`.`,
    );
  }
  return lines.join('\n');
}

function messagesOf(result: RenderResult): string[] {
  const out: string[] = [];
  for (const f of [...result.problems, ...result.check]) {
    for (const d of f.diagnostics) {
      if (d.severity === 'error' || d.severity === 'warning')
        out.push(`${f.path}:${d.range.start.line + 1}: ${d.severity} ${d.code}: ${d.message}`);
    }
  }
  return out;
}

export async function renderPreview(
  values: RepositoryValues,
  configPath: string,
  fs: FileSystem,
): Promise<RenderPreviewResult> {
  const repo = values.repository;
  const result = await renderRepository(repo, fs, values.inputs, { checkLayout: false });
  const relative = path.relative(repo, configPath).split(path.sep).join('/');
  const file = result.files.find((f) => f.path === relative);
  const environment = Object.keys(values.inputs.env ?? {})
    .filter((name) => name.startsWith(ENV_PREFIX))
    .sort();
  return {
    ...(file ? { content: file.content } : {}),
    ...(values.valuesFile ? { valuesFile: values.valuesFile } : {}),
    ...(environment.length > 0 ? { environment } : {}),
    errors: result.errors,
    messages: messagesOf(result),
  };
}

export async function renderToDirectory(
  params: RenderRepositoryParams,
  values: RepositoryValues,
  fs: FileSystem,
): Promise<RenderRepositoryResult> {
  const result = await renderRepository(params.repository, fs, values.inputs);
  // What a killed render of this folder left is finished or removed first (the lines say what).
  const recovered: string[] = [];
  let plan;
  try {
    await recoverRender(params.out, (line) => recovered.push(line));
    plan = await planRender(params.repository, params.out, result);
  } catch (e) {
    if (!(e instanceof WriteRefused)) throw e;
    return {
      files: [],
      errors: result.errors,
      messages: [...recovered, ...messagesOf(result)],
      written: false,
      refused: e.message,
    };
  }
  const answer: RenderRepositoryResult = {
    files: [
      ...plan.files.map((f) => ({ path: f.path, status: f.status, edited: f.edited })),
      ...plan.removed.map((r) => ({ path: r.path, status: 'removed' as const, edited: r.edited })),
    ],
    errors: result.errors,
    messages: [...recovered, ...messagesOf(result)],
    written: false,
    ...(values.valuesFile ? { valuesFile: values.valuesFile } : {}),
  };
  if (!params.write) return answer;
  if (result.errors > 0 && !params.force)
    return { ...answer, refused: `the rendered repository would not load (${result.errors} errors)` };
  const edited = [...plan.files, ...plan.removed].filter((f) => f.edited);
  if (edited.length > 0 && !params.overwriteEdited)
    return {
      ...answer,
      refused: `${edited.length} edited since the last render: ${edited.map((f) => f.path).join(', ')}`,
    };
  await applyPlan(plan);
  return { ...answer, written: true };
}
