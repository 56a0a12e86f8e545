/**
 * The period the dashboard looks at, kept in the address (`/supervisor?from=2026-11-23&to=2026-11-29`)
 * so a leader can bookmark or send it. Dates are Vietnam calendar days, both included, as the API
 * takes them. "Today" is the centre's (the training clock's in training mode), passed in.
 *
 * Weeks are ISO weeks (Monday–Sunday; the week belongs to the year of its Thursday), because the
 * weekly report is asked for by ISO week (`2026-W48`) and the two must name the same days.
 */
import { type LocalDate, dateOfDayNumber, dayNumber } from '../../../shared/time.ts';

export type PresetKind = 'week' | 'lastWeek' | 'month' | 'quarter' | 'year' | 'custom';

export interface Period {
  readonly from: string;
  readonly to: string;
}

/** The API's own limit (400 INVALID_PERIOD beyond it). */
export const MAX_PERIOD_DAYS = 400;

const pad = (n: number) => String(n).padStart(2, '0');
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDate(text: string | undefined | null): LocalDate | null {
  const m = text ? DATE.exec(text) : null;
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const back = dateOfDayNumber(dayNumber(date));
  return back.year === date.year && back.month === date.month && back.day === date.day ? date : null;
}

export const formatDate = (d: LocalDate) => `${String(d.year).padStart(4, '0')}-${pad(d.month)}-${pad(d.day)}`;
const fromDay = (n: number) => formatDate(dateOfDayNumber(n));
const dayOf = (text: string) => dayNumber(parseDate(text)!);

/** 1 = Monday … 7 = Sunday. 1970-01-01 (day 0) was a Thursday. */
const isoWeekday = (day: number) => ((((day + 3) % 7) + 7) % 7) + 1;
const mondayOf = (day: number) => day - isoWeekday(day) + 1;

/** The ISO week `2026-W48` a day belongs to. */
export function isoWeekOf(date: string): string {
  const day = dayOf(date);
  const thursday = mondayOf(day) + 3;
  const year = dateOfDayNumber(thursday).year;
  const firstThursday = mondayOf(dayNumber({ year, month: 1, day: 4 })) + 3;
  return `${year}-W${pad(1 + Math.round((thursday - firstThursday) / 7))}`;
}

/** Monday and Sunday of an ISO week. */
export function isoWeekRange(week: string): Period | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return null;
  const monday = mondayOf(dayNumber({ year: Number(m[1]), month: 1, day: 4 })) + (Number(m[2]) - 1) * 7;
  return { from: fromDay(monday), to: fromDay(monday + 6) };
}

function monthRange(year: number, month: number): Period {
  const first = dayNumber({ year, month, day: 1 });
  const next = month === 12 ? dayNumber({ year: year + 1, month: 1, day: 1 }) : dayNumber({ year, month: month + 1, day: 1 });
  return { from: fromDay(first), to: fromDay(next - 1) };
}

export function quarterRange(year: number, quarter: number): Period {
  const start = monthRange(year, quarter * 3 - 2);
  const end = monthRange(year, quarter * 3);
  return { from: start.from, to: end.to };
}

export function presetPeriod(kind: Exclude<PresetKind, 'custom' | 'quarter'>, today: string): Period {
  const day = dayOf(today);
  const d = parseDate(today)!;
  switch (kind) {
    case 'week':
      return { from: fromDay(mondayOf(day)), to: fromDay(mondayOf(day) + 6) };
    case 'lastWeek':
      return { from: fromDay(mondayOf(day) - 7), to: fromDay(mondayOf(day) - 1) };
    case 'month':
      return monthRange(d.year, d.month);
    case 'year':
      return { from: `${d.year}-01-01`, to: `${d.year}-12-31` };
  }
}

