// The supervisors' kiosk figures against a small dataset counted by hand: lookups made through the
// real route from two kiosks and a phone, ratings given through the real route.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dammCheckDigit } from '../../shared/lookup-key.ts';
import { type TestApp, type TestUser, intake, testApp } from '../../test/helpers.ts';

let t: TestApp;
// The lookup records wait for their batch as on a server (written before each report is read), so
// lookups alike in the same second are counted as one row (migration 019): the figures are the same.
let unwritten: (() => void)[] = [];
beforeEach(async () => {
  unwritten = [];
  t = await testApp({ now: '2026-11-29T10:00:00+07:00', scheduleRecords: (flush) => unwritten.push(flush) });
});
afterEach(() => t.close());

const KIOSK = '192.168.1.23';
const KIOSK2 = '192.168.1.24';
const PHONE = '113.161.77.9';
const UNKNOWN_KEY = '000000000000001' + dammCheckDigit('000000000000001');
const UNKNOWN_CODE = '000.30.99.H56-261130-0999';
const wrongKey = (key: string) => key.slice(0, 15) + String((Number(key[15]) + 1) % 10);

const lookup = (q: string, via: string, from: string) => t.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${encodeURIComponent(q)}?via=${via}`, remoteAddress: from });
const report = async (query: string, user: TestUser = 'supervisor') => {
  for (const flush of unwritten.splice(0)) flush();
  return reportNow(query, user);
};
const reportNow = async (query: string, user: TestUser) => t.app.inject({ method: 'GET', url: `/api/supervision/kiosk${query}`, headers: await t.as(user) });

async function act(code: string, user: TestUser, body: object) {
  const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(user), payload: body });
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
}

/** Seeds the dataset the figures below were counted from. */
async function dataset() {
  await lookup(UNKNOWN_CODE, 'code', PHONE); // Sunday 29/11: before the range
  t.clock.set('2026-11-30T09:00:00+07:00');
  const d1 = (await intake(t)).json();
  const rated = [];
  for (let i = 0; i < 4; i++) {
    const { code, lookupKey } = (await intake(t)).json();
    for (const [user, body] of [['clerk', { type: 'complete-step' }], ['officer', { type: 'complete-step' }], ['leader', { type: 'complete-step' }], ['clerk', { type: 'result-ready' }]] as const) await act(code, user, body);
    rated.push({ code, lookupKey });
  }

  t.clock.set('2026-11-30T10:00:00+07:00');
  for (let i = 0; i < 3; i++) await lookup(d1.lookupKey, 'scanner', KIOSK);
  for (let i = 0; i < 2; i++) await lookup(wrongKey(d1.lookupKey), 'camera', KIOSK);
  await lookup(d1.lookupKey, 'camera', KIOSK);
  await lookup(d1.lookupKey, 'link', PHONE);
  // A second kiosk whose camera misreads: 2 found, 8 misread — the last three slowed down.
  for (let i = 0; i < 2; i++) await lookup(d1.lookupKey, 'camera', KIOSK2);
  for (let i = 0; i < 8; i++) await lookup(wrongKey(d1.lookupKey), 'camera', KIOSK2);

  t.clock.set('2026-12-01T09:30:00+07:00');
  for (const d of rated) await act(d.code, 'clerk', { type: 'return-result', method: 'counter' });
  t.clock.set('2026-12-01T10:00:00+07:00');
  await lookup(UNKNOWN_KEY, 'keypad', KIOSK);
  await lookup(d1.lookupKey, 'keypad', KIOSK);
  await lookup(d1.code, 'code', PHONE);
  await lookup(UNKNOWN_CODE, 'code', PHONE);

  t.clock.set('2026-12-01T11:00:00+07:00');
  const rate = (key: string, level: string, reasons: string[]) => t.app.inject({ method: 'POST', url: '/api/kiosk/rating', payload: { key, level, reasons }, remoteAddress: KIOSK });
  expect((await rate(rated[0]!.lookupKey, 'very_satisfied', ['helpful_staff', 'on_time'])).statusCode).toBe(201);
  expect((await rate(rated[1]!.lookupKey, 'satisfied', ['on_time'])).statusCode).toBe(201);
  expect((await rate(rated[2]!.lookupKey, 'very_dissatisfied', ['late', 'long_wait'])).statusCode).toBe(201);

  t.clock.set('2026-12-03T10:00:00+07:00'); // Thursday: after the range
  await lookup(UNKNOWN_CODE, 'code', PHONE);
  expect((await rate(rated[3]!.lookupKey, 'neutral', ['many_visits'])).statusCode).toBe(201);
}

const counts = (lookups: number, found: number, notFound: number, invalid: number, delayed = 0) => ({
  lookups,
  found,
  notFound,
  invalid,
  throttled: 0,
  delayed,
  successRate: lookups ? found / lookups : null,
  attention: lookups >= 10 && found / lookups < 0.6,
});

describe('GET /api/supervision/kiosk', () => {
  it('counts lookups per channel, per client, per channel at each client and per day, and the ratings', async () => {
    await dataset();
    const res = await report('?from=2026-11-30&to=2026-12-02');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ from: '2026-11-30', to: '2026-12-02', asOf: '2026-12-03T10:00:00+07:00' });
    expect(r.totals).toEqual(counts(21, 9, 2, 10, 3));
    expect(r.totals.attention).toBe(true);
    // (The dataset's 23 lookups, some outside the range, are 15 rows: those alike in a second are one.)
    expect(t.db.prepare('SELECT count(*) AS rows, sum(lookups) AS lookups FROM kiosk_lookups').get()).toEqual({ rows: 15, lookups: 23 });
    const strip = (xs: { label?: unknown }[]) => xs.map(({ label: _label, ...rest }) => rest);
    expect(strip(r.channels)).toEqual([
      { channel: 'scanner', ...counts(3, 3, 0, 0) },
      { channel: 'camera', ...counts(13, 3, 0, 10, 3) },
      { channel: 'keypad', ...counts(2, 1, 1, 0) },
      { channel: 'code', ...counts(2, 1, 1, 0) },
      { channel: 'link', ...counts(1, 1, 0, 0) },
    ]);
    expect(r.channels[1].label).toEqual({ vi: 'Camera', en: 'Camera' });
    expect(r.clients).toEqual([
      { client: KIOSK2, ...counts(10, 2, 0, 8, 3) },
      { client: KIOSK, ...counts(8, 5, 1, 2) },
      { client: 'internet', ...counts(3, 2, 1, 0) },
    ]);
    expect(strip(r.groups)).toEqual([
      { channel: 'scanner', client: KIOSK, ...counts(3, 3, 0, 0) },
      { channel: 'camera', client: KIOSK2, ...counts(10, 2, 0, 8, 3) },
      { channel: 'camera', client: KIOSK, ...counts(3, 1, 0, 2) },
      { channel: 'keypad', client: KIOSK, ...counts(2, 1, 1, 0) },
      { channel: 'code', client: 'internet', ...counts(2, 1, 1, 0) },
      { channel: 'link', client: 'internet', ...counts(1, 1, 0, 0) },
    ]);
    // The failing camera is the one flagged; the phone's address is nowhere.
    expect(r.groups.filter((g: { attention: boolean }) => g.attention).map((g: { client: string }) => g.client)).toEqual([KIOSK2]);
    expect(JSON.stringify(r)).not.toContain(PHONE);
    expect(r.days).toEqual([
      { date: '2026-11-30', ...counts(17, 7, 0, 10, 3) },
      { date: '2026-12-01', ...counts(4, 2, 2, 0) },
      { date: '2026-12-02', ...counts(0, 0, 0, 0) },
    ]);
    expect(r.bursts).toEqual([{ at: '2026-11-30T10:00:00+07:00', client: KIOSK2, count: 5, windowMinutes: 10 }]);

    expect(r.ratings.count).toBe(3);
    expect(r.ratings.average).toBeCloseTo((5 + 4 + 1) / 3, 10);
    expect(r.ratings.levels.map((l: { level: string; count: number; score: number }) => [l.level, l.score, l.count])).toEqual([
      ['very_satisfied', 5, 1],
      ['satisfied', 4, 1],
      ['neutral', 3, 0],
      ['dissatisfied', 2, 0],
      ['very_dissatisfied', 1, 1],
    ]);
    const reasons = Object.fromEntries(r.ratings.reasons.map((x: { reason: string; count: number }) => [x.reason, x.count]));
    expect(reasons).toEqual({ on_time: 2, late: 1, one_visit: 0, many_visits: 0, clear_information: 0, unclear_information: 0, helpful_staff: 1, unhelpful_staff: 0, fees_wrong: 0, long_wait: 1 });
  });

  it('without a range: the last seven days, today included; an empty period has no rate and no average', async () => {
    t.clock.set('2026-12-03T16:00:00+07:00');
    const r = (await report('')).json();
    expect([r.from, r.to, r.days.length]).toEqual(['2026-11-27', '2026-12-03', 7]);
    expect(r.totals).toEqual(counts(0, 0, 0, 0));
    expect(r.ratings).toMatchObject({ count: 0, average: null });
    expect([r.channels, r.clients, r.groups, r.bursts]).toEqual([[], [], [], []]);
  });

  it('refuses a malformed, impossible, reversed or too long range (400 INVALID_QUERY)', async () => {
    for (const q of ['?from=2026-13-01&to=2026-12-31', '?from=30/11/2026&to=2026-12-01', '?from=2026-02-30', '?from=2026-12-02&to=2026-12-01', '?from=2025-01-01&to=2026-12-31', '?from=2026-12-01&to=2026-12-02&via=x']) {
      const res = await report(q);
      expect([q, res.statusCode, res.json().error.code]).toEqual([q, 400, 'INVALID_QUERY']);
    }
    expect((await report('?from=2026-12-01&to=2026-12-01')).statusCode).toBe(200);
  });

  it('is for supervisors, leaders and administrators only', async () => {
    expect((await report('', 'leader')).statusCode).toBe(200);
    expect((await report('', 'admin')).statusCode).toBe(200);
    for (const user of ['clerk', 'officer'] as const) expect((await report('', user)).json().error.code).toBe('FORBIDDEN');
    expect((await t.app.inject({ method: 'GET', url: '/api/supervision/kiosk' })).statusCode).toBe(401);
  });
});
