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
import { type LocalDate, dateOfDayNumber, vnDayNumber, vnMidnightMs } from './time.ts';
import { type JudgedBy, type Timeliness, timelinessOf } from './vocabulary.ts';

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

// A calendar with no working day at all would search forever; ten years is far beyond any time limit.
const MAX_DAYS_SCANNED = 3660;
const MINUTE_MS = 60_000;

// Plain arithmetic rather than vnParts: these run several times per due time, hundreds of thousands
// of times a second in the benchmark.
function dayAndOffset(instant: Date): { day: number; offsetMs: number } {
  const day = vnDayNumber(instant);
  return { day, offsetMs: instant.getTime() - vnMidnightMs(day) };
}

/**
 * Running totals of working minutes per day, so that adding N working days costs a binary search
 * instead of a walk over every day (a 250-day limit would otherwise visit ~350 days per call).
 * `cum[i]` = working minutes in days base … base+i-1. Built lazily per calendar; a calendar's days
 * never change once built (a new calendar is a new object), so the cache cannot go stale.
 */
class DayIndex {
  private base = 0;
  private cum: number[] = [0];
  /** `days[i]` = working days (days with any office time) in days base … base+i-1. */
  private days: number[] = [0];
  private readonly periods: (readonly Period[])[] = [];

  constructor(private readonly calendar: WorkCalendar) {}

  private build(from: number) {
    this.base = from;
    this.cum = [0];
    this.days = [0];
    this.periods.length = 0;
  }

  private extendTo(day: number) {
    if (day - this.base > MAX_DAYS_SCANNED * 4) throw new RangeError('the calendar has no working time in the next ten years');
    while (this.base + this.cum.length - 1 <= day) {
      const d = this.base + this.cum.length - 1;
      const periods = this.calendar.periodsOn(dateOfDayNumber(d));
      this.periods.push(periods);
      this.cum.push(this.cum[this.cum.length - 1]! + periods.reduce((sum, p) => sum + p.end - p.start, 0));
      this.days.push(this.days[this.days.length - 1]! + (periods.length ? 1 : 0));
    }
  }

  /**
   * Every operation starts here with the earliest day it will touch; the days it then visits only
   * extend the index. Totals are relative to the origin, so the origin must not move in the middle
   * of an operation — and it moves here: before the origin, or so far past it that keeping the days
   * between would index years for nothing (one question about 1970 must not pin the index there).
   */
  cover(day: number): this {
    if (this.cum.length === 1 || day < this.base || day - this.base > MAX_DAYS_SCANNED) this.build(day - 31);
    return this;
  }

  private reach(day: number) {
    if (day < this.base) throw new Error('working-time index read before cover()');
    this.extendTo(day);
  }

  periodsOf(day: number): readonly Period[] {
    this.reach(day);
    return this.periods[day - this.base]!;
  }

  /** Working minutes from the index's origin to `day` 00:00. */
  before(day: number): number {
    this.reach(day);
    return this.cum[day - this.base]!;
  }

  /** Working days from the index's origin to `day` 00:00. */
  daysBefore(day: number): number {
    this.reach(day);
    return this.days[day - this.base]!;
  }

  /** Working minutes from the origin to the instant (day, offset). */
  position(day: number, offsetMs: number): number {
    let inDay = 0;
    for (const p of this.periodsOf(day)) inDay += Math.min(Math.max(offsetMs / MINUTE_MS - p.start, 0), p.end - p.start);
    return this.before(day) + inDay;
  }

  /** The first day from `from` on whose close reaches `target` working minutes from the origin. */
  dayReaching(from: number, target: number): number {
    return this.search(from, (day) => this.before(day + 1) >= target);
  }

  /** The first day from `from` on whose close `count` working days have passed since the origin. */
  dayCounting(from: number, count: number): number {
    return this.search(from, (day) => this.daysBefore(day + 1) >= count);
  }

