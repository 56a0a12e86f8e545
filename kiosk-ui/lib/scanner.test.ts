import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWedgeDetector } from './scanner.ts';

/** Feeds `text` then Enter with the given gaps (ms) and returns what was taken as a scan. */
function feed(text: string, gaps: (i: number) => number, options = {}) {
  const scans: string[] = [];
  const d = createWedgeDetector((p) => scans.push(p), options);
  let t = 1000;
  let enterSwallowed = false;
  for (const ch of [...text, 'Enter']) {
    const swallowed = d.handleKey(ch, t);
    if (ch === 'Enter') enterSwallowed = swallowed;
    t += gaps(0);
  }
  return { scans, enterSwallowed };
}

describe('keyboard-wedge scanner detection', () => {
  it('takes a 16-digit burst at ~10 ms a key, ending in Enter, as a scan', () => {
    expect(feed('1234567890123452', () => 10)).toEqual({ scans: ['1234567890123452'], enterSwallowed: true });
  });

  it('does not take a person typing at 60–250 ms a key for a scan', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{6,20}$/), fc.integer({ min: 60, max: 250 }), (digits, gap) => {
      expect(feed(digits, () => gap).scans).toEqual([]);
    }));
  });

  it('takes any scanner-speed burst of 6+ characters (gaps ≤ 45 ms, as slow scanners and hubs send)', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{6,20}$/), fc.array(fc.integer({ min: 1, max: 45 }), { minLength: 21, maxLength: 21 }), (digits, gaps) => {
      let i = 0;
      expect(feed(digits, () => gaps[i++ % gaps.length]!).scans).toEqual([digits]);
    }));
  });

  it('ignores short bursts (fewer than 6 characters)', () => {
    expect(feed('12345', () => 5).scans).toEqual([]);
  });

  it('starts over after a long pause, so typed digits are not glued to a scan', () => {
    const scans: string[] = [];
    const d = createWedgeDetector((p) => scans.push(p));
    let t = 0;
    for (const ch of '99') d.handleKey(ch, (t += 200));
    t += 500;
    for (const ch of '1234567890123452') d.handleKey(ch, (t += 8));
    d.handleKey('Enter', t + 8);
    expect(scans).toEqual(['1234567890123452']);
  });

  it('a slow gap inside a burst splits it: only the fast tail counts (and fails the key check later)', () => {
    let i = 0;
    expect(feed('1234567890123452', () => (i++ === 7 ? 150 : 10)).scans).toEqual(['90123452']);
  });
});
