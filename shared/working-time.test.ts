import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateOfDayNumber, dayNumber, parseIsoInstant, toVnIso, vnInstant, vnParts } from './time.ts';
import { addWorkingMinutes, isWorkingInstant, classify, weeklyCalendar, workingDaysLabel, workingMinutesBetween } from './working-time.ts';

const cal = weeklyCalendar();
const t = (iso: string) => parseIsoInstant(iso)!;
const add = (iso: string, hours: number) => toVnIso(addWorkingMinutes(t(iso), hours * 60, cal));

describe('addWorkingMinutes with the default office hours (Mon–Fri 07:00–11:30, 13:30–17:00)', () => {
  it.each([
    ['a morning start stays in the day', '2026-11-25T09:00:00+07:00', 2, '2026-11-25T11:00:00+07:00'],
    ['the lunch break is skipped', '2026-11-25T10:30:00+07:00', 2, '2026-11-25T14:30:00+07:00'],
    ['one working day from mid-morning ends mid-morning next day', '2026-11-25T09:15:00+07:00', 8, '2026-11-26T09:15:00+07:00'],
    ['Friday afternoon rolls over the weekend', '2026-11-27T16:00:00+07:00', 8, '2026-11-30T16:00:00+07:00'],
    ['a Saturday start counts from Monday opening', '2026-11-28T10:00:00+07:00', 4, '2026-11-30T11:00:00+07:00'],
    ['a start before opening counts from 07:00', '2026-11-25T06:00:00+07:00', 1, '2026-11-25T08:00:00+07:00'],
    ['a start in the lunch break counts from 13:30', '2026-11-25T12:00:00+07:00', 0.5, '2026-11-25T14:00:00+07:00'],
    ['ending exactly at closing is due at closing, not next morning', '2026-11-25T13:30:00+07:00', 3.5, '2026-11-25T17:00:00+07:00'],
    ['ending exactly at the morning close is due at 11:30', '2026-11-25T07:00:00+07:00', 4.5, '2026-11-25T11:30:00+07:00'],
    ['13 working days (104 h)', '2026-11-25T09:00:00+07:00', 104, '2026-12-14T09:00:00+07:00'],
  ])('%s', (_name, from, hours, due) => {
    expect(add(from, hours)).toBe(due);
  });

  it('adding zero returns the start unchanged', () => {
    expect(add('2026-11-28T10:00:00+07:00', 0)).toBe('2026-11-28T10:00:00+07:00');
  });

  it('refuses a negative amount', () => {
    expect(() => addWorkingMinutes(t('2026-11-25T09:00:00+07:00'), -1, cal)).toThrow(RangeError);
  });
});

describe('workingMinutesBetween', () => {
  it('counts only office time', () => {
    expect(workingMinutesBetween(t('2026-11-27T16:00:00+07:00'), t('2026-11-30T08:00:00+07:00'), cal)).toBe(120);
    expect(workingMinutesBetween(t('2026-11-30T08:00:00+07:00'), t('2026-11-27T16:00:00+07:00'), cal)).toBe(-120);
  });
});

// Instants on whole minutes between 2024 and 2027, and amounts up to 30 working days.
const instants = fc.integer({ min: Date.UTC(2024, 0, 1) / 60_000, max: Date.UTC(2027, 0, 1) / 60_000 }).map((m) => new Date(m * 60_000));
const amounts = fc.integer({ min: 1, max: 30 * 480 });

describe('working-time properties', () => {
  it('adding a then b equals adding a + b', () => {
    fc.assert(fc.property(instants, amounts, amounts, (from, a, b) => {
      expect(addWorkingMinutes(addWorkingMinutes(from, a, cal), b, cal).getTime()).toBe(addWorkingMinutes(from, a + b, cal).getTime());
    }));
  });

  it('workingMinutesBetween inverts addWorkingMinutes', () => {
    fc.assert(fc.property(instants, amounts, (from, a) => {
      expect(workingMinutesBetween(from, addWorkingMinutes(from, a, cal), cal)).toBe(a);
    }));
  });

  it('a due time is never outside office hours (it may be a session’s closing minute)', () => {
    fc.assert(fc.property(instants, amounts, (from, a) => {
      const due = addWorkingMinutes(from, a, cal);
      expect(isWorkingInstant(due, cal) || isWorkingInstant(new Date(due.getTime() - 60_000), cal)).toBe(true);
    }));
  });

  it('a later start never gives an earlier due time', () => {
    fc.assert(fc.property(instants, instants, amounts, (x, y, a) => {
      const [early, late] = x <= y ? [x, y] : [y, x];
      expect(addWorkingMinutes(early, a, cal).getTime()).toBeLessThanOrEqual(addWorkingMinutes(late, a, cal).getTime());
    }));
  });
});

