// Checks snippets/pbtxt.json: every snippet is well formed, and what it expands to (with each of its
// choices) is a config the project's own checker accepts, placed where the fragment belongs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { checkConfigText } from '../../server/src/core/index';

const ROOT = join(__dirname, '..', '..');

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

const snippets = JSON.parse(readFileSync(join(ROOT, 'snippets', 'pbtxt.json'), 'utf8')) as Record<
  string,
  Snippet
>;

// ---------------------------------------------------------------------------------------------------
// A small expander that follows VS Code's snippet grammar (vs/editor/contrib/snippet/browser/
// snippetParser.ts): tabstops `$1` `${1}`, placeholders `${1:default}` (nested), choices `${1|a,b|}`,
// variables `$NAME` `${NAME}` `${NAME:default}` `${NAME/regex/format/options}`, and the escapes
// `\$` `\}` `\\` (plus `\,` `\|` inside choices). Anything that does not parse is literal text,
// as in VS Code.
// ---------------------------------------------------------------------------------------------------

type Node =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; children: Node[]; choices?: string[] }
  | { kind: 'variable'; name: string; children: Node[]; transform?: { regex: RegExp; format: string } };

class SnippetParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node[] {
    const nodes: Node[] = [];
    while (this.pos < this.src.length) nodes.push(this.parseOne());
    return nodes;
  }

  private peek(offset = 0): string {
    return this.src.charAt(this.pos + offset);
  }

  private readWhile(re: RegExp): string {
    const start = this.pos;
    while (this.pos < this.src.length && re.test(this.src.charAt(this.pos))) this.pos++;
    return this.src.slice(start, this.pos);
  }

  /** One node; inside a placeholder the caller stops at an unescaped `}` before calling. */
  private parseOne(): Node {
    const c = this.peek();
    if (c === '\\') {
      const next = this.peek(1);
      if (next === '$' || next === '}' || next === '\\') {
        this.pos += 2;
        return { kind: 'text', value: next };
      }
      this.pos++;
      return { kind: 'text', value: '\\' };
    }
    if (c === '$') {
      const node = this.tryDollar();
      if (node) return node;
      this.pos++;
      return { kind: 'text', value: '$' };
    }
    this.pos++;
    return { kind: 'text', value: c };
  }

  private tryDollar(): Node | undefined {
    const save = this.pos;
    this.pos++; // $
    const digits = this.readWhile(/[0-9]/);
    if (digits) return { kind: 'tabstop', index: Number(digits), children: [] };
    const name = this.readWhile(/[_a-zA-Z0-9]/);
    if (name && /^[_a-zA-Z]/.test(name)) return { kind: 'variable', name, children: [] };
    this.pos = save + 1;
    if (this.peek() !== '{') {
      this.pos = save;
      return undefined;
    }
    this.pos++; // {
    const complex = this.tryComplex();
    if (complex) return complex;
    this.pos = save;
    return undefined;
  }

  private tryComplex(): Node | undefined {
    const digits = this.readWhile(/[0-9]/);
    if (digits) {
      const index = Number(digits);
      if (this.peek() === '}') {
        this.pos++;
        return { kind: 'tabstop', index, children: [] };
      }
      if (this.peek() === ':') {
        this.pos++;
        const children = this.parseChildren();
        return children && { kind: 'tabstop', index, children };
      }
      if (this.peek() === '|') {
        this.pos++;
        const choices = this.parseChoices();
        return choices && { kind: 'tabstop', index, children: [], choices };
      }
      return undefined;
    }
    const name = this.readWhile(/[_a-zA-Z0-9]/);
    if (!name || !/^[_a-zA-Z]/.test(name)) return undefined;
    if (this.peek() === '}') {
      this.pos++;
      return { kind: 'variable', name, children: [] };
    }
    if (this.peek() === ':') {
      this.pos++;
      const children = this.parseChildren();
      return children && { kind: 'variable', name, children };
    }
    if (this.peek() === '/') {
      this.pos++;
      const transform = this.parseTransform();
      return transform && { kind: 'variable', name, children: [], transform };
    }
    return undefined;
  }

  /** Children of a placeholder up to its closing `}`; undefined when it never closes. */
  private parseChildren(): Node[] | undefined {
    const children: Node[] = [];
    while (this.pos < this.src.length) {
      if (this.peek() === '}') {
        this.pos++;
        return children;
      }
      children.push(this.parseOne());
    }
    return undefined;
  }

  private parseChoices(): string[] | undefined {
    const choices: string[] = [];
    let current = '';
    while (this.pos < this.src.length) {
      const c = this.peek();
      if (c === '\\' && [',', '|', '\\'].includes(this.peek(1))) {
        current += this.peek(1);
        this.pos += 2;
      } else if (c === ',') {
        choices.push(current);
        current = '';
        this.pos++;
      } else if (c === '|') {
        if (this.peek(1) !== '}') return undefined;
        choices.push(current);
        this.pos += 2;
        return choices;
      } else {
        current += c;
        this.pos++;
      }
    }
    return undefined;
  }

  /** `regex/format/options}` after `${NAME/`; `\/` in the regex stands for `/`. */
  private parseTransform(): { regex: RegExp; format: string } | undefined {
    let regex = '';
    for (;;) {
      if (this.pos >= this.src.length) return undefined;
      const c = this.peek();
      this.pos++;
      if (c === '/') break;
      if (c === '\\' && this.peek() === '/') {
        regex += '/';
        this.pos++;
      } else {
        regex += c;
      }
    }
    let format = '';
    for (;;) {
      if (this.pos >= this.src.length) return undefined;
      const c = this.peek();
      this.pos++;
      if (c === '/') break;
      if (c === '\\' && this.pos < this.src.length) {
        format += this.peek();
        this.pos++;
      } else {
        format += c;
      }
    }
    const options = this.readWhile(/[^}]/);
    if (this.peek() !== '}') return undefined;
    this.pos++;
    return { regex: new RegExp(regex, options), format };
  }
}

