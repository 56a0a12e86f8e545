import fc from 'fast-check';
import { TET_2026_TEST_CALENDAR } from './test-calendar.ts';
import { describe, expect, it } from 'vitest';
import { officialCalendar } from './calendar.ts';
import { DEFAULT_POLICY, type DeadlinePolicy, type DueRule, type TimeLimit, afterPause, computeDeadline, isAfterCutoff, judgeDossier, judgedBy, planSteps, receiptClock } from './deadline.ts';
import { explainDeadline } from './explain.ts';
import { parseIsoInstant, toVnIso, vnParts } from './time.ts';
import { TIMELINESS_MODE_KEYS, timelinessOf } from './vocabulary.ts';
import {
  DEFAULT_WEEKLY_HOURS,
  addWorkingMinutes,
  addWorkingTime,
  classify,
  closingOf,
  dayOf,
  hhmmToMinutes,
  isWorkingInstant,
  workingTimeBetween,
} from './working-time.ts';

const t = (iso: string) => parseIsoInstant(iso)!;
// A small official calendar: Mon 16 – Fri 20 Feb 2026 off (Tết), Saturday 10 Jan 2026 worked.
const cal = TET_2026_TEST_CALENDAR;
const SAME_DAY: TimeLimit = { minutes: 480, sameDayCutoff: hhmmToMinutes('15:00') };
const days = (n: number): TimeLimit => ({ minutes: n * 480 });
const civil: DeadlinePolicy = { convention: 'civil-code', cutoffForAll: null };
const cutoffAll: DeadlinePolicy = { convention: 'working-hours', cutoffForAll: hhmmToMinutes('15:00') };
const due = (from: string, limit: TimeLimit, policy = DEFAULT_POLICY) => {
  const d = computeDeadline(t(from), limit, policy, cal);
  return { due: toVnIso(d.dueAt), countFrom: toVnIso(d.countFrom), rule: d.rule, afterCutoff: d.afterCutoff };
};

describe('addWorkingTime and workingTimeBetween', () => {
  it('take days, hours or minutes, 1 day = 8 hours, half days allowed', () => {
    const from = t('2026-11-25T09:00:00+07:00');
    const a = addWorkingTime(from, { days: 0.5 }, cal);
    expect(toVnIso(a)).toBe('2026-11-25T15:00:00+07:00');
    expect(addWorkingTime(from, { hours: 4 }, cal)).toEqual(a);
    expect(addWorkingTime(from, { minutes: 240 }, cal)).toEqual(a);
    expect(workingTimeBetween(from, addWorkingTime(from, { days: 2.5 }, cal), cal)).toEqual({ minutes: 1200, hours: 20, days: 2.5 });
  });

  it('refuse amounts that are not a whole number of minutes', () => {
    expect(() => addWorkingTime(t('2026-11-25T09:00:00+07:00'), { hours: 0.001 }, cal)).toThrow(RangeError);
    expect(() => addWorkingTime(t('2026-11-25T09:00:00+07:00'), { days: -1 }, cal)).toThrow(RangeError);
    expect(() => addWorkingTime(t('2026-11-25T09:00:00+07:00'), { minutes: Number.NaN }, cal)).toThrow(RangeError);
  });
});

