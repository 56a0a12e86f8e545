/**
 * A progress report on stderr for long fills: one line redrawn in place on a terminal, plain lines
 * (every 10 % or 15 s) when stderr is a file or a CI log, where carriage returns would make one
 * unreadable line of thousands.
 */
export interface Progress {
  tick(done: number): void;
  finish(done: number): void;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}` : `${m}:${String(s % 60).padStart(2, '0')}`;
}

export function progressBar(total: number, label: string, stream: NodeJS.WriteStream = process.stderr, now: () => number = () => performance.now()): Progress {
  const tty = stream.isTTY === true;
  // The clock starts at the first dossier: setting up (accounts, their password hashes) is not the fill's rate.
  let started = -1;
  let lastDraw = -Infinity;
  let lastTenth = -1;
  const line = (done: number) => {
    const seconds = (now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    const share = total > 0 ? Math.min(1, done / total) : 1;
    return { share, text: `${fmt(done)}/${fmt(total)} ${label}, ${fmt(rate)}/s, ${clock(seconds)} elapsed, ETA ${done >= total ? '0:00' : clock(eta)}` };
  };
  return {
    tick(done) {
      const t = now();
      if (started < 0) started = t;
      if (tty) {
        if (t - lastDraw < 100) return;
        lastDraw = t;
        const { share, text } = line(done);
        const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - text.length - 10));
        const filled = Math.round(share * width);
        stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)} % ${text}\x1b[K`);
        return;
      }
      const tenth = Math.floor((done / Math.max(1, total)) * 10);
      if (tenth > lastTenth || t - lastDraw > 15_000) {
        lastTenth = tenth;
        lastDraw = t;
        const { share, text } = line(done);
        stream.write(`${String(Math.floor(share * 100)).padStart(3)} % ${text}\n`);
      }
    },
    finish(done) {
      if (started < 0) started = now();
      const { text } = line(done);
      if (tty) stream.write(`\r[${'#'.repeat(30)}] 100 % ${text}\x1b[K\n`);
      else if (lastTenth < 10) stream.write(`100 % ${text}\n`);
    },
  };
}
