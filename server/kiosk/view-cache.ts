/**
 * The kiosk's answers, kept for the moments they stay true. A lookup answer is a function of the
 * dossier's state (which changes only with an event in its history), the calendar and the timeliness
 * setting in force, and the time — through comparisons with the dossier's and its steps' due times
 * ("late" once past one) and the working minutes left, rounded. So an answer made at `now` is the
 * answer until the dossier gets a new event, the calendar or setting changes, the next due time is
 * passed, or the working minutes left would round to another number; and at most a minute.
 *
 * Why: every citizen, phone and kiosk asking again (a refresh, a second scan, a family member) and a
 * flood of lookups no longer costs the dossier's reads and the view's composition each time; the
 * rate limits, the wrong-key slowdown and the lookup records are applied to every request as before
 * (service.ts) — only the view is reused.
 */
import type { KioskView } from '../../shared/contracts.ts';

/** An answer is never kept longer than this. */
export const VIEW_TTL_MS = 60_000;

/** What an answer was made from: it is reused only while all of it is still the same. */
export interface ViewStamp {
  /** The dossier's latest history event (null: none). */
  readonly version: number | null;
  /** The centre's settings it was made under: calendar imports, office hours, timeliness (kiosk/repo.ts). */
  readonly settings: string;
}

interface Entry extends ViewStamp {
  /** When it was made: a clock set back (a training clock) does not reuse an answer from its future. */
  readonly made: number;
  readonly until: number;
  readonly view: KioskView;
}

/**
 * Until when (ms, exclusive) an answer made at `now` stays true: the first due time still ahead
 * (the answer says "late" from the millisecond after it), the next instant the working minutes left
 * to `timeLeftDue` would round differently (every minute, at its half), and at most VIEW_TTL_MS.
 */
export function trueUntil(now: number, dues: readonly number[], timeLeftDue: number | null): number {
  let until = now + VIEW_TTL_MS;
  for (const due of dues) if (due >= now && due + 1 < until) until = due + 1;
  if (timeLeftDue !== null) {
    // Working minutes advance with the clock during working hours: Math.round flips when the time to
    // `timeLeftDue` crosses a half minute. Outside working hours it does not change (expiring anyway
    // is only cautious).
    const toDue = (((timeLeftDue - now) % 60_000) + 60_000) % 60_000;
    // At exactly half a minute it still rounds up (Math.round): the flip comes the millisecond after.
    const toFlip = toDue >= 30_000 ? toDue - 30_000 : toDue + 30_000;
    until = Math.min(until, now + Math.max(1, toFlip));
  }
  return until;
}

export type ViewCache = ReturnType<typeof viewCache>;

/** At most `max` answers (the oldest go first); `max` 0 keeps none. Keyed by what the caller chooses (a number hashes for free). */
export function viewCache<K = string>(max: number) {
  const entries = new Map<K, Entry>();
  return {
    get(key: K, stamp: ViewStamp, now: number): KioskView | null {
      const e = entries.get(key);
      if (!e) return null;
      if (e.version !== stamp.version || e.settings !== stamp.settings || now >= e.until || now < e.made) {
        entries.delete(key);
        return null;
      }
      return e.view;
    },
    put(key: K, stamp: ViewStamp, made: number, view: KioskView, until: number): void {
      if (max <= 0) return;
      entries.delete(key);
      entries.set(key, { ...stamp, made, until, view });
      if (entries.size > max) entries.delete(entries.keys().next().value!);
    },
    size: () => entries.size,
  };
}
