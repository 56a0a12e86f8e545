/**
 * The work queue end to end, in Debian's Chromium through playwright-core against a real server: an
 * officer signs in on /counter, lands on "Việc cần xử lý", finishes the step of a dossier waiting in
 * their department and sees it leave their queue; the leader it went to apologises and sets a new
 * appointment through the dialog, and the apology slip (Mẫu 04) is there to print. The dossier is
 * received and passed on by the clerk through the API (the intake screen has its own test). Needs the
 * built UI (npm test builds it first).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './fixtures/chromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DossierDetail } from '../shared/contracts.ts';
import { buildApp } from '../server/app.ts';
import { DEFAULT_UI_DIR } from '../server/config.ts';
import { PASSWORD, anIntake, freshDb } from './helpers.ts';

let app: FastifyInstance;
let base: string;
let context: BrowserContext;
let work: string;
let cleanupDb: () => void;
let code = '';

async function cookieOf(username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: PASSWORD } });
  const c = res.cookies.find((x) => x.name === 'motcua_session');
  if (!c) throw new Error(`login as ${username} failed: ${res.body}`);
  return `motcua_session=${c.value}`;
}

async function signIn(page: Page, username: string) {
  await page.goto(`${base}/counter`);
  // The previous test's account may still be signed in (one browser profile): wait until the page
  // knows (the sign-in form or the sign-out button), then sign out if needed.
  await page.locator('[data-testid="login-username"], [data-testid="logout"]').first().waitFor();
  if (await page.getByTestId('logout').isVisible()) await page.getByTestId('logout').click();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('work-queue').waitFor();
}

beforeAll(async () => {
  if (!existsSync(join(DEFAULT_UI_DIR, 'index.html'))) throw new Error('the UI is not built: run `npm run build` (npm test does it)');
  const { db, cleanup } = freshDb();
  cleanupDb = cleanup;
  app = await buildApp({ db });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  // A marital-status certificate: 3 working days, through the centre → VP-TPHT (the officer's) →
  // LD-UBND (the leader's) → the centre. Received now, so the appointment is days away whatever the
  // hour the test runs: an apology (one working day ahead at least) is still possible.
  const clerk = await cookieOf('clerk');
  const created = await app.inject({
    method: 'POST',
    url: '/api/dossiers',
    headers: { cookie: clerk },
    payload: anIntake({ procedureCode: '1.004873', documents: [{ name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân hoặc mẫu điện tử', originals: 1, copies: 0 }] }),
  });
  expect(created.statusCode).toBe(201);
  code = created.json<{ code: string }>().code;
  const passed = await app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: { cookie: clerk }, payload: { type: 'complete-step' } });
  expect(passed.statusCode).toBe(200);

  work = mkdtempSync(join(tmpdir(), 'motcua-wq-e2e-'));
  context = await launchChromium(work, { width: 820, height: 1180 });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await app?.close();
  cleanupDb?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the work queue on /counter', () => {
  it('an officer lands on their queue, finishes the step through the dialog, and the dossier leaves it', async () => {
    const page = await context.newPage();
    await signIn(page, 'officer');
    const row = page.locator(`[data-testid="work-row"][data-code="${code}"]`);
    await row.waitFor();
    // The urgency in words beside its colour, and the step with who holds it.
    expect(await row.getAttribute('data-urgency')).toMatch(/^(today|tomorrow|fine)$/);
    expect(await row.getByTestId('work-left').textContent()).toMatch(/^Còn .+ làm việc$/);
    expect(await row.textContent()).toContain('Bước 2:');
    expect(await row.textContent()).toContain('Chưa có người nhận');

    await row.getByTestId('action-complete-step').click();
    const dialog = page.getByTestId('action-dialog');
    // Where it goes next, read from the dossier.
    await expect.poll(async () => (await dialog.textContent()) ?? '').toContain('Bước 3:');
    await page.getByTestId('action-note').fill('Đã thẩm tra, đủ điều kiện');
    await page.getByTestId('action-submit').click();

    await expect.poll(async () => (await page.getByTestId('work-notice').textContent()) ?? '', { timeout: 10_000 }).toContain('Hồ sơ đã rời khỏi danh sách việc của bạn');
    expect(await page.getByTestId('action-dialog').count()).toBe(0);
    expect(await row.count()).toBe(0);
    await page.close();
  }, 40_000);

  it('the leader it went to apologises through the dialog: new appointment, and the slip to print', async () => {
    const page = await context.newPage();
    await signIn(page, 'leader');
    const row = page.locator(`[data-testid="work-row"][data-code="${code}"]`);
    await row.waitFor();
    await row.getByTestId('action-more').click();
    await row.getByTestId('action-apologize').click();

    // The current and original appointment, and a first suggestion one working day later.
    const before = (await (await context.request.get(`${base}/api/dossiers/${code}`)).json()) as DossierDetail;
    await expect.poll(async () => page.getByTestId('apology-date').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await page.getByTestId('apology-readback').textContent()).toMatch(/Ngày hẹn mới: .+\d{2}\/\d{2}\/\d{4} lúc \d{2}:\d{2}/);
    // Nothing sent without a reason: the form says so and keeps what was chosen.
    await page.getByTestId('action-submit').click();
    await expect.poll(async () => (await page.getByTestId('action-error').textContent()) ?? '').toContain('Vui lòng kiểm tra');
    await page.getByTestId('action-reason').fill('Cần xác minh thêm với nơi cư trú trước đây của người yêu cầu');
    await page.getByTestId('action-submit').click();

    await page.getByTestId('action-done').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('action-done').textContent()).toContain('Đã xin lỗi và hẹn lại ngày trả kết quả');
    const slip = page.getByTestId('slip-pdf-apology');
    expect(await page.getByTestId('slip-apology').textContent()).toContain('(Mẫu 04)');
    const pdf = await context.request.get(`${base}${await slip.getAttribute('href')}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');

    const after = (await (await context.request.get(`${base}/api/dossiers/${code}`)).json()) as DossierDetail;
    expect(new Date(after.dueAt).getTime()).toBeGreaterThan(new Date(before.dueAt).getTime());
    expect(after.originalDueAt).toBe(before.originalDueAt);
    expect(after.history.find((e) => e.kind === 'apologized')).toMatchObject({ actor: { username: 'leader' }, data: { newDueAt: after.dueAt } });
    // Opening the slip is a print, and is recorded as one.
    expect(after.history.at(-1)).toMatchObject({ kind: 'printed', data: { document: 'apology' } });

    // Back on the list: the row says it has been re-appointed, and the action is gone (once only).
    await page.getByTestId('action-done-close').click();
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('Đã xin lỗi, hẹn lại');
    await row.getByTestId('action-more').click();
    expect(await row.getByTestId('action-apologize').count()).toBe(0);
    await page.close();
  }, 40_000);
});
