// Preloaded into each measured synth: reports its in-process time and peak RSS on exit.
const started = process.hrtime.bigint();
process.on('exit', () => {
  const inProcessMs = Number(process.hrtime.bigint() - started) / 1e6;
  process.stderr.write(`\nBENCH_USAGE ${JSON.stringify({ inProcessMs, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
});