describe('computeDeadline', () => {
  it.each([
    // [case, received, limit, policy, due, counted from, rule]
    ['working hours: to the minute', '2026-11-25T09:15:00+07:00', days(3), DEFAULT_POLICY, '2026-11-30T09:15:00+07:00', '2026-11-25T09:15:00+07:00', 'working-hours'],
    ['working hours: a Sunday start counts from Monday 07:00', '2026-11-29T10:00:00+07:00', days(1), DEFAULT_POLICY, '2026-11-30T17:00:00+07:00', '2026-11-30T07:00:00+07:00', 'working-hours'],
    ['same day, before 15:00: due at closing', '2026-11-25T09:00:00+07:00', SAME_DAY, DEFAULT_POLICY, '2026-11-25T17:00:00+07:00', '2026-11-25T09:00:00+07:00', 'same-day'],
    ['same day, exactly 15:00 is not after 15:00', '2026-11-25T15:00:00+07:00', SAME_DAY, DEFAULT_POLICY, '2026-11-25T17:00:00+07:00', '2026-11-25T15:00:00+07:00', 'same-day'],
    ['same day, 15:01: the next working day', '2026-11-25T15:01:00+07:00', SAME_DAY, DEFAULT_POLICY, '2026-11-26T17:00:00+07:00', '2026-11-26T07:00:00+07:00', 'same-day'],
    ['same day, Friday 16:00: Monday', '2026-11-27T16:00:00+07:00', SAME_DAY, DEFAULT_POLICY, '2026-11-30T17:00:00+07:00', '2026-11-30T07:00:00+07:00', 'same-day'],
    ['same day, in the lunch break: that afternoon', '2026-11-25T12:10:00+07:00', SAME_DAY, DEFAULT_POLICY, '2026-11-25T17:00:00+07:00', '2026-11-25T13:30:00+07:00', 'same-day'],
    ['same day, on a Saturday (online): Monday', '2026-11-28T10:00:00+07:00', SAME_DAY, DEFAULT_POLICY, '2026-11-30T17:00:00+07:00', '2026-11-30T07:00:00+07:00', 'same-day'],
    ['same day, after 15:00 the Friday before Tết: the Monday after Tết', '2026-02-13T15:30:00+07:00', SAME_DAY, DEFAULT_POLICY, '2026-02-23T17:00:00+07:00', '2026-02-23T07:00:00+07:00', 'same-day'],
    ['same day, after 15:00 on Friday 9 Jan 2026: the make-up Saturday', '2026-01-09T15:30:00+07:00', SAME_DAY, DEFAULT_POLICY, '2026-01-10T17:00:00+07:00', '2026-01-10T07:00:00+07:00', 'same-day'],
    ['cut-off for all: 16:00 counts from the next morning', '2026-11-25T16:00:00+07:00', days(3), cutoffAll, '2026-11-30T17:00:00+07:00', '2026-11-26T07:00:00+07:00', 'working-hours'],
    ['cut-off for all: 14:00 counts at once', '2026-11-25T14:00:00+07:00', days(3), cutoffAll, '2026-11-30T14:00:00+07:00', '2026-11-25T14:00:00+07:00', 'working-hours'],
    ['Civil Code: 3 days from Wednesday end Monday at closing', '2026-11-25T10:00:00+07:00', days(3), civil, '2026-11-30T17:00:00+07:00', '2026-11-26T07:00:00+07:00', 'civil-code'],
    ['Civil Code: received Friday, days Mon–Wed', '2026-11-27T08:00:00+07:00', days(3), civil, '2026-12-02T17:00:00+07:00', '2026-11-30T07:00:00+07:00', 'civil-code'],
    ['Civil Code: received Sunday, "the next day" is Monday', '2026-11-29T08:00:00+07:00', days(1), civil, '2026-11-30T17:00:00+07:00', '2026-11-30T07:00:00+07:00', 'civil-code'],
    ['Civil Code: a last day in Tết moves to the next working day', '2026-02-12T09:00:00+07:00', days(2), civil, '2026-02-23T17:00:00+07:00', '2026-02-13T07:00:00+07:00', 'civil-code'],
    ['Civil Code: half days are counted in hours', '2026-11-25T09:00:00+07:00', days(0.5), civil, '2026-11-25T15:00:00+07:00', '2026-11-25T09:00:00+07:00', 'working-hours'],
    ['Civil Code: the same-day flag still wins', '2026-11-25T09:00:00+07:00', SAME_DAY, civil, '2026-11-25T17:00:00+07:00', '2026-11-25T09:00:00+07:00', 'same-day'],
  ] as const)('%s', (_name, from, limit, policy, expectedDue, countFrom, rule) => {
    expect(due(from, limit, policy)).toMatchObject({ due: expectedDue, countFrom, rule });
  });

  it('follows seasonal hours: summer closes at 17:00, winter at 17:30', () => {
    const seasonal = officialCalendar({
      weekly: DEFAULT_WEEKLY_HOURS,
      seasons: [{ from: '10-01', to: '03-31', basis: 'test', periods: [{ start: 7 * 60 + 30, end: 11 * 60 + 30 }, { start: 13 * 60 + 30, end: 17 * 60 + 30 }] }],
      years: [],
    });
    expect(toVnIso(computeDeadline(t('2026-11-25T09:00:00+07:00'), SAME_DAY, DEFAULT_POLICY, seasonal).dueAt)).toBe('2026-11-25T17:30:00+07:00');
    expect(toVnIso(computeDeadline(t('2026-06-24T09:00:00+07:00'), SAME_DAY, DEFAULT_POLICY, seasonal).dueAt)).toBe('2026-06-24T17:00:00+07:00');
    // A Friday 17:10 start in winter is inside office hours: 1 hour → Friday 17:30 + 40 min Monday.
    expect(toVnIso(addWorkingMinutes(t('2026-11-27T17:10:00+07:00'), 60, seasonal))).toBe('2026-11-30T08:10:00+07:00');
  });
});

