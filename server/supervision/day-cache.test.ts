// The figures of days that are over are kept (migration 009, day-cache.ts): kept or not, the answer
// must be the same, and anything written about a kept day — by this server or another process — must
// show at once. Each check compares the answer with the cache against the answer with it emptied.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.ts';
import { type TestApp, anIntake, intake, testApp } from '../../test/helpers.ts';

let t: TestApp;
const at = (iso: string) => t.clock.set(`${iso}+07:00`);

async function act(code: string, user: 'clerk' | 'officer' | 'leader', body: object) {
  const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(user), payload: body });
  if (res.statusCode !== 200) throw new Error(`${JSON.stringify(body)}: ${res.statusCode} ${res.body}`);
}
/** A birth registration taken through every step to its result, starting at `day` 08:00. */
async function finished(day: string, readyAt: string) {
  at(`${day}T08:00:00`);
  const code = (await intake(t)).json().code as string;
  at(`${day}T08:10:00`);
  await act(code, 'clerk', { type: 'complete-step' });
  await act(code, 'officer', { type: 'accept-step' });
  at(`${day}T09:00:00`);
  await act(code, 'officer', { type: 'complete-step' });
  await act(code, 'leader', { type: 'complete-step' });
  at(readyAt);
  await act(code, 'clerk', { type: 'result-ready' });
  return code;
}

const SUMMARY = '/api/supervision/summary?from=2026-10-01&to=2026-11-27';
async function summary() {
  const res = await t.app.inject({ method: 'GET', url: SUMMARY, headers: await t.as('supervisor') });
  expect(res.statusCode).toBe(200);
  return res.json();
}
const kept = () => (t.db.prepare("SELECT period FROM supervision_cache WHERE name LIKE 'summary-%' ORDER BY period").all() as { period: string }[]).map((r) => r.period);
/** The summary with the cache as it is, then computed afresh: the two must be the same. */
async function bothWays() {
  const cached = await summary();
  t.db.prepare("DELETE FROM supervision_cache WHERE period NOT LIKE 'calendar-%'").run();
  const fresh = await summary();
  expect(cached).toEqual(fresh);
  return fresh;
}

beforeAll(async () => {
  t = await testApp({ now: '2026-10-05T08:00:00+07:00' });
  await finished('2026-10-05', '2026-10-05T16:00:00'); // early
  await finished('2026-10-20', '2026-10-21T10:00:00'); // late
  await finished('2026-11-24', '2026-11-24T15:00:00');
  at('2026-11-26T09:00:00');
  await intake(t); // open
  at('2026-11-27T10:00:00'); // Friday: the days before are over
});
afterAll(async () => t.close());

