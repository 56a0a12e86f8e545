// Due times across the real 2024–2026 calendars (data/calendar) and computed later years.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, computeDeadline } from '../../shared/deadline.ts';
import { toVnIso } from '../../shared/time.ts';
import { DEFAULT_WEEKLY_HOURS, addWorkingMinutes, isWorkingInstant, workingMinutesBetween } from '../../shared/working-time.ts';
import { testApp, vn } from '../../test/helpers.ts';
import { CALENDAR_DIR, buildCalendar, loadOfficialYears, parseCalendarFile } from './service.ts';
import { statutoryYear } from './statutory.ts';
import { type CalendarFileError, validateCalendarYear } from './validate.ts';
import fc from 'fast-check';

const calendar = buildCalendar(DEFAULT_WEEKLY_HOURS, loadOfficialYears());
const add = (from: string, hours: number) => toVnIso(addWorkingMinutes(vn(from), hours * 60, calendar));

describe('due times over the official calendars', () => {
  it.each([
    ['New Year 2024 (Mon 1 Jan)', '2023-12-29T10:00:00+07:00', 8, '2024-01-02T10:00:00+07:00'],
    ['Tết 2024 (Thu 8 – Wed 14 Feb)', '2024-02-07T10:00:00+07:00', 8, '2024-02-15T10:00:00+07:00'],
    ['Hùng Kings 2024 (Thu 18 Apr)', '2024-04-17T15:00:00+07:00', 8, '2024-04-19T15:00:00+07:00'],
    ['30/4–1/5 2024 with Mon 29 Apr swapped', '2024-04-26T09:00:00+07:00', 8, '2024-05-02T09:00:00+07:00'],
    ['make-up Saturday 4 May 2024 is worked', '2024-05-03T14:00:00+07:00', 8, '2024-05-04T14:00:00+07:00'],
    ['National Day 2024 (Mon 2 – Tue 3 Sep)', '2024-08-30T16:00:00+07:00', 4, '2024-09-04T10:00:00+07:00'],
    ['Tết 2025 (Mon 27 – Fri 31 Jan)', '2025-01-24T09:00:00+07:00', 16, '2025-02-04T09:00:00+07:00'],
    ['make-up Saturday 26 Apr 2025', '2025-04-25T13:30:00+07:00', 8, '2025-04-26T11:30:00+07:00'],
    ['30/4–2/5 2025', '2025-04-29T10:00:00+07:00', 8, '2025-05-05T10:00:00+07:00'],
    ['National Day 2025 (Mon 1 – Tue 2 Sep)', '2025-08-29T10:00:00+07:00', 8, '2025-09-03T10:00:00+07:00'],
    ['New Year 2026 with Fri 2 Jan swapped', '2025-12-31T10:00:00+07:00', 8, '2026-01-05T10:00:00+07:00'],
    ['make-up Saturday 10 Jan 2026', '2026-01-09T16:00:00+07:00', 8, '2026-01-10T16:00:00+07:00'],
    ['Tết 2026 (Mon 16 – Fri 20 Feb)', '2026-02-13T10:00:00+07:00', 8, '2026-02-23T10:00:00+07:00'],
    ['Hùng Kings 2026 taken Mon 27 Apr', '2026-04-24T10:00:00+07:00', 8, '2026-04-28T10:00:00+07:00'],
    ['30/4–1/5 2026', '2026-04-29T10:00:00+07:00', 8, '2026-05-04T10:00:00+07:00'],
    ['make-up Saturday 22 Aug 2026', '2026-08-21T10:00:00+07:00', 8, '2026-08-22T10:00:00+07:00'],
    ['National Day 2026 (Mon 31 Aug – Wed 2 Sep)', '2026-08-28T10:00:00+07:00', 8, '2026-09-03T10:00:00+07:00'],
    ['Culture Day, Tue 24 Nov 2026', '2026-11-23T09:00:00+07:00', 8, '2026-11-25T09:00:00+07:00'],
    ['13 working days across 24 Nov 2026', '2026-11-16T09:00:00+07:00', 104, '2026-12-04T09:00:00+07:00'],
    ['into computed 2027: New Year and Tết', '2026-12-31T10:00:00+07:00', 8, '2027-01-04T10:00:00+07:00'],
  ])('%s', (_name, from, hours, due) => {
    expect(add(from, hours)).toBe(due);
  });

  // Each holiday run and make-up Saturday of 2024–2026: the last working day before it, the first after.
  it.each([
    ['New Year 2024', '2023-12-29', '2024-01-02'],
    ['Tết 2024', '2024-02-07', '2024-02-15'],
    ['Hùng Kings 2024', '2024-04-17', '2024-04-19'],
    ['30/4–1/5 2024', '2024-04-26', '2024-05-02'],
    ['make-up Saturday 4 May 2024', '2024-05-03', '2024-05-04'],
    ['National Day 2024', '2024-08-30', '2024-09-04'],
    ['New Year 2025', '2024-12-31', '2025-01-02'],
    ['Tết 2025', '2025-01-24', '2025-02-03'],
    ['Hùng Kings 2025', '2025-04-04', '2025-04-08'],
    ['make-up Saturday 26 Apr 2025', '2025-04-25', '2025-04-26'],
    ['30/4–4/5 2025', '2025-04-29', '2025-05-05'],
    ['National Day 2025', '2025-08-29', '2025-09-03'],
    ['New Year 2026', '2025-12-31', '2026-01-05'],
    ['make-up Saturday 10 Jan 2026', '2026-01-09', '2026-01-10'],
    ['Tết 2026', '2026-02-13', '2026-02-23'],
    ['Hùng Kings 2026', '2026-04-24', '2026-04-28'],
    ['30/4–1/5 2026', '2026-04-29', '2026-05-04'],
    ['make-up Saturday 22 Aug 2026', '2026-08-21', '2026-08-22'],
    ['National Day 2026', '2026-08-28', '2026-09-03'],
    ['Culture Day 2026', '2026-11-23', '2026-11-25'],
  ])('%s: a same-day dossier after 15:00 and a Civil Code day both end at the next working day’s close', (_name, before, after) => {
    const sameDay = computeDeadline(vn(`${before}T15:30:00+07:00`), { minutes: 480, sameDayCutoff: 15 * 60 }, DEFAULT_POLICY, calendar);
    expect(toVnIso(sameDay.dueAt)).toBe(`${after}T17:00:00+07:00`);
    const civil = computeDeadline(vn(`${before}T10:00:00+07:00`), { minutes: 480 }, { convention: 'civil-code', cutoffForAll: null }, calendar);
    expect(toVnIso(civil.dueAt)).toBe(`${after}T17:00:00+07:00`);
    // And before 15:00 the same-day result is due that very day.
    expect(toVnIso(computeDeadline(vn(`${before}T14:00:00+07:00`), { minutes: 480, sameDayCutoff: 15 * 60 }, DEFAULT_POLICY, calendar).dueAt)).toBe(`${before}T17:00:00+07:00`);
  });

  it('marks the official years official and later years unconfirmed', () => {
    expect(calendar.year(2026)?.status).toBe('official');
    expect(calendar.year(2027)?.status).toBe('unconfirmed');
    expect(calendar.dayInfo({ year: 2026, month: 11, day: 24 })).toMatchObject({ kind: 'day-off', name: 'Ngày Văn hóa Việt Nam', basis: 'Nghị quyết 28/2026/QH16' });
    expect(calendar.dayInfo({ year: 2026, month: 1, day: 10 })).toMatchObject({ kind: 'make-up' });
  });

  it('computes the Labour Code days the 2026 notice also lists (its swaps aside)', () => {
    const computed = new Set(statutoryYear(2026).daysOff.map((d) => d.date));
    const official = loadOfficialYears().find((y) => y.year === 2026)!.daysOff.map((d) => d.date);
    const swaps = ['2026-01-02', '2026-08-31'];
    expect(official.filter((d) => !swaps.includes(d)).every((d) => computed.has(d))).toBe(true);
  });

  it('keeps the properties over holidays: a then b = a + b, between inverts add, due inside office hours', () => {
    const instants = fc.integer({ min: Date.UTC(2024, 0, 1) / 60_000, max: Date.UTC(2027, 11, 1) / 60_000 }).map((m) => new Date(m * 60_000));
    const amounts = fc.integer({ min: 1, max: 60 * 480 });
    fc.assert(fc.property(instants, amounts, amounts, (from, a, b) => {
      const ab = addWorkingMinutes(from, a + b, calendar);
      expect(addWorkingMinutes(addWorkingMinutes(from, a, calendar), b, calendar).getTime()).toBe(ab.getTime());
      expect(workingMinutesBetween(from, addWorkingMinutes(from, a, calendar), calendar)).toBe(a);
      expect(isWorkingInstant(ab, calendar) || isWorkingInstant(new Date(ab.getTime() - 60_000), calendar)).toBe(true);
    }));
  });
});

