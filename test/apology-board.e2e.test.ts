/**
 * The public apology board end to end, in Debian's Chromium against a real server at a fixed clock:
 * the kiosk's "Thư xin lỗi" tab (portrait 1080×1920 and landscape 1920×1080, both languages, larger
 * text, the idle reset back to the start screen) and /cong-khai on a 390×844 phone. The apology is
 * made through the API for an applicant whose name, ID number, phone, address, e-mail, dossier code
 * and lookup key must appear nowhere on either page. axe-core finds no serious or critical violation;
 * every touch target is at least 48 px. Screenshots in test/artifacts/apology-board/. Needs the built UI.
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

const ARTIFACTS = join(import.meta.dirname, 'artifacts', 'apology-board');
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };
const REASON = 'Đang chờ UBND xã Hải Lĩnh trả lời xác minh tình trạng hôn nhân';
const applicant = anIntake().applicant;

let app: FastifyInstance;
let clock: ReturnType<typeof manualClock>;
let base: string;
let context: BrowserContext;
let work: string;
let cleanupDb: () => void;
/** What must never be on a public page: the applicant's details, the dossier's code and key. */
let secrets: string[] = [];

async function as(username: string): Promise<Record<string, string>> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: PASSWORD } });
  const c = res.cookies.find((x) => x.name === 'motcua_session');
  if (!c) throw new Error(`login as ${username} failed: ${res.body}`);
  return { cookie: `motcua_session=${c.value}` };
}

async function act(code: string, username: string, body: object): Promise<void> {
  const res = await app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await as(username), payload: body });
  if (res.statusCode !== 200) throw new Error(`${JSON.stringify(body)} by ${username}: ${res.body}`);
}

