import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogueRepo } from '../catalogue/repo.ts';
import { type TestApp, anIntake, intake, testApp } from '../../test/helpers.ts';

let t: TestApp;
afterEach(() => t?.close());

const board = (query = '') => t.app.inject({ method: 'GET', url: `/api/public/apologies${query}` });

async function act(code: string, role: 'clerk' | 'officer' | 'leader', body: object) {
  const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(role), payload: body });
  if (res.statusCode !== 200) throw new Error(`${JSON.stringify(body)} by ${role}: ${res.body}`);
}

/**
 * A marital-status certificate (3 working days: centre → VP-TPHT → leader → centre) received now,
 * taken to the leader's step and apologised for an hour later, with the new date given.
 */
async function apologised(reason: string, newDueAt: string, applicant: Partial<ReturnType<typeof anIntake>['applicant']> = {}) {
  const res = await intake(t, anIntake({ procedureCode: '1.004873', applicant }));
  if (res.statusCode !== 201) throw new Error(res.body);
  const created = res.json() as { code: string; lookupKey: string };
  await act(created.code, 'clerk', { type: 'complete-step' });
  await act(created.code, 'officer', { type: 'complete-step' });
  t.clock.advanceMinutes(60);
  await act(created.code, 'leader', { type: 'apologize', reason, newDueAt });
  return created;
}

