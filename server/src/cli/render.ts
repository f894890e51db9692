import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { FileReport } from '../core/check/checkPaths';
import { renderRepository } from '../core/templates/render';
import { valuesFromSet } from '../core/templates/values';
import { findValuesFile } from '../core/templates/valuesFile';
import type { RenderCommand } from './args';
import { EXIT } from './exitCodes';
import { nodeFileSystem } from '../host/nodeFileSystem';
import { storeOf } from '../host/versionedOut';
import { WriteRefused, applyPlan, checkOutLocation, planRender, recoverRender } from '../host/writeRender';

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

/**
 * `triton-repo render`: renders, shows the problems and the per-file plan, then writes. Exit status
 * (README, "Exit status"): 0 written; 1 the render has errors (without --force) or would overwrite edited
 * files (without --yes); 2 a usage error (a malformed --set, an --out overlapping the templates), an --out
 * that is not a render output, or I/O.
 */
export async function runRender(command: RenderCommand): Promise<number> {
  const out = (s: string) => process.stdout.write(s + '\n');
  const err = (s: string) => process.stderr.write(`triton-repo: ${s}\n`);
  // A --set that does not parse is a mistake on the command line, not a property of the render: no
  // option writes around it.
  const malformed = valuesFromSet(command.set).problems;
  if (malformed.length > 0) {
    for (const p of malformed) err(p.message);
    err(`--set takes key=value, model/key=value, or fill_template.py's "key:value,key2:value2"`);
    return EXIT.couldNotRun;
  }
  // The values file beside or above the repository (up to the working directory), as `check` finds it.
  // Named as the user would: relative to the working directory (messages point at its lines).
  const found =
    command.values ?? (await findValuesFile(resolve(command.repo), nodeFileSystem, process.cwd()));
  const valuesPath =
    found === undefined || command.values !== undefined ? found : relative(process.cwd(), found) || found;
  if ((await nodeFileSystem.stat(command.repo)) !== 'directory') {
    err(`${command.repo}: not a directory`);
    return EXIT.couldNotRun;
  }
  if (valuesPath !== undefined && (await nodeFileSystem.stat(valuesPath)) !== 'file') {
    err(`${valuesPath}: no such values file`);
    return EXIT.couldNotRun;
  }
  try {
    checkOutLocation(command.repo, command.out);
    // Before anything else: what a killed render of this --out left is finished or removed.
    await recoverRender(command.out, (line) => err(line));
  } catch (e) {
    if (!(e instanceof WriteRefused)) throw e;
    err(e.message);
    return EXIT.couldNotRun;
  }
  out(`values: ${valuesPath !== undefined ? valuesPath : 'no values file (the environment and --set only)'}`);
  const result = await renderRepository(command.repo, nodeFileSystem, {
    ...(valuesPath !== undefined ? { file: { path: valuesPath } } : {}),
    env: process.env,
    set: command.set,
  });
  // Rendered files are reported where they will be written.
  const root = command.repo.replace(/\/+$/, '') || '/';
  // The checker names files under '.' without a prefix (joinPath), and under any other root with it.
  const prefix = root === '.' ? '' : root.endsWith('/') ? root : root + '/';
  const inside = (p: string) =>
    prefix === '' ? !p.startsWith('/') && !p.startsWith('../') : p.startsWith(prefix);
  const toOut = (p: string) => (inside(p) ? join(command.out, p.slice(prefix.length)) : p);
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
    return EXIT.problems;
  }

  let plan;
  try {
    plan = await planRender(command.repo, command.out, result);
  } catch (e) {
    if (e instanceof WriteRefused) {
      err(e.message);
      return EXIT.couldNotRun;
    }
    throw e;
  }
  const editedNote = '  (edited since the last render)';
  for (const f of plan.files)
    out(
      `${f.status.padEnd(9)} ${f.path}${f.foreign ? '  (not written by the last render)' : f.edited ? editedNote : ''}`,
    );
  // What the last render wrote and this one does not produce (a model taken out of the templates) goes,
  // or Triton would still load it.
  for (const r of plan.removed) out(`${'removed'.padEnd(9)} ${r.path}${r.edited ? editedNote : ''}`);
  // Someone's own files in the output (no render wrote them) go into the new version as they are.
  const keptFiles = plan.kept.filter((k) => k.kind !== 'directory');
  for (const k of keptFiles) out(`${'kept'.padEnd(9)} ${k.path}  (not written by a render)`);
  const count = (s: string) => plan.files.filter((f) => f.status === s).length;
  out(
    `${count('new')} new, ${count('changed')} changed, ${count('unchanged')} unchanged${plan.removed.length > 0 ? `, ${plan.removed.length} removed` : ''}${keptFiles.length > 0 ? `, ${keptFiles.length} kept` : ''}`,
  );

  const edited = [...plan.files.filter((f) => f.edited), ...plan.removed.filter((r) => r.edited)];
  if (edited.length > 0 && !command.yes) {
    const names = (list: { path: string }[]) => list.map((f) => f.path).join(', ');
    const foreign = plan.files.filter((f) => f.foreign);
    const changed = edited.filter((f) => !('foreign' in f && f.foreign));
    const what = [
      ...(changed.length > 0
        ? [
            `${changed.length} ${changed.length === 1 ? 'file was' : 'files were'} edited since the last render (${names(changed)})`,
          ]
        : []),
      ...(foreign.length > 0
        ? [
            `${foreign.length} ${foreign.length === 1 ? 'file' : 'files'} in the way that the last render did not write (${names(foreign)})`,
          ]
        : []),
    ].join('; ');
    if (!process.stdin.isTTY) {
      err(`not writing ${command.out}: ${what}; pass --yes to overwrite or remove them`);
      return EXIT.problems;
    }
    if (!(await confirm(`${what}. Overwrite or remove ${edited.length === 1 ? 'it' : 'them'}? [y/N] `))) {
      err('nothing written');
      return EXIT.problems;
    }
  }
  if (plan.migrating)
    out(
      `${command.out} is a plain directory; it becomes a link to a complete render in ${storeOf(command.out)} (switched atomically from now on)`,
    );
  const written = await applyPlan(plan);
  const removed = plan.removed.length > 0 ? `, removed ${plan.removed.length}` : '';
  out(`wrote ${written} ${written === 1 ? 'file' : 'files'} to ${command.out}${removed}`);
  return EXIT.ok;
}
