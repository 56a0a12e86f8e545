import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../test/helpers.ts';
import { clientLabel } from './client.ts';
import { DEFAULT_THROTTLE, delayFor, wrongKeyThrottle } from './throttle.ts';

const START = '2026-11-25T09:00:00+07:00';
const A = '192.168.1.23';
const B = '203.0.113.7';

describe('delayFor', () => {
  it('nothing below the threshold, then 0.5 s doubling with each wrong lookup, capped at 8 s', () => {
    expect([0, 1, 4, 5, 6, 7, 8, 9, 10, 50, 10_000].map((n) => delayFor(n))).toEqual([0, 0, 0, 500, 1000, 2000, 4000, 8000, 8000, 8000, 8000]);
  });

  it('never decreases as wrong lookups add up, and never passes the cap (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), (n) => {
        expect(delayFor(n + 1)).toBeGreaterThanOrEqual(delayFor(n));
        expect(delayFor(n)).toBeLessThanOrEqual(DEFAULT_THROTTLE.maxDelayMs);
      }),
    );
  });
});

describe('the wrong-key slowdown', () => {
  it('slows a client from its fifth wrong lookup in the window, and no one else', () => {
    const clock = manualClock(START);
    const th = wrongKeyThrottle(clock);
    for (let i = 0; i < 4; i++) {
      expect(th.admit(A)).toEqual({ waitMs: 0, refused: false });
      th.wrong(A);
      clock.advanceMinutes(1);
    }
    // Four wrong: the next lookup is still answered at once.
    expect(th.admit(A)).toEqual({ waitMs: 0, refused: false });
    th.wrong(A);
    clock.advanceMinutes(1);
    // Five wrong: each further lookup waits, right or wrong.
    expect(th.admit(A).waitMs).toBe(500);
    clock.advanceMinutes(1);
    expect(th.admit(A).waitMs).toBe(500);
    th.wrong(A);
    clock.advanceMinutes(1);
    expect(th.admit(A).waitMs).toBe(1000);
    // Another client is not touched.
    expect(th.admit(B)).toEqual({ waitMs: 0, refused: false });
  });

  it('counts in a sliding window: a wrong lookup stops counting exactly ten minutes after it', () => {
    const clock = manualClock(START);
    const th = wrongKeyThrottle(clock);
    th.wrong(A); // 09:00
    clock.advanceMinutes(2);
    for (let i = 0; i < 4; i++) th.wrong(A); // 09:02
    expect(th.wrongCount(A)).toBe(5);
    clock.set('2026-11-25T09:09:59+07:00');
    expect(th.admit(A).waitMs).toBe(500);
    clock.set('2026-11-25T09:10:00+07:00'); // the 09:00 one has left the window
    expect(th.wrongCount(A)).toBe(4);
    expect(th.admit(A).waitMs).toBe(0);
    clock.set('2026-11-25T09:12:00+07:00');
    expect(th.wrongCount(A)).toBe(0);
    expect(th.size()).toBe(0); // forgotten
  });

  it('a right lookup takes nothing off the count: one good key between guesses does not escape', () => {
    const clock = manualClock(START);
    const th = wrongKeyThrottle(clock);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      waits.push(th.admit(A).waitMs); // a guess…
      th.wrong(A);
      clock.advanceMinutes(0.05);
      waits.push(th.admit(A).waitMs); // …then the attacker's own receipt, found (nothing to note)
      clock.advanceMinutes(0.05);
    }
    expect(th.wrongCount(A)).toBe(8);
    expect(waits.slice(-2)).toEqual([2000, 4000]); // the seventh guess, then the good key after the eighth
  });

  it('queues concurrent lookups of one client behind each other, and refuses past 30 s queued', () => {
    const clock = manualClock(START);
    const th = wrongKeyThrottle(clock);
    for (let i = 0; i < 9; i++) th.wrong(A); // at the cap: 8 s each
    // Sent at the same instant: each waits for the ones before it.
    expect([1, 2, 3].map(() => th.admit(A).waitMs)).toEqual([8000, 16000, 24000]);
    expect(th.admit(A)).toEqual({ waitMs: 0, refused: true });
    clock.advanceMinutes(0.5); // 30 s on: the queue has drained
    expect(th.admit(A).waitMs).toBe(8000);
  });

  it('reports a burst once, when it reaches the threshold, and again only after the window has emptied', () => {
    const clock = manualClock(START);
    const th = wrongKeyThrottle(clock);
    const reports = [];
    for (let i = 0; i < 12; i++) {
      const burst = th.wrong(A);
      if (burst) reports.push({ at: clock().toISOString(), ...burst, since: burst.since.toISOString() });
      clock.advanceMinutes(1);
    }
    expect(reports).toEqual([{ at: '2026-11-25T02:04:00.000Z', count: 5, windowMinutes: 10, since: '2026-11-25T02:00:00.000Z' }]);
    // Below the threshold for a while but never quiet: still the same burst.
    clock.advanceMinutes(7);
    expect(th.wrong(A)).toBeNull();
    // Quiet for a whole window: the next burst is a new one.
    clock.advanceMinutes(10);
    const again = [0, 1, 2, 3, 4].map(() => th.wrong(A));
    expect(again.filter(Boolean)).toHaveLength(1);
    expect(again[4]).toMatchObject({ count: 5 });
  });

  it('keeps memory bounded when addresses rotate', () => {
    const clock = manualClock(START);
    const th = wrongKeyThrottle(clock);
    for (let i = 0; i < 10_000; i++) th.wrong(`10.0.${i >> 8}.${i & 255}`);
    clock.advanceMinutes(11);
    th.wrong('10.9.9.9');
    expect(th.size()).toBe(1);
  });
});

describe('clientLabel', () => {
  it('keeps a LAN or loopback address (a kiosk of the centre) and says "internet" for any other', () => {
    const cases: [string | undefined, string][] = [
      ['192.168.1.23', '192.168.1.23'],
      ['10.0.0.5', '10.0.0.5'],
      ['172.16.4.2', '172.16.4.2'],
      ['172.31.255.1', '172.31.255.1'],
      ['127.0.0.1', '127.0.0.1'],
      ['::ffff:192.168.1.23', '192.168.1.23'],
      ['::1', '::1'],
      ['fd12:3456::7', 'fd12:3456::7'],
      ['172.32.0.1', 'internet'],
      ['8.8.8.8', 'internet'],
      ['113.161.0.9', 'internet'],
      ['::ffff:113.161.0.9', 'internet'],
      ['2001:ee0:4141::1', 'internet'],
      ['fe80::1a2b:3cff:fe4d:5e6f', 'internet'],
      ['not an address', 'internet'],
      [undefined, 'internet'],
    ];
    for (const [address, label] of cases) expect([address, clientLabel(address)]).toEqual([address, label]);
  });
});