describe('make-up days with their own hours', () => {
  it('count only those hours (a morning-only Saturday)', () => {
    const morning = officialCalendar({
      weekly: DEFAULT_WEEKLY_HOURS,
      years: [{ year: 2026, status: 'official', source: 'test', daysOff: [], workingDays: [{ date: '2026-01-10', name: 'Làm bù', basis: 'test', hours: [{ start: '07:30', end: '11:30' }] }] }],
    });
    expect(toVnIso(computeDeadline(t('2026-01-09T15:30:00+07:00'), SAME_DAY, DEFAULT_POLICY, morning).dueAt)).toBe('2026-01-10T11:30:00+07:00');
    expect(toVnIso(addWorkingTime(t('2026-01-09T16:00:00+07:00'), { hours: 6 }, morning))).toBe('2026-01-12T08:00:00+07:00');
    expect(() => officialCalendar({ weekly: DEFAULT_WEEKLY_HOURS, years: [{ year: 2026, status: 'official', source: 't', daysOff: [{ date: '2026-01-02', name: 'x', basis: 'y', hours: [{ start: '07:00', end: '11:00' }] }], workingDays: [] }] })).toThrow(/cannot have hours/);
  });
});

describe('planSteps', () => {
  it('is the running sum of the allotted hours under plain working-hour arithmetic', () => {
    const d = computeDeadline(t('2026-11-25T09:00:00+07:00'), days(3), DEFAULT_POLICY, cal);
    expect(planSteps(d, [240, 720, 480], cal).map(toVnIso)).toEqual(['2026-11-25T15:00:00+07:00', '2026-11-27T09:00:00+07:00', '2026-11-30T09:00:00+07:00']);
  });

  it('shares a shorter window in proportion, ending exactly at the due time', () => {
    const d = computeDeadline(t('2026-11-25T13:00:00+07:00'), SAME_DAY, DEFAULT_POLICY, cal);
    // 13:30–17:00 = 210 minutes for 480 allotted: 30/480 of it is 13 minutes.
    expect(planSteps(d, [30, 330, 90, 30], cal).map(toVnIso)).toEqual([
      '2026-11-25T13:43:00+07:00',
      '2026-11-25T16:08:00+07:00',
      '2026-11-25T16:47:00+07:00',
      '2026-11-25T17:00:00+07:00',
    ]);
  });
});

