/**
 * Personal data by need on the counter's screen, in Debian's Chromium: a clerk who opens a dossier a
 * colleague received, now in a department, sees the masked name and why, and is offered no paper that
 * carries the applicant's particulars; the officer whose department holds it sees them. Needs the
 * built UI (npm test builds it first). MOTCUA_SCREENSHOTS=<dir> keeps the panels' screenshots there.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './fixtures/chromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.ts';
import { DEFAULT_UI_DIR } from '../server/config.ts';
import { PASSWORD, anIntake, freshDb } from './helpers.ts';

let app: FastifyInstance;
let base: string;
let context: BrowserContext;
let work: string;
let cleanupDb: () => void;
let code = '';
const shots = process.env.MOTCUA_SCREENSHOTS;

async function cookieOf(username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: PASSWORD } });
  const c = res.cookies.find((x) => x.name === 'motcua_session');
  if (!c) throw new Error(`login as ${username} failed: ${res.body}`);
  return `motcua_session=${c.value}`;
}

async function openAs(username: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/counter`);
  await page.locator('[data-testid="login-username"], [data-testid="logout"]').first().waitFor();
  if (await page.getByTestId('logout').isVisible()) await page.getByTestId('logout').click();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  // A clerk's desk opens on intake: the work queue is the other tab.
  if (username.startsWith('clerk')) await page.getByTestId('tab-work').click();
  await page.getByTestId('work-queue').waitFor();
  // By its code, as a clerk types it from a citizen's question.
  await page.getByTestId('work-search').fill(code);
  await page.getByTestId('work-search').press('Enter');
  await page.getByTestId('panel-applicant').waitFor();
  return page;
}

beforeAll(async () => {
  if (!existsSync(join(DEFAULT_UI_DIR, 'index.html'))) throw new Error('the UI is not built: run `npm run build` (npm test does it)');
  const { db, cleanup } = freshDb();
  cleanupDb = cleanup;
  app = await buildApp({ db });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  // Received by clerk2 and passed on to the justice office (VP-TPHT).
  const clerk2 = await cookieOf('clerk2');
  const created = await app.inject({ method: 'POST', url: '/api/dossiers', headers: { cookie: clerk2 }, payload: anIntake({ procedureCode: '1.004873', documents: [{ name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân hoặc mẫu điện tử', originals: 1, copies: 0 }] }) });
  expect(created.statusCode).toBe(201);
  code = created.json<{ code: string }>().code;
  expect((await app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: { cookie: clerk2 }, payload: { type: 'complete-step' } })).statusCode).toBe(200);
  work = mkdtempSync(join(tmpdir(), 'motcua-privacy-e2e-'));
  if (shots) mkdirSync(shots, { recursive: true });
  context = await launchChromium(work, { width: 820, height: 1180 });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await app?.close();
  cleanupDb?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the applicant’s particulars on the counter’s dossier panel', () => {
  it('a clerk who did not receive it, with the dossier in a department, sees the masked name, why, and no receipt to reprint', async () => {
    const page = await openAs('clerk');
    const panel = page.getByTestId('dossier-panel');
    expect(await page.getByTestId('panel-applicant').textContent()).toBe('N*** T*** H*** N***');
    expect(await page.getByTestId('panel-personal-withheld').textContent()).toContain('Thông tin cá nhân chỉ hiển thị cho bộ phận đang/đã xử lý hồ sơ');
    const text = (await panel.textContent()) ?? '';
    for (const secret of ['Nhung', '038190012345', '0912345678', 'thôn Đông', 'nhung@example.com']) expect(text).not.toContain(secret);
    // The control sheet (masked name) is there; the receipt and its particulars are not offered.
    expect(await page.getByTestId('slip-control-sheet').count()).toBe(1);
    expect(await page.getByTestId('slip-receipt').count()).toBe(0);
    if (shots) await page.screenshot({ path: join(shots, 'counter-masked.png'), fullPage: false });
    await page.close();
  }, 40_000);

  it('the officer whose department holds it sees the particulars and the receipt to reprint', async () => {
    const page = await openAs('officer');
    expect(await page.getByTestId('panel-applicant').textContent()).toContain('Nguyễn Thị Hồng Nhung');
    expect(await page.getByTestId('dossier-panel').textContent()).toContain('038190012345');
    expect(await page.getByTestId('panel-personal-withheld').count()).toBe(0);
    expect(await page.getByTestId('slip-receipt').count()).toBe(1);
    if (shots) await page.screenshot({ path: join(shots, 'counter-full.png'), fullPage: false });
    await page.close();
  }, 40_000);
});
