// The reports' files checked from outside, as a reader would: the PDFs through pdftotext, pdfinfo
// and pdftoppm (poppler-utils), the CSV as bytes, the XLSX read back by exceljs. Renderers only,
// from contract-shaped fixtures; reports.test.ts drives the real service.
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { timelinessRuleOf } from '../../shared/vocabulary.ts';
import { missingGlyphs } from '../receipts/fonts.ts';
import { toCsv } from './csv.ts';
import { aCentre, aLateRow, aScoresReport, aWeeklyReport } from './fixtures.ts';
import { renderScoresPdf } from './scores-pdf.ts';
import { scoresTables, weeklyTables } from './tables.ts';
import { lastFullWeek, weekLabel } from './model.ts';
import { renderWeeklyPdf } from './weekly-pdf.ts';
import { toXlsx } from './xlsx.ts';

const dir = mkdtempSync(join(tmpdir(), 'motcua-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, body: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, body);
  return file;
}
/** The page's words in reading order, a cell's wrapped lines joined by a space. */
const pdftotext = (file: string, page?: number) =>
  execFileSync('pdftotext', [...(page ? ['-f', `${page}`, '-l', `${page}`] : []), file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
const pages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
const pageSize = (file: string) => /Page size:\s+([\d.]+) x ([\d.]+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))!.slice(1).map(Number);

/** A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('the weekly report PDF', { timeout: 60_000 }, () => {
  it('puts the summary on page 1 and a page for each department, in Vietnamese that comes back exactly', async () => {
    const report = aWeeklyReport();
    const file = save('weekly.pdf', await renderWeeklyPdf(report));
    expect(pages(file)).toBe(1 + report.departments.length);
    expect(pageSize(file)).toEqual([595.28, 841.89]); // A4 portrait
    const first = pdftotext(file, 1).normalize('NFC');
    for (const expected of [
      'BÁO CÁO',
      'Kết quả giải quyết hồ sơ thủ tục hành chính',
      'Tuần 48 (23/11–29/11/2026)',
      'ỦY BAN NHÂN DÂN XÃ MINH AN',
      'Minh An, ngày 30 tháng 11 năm 2026',
      'tính đến 07:45 30/11/2026',
      'DỮ LIỆU MINH HỌA',
      'I. KẾT QUẢ CHUNG CỦA TRUNG TÂM',
      '10 (26,3 %)', // 10 of 38 finished early
      '3,2 ngày',
      'II. TỶ LỆ GIẢI QUYẾT ĐÚNG HẠN THEO PHÒNG BAN',
      '81,8 % (9/11)', // (3 early + 6 on time) of 11 steps at VP-TPHT
      'chưa có bước hoàn thành',
      'Không phát sinh hồ sơ trong tuần: Sở Nội vụ tỉnh Thanh Hóa.',
      'III. CÁN BỘ, ĐƠN VỊ VƯỢT NGƯỠNG',
      'Nguyễn Thị Ngọc Ánh',
      'Xem xét kỷ luật, điều chuyển',
      'H56.1-261124-0007 (+1)', // the first dossier and how many more
      'Chi tiết từng phòng ban: TTPVHCC trang 2; VP-TPHT trang 3; LD-UBND trang 4; P-KT trang 5.',
      'NGƯỜI LẬP BÁO CÁO',
      'Dữ liệu minh họa',
      'Trang 1/5',
    ]) {
      expect(first).toContain(expected);
    }
    // Refused supplement requests, each reason on its own line with its own number (fixture: 1, 1, 2, 3).
    const layout = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' }).normalize('NFC');
    expect(layout).toContain('Yêu cầu bổ sung bị chặn, đã ghi nhận:');
    for (const [line, n] of [['lần hai (đã yêu cầu một lần)', 1], ['sau khi đã xin lỗi, hẹn lại', 1], ['quá thời hạn được yêu cầu bổ sung', 2], ['khi đã quá ngày hẹn trả', 3]] as const) {
      expect(layout).toMatch(new RegExp(`– ${line.replace(/[()]/g, '\\$&')} +${n}\\n`));
    }
    // pdftotext gives back what was drawn: the text layer is NFC, like the input.
    const all = pdftotext(file);
    expect(all).toBe(all.normalize('NFC'));
    // Every letter on the paper exists in the embedded font (pdfkit would draw a blank box silently).
    expect(missingGlyphs(all)).toEqual([]);
    expect(missingGlyphs(all, 'bold')).toEqual([]);
    report.departments.forEach((d, i) => {
      const page = pdftotext(file, i + 2).normalize('NFC');
      expect(page).toContain(`PHÒNG BAN ${i + 1}/${report.departments.length}`);
      expect(page).toContain(`Mã đơn vị ${d.department.code}`);
      expect(page).toContain(`Trang ${i + 2}/5`);
    });
    const justice = pdftotext(file, 3).normalize('NFC');
    for (const expected of [
      'VĂN PHÒNG HĐND VÀ UBND XÃ (TƯ PHÁP - HỘ TỊCH)',
      '2 bước hoàn thành quá hạn trong tuần, 1 bước đang quá hạn',
      'H56.1-261124-0007',
      'chưa có lý do',
      'Thiếu người trực',
      'không chính đáng',
      'đang quá hạn',
      '1 ngày 2 giờ', // 600 working minutes
      'Cần xác minh thêm thông tin tại',
      '10:00',
      '02/12/2026', // the apology's new date
      'Đỗ Minh Đức',
      'Rất không hài lòng',
      '4,18', // (6·5 + 3·4 + 1·3 + 1·1) / 11
    ]) {
      expect(justice).toContain(expected);
    }
  });

  it('keeps page 1 to one page however many are flagged, says how many more there are, and signs at the end', async () => {
    const base = aWeeklyReport();
    const flag = base.flags.flags[0]!;
    const many = Array.from({ length: 30 }, (_, i) => ({ ...flag, officer: { ...flag.officer!, displayName: `Cán bộ số ${i + 1}` } }));
    const file = save('many.pdf', await renderWeeklyPdf({ ...base, flags: { ...base.flags, flags: many } }));
    const n = pages(file);
    expect([1 + base.departments.length, 2 + base.departments.length]).toContain(n);
    const first = pdftotext(file, 1);
    expect(first).toMatch(/… và \d+ trường hợp khác/);
    expect(pdftotext(file, 2)).toContain('PHÒNG BAN 1/4');
    // No room left on page 1: the preparer still signs, at the end of the report.
    expect(first).not.toContain('NGƯỜI LẬP BÁO CÁO');
    expect(pdftotext(file, n)).toContain('NGƯỜI LẬP BÁO CÁO');
    expect(pdftotext(file, n)).toContain('Nơi nhận:');
  });

  it('a department running over several pages: its head repeats and page 1 gives its page range', async () => {
    const base = aWeeklyReport();
    const busy = { ...base.departments[1]!, late: Array.from({ length: 45 }, (_, i) => aLateRow({ code: `H56.1-261124-${String(i + 1).padStart(4, '0')}` })) };
    const file = save('busy.pdf', await renderWeeklyPdf({ ...base, departments: [base.departments[0]!, busy] }));
    const n = pages(file);
    expect(n).toBeGreaterThan(3);
    expect(pdftotext(file, 1)).toContain(`Chi tiết từng phòng ban: TTPVHCC trang 2; VP-TPHT trang 3–${n}.`);
    expect(pdftotext(file, 4)).toContain('Mã hồ sơ, thủ tục'); // the table's head again
    expect(pdftotext(file)).toContain('H56.1-261124-0045');
  });

  it('a real centre’s report carries no demo mark; a training database’s is stamped', async () => {
    const real = save('real.pdf', await renderWeeklyPdf(aWeeklyReport({ centre: aCentre({ fictional: false }) })));
    expect(pdftotext(real)).not.toMatch(/minh họa/i);
    const training = save('training.pdf', await renderWeeklyPdf(aWeeklyReport({ training: true })));
    expect(pdftotext(training, 1)).toContain('ĐÀO TẠO / TRAINING');
  });

  it('page 1 rasterises to an A4 page with the bars drawn', async () => {
    const file = save('raster.pdf', await renderWeeklyPdf(aWeeklyReport()));
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page1')]);
    const png = join(dir, 'page1.png');
    expect(statSync(png).size).toBeGreaterThan(20_000);
    // 8.27 × 11.69 in at 60 dpi.
    const head = readFileSync(png);
    expect(Math.abs(head.readUInt32BE(16) - 496)).toBeLessThanOrEqual(1);
    expect(Math.abs(head.readUInt32BE(20) - 702)).toBeLessThanOrEqual(1);
  });
});

describe('the emulation score PDF', () => {
  it('is an A4 landscape table of agencies and officials with grades and ratings', async () => {
    const file = save('scores.pdf', await renderScoresPdf(aScoresReport()));
    const [w, h] = pageSize(file);
    expect(w).toBeGreaterThan(h!);
    const text = pdftotext(file).normalize('NFC');
    for (const expected of ['BẢNG ĐIỂM THI ĐUA', 'Tháng 11/2026 (01/11/2026–30/11/2026)', 'I. CƠ QUAN, ĐƠN VỊ', 'II. CÁN BỘ, CÔNG CHỨC', 'Nguyễn Thị Ngọc Ánh', 'Trần Văn Dũng', 'Hoàn thành tốt', 'Chưa hoàn thành', 'Xuất sắc', 'Toàn Trung tâm', '15,5', '4,47', 'Rất hài lòng', 'Dữ liệu minh họa', 'Trang 1/1']) {
      expect(text).toContain(expected);
    }
    expect(missingGlyphs(text)).toEqual([]);
  });

  it('a year says so', async () => {
    const file = save('year.pdf', await renderScoresPdf(aScoresReport({ period: '2026', from: '2026-01-01', to: '2026-12-31' })));
    expect(pdftotext(file)).toContain('Năm 2026 (01/01/2026–31/12/2026)');
  });
});

describe('the CSV', () => {
  it('is UTF-8 with a BOM and CRLF, one header, every table under a "Bảng" column, values as in the JSON', () => {
    const report = aWeeklyReport();
    const bytes = toCsv(weeklyTables(report));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/(?<!")\n/); // no bare LF outside quoted fields
    const rows = parseCsv(text);
    const head = rows[0]!;
    expect(head[0]).toBe('Bảng');
    expect(rows.every((r) => r.length === head.length)).toBe(true);
    const at = (name: string) => head.indexOf(name);
    const sections = new Set(rows.slice(1).map((r) => r[0]));
    expect([...sections]).toEqual(['Thông tin', 'Tổng hợp', 'Cán bộ', 'Thủ tục', 'Hồ sơ trễ hạn', 'Xin lỗi, hẹn lại', 'Vượt ngưỡng kỷ luật', 'Đánh giá của người dân']);
    const centre = rows.find((r) => r[0] === 'Tổng hợp' && r[at('Cấp')] === 'Toàn trung tâm')!;
    expect(Number(centre[at('Tiếp nhận')])).toBe(report.summary.totals.received);
    expect(Number(centre[at('Tỷ lệ quá hạn')])).toBe(report.summary.totals.lateRate);
    expect(Number(centre[at('Thời gian giải quyết bình quân (ngày làm việc)')])).toBe(3.2);
    // A Vietnamese name, intact and composed; a field with a comma is quoted and reads back whole.
    const officer = rows.find((r) => r[0] === 'Cán bộ' && r[at('Tên đăng nhập')] === 'officer')!;
    expect(officer[at('Cán bộ')]).toBe('Nguyễn Thị Ngọc Ánh');
    expect(text).toContain('"Văn phòng HĐND và UBND xã (Tư pháp - Hộ tịch)"'.replace(/"/g, '')); // no comma: unquoted
    expect(text).toContain('"Phòng Kinh tế (Phòng Kinh tế, Hạ tầng và Đô thị ở phường)"');
    const late = rows.filter((r) => r[0] === 'Hồ sơ trễ hạn');
    expect(late.map((r) => r[at('Lý do')])).toEqual(['chưa có lý do', 'Thiếu người trực', 'chưa có lý do']);
    expect(late[0]![at('Hoàn thành lúc')]).toBe('2026-11-25T14:30:00+07:00');
    expect(Number(late[0]![at('Trễ (phút làm việc)')])).toBe(600);
  });

  it('quotes quotes and line breaks, and defuses a text a spreadsheet would run as a formula', () => {
    const report = aWeeklyReport();
    const d = report.departments[1]!;
    const tricky = { ...d, late: [aLateRow({ lateness: { valid: false, reason: '=HYPERLINK("x")\nrồi "trễ"', decidedBy: { username: 's', displayName: 'S' }, decidedAt: '2026-11-27T10:00:00+07:00' } })] };
    const text = toCsv(weeklyTables({ ...report, departments: [tricky] })).toString('utf8').slice(1);
    expect(text).toContain(`"'=HYPERLINK(""x"")\nrồi ""trễ"""`);
    const rows = parseCsv(text);
    const reason = rows.find((r) => r[0] === 'Hồ sơ trễ hạn')![rows[0]!.indexOf('Lý do')];
    expect(reason).toBe(`'=HYPERLINK("x")\nrồi "trễ"`);
  });
});

describe('the XLSX', () => {
  it('has a sheet per table, the header bold and frozen, numbers as numbers and times as Vietnam dates', async () => {
    const report = aWeeklyReport();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(weeklyTables(report), { creator: report.centre.name, title: 'Báo cáo tuần' })) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Thông tin', 'Tổng hợp', 'Cán bộ', 'Thủ tục', 'Hồ sơ trễ hạn', 'Xin lỗi, hẹn lại', 'Vượt ngưỡng kỷ luật', 'Đánh giá của người dân']);
    const sum = wb.getWorksheet('Tổng hợp')!;
    expect(sum.getRow(1).font?.bold).toBe(true);
    expect(sum.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const headers = (sum.getRow(1).values as unknown[]).slice(1);
    const cell = (row: number, header: string) => sum.getRow(row).getCell(headers.indexOf(header) + 1);
    expect(cell(2, 'Đơn vị').value).toBe(report.centre.name);
    expect(cell(2, 'Tiếp nhận').value).toBe(42);
    expect(cell(2, 'Tỷ lệ trước hạn').value).toBeCloseTo(10 / 38, 10);
    expect(cell(2, 'Tỷ lệ trước hạn').numFmt).toBe('0.0%');
    expect(cell(3, 'Mã đơn vị').value).toBe('TTPVHCC');
    const late = wb.getWorksheet('Hồ sơ trễ hạn')!;
    const lateHeaders = (late.getRow(1).values as unknown[]).slice(1);
    const done = late.getRow(2).getCell(lateHeaders.indexOf('Hoàn thành lúc') + 1);
    // 14:30 in the centre, shown as 14:30 whatever the machine's zone.
    expect(done.value).toEqual(new Date(Date.UTC(2026, 10, 25, 14, 30)));
    expect(done.numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(late.getRow(2).getCell(lateHeaders.indexOf('Cán bộ') + 1).value).toBe('Nguyễn Thị Ngọc Ánh');
  });

  it('the score table: agencies and officials with numbers and grades', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(scoresTables(aScoresReport()), { creator: 'x', title: 'y' })) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Thông tin', 'Cơ quan, đơn vị', 'Cán bộ, công chức']);
    const o = wb.getWorksheet('Cán bộ, công chức')!;
    const headers = (o.getRow(1).values as unknown[]).slice(1);
    expect(o.getRow(2).getCell(headers.indexOf('Điểm') + 1).value).toBe(5.2);
    expect(o.getRow(2).getCell(headers.indexOf('Xếp loại') + 1).value).toBe('Hoàn thành tốt');
    expect(o.getRow(2).getCell(headers.indexOf('Rất hài lòng') + 1).value).toBe(12);
  });
});

describe('weeks', () => {
  it('labels a week as the briefing says it, across a new year too', () => {
    expect(weekLabel('2026-W48')).toBe('Tuần 48 (23/11–29/11/2026)');
    expect(weekLabel('2026-W01')).toBe('Tuần 1 (29/12/2025–04/01/2026)');
  });
  it('the last full week is the one before this Monday', () => {
    expect(lastFullWeek(new Date('2026-11-30T01:00:00Z'))).toBe('2026-W48'); // Monday 08:00 in Vietnam
    expect(lastFullWeek(new Date('2026-11-29T16:59:00Z'))).toBe('2026-W47'); // Sunday 23:59 in Vietnam
    expect(lastFullWeek(new Date('2026-01-05T03:00:00Z'))).toBe('2026-W01');
  });
});

describe('the rule dossiers were judged by', { timeout: 60_000 }, () => {
  it('is named on the weekly report’s page 1, the score table and the spreadsheets’ information sheet, whichever it is', async () => {
    for (const mode of ['day', 'minute'] as const) {
      const weekly = aWeeklyReport();
      const report = { ...weekly, summary: { ...weekly.summary, timeliness: timelinessRuleOf(mode) } };
      const first = pdftotext(save(`weekly-${mode}.pdf`, await renderWeeklyPdf(report)), 1).normalize('NFC');
      const scores = pdftotext(save(`scores-${mode}.pdf`, await renderScoresPdf(aScoresReport({ timeliness: timelinessRuleOf(mode) })))).normalize('NFC');
      if (mode === 'day') {
        expect(first).toContain('Đúng hạn tính theo ngày: có kết quả trước ngày hẹn: trước hạn; trong ngày hẹn: đúng hạn; sau ngày hẹn: trễ hạn.');
        expect(scores).toContain('Chỉ số thời gian giải quyết của hồ sơ (2/1/0 điểm): đúng hạn tính theo ngày');
      } else {
        expect(first).toContain('Đúng hạn tính đến từng phút: có kết quả trước giờ hẹn ít nhất 1 phút: trước hạn');
        expect(scores).toContain('đúng hạn tính đến từng phút');
      }
      expect(first).not.toContain(mode === 'day' ? 'từng phút' : 'tính theo ngày');
      const info = (tables: { key: string; rows: readonly Record<string, unknown>[] }[]) => tables.find((t) => t.key === 'info')!.rows.find((r) => r.item === 'Đúng hạn (hồ sơ)')?.value;
      expect(info(weeklyTables(report))).toBe(`${timelinessRuleOf(mode).label.vi}. ${timelinessRuleOf(mode).rule.vi}`);
      expect(info(scoresTables(aScoresReport({ timeliness: timelinessRuleOf(mode) })))).toContain(timelinessRuleOf(mode).label.vi);
    }
  });
});
