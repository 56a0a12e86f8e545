// A citizen's satisfaction rating (one-stop rules §6): proved by the receipt's key, once per dossier,
// once the result is returned; stored for good, told in the dossier's history, shown on the kiosk.
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dammCheckDigit, formatLookupKey } from '../../shared/lookup-key.ts';
import { type TestApp, type TestUser, intake, testApp } from '../../test/helpers.ts';
import { auditRepo } from '../audit/repo.ts';
import { catalogueFor } from '../catalogue/service.ts';
import { verifyChain } from '../dossiers/chain.ts';
import { checkState } from '../dossiers/consistency.ts';
import { dossierRepo } from '../dossiers/repo.ts';
import { kioskRepo } from './repo.ts';
import { kioskService } from './service.ts';
import { wrongKeyThrottle } from './throttle.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
});
afterEach(() => t.close());

const rate = (body: object, opts: { via?: string; from?: string } = {}) =>
  t.app.inject({ method: 'POST', url: `/api/kiosk/rating${opts.via ? `?via=${opts.via}` : ''}`, payload: body, remoteAddress: opts.from ?? '192.168.1.23' });

async function act(code: string, user: TestUser, body: object) {
  const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(user), payload: body });
  if (res.statusCode !== 200) throw new Error(`${body && JSON.stringify(body)}: ${res.statusCode} ${res.body}`);
}

/** A birth registration taken through every step and handed over at the counter. */
async function returned() {
  const created = (await intake(t)).json();
  await act(created.code, 'clerk', { type: 'complete-step' });
  await act(created.code, 'officer', { type: 'complete-step' });
  await act(created.code, 'leader', { type: 'complete-step' });
  await act(created.code, 'clerk', { type: 'result-ready' });
  t.clock.set('2026-11-26T10:00:00+07:00');
  await act(created.code, 'clerk', { type: 'return-result', method: 'counter' });
  t.clock.set('2026-11-26T10:05:00+07:00');
  return created as { code: string; lookupKey: string };
}

const ratings = () => t.db.prepare('SELECT dossier_id, level, reasons, at, channel FROM ratings ORDER BY id').all();

