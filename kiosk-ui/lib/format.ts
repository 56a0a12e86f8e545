/**
 * Screen wording of times and durations. All times arrive as ISO 8601 with +07:00 and are shown in
 * Vietnam time whatever the device's time zone (shared/time.ts does the arithmetic). A time that does
 * not parse is shown as it came rather than as "Invalid Date".
 */
import { formatVnFormal, formatVnShort, parseIsoInstant, vnParts, weekdayName } from '../../shared/time.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** "09:15 27/11/2026" */
export function shortTime(iso: string): string {
  const d = parseIsoInstant(iso);
  return d ? formatVnShort(d) : iso;
}

/** "09 giờ 15 phút, ngày 27 tháng 11 năm 2026" (the wording of the printed receipt). */
export function formalTime(iso: string): string {
  const d = parseIsoInstant(iso);
  return d ? formatVnFormal(d) : iso;
}

/** ["Thứ Hai, 30/11/2026", "lúc 08:24"]: the two halves, so a screen can keep each on one line. */
export function appointmentParts(iso: string, lang: 'vi' | 'en'): [string, string] {
  const d = parseIsoInstant(iso);
  if (!d) return [iso, ''];
  const p = vnParts(d);
  const date = `${weekdayName(d, lang)}, ${pad(p.day)}/${pad(p.month)}/${p.year}`;
  const time = `${lang === 'vi' ? 'lúc' : 'at'} ${pad(p.hour)}:${pad(p.minute)}`;
  return [date, time];
}

/** "Thứ Hai, 30/11/2026 lúc 08:24" / "Monday, 30/11/2026 at 08:24" */
export function appointment(iso: string, lang: 'vi' | 'en'): string {
  return appointmentParts(iso, lang).filter(Boolean).join(' ');
}

/** "14:05" */
export function clockTime(iso: string): string {
  const d = parseIsoInstant(iso);
  if (!d) return iso;
  const p = vnParts(d);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** One working day is 8 hours (480 working minutes). */
export const WORKING_DAY_MINUTES = 480;

/**
 * "1 ngày 3 giờ", "5 giờ 20 phút", "45 phút" — working time as the supervisor reads it: days and hours,
 * and minutes only while under a day (a minute matters when the deadline is this afternoon).
 */
export function workingDuration(minutes: number, lang: 'vi' | 'en', exact = false): string {
  const m = Math.max(0, Math.round(minutes));
  const days = Math.floor(m / WORKING_DAY_MINUTES);
  const hours = Math.floor((m % WORKING_DAY_MINUTES) / 60);
  const mins = m % 60;
  const words = lang === 'vi' ? { d: 'ngày', h: 'giờ', m: 'phút' } : { d: days === 1 ? 'day' : 'days', h: 'h', m: 'min' };
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} ${words.d}`);
  if (hours > 0) parts.push(`${hours} ${words.h}`);
  // `exact`: the minutes too beyond a day (a held time beside its allotment must not read equal when it is not).
  if ((days === 0 || exact) && (mins > 0 || (hours === 0 && days === 0))) parts.push(`${mins} ${words.m}`);
  return parts.join(' ');
}
