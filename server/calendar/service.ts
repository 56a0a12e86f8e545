/**
 * The centre's working calendar: its office hours (from the centre row) and the official days off and
 * make-up days (data/calendar/YYYY.json), with years not yet published computed from the Labour Code.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CalendarYear, type OfficialCalendar, officialCalendar } from '../../shared/calendar.ts';
import { deepNfc } from '../../shared/text.ts';
import type { WeeklyHours } from '../../shared/working-time.ts';
import { PROJECT_ROOT } from '../config.ts';
import { statutoryYear } from './statutory.ts';

export const CALENDAR_DIR = join(PROJECT_ROOT, 'data', 'calendar');

/** How many years after the last published one are computed (time limits are at most weeks long). */
const YEARS_AHEAD = 3;

export function loadOfficialYears(dir = CALENDAR_DIR): CalendarYear[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort()
    .map((f) => {
      const { $comment: _, ...year } = deepNfc(JSON.parse(readFileSync(join(dir, f), 'utf8')) as CalendarYear & { $comment?: string });
      if (`${year.year}.json` !== f) throw new Error(`${f} holds year ${year.year}`);
      return year;
    });
}

export function buildCalendar(weekly: WeeklyHours, official: readonly CalendarYear[]): OfficialCalendar {
  const last = Math.max(...official.map((y) => y.year));
  const computed = Array.from({ length: YEARS_AHEAD }, (_, i) => statutoryYear(last + 1 + i));
  return officialCalendar({ weekly, years: [...official, ...computed] });
}
