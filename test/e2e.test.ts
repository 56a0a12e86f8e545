/**
 * End to end, in Debian's Chromium through playwright-core: a clerk receives a dossier on /counter,
 * the receipt PDF's barcode decodes (pdftoppm + zbarimg, not our code) to the lookup key, a citizen
 * scans it at /kiosk as a USB scanner would (a fast burst of keys and Enter), and a supervisor sees
 * the centre's watch list. Needs the built UI (npm test builds it first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from './fixtures/chromium.ts';
import { scan } from './fixtures/scanner.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.ts';
import { DEFAULT_UI_DIR } from '../server/config.ts';
import { counterRepo } from '../server/printing/repo.ts';
import { type PrivateCups, startPrivateCups } from './fixtures/cups.ts';
import { PASSWORD, freshDb } from './helpers.ts';

let app: FastifyInstance;
let base: string;
let context: BrowserContext;
let work: string;
let cleanupDb: () => void;
let cups: PrivateCups;

beforeAll(async () => {
  if (!existsSync(join(DEFAULT_UI_DIR, 'index.html'))) throw new Error('the UI is not built: run `npm run build` (npm test does it)');
  const { db, cleanup } = freshDb();
  cleanupDb = cleanup;
  cups = await startPrivateCups();
  // Counter 2 has a receipt printer on CUPS (the PDF virtual printer standing in for it).
  counterRepo(db).put({ code: 'Q2', name: 'Quầy 2', cups_queue: cups.queue, layout: 'thermal' });
  app = await buildApp({ db, config: { cupsServer: cups.server } });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  work = mkdtempSync(join(tmpdir(), 'motcua-e2e-'));
  context = await launchChromium(work, { width: 1366, height: 900 });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await app?.close();
  await cups?.stop();
  cleanupDb?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('one dossier the whole way', () => {
  let code = '';
  let lookupKey = '';
  let qrAddress = '';
  let due = '';

  it('a clerk receives it on /counter, sees the appointment before saving, and the receipt opens', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/counter`);
    await page.getByTestId('login-username').fill('clerk');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();

    await page.getByTestId('procedure-select').selectOption('1.004873');
    await page.getByTestId('applicant-fullName').fill('Trần Văn Bình');
    await page.getByTestId('applicant-idNumber').fill('038095001234');
    await page.getByTestId('applicant-phone').fill('0912345678');
    await page.getByTestId('applicant-address').fill('Thôn Đông, xã Minh An');
    await page.getByTestId('doc-check-0').check();
    await page.getByTestId('doc-check-1').check();
    await expect.poll(async () => (await page.getByTestId('preview-due').textContent())?.trim() ?? '').toMatch(/\d{4}/);
    const previewText = (await page.getByTestId('preview-due').textContent())!;

    const popup = context.waitForEvent('page');
    await page.getByTestId('intake-submit').click();
    await page.getByTestId('result-code').waitFor();
    code = (await page.getByTestId('result-code').textContent())!.trim();
    lookupKey = (await page.getByTestId('result-lookup-key').textContent())!.replace(/\D/g, '');
    due = (await page.getByTestId('result-due').textContent())!.trim();
    expect(code).toMatch(/^000\.30\.99\.H56-\d{6}-0001$/);
    expect(lookupKey).toMatch(/^\d{16}$/);
    // The appointment shown before saving is the one saved (same minute, same day).
    expect(previewText.replace(/\s+/g, ' ')).toContain(due.replace(/\s+/g, ' ').match(/\d{1,2}\/\d{1,2}\/\d{4}|ngày \d+ tháng \d+ năm \d{4}/)?.[0] ?? '∅');

    const receiptTab = await popup;
    // The tab opens blank and then loads the receipt: a busy machine takes more than the default second.
    await expect.poll(() => receiptTab.url(), { timeout: 15_000 }).toContain('/receipt.pdf');
    expect(await page.getByTestId('result-receipt-link').getAttribute('href')).toBe(`/api/dossiers/${code}/receipt.pdf?layout=a4`);
    await page.close();
  }, 60_000);

  it('the receipt PDF’s barcode decodes with zbarimg to the lookup key', async () => {
    const res = await context.request.get(`${base}/api/dossiers/${code}/receipt.pdf`);
    expect(res.status()).toBe(200);
    const pdf = join(work, 'receipt.pdf');
    writeFileSync(pdf, await res.body());
    execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', pdf, join(work, 'receipt')]);
    const png = readdirSync(work).find((f) => f.startsWith('receipt') && f.endsWith('.png'))!;
    const decoded = execFileSync('zbarimg', ['-q', '--raw', join(work, png)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').sort();
    // The barcode carries the key; the QR code the public lookup address on this server.
    expect(decoded).toEqual([lookupKey, `${base}/k/${lookupKey}`].sort());
    qrAddress = decoded.find((d) => d.startsWith('http'))!;
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain('Trần Văn Bình');
  });

  it('a phone opening the address in the QR code sees the dossier, and a reload shows it again', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(qrAddress);
    await phone.getByTestId('kiosk-result').waitFor();
    expect(await phone.getByTestId('kiosk-result').textContent()).toContain('Thủ tục cấp Giấy xác nhận tình trạng hôn nhân');
    // The citizen's own phone: the address is theirs to bookmark, and a reload must not lose the dossier.
    expect(phone.url()).toBe(qrAddress);
    await phone.reload();
    await phone.getByTestId('kiosk-result').waitFor();
    expect(await phone.getByTestId('kiosk-headline').textContent()).toMatch(/^Hồ sơ /);
    await phone.screenshot({ path: join(work, 'phone.png'), fullPage: false });
    await phone.close();
  }, 60_000);

  it('the kiosk shows the steps and the appointment after a scanner-style burst of keystrokes', async () => {
    const kiosk = await context.newPage();
    await kiosk.setViewportSize({ width: 1080, height: 1920 });
    await kiosk.goto(`${base}/kiosk`);
    await kiosk.waitForLoadState('networkidle');
    // A keyboard-wedge scanner: 8 ms between keys, then Enter, with nothing focused (test/fixtures/scanner.ts).
    await scan(kiosk, lookupKey);
    await kiosk.getByTestId('kiosk-result').waitFor();
    await expect.poll(() => kiosk.getByTestId('kiosk-step').count()).toBe(4);
    const text = (await kiosk.getByTestId('kiosk-result').textContent())!;
    expect(text).toContain('Thủ tục cấp Giấy xác nhận tình trạng hôn nhân');
    expect(text).toContain('Trung tâm Phục vụ hành chính công xã');
    expect((await kiosk.getByTestId('kiosk-due').textContent())!).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    // "Why this date", as the counter worded it, one touch away.
    await kiosk.getByTestId('kiosk-due-why').locator('summary').click();
    expect(await kiosk.getByTestId('kiosk-due-why').textContent()).toContain('3 ngày làm việc (24 giờ làm việc) tính từ');
    // The public screen never shows who the applicant is.
    const body = (await kiosk.locator('body').textContent())!;
    for (const secret of ['Trần Văn Bình', '038095001234', '0912345678', 'Thôn Đông']) expect(body).not.toContain(secret);
    await kiosk.screenshot({ path: join(work, 'kiosk.png') });
    await kiosk.close();
  }, 60_000);

  it('slow typing on the kiosk is not taken for a scan, but the typed key works with the button', async () => {
    const kiosk = await context.newPage();
    await kiosk.goto(`${base}/kiosk`);
    await kiosk.waitForLoadState('networkidle');
    await kiosk.getByTestId('kiosk-way-keypad').click();
    const input = kiosk.getByTestId('kiosk-key-input');
    await input.click();
    await kiosk.keyboard.type(lookupKey.slice(0, 8), { delay: 120 });
    await kiosk.keyboard.type(lookupKey.slice(8), { delay: 120 });
    await kiosk.getByTestId('kiosk-submit').click();
    await kiosk.getByTestId('kiosk-result').waitFor();
    expect(await kiosk.getByTestId('kiosk-step').count()).toBe(4);
    await kiosk.close();
  }, 60_000);

  it('at a counter with a printer, one click saves and prints: the paper CUPS wrote scans', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/counter`);
    // Still signed in from the first test (same browser profile).
    await page.getByTestId('counter-select').selectOption('Q2');
    await page.getByTestId('procedure-select').selectOption('1.001193');
    await page.getByTestId('applicant-fullName').fill('Phạm Thị Lụa');
    await page.getByTestId('applicant-idNumber').fill('038195004321');
    await page.getByTestId('doc-check-0').check();
    const since = Date.now();
    await page.getByTestId('intake-submit').click();
    await expect.poll(async () => (await page.getByTestId('print-status').textContent()) ?? '', { timeout: 20_000 }).toMatch(new RegExp(`Đã gửi giấy hẹn tới máy in ${cups.queue} — lệnh in ${cups.queue}-\\d+`));
    const printedCode = (await page.getByTestId('result-code').textContent())!.trim();
    const printedKey = (await page.getByTestId('result-lookup-key').textContent())!.replace(/\D/g, '');
    await page.screenshot({ path: join(work, 'counter-printed.png') });
    // The paper: cups-pdf's file, rasterised at a thermal head's 203 dpi, read by zbarimg.
    const paper = await cups.printed(`giay-hen-${printedCode}`, since);
    execFileSync('pdftoppm', ['-r', '203', '-png', '-singlefile', paper, join(work, 'paper')], { stdio: 'ignore' });
    rmSync(paper);
    const symbols = execFileSync('zbarimg', ['-q', '--raw', join(work, 'paper.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n');
    expect(symbols).toContain(printedKey);
    expect(symbols).toContain(`${base}/k/${printedKey}`);
    // The control sheet that travels with the dossier, to the same printer, from the same screen.
    const sheetSince = Date.now();
    await page.getByTestId('result-control-sheet').click();
    await expect.poll(async () => (await page.getByTestId('control-sheet-status').textContent()) ?? '', { timeout: 20_000 }).toContain('Đã gửi phiếu kiểm soát');
    rmSync(await cups.printed(`control-sheet-${printedCode}`, sheetSince));
    await page.close();
  }, 60_000);

  it('a supervisor signs in on /supervisor and sees the counts', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/supervisor`);
    // The clerk's session is still in this browser; sign out first if the screen offers it.
    if (await page.getByTestId('logout').isVisible().catch(() => false)) await page.getByTestId('logout').click();
    await page.getByTestId('login-username').fill('supervisor');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('total-overdue').waitFor();
    expect((await page.getByTestId('total-overdue').textContent())!.trim()).toMatch(/^\d+/);
    await page.close();
  }, 60_000);
});