describe('afterPause (waiting for a supplement)', () => {
  const received = t('2026-11-23T09:00:00+07:00'); // Monday
  const before = computeDeadline(received, days(3), DEFAULT_POLICY, cal); // Thursday 09:00
  const pause = { pausedAt: t('2026-11-24T09:00:00+07:00'), resumedAt: t('2026-11-30T10:00:00+07:00') };

  it('restart: the whole limit again from the supplement, with an explanation', () => {
    const r = afterPause(before, { ...pause, mode: 'restart' }, days(3), DEFAULT_POLICY, cal, [t('2026-11-25T09:00:00+07:00'), before.dueAt]);
    expect(toVnIso(r.deadline.dueAt)).toBe('2026-12-03T10:00:00+07:00');
    // The open step that had 8 of the 16 remaining hours keeps half the new window; the last ends with the dossier.
    expect(r.moved.map(toVnIso)).toEqual(['2026-12-01T16:00:00+07:00', '2026-12-03T10:00:00+07:00']);
    const why = explainDeadline(r.deadline, cal, r);
    expect(why.vi).toContain('Hồ sơ chờ bổ sung từ 09:00 24/11/2026 đến 10:00 30/11/2026; thời hạn tính lại từ đầu');
    expect(why.vi).toContain('3 ngày làm việc (24 giờ làm việc) tính từ 10:00 30/11/2026');
    expect(why.en).toContain('starts again');
  });

  it('restart applies the cut-off to the supplement’s arrival', () => {
    const r = afterPause(before, { ...pause, resumedAt: t('2026-11-30T16:00:00+07:00'), mode: 'restart' }, SAME_DAY, DEFAULT_POLICY, cal);
    expect(toVnIso(r.deadline.dueAt)).toBe('2026-12-01T17:00:00+07:00');
  });

  it('resume: the time left when the clock stopped, counted on', () => {
    const r = afterPause(before, { ...pause, mode: 'resume' }, days(3), DEFAULT_POLICY, cal, [t('2026-11-23T15:00:00+07:00'), t('2026-11-25T09:00:00+07:00')]);
    expect(r.remainingMinutes).toBe(16 * 60);
    expect(toVnIso(r.deadline.dueAt)).toBe('2026-12-02T10:00:00+07:00');
    // A step due before the pause stays missed where it was; a later one moves by the same working time.
    expect(r.moved.map(toVnIso)).toEqual(['2026-11-23T15:00:00+07:00', '2026-12-01T10:00:00+07:00']);
    expect(explainDeadline(r.deadline, cal, r).vi).toContain('khi dừng còn lại 16 giờ làm việc, tính tiếp từ 10:00 30/11/2026');
  });

  it('refuses a pause that ends before it starts', () => {
    expect(() => afterPause(before, { pausedAt: pause.resumedAt, resumedAt: pause.pausedAt, mode: 'resume' }, days(3), DEFAULT_POLICY, cal)).toThrow(RangeError);
  });
});

describe('classify', () => {
  it('judges Civil Code deadlines by the day, others to the minute', () => {
    const d = computeDeadline(t('2026-11-25T10:00:00+07:00'), days(3), civil, cal); // Monday 17:00
    expect(classify(t('2026-11-30T08:00:00+07:00'), d.dueAt, cal, judgedBy(d.rule, 'minute')).timeliness).toBe('on_time');
    expect(classify(t('2026-11-27T16:00:00+07:00'), d.dueAt, cal, judgedBy(d.rule, 'minute')).timeliness).toBe('early');
    expect(classify(t('2026-12-01T08:00:00+07:00'), d.dueAt, cal, judgedBy(d.rule, 'minute'))).toEqual({ timeliness: 'late', lateByWorkingMinutes: 60 });
    expect(classify(t('2026-11-30T08:00:00+07:00'), d.dueAt, cal).timeliness).toBe('early');
  });
});

