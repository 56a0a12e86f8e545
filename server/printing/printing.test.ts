// Printing through a real CUPS server to Debian's cups-pdf virtual printer, checking the paper — the
// PDF CUPS wrote — from outside: zbarimg reads its barcode and QR code, and its raster matches the
// receipt we sent (cups-pdf goes through PostScript and Ghostscript, which keeps the look but not the
// text layer, so the words are checked on our PDF with pdftotext and the paper is compared pixel by pixel).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateCups, startPrivateCups } from '../../test/fixtures/cups.ts';
import { type TestApp, anIntake, intake, testApp } from '../../test/helpers.ts';
import { counterRepo } from './repo.ts';

let cups: PrivateCups;
let t: TestApp;
let dir: string;
beforeAll(async () => {
  cups = await startPrivateCups();
  t = await testApp({ now: '2026-11-25T09:07:00+07:00', config: { cupsServer: cups.server } });
  dir = mkdtempSync(join(tmpdir(), 'motcua-print-'));
  const counters = counterRepo(t.db);
  counters.put({ code: 'Q1', name: 'Quầy 1', cups_queue: cups.queue, layout: 'a4' });
  counters.put({ code: 'Q2', name: 'Quầy 2', cups_queue: cups.queue, layout: 'thermal' });
  counters.put({ code: 'Q3', name: 'Quầy 3', cups_queue: null, layout: 'a4' });
  counters.put({ code: 'Q9', name: 'Quầy hỏng', cups_queue: 'NoSuchPrinter', layout: 'a4' });
}, 60_000);
afterAll(async () => {
  await t.close();
  await cups.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A grey raster (PGM) of page 1 at a resolution, as pixel values. */
function raster(pdf: string, dpi: number): { w: number; h: number; px: Buffer } {
  const out = join(dir, `r-${Math.random().toString(36).slice(2)}`);
  execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-f', '1', '-l', '1', '-singlefile', pdf, out], { stdio: 'ignore' });
  const pgm = readFileSync(`${out}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 40))!;
  return { w: Number(header[1]), h: Number(header[2]), px: pgm.subarray(header[0].length) };
}

/**
 * How far apart two pages look: the mean difference in darkness over 4×4-pixel blocks (0 = the same
 * page, 1 = black against white). Blocks smooth out how two renderers anti-alias the same glyph; a
 * shifted line, another name or another code shows up as whole blocks.
 */
function difference(a: ReturnType<typeof raster>, b: ReturnType<typeof raster>): number {
  const w = Math.floor(Math.min(a.w, b.w) / 4);
  const h = Math.floor(Math.min(a.h, b.h) / 4);
  let total = 0;
  for (let by = 0; by < h; by++) {
    for (let bx = 0; bx < w; bx++) {
      let sa = 0;
      let sb = 0;
      for (let y = by * 4; y < by * 4 + 4; y++) {
        for (let x = bx * 4; x < bx * 4 + 4; x++) {
          sa += a.px[y * a.w + x]!;
          sb += b.px[y * b.w + x]!;
        }
      }
      total += Math.abs(sa - sb) / (16 * 255);
    }
  }
  return total / (w * h);
}

const zbar = (pdf: string, dpi: number) => {
  const out = join(dir, `z-${Math.random().toString(36).slice(2)}`);
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-f', '1', '-l', '1', '-singlefile', pdf, out], { stdio: 'ignore' });
  return execFileSync('zbarimg', ['-q', `${out}.png`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').sort();
};

describe('POST /api/dossiers/:code/print through CUPS', () => {
  it.each([
    ['Q1', 'a4', 150],
    ['Q2', 'thermal', 203],
  ] as const)('counter %s prints the %s receipt in one call; the paper scans and looks like the receipt', async (counter, layout, dpi) => {
    const created = (await intake(t)).json();
    const headers = await t.as('clerk');
    // The original first (as the counter screen shows it), so that the printed paper and the copy
    // fetched after it are both reprints and differ by one digit only.
    await t.app.inject({ method: 'GET', url: `/api/dossiers/${created.code}/receipt.pdf?layout=${layout}`, headers });
    const since = Date.now();
    const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${created.code}/print`, headers, payload: { document: 'receipt', counter } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ printed: true, queue: cups.queue, layout, counter, job: expect.stringMatching(new RegExp(`^${cups.queue}-\\d+$`)) });
    const paper = await cups.printed(`giay-hen-${created.code}`, since);

    expect(zbar(paper, dpi)).toEqual([`CODE-128:${created.lookupKey}`, `QR-Code:http://localhost:80/k/${created.lookupKey}`].sort());
    // The same receipt straight from the API: "lần 2" where the paper says "lần 1", nothing else.
    const direct = join(dir, `direct-${layout}.pdf`);
    writeFileSync(direct, (await t.app.inject({ method: 'GET', url: `/api/dossiers/${created.code}/receipt.pdf?layout=${layout}`, headers })).rawPayload);
    expect(execFileSync('pdftotext', [direct, '-'], { encoding: 'utf8' })).toContain('Nguyễn Thị Hồng Nhung');
    expect(execFileSync('pdftotext', [direct, '-'], { encoding: 'utf8' })).toContain('BẢN IN LẠI — lần 2');
    const other = join(dir, `other-${layout}.pdf`);
    writeFileSync(other, (await t.app.inject({ method: 'GET', url: `/api/dossiers/${(await intake(t, anIntake({ applicant: { fullName: 'Lê Văn Tám' }, procedureCode: '1.004873' }))).json().code}/receipt.pdf?layout=${layout}`, headers })).rawPayload);
    const same = difference(raster(paper, 100), raster(direct, 100));
    const apart = difference(raster(paper, 100), raster(other, 100));
    // The paper is the receipt we sent, not merely a receipt: several times closer to it than to another
    // dossier's (measured: 1.1 % against 3.9 % on A4, 1.9 % against 7.7 % on the roll; Ghostscript
    // spaces glyphs a little differently from poppler, hence not zero).
    expect(same).toBeLessThan(apart / 2.5);
    expect(same).toBeLessThan(0.03);

    rmSync(paper); // cups-pdf's output holds an applicant's data
    const history = (await t.app.inject({ method: 'GET', url: `/api/dossiers/${created.code}`, headers })).json().history;
    expect(history.filter((e: { kind: string }) => e.kind === 'printed').map((e: { data: { reprint: number } }) => e.data.reprint)).toEqual([0, 1, 2]);
  }, 60_000);

  it('sends no receipt to a printer for someone who may not see the applicant’s particulars: 403, nothing queued or recorded', async () => {
    // Received by the clerk; an administrator may print, but not this applicant's receipt (shared/privacy.ts).
    const created = (await intake(t)).json();
    const admin = await t.as('admin');
    const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${created.code}/print`, headers: admin, payload: { document: 'receipt', counter: 'Q1' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'PERSONAL_DATA_WITHHELD', details: { basis: 'not_your_role' } });
    const history = (await t.app.inject({ method: 'GET', url: `/api/dossiers/${created.code}`, headers: await t.as('clerk') })).json().history;
    expect(history.map((e: { kind: string }) => e.kind)).toEqual(['received']);
  }, 60_000);

  it('a counter without a queue is told to print from the browser; a broken queue is a clear 502, recorded', async () => {
    const created = (await intake(t)).json();
    const headers = await t.as('clerk');
    const none = await t.app.inject({ method: 'POST', url: `/api/dossiers/${created.code}/print`, headers, payload: { document: 'receipt', counter: 'Q3' } });
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe('NO_PRINTER_QUEUE');
    const broken = await t.app.inject({ method: 'POST', url: `/api/dossiers/${created.code}/print`, headers, payload: { document: 'receipt', counter: 'Q9' } });
    expect(broken.statusCode).toBe(502);
    expect(broken.json().error).toMatchObject({ code: 'PRINTER_FAILED', details: { queue: 'NoSuchPrinter' } });
    const history = (await t.app.inject({ method: 'GET', url: `/api/dossiers/${created.code}`, headers })).json().history;
    expect(history.map((e: { kind: string }) => e.kind)).toContain('print_failed');
    // The refused job used up nothing: the paper the clerk then prints from the browser is the original.
    expect(history.map((e: { kind: string }) => e.kind)).not.toContain('printed');
    const pdf = join(dir, 'after-failure.pdf');
    writeFileSync(pdf, (await t.app.inject({ method: 'GET', url: `/api/dossiers/${created.code}/receipt.pdf`, headers })).rawPayload);
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).not.toContain('BẢN IN LẠI');
    const unknown = await t.app.inject({ method: 'POST', url: `/api/dossiers/${created.code}/print`, headers, payload: { document: 'receipt', counter: 'Q7' } });
    expect(unknown.json().error.code).toBe('UNKNOWN_COUNTER');
    expect((await t.app.inject({ method: 'POST', url: `/api/dossiers/${created.code}/print`, headers, payload: { document: 'poster', counter: 'Q1' } })).statusCode).toBe(400);
  }, 60_000);

  it('prints a slip the same way: the control sheet goes to the queue on A4 even from a roll counter', async () => {
    const created = (await intake(t)).json();
    const headers = await t.as('clerk');
    const since = Date.now();
    const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${created.code}/print`, headers, payload: { document: 'control-sheet', counter: 'Q2' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ printed: true, document: 'control-sheet', layout: 'a4', queue: cups.queue });
    const paper = await cups.printed(`control-sheet-${created.code}`, since);
    expect(execFileSync('pdfinfo', [paper], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })).toMatch(/Page size:\s+595 x 842/);
    rmSync(paper);
    const none = await t.app.inject({ method: 'POST', url: `/api/dossiers/${created.code}/print`, headers, payload: { document: 'apology', counter: 'Q1' } });
    expect(none.json().error.code).toBe('SLIP_NOT_AVAILABLE');
  }, 60_000);

  it('lists the counters for the counter screen; a supervisor may not print', async () => {
    const list = (await t.app.inject({ method: 'GET', url: '/api/counters', headers: await t.as('clerk') })).json();
    expect(list).toContainEqual({ code: 'Q3', name: 'Quầy 3', layout: 'a4', printer: null });
    const created = (await intake(t)).json();
    const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${created.code}/print`, headers: await t.as('supervisor'), payload: { document: 'receipt', counter: 'Q1' } });
    expect(res.statusCode).toBe(403);
  });
});