describe('validateCalendarYear (shipped files and imports)', () => {
  const year = (extra: object) => ({ year: 2027, source: 'TB test', daysOff: [], workingDays: [], ...extra });
  const problems = (json: unknown) => {
    try {
      validateCalendarYear(json, DEFAULT_WEEKLY_HOURS);
      return [];
    } catch (e) {
      return (e as CalendarFileError).problems;
    }
  };

  it('accepts a good year, sorted, with make-up hours', () => {
    const y = validateCalendarYear(
      year({ daysOff: [{ date: '2027-02-08', name: 'Tết', basis: 'TB' }, { date: '2027-02-05', name: 'Tết', basis: 'TB' }], workingDays: [{ date: '2027-02-20', name: 'Làm bù', basis: 'TB', hours: [{ start: '07:30', end: '11:30' }] }] }),
      DEFAULT_WEEKLY_HOURS,
    );
    expect(y.daysOff.map((d) => d.date)).toEqual(['2027-02-05', '2027-02-08']);
    expect(y.status).toBe('official');
    expect(y.workingDays[0]!.hours).toEqual([{ start: '07:30', end: '11:30' }]);
    // A whole working day of its own hours is one too.
    expect(problems(year({ workingDays: [{ date: '2027-02-20', name: 'Làm bù', basis: 'TB', hours: [{ start: '07:00', end: '11:00' }, { start: '13:00', end: '17:00' }] }] }))).toEqual([]);
  });

  it('reads a file only as UTF-8: another encoding is refused, naming the line and byte; a byte-order mark is fine', () => {
    const text = readFileSync(join(CALENDAR_DIR, '2026.json'), 'utf8');
    expect(parseCalendarFile(Buffer.from(`\uFEFF${text}`), DEFAULT_WEEKLY_HOURS).year).toBe(2026);
    // "Tết" typed in Windows-1252/Latin-1 ("T", 0xEA, "t"): silently "T\uFFFDt" before.
    const [head, tail] = [text.slice(0, text.indexOf('Tết')), text.slice(text.indexOf('Tết') + 3)];
    const latin = Buffer.concat([Buffer.from(`${head}T`), Buffer.from([0xea]), Buffer.from(`t${tail}`)]);
    const at = Buffer.byteLength(head) + 1;
    const line = head.split('\n').length;
    const column = at - Buffer.from(head).lastIndexOf(0x0a);
    let message = '';
    try {
      parseCalendarFile(latin, DEFAULT_WEEKLY_HOURS);
    } catch (e) {
      message = (e as CalendarFileError).problems.join('\n');
    }
    expect(message).toBe(`not UTF-8 text: byte 0xEA at line ${line}, byte ${column} (offset ${at}) is not valid UTF-8; save the file as UTF-8 (Unicode) and try again`);
    expect(line).toBeGreaterThan(1);
  });

  it.each([
    ['not an object', 'hello', /top level/],
    ['a wrong type', year({ year: '2027' }), /\/year/],
    ['an unknown field', year({ colour: 'red' }), /additional properties \(colour\)/],
    ['an impossible date', year({ daysOff: [{ date: '2027-02-29', name: 'x', basis: 'y' }] }), /not a date/],
    ['another year', year({ daysOff: [{ date: '2026-12-31', name: 'x', basis: 'y' }] }), /not in 2027/],
    ['a date twice', year({ daysOff: [{ date: '2027-01-01', name: 'x', basis: 'y' }], workingDays: [{ date: '2027-01-01', name: 'x', basis: 'y' }] }), /listed twice/],
    ['a make-up weekday', year({ workingDays: [{ date: '2027-01-05', name: 'x', basis: 'y' }] }), /Tuesday, already a working day/],
    ['a day off with hours', year({ daysOff: [{ date: '2027-01-01', name: 'x', basis: 'y', hours: [{ start: '07:00', end: '11:00' }] }] }), /a day off has no office hours/],
    ['hours out of order', year({ workingDays: [{ date: '2027-01-09', name: 'x', basis: 'y', hours: [{ start: '11:00', end: '07:00' }] }] }), /\/workingDays\/0\/hours\/0: 11:00–07:00 ends before it starts/],
    ['overlapping sessions', year({ workingDays: [{ date: '2027-01-09', name: 'x', basis: 'y', hours: [{ start: '07:00', end: '11:30' }, { start: '11:00', end: '14:00' }] }] }), /hours\/1: 11:00 starts before the previous session ends/],
    // Issue 13: a make-up Saturday of 00:00–23:59 turned a 2-working-day appointment from Friday 08:00 into Saturday 09:00.
    ['a make-up day of 00:00–23:59', year({ workingDays: [{ date: '2027-01-09', name: 'x', basis: 'y', hours: [{ start: '00:00', end: '23:59' }] }] }), /\/workingDays\/0\/hours: the sessions add up to 23:59, more than 8 working hours a day/],
    ['a make-up day of two long sessions', year({ workingDays: [{ date: '2027-01-09', name: 'x', basis: 'y', hours: [{ start: '07:00', end: '12:00' }, { start: '13:00', end: '17:30' }] }] }), /add up to 09:30, more than 8 working hours/],
    ['no basis', year({ daysOff: [{ date: '2027-01-01', name: 'x', basis: '' }] }), /basis/],
    ['an unconfirmed status', year({ status: 'unconfirmed' }), /status/],
    ['a Saturday as a day off', year({ daysOff: [{ date: '2027-02-06', name: 'Tết', basis: 'TB' }] }), /Saturday, off anyway/],
    ['a bell and a zero-width space in a name', year({ daysOff: [{ date: '2027-01-01', name: 'T\u0007ết\u200b', basis: 'TB' }] }), /\/daysOff\/0\/name: .*cannot be printed/],
  ])('refuses %s, saying where', (_name, json, message) => {
    expect(problems(json).join('\n')).toMatch(message);
  });
});

