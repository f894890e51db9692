// The command line is declared once (server/src/cli/args.ts, with commander); the README's synopses must
// name exactly the options that declaration has, command by command, and nothing it lacks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { describeCommands } from '../../server/src/cli/args';
import { REPO_ROOT } from '../shared';

/** Commands with sub-commands (`export compose`): their synopses are per sub-command. */
const GROUPS = new Set(
  describeCommands()
    .commands.filter((c) => c.commands.length > 0)
    .map((c) => c.name()),
);

/** The long options the README's code blocks give to `triton-repo <command>`, per command. */
function readmeOptions(): Map<string, Set<string>> {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const byCommand = new Map<string, Set<string>>();
  for (const block of readme.matchAll(/^```(?:sh|bash|yaml)\n([\s\S]*?)^```/gm)) {
    let current: string | undefined;
    for (const line of block[1]!.split('\n')) {
      const start = /^\s*(?:-\s*)?(?:run:\s*)?(?:npx\s+)?triton-repo\s+([a-z]+)\b(.*)$/.exec(line);
      const sub = start && GROUPS.has(start[1]!) ? /^\s+([a-z]+)\b(.*)$/.exec(start[2]!) : null;
      if (start && sub) {
        start[1] = `${start[1]} ${sub[1]}`;
        start[2] = sub[2]!;
      }
      // A synopsis may go on over indented lines that start with an option.
      const more = current !== undefined && /^\s+\[?--/.test(line) ? line : undefined;
      if (!start && more === undefined) {
        current = undefined;
        continue;
      }
      if (start) current = start[1]!.replace(/\s+/g, ' ');
      const set = byCommand.get(current!) ?? new Set<string>();
      for (const m of (start ? start[2]! : more!).matchAll(/(?<![\w-])--[a-z][a-z-]*/g)) set.add(m[0]);
      byCommand.set(current!, set);
    }
  }
  return byCommand;
}

test('every command in the help has a synopsis in the README naming exactly its options', () => {
  const readme = readmeOptions();
  const program = describeCommands();
  const commands = program.commands.flatMap((c) =>
    c.commands.length > 0
      ? c.commands.map((sub) => ({ command: sub, name: `${c.name()} ${sub.name()}` }))
      : [{ command: c, name: c.name() }],
  );
  for (const { command, name } of commands) {
    const declared = new Set(command.options.map((o) => o.long!).filter((o) => o !== '--help'));
    const documented = readme.get(name);
    assert.ok(documented, `the README has no \`triton-repo ${name}\` synopsis`);
    assert.deepEqual(
      [...documented].sort(),
      [...declared].sort(),
      `triton-repo ${name}: options in the README vs the help`,
    );
  }
  for (const name of readme.keys())
    assert.ok(
      commands.some((c) => c.name === name),
      `the README shows a command the CLI does not have: triton-repo ${name}`,
    );
});
