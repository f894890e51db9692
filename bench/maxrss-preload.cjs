// Preloaded into the CLI (`node --require`) only when GNU time is missing: at exit it reports the
// process's own peak RSS on stderr, where bench/measure.ts reads it back. resourceUsage() gives KiB.
process.on('exit', () => {
  process.stderr.write(`bench-maxrss-kib=${process.resourceUsage().maxRSS}\n`);
});
