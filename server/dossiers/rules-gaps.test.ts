// The rules' last gaps (issue 12 item 6), over the HTTP API: one vocabulary for how a result goes back,
// the supplement window per procedure, and the time-limit variants the law gives one procedure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, anIntake, intake, testApp } from '../../test/helpers.ts';
import { checkState } from './consistency.ts';

let t: TestApp;
// Wednesday 25 November 2026, 09:00.
beforeEach(async () => {
  t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
});
afterEach(async () => t.close());
const dir = mkdtempSync(join(tmpdir(), 'motcua-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function act(code: string, user: TestUser, body: object) {
  return t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(user), payload: body });
}
const ok = <R extends { statusCode: number; body: string }>(res: R): R => {
  if (res.statusCode !== 200) throw new Error(`expected 200, got ${res.statusCode}: ${res.body}`);
  return res;
};
async function get(url: string, user: TestUser = 'clerk') {
  return t.app.inject({ method: 'GET', url, headers: await t.as(user) });
}
async function queueItem(user: TestUser, code: string) {
  return (await get('/api/work-queue', user)).json().items.find((i: { code: string }) => i.code === code) as { actions: string[] } | undefined;
}
/** A birth registration carried to "ready" by the people whose steps they are. */
async function readyDossier(returnMethod: 'at_centre' | 'post' | 'online'): Promise<string> {
  const { code } = (await intake(t, anIntake({ returnMethod }))).json();
  ok(await act(code, 'clerk', { type: 'complete-step' }));
  ok(await act(code, 'officer', { type: 'complete-step' }));
  ok(await act(code, 'leader', { type: 'complete-step' }));
  ok(await act(code, 'clerk', { type: 'result-ready' }));
  return code;
}
const row = (code: string) => t.db.prepare('SELECT status, return_method, returned_by_method FROM dossiers WHERE code = ?').get(code);

describe('how a result goes back: one vocabulary for intake and return', () => {
  it('an electronic result promised at intake is handed over electronically, end to end', async () => {
    const code = await readyDossier('online');
    expect((await get(`/api/dossiers/${code}`)).json().returnMethod).toBe('online');
    expect((await queueItem('clerk', code))?.actions).toContain('return-result');
    const res = ok(await act(code, 'clerk', { type: 'return-result', method: 'online' }));
    expect(res.json().status).toBe('returned');
    expect(res.json().history.at(-1)).toMatchObject({ kind: 'returned', data: { method: 'online' } });
    expect(row(code)).toEqual({ status: 'returned', return_method: 'online', returned_by_method: 'online' });
    expect(checkState(t.db).mismatches).toEqual([]);
  });

  it('each method of the vocabulary is accepted; the older "counter" is read as "at_centre"; anything else changes nothing', async () => {
    const post = await readyDossier('post');
    ok(await act(post, 'clerk', { type: 'return-result', method: 'post' }));
    expect(row(post)).toMatchObject({ returned_by_method: 'post' });
    const older = await readyDossier('at_centre');
    const res = ok(await act(older, 'clerk', { type: 'return-result', method: 'counter' }));
    expect(res.json().history.at(-1)).toMatchObject({ kind: 'returned', data: { method: 'at_centre' } });
    expect(row(older)).toMatchObject({ returned_by_method: 'at_centre' });

    const other = await readyDossier('at_centre');
    for (const body of [{ type: 'return-result', method: 'email' }, { type: 'return-result' }]) {
      const bad = await act(other, 'clerk', body);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(row(other)).toEqual({ status: 'ready', return_method: 'at_centre', returned_by_method: null });
  });
});

describe('the supplement window, per procedure', () => {
  const ask = { type: 'request-supplement', reason: 'Thiếu bản vẽ mặt bằng', documents: [{ name: 'Bản vẽ thiết kế xây dựng', basis: 'Điều 95 Luật Xây dựng' }] };

  it('the catalogue gives each procedure its window: its own with its basis, else the centre’s setting', async () => {
    const permit = (await t.app.inject({ method: 'GET', url: '/api/procedures/1.013225' })).json();
    expect(permit).toMatchObject({ supplementWindowDays: 7 });
    expect(permit.supplementWindowBasis).toMatch(/Luật Xây dựng/);
    expect((await t.app.inject({ method: 'GET', url: '/api/procedures/1.004873' })).json()).toMatchObject({ supplementWindowDays: 3, supplementWindowBasis: null });
    // The centre's setting is the default of every procedure that says nothing, and only of those.
    t.db.prepare('UPDATE centre SET supplement_window_minutes = 2400').run();
    const all = (await t.app.inject({ method: 'GET', url: '/api/procedures' })).json() as { code: string; supplementWindowDays: number }[];
    for (const p of all) expect(p.supplementWindowDays, p.code).toBe(p.code === '1.013225' ? 7 : 5);
  });

  it('a building permit may still be asked to complete after the centre’s 3 days (its law gives 7), and the queue offers it', async () => {
    const { code } = (await intake(t, anIntake({ procedureCode: '1.013225' }))).json(); // 7 days: due Fri 04/12 09:00
    ok(await act(code, 'clerk', { type: 'complete-step' }));
    t.clock.set('2026-12-01T09:30:00+07:00'); // 4 working days after receipt
    expect((await queueItem('officer.kt', code))?.actions).toContain('request-supplement');
    const res = ok(await act(code, 'officer.kt', ask));
    expect(res.json().status).toBe('awaiting_supplement');
  });

  it('past the procedure’s own window the request is refused, recorded, and the queue no longer offers it', async () => {
    // A works permit (10 days, due Wed 09/12 09:00): its window still 7 days.
    const { code } = (await intake(t, anIntake({ procedureCode: '1.013225', timeLimitVariant: 'cong-trinh' }))).json();
    ok(await act(code, 'clerk', { type: 'complete-step' }));
    t.clock.set('2026-12-04T09:01:00+07:00'); // 7 working days and a minute after receipt
    expect((await queueItem('officer.kt', code))?.actions).not.toContain('request-supplement');
    const res = await act(code, 'officer.kt', ask);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'SUPPLEMENT_WINDOW_PASSED', details: { windowWorkingDays: 7 } });
    const detail = (await get(`/api/dossiers/${code}`)).json();
    expect(detail.status).toBe('processing');
    expect(detail.history.at(-1)).toMatchObject({ kind: 'supplement_request_refused', data: { why: 'SUPPLEMENT_WINDOW_PASSED' } });
  });
});

