import { promises as fsp } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { FileReport } from '../core/check/checkPaths';
import { renderRepository } from '../core/templates/render';
import { findValuesFile } from '../core/templates/valuesFile';
import type { RenderCommand } from './args';
import { nodeFileSystem } from './nodeFileSystem';
import { WriteRefused, applyPlan, planWrite } from './writeRender';

function lines(
  files: readonly FileReport[],
  rename: (path: string) => string,
  keep: (severity: string) => boolean,
): string[] {
  return files.flatMap((f) =>
    f.diagnostics
      .filter((d) => keep(d.severity))
      .map(
        (d) =>
          `${rename(f.path)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`,
      ),
  );
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** `triton-repo render`: renders, shows the problems and the per-file plan, then writes. */
export async function runRender(command: RenderCommand): Promise<number> {
  const out = (s: string) => process.stdout.write(s + '\n');
  const err = (s: string) => process.stderr.write(`triton-repo: ${s}\n`);
  // The values file beside or above the repository (up to the working directory), as `check` finds it.
  const valuesPath =
    command.values ?? (await findValuesFile(resolve(command.repo), nodeFileSystem, process.cwd()));
  if ((await nodeFileSystem.stat(command.repo)) !== 'directory') {
    err(`${command.repo}: not a directory`);
    return 2;
  }
  if (valuesPath !== undefined && (await nodeFileSystem.stat(valuesPath)) !== 'file') {
    err(`${valuesPath}: no such values file`);
    return 2;
  }
  out(`values: ${valuesPath !== undefined ? valuesPath : 'no values file (the environment and --set only)'}`);
  const result = await renderRepository(command.repo, nodeFileSystem, {
    ...(valuesPath !== undefined ? { file: { path: valuesPath } } : {}),
    env: process.env,
    set: command.set,
  });
  // Rendered files are reported where they will be written.
  const prefix = command.repo.replace(/\/+$/, '') + '/';
  const toOut = (p: string) => (p.startsWith(prefix) ? join(command.out, p.slice(prefix.length)) : p);
  const report = [
    ...lines(
      result.problems,
      (p) => p,
      (s) => s === 'error' || s === 'warning',
    ),
    ...lines(result.check, toOut, (s) => s === 'error' || s === 'warning'),
  ];
  for (const l of report) out(l);
  // Unset backend parameters are normal (the backends default them): count them, do not list them.
  const unset = result.problems.reduce(
    (n, f) => n + f.diagnostics.filter((d) => d.code === 'template/unset-parameter').length,
    0,
  );
  if (unset > 0)
    out(
      `${unset} backend ${unset === 1 ? 'parameter' : 'parameters'} left unset (the backend defaults them; see \`triton-repo check\` on the output)`,
    );
  if (result.errors > 0 && !command.force) {
    err(
      `not writing ${command.out}: the rendered repository would not load (${result.errors} ${result.errors === 1 ? 'error' : 'errors'} above); fix the values, or pass --force to write it anyway`,
    );
    return 1;
  }

  const files = [
    ...result.files.map((f) => ({ path: f.path, content: Buffer.from(f.content, 'utf8') })),
    ...(await Promise.all(
      result.copies.map(async (c) => ({ path: c.path, content: await fsp.readFile(c.from) })),
    )),
  ].sort((a, b) => (a.path < b.path ? -1 : 1));
  let plan;
  try {
    plan = await planWrite(command.out, files);
  } catch (e) {
    if (e instanceof WriteRefused) {
      err(e.message);
      return 1;
    }
    throw e;
  }
  for (const f of plan.files)
    out(`${f.status.padEnd(9)} ${f.path}${f.edited ? '  (edited since the last render)' : ''}`);
  const count = (s: string) => plan.files.filter((f) => f.status === s).length;
  out(`${count('new')} new, ${count('changed')} changed, ${count('unchanged')} unchanged`);

  const edited = plan.files.filter((f) => f.edited);
  if (edited.length > 0 && !command.yes) {
    const names = edited.map((f) => f.path).join(', ');
    if (!process.stdin.isTTY) {
      err(
        `not writing ${command.out}: ${edited.length} ${edited.length === 1 ? 'file was' : 'files were'} edited since the last render (${names}); pass --yes to overwrite them`,
      );
      return 1;
    }
    if (
      !(await confirm(
        `Overwrite ${edited.length} edited ${edited.length === 1 ? 'file' : 'files'} (${names})? [y/N] `,
      ))
    ) {
      err('nothing written');
      return 1;
    }
  }
  const written = await applyPlan(plan);
  out(`wrote ${written} ${written === 1 ? 'file' : 'files'} to ${command.out}`);
  return 0;
}