describe('figures kept for days that are over', () => {
  it('keeps October whole and November’s past days, never today, and answers the same as computing afresh', async () => {
    const first = await summary();
    // By the day (the default): 5 October ready at 16:00 on its appointment day is on time; 24 November
    // (a day off: counted from Wednesday 25th) ready the day before its appointment is early.
    expect(first.totals).toMatchObject({ received: 4, finished: 3, early: 1, onTime: 1, late: 1 });
    const periods = kept();
    expect(periods).toContain('2026-10');
    expect(periods).toContain('2026-11-26');
    expect(periods).not.toContain('2026-11-27');
    expect(periods).not.toContain('2026-11');
    await bothWays();
  });

  it('forgets a kept day when a dossier is written on it, even by another connection', async () => {
    await summary();
    expect(kept()).toContain('2026-10');
    // Another process (a training seed, an import) writing a dossier received on 20 October.
    at('2026-10-20T14:00:00');
    await intake(t, anIntake({ procedureCode: '1.004873' }));
    at('2026-11-27T10:00:00');
    expect(kept()).not.toContain('2026-10');
    expect(kept()).not.toContain('2026-10-20');
    const after = await bothWays();
    expect(after.totals.received).toBe(5);
  });

  it('forgets the month of a dossier’s finishing day when it gets a history event, and every day when someone changes department', async () => {
    await summary();
    const id = (t.db.prepare("SELECT id FROM dossiers WHERE completed_at LIKE '2026-10-21%'").get() as { id: number }).id;
    expect(kept()).toContain('2026-10-21');
    t.db.prepare("INSERT INTO dossier_events (dossier_id, at, kind, actor_id, data) VALUES (?, '2026-11-27T10:00:00+07:00', 'printed', NULL, '{}')").run(id);
    expect(kept()).not.toContain('2026-10-21');
    expect(kept()).not.toContain('2026-10');
    await summary();
    const officer = t.db.prepare("SELECT id, department_code FROM staff WHERE username = 'officer'").get() as { id: number; department_code: string };
    const other = (t.db.prepare('SELECT code FROM departments WHERE code <> ? LIMIT 1').get(officer.department_code) as { code: string }).code;
    t.db.prepare('UPDATE staff SET department_code = ? WHERE id = ?').run(officer.department_code, officer.id);
    expect(kept().length).toBeGreaterThan(0); // the same department: nothing to forget
    t.db.prepare('UPDATE staff SET department_code = ? WHERE id = ?').run(other, officer.id);
    expect(kept()).toEqual([]);
    t.db.prepare('UPDATE staff SET department_code = ? WHERE id = ?').run(officer.department_code, officer.id);
    await bothWays();
  });

  it('keeps the scores too, and a rating given today re-counts the month the dossier finished in', async () => {
    const scores = async () => (await t.app.inject({ method: 'GET', url: '/api/supervision/scores?period=2026-10', headers: await t.as('supervisor') })).json();
    const before = await scores();
    expect(before.ratings.count).toBe(0);
    expect(t.db.prepare("SELECT 1 FROM supervision_cache WHERE period = '2026-10' AND name LIKE 'scores-%'").get()).toBeDefined();
    const code = (t.db.prepare("SELECT code FROM dossiers WHERE completed_at LIKE '2026-10-05%'").get() as { code: string }).code;
    await act(code, 'clerk', { type: 'return-result', method: 'counter' });
    const key = (t.db.prepare('SELECT lookup_key AS k FROM dossiers WHERE code = ?').get(code) as { k: string }).k;
    const rated = await t.app.inject({ method: 'POST', url: '/api/kiosk/rating', payload: { key, level: 'dissatisfied', reasons: [] } });
    expect(rated.statusCode).toBe(201);
    const after = await scores();
    expect(after.ratings.count).toBe(1);
    expect(after.centre.indices.find((i: { key: string }) => i.key === 'satisfaction').average).toBe(0);
    t.db.prepare("DELETE FROM supervision_cache WHERE period NOT LIKE 'calendar-%'").run();
    expect(await scores()).toEqual(after);
  });

  it('forgets every kept figure when the timeliness setting changes, and answers kept as fresh in both modes', async () => {
    const scores = async () => (await t.app.inject({ method: 'GET', url: '/api/supervision/scores?period=2026-10', headers: await t.as('supervisor') })).json();
    const byDay = await bothWays();
    await summary();
    await scores();
    const fingerprints = () => (t.db.prepare("SELECT period FROM supervision_cache WHERE period LIKE 'calendar-%'").all() as { period: string }[]).length;
    const before = fingerprints();
    expect(kept()).toContain('2026-10');
    // Setting the same value again forgets nothing.
    expect(await main(['settings', 'set', 'timeliness', 'day', '--db', t.path], process.env)).toBe(0);
    expect(kept()).toContain('2026-10');
    expect(await main(['settings', 'set', 'timeliness', 'minute', '--db', t.path], process.env)).toBe(0);
    expect(kept()).toEqual([]);
    expect(t.db.prepare("SELECT count(*) AS n FROM supervision_cache WHERE period NOT LIKE 'calendar-%'").get()).toEqual({ n: 0 });
    expect(fingerprints()).toBe(before);
    const byMinute = await summary();
    expect(byMinute.timeliness.mode).toBe('minute');
    // To the minute the 5 October dossier (ready 16:00, due 17:00) is early.
    expect(byMinute.totals).toMatchObject({ finished: 3, early: 2, onTime: 0, late: 1 });
    expect(byDay.totals).toMatchObject({ finished: 3, early: 1, onTime: 1, late: 1 });
    expect(kept()).toContain('2026-10');
    await bothWays();
    const minuteScores = await scores();
    t.db.prepare("DELETE FROM supervision_cache WHERE period NOT LIKE 'calendar-%'").run();
    expect(await scores()).toEqual(minuteScores);
    expect(minuteScores.timeliness.mode).toBe('minute');
    expect(await main(['settings', 'set', 'timeliness', 'day', '--db', t.path], process.env)).toBe(0);
    expect(kept()).toEqual([]);
    expect(await bothWays()).toEqual(byDay);
  });

  it('counts handling times again when the office hours of a year already counted change', async () => {
    await summary();
    const row = (period: string) => (t.db.prepare("SELECT data FROM supervision_cache WHERE period = ? AND name LIKE 'summary-%'").get(period) as { data: string } | undefined)?.data;
    const fingerprint = () => (t.db.prepare("SELECT data FROM supervision_cache WHERE period = 'calendar-2026'").get() as { data: string }).data;
    const october = row('2026-10');
    const before = fingerprint();
    const hours = join(t.path, '..', 'hours.json');
    writeFileSync(hours, JSON.stringify({ weekdays: [1, 2, 3, 4, 5], periods: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }] }));
    expect(await main(['settings', 'set', 'office-hours', hours, '--db', t.path], process.env)).toBe(0);
    await summary();
    expect(fingerprint()).not.toBe(before);
    // The early October dossier (received 08:00, ready 16:00) took 6 working hours under the old
    // hours (07:00–11:30, 13:30–17:00) and 7 under the new: October is counted again.
    expect(row('2026-10')).toBeDefined();
    expect(row('2026-10')).not.toBe(october);
    await bothWays();
  });
});
