// The control sheet and the register, read back with pdftotext as a reader would.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, anIntake, intake, testApp } from '../../test/helpers.ts';

let t: TestApp | undefined;
const dir = mkdtempSync(join(tmpdir(), 'motcua-slips-'));
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function pdfText(url: string, role: 'clerk' | 'officer' = 'clerk', layout = true): Promise<{ status: number; text: string; info: string; body: string }> {
  const res = await t!.app.inject({ method: 'GET', url, headers: await t!.as(role) });
  if (res.statusCode !== 200) return { status: res.statusCode, text: '', info: '', body: res.body };
  const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, res.rawPayload);
  const text = execFileSync('pdftotext', [layout ? '-layout' : '-raw', file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  rmSync(file);
  return { status: 200, text, info, body: '' };
}

describe('GET /api/dossiers/:code/slips/:kind.pdf', () => {
  it('prints the control sheet: the heading, one row per handover, filled from the history where it happened', async () => {
    t = await testApp({ now: '2026-11-25T09:07:00+07:00' });
    const { code } = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json();
    t.db.prepare("UPDATE dossier_steps SET state = 'done', completed_at = '2026-11-25T10:00:00+07:00' WHERE seq = 1").run();
    const { status, text, info } = await pdfText(`/api/dossiers/${code}/slips/control-sheet.pdf`, 'clerk', false);
    expect(status).toBe(200);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89/);
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of [
      'Mẫu số 06', // the 2025 set: the control sheet is form 06 since 01/07/2025
      'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
      `Mã hồ sơ: ${code}`,
      'Nguyễn Thị Hồng Nhung',
      'Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 07 phút, ngày 30 tháng 11 năm 2026',
      '1. Giao: Trung tâm Phục vụ hành chính công xã',
      '10 giờ 00 phút, ngày 25 tháng 11 năm 2026',
      'Trước hạn',
      '3. Giao: Lãnh đạo UBND xã',
      'Mã kiểm tra lịch sử hồ sơ:',
    ]) {
      expect(flat).toContain(expected);
    }
    // Printing it is recorded.
    const history = (await t.app.inject({ method: 'GET', url: `/api/dossiers/${code}`, headers: await t.as('officer') })).json().history;
    expect(history.at(-1)).toMatchObject({ kind: 'printed', data: { document: 'control-sheet', layout: 'a4', reprint: 0 } });
  });

  it('fits the control sheet of a 4-step procedure on one A5 page', async () => {
    t = await testApp({ now: '2026-11-25T09:07:00+07:00' });
    const { code } = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json();
    const r = await pdfText(`/api/dossiers/${code}/slips/control-sheet.pdf?layout=a5`, 'clerk', false);
    expect(r.info).toMatch(/Pages:\s+1\n[\s\S]*Page size:\s+419\.53 x 595\.28/);
    expect(r.text.replace(/\s+/g, ' ')).toContain('3. Giao: Lãnh đạo UBND xã');
  });

  it('uses the 2018 set for a dossier received before 01/07/2025 (control sheet = Mẫu số 05)', async () => {
    t = await testApp({ now: '2025-06-30T09:00:00+07:00' });
    const { code } = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json();
    expect((await pdfText(`/api/dossiers/${code}/slips/control-sheet.pdf`)).text).toContain('Mẫu số 05');
  });

  it('prints the supplement request, refusal, apology and stop notice from the acts in the history, each in the form of its date', async () => {
    t = await testApp({ now: '2026-11-25T09:07:00+07:00' });
    const { code } = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json();
    const id = (t.db.prepare('SELECT id FROM dossiers WHERE code = ?').get(code) as { id: number }).id;
    const officer = (t.db.prepare("SELECT id FROM staff WHERE username = 'officer'").get() as { id: number }).id;
    const act = (kind: string, data: object) =>
      t!.db.prepare('INSERT INTO dossier_events (dossier_id, at, kind, actor_id, data) VALUES (?, ?, ?, ?, ?)').run(id, '2026-11-26T10:00:00+07:00', kind, officer, JSON.stringify(data));
    act('supplement_requested', { reason: 'Thiếu giấy tờ chứng minh nơi cư trú', documents: [{ name: 'Xác nhận thông tin về cư trú', basis: 'Nghị định 123/2015/NĐ-CP', originals: 1, copies: 0 }] });
    act('refused', { reason: 'Người yêu cầu không thuộc thẩm quyền của xã' });
    act('apologized', { reason: 'Chờ kết quả xác minh từ địa phương khác', newDueAt: '2026-12-04T16:00:00+07:00', department: 'Văn phòng HĐND và UBND xã' });
    act('stopped', { reason: 'Người nộp hồ sơ đề nghị dừng giải quyết' });
    const expectations: Record<string, string[]> = {
      'supplement-request': ['Mẫu số 02', 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', 'Xác nhận thông tin về cư trú', 'Nghị định 123/2015/NĐ-CP', 'Lý do: Thiếu giấy tờ chứng minh nơi cư trú'],
      refusal: ['Mẫu số 03', 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', 'Lý do: Người yêu cầu không thuộc thẩm quyền của xã'],
      apology: ['Mẫu số 04', 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT', '09 giờ 07 phút, ngày 30 tháng 11 năm 2026', 'Thời gian hẹn trả kết quả mới: 16 giờ 00 phút, ngày 04 tháng 12 năm 2026', 'Văn phòng HĐND và UBND xã xin lỗi'],
      'stop-notice': ['Mẫu số 05', 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ', 'Người nộp hồ sơ đề nghị dừng giải quyết'],
    };
    for (const [kind, words] of Object.entries(expectations)) {
      for (const layout of ['a4', 'a5']) {
        const r = await pdfText(`/api/dossiers/${code}/slips/${kind}.pdf?layout=${layout}`, 'clerk', false);
        expect(r.status, `${kind} ${layout}`).toBe(200);
        // Compared without white space: narrow A5 columns wrap "NĐ-CP" at its hyphen.
        const flat = r.text.replace(/\s+/g, '');
        for (const w of [...words, 'Nguyễn Thị Hồng Nhung', `Mã hồ sơ: ${code}`, 'Cán bộ officer']) expect(flat, `${kind} ${layout}`).toContain(w.replace(/\s+/g, ''));
      }
    }
  });

  it('prints a plain stop notice, without a form number, for a dossier stopped before 01/07/2025 (the 2018 set had no stop form)', async () => {
    t = await testApp({ now: '2025-06-27T09:00:00+07:00' });
    const { code } = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json();
    t.clock.set('2025-06-30T10:00:00+07:00');
    const stopped = await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as('clerk'), payload: { type: 'stop', reason: 'Người nộp hồ sơ đề nghị dừng giải quyết' } });
    expect(stopped.statusCode).toBe(200);
    for (const layout of ['a4', 'a5']) {
      const r = await pdfText(`/api/dossiers/${code}/slips/stop-notice.pdf?layout=${layout}`, 'clerk', false);
      expect(r.status, r.body).toBe(200);
      const flat = r.text.replace(/\s+/g, ' ');
      for (const w of ['THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ', `Mã hồ sơ: ${code}`, 'ngày 30 tháng 06 năm 2025', 'Nguyễn Thị Hồng Nhung']) expect(flat, layout).toContain(w);
      expect(r.text.replace(/\s+/g, ''), layout).toContain('Lýdo:Ngườinộphồsơđềnghịdừnggiảiquyết');
      expect(flat, layout).not.toContain('Mẫu số');
    }
    // The same act a day later is on the 2025 form.
    await t.close();
    t = await testApp({ now: '2025-07-01T09:00:00+07:00' });
    const later = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json().code as string;
    await t.app.inject({ method: 'POST', url: `/api/dossiers/${later}/actions`, headers: await t.as('clerk'), payload: { type: 'stop', reason: 'Người nộp hồ sơ đề nghị dừng giải quyết' } });
    expect((await pdfText(`/api/dossiers/${later}/slips/stop-notice.pdf`, 'clerk', false)).text).toContain('Mẫu số 05');
  });

  it('answers 404 SLIP_NOT_AVAILABLE for an act the dossier never had, and refuses a roll or an unknown kind', async () => {
    t = await testApp({ now: '2026-11-25T09:07:00+07:00' });
    const { code } = (await intake(t)).json();
    for (const kind of ['supplement-request', 'refusal', 'apology']) {
      const r = await pdfText(`/api/dossiers/${code}/slips/${kind}.pdf`);
      expect(r.status).toBe(404);
      expect(JSON.parse(r.body).error.code).toBe('SLIP_NOT_AVAILABLE');
    }
    expect((await pdfText(`/api/dossiers/${code}/slips/control-sheet.pdf?layout=thermal`)).status).toBe(400);
    expect((await pdfText(`/api/dossiers/${code}/slips/poster.pdf`)).status).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/dossiers/${code}/slips/control-sheet.pdf` })).statusCode).toBe(401);
  });
});

describe('GET /api/register.pdf', () => {
  it('lists the dossiers received in the range, A4 landscape, numbered as in the register', async () => {
    t = await testApp({ now: '2026-11-24T09:00:00+07:00' });
    const before = (await intake(t)).json();
    t.clock.set('2026-11-25T09:07:00+07:00');
    const a = (await intake(t, anIntake({ procedureCode: '1.004873', applicant: { fullName: 'Lê Văn Tám' } }))).json();
    const b = (await intake(t)).json();
    t.clock.set('2026-11-30T09:00:00+07:00');
    const after = (await intake(t)).json();
    const { status, text, info } = await pdfText('/api/register.pdf?from=2026-11-25&to=2026-11-29');
    expect(status).toBe(200);
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28/);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(flat).toContain('Mẫu số 07');
    expect(flat).toContain('Từ ngày 25/11/2026 đến ngày 29/11/2026');
    expect(flat).toContain('Lê Văn Tám');
    for (const c of [a.code, b.code]) expect(flat).toContain(c);
    for (const c of [before.code, after.code]) expect(flat).not.toContain(c);
    // A register is a read of many applicants' data: recorded once, with its range (the clerk received both: both in full).
    const audit = t.db.prepare("SELECT detail FROM audit_log WHERE action = 'print_register'").all() as { detail: string }[];
    expect(audit.map((r) => JSON.parse(r.detail))).toEqual([{ from: '2026-11-25', to: '2026-11-29', dossiers: 2, particularsShown: 2 }]);
    // Every applicant's address and phone: not for every officer.
    expect((await pdfText('/api/register.pdf?from=2026-11-25&to=2026-11-29', 'officer')).status).toBe(403);
  });

  it.each([
    ['a bad date', 'from=2026-02-30&to=2026-03-01'],
    ['the end before the start', 'from=2026-11-29&to=2026-11-25'],
    ['more than a year', 'from=2024-01-01&to=2026-01-01'],
    ['a missing end', 'from=2026-11-25'],
  ])('refuses %s with 400', async (_name, query) => {
    t = await testApp();
    const r = await pdfText(`/api/register.pdf?${query}`);
    expect(r.status).toBe(400);
  });
});
