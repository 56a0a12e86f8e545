/**
 * The supervisors' figures of days that are over, kept in supervision_cache (migration 009) so any
 * period is added up from its whole months and its loose days instead of re-read from the dossiers:
 * a year is twelve rows. Figures that can be kept this way are "partials": sums, counts and
 * histograms that add up (the same computation over two windows, merged, equals it over both).
 *
 * A day is kept only once it is over (before today in Vietnam); today and later are always computed
 * from the tables. A month is kept once all its days are over. The triggers of migration 009 delete a
 * day's and its month's rows whenever what they were made of is written, so a kept row is never
 * stale, whichever process wrote; each day is computed and stored inside one write transaction, so a
 * write from another process cannot slip between the two.
 *
 * Working minutes depend on the calendar: each year's days off and office hours are fingerprinted,
 * and a change to a year already counted (a calendar import, new office hours) empties the cache.
 */
import { createHash } from 'node:crypto';
import { type DayRange, formatDay } from '../../shared/periods.ts';
import { dateOfDayNumber, dayNumber } from '../../shared/time.ts';
import type { WorkCalendar } from '../../shared/working-time.ts';
import type { Db } from '../db/types.ts';
import type { Window } from './figures-repo.ts';
import { midnightIso } from './period.ts';

/** A kind of figures that add up. `name` is stored with each row: change it when the shape changes. */
export interface Partials<P> {
  readonly name: string;
  /** The figures of a window of stored times [from, to). */
  compute(w: Window): P;
  empty(): P;
  /** into += part. */
  merge(into: P, part: P): void;
}

export interface DayCache {
  /** Empties the cache if the calendar of a year from `firstDay` to `today` is not the one it was counted with. */
  checkCalendar(calendar: WorkCalendar, firstDay: number, today: number): void;
  /** The figures of the days of `range`, kept days read, missing ones computed (and kept when over). */
  total<P>(partials: Partials<P>, range: DayRange, today: number): P;
  /**
   * Keeps every day of `range` that is over, and then its whole months, one day at a time with
   * `pause()` between them (a running server goes on answering); stops when `stopped()` says so.
   */
  warm(list: readonly Partials<unknown>[], range: DayRange, today: number, pause: () => Promise<void>, stopped: () => boolean): Promise<number>;
}

const monthOf = (day: number) => {
  const d = dateOfDayNumber(day);
  return { key: `${d.year}-${String(d.month).padStart(2, '0')}`, first: dayNumber({ year: d.year, month: d.month, day: 1 }), last: dayNumber({ year: d.year, month: d.month + 1, day: 1 }) - 1 };
};

