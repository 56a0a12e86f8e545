import { describe, expect, it } from 'vitest';
import { manualClock } from '../../test/helpers.ts';
import { floodLimit } from './flood.ts';

const START = '2026-11-25T09:00:00+07:00';

describe('the kiosk flood limit', () => {
  it('allows `max` requests per key in a window from the first one, then refuses until it ends', () => {
    const clock = manualClock(START);
    const flood = floodLimit(clock, { windowMs: 60_000 });
    const first = flood.hit('a|other', 3);
    expect(first).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 60 });
    clock.set('2026-11-25T09:00:20+07:00');
    expect(flood.hit('a|other', 3).remaining).toBe(1);
    expect(flood.hit('a|other', 3)).toEqual({ allowed: true, limit: 3, remaining: 0, resetSeconds: 40 });
    // Over the limit: refused, and refusals do not move the window's end.
    expect(flood.hit('a|other', 3)).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 40 });
    clock.set('2026-11-25T09:00:59.500+07:00');
    expect(flood.hit('a|other', 3)).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 1 });
    // Another key (the same address's valid-key bucket, another address) has its own count.
    expect(flood.hit('a|key', 3).allowed).toBe(true);
    expect(flood.hit('b|other', 3).allowed).toBe(true);
    // The window ends a minute after its first request: a new one starts.
    clock.set('2026-11-25T09:01:00+07:00');
    expect(flood.hit('a|other', 3)).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 60 });
  });

  it('sweeps expired windows before forgetting live ones', () => {
    const clock = manualClock(START);
    const flood = floodLimit(clock, { windowMs: 60_000, maxKeys: 10 });
    flood.hit('early', 3);
    clock.advanceMinutes(0.5);
    for (let i = 0; i < 9; i++) flood.hit(`client-${i}`, 3);
    expect(flood.size()).toBe(10);
    // 70 s on: "early" has expired, the nine are 40 s into their windows.
    clock.set('2026-11-25T09:01:10+07:00');
    flood.hit('new', 3);
    expect(flood.size()).toBe(10);
    // The nine were kept with their counts: a fourth request in the window is still refused.
    expect([1, 2, 3].map(() => flood.hit('client-0', 3).allowed)).toEqual([true, true, false]);
  });

  it('stays bounded when a client claims address after address, forgetting the oldest windows first', () => {
    const clock = manualClock(START);
    const flood = floodLimit(clock, { windowMs: 60_000, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) {
      flood.hit(`rotating-${i}`, 3);
      expect(flood.size()).toBeLessThanOrEqual(100);
    }
    // The newest are still counted; the first were forgotten (a new window is all a forgotten client gains).
    expect(flood.hit('rotating-999', 1).allowed).toBe(false);
    expect(flood.hit('rotating-0', 1).allowed).toBe(true);
  });
});