describe('calendar API', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('GET /api/calendar/due gives the due time in +07:00 and why', async () => {
    const res = await get(`/api/calendar/due?from=${encodeURIComponent('2026-02-12T09:00:00+07:00')}&days=3`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      from: '2026-02-12T09:00:00+07:00',
      due: '2026-02-24T09:00:00+07:00',
      countedFrom: '2026-02-12T09:00:00+07:00',
      rule: 'working-hours',
      workingHours: 24,
      explanation: expect.stringContaining('16/02–20/02 (Tết Nguyên đán)'),
      explanationEn: expect.stringContaining('days off not counted'),
    });
    // The same instant written in UTC gives the same answer; hours work too, half days too.
    expect((await get('/api/calendar/due?from=2026-02-12T02:00:00Z&hours=24')).json().due).toBe('2026-02-24T09:00:00+07:00');
    expect((await get(`/api/calendar/due?from=${encodeURIComponent('2026-11-23T09:00:00+07:00')}&days=0.5`)).json().due).toBe('2026-11-23T15:00:00+07:00');
  });

  it.each([
    ['no offset', 'from=2026-02-12T09:00:00&days=1', 'INVALID_TIME'],
    ['not a date', 'from=tomorrow&days=1', 'INVALID_TIME'],
    ['both days and hours', `from=${encodeURIComponent('2026-02-12T09:00:00+07:00')}&days=1&hours=8`, 'INVALID_AMOUNT'],
    ['neither', `from=${encodeURIComponent('2026-02-12T09:00:00+07:00')}`, 'INVALID_AMOUNT'],
    ['negative', `from=${encodeURIComponent('2026-02-12T09:00:00+07:00')}&days=-1`, 'INVALID_AMOUNT'],
    ['zero', `from=${encodeURIComponent('2026-02-12T09:00:00+07:00')}&hours=0`, 'INVALID_AMOUNT'],
    ['a fraction of a minute', `from=${encodeURIComponent('2026-02-12T09:00:00+07:00')}&hours=0.001`, 'INVALID_AMOUNT'],
    ['absurdly long', `from=${encodeURIComponent('2026-02-12T09:00:00+07:00')}&days=100000`, 'INVALID_AMOUNT'],
    ['missing from', 'days=1', 'INVALID_QUERY'],
    ['a procedure and days', `from=${encodeURIComponent('2026-02-12T09:00:00+07:00')}&days=1&procedure=1.001193`, 'INVALID_AMOUNT'],
    ['an unknown procedure', `from=${encodeURIComponent('2026-02-12T09:00:00+07:00')}&procedure=9.999999`, 'UNKNOWN_PROCEDURE'],
    ['a year before the calendar', `from=${encodeURIComponent('1970-01-01T10:00:00+07:00')}&days=3`, 'OUT_OF_CALENDAR'],
    ['year 0000', `from=${encodeURIComponent('0000-01-01T10:00:00+07:00')}&days=3`, 'OUT_OF_CALENDAR'],
    ['a year after it', `from=${encodeURIComponent('9999-12-31T10:00:00+07:00')}&days=1`, 'OUT_OF_CALENDAR'],
    ['a due time past its end', `from=${encodeURIComponent('2099-12-30T10:00:00+07:00')}&days=5`, 'OUT_OF_CALENDAR'],
  ])('%s → 400 %s', async (_n, query, code) => {
    const res = await get(`/api/calendar/due?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
  });

  it('keeps answering after questions outside the calendar (regression: a 1970 query broke every later one)', async () => {
    for (const from of ['1970-01-01T10:00:00+07:00', '2070-06-04T10:00:00+07:00', '1985-06-03T10:00:00+07:00']) await get(`/api/calendar/due?from=${encodeURIComponent(from)}&days=3`);
    const res = await get(`/api/calendar/due?from=${encodeURIComponent('2026-02-12T09:00:00+07:00')}&days=3`);
    expect(res.statusCode).toBe(200);
    expect(res.json().due).toBe('2026-02-24T09:00:00+07:00');
  });

  it('counts every later year with its Labour Code holidays, marked unconfirmed', async () => {
    // 1 Jan 2030 is a Tuesday: not counted.
    const res = (await get(`/api/calendar/due?from=${encodeURIComponent('2029-12-28T10:00:00+07:00')}&days=5`)).json();
    expect(res.due).toBe('2030-01-07T10:00:00+07:00');
    expect(res.explanation).toContain('01/01/2030 (Tết Dương lịch)');
    expect(res.explanation).toContain('chưa có thông báo chính thức');
    expect((await get('/api/calendar/2050')).json().status).toBe('unconfirmed');
    expect((await get('/api/calendar/2023')).statusCode).toBe(404);
  });

  it('GET /api/calendar/due?procedure= applies the procedure’s own rule (same-day, 15:00)', async () => {
    const res = (await get(`/api/calendar/due?from=${encodeURIComponent('2026-02-13T15:30:00+07:00')}&procedure=1.001193`)).json();
    expect(res).toMatchObject({ due: '2026-02-23T17:00:00+07:00', countedFrom: '2026-02-23T07:00:00+07:00', rule: 'same-day', workingHours: 8 });
    expect(res.explanation).toContain('sau 15:00, nên trả kết quả trong ngày làm việc tiếp theo');
    expect(res.explanation).toContain('16/02–20/02 (Tết Nguyên đán)');
  });

  it('GET /api/calendar/:year lists the days off and make-up days with their basis', async () => {
    const y = (await get('/api/calendar/2026')).json();
    expect(y).toMatchObject({ year: 2026, status: 'official' });
    expect(y.daysOff).toContainEqual({ date: '2026-11-24', name: 'Ngày Văn hóa Việt Nam', basis: 'Nghị quyết 28/2026/QH16' });
    expect(y.workingDays.map((d: { date: string }) => d.date)).toEqual(['2026-01-10', '2026-08-22']);
    expect((await get('/api/calendar/2027')).json().status).toBe('unconfirmed');
    expect((await get('/api/calendar/1999')).statusCode).toBe(404);
    expect((await get('/api/calendar/abc')).statusCode).toBe(400);
  });
});
