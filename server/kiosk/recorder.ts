/**
 * Lookup records are written in batches, after the answers. Each lookup writing its own row was one
 * durable commit (synchronous=FULL: an fsync) on the lookup's path: on the development machine that
 * took a detail lookup from about 0.2 ms to 2.4 ms in process. Writing at the end of each turn of the
 * event loop was not enough either: under load a turn answers only a couple of lookups, and each
 * fsync blocked the loop (2,261 → 875 lookups/s over HTTP). A statistic needs no such durability, so
 * the rows wait up to a second, or for a full batch: one fsync per second at most, whatever the load.
 * A crash loses at most that second's records; an intake is never delayed or put at risk by them.
 */
import type { KioskRepo, LookupRecord } from './repo.ts';

export type LookupRecorder = ReturnType<typeof lookupRecorder>;

const BATCH = 500;
const WAIT_MS = 1_000;

export function lookupRecorder(
  repo: Pick<KioskRepo, 'recordLookups'>,
  options: {
    /** When to write what is pending (default: a second after the first record waiting). */
    readonly schedule?: (flush: () => void) => void;
    /** A failed write (the database busy beyond its timeout, closed) must not crash a server that answered. */
    readonly onError?: (e: unknown, lost: number) => void;
  } = {},
) {
  // unref: a pending write never keeps a finished process alive (the app writes them on close).
  const schedule = options.schedule ?? ((flush: () => void) => void setTimeout(flush, WAIT_MS).unref());
  const onError = options.onError ?? ((e: unknown, lost: number) => process.emitWarning(`${lost} kiosk lookup record(s) not written: ${String(e)}`));
  let pending: LookupRecord[] = [];

  const flush = () => {
    if (pending.length === 0) return;
    const rows = pending;
    pending = [];
    try {
      repo.recordLookups(rows);
    } catch (e) {
      onError(e, rows.length);
    }
  };

  return {
    record(row: LookupRecord): void {
      pending.push(row);
      if (pending.length === 1) schedule(flush);
      else if (pending.length >= BATCH) flush();
    },
    /** Writes what is pending now (on close, at the end of the demo seed). */
    flush,
    pending: () => pending.length,
  };
}
