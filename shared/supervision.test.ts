import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGENCY_INDICES,
  DEFAULT_THRESHOLDS,
  OFFICIAL_INDICES,
  agencyGrade,
  buildFlags,
  countPoints,
  figuresOf,
  flagLevel,
  forecastStep,
  nearestRank,
  officialGrade,
  percentile,
  percentileOfCounts,
  rate,
  ratingPoints,
  remainingMinutes,
  riskOf,
  rollUp,
  rollUpSums,
  addPoints,
  mergeSums,
  tenthsOfWorkingDay,
  type IndexSums,
  stagePoints,
  workingDays,
  zeroCounts,
} from './supervision.ts';

describe('handling times kept as counts per tenth of a working day', () => {
  it('give the same p90 as every value rounded, however the values are split between days', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ min: 0, max: 20_000, noNaN: true }), { maxLength: 40 }), { minLength: 1, maxLength: 6 }), (days) => {
        const all = days.flat();
        const counts: Record<string, number> = {};
        for (const day of days) {
          // Each day counted by itself, then added up, as the kept figures are.
          const part: Record<string, number> = {};
          for (const m of day) part[tenthsOfWorkingDay(m)] = (part[tenthsOfWorkingDay(m)] ?? 0) + 1;
          for (const k in part) counts[k] = (counts[k] ?? 0) + part[k]!;
        }
        const exact = percentile(all, 90);
        expect(percentileOfCounts(counts, 90)).toBe(exact === null ? null : tenthsOfWorkingDay(exact));
        if (exact !== null) expect(workingDays(exact)).toBe(tenthsOfWorkingDay(exact) / 10);
      }),
    );
  });

  it('reads the nearest rank off the counts', () => {
    expect(percentileOfCounts({}, 90)).toBeNull();
    expect(percentileOfCounts({ 3: 9, 50: 1 }, 90)).toBe(3);
    expect(percentileOfCounts({ 3: 8, 50: 2 }, 90)).toBe(50);
    expect(percentileOfCounts({ 12: 1 }, 50)).toBe(12);
  });
});

describe('score sums', () => {
  it('roll up the same split across days as all at once', () => {
    const points = fc.record({ total_time: fc.constantFrom(0, 1, 2, null), stage_time: fc.constantFrom(0, 1, 2, null), satisfaction: fc.constantFrom(0, 1, 2, null) }) as fc.Arbitrary<Parameters<typeof addPoints>[1]>;
    fc.assert(
      fc.property(fc.array(fc.array(points, { maxLength: 20 }), { minLength: 1, maxLength: 5 }), (days) => {
        const total: IndexSums = {};
        for (const day of days) {
          const part: IndexSums = {};
          for (const d of day) addPoints(part, d);
          mergeSums(total, part);
        }
        expect(rollUpSums(total, AGENCY_INDICES, 20)).toEqual(rollUp(days.flat(), AGENCY_INDICES, 20));
      }),
    );
  });
});

describe('rates and percentiles', () => {
  it('gives no rate without a whole', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(1, 4)).toBe(0.25);
  });
  it('p90 by nearest rank: the value at ⌈0.9 n⌉, always one of the values', () => {
    expect(percentile([], 90)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    // n = 10: rank 9 (not 10: 0.9 × 10 is exactly 9).
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    // n = 11: ⌈9.9⌉ = rank 10.
    expect(percentile([11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(10);
    // Median = percentile 50, the lower middle of an even count.
    expect(percentile([4, 1, 3, 2], 50)).toBe(2);
    expect(nearestRank(3, 90)).toBe(3);
  });
  it('the SQL integer rank (9n + 9) / 10 equals ⌈0.9 n⌉ for every n (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), (n) => Math.floor((9 * n + 9) / 10) === nearestRank(n, 90)));
  });
  it('a percentile lies between the smallest and largest value, and at least p % are at or below it (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 100 }), (xs, p) => {
        const v = percentile(xs, p)!;
        return xs.includes(v) && xs.filter((x) => x <= v).length >= (p / 100) * xs.length - 1e-9;
      }),
    );
  });
  it('shows working minutes as days of 480 minutes, one decimal', () => {
    expect(workingDays(350)).toBe(0.7);
    expect(workingDays(360)).toBe(0.8); // 0.75 rounds up
    expect(workingDays(1980)).toBe(4.1);
    expect(workingDays(null)).toBeNull();
  });
  it('turns counts into figures with rates of finished and mean handling time', () => {
    const f = figuresOf({ ...zeroCounts(), finished: 3, early: 1, late: 2, handlingMinutesSum: 2690, handlingCount: 3, p90HandlingMinutes: 1980 });
    expect(f).toMatchObject({ earlyRate: 1 / 3, onTimeRate: 0, lateRate: 2 / 3, averageHandlingDays: 1.9, p90HandlingDays: 4.1 });
    expect(figuresOf(zeroCounts())).toMatchObject({ earlyRate: null, averageHandlingDays: null, p90HandlingDays: null });
  });
});

