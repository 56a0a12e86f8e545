/**
 * Minute arithmetic for screens that show a time computed by the server "as of now": the counter's
 * appointment preview changes when the server's clock enters a new minute, so the screen asks again
 * just after that moment rather than on a fixed interval that drifts across it. The browser's clock
 * may be off from the server's; the skew is estimated from the server's own timestamps.
 */
import { parseIsoInstant } from '../../shared/time.ts';

export const MINUTE_MS = 60_000;

/** How long after a minute starts to ask again: the server must already be in the new minute. */
export const AFTER_MINUTE_MS = 300;

/**
 * Milliseconds until `lagMs` after the end of the minute that contains `basisMs`, on a clock that now
 * reads `nowMs`; 0 when that moment has already passed (the answer is stale: ask at once).
 */
export function msUntilNextMinute(basisMs: number, nowMs: number, lagMs: number = AFTER_MINUTE_MS): number {
  const next = (Math.floor(basisMs / MINUTE_MS) + 1) * MINUTE_MS + lagMs;
  return Math.max(0, next - nowMs);
}

/**
 * The server clock minus the browser's, from a server timestamp (whole seconds) read when its answer
 * arrived at `arrivedMs`. The estimate errs low (the timestamp is truncated and the answer took time
 * to arrive), so the browser believes the server is slightly behind and asks a little late, never
 * early. 0 when the timestamp does not parse.
 */
export function serverSkewMs(serverIso: string, arrivedMs: number): number {
  const server = parseIsoInstant(serverIso);
  return server ? server.getTime() - arrivedMs : 0;
}

/** Whether two times fall in the same minute (an appointment is printed to the minute). */
export function sameMinute(a: string, b: string): boolean {
  const x = parseIsoInstant(a);
  const y = parseIsoInstant(b);
  if (!x || !y) return a === b;
  return Math.floor(x.getTime() / MINUTE_MS) === Math.floor(y.getTime() / MINUTE_MS);
}