describe('time-limit variants', () => {
  it('the catalogue lists a procedure’s variants with their basis, limit and steps, sourced or proposed', async () => {
    const land = (await t.app.inject({ method: 'GET', url: '/api/procedures/1.115520' })).json();
    expect(land.timeLimitHours).toBe(104);
    expect(land.timeLimitVariants).toEqual([
      expect.objectContaining({ key: 'mien-nui-hai-dao', timeLimitHours: 184, stepHours: [4, 148, 8, 12, 8, 4], sourced: true, name: { vi: expect.stringMatching(/^Xã miền núi, hải đảo/), en: expect.stringMatching(/^Mountain, island/) } }),
    ]);
    expect(land.timeLimitVariants[0].basis).toMatch(/23 ngày làm việc/);
    const marriage = (await t.app.inject({ method: 'GET', url: '/api/procedures/1.000894' })).json();
    expect(marriage.timeLimitVariants[0]).toMatchObject({ key: 'xac-minh', timeLimitHours: 40, sourced: false });
    expect((await t.app.inject({ method: 'GET', url: '/api/procedures/1.001193' })).json().timeLimitVariants).toEqual([]);
  });

  it('the preview uses the variant picked: its limit, its steps and "why this date" naming it', async () => {
    const standard = (await get('/api/intake/preview?procedureCode=1.115520')).json();
    expect(standard).toMatchObject({ timeLimitHours: 104, timeLimitVariant: null, dueAt: '2026-12-14T09:00:00+07:00' });
    const res = await get('/api/intake/preview?procedureCode=1.115520&timeLimitVariant=mien-nui-hai-dao');
    expect(res.statusCode).toBe(200);
    const p = res.json();
    // 23 working days from Wed 25/11 09:00, over the weekends: Mon 28/12 09:00.
    expect(p).toMatchObject({ timeLimitHours: 184, timeLimitLabel: { vi: '23 ngày làm việc' }, dueAt: '2026-12-28T09:00:00+07:00', timeLimitVariant: { key: 'mien-nui-hai-dao' } });
    expect(p.steps.map((s: { allottedHours: number }) => s.allottedHours)).toEqual([4, 148, 8, 12, 8, 4]);
    expect(p.explanation.vi).toMatch(/^Thời hạn theo trường hợp «Xã miền núi, hải đảo, vùng có điều kiện kinh tế - xã hội khó khăn»: 23 ngày làm việc/);
    expect(p.explanation.en).toMatch(/^Time limit for the case «Mountain, island or disadvantaged commune»: 23 working days/);
  });

  it('intake stores the variant: the dossier, its steps, its history, the kiosk’s "why this date" and the receipt name it', async () => {
    const res = await intake(t, anIntake({ procedureCode: '1.115520', timeLimitVariant: 'mien-nui-hai-dao' }));
    expect(res.statusCode).toBe(201);
    const { code, lookupKey, dueAt } = res.json();
    expect(dueAt).toBe('2026-12-28T09:00:00+07:00');
    const detail = (await get(`/api/dossiers/${code}`)).json();
    expect(detail.timeLimitVariant).toMatchObject({ key: 'mien-nui-hai-dao', vi: expect.stringMatching(/^Xã miền núi/) });
    expect(detail.procedure.timeLimitHours).toBe(184);
    expect(detail.steps.map((s: { allottedHours: number }) => s.allottedHours)).toEqual([4, 148, 8, 12, 8, 4]);
    expect(detail.steps.at(-1).dueAt).toBe(dueAt);
    expect(detail.history[0]).toMatchObject({ kind: 'received', data: { timeLimitVariant: 'mien-nui-hai-dao', dueAt } });
    const kiosk = (await t.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${lookupKey}` })).json();
    expect(kiosk.dueExplanation.vi).toContain('«Xã miền núi, hải đảo');
    expect(kiosk.dueExplanation.en).toContain('«Mountain, island or disadvantaged commune»');

    const pdf = await get(`/api/dossiers/${code}/receipt.pdf`);
    expect(pdf.statusCode).toBe(200);
    const file = join(dir, 'receipt.pdf');
    writeFileSync(file, pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('3. Thời gian giải quyết hồ sơ theo quy định là: 23 ngày làm việc (184 giờ làm việc), trường hợp: Xã miền núi, hải đảo, vùng có điều kiện kinh tế - xã hội khó khăn');
    expect(text).toContain('ngày 28 tháng 12 năm 2026');
    expect(checkState(t.db).mismatches).toEqual([]);
  });

  it('without a variant the standard limit applies and nothing is named', async () => {
    const { code } = (await intake(t, anIntake({ procedureCode: '1.115520' }))).json();
    const detail = (await get(`/api/dossiers/${code}`)).json();
    expect(detail).toMatchObject({ timeLimitVariant: null, dueAt: '2026-12-14T09:00:00+07:00' });
    expect(detail.dueExplanation.vi).not.toContain('trường hợp');
    expect(detail.history[0].data).not.toHaveProperty('timeLimitVariant');
  });

  it('a variant is counted in working hours, never as same-day: marriage needing verification received after 15:00', async () => {
    t.clock.set('2026-11-25T16:00:00+07:00');
    const { code } = (await intake(t, anIntake({ procedureCode: '1.000894', timeLimitVariant: 'xac-minh' }))).json();
    const detail = (await get(`/api/dossiers/${code}`)).json();
    // 5 working days (40 h) from Wed 16:00: Wed 16:00 next week.
    expect(detail.dueAt).toBe('2026-12-02T16:00:00+07:00');
    expect(detail.dueExplanation.vi).toMatch(/^Thời hạn theo trường hợp «Cần xác minh điều kiện kết hôn»: 5 ngày làm việc \(40 giờ làm việc\)/);
  });

  it('refuses a variant the procedure does not have, and saves nothing', async () => {
    const before = (t.db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n;
    for (const [procedureCode, variant] of [['1.115520', 'hai-dao'], ['1.001193', 'mien-nui-hai-dao'], ['1.004873', 'cong-trinh']]) {
      const res = await intake(t, anIntake({ procedureCode, timeLimitVariant: variant }));
      expect(res.statusCode, `${procedureCode} ${variant}`).toBe(400);
      expect(res.json().error.code).toBe('UNKNOWN_TIME_LIMIT_VARIANT');
      const preview = await get(`/api/intake/preview?procedureCode=${procedureCode}&timeLimitVariant=${variant}`);
      expect(preview.statusCode).toBe(400);
    }
    expect((await intake(t, anIntake({ procedureCode: '1.115520', timeLimitVariant: '' }))).statusCode).toBe(400);
    expect((t.db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n).toBe(before);
  });

  it('a supplement that restarts the clock keeps the variant’s limit and names it again', async () => {
    const { code } = (await intake(t, anIntake({ procedureCode: '1.013225', timeLimitVariant: 'cong-trinh' }))).json();
    ok(await act(code, 'clerk', { type: 'complete-step' }));
    ok(await act(code, 'officer.kt', { type: 'request-supplement', reason: 'Thiếu bản vẽ mặt bằng', documents: [{ name: 'Bản vẽ thiết kế xây dựng', basis: 'Điều 95 Luật Xây dựng' }] }));
    t.clock.set('2026-11-26T10:00:00+07:00');
    const res = ok(await act(code, 'clerk', { type: 'receive-supplement' }));
    // 10 working days again from Thu 26/11 10:00: Thu 10/12 10:00.
    expect(res.json().dueAt).toBe('2026-12-10T10:00:00+07:00');
    expect(res.json().dueExplanation.vi).toContain('Thời hạn theo trường hợp «Công trình cấp III, cấp IV (không phải nhà ở riêng lẻ)»');
  });
});
