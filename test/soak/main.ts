// `npm run soak`: the full soak, 10^6 mutated documents (not part of `npm test`, which runs 20,000).
// SOAK_DOCUMENTS and SOAK_SEED override the size and the seed.
import { formatSoak, runSoak } from './soak';

const documents = Number(process.env.SOAK_DOCUMENTS ?? 1_000_000);
const seed = Number(process.env.SOAK_SEED ?? 0x50a4);

void runSoak({
  documents,
  seed,
  progressEvery: 50_000,
  onProgress: (done, r) =>
    console.error(
      `soak: ${done}/${documents} documents, ${r.answered}/${r.requests} answered, ${r.crashes} crashes, ` +
        `${r.handlerErrors} handler errors, slowest ${r.slowestMs.toFixed(1)} ms (${r.slowest}), ` +
        `peak RSS ${(r.peakRssKib / 1024).toFixed(1)} MiB`,
    ),
}).then((r) => {
  console.log(formatSoak(r));
  process.exitCode = r.crashes === 0 ? 0 : 1;
});
