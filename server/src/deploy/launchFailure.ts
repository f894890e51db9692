// A failed launch, placed on the profile field behind it (the image that is missing, the port in use, the
// GPUs the engine cannot give), so that the Problems view points where the fix goes.
import { nodeAt, readJson } from '../core/json/readJson';
import type { DiagnosticCode } from '../core/diagnostics/registry';
import type { RuntimeErrorKind } from './runtime';

export const LAUNCH_FAILED_CODE: DiagnosticCode = 'triton/launch-failed';

/** The profile field a kind of failure comes from; undefined when no field is to blame. */
export const FIELD_OF: Partial<Record<RuntimeErrorKind | 'exited' | 'not-ready', string>> = {
  'image-missing': 'image',
  'port-in-use': 'ports',
  'nvidia-runtime-missing': 'gpus',
  'ulimit-refused': 'ulimits',
  timeout: 'readyTimeoutSeconds',
  exited: 'modelRepository',
  // A model UNAVAILABLE under --strict-readiness: the repository holds the model that failed.
  'not-ready': 'modelRepository',
};

/** Offsets of the field's key in the profile's text (the whole text's start when absent: it is a default). */
export function profileFieldSpan(
  profileText: string,
  kind: RuntimeErrorKind | 'exited' | 'not-ready',
): { field?: string; start: number; end: number } {
  const field = FIELD_OF[kind];
  const parsed = readJson(profileText);
  if (!field || !parsed.ok) return { start: 0, end: 0 };
  const { member } = nodeAt(parsed.root, [field]);
  return member ? { field, start: member.keyStart, end: member.value.end } : { field, start: 0, end: 1 };
}
