/** SQL for the official calendars an administrator imports (motcua calendar import). */
import type { Db } from '../db/types.ts';

export interface CalendarImportRow {
  id: number;
  year: number;
  data: string;
  file_name: string;
  sha256: string;
  imported_at: string;
  imported_by: string;
}

export type CalendarRepo = ReturnType<typeof calendarRepo>;

export function calendarRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO calendar_imports (year, data, file_name, sha256, imported_at, imported_by)
     VALUES (@year, @data, @file_name, @sha256, @imported_at, @imported_by)`,
  );
  // The latest import of each year is the one in force.
  const latest = db.prepare<[], CalendarImportRow>(
    `SELECT * FROM calendar_imports c WHERE id = (SELECT max(id) FROM calendar_imports WHERE year = c.year) ORDER BY year`,
  );
  const version = db.prepare<[], { v: number | null }>('SELECT max(id) AS v FROM calendar_imports');
  const ofYear = db.prepare<[number], CalendarImportRow>('SELECT * FROM calendar_imports WHERE year = ? ORDER BY id');
  return {
    insert: (row: Omit<CalendarImportRow, 'id'>) => Number(insert.run(row).lastInsertRowid),
    latest: () => latest.all(),
    /** Changes whenever anything is imported: the calendar cache's key. */
    version: () => version.get()?.v ?? 0,
    history: (year: number) => ofYear.all(year),
  };
}
