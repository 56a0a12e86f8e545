import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepNfc, maskName, nestingExceeds, nfc } from './text.ts';
import { timelinessOf } from './vocabulary.ts';
import { parseIsoInstant } from './time.ts';

describe('text', () => {
  it('normalises decomposed Vietnamese to NFC, deep inside objects', () => {
    const decomposed = 'Nguyễn'.normalize('NFD');
    expect(decomposed).not.toBe('Nguyễn');
    expect(nfc(decomposed)).toBe('Nguyễn');
    expect(deepNfc({ a: [decomposed, 1, null], b: { c: decomposed } })).toEqual({ a: ['Nguyễn', 1, null], b: { c: 'Nguyễn' } });
  });

  it('is exactly String.normalize("NFC") for any text, ASCII or not (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => nfc(s) === s.normalize('NFC')));
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => nfc(s.normalize('NFD')) === s.normalize('NFC')));
  });

  it('masks a name to initials, keeping no letter after the first of each word', () => {
    expect(maskName('Nguyễn Văn An')).toBe('N*** V*** A***');
    expect(maskName('  đặng   thị  ÁNH ')).toBe('Đ*** T*** Á***');
    expect(maskName('Lê')).toBe('L***');
  });
});

describe('timelinessOf', () => {
  const t = (iso: string) => parseIsoInstant(iso)!;
  it('is early with a minute in hand, on time up to the due instant, late after it', () => {
    const due = t('2026-11-27T17:00:00+07:00');
    expect(timelinessOf(t('2026-11-27T16:59:00+07:00'), due)).toBe('early');
    expect(timelinessOf(t('2026-11-27T16:59:30+07:00'), due)).toBe('on_time');
    expect(timelinessOf(due, due)).toBe('on_time');
    expect(timelinessOf(t('2026-11-27T17:00:01+07:00'), due)).toBe('late');
  });
  it('by the day is early only on an earlier Vietnam day, on time all through the due day, late from the next', () => {
    const due = t('2026-11-27T17:00:00+07:00');
    expect(timelinessOf(t('2026-11-26T16:59:00+07:00'), due, 'day')).toBe('early');
    expect(timelinessOf(t('2026-11-27T07:00:00+07:00'), due, 'day')).toBe('on_time');
    // The Civil Code's day ends at its end (art. 148), not at the office's closing time.
    expect(timelinessOf(t('2026-11-27T17:00:01+07:00'), due, 'day')).toBe('on_time');
    expect(timelinessOf(t('2026-11-27T23:59:59+07:00'), due, 'day')).toBe('on_time');
    expect(timelinessOf(t('2026-11-28T00:00:00+07:00'), due, 'day')).toBe('late');
    // The Vietnam day, whatever the machine's zone: 23:30 UTC on the 26th is 06:30 on the 27th in Vietnam.
    expect(timelinessOf(t('2026-11-26T23:30:00Z'), due, 'day')).toBe('on_time');
  });
});

describe('nestingExceeds', () => {
  it('counts how deeply a value nests, without recursion, however deep', () => {
    expect(nestingExceeds('a', 0)).toBe(false);
    expect(nestingExceeds({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(nestingExceeds({ a: [1, { b: 2 }] }, 2)).toBe(true);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nestingExceeds(deep, 16)).toBe(true);
  });
});
