import { describe, expect, it } from 'vitest';
import { isoWeekOf, isoWeekRange, monthsIn, periodFromQuery, periodLabel, periodProblem, presetOf, presetPeriod, recentQuarters, scoresPeriodOf, weeksIn } from './period.ts';

describe('the dashboard period', () => {
  it('ISO weeks: Monday to Sunday, the year of their Thursday', () => {
    expect(isoWeekOf('2026-11-27')).toBe('2026-W48');
    expect(isoWeekRange('2026-W48')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    // 1 January 2027 is a Friday: it belongs to the last week of 2026.
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2026-01-01')).toBe('2026-W01');
    expect(isoWeekRange('2026-W01')).toEqual({ from: '2025-12-29', to: '2026-01-04' });
  });

  it('presets from the centre’s today, and back', () => {
    const today = '2026-11-27';
    expect(presetPeriod('week', today)).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(presetPeriod('lastWeek', today)).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(presetPeriod('month', today)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetPeriod('year', today)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(recentQuarters(today)[0]).toEqual({ label: 'Quý 4/2026', key: '2026-Q4', period: { from: '2026-10-01', to: '2026-12-31' } });
    expect(recentQuarters('2026-02-10')[1]!.key).toBe('2025-Q4');
    expect(presetOf({ from: '2026-10-01', to: '2026-12-31' }, today)).toBe('quarter');
    expect(presetOf({ from: '2026-11-16', to: '2026-11-22' }, today)).toBe('lastWeek');
    expect(presetOf({ from: '2026-11-02', to: '2026-11-05' }, today)).toBe('custom');
  });

  it('labels say which period in words', () => {
    const today = '2026-11-27';
    expect(periodLabel({ from: '2026-11-23', to: '2026-11-29' }, today)).toBe('Tuần này: tuần 48 (23/11 – 29/11/2026)');
    expect(periodLabel({ from: '2026-11-01', to: '2026-11-30' }, today)).toBe('Tháng 11/2026');
    expect(periodLabel({ from: '2026-10-01', to: '2026-12-31' }, today)).toBe('Quý 4/2026');
    expect(periodLabel({ from: '2025-12-15', to: '2026-01-10' }, today)).toBe('Từ 15/12/2025 đến 10/01/2026');
  });

  it('a range from the address is used only when the API would take it', () => {
    const today = '2026-11-27';
    expect(periodFromQuery({ from: '2026-11-02', to: '2026-11-05' }, today)).toEqual({ from: '2026-11-02', to: '2026-11-05' });
    expect(periodFromQuery({ from: '2026-11-05', to: '2026-11-02' }, today)).toEqual(presetPeriod('week', today));
    expect(periodFromQuery({ from: '2026-02-30', to: '2026-03-02' }, today)).toEqual(presetPeriod('week', today));
    expect(periodProblem('2025-01-01', '2026-03-01')).toContain('400');
    expect(periodProblem('2026-01-01', '2026-12-31')).toBeNull();
  });

  it('the reports offered for a period: its weeks, its months, its scores period', () => {
    expect(weeksIn({ from: '2026-11-01', to: '2026-11-30' })).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49']);
    expect(monthsIn({ from: '2026-11-23', to: '2027-01-03' })).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(scoresPeriodOf({ from: '2026-10-01', to: '2026-12-31' })).toBe('2026-Q4');
    expect(scoresPeriodOf({ from: '2026-01-01', to: '2026-12-31' })).toBe('2026');
    expect(scoresPeriodOf({ from: '2026-11-23', to: '2026-11-29' })).toBe('2026-11');
  });
});