describe('workingDaysLabel', () => {
  it('prints hours as working days the way forms do', () => {
    expect(workingDaysLabel(480, 'vi')).toBe('1 ngày làm việc');
    expect(workingDaysLabel(240, 'vi')).toBe('0,5 ngày làm việc');
    expect(workingDaysLabel(104 * 60, 'en')).toBe('13 working days');
  });
});

describe('the indexed engine agrees with a day-by-day walk', () => {
  // The obvious implementation, kept here as the reference the fast one must match.
  function walk(from: Date, minutes: number, calendar: typeof cal): Date {
    if (minutes === 0) return from;
    let remaining = minutes * 60_000;
    const p0 = vnParts(from);
    let day = dayNumber(p0);
    let cursor = from.getTime() - vnInstant(p0).getTime();
    for (;; day++, cursor = 0) {
      const date = dateOfDayNumber(day);
      for (const p of calendar.periodsOn(date)) {
        const start = Math.max(p.start * 60_000, cursor);
        const end = p.end * 60_000;
        if (start >= end) continue;
        if (remaining <= end - start) return new Date(vnInstant(date).getTime() + start + remaining);
        remaining -= end - start;
      }
    }
  }
  // A calendar with irregular days off, to exercise runs of empty days.
  const holey = { periodsOn: (d: { year: number; month: number; day: number }) => ((d.day * 7 + d.month) % 5 === 0 ? [] : cal.periodsOn(d)) };

  it('for any start and amount', () => {
    fc.assert(fc.property(instants, fc.integer({ min: 0, max: 300 * 480 }), (from, a) => {
      expect(addWorkingMinutes(from, a, holey).getTime()).toBe(walk(from, a, holey).getTime());
      expect(addWorkingMinutes(from, a, cal).getTime()).toBe(walk(from, a, cal).getTime());
    }));
  });
});

describe('classify', () => {
  it('gives the lateness in working time, not clock time', () => {
    // Due Friday 16:00, done Monday 08:00: 64 clock hours, 2 working hours.
    expect(classify(t('2026-11-30T08:00:00+07:00'), t('2026-11-27T16:00:00+07:00'), cal)).toEqual({ timeliness: 'late', lateByWorkingMinutes: 120 });
    expect(classify(t('2026-11-27T15:00:00+07:00'), t('2026-11-27T16:00:00+07:00'), cal)).toEqual({ timeliness: 'early', lateByWorkingMinutes: -60 });
    expect(classify(t('2026-11-27T16:00:00+07:00'), t('2026-11-27T16:00:00+07:00'), cal)).toEqual({ timeliness: 'on_time', lateByWorkingMinutes: 0 });
  });
});

describe('the day index, whatever order the questions come in', () => {
  it('gives the same answers after a question decades away (regression: one 1970 query broke every later one)', () => {
    const shared = weeklyCalendar();
    const fresh = () => weeklyCalendar();
    const at = t('2026-11-25T09:00:00+07:00');
    addWorkingMinutes(t('1970-01-01T10:00:00+07:00'), 3 * 480, shared);
    expect(addWorkingMinutes(at, 3 * 480, shared)).toEqual(addWorkingMinutes(at, 3 * 480, fresh()));
    addWorkingMinutes(t('2060-06-01T10:00:00+07:00'), 480, shared);
    expect(addWorkingMinutes(at, 3 * 480, shared)).toEqual(addWorkingMinutes(at, 3 * 480, fresh()));
  });

  it('counts between two instants correctly when the earlier one is before everything indexed so far', () => {
    fc.assert(fc.property(instants, instants, (x, y) => {
      const shared = weeklyCalendar();
      addWorkingMinutes(y, 480, shared); // the index now starts a month before y
      expect(workingMinutesBetween(x, y, shared)).toBe(workingMinutesBetween(x, y, weeklyCalendar()));
      expect(workingMinutesBetween(y, x, shared)).toBe(workingMinutesBetween(y, x, weeklyCalendar()));
    }), { numRuns: 50 });
  });
});
