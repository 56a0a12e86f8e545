/**
 * The wrong-key slowdown: a client that sends a burst of wrong keys or codes is answered more and
 * more slowly, on top of the per-address rate limit (routes.ts), which only caps the pace.
 *
 * Why: dossier codes are sequential, so a script can walk them, and every answer (found / not
 * found) is an oracle. A person mistyping a key a few times is never slowed; a script sending many
 * wrong ones in a row is, progressively.
 *
 * The rules, per client address (kept in memory only, never stored):
 * - A lookup is wrong when its key has a bad check digit or the wrong shape, or a valid-looking key
 *   or code has no dossier. Wrong lookups are counted in a sliding window (10 minutes).
 * - With fewer than `threshold` (5) wrong lookups in the window nothing is delayed. From there, each
 *   further lookup, right or wrong, waits 0.5 s, doubling with each wrong one past the threshold, up
 *   to 8 s.
 * - A right lookup does not take anything off the count: otherwise a script interleaves one good key
 *   (its own receipt) between its guesses and is never slowed. It adds no delay either, so a kiosk
 *   that had a run of typos is slowed only slightly, and only until those typos leave the window.
 * - Concurrent requests from one client queue behind each other: a delay a script could dodge by
 *   sending its guesses in parallel would slow nothing. A client with more than `maxQueueMs` already
 *   queued is refused at once instead (429): held-open connections cost the server, not the client.
 * - A burst is reported once, when the count first reaches the threshold; the next report comes only
 *   after the window has emptied.
 *
 * The clock is passed in (the server's real clock: a training clock moved by an administrator must not
 * release or punish anyone), so tests drive the window with a fake one.
 */
import type { Clock } from '../clock.ts';

export interface ThrottlePolicy {
  readonly windowMs: number;
  readonly threshold: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxQueueMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = Object.freeze({
  windowMs: 10 * 60_000,
  threshold: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxQueueMs: 30_000,
});

/** The delay for a client's next lookup when it has `wrong` wrong lookups in the window. */
export function delayFor(wrong: number, policy: ThrottlePolicy = DEFAULT_THROTTLE): number {
  if (wrong < policy.threshold) return 0;
  // The exponent is bounded so a long burst never overflows to Infinity before the cap applies.
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(wrong - policy.threshold, 30));
}

export interface Admission {
  /** How long to hold the answer back (0: not slowed). */
  readonly waitMs: number;
  /** The client already has too much queued: refuse unanswered. */
  readonly refused: boolean;
}

/** A burst of wrong lookups, reported once when it reaches the threshold. */
export interface Burst {
  readonly count: number;
  readonly windowMinutes: number;
  /** The first wrong lookup of the burst still in the window. */
  readonly since: Date;
}

interface ClientState {
  /** Times (ms) of the wrong lookups still in the window, oldest first. */
  wrong: number[];
  /** When the answers already promised to this client will all have gone out. */
  busyUntil: number;
  /** The current burst has been reported. */
  reported: boolean;
}

// Bounds memory whatever a client sends: past the cap the delay is at its maximum anyway.
const MAX_REMEMBERED = 1_000;
// Forgotten clients are swept out once this many are remembered (an attacker rotating addresses).
const SWEEP_AT = 10_000;

export type WrongKeyThrottle = ReturnType<typeof wrongKeyThrottle>;

export function wrongKeyThrottle(clock: Clock, policy: ThrottlePolicy = DEFAULT_THROTTLE) {
  const clients = new Map<string, ClientState>();

  /** Drops wrong lookups that have left the window; true when nothing is left to remember. */
  const expire = (s: ClientState, now: number): boolean => {
    const from = now - policy.windowMs;
    let i = 0;
    while (i < s.wrong.length && s.wrong[i]! <= from) i++;
    if (i > 0) s.wrong.splice(0, i);
    if (s.wrong.length === 0) s.reported = false;
    return s.wrong.length === 0 && s.busyUntil <= now;
  };

  const sweep = (now: number) => {
    for (const [client, s] of clients) if (expire(s, now)) clients.delete(client);
  };

  return {
    /** Before a lookup is answered: how long it waits, or whether it is refused. */
    admit(client: string): Admission {
      const now = clock().getTime();
      const s = clients.get(client);
      if (!s) return { waitMs: 0, refused: false };
      if (expire(s, now)) {
        clients.delete(client);
        return { waitMs: 0, refused: false };
      }
      const delay = delayFor(s.wrong.length, policy);
      if (delay === 0) return { waitMs: 0, refused: false };
      const queued = Math.max(0, s.busyUntil - now);
      if (queued + delay > policy.maxQueueMs) return { waitMs: 0, refused: true };
      s.busyUntil = now + queued + delay;
      return { waitMs: queued + delay, refused: false };
    },

    /** Counts a wrong lookup; returns the burst the first time the count reaches the threshold. */
    wrong(client: string): Burst | null {
      const now = clock().getTime();
      let s = clients.get(client);
      if (!s) {
        if (clients.size >= SWEEP_AT) sweep(now);
        s = { wrong: [], busyUntil: 0, reported: false };
        clients.set(client, s);
      }
      expire(s, now);
      s.wrong.push(now);
      if (s.wrong.length > MAX_REMEMBERED) s.wrong.shift();
      if (s.reported || s.wrong.length < policy.threshold) return null;
      s.reported = true;
      return { count: s.wrong.length, windowMinutes: policy.windowMs / 60_000, since: new Date(s.wrong[0]!) };
    },

    /** Wrong lookups of a client still in the window (for tests and diagnostics). */
    wrongCount(client: string): number {
      const s = clients.get(client);
      if (!s) return 0;
      if (expire(s, clock().getTime())) clients.delete(client);
      return s.wrong.length;
    },

    /** How many clients are remembered (memory stays bounded). */
    size: () => clients.size,
  };
}
