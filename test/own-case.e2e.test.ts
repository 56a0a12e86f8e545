/**
 * Nobody decides their own case, on the screen (issue 12, items 3 and 4), in Debian's Chromium
 * against a real server: the leader who signed a step late and signed an apology opens /supervisor
 * and is offered no decision on either — the record says why instead — while a supervisor is offered
 * both and records one. The figures card counts refused supplement requests under their own reasons.
 * Screenshots in test/artifacts/own-case/. Needs the built UI (npm test builds it first).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { DEFAULT_UI_DIR } from '../server/config.ts';
import { axeProblems } from './fixtures/axe.ts';
import { launchChromium } from './fixtures/chromium.ts';
import { PASSWORD, anIntake, freshDb, manualClock } from './helpers.ts';

const ARTIFACTS = join(import.meta.dirname, 'artifacts', 'own-case');
const WEEK = '/supervisor?from=2026-11-30&to=2026-12-06';

let app: FastifyInstance;
let base: string;
let work: string;
let cleanupDb: () => void;
let clock: ReturnType<typeof manualClock>;
const codes = { signed: '', apologised: '', twice: '', afterDue: '' };

/** One session per user (sign-ins are rate-limited), made again after the clock jumps. */
const sessions = new Map<string, string>();
async function cookieOf(username: string): Promise<string> {
  const known = sessions.get(username);
  if (known) return known;
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: PASSWORD } });
  const c = res.cookies.find((x) => x.name === 'motcua_session');
  if (!c) throw new Error(`login as ${username} failed: ${res.body}`);
  sessions.set(username, `motcua_session=${c.value}`);
  return sessions.get(username)!;
}
async function act(user: string, code: string, body: object, status = 200): Promise<void> {
  const res = await app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: { cookie: await cookieOf(user) }, payload: body });
  if (res.statusCode !== status) throw new Error(`${JSON.stringify(body)} on ${code}: ${res.statusCode} ${res.body}`);
}
async function intake(body = anIntake()): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: { cookie: await cookieOf('clerk') }, payload: body });
  expect(res.statusCode).toBe(201);
  return res.json<{ code: string }>().code;
}
async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}
async function signIn(context: BrowserContext, username: string): Promise<Page> {
  // As test/supervisor.e2e.test.ts: a session made through the API, handed to the browser.
  sessions.clear(); // a session of its own for the browser
  const token = (await cookieOf(username)).split('=')[1]!;
  await context.addCookies([{ name: 'motcua_session', value: token, url: base, httpOnly: true, sameSite: 'Strict' }]);
  const page = await context.newPage();
  await page.goto(`${base}${WEEK}`);
  await page.locator('[data-testid="flags"], [data-testid="dashboard-error"]').first().waitFor();
  if (await page.getByTestId('dashboard-error').isVisible()) throw new Error(`the dashboard says: ${await page.getByTestId('dashboard-error').textContent()}`);
  return page;
}
/** From the dashboard, the record of one dossier: through a figure's drawer. */
async function openRecord(page: Page, figure: string, code: string) {
  await page.getByTestId(figure).click();
  const drawer = page.getByTestId('drill-drawer');
  await drawer.locator(`[data-testid="drill-row"][data-code="${code}"]`).getByTestId('drill-open').click();
  const record = drawer.getByTestId('dossier-record');
  await record.waitFor();
  return record;
}

beforeAll(async () => {
  if (!existsSync(join(DEFAULT_UI_DIR, 'index.html'))) throw new Error('the UI is not built: run `npm run build` (npm test does it)');
  mkdirSync(ARTIFACTS, { recursive: true });
  const { db, cleanup } = freshDb();
  cleanupDb = cleanup;
  clock = manualClock('2026-11-30T08:00:00+07:00'); // Monday
  app = await buildApp({ db, clock });
  base = await app.listen({ host: '127.0.0.1', port: 0 });

  // The demo's case: the commune's leader takes step 3 (his signature) and signs it the next day, late.
  codes.signed = await intake(anIntake({ applicant: { idNumber: '038190000101' } }));
  await act('clerk', codes.signed, { type: 'complete-step' });
  await act('officer', codes.signed, { type: 'accept-step' });
  await act('officer', codes.signed, { type: 'complete-step' });
  await act('leader', codes.signed, { type: 'accept-step' });
  // An apology signed by the same leader, then a supplement asked for after it (refused, recorded).
  codes.apologised = await intake(anIntake({ procedureCode: '1.004873', applicant: { idNumber: '038190000102' } }));
  await act('clerk', codes.apologised, { type: 'complete-step' });
  await act('officer', codes.apologised, { type: 'accept-step' });
  await act('leader', codes.apologised, { type: 'apologize', reason: 'Cần xác minh thêm tại nơi cư trú trước đây', newDueAt: '2026-12-09T16:00:00+07:00' });
  const ask = { type: 'request-supplement', reason: 'Giấy chứng sinh mờ', documents: [{ name: 'Giấy chứng sinh' }] };
  await act('officer', codes.apologised, ask, 409);
  // A supplement asked for twice (the second refused), and one after the appointment (refused).
  codes.twice = await intake(anIntake({ applicant: { idNumber: '038190000103' } }));
  await act('clerk', codes.twice, { type: 'complete-step' });
  await act('officer', codes.twice, ask);
  await act('officer', codes.twice, ask, 409);
  codes.afterDue = await intake(anIntake({ applicant: { idNumber: '038190000104' } }));
  await act('clerk', codes.afterDue, { type: 'complete-step' });
  clock.set('2026-12-01T09:00:00+07:00');
  sessions.clear();
  await act('leader', codes.signed, { type: 'complete-step' });
  await act('officer', codes.afterDue, ask, 409);
  clock.set('2026-12-01T10:00:00+07:00');
  work = mkdtempSync(join(tmpdir(), 'motcua-own-e2e-'));
}, 60_000);

