// Papers from a training database say so on every page, read back with pdftotext as a reader would.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type TestApp, anIntake, intake, testApp } from '../../test/helpers.ts';

let t: TestApp | undefined;
const dir = mkdtempSync(join(tmpdir(), 'motcua-training-paper-'));
afterEach(async () => {
  await t?.close();
  t = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(url: string): Promise<{ text: string; pages: string[]; info: string; file: string }> {
  const res = await t!.app.inject({ method: 'GET', url, headers: await t!.as('clerk') });
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, res.rawPayload);
  // Diagonal text comes out a letter or a word per line: compare with every space taken out.
  const raw = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = raw.split('\f').filter((p) => p.trim()).map((p) => p.replace(/\s+/g, ''));
  return { text: pages.join('\f'), pages, info, file };
}

const MARK = 'ĐÀOTẠO/TRAINING';
const NOTE = 'khôngcógiátrịpháplý';
const count = (text: string, part: string) => text.split(part).length - 1;

describe('papers in training mode', () => {
  it('stamps the receipt on every layout, under the title and across the page, and still on one page', { timeout: 90_000 }, async () => {
    t = await testApp({ training: true, now: '2026-11-25T09:07:00+07:00' });
    const { code, lookupKey } = (await intake(t)).json();
    for (const layout of ['a4', 'a5', 'thermal']) {
      const { text, pages, info, file } = await read(`/api/dossiers/${code}/receipt.pdf?layout=${layout}`);
      // The line under the title, and the diagonal stamp (mark and note again): at least twice each.
      expect(count(text, MARK), layout).toBeGreaterThanOrEqual(2);
      expect(count(text, NOTE), layout).toBeGreaterThanOrEqual(2);
      expect(text, layout).toContain(`Mãhồsơ:${code}`);
      expect(info, layout).toMatch(/Title:\s+\[ĐÀO TẠO \/ TRAINING\] Giấy tiếp nhận hồ sơ/);
      expect(info, layout).toMatch(/Pages:\s+1\n/);
      expect(pages.length).toBe(1);
      // The stamp crosses the codes, translucent: a trainee's receipt still scans at the kiosk.
      execFileSync('pdftoppm', ['-png', '-r', '200', '-f', '1', '-l', '1', '-singlefile', file, file]);
      const symbols = execFileSync('zbarimg', ['-q', `${file}.png`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      expect(symbols, layout).toContain(`CODE-128:${lookupKey}`);
      expect(symbols, layout).toContain(`/k/${lookupKey}`);
    }
  });

  it('stamps the control sheet, and every page of a register that runs over', { timeout: 90_000 }, async () => {
    t = await testApp({ training: true, now: '2026-11-25T09:07:00+07:00' });
    const { code } = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json();
    const sheet = await read(`/api/dossiers/${code}/slips/control-sheet.pdf?layout=a5`);
    expect(sheet.text).toContain('PHIẾUKIỂMSOÁTQUÁTRÌNHGIẢIQUYẾTHỒSƠ');
    for (const page of sheet.pages) expect(page).toContain(MARK);

    // A register long enough for several pages: every page carries the stamp.
    for (let i = 0; i < 40; i++) expect((await intake(t)).statusCode).toBe(201);
    const register = await read('/api/register.pdf?from=2026-11-25&to=2026-11-25');
    expect(register.pages.length).toBeGreaterThan(1);
    for (const page of register.pages) {
      expect(page).toContain(MARK);
      expect(page).toContain(NOTE);
    }
  });

  it('leaves a live centre’s papers unmarked', async () => {
    t = await testApp({ now: '2026-11-25T09:07:00+07:00' });
    const { code } = (await intake(t)).json();
    const receipt = await read(`/api/dossiers/${code}/receipt.pdf`);
    const sheet = await read(`/api/dossiers/${code}/slips/control-sheet.pdf`);
    for (const { text, info } of [receipt, sheet]) {
      expect(text).not.toContain('ĐÀOTẠO');
      expect(text).not.toContain('TRAINING');
      expect(info).not.toContain('TRAINING');
    }
  });
});
