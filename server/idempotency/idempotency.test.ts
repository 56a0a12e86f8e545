// Idempotency-Key on intake and the dossier actions: a retry gets the first answer, never a second write.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, anIntake, testApp } from '../../test/helpers.ts';
import { checkKey } from './service.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
});
afterEach(async () => t.close());

const dossierCount = () => (t.db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n;
const keptCount = () => (t.db.prepare('SELECT count(*) AS n FROM idempotency_keys').get() as { n: number }).n;

async function post(url: string, payload: object, key: string | undefined, user: TestUser = 'clerk', session?: Record<string, string>) {
  const headers = { ...(session ?? (await t.as(user))), ...(key === undefined ? {} : { 'idempotency-key': key }) };
  return t.app.inject({ method: 'POST', url, payload, headers });
}

describe('Idempotency-Key on intake', () => {
  it('gives a retry the first answer — same status, body and Location, marked as a replay — and makes one dossier', async () => {
    const key = randomUUID();
    const first = await post('/api/dossiers', anIntake(), key);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    t.clock.advanceMinutes(3); // a retry minutes later is still the same save
    const again = await post('/api/dossiers', anIntake(), key);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(dossierCount()).toBe(1);
    // The kept row: who, which route, a fingerprint — and no cookie, no header but Location.
    const row = t.db.prepare('SELECT s.username, k.request, k.status, k.headers FROM idempotency_keys k JOIN staff s ON s.id = k.staff_id').get();
    expect(row).toEqual({ username: 'clerk', request: 'POST /api/dossiers', status: 201, headers: JSON.stringify({ Location: first.headers.location }) });
  });

  it('lets only one of many identical requests arriving together write: all get the same dossier', async () => {
    const key = randomUUID();
    const session = await t.as('clerk');
    const answers = await Promise.all(Array.from({ length: 8 }, () => post('/api/dossiers', anIntake(), key, 'clerk', session)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.json().code)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
    expect(dossierCount()).toBe(1);
  });

  it('refuses the same key with another body (422) and writes nothing', async () => {
    const key = randomUUID();
    await post('/api/dossiers', anIntake(), key);
    const other = await post('/api/dossiers', anIntake({ applicant: { fullName: 'Trần Văn Khác' } }), key);
    expect(other.statusCode).toBe(422);
    expect(other.json().error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', details: { firstRequest: 'POST /api/dossiers' } });
    expect(dossierCount()).toBe(1);
  });

  it('keeps each member of staff’s keys apart: the same key from another clerk is another save', async () => {
    const key = 'counter-3-save-000000001';
    expect((await post('/api/dossiers', anIntake(), key, 'clerk')).statusCode).toBe(201);
    const other = await post('/api/dossiers', anIntake(), key, 'clerk2');
    expect(other.statusCode).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(dossierCount()).toBe(2);
  });

  it('refuses a malformed key with 400 before writing anything', async () => {
    for (const bad of ['short', 'x'.repeat(129), 'has space in it 12345', 'ключ-ключ-ключ-ключ', '']) {
      const res = await post('/api/dossiers', anIntake(), bad);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('IDEMPOTENCY_KEY_INVALID');
    }
    expect(dossierCount()).toBe(0);
    expect(() => checkKey(['a'.repeat(20), 'a'.repeat(20)])).toThrow();
    expect(checkKey(undefined)).toBeNull();
    expect(checkKey('a.b_c~d-0123456789')).toBe('a.b_c~d-0123456789');
  });

  it('without a key, behaves as before: each request is a new dossier', async () => {
    await post('/api/dossiers', anIntake(), undefined);
    await post('/api/dossiers', anIntake(), undefined);
    expect(dossierCount()).toBe(2);
    expect(keptCount()).toBe(0);
  });

  it('does not keep a refusal: a retry with the same key runs again and is refused again, not replayed', async () => {
    const key = randomUUID();
    const refused = await post('/api/dossiers', anIntake({ procedureCode: '9.999999' }), key);
    expect(refused.statusCode).toBe(400);
    expect(keptCount()).toBe(0);
    const again = await post('/api/dossiers', anIntake({ procedureCode: '9.999999' }), key);
    expect(again.statusCode).toBe(400);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(dossierCount()).toBe(0);
  });

  it('forgets a key after 24 hours (purged by a later write), when it may be used again', async () => {
    const key = randomUUID();
    await post('/api/dossiers', anIntake(), key);
    t.clock.advanceMinutes(24 * 60 + 1);
    const later = await post('/api/dossiers', anIntake({ applicant: { fullName: 'Lê Văn Sau' } }), key);
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(dossierCount()).toBe(2);
    expect(keptCount()).toBe(1);
  });
});

describe('Idempotency-Key on dossier actions', () => {
  it('acts once for a retried action and answers the dossier as the first request left it', async () => {
    const { code } = (await post('/api/dossiers', anIntake(), undefined)).json();
    const events = () => (t.db.prepare('SELECT count(*) AS n FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = ?').get(code) as { n: number }).n;
    const before = events();
    const key = randomUUID();
    const url = `/api/dossiers/${code}/actions`;
    const session = await t.as('clerk');
    const [a, b] = await Promise.all([post(url, { type: 'complete-step', note: 'Đủ hồ sơ' }, key, 'clerk', session), post(url, { type: 'complete-step', note: 'Đủ hồ sơ' }, key, 'clerk', session)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.body).toBe(b.body);
    expect(events()).toBe(before + 1);
    // Without the key the same press is refused: the dossier has moved on to the next department.
    const plain = await post(url, { type: 'complete-step', note: 'Đủ hồ sơ' }, undefined, 'clerk', session);
    expect(plain.statusCode).toBe(403);
    // The same key on another dossier is another request: refused, not replayed.
    const { code: other } = (await post('/api/dossiers', anIntake(), undefined)).json();
    const elsewhere = await post(`/api/dossiers/${other}/actions`, { type: 'complete-step', note: 'Đủ hồ sơ' }, key, 'clerk', session);
    expect(elsewhere.statusCode).toBe(422);
  });

  it('keeps what a refused action records for the supervisors, and keeps no answer for it', async () => {
    const { code } = (await post('/api/dossiers', anIntake(), undefined)).json();
    const url = `/api/dossiers/${code}/actions`;
    expect((await post(url, { type: 'complete-step' }, undefined)).statusCode).toBe(200);
    t.clock.set('2026-11-25T10:00:00+07:00');
    const supplement = { type: 'request-supplement', reason: 'Giấy chứng sinh bị tẩy xóa', documents: [{ name: 'Giấy chứng sinh', originals: 1 }], contact: 'Trần Minh Đức, 0237 000 0001' };
    expect((await post(url, supplement, randomUUID(), 'officer')).statusCode).toBe(200);
    expect(keptCount()).toBe(1);
    // A second supplement request is refused, and the refused attempt is recorded in the history.
    const refusedEvents = () => (t.db.prepare("SELECT count(*) AS n FROM dossier_events WHERE kind = 'supplement_request_refused'").get() as { n: number }).n;
    const second = await post(url, { ...supplement, reason: 'Thiếu thêm giấy tờ khác' }, randomUUID(), 'officer');
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('SUPPLEMENT_ALREADY_REQUESTED');
    expect(refusedEvents()).toBe(1);
    expect(keptCount()).toBe(1);
  });
});
