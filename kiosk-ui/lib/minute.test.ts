import { describe, expect, it } from 'vitest';
import { AFTER_MINUTE_MS, msUntilNextMinute, sameMinute, serverSkewMs } from './minute.ts';

const at = (iso: string) => new Date(iso).getTime();

describe('msUntilNextMinute', () => {
  it('waits until just after the next minute starts', () => {
    const now = at('2026-11-27T09:15:20+07:00');
    expect(msUntilNextMinute(now, now)).toBe(40_000 + AFTER_MINUTE_MS);
  });

  it('counts from the minute of the answer, not of the moment it arrived', () => {
    // Computed at 09:15:59, arrived at 09:16:00.2: the 09:16 answer is due in 0.1 s, not in a minute.
    expect(msUntilNextMinute(at('2026-11-27T09:15:59+07:00'), at('2026-11-27T09:16:00.2+07:00'))).toBe(100);
  });

  it('asks at once when the answer is already stale', () => {
    expect(msUntilNextMinute(at('2026-11-27T09:15:10+07:00'), at('2026-11-27T09:17:00+07:00'))).toBe(0);
  });

  it('is never longer than a minute and the lag', () => {
    for (let ms = 0; ms < 120_000; ms += 997) {
      const d = msUntilNextMinute(ms, ms);
      expect(d).toBeGreaterThan(AFTER_MINUTE_MS - 1);
      expect(d).toBeLessThanOrEqual(60_000 + AFTER_MINUTE_MS);
    }
  });

  it('with the skew applied, fires in the server’s new minute when the browser is behind', () => {
    const browserNow = at('2026-11-27T09:15:20+07:00');
    const skew = 25_000; // the server reads 09:15:45
    const delay = msUntilNextMinute(browserNow + skew, browserNow + skew);
    expect(new Date(browserNow + delay + skew).toISOString()).toBe(new Date(at('2026-11-27T09:16:00.3+07:00')).toISOString());
  });
});

describe('serverSkewMs', () => {
  it('is the server minus the browser', () => {
    expect(serverSkewMs('2026-11-27T09:15:45+07:00', at('2026-11-27T09:15:20+07:00'))).toBe(25_000);
  });
  it('is 0 for a time that does not parse', () => {
    expect(serverSkewMs('not a time', 123)).toBe(0);
  });
});

describe('sameMinute', () => {
  it('ignores seconds and the offset spelling', () => {
    expect(sameMinute('2026-11-27T09:15:00+07:00', '2026-11-27T02:15:59Z')).toBe(true);
    expect(sameMinute('2026-11-27T09:15:59+07:00', '2026-11-27T09:16:00+07:00')).toBe(false);
  });
});
