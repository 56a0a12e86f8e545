/**
 * "Why this date": the plain-language account of a due time that the counter and the kiosk show, in
 * Vietnamese and English — the rule that applied (working hours, Civil Code days, same-day with its
 * cut-off, a pause for a supplement), where counting started, and every day off or make-up day on the way.
 */
import type { OfficialCalendar } from './calendar.ts';
import { type Deadline, type Resumed, receiptClock } from './deadline.ts';
import { dateOfDayNumber, dayNumber, vnParts } from './time.ts';
import type { Wording } from './vocabulary.ts';
import { MINUTES_PER_WORKING_DAY, minutesToHhmm, workingDaysLabel } from './working-time.ts';

const pad = (n: number) => String(n).padStart(2, '0');
/** "16/02", or "16/02/2026" when the account spans two years and "01/01" alone would be ambiguous. */
const dmOf = (day: number, withYear = false) => {
  const d = dateOfDayNumber(day);
  return `${pad(d.day)}/${pad(d.month)}${withYear ? `/${d.year}` : ''}`;
};
const dmy = (at: Date) => {
  const p = vnParts(at);
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
};
const hm = (at: Date) => {
  const p = vnParts(at);
  return `${pad(p.hour)}:${pad(p.minute)} ${dmy(at)}`;
};
/**
 * A receipt time beside a cut-off, read by the same rule as the cut-off (`receiptClock`, whole
 * seconds): with its seconds when it has any, so "15:00:30, after 15:00" reads true and 15:00:00.5
 * reads "15:00, not after 15:00".
 */
const hms = (at: Date) => {
  const c = receiptClock(at);
  return `${pad(c.hour)}:${pad(c.minute)}${c.second ? `:${pad(c.second)}` : ''} ${dmy(at)}`;
};
/** "1 working hour", "1.5 working hours". */
const hoursEn = (minutes: number) => `${hoursText(minutes, 'en')} working hour${minutes === 60 ? '' : 's'}`;
/** 90 minutes → "1,5" / "1.5"; hours to two decimals at most, written as each language writes them. */
const hoursText = (minutes: number, lang: 'vi' | 'en') => {
  const text = String(Math.round((minutes / 60) * 100) / 100);
  return lang === 'vi' ? text.replace('.', ',') : text;
};
const dayOf = (at: Date) => dayNumber(vnParts(at));

interface Run {
  first: number;
  last: number;
  name: string;
}