export function dayCache(db: Db): DayCache {
  const read = db.prepare<[string, string], { data: string }>('SELECT data FROM supervision_cache WHERE period = ? AND name = ?');
  const write = db.prepare('INSERT OR REPLACE INTO supervision_cache (period, name, data) VALUES (?, ?, ?)');
  // The fingerprints stay: they say which calendar the (now empty) cache will be counted with.
  const clearAll = db.prepare("DELETE FROM supervision_cache WHERE period NOT LIKE 'calendar-%'");
  let checked: WorkCalendar | null = null;
  let checkedYears = '';
  /** The calendar could not be checked (the database was busy): compute everything, keep nothing, until it is. */
  let bypass = false;

  /**
   * Runs `work` in one read snapshot (BEGIN DEFERRED) and writes at its end without ever waiting for
   * the write lock: a supervisor's GET must not freeze the server while another process (a CLI
   * import, `motcua report`) writes. If another connection holds the lock, or committed since the
   * snapshot began (SQLITE_BUSY_SNAPSHOT: what was read may be stale), nothing is kept this time and
   * the figures computed from the snapshot are still answered. In this process nothing can slip in
   * between: better-sqlite3 is synchronous.
   */
  function snapshotThenWrite<T>(work: () => { value: T; writes: [string, string, string][]; clear?: boolean }): { value: T; kept: boolean } {
    let result: { value: T; writes: [string, string, string][]; clear?: boolean } | null = null;
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    try {
      db.transaction(() => {
        result = work();
        if (!result.clear && result.writes.length === 0) return;
        db.pragma('busy_timeout = 0');
        if (result.clear) clearAll.run();
        for (const [period, name, data] of result.writes) write.run(period, name, data);
      })();
      return { value: result!.value, kept: true };
    } catch (e) {
      if (result !== null && (e as { code?: string }).code?.startsWith('SQLITE_BUSY')) return { value: (result as { value: T }).value, kept: false };
      throw e;
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  /** A kept row, or the figures computed and kept (the caller knows the period is over). */
  function kept<P>(p: Partials<P>, period: string, build: () => P): P {
    const row = read.get(period, p.name);
    if (row) return JSON.parse(row.data) as P;
    if (bypass) return build();
    return snapshotThenWrite(() => {
      const again = read.get(period, p.name);
      if (again) return { value: JSON.parse(again.data) as P, writes: [] };
      const value = build();
      return { value, writes: [[period, p.name, JSON.stringify(value)]] };
    }).value;
  }

  /**
   * A month over: its row, or its days (each kept in its own short transaction), added up and kept if
   * no day was forgotten in the meantime.
   */
  function keptMonth<P>(p: Partials<P>, month: { key: string; first: number; last: number }): P {
    const row = read.get(month.key, p.name);
    if (row) return JSON.parse(row.data) as P;
    for (let day = month.first; day <= month.last; day++) kept(p, formatDay(day), () => p.compute(window(day, day)));
    return snapshotThenWrite(() => {
      const m = p.empty();
      let complete = !bypass;
      for (let day = month.first; day <= month.last; day++) {
        const dayRow = read.get(formatDay(day), p.name);
        if (dayRow) p.merge(m, JSON.parse(dayRow.data) as P);
        else {
          // Written to since it was kept: computed again, and the month is not kept this time.
          complete = false;
          p.merge(m, p.compute(window(day, day)));
        }
      }
      return { value: m, writes: complete ? [[month.key, p.name, JSON.stringify(m)]] : [] };
    }).value;
  }

  const window = (from: number, to: number): Window => ({ from: midnightIso(from), to: midnightIso(to + 1) });

  return {
    checkCalendar(calendar, firstDay, today) {
      const firstYear = dateOfDayNumber(Math.min(firstDay, today)).year;
      const lastYear = dateOfDayNumber(today).year;
      const years = `${firstYear}-${lastYear}`;
      if (checked === calendar && checkedYears === years) return;
      const { kept: written } = snapshotThenWrite(() => {
        let changed = false;
        const writes: [string, string, string][] = [];
        for (let year = firstYear; year <= lastYear; year++) {
          const hash = createHash('sha256');
          for (let d = dayNumber({ year, month: 1, day: 1 }); d < dayNumber({ year: year + 1, month: 1, day: 1 }); d++) {
            hash.update(calendar.periodsOn(dateOfDayNumber(d)).map((x) => `${x.start}-${x.end}`).join(',') + ';');
          }
          const fingerprint = hash.digest('hex');
          const stored = read.get(`calendar-${year}`, 'fingerprint')?.data;
          if (stored !== undefined && stored !== fingerprint) changed = true;
          if (stored !== fingerprint) writes.push([`calendar-${year}`, 'fingerprint', fingerprint]);
        }
        return { value: null, writes, clear: changed };
      });
      // Busy: checked again next time, and meanwhile nothing kept is trusted.
      bypass = !written;
      if (!written) return;
      checked = calendar;
      checkedYears = years;
    },

    async warm(list, range, today, pause, stopped) {
      let computed = 0;
      const last = Math.min(range.to, today - 1);
      for (let d = range.from; d <= last; d++) {
        for (const p of list) {
          if (stopped()) return computed;
          if (read.get(formatDay(d), p.name)) continue;
          kept(p, formatDay(d), () => p.compute(window(d, d)));
          computed++;
          await pause();
        }
      }
      for (let d = range.from; d <= last; d = monthOf(d).last + 1) {
        const month = monthOf(d);
        if (month.first < range.from || month.last > last) continue;
        for (const p of list) {
          // A day forgotten since (a write, a department move) is counted again one at a time here,
          // not all at once inside keptMonth.
          for (let day = month.first; day <= month.last; day++) {
            if (stopped()) return computed;
            if (read.get(formatDay(day), p.name)) continue;
            kept(p, formatDay(day), () => p.compute(window(day, day)));
            computed++;
            await pause();
          }
          if (stopped()) return computed;
          keptMonth(p, month);
          await pause();
        }
      }
      return computed;
    },

    total(p, range, today) {
      const sum = p.empty();
      if (bypass) {
        p.merge(sum, p.compute(window(range.from, range.to)));
        return sum;
      }
      let d = range.from;
      while (d <= range.to) {
        if (d >= today) {
          // Today and after: never kept, read in one window.
          p.merge(sum, p.compute(window(d, range.to)));
          break;
        }
        const month = monthOf(d);
        if (d === month.first && month.last <= range.to && month.last < today) {
          p.merge(sum, keptMonth(p, month));
          d = month.last + 1;
        } else {
          const day = d;
          p.merge(sum, kept(p, formatDay(day), () => p.compute(window(day, day))));
          d++;
        }
      }
      return sum;
    },
  };
}