/** Receives a marital-status certificate now and has the leader apologise for it `later` minutes on. */
async function apologyFor(reason: string, newDueAt: string, later = 24 * 60): Promise<{ code: string; lookupKey: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: await as('clerk'), payload: anIntake({ procedureCode: '1.004873' }) });
  if (res.statusCode !== 201) throw new Error(res.body);
  const created = res.json() as { code: string; lookupKey: string };
  await act(created.code, 'clerk', { type: 'complete-step' });
  await act(created.code, 'officer', { type: 'complete-step' });
  clock.advanceMinutes(later);
  await act(created.code, 'leader', { type: 'apologize', reason, newDueAt });
  return created;
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Every visible button, link and tab smaller than 48 × 48 px. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a[href], summary, [role="tab"], input')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 48 || r.height < 48))
      .map(({ el, r }) => `${el.dataset.testid ?? el.textContent?.trim().slice(0, 30)} ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
}

async function noSecrets(page: Page): Promise<void> {
  const text = (await page.locator('body').textContent())!;
  const html = await page.content();
  for (const secret of secrets) {
    expect(text, secret).not.toContain(secret);
    expect(html, secret).not.toContain(secret);
  }
}

beforeAll(async () => {
  if (!existsSync(join(DEFAULT_UI_DIR, 'index.html'))) throw new Error('the UI is not built: run `npm run build` (npm test does it)');
  mkdirSync(ARTIFACTS, { recursive: true });
  const { db, cleanup } = freshDb();
  cleanupDb = cleanup;
  clock = manualClock('2026-11-25T09:00:00+07:00');
  app = await buildApp({ db, clock, config: { kioskLookupsPerMinute: 10_000, loginAttemptsPerMinute: 10_000 } });
  base = await app.listen({ host: '127.0.0.1', port: 0 });

  // A marital-status certificate (3 working days), apologised for by the leader a day later.
  const { code, lookupKey } = await apologyFor(REASON, '2026-12-04T16:00:00+07:00');
  clock.set('2026-11-26T10:30:00+07:00');
  secrets = [applicant.fullName, 'Hồng Nhung', applicant.idNumber, applicant.phone!, applicant.phone!.replace(/\s/g, ''), 'thôn Đông', applicant.email!, code, lookupKey];

  work = mkdtempSync(join(tmpdir(), 'motcua-board-e2e-'));
  context = await launchChromium(work, PORTRAIT);
}, 90_000);

afterAll(async () => {
  await context?.close();
  await app?.close();
  cleanupDb?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the public apology board', () => {
  it('opens from the kiosk’s start screen: who apologised, for what, why, both dates, and nothing about the applicant', async () => {
    const page = await context.newPage();
    await page.setViewportSize(PORTRAIT);
    await page.goto(`${base}/kiosk`);
    await page.getByTestId('kiosk-home').waitFor();
    expect(await smallTargets(page)).toEqual([]);
    await page.getByTestId('kiosk-way-apologies').click();
    await page.getByTestId('apology').first().waitFor();
    expect(await page.locator('h1').textContent()).toBe('Thư xin lỗi');
    expect(await page.getByTestId('apology').count()).toBe(1);
    const entry = page.getByTestId('apology');
    expect(await entry.textContent()).toContain('Lãnh đạo UBND xã');
    expect(await entry.textContent()).toContain('Thủ tục cấp Giấy xác nhận tình trạng hôn nhân');
    expect(await page.getByTestId('apology-reason').textContent()).toBe(REASON);
    expect(await page.getByTestId('apology-original').textContent()).toBe('Thứ Hai, 30/11/2026 lúc 09:00');
    expect(await page.getByTestId('apology-new').textContent()).toBe('Thứ Sáu, 04/12/2026 lúc 16:00');
    expect(await entry.textContent()).toContain('Thứ Năm, 26/11/2026');
    expect(await page.getByTestId('apology-board-count').textContent()).toBe('1 thư xin lỗi trong 30 ngày qua');
    // The shipped centre is the fictional demo one: the board says its letters are not real.
    expect(await page.getByTestId('apology-board-fictional').textContent()).toContain('Dữ liệu minh họa');
    await noSecrets(page);
    expect(await axeProblems(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
    await shoot(page, 'portrait-vi-board');

    // English, then larger text: the controls stay large, the board grows.
    await page.getByTestId('kiosk-lang').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Letters of apology');
    expect(await page.getByTestId('apology-new').textContent()).toBe('Friday, 04/12/2026 at 16:00');
    expect(await page.getByTestId('apology-board-count').textContent()).toBe('1 apology in the last 30 days');
    const before = (await page.getByTestId('apology').boundingBox())!.height;
    await page.getByTestId('kiosk-text-larger').click();
    await page.getByTestId('kiosk-text-larger').click();
    expect((await page.getByTestId('apology').boundingBox())!.height).toBeGreaterThan(before * 1.2);
    expect(await axeProblems(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
    await shoot(page, 'portrait-en-board-larger');

    // Back to the start screen, as chosen (English stays until the idle reset).
    await page.getByTestId('kiosk-board-back').click();
    await page.getByTestId('kiosk-home').waitFor();
    expect(await page.getByTestId('apology-board').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('on a landscape kiosk, left alone, goes back to the start screen in Vietnamese', async () => {
    const page = await context.newPage();
    await page.setViewportSize(LANDSCAPE);
    await page.clock.install();
    await page.goto(`${base}/kiosk`);
    await page.getByTestId('kiosk-home').waitFor();
    await page.getByTestId('kiosk-lang').click();
    await page.getByTestId('kiosk-way-apologies').click();
    await page.getByTestId('apology').first().waitFor();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Letters of apology');
    await noSecrets(page);
    expect(await axeProblems(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
    await shoot(page, 'landscape-en-board');
    await page.getByTestId('kiosk-lang').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Thư xin lỗi');
    expect(await axeProblems(page)).toEqual([]);
    await shoot(page, 'landscape-vi-board');
    await page.getByTestId('kiosk-lang').click();
    // A minute without a touch: the countdown, then the start screen, in Vietnamese.
    await page.clock.fastForward(50_000);
    await page.getByTestId('kiosk-idle').waitFor();
    await page.clock.fastForward(12_000);
    await page.getByTestId('kiosk-home').waitFor();
    expect(await page.getByTestId('apology-board').count()).toBe(0);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi');
    await page.close();
  }, 60_000);

  it('/cong-khai shows the same board on a phone, readable at 390 px, in both languages', async () => {
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/cong-khai`);
    await page.getByTestId('apology').first().waitFor();
    expect(await page.title()).toBe('Thư xin lỗi · Letters of apology');
    expect(await page.getByTestId('apology-reason').textContent()).toBe(REASON);
    expect(await page.getByTestId('apology-board-fictional').isVisible()).toBe(true);
    // Nothing wider than the phone, and no kiosk-only prompt (scanner, keypad).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect((await page.locator('body').textContent())!).not.toContain('máy quét');
    await noSecrets(page);
    expect(await axeProblems(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
    await shoot(page, 'phone-vi-board');
    await page.getByTestId('kiosk-lang').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Letters of apology');
    expect(await page.getByTestId('apology-original').textContent()).toBe('Monday, 30/11/2026 at 09:00');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await axeProblems(page)).toEqual([]);
    await shoot(page, 'phone-en-board');
    await page.close();
  }, 60_000);

  it('when the server cannot be reached the board says so and loads by itself once it is back', async () => {
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    await page.route('**/api/public/apologies**', (route) => route.abort('connectionrefused'));
    await page.goto(`${base}/cong-khai`);
    await page.getByTestId('apology-board-failed').waitFor();
    expect(await page.getByTestId('apology-board-failed').textContent()).toContain('Chưa tải được danh sách');
    expect(await axeProblems(page)).toEqual([]);
    await shoot(page, 'phone-vi-failed');
    await page.unroute('**/api/public/apologies**');
    await page.getByTestId('apology').first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('apology-board-failed').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('shows twenty at a time, newest first, and the rest on "Xem thêm"', async () => {
    // 21 more apologies, five minutes apart (the first one above is the oldest of 22).
    clock.set('2026-11-27T08:00:00+07:00');
    for (let i = 1; i <= 21; i++) await apologyFor(`Lý do số ${i}: chờ kết quả xác minh`, '2026-12-07T16:00:00+07:00', 5);
    const page = await context.newPage();
    await page.setViewportSize(PORTRAIT);
    await page.goto(`${base}/kiosk`);
    await page.getByTestId('kiosk-way-apologies').click();
    await page.getByTestId('apology').first().waitFor();
    expect(await page.getByTestId('apology').count()).toBe(20);
    expect(await page.getByTestId('apology-board-count').textContent()).toBe('22 thư xin lỗi trong 30 ngày qua');
    expect(await page.getByTestId('apology-reason').first().textContent()).toBe('Lý do số 21: chờ kết quả xác minh');
    await page.getByTestId('apology-board-more').click();
    await expect.poll(() => page.getByTestId('apology').count()).toBe(22);
    expect(await page.getByTestId('apology-reason').last().textContent()).toBe(REASON);
    expect(await page.getByTestId('apology-board-more').count()).toBe(0);
    expect(await smallTargets(page)).toEqual([]);
    await page.close();
  }, 90_000);
});