describe('judgeDossier: a result against the appointment first printed, by the day or to the minute', () => {
  // Appointment Wed 2 Dec 2026 09:00 (office hours 07:00–11:30, 13:30–17:00).
  const due = t('2026-12-02T09:00:00+07:00');
  const judge = (done: string, mode: 'day' | 'minute', rule: DueRule = 'working-hours') => judgeDossier(t(done), due, rule, mode, cal);

  it('is on time by the day and late by the minute when ready at 16:00 on the appointment day', () => {
    expect(judge('2026-12-02T16:00:00+07:00', 'day')).toEqual({ timeliness: 'on_time', lateMinutes: 0 });
    // 09:00–11:30 and 13:30–16:00: 150 + 150 working minutes past the appointment.
    expect(judge('2026-12-02T16:00:00+07:00', 'minute')).toEqual({ timeliness: 'late', lateMinutes: 300 });
  });

  it('is early either way when ready the day before; early only to the minute when ready that morning', () => {
    expect(judge('2026-12-01T16:00:00+07:00', 'day')).toEqual({ timeliness: 'early', lateMinutes: 0 });
    expect(judge('2026-12-01T16:00:00+07:00', 'minute')).toEqual({ timeliness: 'early', lateMinutes: 0 });
    expect(judge('2026-12-02T08:00:00+07:00', 'day')).toEqual({ timeliness: 'on_time', lateMinutes: 0 });
    expect(judge('2026-12-02T08:00:00+07:00', 'minute')).toEqual({ timeliness: 'early', lateMinutes: 0 });
  });

  it('is late by the day the next working day, by its working minutes from the appointment', () => {
    // Wed 09:00–11:30 (150) + 13:30–17:00 (210) + Thu 07:00–10:00 (180) = 540.
    expect(judge('2026-12-03T10:00:00+07:00', 'day')).toEqual({ timeliness: 'late', lateMinutes: 540 });
    expect(judge('2026-12-03T10:00:00+07:00', 'minute')).toEqual({ timeliness: 'late', lateMinutes: 540 });
  });

  it('judges Civil Code limits by the day whatever the setting', () => {
    expect(judgedBy('civil-code', 'minute')).toBe('day');
    expect(judgedBy('working-hours', 'minute')).toBe('minute');
    expect(judgedBy('same-day', 'day')).toBe('day');
    expect(judge('2026-12-02T16:00:00+07:00', 'minute', 'civil-code')).toEqual({ timeliness: 'on_time', lateMinutes: 0 });
  });

  const instants = fc.integer({ min: Date.UTC(2026, 0, 1) / 60_000, max: Date.UTC(2026, 11, 31) / 60_000 }).map((m) => new Date(m * 60_000));
  const rules = fc.constantFrom<DueRule>('working-hours', 'civil-code', 'same-day');
  const dayKey = (d: Date) => {
    const p = vnParts(d);
    return `${p.year}-${p.month}-${p.day}`;
  };

  it('by the day never judges worse than to the minute, and depends on the two Vietnam days alone', () => {
    // Whole minutes: a result on an earlier day is at least a minute before the appointment.
    fc.assert(
      fc.property(instants, instants, rules, (done, dueAt, rule) => {
        const byDay = judgeDossier(done, dueAt, rule, 'day', cal);
        const byMinute = judgeDossier(done, dueAt, rule, 'minute', cal);
        if (byDay.timeliness === 'late') expect(byMinute.timeliness).toBe('late');
        if (byDay.timeliness === 'early') expect(byMinute.timeliness).toBe('early');
        const expected = dayKey(done) === dayKey(dueAt) ? 'on_time' : done.getTime() < dueAt.getTime() ? 'early' : 'late';
        expect(byDay.timeliness).toBe(expected);
      }),
    );
  });

  it('counts lateness only when late, the same amount whichever way it was judged, growing with the delay', () => {
    fc.assert(
      fc.property(instants, instants, rules, fc.constantFrom(...TIMELINESS_MODE_KEYS), fc.integer({ min: 1, max: 3 * 24 * 60 }), (done, dueAt, rule, mode, more) => {
        const j = judgeDossier(done, dueAt, rule, mode, cal);
        expect(j.timeliness).toBe(timelinessOf(done, dueAt, judgedBy(rule, mode)));
        if (j.timeliness !== 'late') expect(j.lateMinutes).toBe(0);
        const other = judgeDossier(done, dueAt, rule, mode === 'day' ? 'minute' : 'day', cal);
        if (j.timeliness === 'late' && other.timeliness === 'late') expect(j.lateMinutes).toBe(other.lateMinutes);
        // Later is never less late.
        const later = judgeDossier(new Date(done.getTime() + more * 60_000), dueAt, rule, mode, cal);
        if (j.timeliness === 'late') expect(later).toMatchObject({ timeliness: 'late' });
        expect(later.lateMinutes).toBeGreaterThanOrEqual(j.lateMinutes);
      }),
    );
  });
});

