// The valid configs the differential tests mutate: the valid fixtures, ./bases, the example repository,
// and the shared corpus of Triton's own examples (required under CI=true).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Base } from './mutate';

const REPO = join(__dirname, '..', '..');
const CORPUS = join(REPO, '..', 'shared', 'corpus', 'triton-examples');

function filesNamed(dir: string, pred: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesNamed(p, pred));
    else if (pred(entry.name)) out.push(p);
  }
  return out.sort();
}

export function loadBases(): Base[] {
  const bases: Base[] = [];
  const add = (path: string, name: string): void => {
    bases.push({ name, text: readFileSync(path, 'utf8') });
  };
  const fixtures = join(REPO, 'test', 'fixtures', 'valid');
  if (existsSync(fixtures)) {
    for (const f of filesNamed(fixtures, (n) => n.endsWith('.pbtxt'))) add(f, relative(REPO, f));
  }
  // Our own base, written to reach field types the realistic configs rarely use.
  for (const f of filesNamed(join(__dirname, 'bases'), (n) => n.endsWith('.pbtxt'))) {
    add(f, relative(REPO, f));
  }
  const example = join(REPO, 'examples', 'model_repository', 'text_embedding', 'config.pbtxt');
  if (existsSync(example)) add(example, relative(REPO, example));
  if (existsSync(CORPUS) && statSync(CORPUS).isDirectory()) {
    for (const f of filesNamed(CORPUS, (n) => n === 'config.pbtxt')) add(f, `corpus:${relative(CORPUS, f)}`);
  } else if (process.env.CI === 'true') {
    // In CI the corpus is part of the contract; silently testing less would hide regressions.
    throw new Error(`CI=true but the corpus ${CORPUS} is missing`);
  } else {
    console.log(`protoc agreement: corpus ${CORPUS} absent, using the repository's own bases only`);
  }
  return bases;
}
