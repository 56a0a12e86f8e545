import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber } from './time.ts';
import { MAX_PERIOD_DAYS, formatDay, isoWeekOf, isoWeekday, parseDay, parsePeriod, parseRange, weekRange, weeksOverlapping } from './periods.ts';

const d = (text: string) => parseDay(text)!;
const span = (r: { from: number; to: number } | null) => r && [formatDay(r.from), formatDay(r.to)];

describe('parseDay and parseRange', () => {
  it('reads real dates and refuses impossible or malformed ones', () => {
    expect(formatDay(d('2026-02-28'))).toBe('2026-02-28');
    expect(parseDay('2026-02-29')).toBeNull();
    expect(parseDay('2024-02-29')).not.toBeNull();
    expect(parseDay('2026-13-01')).toBeNull();
    expect(parseDay('2026-1-01')).toBeNull();
    expect(parseDay('2026-01-01T00:00')).toBeNull();
    expect(parseDay('')).toBeNull();
  });
  it('refuses a reversed range and one longer than the limit, at its edge', () => {
    expect(span(parseRange('2026-04-27', '2026-05-03'))).toEqual(['2026-04-27', '2026-05-03']);
    expect(parseRange('2026-05-03', '2026-04-27')).toBeNull();
    expect(parseRange('2026-01-01', '2026-01-01')).not.toBeNull();
    // 400 days both included: 2026-01-01 + 399 = 2027-02-04.
    expect(parseRange('2026-01-01', '2027-02-04')).not.toBeNull();
    expect(parseRange('2026-01-01', '2027-02-05')).toBeNull();
    expect(MAX_PERIOD_DAYS).toBe(400);
  });
});

describe('ISO weeks', () => {
  it.each([
    ['2026-11-23', 0, '2026-W48'], // a Monday
    ['2026-11-29', 6, '2026-W48'], // its Sunday
    ['2026-01-01', 3, '2026-W01'], // Thursday: week 1 holds the year's first Thursday
    ['2026-12-31', 3, '2026-W53'], // 2026 has 53 weeks (it starts on a Thursday)
    ['2027-01-03', 6, '2026-W53'], // a Sunday in January still in last year's week
    ['2024-12-30', 0, '2025-W01'], // a Monday in December already in next year's week
  ])('%s is weekday %i of %s', (day, weekday, week) => {
    expect(isoWeekday(d(day))).toBe(weekday);
    const w = isoWeekOf(d(day));
    expect(`${w.year}-W${String(w.week).padStart(2, '0')}`).toBe(week);
  });
  it('gives Monday to Sunday for a week, and refuses a week the year does not have', () => {
    expect(span(weekRange('2026-W48'))).toEqual(['2026-11-23', '2026-11-29']);
    expect(span(weekRange('2026-W01'))).toEqual(['2025-12-29', '2026-01-04']);
    expect(span(weekRange('2026-W53'))).toEqual(['2026-12-28', '2027-01-03']);
    expect(weekRange('2025-W53')).toBeNull();
    expect(weekRange('2026-W00')).toBeNull();
    expect(weekRange('2026-W5')).toBeNull();
  });
  it('every day lies in the week its own week number names (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber({ year: 2000, month: 1, day: 1 }), max: dayNumber({ year: 2100, month: 1, day: 1 }) }), (day) => {
        const w = isoWeekOf(day);
        const r = weekRange(`${w.year}-W${String(w.week).padStart(2, '0')}`)!;
        return r.from <= day && day <= r.to && isoWeekday(r.from) === 0;
      }),
    );
  });
});

describe('parsePeriod', () => {
  it.each([
    ['2026-11', 'month', '2026-11-01', '2026-11-30'],
    ['2026-02', 'month', '2026-02-01', '2026-02-28'],
    ['2024-02', 'month', '2024-02-01', '2024-02-29'],
    ['2026-12', 'month', '2026-12-01', '2026-12-31'],
    ['2026-Q1', 'quarter', '2026-01-01', '2026-03-31'],
    ['2026-Q4', 'quarter', '2026-10-01', '2026-12-31'],
    ['2026', 'year', '2026-01-01', '2026-12-31'],
    ['2026-W48', 'week', '2026-11-23', '2026-11-29'],
  ])('%s is a %s from %s to %s', (text, kind, from, to) => {
    const p = parsePeriod(text)!;
    expect(p.kind).toBe(kind);
    expect(span(p)).toEqual([from, to]);
  });
  it.each(['2026-13', '2026-00', '2026-Q5', '2026-Q0', '26', '2026-11-01', '2026-w48', 'Q4-2026', ''])('refuses %j', (text) => {
    expect(parsePeriod(text)).toBeNull();
  });
});

describe('weeksOverlapping', () => {
  it('lists the whole weeks a range touches, the Hùng Kings and 30 April–1 May week included', () => {
    expect(weeksOverlapping({ from: d('2026-04-27'), to: d('2026-05-03') })).toEqual([{ week: '2026-W18', from: d('2026-04-27'), to: d('2026-05-03') }]);
    const nov = weeksOverlapping(parsePeriod('2026-11')!);
    expect(nov.map((w) => w.week)).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49']);
    expect(formatDay(nov[0]!.from)).toBe('2026-10-26');
    expect(formatDay(nov[5]!.to)).toBe('2026-12-06');
  });
  it('covers every day of the range once, in whole weeks (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 19_000, max: 22_000 }), fc.integer({ min: 0, max: 400 }), (from, len) => {
        const weeks = weeksOverlapping({ from, to: from + len });
        return (
          weeks[0]!.from <= from && weeks[0]!.from > from - 7 && weeks.at(-1)!.to >= from + len && weeks.at(-1)!.to < from + len + 7 &&
          weeks.every((w, i) => w.to - w.from === 6 && (i === 0 || w.from === weeks[i - 1]!.to + 1))
        );
      }),
    );
  });
});