describe('flags', () => {
  it('reads both thresholds as "or more", serious winning', () => {
    const t = DEFAULT_THRESHOLDS;
    expect(flagLevel(1, 0, t)).toBeNull();
    expect(flagLevel(2, 0, t)).toBe('discipline_review');
    expect(flagLevel(0, 2, t)).toBeNull();
    expect(flagLevel(0, 3, t)).toBe('serious');
    expect(flagLevel(5, 3, t)).toBe('serious');
    expect(flagLevel(5, 2, t)).toBe('discipline_review');
  });
  it('counts late steps without a valid reason, lists apologies once beside their late step', () => {
    const late = (code: string, valid: boolean | null) => ({ code, seq: 2, stepName: 'Thẩm định', department: 'VP', officer: '7', lateMinutes: 30, valid, decisionReason: valid === false ? 'Không có lý do' : null });
    const flags = buildFlags([late('A', null), late('B', true), late('C', false)], [{ code: 'C', seq: 2, stepName: 'Thẩm định', department: 'VP', officer: '7', reason: 'Xin lỗi', lateMinutes: 30 }], DEFAULT_THRESHOLDS);
    const officer = flags.find((f) => f.kind === 'officer')!;
    expect(officer).toMatchObject({ key: '7', level: 'discipline_review', lateWithoutValidReason: 2, apologies: 1 });
    expect(officer.dossiers).toEqual([
      { code: 'A', seq: 2, stepName: 'Thẩm định', lateMinutes: 30, apologized: false, reason: null },
      { code: 'C', seq: 2, stepName: 'Thẩm định', lateMinutes: 30, apologized: true, reason: 'Xin lỗi' },
    ]);
    expect(buildFlags([late('A', null), late('B', true)], [], DEFAULT_THRESHOLDS)).toEqual([]);
  });
});

describe('Circular 01/2018 indices and grades', () => {
  it('scores 2 / 1 / 0', () => {
    expect(stagePoints(['early', 'early'])).toBe(2);
    expect(stagePoints(['early', 'on_time'])).toBe(1);
    expect(stagePoints(['early', 'late'])).toBe(0);
    expect(stagePoints([])).toBeNull();
    expect([0, 1, 2, 5].map(countPoints)).toEqual([2, 1, 0, 0]);
    expect(['very_satisfied', 'satisfied', 'neutral', 'dissatisfied', 'very_dissatisfied', null].map(ratingPoints)).toEqual([2, 2, 1, 0, 0, null]);
  });
  it('grades officials at 5 and 3.5, agencies at 15, 12, 9 and 6, each edge included in the better grade', () => {
    expect([6, 5, 4.99, 3.5, 3.49, 0].map(officialGrade)).toEqual(['full', 'full', 'partial', 'partial', 'not_met', 'not_met']);
    expect([20, 15, 14.99, 12, 11.99, 9, 8.99, 6, 5.99].map(agencyGrade)).toEqual(['excellent', 'excellent', 'good', 'good', 'fair', 'fair', 'average', 'average', 'weak']);
  });
  it('rolls up to the circular’s scale: all indices at 2 give the maximum, unobserved indices are left out', () => {
    expect(OFFICIAL_INDICES).toEqual(['stage_time', 'contacts', 'satisfaction']);
    const perfect = rollUp([{ stage_time: 2, contacts: 2, satisfaction: 2 }], OFFICIAL_INDICES, 6);
    expect(perfect.score).toBe(6);
    // Two dossiers: stage 2 and 0 (mean 1), contacts 2 and 1 (1.5), unrated: (1 + 1.5) / 2 × 3 = 3.75 → partial.
    const r = rollUp([{ stage_time: 2, contacts: 2, satisfaction: null }, { stage_time: 0, contacts: 1, satisfaction: null }], OFFICIAL_INDICES, 6);
    expect(r.indices).toEqual([{ key: 'stage_time', average: 1 }, { key: 'contacts', average: 1.5 }, { key: 'satisfaction', average: null }]);
    expect(r.score).toBe(3.75);
    expect(officialGrade(r.score!)).toBe('partial');
    expect(rollUp([], AGENCY_INDICES, 20).score).toBeNull();
  });
});

describe('early warning', () => {
  it('trusts history from five samples, else the allotted time', () => {
    expect(forecastStep([10, 20, 30, 40], 100)).toEqual({ median: 100, p90: 100, basis: 'allotted' });
    expect(forecastStep([10, 20, 30, 40, 50], 100)).toEqual({ median: 30, p90: 50, basis: 'history' });
  });
  it('credits the open step with its elapsed time, never below zero, and adds the later steps in full', () => {
    const steps = [{ median: 120, p90: 240, basis: 'history' as const }, { median: 60, p90: 90, basis: 'allotted' as const }];
    expect(remainingMinutes(30, steps)).toEqual({ median: 90 + 60, p90: 210 + 90, basis: 'allotted' });
    expect(remainingMinutes(500, steps)).toEqual({ median: 60, p90: 90, basis: 'allotted' });
  });
  it('warns when the 90th percentile misses the appointment; likely when the median does too', () => {
    expect(riskOf(-10, -1)).toBeNull();
    expect(riskOf(-10, 0)).toBeNull();
    expect(riskOf(-10, 1)).toBe('possible');
    expect(riskOf(1, 30)).toBe('likely');
  });
});
