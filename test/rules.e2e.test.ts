/**
 * The rules' last gaps on the counter, in Debian's Chromium through playwright-core against a real
 * server: the intake form offers a procedure's time-limit variants only when it has some, the preview
 * counts with the one picked and names it, and the save keeps it; a result promised electronically is
 * handed over through the return dialog, which offers the intake's three methods with the applicant's
 * own choice already picked. Screenshots are kept in test/artifacts/rules/. Needs the built UI (npm
 * test builds it first).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DossierDetail } from '../shared/contracts.ts';
import { buildApp } from '../server/app.ts';
import { DEFAULT_UI_DIR } from '../server/config.ts';
import { launchChromium } from './fixtures/chromium.ts';
import { PASSWORD, anIntake, freshDb } from './helpers.ts';

const ARTIFACTS = join(import.meta.dirname, 'artifacts', 'rules');
let app: FastifyInstance;
let base: string;
let context: BrowserContext;
let work: string;
let cleanupDb: () => void;

async function cookieOf(username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: PASSWORD } });
  const c = res.cookies.find((x) => x.name === 'motcua_session');
  if (!c) throw new Error(`login as ${username} failed: ${res.body}`);
  return `motcua_session=${c.value}`;
}

async function signIn(page: Page, username: string) {
  await page.goto(`${base}/counter`);
  await page.locator('[data-testid="login-username"], [data-testid="logout"]').first().waitFor();
  if (await page.getByTestId('logout').isVisible()) await page.getByTestId('logout').click();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  // Signed in before anything else: a navigation right after the click would cancel the login's request.
  await page.getByTestId('logout').waitFor();
}

beforeAll(async () => {
  if (!existsSync(join(DEFAULT_UI_DIR, 'index.html'))) throw new Error('the UI is not built: run `npm run build` (npm test does it)');
  mkdirSync(ARTIFACTS, { recursive: true });
  const { db, cleanup } = freshDb();
  cleanupDb = cleanup;
  app = await buildApp({ db });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  work = mkdtempSync(join(tmpdir(), 'motcua-rules-e2e-'));
  context = await launchChromium(work, { width: 1366, height: 1000 });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await app?.close();
  cleanupDb?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('time-limit variants at the counter', () => {
  it('offered only for a procedure that has them; the preview and the saved dossier use the one picked', async () => {
    const page = await context.newPage();
    await signIn(page, 'clerk');
    await page.getByTestId('procedure-select').selectOption('1.001193');
    await expect.poll(async () => (await page.getByTestId('preview-due').textContent()) ?? '').toMatch(/\d{4}/);
    expect(await page.getByTestId('intake-time-limit').count()).toBe(0);

    await page.getByTestId('procedure-select').selectOption('1.115520');
    const choice = page.getByTestId('intake-time-limit');
    await choice.waitFor();
    expect(await page.getByTestId('time-limit-standard').isChecked()).toBe(true);
    expect(await choice.textContent()).toContain('13 ngày làm việc');
    await expect.poll(async () => (await page.getByTestId('preview-explanation').textContent()) ?? '').toMatch(/^13 ngày làm việc/);
    const standardDue = (await page.getByTestId('preview-due').textContent())!;

    await page.getByTestId('time-limit-mien-nui-hai-dao').check();
    await expect.poll(async () => (await page.getByTestId('preview-explanation').textContent()) ?? '').toMatch(/^Thời hạn theo trường hợp «Xã miền núi, hải đảo/);
    expect(await page.getByTestId('preview-variant').textContent()).toContain('Xã miền núi, hải đảo');
    const variantDue = (await page.getByTestId('preview-due').textContent())!;
    expect(variantDue).not.toBe(standardDue);

    await page.getByTestId('applicant-fullName').fill('Lò Văn Pó');
    await page.getByTestId('applicant-idNumber').fill('038095004321');
    await page.getByTestId('doc-check-0').check();
    // A tall window rather than a full-page capture, whose scrolling would paint the sticky header mid-page.
    await page.setViewportSize({ width: 1366, height: 1900 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'intake-variant.png') });
    await choice.screenshot({ path: join(ARTIFACTS, 'intake-variant-choice.png') });

    await page.getByTestId('intake-submit').click();
    await page.getByTestId('result-code').waitFor();
    const code = (await page.getByTestId('result-code').textContent())!.trim();
    const detail = (await (await context.request.get(`${base}/api/dossiers/${code}`)).json()) as DossierDetail;
    expect(detail.timeLimitVariant).toMatchObject({ key: 'mien-nui-hai-dao' });
    expect(detail.procedure.timeLimitHours).toBe(184);
    expect(detail.dueExplanation?.vi).toContain('«Xã miền núi, hải đảo');

    // The citizen's phone view of the receipt's QR address: "why this date" names the case too.
    const lookupKey = (await page.getByTestId('result-lookup-key').textContent())!.replace(/\D/g, '');
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 412, height: 1400 });
    await phone.goto(`${base}/k/${lookupKey}`);
    const why = phone.getByTestId('kiosk-due-why');
    await why.waitFor();
    await why.locator('summary').click();
    expect(await why.textContent()).toContain('Thời hạn theo trường hợp «Xã miền núi, hải đảo, vùng có điều kiện kinh tế - xã hội khó khăn»: 23 ngày làm việc');
    await why.screenshot({ path: join(ARTIFACTS, 'phone-why-variant.png') });
    await phone.close();
    await page.close();
  }, 60_000);
});

describe('the supplement window in the request dialog', () => {
  it('names the procedure’s own window and its basis: 7 working days for a building permit', async () => {
    const clerk = await cookieOf('clerk');
    const created = await app.inject({ method: 'POST', url: '/api/dossiers', headers: { cookie: clerk }, payload: anIntake({ procedureCode: '1.013225', documents: [{ name: 'Đơn đề nghị cấp giấy phép xây dựng', originals: 1, copies: 0 }] }) });
    expect(created.statusCode, created.body).toBe(201);
    const code = created.json<{ code: string }>().code;
    expect((await app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: { cookie: clerk }, payload: { type: 'complete-step' } })).statusCode).toBe(200);

    const page = await context.newPage();
    await page.setViewportSize({ width: 1366, height: 1000 });
    await signIn(page, 'officer.kt');
    const row = page.locator(`[data-testid="work-row"][data-code="${code}"]`);
    await row.waitFor();
    await row.getByTestId('action-more').click();
    await row.getByTestId('action-request-supplement').click();
    const window = page.getByTestId('supplement-window');
    await window.waitFor();
    expect(await window.textContent()).toMatch(/Chỉ trong 7 ngày làm việc kể từ khi tiếp nhận \(riêng thủ tục này; căn cứ: Luật Xây dựng 2014/);
    await page.screenshot({ path: join(ARTIFACTS, 'supplement-window.png') });
    await page.close();
  }, 60_000);
});

describe('an electronic result at the return dialog', () => {
  it('offers the three methods of intake, the applicant’s own picked, and hands the result over electronically', async () => {
    const clerk = await cookieOf('clerk');
    const created = await app.inject({ method: 'POST', url: '/api/dossiers', headers: { cookie: clerk }, payload: anIntake({ returnMethod: 'online' }) });
    expect(created.statusCode).toBe(201);
    const code = created.json<{ code: string }>().code;
    for (const [user, type] of [['clerk', 'complete-step'], ['officer', 'complete-step'], ['leader', 'complete-step'], ['clerk', 'result-ready']] as const) {
      const res = await app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: { cookie: await cookieOf(user) }, payload: { type } });
      expect(res.statusCode, res.body).toBe(200);
    }

    const page = await context.newPage();
    await signIn(page, 'clerk');
    await page.goto(`${base}/counter?view=work`);
    const row = page.locator(`[data-testid="work-row"][data-code="${code}"]`);
    await row.waitFor();
    await row.getByTestId('action-return-result').click();
    const dialog = page.getByTestId('action-dialog');
    await dialog.waitFor();
    for (const m of ['at_centre', 'post', 'online']) expect(await page.getByTestId(`method-${m}`).count()).toBe(1);
    await expect.poll(async () => page.getByTestId('method-online').isChecked()).toBe(true);
    expect(await dialog.textContent()).toContain('Nhận kết quả điện tử (công dân đã chọn khi nộp)');
    await page.screenshot({ path: join(ARTIFACTS, 'return-online.png') });
    await page.getByTestId('action-submit').click();
    // No slip to print for a return: the dialog closes and the dossier leaves the queue.
    await expect.poll(async () => page.getByTestId('action-dialog').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => row.count(), { timeout: 10_000 }).toBe(0);

    const after = (await (await context.request.get(`${base}/api/dossiers/${code}`)).json()) as DossierDetail;
    expect(after.status).toBe('returned');
    expect(after.history.find((e) => e.kind === 'returned')).toMatchObject({ actor: { username: 'clerk' }, data: { method: 'online' } });
    await page.close();
  }, 60_000);
});
