// The report downloads over HTTP, on a week made by the real actions: the figures in every format
// equal GET /api/supervision/summary's for the same week; who may download; bad periods; the audit log.
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupervisionSummary } from '../../shared/contracts.ts';
import { type TestApp, type TestUser, anIntake, intake, testApp } from '../../test/helpers.ts';

let t: TestApp;
let summary: SupervisionSummary;
const dir = mkdtempSync(join(tmpdir(), 'motcua-reports-'));
const codes: Record<string, string> = {};

async function act(code: string, user: TestUser, body: object) {
  const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(user), payload: body });
  if (res.statusCode !== 200) throw new Error(`${JSON.stringify(body)}: ${res.statusCode} ${res.body}`);
}

/**
 * Week 48 of 2026 (Mon 23/11 – Sun 29/11; Tue 24/11 is Culture Day, a day off): two birth
 * registrations whose VP-TPHT step the officer finished late, one handed back and rated; a
 * marital-status certificate re-appointed with an apology; a birth registration left with the
 * officer, overdue by Monday morning, when the report is made.
 */
beforeAll(async () => {
  t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
  for (const name of ['a', 'd']) {
    const created = (await intake(t)).json();
    codes[name] = created.code;
    codes[`${name}Key`] = created.lookupKey;
  }
  t.clock.set('2026-11-25T09:20:00+07:00');
  for (const name of ['a', 'd']) {
    await act(codes[name]!, 'clerk', { type: 'complete-step' });
    await act(codes[name]!, 'officer', { type: 'accept-step' });
  }
  t.clock.set('2026-11-25T16:30:00+07:00'); // the VP-TPHT steps were due 15:30
  for (const name of ['a', 'd']) await act(codes[name]!, 'officer', { type: 'complete-step' });
  t.clock.set('2026-11-25T16:40:00+07:00');
  await act(codes.a!, 'leader', { type: 'complete-step' });
  await act(codes.a!, 'clerk', { type: 'result-ready' });
  t.clock.set('2026-11-26T10:00:00+07:00');
  await act(codes.a!, 'clerk', { type: 'return-result', method: 'counter' });
  const rated = await t.app.inject({ method: 'POST', url: '/api/kiosk/rating', payload: { key: codes.aKey, level: 'dissatisfied', reasons: [] }, remoteAddress: '192.168.1.23' });
  if (rated.statusCode >= 300) throw new Error(rated.body);

  t.clock.set('2026-11-25T10:00:00+07:00');
  const b = (await intake(t, anIntake({ procedureCode: '1.004873', applicant: { fullName: 'Trần Thị Bích Ngọc' } }))).json(); // 3 days
  codes.b = b.code;
  await act(b.code, 'clerk', { type: 'complete-step' });
  await act(b.code, 'officer', { type: 'complete-step' });
  t.clock.set('2026-11-26T11:00:00+07:00');
  await act(b.code, 'leader', { type: 'apologize', reason: 'Chờ kết quả xác minh từ xã khác', newDueAt: '2026-12-03T16:00:00+07:00' });

  t.clock.set('2026-11-26T14:00:00+07:00');
  const c = (await intake(t)).json();
  codes.c = c.code;
  await act(c.code, 'clerk', { type: 'complete-step' });
  await act(c.code, 'officer', { type: 'accept-step' });

  t.clock.set('2026-11-30T08:00:00+07:00'); // Monday morning, before the briefing
  const res = await t.app.inject({ method: 'GET', url: '/api/supervision/summary?from=2026-11-23&to=2026-11-29', headers: await t.as('supervisor') });
  if (res.statusCode !== 200) throw new Error(res.body);
  summary = res.json();
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (url: string, user: TestUser | null = 'supervisor') => t.app.inject({ method: 'GET', url, headers: user ? await t.as(user) : {} });
const pdftotext = (file: string, page?: number) =>
  execFileSync('pdftotext', [...(page ? ['-f', `${page}`, '-l', `${page}`] : []), file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

function csvRows(text: string): string[][] {
  // Fields here hold no quotes or line breaks except department names with a comma (quoted).
  return text.split('\r\n').filter(Boolean).map((line) => [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')));
}

const FIGURES = ['received', 'finished', 'early', 'onTime', 'late', 'openNow', 'overdueNow', 'dueWithinOneDay', 'apologies', 'supplementRequests', 'secondSupplementAttempts', 'supplementAttemptsAfterApology', 'supplementAttemptsAfterWindow', 'supplementAttemptsAfterDue'] as const;

describe('GET /api/reports/weekly.*', { timeout: 60_000 }, () => {
  it('the CSV holds the very figures of /api/supervision/summary for the week, the centre and every department', async () => {
    const res = await get('/api/reports/weekly.csv?week=2026-W48');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="bao-cao-tuan-2026-W48.csv"');
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csvRows(res.rawPayload.toString('utf8').slice(1));
    const head = rows[0]!;
    const keyOf = { received: 'Tiếp nhận', finished: 'Đã giải quyết', early: 'Trước hạn', onTime: 'Đúng hạn', late: 'Quá hạn', openNow: 'Đang giải quyết', overdueNow: 'Đang quá hạn', dueWithinOneDay: 'Đến hạn trong 1 ngày làm việc', apologies: 'Xin lỗi, hẹn lại', supplementRequests: 'Yêu cầu bổ sung', secondSupplementAttempts: 'Yêu cầu bổ sung lần hai (bị chặn)', supplementAttemptsAfterApology: 'Yêu cầu bổ sung sau khi đã xin lỗi (bị chặn)', supplementAttemptsAfterWindow: 'Yêu cầu bổ sung quá thời hạn được yêu cầu (bị chặn)', supplementAttemptsAfterDue: 'Yêu cầu bổ sung khi đã quá ngày hẹn trả (bị chặn)' } as const;
    const figuresOf = (row: string[]) => Object.fromEntries(FIGURES.map((k) => [k, Number(row[head.indexOf(keyOf[k])])]));
    const pick = (f: SupervisionSummary['totals']) => Object.fromEntries(FIGURES.map((k) => [k, f[k]]));
    const centre = rows.find((r) => r[0] === 'Tổng hợp' && r[head.indexOf('Cấp')] === 'Toàn trung tâm')!;
    expect(figuresOf(centre)).toEqual(pick(summary.totals));
    expect(summary.totals.received).toBe(4);
    expect(summary.totals.apologies).toBe(1);
    for (const d of summary.byDepartment) {
      const row = rows.find((r) => r[0] === 'Tổng hợp' && r[head.indexOf('Mã đơn vị')] === d.department.code)!;
      expect(figuresOf(row)).toEqual(pick(d.figures));
      expect(row[head.indexOf('Tỷ lệ quá hạn')]).toBe(d.figures.lateRate === null ? '' : String(d.figures.lateRate));
    }
    const vp = summary.byDepartment.find((d) => d.department.code === 'VP-TPHT')!.figures;
    expect(vp.late).toBe(2);
    // Each late step named with its officer and "chưa có lý do"; the apology with its reason and new date.
    const late = rows.filter((r) => r[0] === 'Hồ sơ trễ hạn' && r[head.indexOf('Mã đơn vị')] === 'VP-TPHT');
    expect(late.map((r) => r[head.indexOf('Mã hồ sơ')]).sort()).toEqual([codes.a, codes.c, codes.d].sort());
    expect(new Set(late.map((r) => r[head.indexOf('Cán bộ')]))).toEqual(new Set(['Cán bộ officer']));
    expect(new Set(late.map((r) => r[head.indexOf('Lý do')]))).toEqual(new Set(['chưa có lý do']));
    const apology = rows.find((r) => r[0] === 'Xin lỗi, hẹn lại')!;
    expect(apology[head.indexOf('Mã hồ sơ')]).toBe(codes.b);
    expect(apology[head.indexOf('Lý do')]).toBe('Chờ kết quả xác minh từ xã khác');
    expect(apology[head.indexOf('Hẹn trả mới')]).toBe('2026-12-03T16:00:00+07:00');
    const apologized = summary.byDepartment.find((d) => d.department.code === apology[head.indexOf('Mã đơn vị')])!;
    expect(apologized.figures.apologies).toBe(1);
  });

  it('counts a rating once for each department on the rated dossier\'s path, however many of its steps a department had', async () => {
    const rows = csvRows((await get('/api/reports/weekly.csv?week=2026-W48')).rawPayload.toString('utf8').slice(1));
    const head = rows[0]!;
    const ratings: Record<string, number> = Object.fromEntries(rows.filter((r) => r[0] === 'Đánh giá của người dân').map((r) => [r[head.indexOf('Mã đơn vị')], Number(r[head.indexOf('Lượt đánh giá')])]));
    // The rated birth registration went centre → VP-TPHT → LD-UBND → centre: the centre had two of its steps.
    expect(ratings).toMatchObject({ TTPVHCC: 1, 'VP-TPHT': 1, 'LD-UBND': 1 });
    expect(Object.values(ratings).reduce((n, x) => n + x, 0)).toBe(3);
  });

  it('the PDF: page 1 the week, a page per department, the same numbers, and the download audited', async () => {
    const res = await get('/api/reports/weekly.pdf?week=2026-W48', 'leader');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('inline; filename="bao-cao-tuan-2026-W48.pdf"');
    const file = join(dir, 'weekly.pdf');
    writeFileSync(file, res.rawPayload);
    const active = summary.byDepartment.filter((d) => FIGURES.some((k) => d.figures[k] > 0));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBe(1 + active.length);
    const first = pdftotext(file, 1);
    expect(first).toContain('Tuần 48 (23/11–29/11/2026)');
    expect(first).toContain('tính đến 08:00 30/11/2026');
    expect(first).toMatch(new RegExp(`Tiếp nhận trong tuần ${summary.totals.received} `));
    expect(first).toContain(`Trang 1/${pages}`);
    expect(first).toContain('Dữ liệu minh họa'); // the shipped centre is the fictional demo one
    const all = pdftotext(file);
    for (const d of active) expect(all).toContain(d.department.name.toLocaleUpperCase('vi'));
    expect(all).toContain(codes.c);
    expect(all).toContain('chưa có lý do');
    expect(all).toContain('Chờ kết quả xác minh từ xã khác');
    expect(all).toContain('03/12/2026');
    const audit = t.db.prepare("SELECT a.detail, s.username FROM audit_log a JOIN staff s ON s.id = a.staff_id WHERE a.action = 'download_report' ORDER BY a.id").all() as { detail: string; username: string }[];
    expect(audit.at(-1)).toMatchObject({ username: 'leader' });
    expect(JSON.parse(audit.at(-1)!.detail)).toMatchObject({ report: 'weekly', period: '2026-W48', file: 'bao-cao-tuan-2026-W48.pdf' });
  });

  it('the XLSX has the same figures as numbers', async () => {
    const res = await get('/api/reports/weekly.xlsx?week=2026-W48', 'admin');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="bao-cao-tuan-2026-W48.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Tổng hợp')!;
    const head = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(sheet.getRow(2).getCell(head.indexOf('Tiếp nhận') + 1).value).toBe(summary.totals.received);
    expect(sheet.getRow(2).getCell(head.indexOf('Quá hạn') + 1).value).toBe(summary.totals.late);
    expect(sheet.getRow(2).getCell(head.indexOf('Đang quá hạn') + 1).value).toBe(summary.totals.overdueNow);
  });

  it('is for supervisors, leaders and administrators; a bad week is a 400 in the one error shape', async () => {
    expect((await get('/api/reports/weekly.pdf?week=2026-W48', 'clerk')).statusCode).toBe(403);
    expect((await get('/api/reports/weekly.csv?week=2026-W48', 'officer')).json().error.code).toBe('FORBIDDEN');
    expect((await get('/api/reports/weekly.xlsx?week=2026-W48', null)).statusCode).toBe(401);
    for (const week of ['2026-W54', '2026-48', '2026-W00', 'tuần 48', '']) {
      const res = await get(`/api/reports/weekly.pdf?week=${encodeURIComponent(week)}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'INVALID_PERIOD', message: expect.stringContaining('2026-W48') });
    }
    expect((await get('/api/reports/weekly.pdf')).json().error.code).toBe('INVALID_PERIOD');
    expect((await get('/api/reports/weekly.pdf?week=2026-W48&x=1')).statusCode).toBe(400);
  });
});

describe('GET /api/reports/scores.*', { timeout: 60_000 }, () => {
  it('the month\'s and the year\'s score tables, with the service\'s numbers', async () => {
    const json = (await get('/api/supervision/scores?period=2026-11')).json();
    const csv = await get('/api/reports/scores.csv?month=2026-11');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="bang-diem-thi-dua-2026-11.csv"');
    const rows = csvRows(csv.rawPayload.toString('utf8').slice(1));
    const head = rows[0]!;
    const centre = rows.find((r) => r[0] === 'Cơ quan, đơn vị' && r[head.indexOf('Cấp')] === 'Toàn trung tâm')!;
    expect(Number(centre[head.indexOf('Số hồ sơ')])).toBe(json.centre.dossiers);
    for (const o of json.officials) {
      const row = rows.find((r) => r[0] === 'Cán bộ, công chức' && r[head.indexOf('Tên đăng nhập')] === o.officer.username)!;
      expect(row[head.indexOf('Điểm')]).toBe(o.score === null ? '' : String(o.score));
      expect(Number(row[head.indexOf('Lượt đánh giá')])).toBe(o.ratings.count);
    }
    const pdf = await get('/api/reports/scores.pdf?year=2026', 'leader');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-disposition']).toBe('inline; filename="bang-diem-thi-dua-2026.pdf"');
    const file = join(dir, 'scores.pdf');
    writeFileSync(file, pdf.rawPayload);
    expect(pdftotext(file)).toContain('Năm 2026 (01/01/2026–31/12/2026)');
    expect((await get('/api/reports/scores.xlsx?quarter=2026-Q4')).statusCode).toBe(200);
  });

  it('a bad or ambiguous period is a 400', async () => {
    for (const q of ['month=2026-13', 'month=2026-1', 'year=26', 'month=2026-11&year=2026', '', 'quarter=2026-Q5', 'month=2026-W48']) {
      const res = await get(`/api/reports/scores.pdf?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('INVALID_PERIOD');
    }
    expect((await get('/api/reports/scores.pdf?month=2026-11', 'clerk')).statusCode).toBe(403);
  });
});