describe('explainDeadline', () => {
  const why = (from: string, limit: TimeLimit, policy = DEFAULT_POLICY) => explainDeadline(computeDeadline(t(from), limit, policy, cal), cal);

  it('names the rule and the days skipped, in both languages', () => {
    expect(why('2026-02-13T15:30:00+07:00', SAME_DAY)).toEqual({
      vi: 'Thủ tục giải quyết trong ngày; hồ sơ nhận lúc 15:30 13/02/2026, sau 15:00, nên trả kết quả trong ngày làm việc tiếp theo (23/02/2026), chậm nhất 17:00 23/02/2026; không tính thứ Bảy, Chủ nhật và ngoài giờ hành chính; không tính ngày nghỉ: 16/02–20/02 (Tết Nguyên đán).',
      en: 'Same-day procedure; received at 15:30 13/02/2026, after 15:00, so the result is due the next working day (23/02/2026), by 17:00 23/02/2026; Saturdays, Sundays and out-of-office hours not counted; days off not counted: 16/02–20/02 (Tết Nguyên đán).',
    });
    expect(why('2026-11-25T10:00:00+07:00', days(3), civil).vi).toMatch(/^3 ngày làm việc theo cách tính của Bộ luật Dân sự 2015 \(điều 147–148\): bắt đầu từ ngày làm việc tiếp theo ngày nhận \(26\/11\/2026\)/);
    expect(why('2026-11-25T16:00:00+07:00', days(3), cutoffAll).vi).toMatch(/^Hồ sơ nhận lúc 16:00 25\/11\/2026, sau 15:00, nên tính từ đầu ngày làm việc tiếp theo; 3 ngày làm việc \(24 giờ làm việc\) tính từ 07:00 26\/11\/2026/);
    expect(why('2026-01-09T10:00:00+07:00', days(1)).vi).toContain('có tính ngày làm bù: 10/01');
    // At the edges of the cut-off the wording stays true: 15:00 is not after 15:00, 15:00:30 is.
    expect(why('2026-11-25T15:00:00+07:00', SAME_DAY).vi).toContain('hồ sơ nhận lúc 15:00 25/11/2026, chưa quá 15:00, nên trả kết quả trong ngày');
    expect(why('2026-11-25T15:00:30+07:00', SAME_DAY).vi).toContain('hồ sơ nhận lúc 15:00:30 25/11/2026, sau 15:00,');
    // After closing on a working day is after office hours; a Sunday is a day off.
    expect(why('2026-11-27T17:30:00+07:00', SAME_DAY).vi).toContain('hồ sơ nhận ngoài giờ làm việc (17:30 27/11/2026)');
    expect(why('2026-11-29T10:00:00+07:00', SAME_DAY).en).toContain('received on a day off (10:00 29/11/2026)');
    expect(why('2026-11-25T09:00:00+07:00', { minutes: 60 }).en).toMatch(/^1 working hour from/);
    expect(why('2026-11-25T09:00:00+07:00', { minutes: 90 }).vi).toMatch(/^1,5 giờ làm việc tính từ 09:00 25\/11\/2026/);
    expect(why('2026-11-25T09:00:00+07:00', { minutes: 240 }).vi).toMatch(/^0,5 ngày làm việc \(4 giờ làm việc\)/);
  });
});

// Whole minutes over 2026 (the calendar above), limits up to 20 days, each rule.
const instants = fc.integer({ min: Date.UTC(2025, 11, 31) / 60_000, max: Date.UTC(2026, 11, 1) / 60_000 }).map((m) => new Date(m * 60_000));
const limits = fc.oneof(fc.constant(SAME_DAY), fc.integer({ min: 1, max: 20 * 480 }).map((minutes) => ({ minutes })), fc.integer({ min: 1, max: 20 }).map(days));
const policies = fc.constantFrom(DEFAULT_POLICY, civil, cutoffAll);

