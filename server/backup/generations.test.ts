import { describe, expect, it } from 'vitest';
import { vn } from '../../test/helpers.ts';
import { backupsToKeep } from './generations.ts';

const at = (iso: string) => ({ file: iso, takenAt: vn(iso) });

describe('backup generations', () => {
  it('keep the newest of each of the last N hours, days and months, in the centre\'s time', () => {
    const items = [
      at('2026-12-06T10:40:00+07:00'),
      at('2026-12-06T10:10:00+07:00'), // same hour as the one above: not the newest of its hour
      at('2026-12-06T09:10:00+07:00'),
      at('2026-12-06T08:10:00+07:00'),
      at('2026-12-05T23:30:00+07:00'), // 16:30 UTC on the 5th: the 5th in Vietnam
      at('2026-12-05T00:30:00+07:00'), // 17:30 UTC on the 4th, still the 5th in Vietnam
      at('2026-12-04T12:00:00+07:00'),
      at('2026-11-30T12:00:00+07:00'),
      at('2026-11-02T12:00:00+07:00'),
      at('2026-10-15T12:00:00+07:00'),
    ];
    const kept = backupsToKeep(items, { hourly: 2, daily: 3, monthly: 3 });
    expect([...kept].sort()).toEqual(
      [
        '2026-12-06T10:40:00+07:00', // hour 10 (and day 6, month 12)
        '2026-12-06T09:10:00+07:00', // hour 9
        '2026-12-05T23:30:00+07:00', // day 5
        '2026-12-04T12:00:00+07:00', // day 4
        '2026-11-30T12:00:00+07:00', // month 11
        '2026-10-15T12:00:00+07:00', // month 10
      ].sort(),
    );
  });

  it('always keep the newest, even with every count at 0', () => {
    expect([...backupsToKeep([at('2026-12-06T10:40:00+07:00'), at('2026-12-06T11:40:00+07:00')], { hourly: 0, daily: 0, monthly: 0 })]).toEqual(['2026-12-06T11:40:00+07:00']);
    expect(backupsToKeep([], { hourly: 1, daily: 1, monthly: 1 }).size).toBe(0);
  });
});