afterAll(async () => {
  await app?.close();
  cleanupDb?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('nobody decides their own case, on /supervisor', () => {
  it('the leader is offered no decision on his own late step or his own apology, and reads why; a supervisor is offered both', async () => {
    const context = await launchChromium(join(work, 'leader'), { width: 1280, height: 800 });
    try {
      const page = await signIn(context, 'leader');
      // Refused supplement requests, each under its own reason.
      await expect.poll(async () => (await page.getByTestId('fig-refused-secondSupplementAttempts').textContent()) ?? '').toBe('1 lần hai');
      expect(await page.getByTestId('fig-refused-supplementAttemptsAfterApology').textContent()).toBe('1 sau khi xin lỗi');
      expect(await page.getByTestId('fig-refused-supplementAttemptsAfterWindow').textContent()).toBe('0 quá thời hạn yêu cầu');
      expect(await page.getByTestId('fig-refused-supplementAttemptsAfterDue').textContent()).toBe('1 sau ngày hẹn trả');
      expect(await axeProblems(page)).toEqual([]);
      await shoot(page, 'leader-dashboard', true);
      // A tablet in portrait: the card's four reasons still fit, the page never scrolls sideways.
      await page.setViewportSize({ width: 800, height: 1280 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await shoot(page, 'leader-dashboard-portrait');
      await page.setViewportSize({ width: 1280, height: 800 });

      // His own late steps: the drawer and the record say why, and offer no button.
      await page.locator('[data-testid="late-officer"][data-who="leader"]').click();
      const drawer = page.getByTestId('drill-drawer');
      const row = drawer.locator(`[data-testid="drill-row"][data-code="${codes.signed}"]`);
      await row.waitFor();
      expect(await row.getByTestId('review-own-case').textContent()).toContain('Việc của chính ông/bà');
      expect(await row.getByTestId('review-valid').count()).toBe(0);
      await shoot(page, 'leader-drill');
      await row.getByTestId('drill-open').click();
      const step3 = drawer.locator('[data-testid="record-step"][data-seq="3"]');
      await step3.waitFor();
      expect(await step3.textContent()).toContain('Trễ hạn');
      expect(await step3.getByTestId('review-own-case').textContent()).toContain('người khác quyết định');
      expect(await step3.getByTestId('review-valid').count()).toBe(0);
      expect(await step3.getByTestId('review-invalid').count()).toBe(0);
      expect(await axeProblems(page)).toEqual([]);
      await shoot(page, 'leader-record');
      await page.getByTestId('dialog-close').click();

      // His own apology: the same.
      const record = await openRecord(page, 'fig-apologies', codes.apologised);
      const apology = record.getByTestId('record-apology');
      expect(await apology.getByTestId('apology-own-case').textContent()).toContain('đã ký văn bản xin lỗi');
      expect(await apology.getByTestId('apology-valid').count()).toBe(0);
      await shoot(page, 'leader-apology');
      await page.close();
    } finally {
      await context.close();
    }

    const other = await launchChromium(join(work, 'supervisor'), { width: 1280, height: 800 });
    try {
      const page = await signIn(other, 'supervisor');
      await page.locator('[data-testid="late-officer"][data-who="leader"]').click();
      const drawer = page.getByTestId('drill-drawer');
      const row = drawer.locator(`[data-testid="drill-row"][data-code="${codes.signed}"]`);
      await row.waitFor();
      expect(await row.getByTestId('review-valid').count()).toBe(1);
      expect(await row.getByTestId('review-own-case').count()).toBe(0);
      await page.getByTestId('dialog-close').click();

      const record = await openRecord(page, 'fig-apologies', codes.apologised);
      const apology = record.getByTestId('record-apology');
      expect(await apology.getByTestId('apology-own-case').count()).toBe(0);
      await apology.getByTestId('apology-invalid').click();
      const dialog = page.getByTestId('lateness-dialog');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('Xem xét lý do xin lỗi, hẹn lại');
      await shoot(page, 'supervisor-apology-dialog');
      await dialog.getByTestId('lateness-reason').fill('Việc xác minh đã có thể làm trong hạn');
      await dialog.getByTestId('lateness-submit').click();
      await expect.poll(() => page.getByTestId('lateness-dialog').count()).toBe(0);
      await expect.poll(async () => (await apology.getByTestId('apology-decision').first().textContent()) ?? '', { timeout: 10_000 }).toContain('Không có lý do chính đáng');
      expect(await axeProblems(page)).toEqual([]);
      await shoot(page, 'supervisor-apology-decided');
      await page.close();
    } finally {
      await other.close();
    }
  }, 120_000);
});
