// Every diagnostic links to its row of DIAGNOSTICS.md (`codeDescription.href`), shipped beside the
// bundles in the extension: VS Code opens a file link with a `#L<line>` fragment at that line.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver/node';

/** dist/server.js -> <extension>/DIAGNOSTICS.md (the same from server/src/lsp under tsx: two levels up). */
const CANDIDATES = [
  path.join(__dirname, '..', 'DIAGNOSTICS.md'),
  path.join(__dirname, '..', '..', '..', 'DIAGNOSTICS.md'),
];

/** The 1-based line of each code's row (`| \`code\` | severity | ...`). */
export function codeRows(markdown: string): Map<string, number> {
  const rows = new Map<string, number>();
  markdown.split('\n').forEach((line, i) => {
    const m = /^\| `([a-z]+\/[a-z0-9-]+)` \|/.exec(line);
    if (m && !rows.has(m[1]!)) rows.set(m[1]!, i + 1);
  });
  return rows;
}

function load(): { href: string; rows: Map<string, number> } | undefined {
  for (const file of CANDIDATES) {
    try {
      return { href: pathToFileURL(file).toString(), rows: codeRows(readFileSync(file, 'utf8')) };
    } catch {
      // not here: try the next place
    }
  }
  return undefined;
}

let docs: ReturnType<typeof load> | null = null;

/** The diagnostic with a link to its code's row, when the document is there. */
export function withCodeDescription(d: Diagnostic): Diagnostic {
  if (docs === null) docs = load();
  const line = typeof d.code === 'string' ? docs?.rows.get(d.code) : undefined;
  return docs && line ? { ...d, codeDescription: { href: `${docs.href}#L${line}` } } : d;
}
