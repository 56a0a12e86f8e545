/**
 * Periods of Vietnam calendar days for the supervisors' figures: a range `from`–`to` (both days
 * included), ISO weeks `YYYY-Www` (Monday–Sunday), months `YYYY-MM`, quarters `YYYY-Qn`, years
 * `YYYY`. Days are day numbers (shared/time.ts), so no time zone enters: the server turns them into
 * instants at Vietnam midnight.
 */
import { dateOfDayNumber, dayNumber } from './time.ts';

/** The longest range one request covers: a year and a margin (a report on "the last 12 months" plus a week). */
export const MAX_PERIOD_DAYS = 400;

export interface DayRange {
  /** First day, included (day number). */
  readonly from: number;
  /** Last day, included (day number). */
  readonly to: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a day number. */
export function formatDay(day: number): string {
  const d = dateOfDayNumber(day);
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** The day number of `YYYY-MM-DD`; null for anything else or an impossible date (31 February). */
export function parseDay(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return null;
  const n = dayNumber({ year, month, day });
  // dayNumber rolls 31 Feb over into March: only a date that comes back unchanged is real.
  return formatDay(n) === text ? n : null;
}

/** A range from two `YYYY-MM-DD` days; null when either is bad, `to` is before `from`, or it is longer than MAX_PERIOD_DAYS. */
export function parseRange(from: string, to: string, maxDays = MAX_PERIOD_DAYS): DayRange | null {
  const a = parseDay(from);
  const b = parseDay(to);
  if (a === null || b === null || b < a || b - a + 1 > maxDays) return null;
  return { from: a, to: b };
}

/** 0 = Monday … 6 = Sunday (ISO). Day 0 (1970-01-01) was a Thursday. */
export function isoWeekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The Monday of the ISO week holding `day`. */
export function mondayOf(day: number): number {
  return day - isoWeekday(day);
}

/**
 * The ISO week of a day: the week belongs to the year of its Thursday, so 2026-12-31 (a Thursday)
 * is in 2026-W53 and 2027-01-01 (Friday) too, while 2024-12-30 (Monday) is already in 2025-W01.
 */
export function isoWeekOf(day: number): { year: number; week: number } {
  const thursday = mondayOf(day) + 3;
  const year = dateOfDayNumber(thursday).year;
  const jan1 = dayNumber({ year, month: 1, day: 1 });
  return { year, week: Math.floor((thursday - jan1) / 7) + 1 };
}

export function formatWeek(w: { year: number; week: number }): string {
  return `${pad(w.year, 4)}-W${pad(w.week)}`;
}

/** Monday–Sunday of `YYYY-Www`; null for a bad text or a week the year does not have (W53 of most years). */
export function weekRange(text: string): DayRange | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!m) return null;
  const year = Number(m[1]), week = Number(m[2]);
  if (year < 1900 || week < 1) return null;
  // 4 January is always in week 1.
  const monday = mondayOf(dayNumber({ year, month: 1, day: 4 })) + (week - 1) * 7;
  const back = isoWeekOf(monday);
  if (back.year !== year || back.week !== week) return null;
  return { from: monday, to: monday + 6 };
}

function monthRange(year: number, month: number): DayRange {
  const from = dayNumber({ year, month, day: 1 });
  const next = month === 12 ? dayNumber({ year: year + 1, month: 1, day: 1 }) : dayNumber({ year, month: month + 1, day: 1 });
  return { from, to: next - 1 };
}

export type PeriodKind = 'week' | 'month' | 'quarter' | 'year';

/** `YYYY-Www`, `YYYY-MM`, `YYYY-Qn` or `YYYY` → its kind and days; null for anything else. */
export function parsePeriod(text: string): ({ kind: PeriodKind; label: string } & DayRange) | null {
  let m: RegExpExecArray | null;
  if (/^\d{4}-W\d{2}$/.test(text)) {
    const r = weekRange(text);
    return r && { kind: 'week', label: text, ...r };
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(text))) {
    const year = Number(m[1]), month = Number(m[2]);
    if (year < 1900 || month < 1 || month > 12) return null;
    return { kind: 'month', label: text, ...monthRange(year, month) };
  }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(text))) {
    const year = Number(m[1]), q = Number(m[2]);
    if (year < 1900) return null;
    return { kind: 'quarter', label: text, from: monthRange(year, q * 3 - 2).from, to: monthRange(year, q * 3).to };
  }
  if ((m = /^(\d{4})$/.exec(text))) {
    const year = Number(m[1]);
    if (year < 1900) return null;
    return { kind: 'year', label: text, from: dayNumber({ year, month: 1, day: 1 }), to: dayNumber({ year, month: 12, day: 31 }) };
  }
  return null;
}

/** Every ISO week overlapping the range, oldest first, each with its whole Monday–Sunday. */
export function weeksOverlapping(range: DayRange): { week: string; from: number; to: number }[] {
  const out: { week: string; from: number; to: number }[] = [];
  for (let monday = mondayOf(range.from); monday <= range.to; monday += 7) {
    out.push({ week: formatWeek(isoWeekOf(monday)), from: monday, to: monday + 6 });
  }
  return out;
}
