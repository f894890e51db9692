// Which GPUs each replica of a profile gets: `worldSize` GPUs per replica, taken in order from the profile's
// `gpus`, never the same GPU twice. Pure: the host's GPU list (from `nvidia-smi -L`) is passed in by the caller
// when the selection is "all" or a count. Compose services and the profile check both read this one plan.
import type { Profile } from './profile';

/** A problem with the plan, at a profile path (`gpus`, `gpus[2]`, `replicas`). */
export interface ReplicaPlanProblem {
  path: (string | number)[];
  message: string;
}

/** GPU ids per replica, in replica order; `[]` for a replica that asks for no GPU (`gpus: 0`). */
export type ReplicaGpuSets = string[][];

type PlanInput = Pick<Profile, 'gpus' | 'worldSize' | 'replicas'>;

/** Problems that the profile alone shows (no host needed): duplicated ids, too few ids or too small a count. */
export function replicaPlanProblems(p: PlanInput): ReplicaPlanProblem[] {
  const needed = p.worldSize * p.replicas;
  const problems: ReplicaPlanProblem[] = [];
  if (Array.isArray(p.gpus)) {
    const seen = new Map<string, number>();
    p.gpus.forEach((id, i) => {
      const first = seen.get(id);
      if (first === undefined) seen.set(id, i);
      else
        problems.push({
          path: ['gpus', i],
          message: `GPU "${id}" is listed twice (also at gpus[${first}]): every rank of every replica needs a GPU of its own`,
        });
    });
    if (seen.size < needed) problems.push({ path: ['gpus'], message: tooFew(p, seen.size, 'lists') });
  } else if (typeof p.gpus === 'number' && p.gpus > 0 && p.gpus < needed) {
    problems.push({ path: ['gpus'], message: tooFew(p, p.gpus, 'selects') });
  }
  return problems;
}

function tooFew(p: PlanInput, have: number, verb: string): string {
  const who = p.replicas === 1 ? 'worldSize' : 'replicas × worldSize';
  const sum =
    p.replicas === 1 ? `${p.worldSize}` : `${p.replicas} × ${p.worldSize} = ${p.worldSize * p.replicas}`;
  return `${who} ${sum} needs one GPU per rank, but gpus ${verb} ${have}`;
}

/**
 * The GPU ids of each replica. `hostGpus` are the ids the host has (nvidia-smi's indices, in its order); it is
 * needed only for "all" and for a count. Returns the problems instead when the plan cannot be made.
 */
export function replicaGpuSets(
  p: PlanInput,
  hostGpus?: readonly string[],
): { sets: ReplicaGpuSets } | { problems: ReplicaPlanProblem[] } {
  const problems = replicaPlanProblems(p);
  if (problems.length > 0) return { problems };
  if (p.gpus === 0) return { sets: Array.from({ length: p.replicas }, () => []) };
  const needed = p.worldSize * p.replicas;
  let pool: readonly string[];
  if (Array.isArray(p.gpus)) pool = p.gpus;
  else if (hostGpus === undefined) {
    return {
      problems: [
        {
          path: ['gpus'],
          message: `gpus ${JSON.stringify(p.gpus)} needs the host's GPU list (nvidia-smi -L found none): list the device ids instead, e.g. ["0", "1"]`,
        },
      ],
    };
  } else {
    pool = p.gpus === 'all' ? hostGpus : hostGpus.slice(0, p.gpus);
    if (pool.length < needed) {
      return {
        problems: [
          {
            path: ['gpus'],
            message: `${tooFew(p, pool.length, 'selects')} of the host's ${hostGpus.length} (${hostGpus.join(', ') || 'none'})`,
          },
        ],
      };
    }
  }
  const sets: ReplicaGpuSets = [];
  for (let r = 0; r < p.replicas; r++) sets.push(pool.slice(r * p.worldSize, (r + 1) * p.worldSize));
  return { sets };
}
