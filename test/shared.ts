// Helpers shared by tests that read the reference material beside the project (../shared).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..');
export const SHARED = join(REPO_ROOT, '..', 'shared');

/**
 * Whether ../shared is there. Tests that need it may skip without it on a user's machine, never in
 * CI: there a missing ../shared is a broken setup and must fail.
 */
export function sharedAvailable(): boolean {
  if (existsSync(SHARED)) return true;
  if (process.env.CI === 'true') throw new Error(`../shared is missing at ${SHARED}; CI must have it`);
  return false;
}
