/**
 * The statutory days off compute only the two lunar rules they need (Tết, the Hùng Kings' day) rather
 * than Vietnam's whole list of observances — a start-up cost (issue 13, item 3). Same dates as the
 * library's own list for Vietnam, year after year.
 */
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { mandatoryDaysOff } from './statutory.ts';

describe('the lunar days of the Labour Code', () => {
  it('are the dates date-holidays gives in its list for Vietnam, 2024–2050', () => {
    for (let year = 2024; year <= 2050; year++) {
      const listed = new Holidays('VN').getHolidays(year).filter((h) => h.type === 'public');
      const date = (rule: string) => listed.find((h) => h.rule === rule)?.date.slice(0, 10);
      const days = mandatoryDaysOff(year);
      expect(days.find((d) => d.name === 'mùng 1 Tết Nguyên đán')?.date, `${year}`).toBe(date('vietnamese 1-0-1'));
      expect(days.find((d) => d.name === 'Giỗ Tổ Hùng Vương')?.date, `${year}`).toBe(date('vietnamese 3-0-10'));
    }
  });
});
