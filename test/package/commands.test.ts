// One file per client command (client/src/commands/<name>.ts for `tritonToolkit.<name>`), behind the one
// wrapper of command.ts, all listed in commands/index.ts: package.json's contributes.commands and the files
// stay in step, both ways, and every menu names a contributed command. (That each one is registered inside
// VS Code is checked by test/vscode/suite/extension.test.ts.)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../shared';

const DIR = join(REPO_ROOT, 'client', 'src', 'commands');
/** The wrapper, the shared services and the list: not commands themselves. */
const FRAMEWORK = ['command.ts', 'index.ts', 'services.ts'];
const PREFIX = 'tritonToolkit.';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string }[]>;
  };
}
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const contributed = manifest.contributes.commands.map((c) => c.command).sort();
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.ts') && !FRAMEWORK.includes(f))
  .sort();

test('every contributed command has its file under client/src/commands, and every file a contributed command', () => {
  assert.deepEqual(
    files.map((f) => PREFIX + f.replace(/\.ts$/, '')),
    contributed,
  );
});

test("each command file declares its own id through command() and exports it as the file's default", () => {
  for (const file of files) {
    const text = readFileSync(join(DIR, file), 'utf8');
    const ids = [...text.matchAll(/export default command\(\s*'([^']+)'/g)].map((m) => m[1]);
    assert.deepEqual(ids, [PREFIX + file.replace(/\.ts$/, '')], `${file} declares its command`);
    assert.doesNotMatch(text, /commands\.registerCommand\(/, `${file} registers through the wrapper only`);
  }
});

test('commands/index.ts lists every command file, and nothing else registers a command', () => {
  const index = readFileSync(join(DIR, 'index.ts'), 'utf8');
  const list = /allCommands[^=]*=\s*\[([^\]]*)\]/.exec(index)?.[1] ?? '';
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  assert.deepEqual([...names].sort(), files.map((f) => f.replace(/\.ts$/, '')).sort());
  for (const name of names) assert.match(index, new RegExp(`import ${name} from './${name}';`));
  // The wrapper is the only place that calls VS Code's registerCommand.
  const callers: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/commands\.registerCommand\(/.test(readFileSync(p, 'utf8')))
        callers.push(p.slice(REPO_ROOT.length + 1));
    }
  };
  walk(join(REPO_ROOT, 'client', 'src'));
  assert.deepEqual(callers, ['client/src/commands/command.ts']);
});

test('every menu entry names a contributed command', () => {
  for (const [menu, entries] of Object.entries(manifest.contributes.menus))
    for (const e of entries)
      assert.ok(contributed.includes(e.command), `${menu}: ${e.command} is contributed`);
});
