/**
 * Checks a year's official calendar — a file shipped in data/calendar or one an administrator imports —
 * before it can move a single deadline. Every problem is reported at once, each with where it is, so
 * that whoever typed the notice in can fix the file in one go.
 */
import { Type } from 'typebox';
import { printableText } from '../../shared/contracts.ts';
import { checkEightHours, checkPeriods } from '../catalogue/settings.ts';
import { Value } from 'typebox/value';
import { type CalendarDay, type CalendarYear, parseLocalDate } from '../../shared/calendar.ts';
import { dayNumber } from '../../shared/time.ts';
import { deepNfc, tidy } from '../../shared/text.ts';
import type { WeeklyHours } from '../../shared/working-time.ts';

const HHMM = '^([01]\\d|2[0-3]):[0-5]\\d$';
const Day = Type.Object(
  {
    date: Type.String(),
    name: printableText(1, 200),
    basis: printableText(1, 300),
    // Make-up days only: worked with other hours than the weekdays' (a morning only, say).
    hours: Type.Optional(Type.Array(Type.Object({ start: Type.String({ pattern: HHMM }), end: Type.String({ pattern: HHMM }) }, { additionalProperties: false }), { minItems: 1, maxItems: 4 })),
  },
  { additionalProperties: false },
);

export const CalendarYearFile = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    // A file is the government's notice typed in; years computed from the law are never files.
    status: Type.Optional(Type.Literal('official')),
    source: printableText(1, 300),
    daysOff: Type.Array(Day, { maxItems: 60 }),
    workingDays: Type.Array(Day, { maxItems: 30 }),
  },
  { additionalProperties: false },
);

/** The validator's words, except where they would mean nothing to whoever typed the file. */
function explainProblem(e: { keyword: string; message: string; params: unknown }): string {
  if (e.keyword === 'additionalProperties') return `${e.message} (${(e.params as { additionalProperties: string[] }).additionalProperties.join(', ')})`;
  if (e.keyword === 'pattern') return 'is blank, too long, or holds a character that cannot be printed (a control character, an invisible one, an emoji)';
  return e.message;
}

export class CalendarFileError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A checked year in the shape the engine takes, or CalendarFileError listing every problem. */
export function validateCalendarYear(json: unknown, weekly: WeeklyHours, mandatory: readonly { date: string; name: string }[] = []): CalendarYear {
  if (!Value.Check(CalendarYearFile, json)) {
    const problems = [...Value.Errors(CalendarYearFile, json)]
      // additionalProperties is reported twice by the validator (once as "schema is false").
      .filter((e) => e.keyword !== 'boolean')
      .map((e) => `${e.instancePath || '(top level)'}: ${explainProblem(e)}`);
    throw new CalendarFileError(problems.length ? problems : ['not a calendar year']);
  }
  const file = deepNfc(json);
  const problems: string[] = [];
  const seen = new Map<number, string>();
  const check = (list: readonly CalendarDay[], field: 'daysOff' | 'workingDays') =>
    list.map((d, i): CalendarDay => {
      const where = `/${field}/${i}/date`;
      const date = parseLocalDate(d.date);
      if (!date) problems.push(`${where}: "${d.date}" is not a date (YYYY-MM-DD)`);
      else if (date.year !== file.year) problems.push(`${where}: ${d.date} is not in ${file.year}`);
      else {
        const key = dayNumber(date);
        if (seen.has(key)) problems.push(`${where}: ${d.date} is listed twice (also at ${seen.get(key)})`);
        seen.set(key, where);
        const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
        if (field === 'workingDays' && weekly.weekdays.includes(weekday)) {
          problems.push(`${where}: ${d.date} is a ${WEEKDAYS[weekday]}, already a working day — a make-up day (làm bù) is a day normally off`);
        }
        if (field === 'daysOff' && !weekly.weekdays.includes(weekday)) {
          problems.push(`${where}: ${d.date} is a ${WEEKDAYS[weekday]}, off anyway — list only the working days taken off`);
        }
      }
      if (d.hours && field === 'daysOff') problems.push(`/${field}/${i}/hours: a day off has no office hours`);
      // Checked as `motcua settings set office-hours` checks the week's sessions: in order, not
      // overlapping, and no more than a working day (a make-up Saturday of 00:00–23:59 is not one).
      if (d.hours) checkEightHours(checkPeriods(d.hours, `/${field}/${i}/hours`, problems), `/${field}/${i}/hours`, problems, 'at-most');
      return { date: d.date, name: tidy(d.name), basis: tidy(d.basis), ...(d.hours ? { hours: d.hours.map((h) => ({ start: h.start, end: h.end })) } : {}) };
    });
  const daysOff = check(file.daysOff, 'daysOff');
  const workingDays = check(file.workingDays, 'workingDays');
  // The days the law names cannot be missing from a notice (on a weekend they move to another day,
  // which the notice states and this check leaves alone).
  const listed = new Set(daysOff.map((d) => d.date));
  for (const m of mandatory) {
    const date = parseLocalDate(m.date)!;
    const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    if (weekly.weekdays.includes(weekday) && !listed.has(m.date)) problems.push(`/daysOff: ${m.date} (${m.name}, Bộ luật Lao động 2019 điều 112) is missing`);
  }
  if (problems.length) throw new CalendarFileError(problems);
  const byDate = (a: CalendarDay, b: CalendarDay) => a.date.localeCompare(b.date);
  return { year: file.year, status: 'official', source: tidy(file.source), daysOff: daysOff.sort(byDate), workingDays: workingDays.sort(byDate) };
}