/** What VS Code would resolve the variables to for /models/my_model/config.pbtxt. */
const VARIABLES: Record<string, string> = {
  TM_FILENAME: 'config.pbtxt',
  TM_FILENAME_BASE: 'config',
  TM_DIRECTORY: '/models/my_model',
  TM_FILEPATH: '/models/my_model/config.pbtxt',
  RELATIVE_FILEPATH: 'my_model/config.pbtxt',
  WORKSPACE_NAME: 'models',
};

/**
 * Expands a snippet body as inserted with default values: a placeholder becomes its default, a
 * choice its `choiceIndex`-th option (the last one when it has fewer), a bare tabstop the value of
 * the same tabstop elsewhere or nothing, `$0` nothing.
 */
function expandSnippet(body: string, choiceIndex = 0): string {
  const nodes = new SnippetParser(body).parse();
  const defaults = new Map<number, Node>();
  const collect = (ns: Node[]) => {
    for (const n of ns) {
      if (n.kind === 'tabstop' && (n.children.length > 0 || n.choices) && !defaults.has(n.index)) {
        defaults.set(n.index, n);
      }
      if (n.kind !== 'text') collect(n.children);
    }
  };
  collect(nodes);
  const render = (ns: Node[]): string => ns.map(renderOne).join('');
  const renderOne = (n: Node): string => {
    switch (n.kind) {
      case 'text':
        return n.value;
      case 'tabstop': {
        const source = n.children.length > 0 || n.choices ? n : defaults.get(n.index);
        if (!source || source.kind !== 'tabstop' || n.index === 0) return render(n.children);
        if (source.choices) return source.choices[Math.min(choiceIndex, source.choices.length - 1)] ?? '';
        return render(source.children);
      }
      case 'variable': {
        const value = VARIABLES[n.name];
        if (value === undefined) return n.children.length > 0 ? render(n.children) : n.name;
        if (!n.transform) return value;
        const { regex, format } = n.transform;
        return value.replace(regex, (...groups: unknown[]) =>
          format.replace(/\$(\d+)|\$\{(\d+)\}/g, (_m, a?: string, b?: string) =>
            String(groups[Number(a ?? b)] ?? ''),
          ),
        );
      }
    }
  };
  return render(nodes);
}

function bodyText(s: Snippet): string {
  return Array.isArray(s.body) ? s.body.join('\n') : s.body;
}

function choiceCount(body: string): number {
  let max = 1;
  for (const m of body.matchAll(/\$\{\d+\|((?:\\.|[^|\\])*)\|\}/g)) {
    max = Math.max(max, (m[1] ?? '').split(/(?<!\\),/).length);
  }
  return max;
}

/** Where a fragment goes in a config; snippets not listed here are top-level fields. */
const CONTEXT: Record<string, (text: string) => string> = {
  'Ensemble step': (t) => `platform: "ensemble"\nensemble_scheduling {\n${t}\n}\n`,
  'Implicit sequence state': (t) => `sequence_batching {\n${t}\n}\n`,
};

