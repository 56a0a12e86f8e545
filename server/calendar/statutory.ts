/**
 * Days off for a year whose official notice is not loaded yet, computed from the Labour Code
 * (Bộ luật Lao động 2019, art. 111–112) and marked `unconfirmed` until an administrator loads the
 * government's notice. Lunar dates (Tết, Hùng Kings' day) come from the date-holidays library rather
 * than hand-written lunar arithmetic.
 */
import Holidays from 'date-holidays';
import type { CalendarDay, CalendarYear } from '../../shared/calendar.ts';
import { formatLocalDate, parseLocalDate } from '../../shared/calendar.ts';
import { dateOfDayNumber, dayNumber } from '../../shared/time.ts';

const UNCONFIRMED = ' (tính theo luật, chưa có thông báo chính thức)';
const LC = `Bộ luật Lao động 2019, điều 112${UNCONFIRMED}`;
const SUBSTITUTE = `Bộ luật Lao động 2019, điều 111, 112${UNCONFIRMED}`;
const CULTURE_DAY = `Nghị quyết 28/2026/QH16${UNCONFIRMED}`;
const weekday = (day: number) => new Date(day * 86_400_000).getUTCDay();
const isWeekend = (day: number) => weekday(day) === 0 || weekday(day) === 6;
// By the weekday of 2 September (0 = Sunday): which neighbour is the extra day.
const ADJACENT_TO_NATIONAL_DAY = [1, 1, -1, -1, 1, -1, -1];

const LUNAR_RULES = { tet: 'vietnamese 1-0-1', hungKings: 'vietnamese 3-0-10' } as const;
const lunarCache = new Map<number, Partial<Record<keyof typeof LUNAR_RULES, string>>>();

/**
 * The two lunar dates the Labour Code names — the first day of Tết and the Hùng Kings' day — of a
 * year (YYYY-MM-DD), from date-holidays' lunar calendar, once per year per process. Only these two
 * rules are computed, not Vietnam's whole list of observances (about 8 ms a year instead of ~60:
 * the shipped calendar files are checked at every start-up).
 */
function lunarDays(year: number): Partial<Record<keyof typeof LUNAR_RULES, string>> {
  let days = lunarCache.get(year);
  if (!days) {
    const hd = new Holidays();
    hd.setHoliday(LUNAR_RULES.tet, { name: 'Tết Nguyên đán', type: 'public' });
    hd.setHoliday(LUNAR_RULES.hungKings, { name: 'Giỗ Tổ Hùng Vương', type: 'public' });
    const found = hd.getHolidays(year);
    const dateOf = (rule: string) => found.find((h) => h.rule === rule)?.date.slice(0, 10);
    days = { tet: dateOf(LUNAR_RULES.tet), hungKings: dateOf(LUNAR_RULES.hungKings) };
    lunarCache.set(year, days);
  }
  return days;
}

export function statutoryYear(year: number): CalendarYear {
  const lunar = lunarDays(year);
  const find = (which: keyof typeof LUNAR_RULES) => {
    const text = lunar[which];
    const d = text && parseLocalDate(text);
    if (!d) throw new Error(`date-holidays has no ${LUNAR_RULES[which]} for ${year}`);
    return dayNumber(d);
  };
  const days = new Map<number, { name: string; basis: string }>();
  const add = (day: number, name: string, basis = LC) => days.set(day, { name, basis });

  add(dayNumber({ year, month: 1, day: 1 }), 'Tết Dương lịch');
  // Tết: 5 days; the usual choice is New Year's Eve and the first four days of the lunar year.
  const tet = find('tet');
  for (let d = tet - 1; d <= tet + 3; d++) add(d, 'Tết Nguyên đán');
  add(find('hungKings'), 'Giỗ Tổ Hùng Vương, 10/3 âm lịch');
  add(dayNumber({ year, month: 4, day: 30 }), 'Ngày Chiến thắng');
  add(dayNumber({ year, month: 5, day: 1 }), 'Ngày Quốc tế lao động');
  const national = dayNumber({ year, month: 9, day: 2 });
  add(national, 'Quốc khánh');
  // "and one adjacent day", before or after, chosen each year; the notices of 2024–2026 chose the
  // one that bridges to a weekend (Mon → Tue 3, Tue → Mon 1, Wed → Tue 1).
  add(national + ADJACENT_TO_NATIONAL_DAY[weekday(national)]!, 'Quốc khánh, ngày liền kề');
  if (year >= 2026) add(dayNumber({ year, month: 11, day: 24 }), 'Ngày Văn hóa Việt Nam', CULTURE_DAY);

  // Art. 111: a holiday on a weekend is taken on the next working day.
  const sorted = [...days.keys()].sort((a, b) => a - b);
  for (const d of sorted) {
    if (!isWeekend(d)) continue;
    let sub = d + 1;
    while (isWeekend(sub) || days.has(sub)) sub++;
    days.set(sub, { name: `Nghỉ bù ${days.get(d)!.name}`, basis: SUBSTITUTE });
  }
  const daysOff: CalendarDay[] = [...days.entries()]
    .filter(([d]) => !isWeekend(d) && dateOfDayNumber(d).year === year)
    .sort(([a], [b]) => a - b)
    .map(([d, { name, basis }]) => ({ date: formatLocalDate(dateOfDayNumber(d)), name, basis }));
  return { year, status: 'unconfirmed', source: 'computed from Bộ luật Lao động 2019 (date-holidays for lunar dates)', daysOff, workingDays: [] };
}

/**
 * The days the Labour Code (art. 112) gives off by name in a year — not the choices the government
 * makes each year (which days around Tết, which day beside 2 September, swaps). An official notice
 * that leaves one of these out on a weekday is a typing slip, and the import refuses it.
 */
export function mandatoryDaysOff(year: number): { date: string; name: string }[] {
  const lunar = lunarDays(year);
  const days = [
    { date: `${year}-01-01`, name: 'Tết Dương lịch' },
    { date: lunar.tet, name: 'mùng 1 Tết Nguyên đán' },
    { date: lunar.hungKings, name: 'Giỗ Tổ Hùng Vương' },
    { date: `${year}-04-30`, name: 'Ngày Chiến thắng' },
    { date: `${year}-05-01`, name: 'Ngày Quốc tế lao động' },
    { date: `${year}-09-02`, name: 'Quốc khánh' },
    ...(year >= 2026 ? [{ date: `${year}-11-24`, name: 'Ngày Văn hóa Việt Nam' }] : []),
  ];
  return days.filter((d): d is { date: string; name: string } => d.date !== undefined && d.date.startsWith(`${year}-`));
}
