/**
 * The official working calendar: the centre's weekly office hours (with seasons), plus each year's
 * days off and make-up working days as the government publishes them (one-stop rules §5). Pure data
 * in, a `WorkCalendar` out; where the data comes from (shipped files, an administrator's import,
 * statutory days computed for years not yet published) is the server's business.
 */
import { type LocalDate, dayNumber } from './time.ts';
import { type Period, type WeeklyHours, type WorkCalendar, hhmmToMinutes } from './working-time.ts';

export interface CalendarDay {
  /** `YYYY-MM-DD`, a Vietnam calendar date. */
  readonly date: string;
  readonly name: string;
  /** The legal text or notice that makes this day off or on, e.g. "TB 9441/TB-BNV". */
  readonly basis: string;
  /** A make-up day worked with other hours than the weekdays' (e.g. a morning only), "HH:MM". */
  readonly hours?: readonly { readonly start: string; readonly end: string }[];
}

export interface CalendarYear {
  readonly year: number;
  /** `official`: from the government's notice; `unconfirmed`: computed from the Labour Code until an administrator loads the notice. */
  readonly status: 'official' | 'unconfirmed';
  readonly source: string;
  readonly daysOff: readonly CalendarDay[];
  /** Make-up working days (làm bù): usually Saturdays, worked with the weekday hours. */
  readonly workingDays: readonly CalendarDay[];
}

export interface Season {
  /** `MM-DD`, inclusive. A season may wrap the new year (10-01 → 03-31). */
  readonly from: string;
  readonly to: string;
  readonly periods: readonly Period[];
  readonly basis: string;
}

export interface CalendarSpec {
  readonly weekly: WeeklyHours;
  readonly seasons?: readonly Season[];
  readonly years: readonly CalendarYear[];
  /**
   * Years after the last one given, computed when first asked for (the server computes them from the
   * Labour Code), up to `lastYear`. Without it the calendar ends with the last year given.
   */
  readonly computeYear?: (year: number) => CalendarYear;
  readonly lastYear?: number;
}

export type DayKind = 'working' | 'weekend' | 'day-off' | 'make-up';

export interface DayInfo {
  readonly kind: DayKind;
  readonly periods: readonly Period[];
  readonly name?: string;
  readonly basis?: string;
  /** The year's data status, when the year is loaded at all. */
  readonly status?: CalendarYear['status'];
}

export interface OfficialCalendar extends WorkCalendar {
  dayInfo(date: LocalDate): DayInfo;
  /** The year's days off and make-up days, if the calendar has the year. */
  year(year: number): CalendarYear | undefined;
  /** The years the calendar knows, first to last: outside them a due time would count weekends only. */
  readonly range: { readonly first: number; readonly last: number };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export function parseLocalDate(text: string): LocalDate | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return check.getUTCMonth() === date.month - 1 && check.getUTCDate() === date.day ? date : null;
}

export function formatLocalDate(d: LocalDate): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

const mmdd = (d: LocalDate) => `${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

function inSeason(d: LocalDate, s: Season): boolean {
  const k = mmdd(d);
  return s.from <= s.to ? k >= s.from && k <= s.to : k >= s.from || k <= s.to;
}

function checkedPeriods(list: readonly { start: string; end: string }[], where: string): Period[] {
  const periods = periodsFrom(list);
  if (!periods.length) throw new RangeError(`${where}: no office hours`);
  periods.forEach((p, i) => {
    if (p.start >= p.end || (i > 0 && p.start < periods[i - 1]!.end)) throw new RangeError(`${where}: office hours out of order`);
  });
  return periods;
}

/** Builds the calendar, checking the data: a typo here would print a wrong date on official paper. */
export function officialCalendar(spec: CalendarSpec): OfficialCalendar {
  const worked = new Set(spec.weekly.weekdays);
  const off = new Map<number, { day: CalendarDay; year: CalendarYear }>();
  const on = new Map<number, { day: CalendarDay; year: CalendarYear; periods?: readonly Period[] }>();
  const years = new Map<number, CalendarYear>();
  const addYear = (y: CalendarYear) => {
    if (years.has(y.year)) throw new RangeError(`calendar year ${y.year} given twice`);
    years.set(y.year, y);
    for (const [list, target] of [[y.daysOff, off], [y.workingDays, on]] as const) {
      for (const day of list) {
        const d = parseLocalDate(day.date);
        if (!d) throw new RangeError(`calendar ${y.year}: "${day.date}" is not a date (YYYY-MM-DD)`);
        if (d.year !== y.year) throw new RangeError(`calendar ${y.year}: ${day.date} belongs to another year`);
        const key = dayNumber(d);
        if (off.has(key) || on.has(key)) throw new RangeError(`calendar ${y.year}: ${day.date} is listed twice`);
        if (day.hours && target === off) throw new RangeError(`calendar ${y.year}: ${day.date} is a day off and cannot have hours`);
        target.set(key, day.hours ? { day, year: y, periods: checkedPeriods(day.hours, `calendar ${y.year}: ${day.date}`) } : { day, year: y });
      }
    }
  };
  spec.years.forEach(addYear);
  const given = [...years.keys()];
  const range = {
    first: given.length ? Math.min(...given) : -Infinity,
    last: spec.computeYear ? (spec.lastYear ?? Infinity) : given.length ? Math.max(...given) : Infinity,
  };
  const lastGiven = given.length ? Math.max(...given) : -Infinity;
  // Computed years are added on first use, once: a calendar's days never change after they are read.
  const ensure = (year: number) => {
    if (!years.has(year) && spec.computeYear && year > lastGiven && year <= range.last) addYear(spec.computeYear(year));
  };
  for (const s of spec.seasons ?? []) {
    for (const k of [s.from, s.to]) if (!/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(k)) throw new RangeError(`season bound "${k}" is not MM-DD`);
  }
  const hoursOn = (d: LocalDate): readonly Period[] => spec.seasons?.find((s) => inSeason(d, s))?.periods ?? spec.weekly.periods;

  const dayInfo = (d: LocalDate): DayInfo => {
    ensure(d.year);
    const key = dayNumber(d);
    const status = years.get(d.year)?.status;
    const withStatus = status ? { status } : {};
    const special = off.get(key);
    if (special) return { kind: 'day-off', periods: [], name: special.day.name, basis: special.day.basis, ...withStatus };
    const makeUp = on.get(key);
    if (makeUp) return { kind: 'make-up', periods: makeUp.periods ?? hoursOn(d), name: makeUp.day.name, basis: makeUp.day.basis, ...withStatus };
    const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
    return worked.has(weekday) ? { kind: 'working', periods: hoursOn(d), ...withStatus } : { kind: 'weekend', periods: [], ...withStatus };
  };

  return {
    periodsOn: (d) => dayInfo(d).periods,
    dayInfo,
    year: (y) => {
      ensure(y);
      return years.get(y);
    },
    range,
  };
}

/** Office hours as people write them ("07:00"–"11:30") into minutes. */
export function periodsFrom(list: readonly { start: string; end: string }[]): Period[] {
  return list.map((p) => ({ start: hhmmToMinutes(p.start), end: hhmmToMinutes(p.end) }));
}
