/**
 * Working-time arithmetic: the due time of a dossier or a step is its start plus N working hours.
 *
 * This is the foundation's engine: weekly office hours only. The calendar issue replaces
 * `weeklyCalendar` with one that knows holidays, swapped days and make-up Saturdays; everything else
 * asks a `WorkCalendar` for a day's office periods, so it does not change when that lands.
 *
 * Convention (one-stop rules §5): 1 working day = 8 working hours; due = receipt + N working hours, to
 * the minute, which is what the receipt's "hh giờ mm phút" implies. A period that ends exactly at the
 * close of a session is due at the close (11:30 or 17:00), not at the next opening.
 */
import { type LocalDate, dateOfDayNumber, dayNumber, vnInstant, vnParts } from './time.ts';

/** An office session, in minutes since local midnight: [start, end). */
export interface Period {
  readonly start: number;
  readonly end: number;
}

export interface WorkCalendar {
  /** The office sessions of a Vietnam calendar date, sorted; empty on a day off. */
  periodsOn(date: LocalDate): readonly Period[];
}

export interface WeeklyHours {
  /** Worked weekdays, 0 = Sunday … 6 = Saturday. */
  readonly weekdays: readonly number[];
  readonly periods: readonly Period[];
}

export const MINUTES_PER_WORKING_DAY = 8 * 60;

export function hhmmToMinutes(text: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) throw new Error(`not a time of day (HH:MM): ${text}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function minutesToHhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** State offices: Monday–Friday, 07:00–11:30 and 13:30–17:00 (QĐ 188/1999/QĐ-TTg: 40 hours a week). */
export const DEFAULT_WEEKLY_HOURS: WeeklyHours = {
  weekdays: [1, 2, 3, 4, 5],
  periods: [
    { start: hhmmToMinutes('07:00'), end: hhmmToMinutes('11:30') },
    { start: hhmmToMinutes('13:30'), end: hhmmToMinutes('17:00') },
  ],
};

export function weeklyCalendar(hours: WeeklyHours = DEFAULT_WEEKLY_HOURS): WorkCalendar {
  const periods = [...hours.periods].sort((a, b) => a.start - b.start);
  for (const p of periods) {
    if (!(p.start >= 0 && p.end <= 24 * 60 && p.start < p.end)) throw new Error('office period out of order');
  }
  const worked = new Set(hours.weekdays);
  return {
    periodsOn(date) {
      const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
      return worked.has(weekday) ? periods : [];
    },
  };
}

// A calendar with no working day at all would loop forever; ten years is far beyond any time limit.
const MAX_DAYS_SCANNED = 3660;
const MINUTE_MS = 60_000;

function dayAndOffset(instant: Date): { day: number; offsetMs: number } {
  const p = vnParts(instant);
  const day = dayNumber(p);
  return { day, offsetMs: instant.getTime() - vnInstant(p).getTime() };
}

/**
 * `from` plus `minutes` working minutes. A start outside office hours counts from the next opening.
 * Adding zero returns `from` unchanged.
 */
export function addWorkingMinutes(from: Date, minutes: number, calendar: WorkCalendar): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError('working minutes must be ≥ 0');
  if (minutes === 0) return from;
  let remaining = minutes * MINUTE_MS;
  let { day, offsetMs: cursor } = dayAndOffset(from);
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++, day++, cursor = 0) {
    const date = dateOfDayNumber(day);
    for (const p of calendar.periodsOn(date)) {
      const start = Math.max(p.start * MINUTE_MS, cursor);
      const end = p.end * MINUTE_MS;
      if (start >= end) continue;
      if (remaining <= end - start) return new Date(vnInstant(date).getTime() + start + remaining);
      remaining -= end - start;
    }
  }
  throw new RangeError('the calendar has no working time in the next ten years');
}

/** Working minutes in [a, b); negative when b is before a. */
export function workingMinutesBetween(a: Date, b: Date, calendar: WorkCalendar): number {
  if (b.getTime() < a.getTime()) return -workingMinutesBetween(b, a, calendar);
  const from = dayAndOffset(a);
  const to = dayAndOffset(b);
  let totalMs = 0;
  for (let day = from.day; day <= to.day; day++) {
    const lo = day === from.day ? from.offsetMs : 0;
    const hi = day === to.day ? to.offsetMs : Number.POSITIVE_INFINITY;
    for (const p of calendar.periodsOn(dateOfDayNumber(day))) {
      const s = Math.max(p.start * MINUTE_MS, lo);
      const e = Math.min(p.end * MINUTE_MS, hi);
      if (e > s) totalMs += e - s;
    }
  }
  return totalMs / MINUTE_MS;
}

/** Whether `instant` falls inside an office session. */
export function isWorkingInstant(instant: Date, calendar: WorkCalendar): boolean {
  const { day, offsetMs } = dayAndOffset(instant);
  return calendar
    .periodsOn(dateOfDayNumber(day))
    .some((p) => offsetMs >= p.start * MINUTE_MS && offsetMs < p.end * MINUTE_MS);
}

/** Hours as printed on forms: 8 h → "1 ngày làm việc", 4 h → "0,5 ngày làm việc", 104 h → "13 ngày". */
export function workingDaysLabel(minutes: number, lang: 'vi' | 'en'): string {
  const days = minutes / MINUTES_PER_WORKING_DAY;
  const text = Number.isInteger(days) ? String(days) : days.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
  return lang === 'vi' ? `${text.replace('.', ',')} ngày làm việc` : `${text} working day${days === 1 ? '' : 's'}`;
}
