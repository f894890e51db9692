import type { Problem } from '../diagnostics/problem';
import type { ParseResult } from '../syntax/parser';
import { placeholderProblems } from '../templates/judge';

/**
 * The file-level check's view of `${name}` placeholders: a template with no values known. Hosts that
 * know the repository's values replace these with judgePlaceholders (templates/judge.ts).
 */
export function templatePlaceholders(parsed: ParseResult): Problem[] {
  return placeholderProblems(parsed, { reading: 'template' });
}
