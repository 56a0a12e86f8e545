/**
 * The centre's working calendar as a table SQLite can join, so handling times in working minutes are
 * summed and ranked inside the database instead of fetching every finished dossier into JavaScript.
 *
 * Two tables. Days: one row per Vietnam day, `before` = working minutes from the table's first day to
 * that day's midnight, and the day's `shape` (its set of office sessions: a normal day, a seasonal
 * one, a day off). Minutes: for each shape and each 'HH:MM' of the day, the working minutes of the
 * day before that minute and whether the minute is inside a session. The working minutes between
 * two stored times are then pos(b) − pos(a), with pos(t) = before[day] + before-minute[shape, HH:MM]
 * + (seconds / 60 when the minute is worked) — the same sum shared/working-time.ts's
 * DayIndex.position makes, so the two agree to the second (work-days.test.ts checks it against
 * workingMinutesBetween). Two primary-key lookups per time and a substr: a month of steps is read in
 * tens of milliseconds, where clamping each session in an SQL expression cost ten times more.
 *
 * A TEMP table: it belongs to this connection only, never to the centre's file, and is rebuilt when
 * the calendar changes (a new calendar object) or a time falls outside the days it covers.
 */
import { dateOfDayNumber, parseIsoInstant, vnDayNumber } from '../../shared/time.ts';
import type { WorkCalendar } from '../../shared/working-time.ts';
import type { Db } from '../db/types.ts';
import { formatDay } from '../../shared/periods.ts';

const TABLE = 'temp.supervision_days';
const MINUTES = 'temp.supervision_minutes';

/** SQL for the working-minute position of a stored time column `col`, its rows joined by joinDaySql as `w` and `w`_m. */
export function positionSql(col: string, w: string): string {
  return `(${w}.before + ${w}_m.pos + ${w}_m.working * (CAST(substr(${col}, 18, 2) AS INTEGER) / 60.0))`;
}

/** SQL joining the day and minute rows of a stored time column (every stored time is ISO with +07:00: characters 1–10 are the Vietnam date, 12–16 its HH:MM). */
export function joinDaySql(col: string, w: string): string {
  return `LEFT JOIN ${TABLE} ${w} ON ${w}.day = substr(${col}, 1, 10) LEFT JOIN ${MINUTES} ${w}_m ON ${w}_m.shape = ${w}.shape AND ${w}_m.hhmm = substr(${col}, 12, 5)`;
}

/** Working minutes between two stored time columns, NULL when either day is outside the table. */
export function workingMinutesSql(fromCol: string, fromW: string, toCol: string, toW: string): string {
  return `(${positionSql(toCol, toW)} - ${positionSql(fromCol, fromW)})`;
}

export interface WorkDays {
  /** Makes sure the table covers every day from the first dossier to `now` (plus a margin) under this calendar; the first dossier's day. */
  ensure(calendar: WorkCalendar, now: Date): number;
}

export function workDays(db: Db): WorkDays {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS supervision_days (day TEXT PRIMARY KEY, before INTEGER NOT NULL, shape INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TEMP TABLE IF NOT EXISTS supervision_minutes (shape INTEGER NOT NULL, hhmm TEXT NOT NULL, pos INTEGER NOT NULL, working INTEGER NOT NULL, PRIMARY KEY (shape, hhmm)) WITHOUT ROWID`);
  const first = db.prepare<[], { at: string | null }>('SELECT min(received_at) AS at FROM dossiers');
  const clear = db.prepare(`DELETE FROM ${TABLE}`);
  const clearMinutes = db.prepare(`DELETE FROM ${MINUTES}`);
  const insert = db.prepare(`INSERT INTO ${TABLE} (day, before, shape) VALUES (?, ?, ?)`);
  const insertMinute = db.prepare(`INSERT INTO ${MINUTES} (shape, hhmm, pos, working) VALUES (?, ?, ?, ?)`);
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  let built: { calendar: WorkCalendar; from: number; to: number } | null = null;
  return {
    ensure(calendar, now) {
      const firstAt = first.get()?.at;
      const firstDay = firstAt ? vnDayNumber(parseIsoInstant(firstAt) ?? now) : vnDayNumber(now);
      const today = vnDayNumber(now);
      if (built && built.calendar === calendar && built.from <= firstDay && built.to >= today + 1) return firstDay;
      // A margin each side: a period's first day may start before the first dossier, and "now" moves on.
      const from = Math.min(firstDay, today) - 7;
      const to = today + 400;
      db.transaction(() => {
        clear.run();
        clearMinutes.run();
        const shapes = new Map<string, number>();
        let before = 0;
        for (let d = from; d <= to; d++) {
          const periods = calendar.periodsOn(dateOfDayNumber(d));
          const key = periods.map((p) => `${p.start}-${p.end}`).join(',');
          let shape = shapes.get(key);
          if (shape === undefined) {
            shapes.set(key, (shape = shapes.size));
            let pos = 0;
            for (let m = 0; m < 1440; m++) {
              // Office sessions are whole minutes [start, end): minute m is worked when a session holds it.
              const working = periods.some((p) => p.start <= m && m < p.end) ? 1 : 0;
              insertMinute.run(shape, hhmm(m), pos, working);
              pos += working;
            }
          }
          insert.run(formatDay(d), before, shape);
          before += periods.reduce((sum, p) => sum + p.end - p.start, 0);
        }
      })();
      built = { calendar, from, to };
      return firstDay;
    },
  };
}