describe('POST /api/kiosk/rating', () => {
  it('rates a returned dossier once: 201, stored, in the history, and shown on the kiosk', async () => {
    const { code, lookupKey } = await returned();
    const before = (await t.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${lookupKey}` })).json();
    expect(before.rating).toEqual({ open: true, given: null });

    const res = await rate({ key: formatLookupKey(lookupKey), level: 'satisfied', reasons: ['helpful_staff', 'on_time'] }, { via: 'scanner' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ level: 'satisfied', at: '2026-11-26T10:05:00+07:00' });
    // Reasons are kept in the fixed list's order, whatever order they were tapped in.
    expect(ratings()).toEqual([{ dossier_id: 1, level: 'satisfied', reasons: '["on_time","helpful_staff"]', at: '2026-11-26T10:05:00+07:00', channel: 'scanner' }]);

    const after = (await t.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${lookupKey}` })).json();
    expect(after.rating).toEqual({ open: true, given: { level: 'satisfied', at: '2026-11-26T10:05:00+07:00' } });

    const detail = (await t.app.inject({ method: 'GET', url: `/api/dossiers/${code}`, headers: await t.as('supervisor') })).json();
    expect(detail.history.at(-1)).toMatchObject({ kind: 'rated', at: '2026-11-26T10:05:00+07:00', actor: null, data: { level: 'satisfied', reasons: ['on_time', 'helpful_staff'], channel: 'scanner' } });
    // The history chain and the state the screens read still agree with it.
    const { rows, length } = dossierRepo(t.db).chain();
    expect(verifyChain(rows, length)).toMatchObject({ ok: true, unsealed: 0 });
    expect(checkState(t.db).mismatches).toEqual([]);
  });

  it('a second rating is refused politely (409 ALREADY_RATED) and the first stands', async () => {
    const { lookupKey } = await returned();
    expect((await rate({ key: lookupKey, level: 'very_satisfied', reasons: [] })).statusCode).toBe(201);
    const again = await rate({ key: lookupKey, level: 'very_dissatisfied', reasons: ['late'] });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ error: { code: 'ALREADY_RATED', message: 'Hồ sơ này đã được đánh giá. Cảm ơn ông/bà đã góp ý.' } });
    expect(ratings()).toMatchObject([{ level: 'very_satisfied', reasons: '[]' }]);
    expect(t.db.prepare("SELECT count(*) AS n FROM dossier_events WHERE kind = 'rated'").get()).toEqual({ n: 1 });
  });

  it('is not open before the result is returned (409 RATING_NOT_OPEN), nor for a refused dossier', async () => {
    const { code, lookupKey } = (await intake(t)).json();
    const res = await rate({ key: lookupKey, level: 'neutral', reasons: [] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toEqual({ code: 'RATING_NOT_OPEN', message: 'Ông/bà có thể đánh giá sau khi nhận kết quả.', details: { status: 'received' } });
    await act(code, 'clerk', { type: 'complete-step' });
    await act(code, 'leader', { type: 'refuse', reason: 'Không đủ điều kiện' });
    expect((await rate({ key: lookupKey, level: 'neutral', reasons: [] })).json().error.code).toBe('RATING_NOT_OPEN');
    expect(ratings()).toEqual([]);
    expect(t.db.prepare("SELECT count(*) AS n FROM dossier_events WHERE kind = 'rated'").get()).toEqual({ n: 0 });
  });

  it('a bad key → 400 as in a lookup, an unknown one → 404; a dossier code is no proof', async () => {
    const { code, lookupKey } = await returned();
    const wrong = lookupKey.slice(0, 15) + String((Number(lookupKey[15]) + 1) % 10);
    const cases: [string, number, string][] = [
      [wrong, 400, 'INVALID_LOOKUP_KEY'],
      ['1234', 400, 'INVALID_LOOKUP_KEY'],
      [code, 400, 'INVALID_LOOKUP_KEY'],
      ['000000000000001' + dammCheckDigit('000000000000001'), 404, 'DOSSIER_NOT_FOUND'],
    ];
    for (const [key, status, errorCode] of cases) {
      const res = await rate({ key, level: 'satisfied', reasons: [] });
      expect([key, res.statusCode, res.json().error.code]).toEqual([key, status, errorCode]);
    }
    expect(ratings()).toEqual([]);
  });

  it('refuses a level or a reason outside the fixed lists, a reason twice, and unknown fields', async () => {
    const { lookupKey } = await returned();
    for (const body of [
      { key: lookupKey, level: 'ecstatic', reasons: [] },
      { key: lookupKey, level: 'satisfied', reasons: ['the officer was Mr X'] },
      { key: lookupKey, level: 'satisfied', reasons: ['late', 'late'] },
      { key: lookupKey, level: 'satisfied', reasons: [], comment: 'free text' },
      { key: lookupKey, level: 'satisfied', reasons: [], via: 'scanner' },
    ]) {
      const res = await rate(body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await rate({ key: lookupKey, level: 'satisfied', reasons: [] }, { via: 'fax' })).json().error.code).toBe('INVALID_QUERY');
    expect(ratings()).toEqual([]);
  });

  it('two ratings sent at once: exactly one is taken', async () => {
    const { lookupKey } = await returned();
    const res = await Promise.all(['very_satisfied', 'very_dissatisfied', 'neutral', 'satisfied'].map((level) => rate({ key: lookupKey, level, reasons: [] })));
    expect(res.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    expect(ratings()).toHaveLength(1);
    expect(t.db.prepare("SELECT count(*) AS n FROM dossier_events WHERE kind = 'rated'").get()).toEqual({ n: 1 });
  });

  it('two server processes rating the same dossier at once: exactly one succeeds', async () => {
    const { lookupKey } = await returned();
    const worker = fileURLToPath(new URL('../../test/fixtures/rating-worker.ts', import.meta.url));
    // Each worker loads, then waits for the same instant before rating.
    const startAt = String(Date.now() + 4000);
    const run = (level: string) =>
      new Promise<{ status: string; code?: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', worker, t.path, lookupKey, level, startAt], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (c) => (out += c));
        child.stderr.on('data', (c) => (err += c));
        child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as { status: string; code?: string }) : reject(new Error(`worker exited ${code}: ${err}`))));
      });
    const results = await Promise.all(['very_satisfied', 'dissatisfied'].map(run));
    expect(results.filter((r) => r.status === 'rated')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'refused').map((r) => r.code)).toEqual(['ALREADY_RATED']);
    expect(ratings()).toHaveLength(1);
    const { rows, length } = dossierRepo(t.db).chain();
    expect(verifyChain(rows, length).ok).toBe(true);
  }, 60_000);

  it('a check that missed a rating made a moment before is caught by the table, and the history gets no second event', async () => {
    const { lookupKey } = await returned();
    expect((await rate({ key: lookupKey, level: 'satisfied', reasons: [] })).statusCode).toBe(201);
    // As if another process had rated between this one's check and its insert: the check sees nothing.
    const repo = kioskRepo(t.db);
    const blind = kioskService({
      db: t.db, repo: dossierRepo(t.db), kiosk: { ...repo, ratingOf: () => undefined }, audit: auditRepo(t.db), catalogue: catalogueFor(t.db),
      clock: t.clock, throttle: wrongKeyThrottle(t.clock), sleep: async () => {},
    });
    const answer = blind.rate({ key: lookupKey, level: 'very_dissatisfied', reasons: [] }, { address: '127.0.0.1' });
    expect(answer.error?.code).toBe('ALREADY_RATED');
    expect(ratings()).toMatchObject([{ level: 'satisfied' }]);
    expect(t.db.prepare("SELECT count(*) AS n FROM dossier_events WHERE kind = 'rated'").get()).toEqual({ n: 1 });
  });

  it('wrong keys sent to the rating count towards the slowdown too', async () => {
    for (let i = 0; i < 6; i++) await rate({ key: '000000000000001' + dammCheckDigit('000000000000001'), level: 'satisfied', reasons: [] }, { from: '113.161.77.9' });
    expect(t.delays).toEqual([500]);
  });
});

