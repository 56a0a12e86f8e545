/**
 * Lookup records are written in batches, after the answers, and counted. Each lookup writing its own
 * row was one durable commit (synchronous=FULL: an fsync) on the lookup's path: on the development
 * machine that took a detail lookup from about 0.2 ms to 2.4 ms in process. Writing at the end of each
 * turn of the event loop was not enough either: under load a turn answers only a couple of lookups,
 * and each fsync blocked the loop (2,261 → 875 lookups/s over HTTP). A statistic needs no such
 * durability, so the rows wait up to a second, or for a full batch: one fsync per second at most,
 * whatever the load. A crash loses at most that second's records; an intake is never delayed or put
 * at risk by them.
 *
 * Lookups identical in every recorded column (the same second, channel, outcome, tier, client, delay
 * and fictional mark) are one row with their number (migration 019): the row's insert (about 8 µs on
 * the development machine, with its index) was still a third of a lookup's cost on the server under a
 * flood, and a flood is exactly many identical lookups. Nothing recorded is lost by counting.
 */
import type { KioskRepo, LookupRecord } from './repo.ts';

export type LookupRecorder = ReturnType<typeof lookupRecorder>;

/**
 * Distinct rows waiting before they are written at once, whatever the second: a bound on memory, not
 * the batch size in practice (a second's lookups from 500 clients are 500 rows; at 500, lookups
 * taking turns among 500 clients were never counted together).
 */
const BATCH = 10_000;
const WAIT_MS = 1_000;

/** One lookup, as recorded (its number is counted here). */
export type Lookup = Omit<LookupRecord, 'lookups'>;

const groupOf = (r: Lookup) => `${r.at}|${r.channel}|${r.outcome}|${r.tier ?? ''}|${r.client}|${r.delay_ms}|${r.fictional}`;

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
  // Insertion order is the order the rows are written in (a Map keeps it).
  let pending = new Map<string, LookupRecord>();
  let waiting = 0;

  const flush = () => {
    if (pending.size === 0) return;
    const rows = [...pending.values()];
    const lost = waiting;
    pending = new Map();
    waiting = 0;
    try {
      repo.recordLookups(rows);
    } catch (e) {
      onError(e, lost);
    }
  };

  return {
    record(lookup: Lookup): void {
      const group = groupOf(lookup);
      const row = pending.get(group);
      waiting++;
      if (row) {
        row.lookups++;
        return;
      }
      pending.set(group, { ...lookup, lookups: 1 });
      if (pending.size === 1) schedule(flush);
      else if (pending.size >= BATCH) flush();
    },
    /** Writes what is pending now (on close, at the end of the demo seed). */
    flush,
    /** Lookups waiting to be written. */
    pending: () => waiting,
  };
}
