// `triton-repo new <dir> --image <image> [--layout ...] [--json]`: a new model repository from the
// TensorRT-LLM backend templates inside an image (server/src/fromImage). Progress goes to stderr, the
// result to stdout. Exit status (README, "Exit status"): 0 created, 1 no templates (or not the requested
// layout), 2 usage, a target that is not empty, or Docker errors.
import { join, resolve } from 'node:path';
import { LAYOUTS, VALUES_FILE } from '../core/templates/imageLayouts';
import type { SearchResult } from '../core/templates/imageLayouts';
import { dockerodeRuntime } from '../deploy/dockerodeRuntime';
import { isRuntimeError } from '../deploy/runtime';
import { TemplatesNotFound } from '../fromImage/copyTemplates';
import { UnsafeArchive } from '../fromImage/extractTar';
import { LayoutNotFound, TargetNotEmpty, newRepositoryFromImage } from '../fromImage/newRepository';
import type { NewCommand } from './args';
import { EXIT } from './exitCodes';

const err = (line: string) => process.stderr.write(line + '\n');

interface Failure {
  kind: string;
  message: string;
  searched?: SearchResult[];
}

function failure(e: unknown): { exit: number; failure: Failure } {
  if (e instanceof TemplatesNotFound)
    return {
      exit: EXIT.problems,
      failure: { kind: 'no-templates', message: e.message, searched: e.searched },
    };
  if (e instanceof LayoutNotFound)
    return { exit: EXIT.problems, failure: { kind: 'no-such-layout', message: e.message } };
  if (e instanceof TargetNotEmpty)
    return { exit: EXIT.couldNotRun, failure: { kind: 'target-not-empty', message: e.message } };
  if (e instanceof UnsafeArchive)
    return {
      exit: EXIT.couldNotRun,
      failure: { kind: 'unsafe-archive', message: `refused the image's archive: ${e.message}` },
    };
  if (isRuntimeError(e)) return { exit: EXIT.couldNotRun, failure: { kind: e.kind, message: e.message } };
  throw e;
}

export async function runNewCommand(command: NewCommand): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const target = resolve(command.dir);
  try {
    const made = await newRepositoryFromImage(dockerodeRuntime(), command.image, target, {
      workspace: process.cwd(),
      signal: controller.signal,
      ...(command.layout === undefined ? {} : { layout: command.layout }),
      ...(command.format === 'text' ? { onProgress: (m: string) => err(`triton-repo: ${m}`) } : {}),
      onRecover: (m: string) => err(`triton-repo: ${m}`),
    });
    if (command.format === 'json') {
      process.stdout.write(JSON.stringify({ version: 1, ok: true, ...made }, null, 2) + '\n');
      return EXIT.ok;
    }
    const out: string[] = [
      `new repository: ${command.dir} (${made.layout}: ${made.models.join(', ')}) from ${command.image}:${made.source}`,
      ...made.files.map((f) => `  ${f}`),
      `values to fill: ${join(command.dir, VALUES_FILE)} (${made.variables.length} variables), then: triton-repo render ${command.dir} --out <dir>`,
    ];
    const others = made.available.filter((l) => l !== made.layout);
    for (const other of others) {
      const layout = LAYOUTS.find((l) => l.name === other)!;
      out.push(
        `the image also has the ${other} templates (${layout.label.split(' (')[0]!.toLowerCase()}): --layout ${other}`,
      );
    }
    for (const s of made.skipped) out.push(`skipped: ${s}`);
    process.stdout.write(out.join('\n') + '\n');
    return EXIT.ok;
  } catch (e) {
    const { exit, failure: f } = failure(e);
    if (command.format === 'json')
      process.stdout.write(JSON.stringify({ version: 1, ok: false, error: f }, null, 2) + '\n');
    err(`triton-repo: ${f.message}`);
    return exit;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
