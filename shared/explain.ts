/**
 * "Why this date": the plain-language account of a due time that the counter and the kiosk can show,
 * in Vietnamese and English — the time limit, the start, and every day off or make-up day in between.
 */
import type { OfficialCalendar } from './calendar.ts';
import { dateOfDayNumber, dayNumber, vnParts } from './time.ts';
import type { Wording } from './vocabulary.ts';
import { workingDaysLabel } from './working-time.ts';

const dm = (day: number) => {
  const d = dateOfDayNumber(day);
  return `${String(d.day).padStart(2, '0')}/${String(d.month).padStart(2, '0')}`;
};
const hm = (at: Date) => {
  const p = vnParts(at);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')} ${String(p.day).padStart(2, '0')}/${String(p.month).padStart(2, '0')}/${p.year}`;
};

interface Run {
  first: number;
  last: number;
  name: string;
}

export function explainDue(from: Date, due: Date, minutes: number, calendar: OfficialCalendar): Wording {
  const start = dayNumber(vnParts(from));
  const end = dayNumber(vnParts(due));
  const off: Run[] = [];
  const makeUp: number[] = [];
  const unconfirmed = new Set<number>();
  for (let day = start; day <= end; day++) {
    const info = calendar.dayInfo(dateOfDayNumber(day));
    if (info.status === 'unconfirmed') unconfirmed.add(dateOfDayNumber(day).year);
    if (info.kind === 'make-up') makeUp.push(day);
    if (info.kind !== 'day-off') continue;
    const name = info.name ?? '';
    const last = off[off.length - 1];
    // Consecutive days off with the same name read as one run ("16/02–20/02 Tết Nguyên đán"),
    // across the weekend inside it.
    if (last && last.name === name && day - last.last <= 3) last.last = day;
    else off.push({ first: day, last: day, name });
  }
  const runs = off.map((r) => `${r.first === r.last ? dm(r.first) : `${dm(r.first)}–${dm(r.last)}`} (${r.name})`);
  const hours = minutes / 60;
  const vi = [
    `${workingDaysLabel(minutes, 'vi')} (${hours.toLocaleString('vi-VN')} giờ làm việc) tính từ ${hm(from)}`,
    'không tính thứ Bảy, Chủ nhật và ngoài giờ hành chính',
    ...(runs.length ? [`không tính ngày nghỉ: ${runs.join(', ')}`] : []),
    ...(makeUp.length ? [`có tính ngày làm bù: ${makeUp.map(dm).join(', ')}`] : []),
    ...(unconfirmed.size ? [`lịch nghỉ năm ${[...unconfirmed].join(', ')} tính theo Bộ luật Lao động, chưa có thông báo chính thức`] : []),
  ].join('; ');
  const en = [
    `${workingDaysLabel(minutes, 'en')} (${hours} working hours) from ${hm(from)}`,
    'Saturdays, Sundays and out-of-office hours not counted',
    ...(runs.length ? [`days off not counted: ${runs.join(', ')}`] : []),
    ...(makeUp.length ? [`make-up working days counted: ${makeUp.map(dm).join(', ')}`] : []),
    ...(unconfirmed.size ? [`the ${[...unconfirmed].join(', ')} days off are computed from the Labour Code, not yet official`] : []),
  ].join('; ');
  return { vi: `${vi}.`, en: `${en}.` };
}