  /** The first day from `from` on for which the monotone `reached` holds. */
  private search(from: number, reached: (day: number) => boolean): number {
    let hi = from;
    let step = 64;
    // Gallop forward until reached, then bisect.
    for (;;) {
      this.extendTo(hi + 1);
      if (reached(hi)) break;
      if (hi - from > MAX_DAYS_SCANNED) throw new RangeError('the calendar has no working time in the next ten years');
      hi += step;
      step *= 2;
    }
    let lo = from;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (reached(mid)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

const indexes = new WeakMap<WorkCalendar, DayIndex>();
function indexOf(calendar: WorkCalendar): DayIndex {
  let index = indexes.get(calendar);
  if (!index) indexes.set(calendar, (index = new DayIndex(calendar)));
  return index;
}

/**
 * `from` plus `minutes` working minutes. A start outside office hours counts from the next opening;
 * a due time that lands on a session's end is that end (17:00), not the next opening. Adding zero
 * returns `from` unchanged. Cost: a binary search, whatever the amount.
 */
export function addWorkingMinutes(from: Date, minutes: number, calendar: WorkCalendar): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError('working minutes must be ≥ 0');
  if (minutes === 0) return from;
  const { day, offsetMs } = dayAndOffset(from);
  const index = indexOf(calendar).cover(day);
  const target = index.position(day, offsetMs) + minutes;
  const dueDay = index.dayReaching(day, target);
  // Minutes into the due day, counted from its first session (what `position` counted for that day).
  let remaining = target - index.before(dueDay);
  const midnight = vnMidnightMs(dueDay);
  for (const p of index.periodsOf(dueDay)) {
    if (remaining <= p.end - p.start + 1e-9) return new Date(Math.round(midnight + (p.start + remaining) * MINUTE_MS));
    remaining -= p.end - p.start;
  }
  throw new Error('working-time index out of step with the calendar');
}

/** Working minutes in [a, b); negative when b is before a. Cost: constant once the days are indexed. */
export function workingMinutesBetween(a: Date, b: Date, calendar: WorkCalendar): number {
  if (b.getTime() < a.getTime()) return -workingMinutesBetween(b, a, calendar);
  const from = dayAndOffset(a);
  const to = dayAndOffset(b);
  const index = indexOf(calendar).cover(from.day);
  const start = index.position(from.day, from.offsetMs);
  const minutes = index.position(to.day, to.offsetMs) - start;
  // Positions are sums of whole-minute periods and offsets in ms: round away float dust.
  return Math.round(minutes * 60_000) / 60_000;
}

export type WorkingAmount = { readonly days: number } | { readonly hours: number } | { readonly minutes: number };

/** An amount as people state it (1 day = 8 working hours; half days allowed) in working minutes. */
export function amountToMinutes(amount: WorkingAmount): number {
  const minutes =
    'days' in amount ? amount.days * MINUTES_PER_WORKING_DAY : 'hours' in amount ? amount.hours * 60 : amount.minutes;
  // A fraction of a minute is a slip of the pen, not a time limit: refuse it rather than round it.
  if (!Number.isFinite(minutes) || minutes < 0 || Math.abs(minutes - Math.round(minutes)) > 1e-9) {
    throw new RangeError(`not a working-time amount: ${JSON.stringify(amount)}`);
  }
  return Math.round(minutes);
}

/** `from` plus an amount of working time: `{days: 3}`, `{days: 0.5}`, `{hours: 4}` or `{minutes: 90}`. */
export function addWorkingTime(from: Date, amount: WorkingAmount, calendar: WorkCalendar): Date {
  return addWorkingMinutes(from, amountToMinutes(amount), calendar);
}

/** The working time in [a, b), exact to the minute, in the three units; negative when b is before a. */
export function workingTimeBetween(a: Date, b: Date, calendar: WorkCalendar): { minutes: number; hours: number; days: number } {
  const minutes = workingMinutesBetween(a, b, calendar);
  return { minutes, hours: minutes / 60, days: minutes / MINUTES_PER_WORKING_DAY };
}

/** The Vietnam day number (see time.ts) of an instant. */
export const dayOf = (instant: Date): number => dayAndOffset(instant).day;

/** The first day from `day` on with any office time. */
export function workingDayFrom(day: number, calendar: WorkCalendar): number {
  const index = indexOf(calendar).cover(day);
  return index.dayCounting(day, index.daysBefore(day) + 1);
}

/** The `n`-th working day counting `day` itself as the first when it is one (n ≥ 1). */
export function nthWorkingDay(day: number, n: number, calendar: WorkCalendar): number {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError('n must be a whole number ≥ 1');
  const index = indexOf(calendar).cover(day);
  return index.dayCounting(day, index.daysBefore(day) + n);
}

/** The opening (first session's start) of a working day. */
export function openingOf(day: number, calendar: WorkCalendar): Date {
  const periods = indexOf(calendar).cover(day).periodsOf(day);
  if (!periods.length) throw new RangeError('not a working day');
  return new Date(vnMidnightMs(day) + periods[0]!.start * MINUTE_MS);
}

/** The close (last session's end) of a working day. */
export function closingOf(day: number, calendar: WorkCalendar): Date {
  const periods = indexOf(calendar).cover(day).periodsOf(day);
  if (!periods.length) throw new RangeError('not a working day');
  return new Date(vnMidnightMs(day) + periods[periods.length - 1]!.end * MINUTE_MS);
}

/** `instant` itself when the office is open then, else the next opening. */
export function nextOpening(instant: Date, calendar: WorkCalendar): Date {
  const { day, offsetMs } = dayAndOffset(instant);
  const index = indexOf(calendar).cover(day);
  for (const p of index.periodsOf(day)) {
    if (offsetMs < p.start * MINUTE_MS) return new Date(vnMidnightMs(day) + p.start * MINUTE_MS);
    if (offsetMs < p.end * MINUTE_MS) return instant;
  }
  return openingOf(workingDayFrom(day + 1, calendar), calendar);
}

/** Minutes since local midnight of an instant, Vietnam time (fractions for seconds). */
export const minuteOfDay = (instant: Date): number => dayAndOffset(instant).offsetMs / MINUTE_MS;

/** Whole seconds since local midnight, Vietnam time (a fraction of a second dropped, as a clock shows it). */
export const secondOfDay = (instant: Date): number => Math.floor(dayAndOffset(instant).offsetMs / 1000);

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

/**
 * How a finished step or dossier did against its due time: early / on time / late (Circular
 * 01/2018 scores 2 / 1 / 0), with the margin in working minutes — positive when late — so that
 * "late by 2 working hours" means the same on a Friday evening as on a Tuesday morning.
 */
export function classify(
  doneAt: Date,
  dueAt: Date,
  calendar: WorkCalendar,
  by: JudgedBy = 'minute',
): { timeliness: Timeliness; lateByWorkingMinutes: number } {
  return { timeliness: timelinessOf(doneAt, dueAt, by), lateByWorkingMinutes: Math.round(workingMinutesBetween(dueAt, doneAt, calendar)) };
}
