// The kept figures' harder edges (found by review): an apology re-counted when the step it names
// changes hands, a calendar change to a year after another year's, and a database another process
// is writing to.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, anIntake, intake, testApp } from '../../test/helpers.ts';
import { dayNumber } from '../../shared/time.ts';
import { dayCache } from './day-cache.ts';

let t: TestApp;
afterEach(async () => t?.close());
const at = (iso: string) => t.clock.set(`${iso}+07:00`);
async function act(code: string, user: 'clerk' | 'officer' | 'leader', body: object) {
  const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(user), payload: body });
  if (res.statusCode !== 200) throw new Error(`${JSON.stringify(body)}: ${res.statusCode} ${res.body}`);
}
const summary = async (from: string, to: string) => (await t.app.inject({ method: 'GET', url: `/api/supervision/summary?from=${from}&to=${to}`, headers: await t.as('supervisor') })).json();
const forget = () => t.db.prepare("DELETE FROM supervision_cache WHERE period NOT LIKE 'calendar-%'").run();

describe('kept figures, at the edges', () => {
  it('re-counts an apology’s day when the step it names is taken over afterwards', async () => {
    t = await testApp({ now: '2026-11-23T08:00:00+07:00' });
    const code = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json().code as string;
    at('2026-11-23T09:10:00');
    await act(code, 'clerk', { type: 'complete-step' });
    await act(code, 'officer', { type: 'complete-step' });
    at('2026-11-24T10:00:00');
    await act(code, 'leader', { type: 'apologize', reason: 'Cần xác minh thêm thông tin', newDueAt: '2026-12-04T16:00:00+07:00' });
    at('2026-11-25T09:00:00');
    await summary('2026-11-23', '2026-11-25'); // keeps the 23rd and the 24th
    await act(code, 'leader', { type: 'accept-step' });
    const cached = await summary('2026-11-23', '2026-11-25');
    forget();
    expect(cached).toEqual(await summary('2026-11-23', '2026-11-25'));
    expect(cached.byOfficer.find((r: { officer: { username: string } }) => r.officer.username === 'leader')?.figures.apologies).toBe(1);
  });

  it('keeps every year’s calendar fingerprint when one year changes, so a later change to another is seen', async () => {
    t = await testApp({ now: '2026-03-02T09:00:00+07:00' });
    const cache = dayCache(t.db);
    const cal = (shift: { year: number; start: number } | null) => ({
      periodsOn: (d: { year: number }) => [{ start: shift && d.year === shift.year ? shift.start : 420, end: 1020 }],
    });
    const fingerprints = () => (t.db.prepare("SELECT period FROM supervision_cache WHERE period LIKE 'calendar-%' ORDER BY period").all() as { period: string }[]).map((r) => r.period);
    const day2025 = dayNumber({ year: 2025, month: 7, day: 1 });
    const today = dayNumber({ year: 2026, month: 3, day: 2 });
    cache.checkCalendar(cal(null) as never, day2025, today);
    expect(fingerprints()).toEqual(['calendar-2025', 'calendar-2026']);
    cache.checkCalendar(cal({ year: 2026, start: 450 }) as never, day2025, today);
    expect(fingerprints()).toEqual(['calendar-2025', 'calendar-2026']);
    t.db.prepare("INSERT INTO supervision_cache (period, name, data) VALUES ('2025-07-01', 'summary-1', '{}')").run();
    cache.checkCalendar(cal({ year: 2025, start: 450 }) as never, day2025, today);
    expect(t.db.prepare("SELECT 1 FROM supervision_cache WHERE period = '2025-07-01'").get()).toBeUndefined();
  });

  it('answers while another process holds the write lock, and keeps nothing it could not write', async () => {
    t = await testApp({ now: '2026-11-23T08:00:00+07:00' });
    await intake(t);
    at('2026-11-25T09:00:00');
    const cookie = await t.as('supervisor'); // signing in writes a session: before the lock is taken
    const url = '/api/supervision/summary?from=2026-11-23&to=2026-11-25';
    const keptRows = () => (t.db.prepare("SELECT count(*) AS n FROM supervision_cache WHERE name LIKE 'summary-%'").get() as { n: number }).n;
    // Were the figures to wait for the lock, they would wait past this test's own timeout.
    t.db.pragma('busy_timeout = 600000');
    const other = new Database(t.path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const res = await t.app.inject({ method: 'GET', url, headers: cookie });
      expect(res.statusCode).toBe(200);
      expect(res.json().totals.received).toBe(1);
      expect(keptRows()).toBe(0);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await t.app.inject({ method: 'GET', url, headers: cookie });
    expect(keptRows()).toBeGreaterThan(0);
  });
});