/** The quarters a picker offers: this one and the four before it, newest first. */
export function recentQuarters(today: string): { label: string; key: string; period: Period }[] {
  const d = parseDate(today)!;
  let year = d.year;
  let q = Math.ceil(d.month / 3);
  const out = [];
  for (let i = 0; i < 5; i++) {
    out.push({ label: `Quý ${q}/${year}`, key: `${year}-Q${q}`, period: quarterRange(year, q) });
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return out;
}

/** Which preset a period is (for the picker's pressed button), given today. */
export function presetOf(period: Period, today: string): PresetKind {
  const same = (p: Period) => p.from === period.from && p.to === period.to;
  if (same(presetPeriod('week', today))) return 'week';
  if (same(presetPeriod('lastWeek', today))) return 'lastWeek';
  if (same(presetPeriod('month', today))) return 'month';
  if (same(presetPeriod('year', today))) return 'year';
  const f = parseDate(period.from)!;
  if (f.day === 1 && (f.month - 1) % 3 === 0 && same(quarterRange(f.year, Math.ceil(f.month / 3)))) return 'quarter';
  return 'custom';
}

/** What is wrong with a typed range, in words; null when the API will take it. */
export function periodProblem(from: string, to: string): string | null {
  if (!parseDate(from) || !parseDate(to)) return 'Vui lòng chọn đủ ngày bắt đầu và ngày kết thúc.';
  const days = dayOf(to) - dayOf(from) + 1;
  if (days < 1) return 'Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.';
  if (days > MAX_PERIOD_DAYS) return `Khoảng thời gian dài nhất là ${MAX_PERIOD_DAYS} ngày.`;
  return null;
}

/** The period in the address, or this week when there is none (or it is unusable). */
export function periodFromQuery(query: Record<string, string | undefined>, today: string): Period {
  const from = query.from ?? '';
  const to = query.to ?? '';
  return periodProblem(from, to) === null ? { from, to } : presetPeriod('week', today);
}

const dm = (text: string) => `${text.slice(8, 10)}/${text.slice(5, 7)}`;

/** "Tuần 48 (23/11 – 29/11/2026)", "Tháng 11/2026", "Quý 4/2026", "Năm 2026", or the two dates. */
export function periodLabel(period: Period, today: string): string {
  const kind = presetOf(period, today);
  const f = parseDate(period.from)!;
  const t = parseDate(period.to)!;
  const range = `${dm(period.from)}${f.year !== t.year ? `/${f.year}` : ''} – ${dm(period.to)}/${t.year}`;
  const week = isoWeekRange(isoWeekOf(period.from));
  if (week && week.from === period.from && week.to === period.to) {
    const prefix = kind === 'week' ? 'Tuần này' : kind === 'lastWeek' ? 'Tuần trước' : 'Tuần';
    return `${prefix}: tuần ${Number(isoWeekOf(period.from).slice(6))} (${range})`;
  }
  const month = monthRange(f.year, f.month);
  if (month.from === period.from && month.to === period.to) return `Tháng ${f.month}/${f.year}`;
  if (kind === 'quarter') return `Quý ${Math.ceil(f.month / 3)}/${f.year}`;
  if (period.from === `${f.year}-01-01` && period.to === `${f.year}-12-31`) return `Năm ${f.year}`;
  return `Từ ${dm(period.from)}/${f.year} đến ${dm(period.to)}/${t.year}`;
}

/** The ISO weeks overlapping a period (for the weekly report), oldest first. */
export function weeksIn(period: Period): string[] {
  const out: string[] = [];
  for (let day = mondayOf(dayOf(period.from)); day <= dayOf(period.to); day += 7) out.push(isoWeekOf(fromDay(day)));
  return out;
}

/** The months `YYYY-MM` overlapping a period (for the monthly scores), oldest first. */
export function monthsIn(period: Period): string[] {
  const f = parseDate(period.from)!;
  const t = parseDate(period.to)!;
  const out: string[] = [];
  for (let y = f.year, m = f.month; y < t.year || (y === t.year && m <= t.month); m === 12 ? ((m = 1), (y += 1)) : (m += 1)) out.push(`${y}-${pad(m)}`);
  return out;
}

/** The scores' period key for a dashboard period: its month, quarter or year when it is one, else the month it ends in. */
export function scoresPeriodOf(period: Period): string {
  const f = parseDate(period.from)!;
  const t = parseDate(period.to)!;
  if (period.from === `${f.year}-01-01` && period.to === `${f.year}-12-31`) return String(f.year);
  if (f.day === 1 && (f.month - 1) % 3 === 0) {
    const q = quarterRange(f.year, Math.ceil(f.month / 3));
    if (q.to === period.to) return `${f.year}-Q${Math.ceil(f.month / 3)}`;
  }
  return `${t.year}-${pad(t.month)}`;
}