function placed(name: string, text: string): string {
  const wrap = CONTEXT[name];
  return wrap ? wrap(text) : text;
}

function grammarProblems(text: string): string[] {
  return checkConfigText(text)
    .filter((d) => d.code.startsWith('syntax/') || d.code.startsWith('schema/'))
    .map((d) => `${d.code} at ${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
}

describe('snippet expander', () => {
  test('follows VS Code: defaults, choices, mirrors, escapes, transforms', () => {
    assert.equal(expandSnippet('a: ${1:x} b: $1 c: ${1} $0'), 'a: x b: x c: x ');
    assert.equal(expandSnippet('k: ${2|A,B\\,C|}', 0), 'k: A');
    assert.equal(expandSnippet('k: ${2|A,B\\,C|}', 1), 'k: B,C');
    assert.equal(expandSnippet('k: ${2|A,B|}', 5), 'k: B');
    assert.equal(expandSnippet('v: "\\${${1:engine_dir}\\}"'), 'v: "${engine_dir}"');
    assert.equal(expandSnippet('${1:outer ${2:inner}} $2'), 'outer inner inner');
    assert.equal(expandSnippet('n: "${1:${TM_DIRECTORY/^.*[\\\\\\/]//}}"'), 'n: "my_model"');
    assert.equal(expandSnippet('cost: 5$ and ${ x'), 'cost: 5$ and ${ x');
  });
  test('the checker is strict enough to catch a misplaced fragment', () => {
    const step = snippets['Ensemble step'];
    assert.ok(step, 'the "Ensemble step" snippet exists');
    const problems = grammarProblems(expandSnippet(bodyText(step)));
    assert.ok(
      problems.some((p) => p.startsWith('schema/unknown-field')),
      problems.join('\n'),
    );
  });
});

describe('snippets/pbtxt.json', () => {
  test('has snippets, each with a prefix, a body and a description', () => {
    const names = Object.keys(snippets);
    assert.ok(names.length >= 8, `only ${names.length} snippets`);
    for (const [name, s] of Object.entries(snippets)) {
      const prefixes = Array.isArray(s.prefix) ? s.prefix : [s.prefix];
      assert.ok(prefixes.length > 0, `${name}: no prefix`);
      for (const p of prefixes) assert.match(p, /^[A-Za-z][\w-]*$/, `${name}: prefix ${JSON.stringify(p)}`);
      assert.ok(
        typeof s.description === 'string' && s.description.trim().length > 0,
        `${name}: no description`,
      );
      assert.ok(
        Array.isArray(s.body) && s.body.length > 0,
        `${name}: body must be a non-empty array of lines`,
      );
      for (const line of s.body) assert.equal(typeof line, 'string', `${name}: body line is not a string`);
    }
  });

  test('covers the blocks a config needs', () => {
    const all = Object.values(snippets).map(bodyText).join('\n');
    for (const head of [
      /^name: /m,
      /^backend: /m,
      /^max_batch_size: /m,
      /^input \{/m,
      /^output \{/m,
      /^instance_group \[/m,
      /^dynamic_batching \{/m,
      /^parameters \{/m,
      /^step \{/m,
      /^ensemble_scheduling \{/m,
      /^sequence_batching \{/m,
      /^model_warmup \[/m,
    ]) {
      assert.match(all, head);
    }
  });

  test('prefixes are unique', () => {
    const seen = new Map<string, string>();
    for (const [name, s] of Object.entries(snippets)) {
      for (const p of Array.isArray(s.prefix) ? s.prefix : [s.prefix]) {
        assert.ok(!seen.has(p), `prefix ${p} used by ${seen.get(p)} and ${name}`);
        seen.set(p, name);
      }
    }
  });

  for (const [name, s] of Object.entries(snippets)) {
    test(`"${name}" expands to a config with no syntax or schema problem`, () => {
      const body = bodyText(s);
      const choices = choiceCount(body);
      for (let k = 0; k < choices; k++) {
        const text = placed(name, expandSnippet(body, k));
        assert.doesNotMatch(text, /\$\d|\$\{\d|\$\{[A-Z_]+[}/:]/, `unexpanded snippet syntax in:\n${text}`);
        const problems = grammarProblems(text);
        assert.deepEqual(
          problems,
          [],
          `choice #${k} of "${name}" gives:\n${problems.join('\n')}\n---\n${text}`,
        );
      }
    });
  }
});
