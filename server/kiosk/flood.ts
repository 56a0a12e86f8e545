/**
 * The kiosk routes' flood limit: at most `max` requests per key (a client address and what it asks
 * for) in a fixed window that starts at the key's first request, as @fastify/rate-limit's local store
 * counts (the login and the apology board still use that plugin).
 *
 * Why not the plugin here: a kiosk lookup is the centre's busiest request, and the plugin's hook costs
 * a lookup about as much as the lookup itself (an async hook, four awaited steps, an LRU map), so the
 * kiosk reached about 55 % of `/api/health`'s throughput. This is the same count, done synchronously
 * (in the lookup's handler, before anything is looked up; in the rating's onRequest hook).
 *
 * Memory stays bounded whatever addresses a client claims: past `maxKeys` remembered keys, the expired
 * ones are swept out, and if that is not enough the oldest windows are forgotten (as the plugin's LRU
 * forgets its least recent); a forgotten client starts a new window, which is the most it can gain.
 *
 * The clock is passed in (the server's real clock: a training clock moved by an administrator must not
 * release anyone), so tests drive the window with a fake one.
 */
import type { Clock } from '../clock.ts';

export interface FloodVerdict {
  readonly allowed: boolean;
  /** The key's maximum in the window. */
  readonly limit: number;
  /** Requests left in the window after this one. */
  readonly remaining: number;
  /** Whole seconds until the window ends (what Retry-After says). */
  readonly resetSeconds: number;
}

interface Window {
  start: number;
  count: number;
}

export type FloodLimit = ReturnType<typeof floodLimit>;

export function floodLimit(clock: Clock, options: { readonly windowMs: number; readonly maxKeys?: number }) {
  const { windowMs } = options;
  const maxKeys = options.maxKeys ?? 20_000;
  const windows = new Map<string, Window>();

  const makeRoom = (now: number) => {
    for (const [key, w] of windows) if (w.start + windowMs <= now) windows.delete(key);
    // Still full (that many clients within one window): forget the oldest tenth, in insertion order.
    if (windows.size >= maxKeys) {
      let drop = Math.max(1, Math.floor(maxKeys / 10));
      for (const key of windows.keys()) {
        windows.delete(key);
        if (--drop === 0) break;
      }
    }
  };

  return {
    /** Counts one request under `key` and says whether it is within `max` for the current window. */
    hit(key: string, max: number): FloodVerdict {
      const now = clock().getTime();
      let w = windows.get(key);
      if (!w || w.start + windowMs <= now) {
        if (!w && windows.size >= maxKeys) makeRoom(now);
        if (w) {
          w.start = now;
          w.count = 0;
        } else {
          w = { start: now, count: 0 };
          windows.set(key, w);
        }
      }
      w.count++;
      const resetSeconds = Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
      return { allowed: w.count <= max, limit: max, remaining: Math.max(0, max - w.count), resetSeconds };
    },

    /** How many keys are remembered (memory stays bounded). */
    size: () => windows.size,
  };
}