/** The days between two dates that the count skipped or added, as clauses in both languages. */
function calendarNotes(firstDay: number, lastDay: number, calendar: OfficialCalendar): { vi: string[]; en: string[] } {
  const off: Run[] = [];
  const makeUp: number[] = [];
  const unconfirmed = new Set<number>();
  const withYear = dateOfDayNumber(firstDay).year !== dateOfDayNumber(lastDay).year;
  const dm = (day: number) => dmOf(day, withYear);
  for (let day = firstDay; day <= lastDay; day++) {
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
  const years = [...unconfirmed].join(', ');
  return {
    vi: [
      'không tính thứ Bảy, Chủ nhật và ngoài giờ hành chính',
      ...(runs.length ? [`không tính ngày nghỉ: ${runs.join(', ')}`] : []),
      ...(makeUp.length ? [`có tính ngày làm bù: ${makeUp.map(dm).join(', ')}`] : []),
      ...(unconfirmed.size ? [`lịch nghỉ năm ${years} tính theo Bộ luật Lao động, chưa có thông báo chính thức`] : []),
    ],
    en: [
      'Saturdays, Sundays and out-of-office hours not counted',
      ...(runs.length ? [`days off not counted: ${runs.join(', ')}`] : []),
      ...(makeUp.length ? [`make-up working days counted: ${makeUp.map(dm).join(', ')}`] : []),
      ...(unconfirmed.size ? [`the ${years} days off are computed from the Labour Code, not yet official`] : []),
    ],
  };
}

/** The rule's own clause: what the limit is and where counting started. */
function ruleClause(d: Deadline, calendar: OfficialCalendar): Wording {
  const cutoff = d.cutoff === null ? '' : minutesToHhmm(d.cutoff);
  switch (d.rule) {
    case 'same-day':
      if (d.afterCutoff) {
        return {
          vi: `Thủ tục giải quyết trong ngày; hồ sơ nhận lúc ${hms(d.receivedAt)}, sau ${cutoff}, nên trả kết quả trong ngày làm việc tiếp theo (${dmy(d.dueAt)}), chậm nhất ${hm(d.dueAt)}`,
          en: `Same-day procedure; received at ${hms(d.receivedAt)}, after ${cutoff}, so the result is due the next working day (${dmy(d.dueAt)}), by ${hm(d.dueAt)}`,
        };
      }
      if (dayOf(d.countFrom) !== dayOf(d.receivedAt)) {
        const dayOff = calendar.periodsOn(dateOfDayNumber(dayOf(d.receivedAt))).length === 0;
        return {
          vi: `Thủ tục giải quyết trong ngày; hồ sơ nhận ${dayOff ? 'vào ngày nghỉ' : 'ngoài giờ làm việc'} (${hm(d.receivedAt)}) nên trả kết quả trong ngày làm việc tiếp theo (${dmy(d.dueAt)}), chậm nhất ${hm(d.dueAt)}`,
          en: `Same-day procedure; received ${dayOff ? 'on a day off' : 'after office hours'} (${hm(d.receivedAt)}), so the result is due the next working day (${dmy(d.dueAt)}), by ${hm(d.dueAt)}`,
        };
      }
      return {
        vi: `Thủ tục giải quyết trong ngày; hồ sơ nhận lúc ${hms(d.receivedAt)}${cutoff ? `, chưa quá ${cutoff},` : ''} nên trả kết quả trong ngày, chậm nhất ${hm(d.dueAt)}`,
        en: `Same-day procedure; received at ${hms(d.receivedAt)}${cutoff ? `, not after ${cutoff},` : ''} so the result is due the same day, by ${hm(d.dueAt)}`,
      };
    case 'civil-code':
      return {
        vi: `${workingDaysLabel(d.minutes, 'vi')} theo cách tính của Bộ luật Dân sự 2015 (điều 147–148): bắt đầu từ ngày làm việc tiếp theo ngày nhận (${dmy(d.countFrom)}), kết thúc khi hết giờ làm việc của ngày làm việc cuối cùng (${hm(d.dueAt)})`,
        en: `${workingDaysLabel(d.minutes, 'en')} counted as the Civil Code 2015 (art. 147–148) counts days: from the working day after receipt (${dmy(d.countFrom)}) to the close of the last working day (${hm(d.dueAt)})`,
      };
    case 'working-hours': {
      const hours = hoursText(d.minutes, 'vi');
      const after = d.afterCutoff
        ? {
            vi: `hồ sơ nhận lúc ${hms(d.receivedAt)}, sau ${cutoff}, nên tính từ đầu ngày làm việc tiếp theo; `,
            en: `received at ${hms(d.receivedAt)}, after ${cutoff}, so counted from the next working day; `,
          }
        : { vi: '', en: '' };
      // Limits in whole or half days read as days with their hours; anything else reads in hours only
      // ("0,19 ngày" means nothing to anyone).
      const inDays = d.minutes % (MINUTES_PER_WORKING_DAY / 2) === 0;
      const amount = {
        vi: inDays ? `${workingDaysLabel(d.minutes, 'vi')} (${hours} giờ làm việc)` : `${hours} giờ làm việc`,
        en: inDays ? `${workingDaysLabel(d.minutes, 'en')} (${hoursEn(d.minutes)})` : hoursEn(d.minutes),
      };
      const vi = `${after.vi}${amount.vi} tính từ ${hm(d.countFrom)}`;
      const en = `${after.en}${amount.en} from ${hm(d.countFrom)}`;
      return { vi: vi[0]!.toUpperCase() + vi.slice(1), en: en[0]!.toUpperCase() + en.slice(1) };
    }
  }
}

/**
 * Why a deadline falls where it does; with `resumed`, also the pause for a supplement before it; with
 * `variant`, the time-limit variant the clerk picked at intake (a mountain commune, a case needing
 * verification…), named first: it is why the limit is what it is.
 */
export function explainDeadline(d: Deadline, calendar: OfficialCalendar, resumed?: Resumed, variant?: Wording): Wording {
  // From the receipt (or the supplement's arrival), not from where counting started: days off between
  // the two are exactly what pushed the start.
  const notes = calendarNotes(dayOf(resumed ? resumed.pause.resumedAt : d.receivedAt), dayOf(d.dueAt), calendar);
  let rule = ruleClause(d, calendar);
  if (resumed) {
    const { pausedAt, resumedAt, mode } = resumed.pause;
    const paused = { vi: `Hồ sơ chờ bổ sung từ ${hm(pausedAt)} đến ${hm(resumedAt)}`, en: `The dossier waited for a supplement from ${hm(pausedAt)} to ${hm(resumedAt)}` };
    if (mode === 'restart') {
      rule = {
        vi: `${paused.vi}; thời hạn tính lại từ đầu khi nhận đủ hồ sơ bổ sung: ${rule.vi[0]!.toLowerCase()}${rule.vi.slice(1)}`,
        en: `${paused.en}; the time limit starts again from the complete supplement: ${rule.en[0]!.toLowerCase()}${rule.en.slice(1)}`,
      };
    } else {
      const left = resumed.remainingMinutes ?? 0;
      rule = {
        vi: `${paused.vi}; thời gian giải quyết tạm dừng, khi dừng còn lại ${hoursText(left, 'vi')} giờ làm việc, tính tiếp từ ${hm(d.countFrom)}`,
        en: `${paused.en}; the clock was stopped with ${hoursEn(left)} left, counted on from ${hm(d.countFrom)}`,
      };
    }
  }
  if (variant) {
    rule = {
      vi: `Thời hạn theo trường hợp «${variant.vi}»: ${rule.vi[0]!.toLowerCase()}${rule.vi.slice(1)}`,
      en: `Time limit for the case «${variant.en}»: ${rule.en[0]!.toLowerCase()}${rule.en.slice(1)}`,
    };
  }
  return { vi: `${[rule.vi, ...notes.vi].join('; ')}.`, en: `${[rule.en, ...notes.en].join('; ')}.` };
}
