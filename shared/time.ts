/**
 * Vietnam time without a time-zone database.
 *
 * Asia/Ho_Chi_Minh has been UTC+07:00 all year since 1975 (no daylight saving), so a fixed offset is
 * exact for every date this product handles, and it keeps the result independent of the machine's
 * TZ. If Vietnam ever changes its offset, this is the one place to change.
 */
export const VN_OFFSET_MINUTES = 7 * 60;
const OFFSET_MS = VN_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

/** A calendar date in Vietnam. Month 1–12. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface LocalDateTime extends LocalDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
  readonly weekday: number;
  /** Minutes since local midnight. */
  readonly minuteOfDay: number;
}

export function vnParts(instant: Date): LocalDateTime {
  const shifted = new Date(instant.getTime() + OFFSET_MS);
  const hour = shifted.getUTCHours();
  const minute = shifted.getUTCMinutes();
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour,
    minute,
    second: shifted.getUTCSeconds(),
    weekday: shifted.getUTCDay(),
    minuteOfDay: hour * 60 + minute,
  };
}

/** The instant of a Vietnam wall-clock time. */
export function vnInstant(date: LocalDate, minuteOfDay = 0): Date {
  return new Date(Date.UTC(date.year, date.month - 1, date.day) - OFFSET_MS + minuteOfDay * 60_000);
}

/** Days since 1970-01-01 of a Vietnam calendar date: a cheap key for day arithmetic. */
export function dayNumber(date: LocalDate): number {
  return Math.floor(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
}

/** The Vietnam day number of an instant: the same as dayNumber(vnParts(instant)), in two operations. */
export function vnDayNumber(instant: Date): number {
  return Math.floor((instant.getTime() + OFFSET_MS) / DAY_MS);
}

/** Vietnam midnight at the start of a day number, as epoch milliseconds. */
export function vnMidnightMs(day: number): number {
  return day * DAY_MS - OFFSET_MS;
}

export function dateOfDayNumber(n: number): LocalDate {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO 8601 with the +07:00 offset, to the second: the only time format of the API. */
export function toVnIso(instant: Date): string {
  const p = vnParts(instant);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+07:00`;
}

/** `YYYY-MM-DD` of the Vietnam date. */
export function toVnDate(instant: Date): string {
  const p = vnParts(instant);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

// An explicit offset is required: a time without one is ambiguous between the machine's zone and
// Vietnam's, which is exactly the mistake that prints a wrong appointment.
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses ISO 8601 with a `Z` or `±hh:mm` offset; null for anything else or an impossible date. */
export function parseIsoInstant(text: string): Date | null {
  const m = ISO_WITH_OFFSET.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', ms = '0', off] = m;
  const year = Number(y), month = Number(mo), day = Number(d);
  const hour = Number(h), minute = Number(mi), second = Number(s);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  // Date.UTC reads years 0–99 as 1900–1999: set the year separately so "0099" stays year 99.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, Number(ms.padEnd(3, '0'))));
  date.setUTCFullYear(year, month - 1, day);
  const utc = date.getTime();
  if (new Date(utc).getUTCDate() !== day) return null; // 31 February and friends
  let offsetMin = 0;
  if (off !== 'Z' && off) {
    const sign = off.startsWith('-') ? -1 : 1;
    const hours = Number(off.slice(1, 3));
    const minutes = Number(off.slice(4, 6));
    // Real offsets run from −12:00 to +14:00; "+25:00" is a typo that would silently move the date.
    if (hours > 14 || minutes > 59 || (hours === 14 && minutes > 0)) return null;
    offsetMin = sign * (hours * 60 + minutes);
  }
  return new Date(utc - offsetMin * 60_000);
}

/** "09 giờ 15 phút, ngày 27 tháng 11 năm 2026": the wording of the official forms (Mẫu 01). */
export function formatVnFormal(instant: Date): string {
  const p = vnParts(instant);
  return `${pad(p.hour)} giờ ${pad(p.minute)} phút, ngày ${pad(p.day)} tháng ${pad(p.month)} năm ${p.year}`;
}

/** "09:15 27/11/2026": compact form for screens and tables. */
export function formatVnShort(instant: Date): string {
  const p = vnParts(instant);
  return `${pad(p.hour)}:${pad(p.minute)} ${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

const WEEKDAYS_VI = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export function weekdayName(instant: Date, lang: 'vi' | 'en'): string {
  const w = vnParts(instant).weekday;
  return (lang === 'vi' ? WEEKDAYS_VI : WEEKDAYS_EN)[w] ?? '';
}
