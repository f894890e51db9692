// How long ago something started, in the words `status` and the view use ("45 s", "12 min", "3 h 5 min").

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 90) return `${min} min`;
  const h = Math.floor(min / 60);
  return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
}

/** The age of a container created at `createdSeconds` (Docker's Unix time), or undefined when unknown. */
export function containerAge(createdSeconds: number | undefined, now = Date.now()): string | undefined {
  return createdSeconds === undefined ? undefined : formatAge(now - createdSeconds * 1000);
}
