/**
 * Preloaded into the server process by the soak benchmark (soak.ts: `node --import soak-probe.ts`):
 * writes the process's memory use to the file named by MOTCUA_SOAK_PROBE every five seconds, one JSON
 * line each. Benchmark only; a centre's server never loads it.
 */
import { appendFileSync } from 'node:fs';

const file = process.env.MOTCUA_SOAK_PROBE;
if (file) {
  const sample = () => {
    const m = process.memoryUsage();
    appendFileSync(file, `${JSON.stringify({ t: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external })}\n`);
  };
  sample();
  setInterval(sample, 5_000).unref();
}