describe('GET /api/public/apologies', () => {
  it('lists an apology without logging in: the department, the procedure, the reason, both appointments and the day', async () => {
    t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
    await apologised('Đang chờ UBND xã Hải Lĩnh trả lời xác minh', '2026-12-04T16:00:00+07:00');
    const res = await board();
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    const body = res.json();
    expect(body).toMatchObject({ asOf: '2026-11-25T10:00:00+07:00', days: 30, since: '2026-10-26T00:00:00+07:00', fictional: true, training: false, total: 1, offset: 0, limit: 20 });
    expect(body.apologies).toEqual([
      {
        date: '2026-11-25',
        department: expect.stringContaining('Lãnh đạo UBND xã'),
        procedure: expect.stringContaining('xác nhận tình trạng hôn nhân'),
        reason: 'Đang chờ UBND xã Hải Lĩnh trả lời xác minh',
        originalDueAt: '2026-11-30T09:00:00+07:00',
        newDueAt: '2026-12-04T16:00:00+07:00',
        fictional: false,
      },
    ]);
  });

  it('carries nothing that names or finds the applicant: no name, ID number, phone, address, e-mail, code or key', async () => {
    t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
    const { code, lookupKey } = await apologised('Phần mềm chuyên ngành gián đoạn', '2026-12-04T16:00:00+07:00');
    const text = (await board()).body;
    const a = anIntake().applicant;
    const secrets = [a.fullName, 'Hồng Nhung', a.idNumber, a.phone!, a.phone!.replace(/\s/g, ''), a.address, 'thôn Đông', a.email!, code, code.split('-').slice(1).join('-'), lookupKey];
    for (const secret of secrets) expect(text, secret).not.toContain(secret);
    // Nor under any other name: the fields are exactly these.
    const [entry] = JSON.parse(text).apologies;
    expect(Object.keys(entry).sort()).toEqual(['date', 'department', 'fictional', 'newDueAt', 'originalDueAt', 'procedure', 'reason']);
  });

  it('never gets the applicant into a reason: an apology naming them is refused, and the board stays empty', async () => {
    t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
    await expect(apologised('Chờ bà Hồng Nhung bổ sung chữ ký', '2026-12-04T16:00:00+07:00')).rejects.toThrow(/REASON_HAS_PERSONAL_DATA/);
    await expect(apologised('Gọi số 0912 345 678 không được', '2026-12-04T16:00:00+07:00')).rejects.toThrow(/REASON_HAS_PERSONAL_DATA/);
    expect((await board()).json()).toMatchObject({ total: 0, apologies: [] });
  });

  it('keeps an apology up for the day it was made and the next 30 days: 30 days old it shows, 31 it does not', async () => {
    t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
    await apologised('Cán bộ thụ lý nghỉ ốm đột xuất', '2026-12-04T16:00:00+07:00'); // made at 10:00 on 25/11
    t.clock.set('2026-12-25T16:59:59+07:00'); // 30 days later, later in the day than it was made
    expect((await board()).json()).toMatchObject({ total: 1, since: '2026-11-25T00:00:00+07:00' });
    t.clock.set('2026-12-26T00:00:00+07:00'); // 31 days
    expect((await board()).json()).toMatchObject({ total: 0, apologies: [] });
  });

  it('reads the setting on every request: a longer or shorter window shows at once', async () => {
    t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
    await apologised('Chờ kết quả xác minh từ cơ quan khác', '2026-12-04T16:00:00+07:00');
    t.clock.set('2026-12-26T08:00:00+07:00');
    expect((await board()).json().total).toBe(0);
    catalogueRepo(t.db).setApologyBoardDays(31);
    expect((await board()).json()).toMatchObject({ days: 31, total: 1 });
    catalogueRepo(t.db).setApologyBoardDays(1);
    t.clock.set('2026-11-26T17:00:00+07:00');
    expect((await board()).json()).toMatchObject({ days: 1, total: 1 });
    t.clock.set('2026-11-27T07:00:00+07:00');
    expect((await board()).json()).toMatchObject({ days: 1, total: 0 });
  });

  it('lists the newest first, a page at a time, and refuses a bad page (400, nothing else)', async () => {
    t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
    await apologised('Lý do thứ nhất: chờ xác minh', '2026-12-04T16:00:00+07:00');
    t.clock.set('2026-11-26T09:00:00+07:00');
    await apologised('Lý do thứ hai: chờ xác minh', '2026-12-07T16:00:00+07:00', { fullName: 'Trần Văn Bình', idNumber: '038190099999' });
    const all = (await board()).json();
    expect(all.apologies.map((x: { reason: string }) => x.reason)).toEqual(['Lý do thứ hai: chờ xác minh', 'Lý do thứ nhất: chờ xác minh']);
    const second = (await board('?offset=1&limit=1')).json();
    expect(second).toMatchObject({ total: 2, offset: 1, limit: 1 });
    expect(second.apologies.map((x: { date: string }) => x.date)).toEqual(['2026-11-25']);
    for (const bad of ['?limit=0', '?limit=101', '?offset=-1', '?limit=abc', '?page=2']) {
      const res = await board(bad);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code, bad).toBe('INVALID_QUERY');
    }
  });

  it('says when the data is fictional: the demo centre, a training database, a demo dossier', async () => {
    t = await testApp({ now: '2026-11-25T09:00:00+07:00', training: true });
    await apologised('Phần mềm chuyên ngành gián đoạn', '2026-12-04T16:00:00+07:00');
    // The shipped centre is the fictional demo one (data/catalogue/centre.json).
    expect((await board()).json()).toMatchObject({ fictional: true, training: true, total: 1, apologies: [{ fictional: false }] });
    t.db.prepare('UPDATE centre SET fictional = 0').run();
    t.db.prepare('UPDATE dossiers SET fictional = 1').run();
    expect((await board()).json()).toMatchObject({ fictional: false, training: true, apologies: [{ fictional: true }] });
  });

  it('is rate-limited per client like the other public routes (429 in the one error shape)', async () => {
    t = await testApp({ now: '2026-11-25T09:00:00+07:00', config: { kioskLookupsPerMinute: 1 } });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await board()).statusCode);
    expect(statuses).toEqual([...Array<number>(10).fill(200), 429]);
    expect((await board()).json().error.code).toBe('RATE_LIMITED');
  });
});

describe('GET /cong-khai', () => {
  it('serves the public page (the board on a phone) without a login, revalidated like /kiosk', async () => {
    const ui = mkdtempSync(join(tmpdir(), 'motcua-ui-'));
    try {
      writeFileSync(join(ui, 'index.html'), '<!doctype html><title>MotCua</title><div id="app"></div>');
      t = await testApp({ config: { uiDir: ui } });
      const res = await t.app.inject({ method: 'GET', url: '/cong-khai' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<div id="app">');
    } finally {
      rmSync(ui, { recursive: true, force: true });
    }
  });
});
