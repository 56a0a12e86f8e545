/**
 * The centre's working calendar: its office hours (from the centre row, seasons included), the official
 * days off and make-up days (data/calendar/YYYY.json, overridden by what an administrator imports), and
 * the years not yet published, computed from the Labour Code.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CalendarDay, type CalendarYear, type OfficialCalendar, type Season, officialCalendar } from '../../shared/calendar.ts';
import { DEFAULT_WEEKLY_HOURS, type WeeklyHours } from '../../shared/working-time.ts';
import { PROJECT_ROOT } from '../config.ts';
import { Utf8Error, decodeUtf8 } from '../strict-utf8.ts';
import type { CalendarRepo } from './repo.ts';
import { mandatoryDaysOff, statutoryYear } from './statutory.ts';
import { CalendarFileError, validateCalendarYear } from './validate.ts';

export const CALENDAR_DIR = join(PROJECT_ROOT, 'data', 'calendar');

/** The shipped notices. Checked like an import: a typo here would print a wrong date on official paper. */
export function loadOfficialYears(dir = CALENDAR_DIR): CalendarYear[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort()
    .map((f) => {
      let year: CalendarYear;
      try {
        year = validateCalendarYear(JSON.parse(readFileSync(join(dir, f), 'utf8')), DEFAULT_WEEKLY_HOURS, mandatoryDaysOff(Number(f.slice(0, 4))));
      } catch (e) {
        throw new Error(`data/calendar/${f}: ${e instanceof CalendarFileError ? e.problems.join('; ') : (e as Error).message}`, { cause: e });
      }
      if (`${year.year}.json` !== f) throw new Error(`data/calendar/${f} holds year ${year.year}`);
      return year;
    });
}

/** The imported years in force (the latest import of each). */
export function importedYears(repo: CalendarRepo): CalendarYear[] {
  return repo.latest().map((r) => JSON.parse(r.data) as CalendarYear);
}

/** The last year computed from the Labour Code: the lunar dates of date-holidays and our ISO formats reach it. */
export const LAST_COMPUTED_YEAR = 2099;

/**
 * Shipped years, overridden year by year by imports; every later year without a notice is computed
 * from the Labour Code when first needed and marked unconfirmed (a 2035 import leaves 2027–2034
 * computed, not empty).
 */
export function buildCalendar(weekly: WeeklyHours, official: readonly CalendarYear[], imported: readonly CalendarYear[] = [], seasons: readonly Season[] = []): OfficialCalendar {
  const byYear = new Map<number, CalendarYear>();
  for (const y of [...official, ...imported]) byYear.set(y.year, y);
  const first = Math.min(...byYear.keys());
  // Years between two notices without one of their own are computed too.
  for (let y = first; y < Math.max(...byYear.keys()); y++) if (!byYear.has(y)) byYear.set(y, statutoryYear(y));
  return officialCalendar({ weekly, seasons, years: [...byYear.values()].sort((a, b) => a.year - b.year), computeYear: statutoryYear, lastYear: LAST_COMPUTED_YEAR });
}

export interface YearChanges {
  readonly added: readonly CalendarDay[];
  readonly removed: readonly CalendarDay[];
}

/** What an import changes against the year in force: days off and make-up days, each list by date. */
export function compareYears(before: CalendarYear | undefined, after: CalendarYear): { daysOff: YearChanges; workingDays: YearChanges } {
  const diff = (a: readonly CalendarDay[], b: readonly CalendarDay[]): YearChanges => {
    const had = new Set(a.map((d) => d.date));
    const has = new Set(b.map((d) => d.date));
    return { added: b.filter((d) => !had.has(d.date)), removed: a.filter((d) => !has.has(d.date)) };
  };
  return { daysOff: diff(before?.daysOff ?? [], after.daysOff), workingDays: diff(before?.workingDays ?? [], after.workingDays) };
}

/**
 * Reads an administrator's file: UTF-8 (refused otherwise, naming the first bad byte's line; a
 * byte-order mark tolerated), JSON, then every check of validate.ts.
 */
export function parseCalendarFile(bytes: Uint8Array, weekly: WeeklyHours): CalendarYear {
  let text: string;
  try {
    text = decodeUtf8(bytes);
  } catch (e) {
    if (e instanceof Utf8Error) throw new CalendarFileError([e.message]);
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CalendarFileError([`not valid JSON: ${(e as Error).message}`]);
  }
  const year = (json as { year?: unknown } | null)?.year;
  return validateCalendarYear(json, weekly, typeof year === 'number' && Number.isInteger(year) && year >= 2000 && year <= 2100 ? mandatoryDaysOff(year) : []);
}

/** Records a checked year; it is in force from the next calendar() call, in this process or another. */
export function recordCalendarImport(repo: CalendarRepo, year: CalendarYear, source: { fileName: string; bytes: Buffer; by: string; at: string }): number {
  return repo.insert({
    year: year.year,
    data: JSON.stringify(year),
    file_name: source.fileName,
    sha256: createHash('sha256').update(source.bytes).digest('hex'),
    imported_at: source.at,
    imported_by: source.by,
  });
}
