import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLookupKey, dammCheckDigit, formatLookupKey, makeLookupKey, stripLookupInput } from './lookup-key.ts';

describe('lookup key', () => {
  it('uses the Damm check digit (published test vector 572 → 4)', () => {
    expect(dammCheckDigit('572')).toBe('4');
    expect(checkLookupKey('5724')).toBe('wrong-length');
  });

  it('is 16 digits and validates its own check digit', () => {
    const key = makeLookupKey('123456789012345');
    expect(key).toMatch(/^\d{16}$/);
    expect(checkLookupKey(key)).toBe('valid');
  });

  it('ignores the spaces and dashes people and scanners add', () => {
    const key = makeLookupKey('000000000000001');
    expect(checkLookupKey(formatLookupKey(key))).toBe('valid');
    expect(checkLookupKey(key.replace(/(\d{4})/g, '$1-'))).toBe('valid');
    expect(stripLookupInput(' 1234 5678-9012 ')).toBe('123456789012');
  });

  it('prints in groups of four', () => {
    expect(formatLookupKey('1234567890123456')).toBe('1234 5678 9012 3456');
  });

  it('tells a wrong length and non-digits apart from a bad check digit', () => {
    expect(checkLookupKey('123')).toBe('wrong-length');
    expect(checkLookupKey('abcd')).toBe('not-digits');
    expect(checkLookupKey('')).toBe('not-digits');
  });

  it('catches every single-digit error', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{15}$/), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 9 }), (digits, pos, delta) => {
      const key = makeLookupKey(digits);
      const wrong = key.slice(0, pos) + String((Number(key[pos]) + delta) % 10) + key.slice(pos + 1);
      expect(checkLookupKey(wrong)).toBe('bad-check-digit');
    }));
  });

  it('catches every swap of two different adjacent digits', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{15}$/), fc.integer({ min: 0, max: 14 }), (digits, pos) => {
      const key = makeLookupKey(digits);
      fc.pre(key[pos] !== key[pos + 1]);
      const swapped = key.slice(0, pos) + key[pos + 1] + key[pos] + key.slice(pos + 2);
      expect(checkLookupKey(swapped)).toBe('bad-check-digit');
    }));
  });

  it('refuses anything but 15 digits to build from', () => {
    expect(() => makeLookupKey('12345')).toThrow(RangeError);
  });
});
