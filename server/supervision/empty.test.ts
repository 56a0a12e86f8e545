// A period where nothing happened, or where dossiers were received but none finished: figures with
// zeros and no rates, never an error.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, intake, testApp } from '../../test/helpers.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: '2026-11-30T09:00:00+07:00' });
});
afterEach(async () => t.close());

describe('an empty period', () => {
  it('answers zeros and null rates, with or without dossiers received', async () => {
    const get = async () => t.app.inject({ method: 'GET', url: '/api/supervision/summary?from=2026-11-30&to=2026-12-06', headers: await t.as('supervisor') });
    let res = await get();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().totals).toMatchObject({ received: 0, finished: 0, lateRate: null, averageHandlingDays: null, p90HandlingDays: null });
    await intake(t);
    res = await get();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().totals).toMatchObject({ received: 1, finished: 0, openNow: 1, onTimeRate: null });
    expect(res.json().weekly).toHaveLength(8);
    expect(res.json().weekly.at(-1)).toEqual({ week: '2026-W49', from: '2026-11-30', to: '2026-12-06', finished: 0, onTimeOrEarly: 0, onTimeRate: null });
    for (const url of ['/api/supervision/flags?from=2026-11-30&to=2026-12-06', '/api/supervision/scores?period=2026-11', '/api/supervision/warnings', '/api/supervision/dossiers?from=2026-11-30&to=2026-12-06&metric=late']) {
      const r = await t.app.inject({ method: 'GET', url, headers: await t.as('supervisor') });
      expect(r.statusCode, `${url} ${r.body}`).toBe(200);
    }
  });
});