describe('the ratings table', () => {
  it('a rating changed in the database file, triggers dropped, no longer matches its history', async () => {
    const { code, lookupKey } = await returned();
    await rate({ key: lookupKey, level: 'very_dissatisfied', reasons: ['late'] });
    expect(checkState(t.db).mismatches).toEqual([]);
    const raw = new Database(t.path);
    raw.exec('DROP TRIGGER ratings_no_update');
    raw.prepare("UPDATE ratings SET level = 'very_satisfied', reasons = '[\"on_time\"]'").run();
    raw.close();
    expect(checkState(t.db).mismatches).toEqual([
      { code, field: 'rating', stored: 'very_satisfied ["on_time"] at 2026-11-26T10:05:00+07:00', history: 'very_dissatisfied ["late"] at 2026-11-26T10:05:00+07:00' },
    ]);
  });

  it('refuses changing, removing or replacing a rating at the SQL level', async () => {
    const { lookupKey } = await returned();
    await rate({ key: lookupKey, level: 'satisfied', reasons: ['on_time'] });
    expect(() => t.db.prepare("UPDATE ratings SET level = 'very_dissatisfied'").run()).toThrow(/rated once/);
    expect(() => t.db.prepare('DELETE FROM ratings').run()).toThrow(/rated once/);
    // INSERT OR REPLACE would delete the first row without firing the DELETE trigger.
    expect(() => t.db.prepare("INSERT OR REPLACE INTO ratings (dossier_id, level, reasons, at) VALUES (1, 'neutral', '[]', 't')").run()).toThrow(/rated once/);
    expect(() => t.db.prepare("INSERT INTO ratings (dossier_id, level, reasons, at) VALUES (1, 'neutral', '[]', 't')").run()).toThrow();
    expect(ratings()).toMatchObject([{ level: 'satisfied', reasons: '["on_time"]' }]);
  });
});