describe('deadline properties', () => {
  it('a due time is after the receipt, inside office hours or at a closing time', () => {
    fc.assert(fc.property(instants, limits, policies, (at, limit, policy) => {
      const d = computeDeadline(at, limit, policy, cal);
      expect(d.dueAt.getTime()).toBeGreaterThan(at.getTime());
      expect(isWorkingInstant(d.dueAt, cal) || isWorkingInstant(new Date(d.dueAt.getTime() - 60_000), cal)).toBe(true);
      if (d.rule !== 'working-hours') expect(d.dueAt).toEqual(closingOf(dayOf(d.dueAt), cal));
    }));
  });

  it('a later receipt never gives an earlier due time, under every rule', () => {
    fc.assert(fc.property(instants, instants, limits, policies, (x, y, limit, policy) => {
      const [early, late] = x <= y ? [x, y] : [y, x];
      expect(computeDeadline(early, limit, policy, cal).dueAt.getTime()).toBeLessThanOrEqual(computeDeadline(late, limit, policy, cal).dueAt.getTime());
    }));
  });

  it('a pause of no time at all changes nothing when the clock resumes', () => {
    fc.assert(fc.property(instants, fc.integer({ min: 1, max: 20 * 480 }), fc.integer({ min: 0, max: 20 * 480 }), (at, minutes, into) => {
      const before = computeDeadline(at, { minutes }, DEFAULT_POLICY, cal);
      const pausedAt = addWorkingMinutes(before.countFrom, Math.min(into, minutes - 1), cal);
      const r = afterPause(before, { pausedAt, resumedAt: pausedAt, mode: 'resume' }, { minutes }, DEFAULT_POLICY, cal);
      expect(r.deadline.dueAt.getTime()).toBe(before.dueAt.getTime());
    }));
  });
});

describe('the afternoon cut-off, to the second', () => {
  // Wednesday 25/11/2026, a same-day procedure and the centre-wide cut-off: one rule for both.
  const at = (hms: string, ms = 0) => new Date(t(`2026-11-25T${hms}+07:00`).getTime() + ms);
  it.each([
    ['14:59:59.999', at('14:59:59', 999), false, '14:59:59'],
    ['15:00:00.000', at('15:00:00'), false, '15:00'],
    ['15:00:00.5', at('15:00:00', 500), false, '15:00'],
    ['15:00:00.999', at('15:00:00', 999), false, '15:00'],
    ['15:00:01', at('15:00:01'), true, '15:00:01'],
    ['15:00:01.5', at('15:00:01', 500), true, '15:00:01'],
  ])('received at %s: after the cut-off or not as the explanation says it', (_name, when, after, shown) => {
    expect(isAfterCutoff(when, hhmmToMinutes('15:00'))).toBe(after);
    for (const [limit, policy] of [[SAME_DAY, DEFAULT_POLICY], [days(3), cutoffAll]] as const) {
      const d = computeDeadline(when, limit, policy, cal);
      expect(d.afterCutoff).toBe(after);
      const why = explainDeadline(d, cal);
      // Counted at once under the centre-wide cut-off: the explanation then names no cut-off at all.
      if (after || limit === SAME_DAY) expect(why.vi).toContain(after ? `nhận lúc ${shown} 25/11/2026, sau 15:00` : `nhận lúc ${shown} 25/11/2026, chưa quá 15:00`);
      else expect(why.vi).not.toContain('15:00:');
      if (!after && limit === SAME_DAY) expect(toVnIso(d.dueAt)).toBe('2026-11-25T17:00:00+07:00');
      if (after) expect(dayOf(d.countFrom)).toBe(dayOf(t('2026-11-26T07:00:00+07:00')));
    }
  });

  it('any instant: after the cut-off exactly when its whole second is past 15:00:00, and the explanation agrees', () => {
    const cutoff = hhmmToMinutes('15:00');
    const base = t('2026-11-25T14:59:00+07:00').getTime();
    fc.assert(fc.property(fc.integer({ min: 0, max: 180_000 }), (ms) => {
      const when = new Date(base + ms);
      const after = isAfterCutoff(when, cutoff);
      expect(after).toBe(Math.floor((base + ms) / 1000) > Math.floor(t('2026-11-25T15:00:00+07:00').getTime() / 1000));
      const d = computeDeadline(when, SAME_DAY, DEFAULT_POLICY, cal);
      expect(d.afterCutoff).toBe(after);
      const c = receiptClock(when);
      const printed = `${String(c.hour).padStart(2, '0')}:${String(c.minute).padStart(2, '0')}${c.second ? `:${String(c.second).padStart(2, '0')}` : ''}`;
      expect(explainDeadline(d, cal).en).toContain(after ? `received at ${printed} 25/11/2026, after 15:00` : `received at ${printed} 25/11/2026, not after 15:00`);
      // What the explanation prints is never past the cut-off while the rule says "not after", nor the reverse.
      expect(printed > '15:00').toBe(after);
    }));
  });
});
