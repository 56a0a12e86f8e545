import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatVnFormal, parseIsoInstant, toVnDate, toVnIso, vnInstant, vnParts } from './time.ts';

describe('Vietnam time', () => {
  it('formats an instant in +07:00 whatever the machine zone', () => {
    expect(toVnIso(new Date('2026-11-27T17:30:00Z'))).toBe('2026-11-28T00:30:00+07:00');
    expect(toVnDate(new Date('2026-11-27T16:59:59Z'))).toBe('2026-11-27');
    expect(toVnDate(new Date('2026-11-27T17:00:00Z'))).toBe('2026-11-28');
  });

  it('refuses offsets no place has (+25:00, +07:60, -15:00) rather than moving the date', () => {
    for (const t of ['2026-12-15T10:00:00+25:00', '2026-12-15T10:00:00+07:60', '2026-12-15T10:00:00-15:00', '2026-12-15T10:00:00+14:30']) expect(parseIsoInstant(t), t).toBeNull();
    expect(parseIsoInstant('2026-12-15T10:00:00+14:00')?.toISOString()).toBe('2026-12-14T20:00:00.000Z');
    expect(parseIsoInstant('2026-12-15T10:00:00-12:00')?.toISOString()).toBe('2026-12-15T22:00:00.000Z');
  });

  it('parses ISO 8601 with an offset and refuses one without', () => {
    expect(parseIsoInstant('2026-11-27T09:15:00+07:00')?.toISOString()).toBe('2026-11-27T02:15:00.000Z');
    expect(parseIsoInstant('2026-11-27T02:15:00Z')?.toISOString()).toBe('2026-11-27T02:15:00.000Z');
    expect(parseIsoInstant('2026-11-27T02:15:00.5-05:00')?.toISOString()).toBe('2026-11-27T07:15:00.500Z');
    expect(parseIsoInstant('2026-11-27T09:15:00')).toBeNull();
    expect(parseIsoInstant('2026-02-31T09:15:00+07:00')).toBeNull();
    expect(parseIsoInstant('yesterday')).toBeNull();
  });

  it('writes the form wording of Mẫu 01', () => {
    expect(formatVnFormal(parseIsoInstant('2026-11-30T08:05:00+07:00')!)).toBe('08 giờ 05 phút, ngày 30 tháng 11 năm 2026');
  });

  it('round-trips every instant through toVnIso and parseIsoInstant (to the second)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }), (seconds) => {
        const d = new Date(seconds * 1000);
        expect(parseIsoInstant(toVnIso(d))?.getTime()).toBe(d.getTime());
      }),
    );
  });

  it('maps a local wall-clock time to its instant and back', () => {
    const p = vnParts(vnInstant({ year: 2026, month: 2, day: 14 }, 13 * 60 + 30));
    expect([p.year, p.month, p.day, p.hour, p.minute, p.weekday]).toEqual([2026, 2, 14, 13, 30, 6]);
  });
});

describe('parseIsoInstant and toVnIso at the edges', () => {
  it('keeps years before 100 as written, and writes years with four digits', () => {
    const d = parseIsoInstant('0099-03-01T10:00:00+07:00')!;
    expect(d.getUTCFullYear()).toBe(99);
    expect(toVnIso(d)).toBe('0099-03-01T10:00:00+07:00');
    expect(parseIsoInstant('2026-02-29T10:00:00+07:00')).toBeNull();
    expect(parseIsoInstant('2024-02-29T10:00:00+07:00')).not.toBeNull();
  });
});
