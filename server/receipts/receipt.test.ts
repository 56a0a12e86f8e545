// The receipt is checked from outside, as a reader would: pdftotext for the words, pdftoppm + zbarimg
// for the barcode (poppler-utils and zbar-tools; .ci/run installs them).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, anIntake, intake, testApp } from '../../test/helpers.ts';
import { missingGlyphs } from './fonts.ts';

let t: TestApp;
let dir: string;
beforeEach(async () => {
  t = await testApp({ now: '2026-11-25T09:07:00+07:00' });
  dir = mkdtempSync(join(tmpdir(), 'motcua-receipt-'));
});
afterEach(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function fetchReceipt(code: string, query = '') {
  const res = await t.app.inject({ method: 'GET', url: `/api/dossiers/${code}/receipt.pdf${query}`, headers: { ...(await t.as('clerk')), host: 'motcua.test:8080' } });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const file = join(dir, 'receipt.pdf');
  writeFileSync(file, res.rawPayload);
  return file;
}

const pdftotext = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

/** Every symbol zbarimg finds on page 1 at a resolution, as "TYPE:data", sorted. */
function decodeBarcodes(file: string, dpi: number): string[] {
  const prefix = `page-${dpi}-${Math.random().toString(36).slice(2)}`;
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-f', '1', '-l', '1', file, join(dir, prefix)]);
  const png = readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith('.png'))!;
  try {
    return execFileSync('zbarimg', ['-q', join(dir, png)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').sort();
  } catch {
    return [];
  }
}

describe('GET /api/dossiers/:code/receipt.pdf', () => {
  it('prints Mẫu 01 with the applicant, documents, times and the appointment in Vietnamese', async () => {
    const created = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json();
    const text = pdftotext(await fetchReceipt(created.code));
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'Mẫu số 01',
      `Mã hồ sơ: ${created.code}`,
      'Nguyễn Thị Hồng Nhung',
      '038190012345',
      'Thủ tục cấp Giấy xác nhận tình trạng hôn nhân',
      'Tờ khai đăng ký khai sinh',
      '3 ngày làm việc',
      '09 giờ 07 phút, ngày 25 tháng 11 năm 2026',
      '09 giờ 07 phút, ngày 30 tháng 11 năm 2026',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Cán bộ clerk',
      created.lookupKeyFormatted,
      'DỮ LIỆU MINH HỌA',
    ]) {
      expect(text).toContain(expected);
    }
    // One A4 page.
    expect(execFileSync('pdfinfo', [join(dir, 'receipt.pdf')], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n[\s\S]*Page size:\s+595\.28 x 841\.89/);
  });

  it('carries the lookup key as Code 128 and the lookup address as QR, readable by zbarimg on every layout', async () => {
    const created = (await intake(t)).json();
    const symbols = [`CODE-128:${created.lookupKey}`, `QR-Code:http://motcua.test:8080/k/${created.lookupKey}`];
    const a4 = await fetchReceipt(created.code);
    expect(decodeBarcodes(a4, 150)).toEqual(symbols);
    expect(decodeBarcodes(a4, 300)).toEqual(symbols);
    expect(decodeBarcodes(await fetchReceipt(created.code, '?layout=a5'), 150)).toEqual(symbols);
    // A 203 dpi thermal head: the raster a receipt printer makes.
    expect(decodeBarcodes(await fetchReceipt(created.code, '?layout=thermal'), 203)).toEqual(symbols);
  });

  it('prints A5 on one page and thermal on one 80 mm strip as long as its content, with the same words', async () => {
    const created = (await intake(t)).json();
    for (const [layout, size] of [['a5', /Page size:\s+419\.53 x 595\.28/], ['thermal', /Page size:\s+226\.77\d* x \d+/]] as const) {
      const file = await fetchReceipt(created.code, `?layout=${layout}`);
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(new RegExp(`Pages:\\s+1\\n[\\s\\S]*${size.source}`));
      const text = pdftotext(file).replace(/\s+/g, ' ');
      for (const expected of ['GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', `Mã hồ sơ: ${created.code}`, 'Nguyễn Thị Hồng Nhung', 'Giấy chứng sinh', '17 giờ 00 phút, ngày 25 tháng 11 năm 2026', created.lookupKeyFormatted, 'NGƯỜI TIẾP NHẬN HỒ SƠ']) {
        expect(text, layout).toContain(expected);
      }
    }
  });

  it('marks every print after the first as a reprint with its count, and records each in the history', async () => {
    const created = (await intake(t)).json();
    expect(pdftotext(await fetchReceipt(created.code))).not.toContain('BẢN IN LẠI');
    expect(pdftotext(await fetchReceipt(created.code, '?layout=thermal'))).toContain('BẢN IN LẠI — lần 1');
    // The file's copy (Liên lưu) is an original the first time too: each copy is counted on its own.
    expect(pdftotext(await fetchReceipt(created.code, '?layout=a5&copy=file'))).not.toContain('BẢN IN LẠI');
    // A HEAD (a browser's preview) is not a print.
    expect((await t.app.inject({ method: 'HEAD', url: `/api/dossiers/${created.code}/receipt.pdf`, headers: await t.as('clerk') })).statusCode).toBe(404);
    const history = (await t.app.inject({ method: 'GET', url: `/api/dossiers/${created.code}`, headers: await t.as('officer') })).json().history;
    const prints = history.filter((e: { kind: string }) => e.kind === 'printed');
    expect(prints.map((e: { data: unknown }) => e.data)).toEqual([
      { document: 'receipt', layout: 'a4', copy: 'applicant', reprint: 0 },
      { document: 'receipt', layout: 'thermal', copy: 'applicant', reprint: 1 },
      { document: 'receipt', layout: 'a5', copy: 'file', reprint: 0 },
    ]);
    expect(prints[0]).toMatchObject({ actor: { username: 'clerk' } });
  });

  it('refuses an unknown layout', async () => {
    const { code } = (await intake(t)).json();
    const res = await t.app.inject({ method: 'GET', url: `/api/dossiers/${code}/receipt.pdf?layout=a3`, headers: await t.as('clerk') });
    expect(res.statusCode).toBe(400);
  });

  it('prints every Vietnamese letter with every tone mark, and pdftotext gives each back exactly', async () => {
    // Each vowel with its six tones (level, huyền, sắc, hỏi, ngã, nặng), lower and upper case, and đ/Đ.
    const vowels = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
    const words = vowels.flatMap((v) => {
      const toned = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'].map((mark) => (v + mark).normalize('NFC')).join('');
      return [toned, toned.toLocaleUpperCase('vi')];
    });
    words.push('đĐ');
    const documents = [0, 1, 2, 3].map((i) => ({ name: words.slice(i * 7, i * 7 + 7).join(' '), originals: 1, copies: 0 }));
    const created = (await intake(t, anIntake({ documents }))).json();
    const text = execFileSync('pdftotext', ['-raw', await fetchReceipt(created.code), '-'], { encoding: 'utf8' }).normalize('NFC');
    const missing = words.filter((w) => !text.includes(w));
    expect(missing, text.split('\n').filter((l) => /^\d /.test(l)).join('\n')).toEqual([]);
  });

  it('keeps every Vietnamese letter: the font has a glyph for each', () => {
    const letters = 'ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ';
    expect(missingGlyphs(letters + letters.toLowerCase())).toEqual([]);
    expect(missingGlyphs(letters, 'bold')).toEqual([]);
    expect(missingGlyphs(letters.toLowerCase(), 'italic')).toEqual([]);
  });

  it('flows a long document list onto a second page without losing the barcode', async () => {
    const documents = Array.from({ length: 40 }, (_, i) => ({ name: `Giấy tờ kèm theo số ${i + 1} — bản kê khai chi tiết`, originals: 1, copies: 2 }));
    const created = (await intake(t, anIntake({ documents }))).json();
    const file = await fetchReceipt(created.code);
    const text = pdftotext(file);
    expect(text).toContain('Giấy tờ kèm theo số 40');
    expect(text).toContain(created.lookupKeyFormatted);
    // Every page says which it is, out of how many (the notes may take a third page).
    const pages = Number(/Trang 1\/(\d)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let i = 1; i <= pages; i++) expect(text).toContain(`Trang ${i}/${pages}`);
    // The table's column heads repeat on the continuation page.
    expect(execFileSync('pdftotext', ['-f', '2', '-l', '2', file, '-'], { encoding: 'utf8' })).toContain('Bản chính');
  });

  it('logs the print as an access to personal data', async () => {
    const { code } = (await intake(t)).json();
    await fetchReceipt(code);
    expect(t.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'print_receipt'").get()).toEqual({ n: 1 });
  });

  it('needs a login and a known dossier', async () => {
    const { code } = (await intake(t)).json();
    expect((await t.app.inject({ method: 'GET', url: `/api/dossiers/${code}/receipt.pdf` })).statusCode).toBe(401);
    const res = await t.app.inject({ method: 'GET', url: '/api/dossiers/000.30.99.H56-261125-0042/receipt.pdf', headers: await t.as('clerk') });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('DOSSIER_NOT_FOUND');
  });
});
