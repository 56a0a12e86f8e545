/**
 * The centre's working calendar as a table SQLite can join, so handling times in working minutes are
 * summed and ranked inside the database instead of fetching every finished dossier into JavaScript.
 *
 * One row per Vietnam day: `before` = working minutes from the table's first day to that day's
 * midnight, and the day's office sessions (up to four, minutes since midnight). The working minutes
 * between two stored times are then pos(b) − pos(a), with pos(t) = before[day(t)] + the part of the
 * day's sessions before t's time of day — the same sum shared/working-time.ts's DayIndex.position
 * makes, so the two agree to the second (work-days.test.ts checks it against workingMinutesBetween).
 *
 * A TEMP table: it belongs to this connection only, never to the centre's file, and is rebuilt when
 * the calendar changes (a new calendar object) or a time falls outside the days it covers.
 */
import { dateOfDayNumber, parseIsoInstant, vnDayNumber } from '../../shared/time.ts';
import type { WorkCalendar } from '../../shared/working-time.ts';
import type { Db } from '../db/open.ts';
import { formatDay } from '../../shared/periods.ts';

const TABLE = 'temp.supervision_days';
const MAX_SESSIONS = 4;

/** SQL for the working-minute position of a stored time column `col`, its day's row joined as `w`. */
export function positionSql(col: string, w: string): string {
  const minute = `(CAST(substr(${col}, 12, 2) AS INTEGER) * 60 + CAST(substr(${col}, 15, 2) AS INTEGER) + CAST(substr(${col}, 18, 2) AS INTEGER) / 60.0)`;
  const sessions = Array.from({ length: MAX_SESSIONS }, (_, i) => `coalesce(min(max(${minute} - ${w}.s${i + 1}, 0), ${w}.e${i + 1} - ${w}.s${i + 1}), 0)`);
  return `(${w}.before + ${sessions.join(' + ')})`;
}

/** SQL joining the day row of a stored time column (every stored time is ISO with +07:00: its first ten characters are the Vietnam date). */
export function joinDaySql(col: string, w: string): string {
  return `LEFT JOIN ${TABLE} ${w} ON ${w}.day = substr(${col}, 1, 10)`;
}

/** Working minutes between two stored time columns, NULL when either day is outside the table. */
export function workingMinutesSql(fromCol: string, fromW: string, toCol: string, toW: string): string {
  return `(${positionSql(toCol, toW)} - ${positionSql(fromCol, fromW)})`;
}

export interface WorkDays {
  /** Makes sure the table covers every day from the first dossier to `now` (plus a margin) under this calendar. */
  ensure(calendar: WorkCalendar, now: Date): void;
}

export function workDays(db: Db): WorkDays {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS supervision_days (
    day TEXT PRIMARY KEY, before REAL NOT NULL,
    s1 REAL, e1 REAL, s2 REAL, e2 REAL, s3 REAL, e3 REAL, s4 REAL, e4 REAL) WITHOUT ROWID`);
  const first = db.prepare<[], { at: string | null }>('SELECT min(received_at) AS at FROM dossiers');
  const clear = db.prepare(`DELETE FROM ${TABLE}`);
  const insert = db.prepare(`INSERT INTO ${TABLE} (day, before, s1, e1, s2, e2, s3, e3, s4, e4) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  let built: { calendar: WorkCalendar; from: number; to: number } | null = null;
  return {
    ensure(calendar, now) {
      const firstAt = first.get()?.at;
      const firstDay = firstAt ? vnDayNumber(parseIsoInstant(firstAt) ?? now) : vnDayNumber(now);
      const today = vnDayNumber(now);
      if (built && built.calendar === calendar && built.from <= firstDay && built.to >= today + 1) return;
      // A margin each side: a period's first day may start before the first dossier, and "now" moves on.
      const from = Math.min(firstDay, today) - 7;
      const to = today + 400;
      db.transaction(() => {
        clear.run();
        let before = 0;
        for (let d = from; d <= to; d++) {
          const periods = calendar.periodsOn(dateOfDayNumber(d));
          if (periods.length > MAX_SESSIONS) throw new Error(`more than ${MAX_SESSIONS} office sessions on ${formatDay(d)}`);
          const cols: (number | null)[] = [];
          for (let i = 0; i < MAX_SESSIONS; i++) cols.push(periods[i]?.start ?? null, periods[i]?.end ?? null);
          insert.run(formatDay(d), before, ...cols);
          before += periods.reduce((sum, p) => sum + p.end - p.start, 0);
        }
      })();
      built = { calendar, from, to };
    },
  };
}
