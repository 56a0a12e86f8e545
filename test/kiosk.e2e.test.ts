/**
 * The kiosk end to end, in Debian's Chromium through playwright-core against a real server at a fixed
 * clock: a scanner-style burst and the on-screen keypad reach the same full view (headline, what to
 * do, appointment and time left, apology, steps); a wrong key is refused by its check digit; the
 * language switch; the idle countdown and reset (on the page's own clock, fast-forwarded); the server
 * going away and coming back; the rating, once; nothing private on screen; every touch target at
 * least 48 px; axe-core finds no serious or critical violation, at 1080×1920 portrait and 1920×1080
 * landscape, in both languages. Screenshots of every screen are kept in test/artifacts/kiosk/.
 * The camera has its own test (kiosk-camera.e2e.test.ts). Needs the built UI (npm test builds it).
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
import { scan } from './fixtures/scanner.ts';
import { launchChromium } from './fixtures/chromium.ts';
import { PASSWORD, anIntake, freshDb, manualClock } from './helpers.ts';

const ARTIFACTS = join(import.meta.dirname, 'artifacts', 'kiosk');
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };
const SECRETS = ['Nguyễn Thị Hồng Nhung', 'Hồng Nhung', '038190012345', '0912 345 678', '0912345678', 'thôn Đông', 'nhung@example.com'];

let app: FastifyInstance;
let base: string;
let context: BrowserContext;
let work: string;
let cleanupDb: () => void;
/** Lookup keys of dossiers in the states the screens must show. */
const keys = { apology: '', supplement: '', returned: '', processing: '' };

const sessions = new Map<string, { cookie: string }>();
async function as(username: string): Promise<{ cookie: string }> {
  const known = sessions.get(username);
  if (known) return known;
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: PASSWORD } });
  const c = res.cookies.find((x) => x.name === 'motcua_session');
  if (!c) throw new Error(`login as ${username} failed: ${res.body}`);
  const session = { cookie: `motcua_session=${c.value}` };
  sessions.set(username, session);
  return session;
}

async function act(code: string, username: string, body: object): Promise<void> {
  const res = await app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await as(username), payload: body });
  if (res.statusCode !== 200) throw new Error(`${JSON.stringify(body)} by ${username}: ${res.body}`);
}

async function receive(): Promise<{ code: string; lookupKey: string }> {
  // A marital-status certificate: 3 working days, centre → VP-TPHT (officer) → LD-UBND (leader) → centre.
  const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: await as('clerk'), payload: anIntake({ procedureCode: '1.004873' }) });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json();
}

async function openKiosk(viewport = PORTRAIT, path = '/kiosk'): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(`${base}${path}`);
  await page.getByTestId(path.startsWith('/k/') ? 'kiosk-result' : 'kiosk-home').waitFor();
  return page;
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}


/** Every visible button, link, summary and tab smaller than 48 × 48 px. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a[href], summary, [role="tab"], [role="radio"], input')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 48 || r.height < 48))
      .map(({ el, r }) => `${el.dataset.testid ?? el.textContent?.trim().slice(0, 30)} ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
}

beforeAll(async () => {
  if (!existsSync(join(DEFAULT_UI_DIR, 'index.html'))) throw new Error('the UI is not built: run `npm run build` (npm test does it)');
  mkdirSync(ARTIFACTS, { recursive: true });
  const { db, cleanup } = freshDb();
  cleanupDb = cleanup;
  const clock = manualClock('2026-11-25T09:00:00+07:00');
  app = await buildApp({ db, clock, config: { kioskLookupsPerMinute: 10_000 } });
  base = await app.listen({ host: '127.0.0.1', port: 0 });

  const processing = await receive();
  await act(processing.code, 'clerk', { type: 'complete-step' });
  keys.processing = processing.lookupKey;

  const supplement = await receive();
  await act(supplement.code, 'clerk', { type: 'complete-step' });
  await act(supplement.code, 'officer', {
    type: 'request-supplement',
    reason: 'Tờ khai chưa có chữ ký của người yêu cầu',
    documents: [{ name: 'Tờ khai theo mẫu có chữ ký', basis: 'Thông tư 04/2020/TT-BTP' }],
  });
  keys.supplement = supplement.lookupKey;

  const returned = await receive();
  await act(returned.code, 'clerk', { type: 'complete-step' });
  await act(returned.code, 'officer', { type: 'complete-step' });
  await act(returned.code, 'leader', { type: 'complete-step' });
  await act(returned.code, 'clerk', { type: 'result-ready' });
  await act(returned.code, 'clerk', { type: 'return-result', method: 'counter' });
  keys.returned = returned.lookupKey;

  const apology = await receive();
  await act(apology.code, 'clerk', { type: 'complete-step' });
  await act(apology.code, 'officer', { type: 'complete-step' });
  clock.set('2026-11-26T08:00:00+07:00');
  sessions.clear(); // a day later, yesterday's sessions have expired
  await act(apology.code, 'leader', { type: 'apologize', reason: 'Đang chờ UBND xã Hải Lĩnh trả lời xác minh tình trạng hôn nhân', newDueAt: '2026-12-04T16:00:00+07:00' });
  keys.apology = apology.lookupKey;
  clock.set('2026-11-26T09:30:00+07:00');

  work = mkdtempSync(join(tmpdir(), 'motcua-kiosk-e2e-'));
  context = await launchChromium(work, PORTRAIT);
}, 90_000);

afterAll(async () => {
  await context?.close();
  await app?.close();
  cleanupDb?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the kiosk', () => {
  it('a scanner burst on the attract screen shows the whole dossier: where it is, what to do, the dates, the apology, the steps', async () => {
    const page = await openKiosk();
    expect(await axeProblems(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
    await shoot(page, 'portrait-vi-home');

    await scan(page, keys.apology);
    await page.getByTestId('kiosk-timeline').waitFor();
    expect(await page.getByTestId('kiosk-headline').textContent()).toBe('Hồ sơ đang chờ ký duyệt tại Lãnh đạo UBND xã (Chủ tịch/Phó Chủ tịch)');
    expect(await page.getByTestId('kiosk-todo').getAttribute('data-kind')).toBe('nothing');
    // The apology moved the appointment: both dates, the old one struck through, and the notice in full.
    expect(await page.getByTestId('kiosk-due-original').textContent()).toMatch(/\d{2}\/\d{2}\/2026/);
    expect(await page.getByTestId('kiosk-due').textContent()).toBe('Thứ Sáu, 04/12/2026 lúc 16:00');
    expect(await page.getByTestId('kiosk-time-left').textContent()).toMatch(/^Còn [\d,]+ ngày làm việc$/);
    const apology = page.locator('[data-testid="kiosk-notice"][data-kind="apology"]');
    expect(await apology.textContent()).toContain('Đang chờ UBND xã Hải Lĩnh trả lời xác minh tình trạng hôn nhân');
    expect(await apology.textContent()).toContain('Lãnh đạo UBND xã');
    // Steps: two done with their timeliness, the current one marked, the last one still to come.
    const states = await page.getByTestId('kiosk-step').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-state')}:${e.getAttribute('data-timeliness')}`));
    expect(states).toEqual(['done:early', 'done:early', 'in_progress:', 'pending:']);
    expect(await page.locator('[aria-current="step"]').count()).toBe(1);
    const body = (await page.locator('body').textContent())!;
    for (const secret of SECRETS) expect(body).not.toContain(secret);
    expect(await page.getByTestId('kiosk-applicant').textContent()).toBe('N*** T*** H*** N***');
    expect(await axeProblems(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
    await shoot(page, 'portrait-vi-apology');
    await page.close();
  }, 60_000);

  it('the keypad takes the 16 digits (grouped 4-4-4-4) and refuses a mistyped one by its check digit', async () => {
    const page = await openKiosk();
    await page.getByTestId('kiosk-way-keypad').click();
    const wrong = `${keys.processing.slice(0, 15)}${(Number(keys.processing[15]) + 1) % 10}`;
    for (const d of wrong) await page.getByTestId(`kiosk-digit-${d}`).click();
    expect(await page.getByTestId('kiosk-key-input').inputValue()).toBe(wrong.replace(/(\d{4})(?=\d)/g, '$1 '));
    await page.getByTestId('kiosk-submit').click();
    expect(await page.getByTestId('kiosk-error').textContent()).toContain('có thể một chữ số bị nhập nhầm');
    expect(await axeProblems(page)).toEqual([]);
    await shoot(page, 'portrait-vi-keypad-error');
    await page.getByTestId('kiosk-clear').click();
    for (const d of keys.processing) await page.getByTestId(`kiosk-digit-${d}`).click();
    await page.getByTestId('kiosk-submit').click();
    await page.getByTestId('kiosk-timeline').waitFor();
    expect(await page.getByTestId('kiosk-headline').textContent()).toBe('Hồ sơ đang được xác minh tại Văn phòng HĐND và UBND xã (Tư pháp - Hộ tịch)');
    // Larger text, twice: the content grows (the page scrolls), the controls stay reachable and large.
    const before = (await page.getByTestId('kiosk-headline').boundingBox())!.height;
    await page.getByTestId('kiosk-text-larger').click();
    await page.getByTestId('kiosk-text-larger').click();
    expect(await page.getByTestId('kiosk-text-larger').isDisabled()).toBe(true);
    expect((await page.getByTestId('kiosk-headline').boundingBox())!.height).toBeGreaterThan(before * 1.3);
    expect(await smallTargets(page)).toEqual([]);
    await shoot(page, 'portrait-vi-text-larger');
    await page.close();
  }, 60_000);

  it('English is one touch away, everywhere, and the idle reset brings Vietnamese back', async () => {
    const page = await context.newPage();
    await page.setViewportSize(LANDSCAPE);
    // The page's own clock, so a minute of inactivity passes in an instant.
    await page.clock.install();
    await page.goto(`${base}/kiosk`);
    await page.getByTestId('kiosk-home').waitFor();
    await page.getByTestId('kiosk-lang').click();
    // <html lang> is set by an effect, after the next frame: polled, not read at once.
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Track your dossier');
    expect(await axeProblems(page)).toEqual([]);
    await shoot(page, 'landscape-en-home');
    await scan(page, keys.supplement);
    await page.getByTestId('kiosk-timeline').waitFor();
    expect(await page.getByTestId('kiosk-headline').textContent()).toBe('Your dossier is waiting for more documents from you');
    expect(await page.getByTestId('kiosk-todo').getAttribute('data-kind')).toBe('bring_documents');
    expect(await page.locator('[data-kind="supplement"]').textContent()).toContain('Tờ khai theo mẫu có chữ ký');
    expect(await page.getByTestId('kiosk-status').textContent()).toContain('Waiting for additional documents');
    expect(await axeProblems(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
    await shoot(page, 'landscape-en-supplement');

    // A minute without a touch: the countdown, then the start screen, in Vietnamese, with nothing kept.
    await page.clock.fastForward(50_000);
    await page.getByTestId('kiosk-idle').waitFor();
    expect(await page.getByTestId('kiosk-idle').textContent()).toContain('Are you still there?');
    expect(await axeProblems(page)).toEqual([]);
    await shoot(page, 'landscape-en-idle');
    await page.clock.fastForward(12_000);
    await page.getByTestId('kiosk-home').waitFor();
    expect(await page.getByTestId('kiosk-result').count()).toBe(0);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Tra cứu hồ sơ');
    await page.close();
  }, 60_000);

  it('"still there?" keeps the dossier on screen when touched', async () => {
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${base}/kiosk`);
    await page.getByTestId('kiosk-home').waitFor();
    await scan(page, keys.processing);
    await page.getByTestId('kiosk-timeline').waitFor();
    await page.clock.fastForward(50_000);
    await page.getByTestId('kiosk-continue').click();
    await page.clock.fastForward(20_000);
    expect(await page.getByTestId('kiosk-timeline').count()).toBe(1);
    await page.close();
  }, 60_000);

  it('when the server cannot be reached the kiosk says so, and shows the dossier by itself once it is back', async () => {
    const page = await openKiosk();
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await scan(page, keys.processing);
    await page.getByTestId('kiosk-offline').waitFor();
    expect(await page.getByTestId('kiosk-offline').textContent()).toContain('Tạm thời không kết nối được máy chủ');
    await shoot(page, 'portrait-vi-offline');
    await page.unroute('**/api/**');
    await page.getByTestId('kiosk-timeline').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('kiosk-offline').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('a returned dossier can be rated once, from a fixed list of reasons; a second rating is refused politely', async () => {
    const page = await openKiosk(LANDSCAPE);
    await scan(page, keys.returned);
    await page.getByTestId('kiosk-rating').waitFor();
    expect(await page.getByTestId('kiosk-todo').getAttribute('data-kind')).toBe('rate');
    // Ready on Wednesday 25th for an appointment on Monday 30th: before the appointment's day, by the day
    // (the centre's default), the rule named.
    expect(await page.getByTestId('kiosk-outcome').getAttribute('data-timeliness')).toBe('early');
    expect(await page.getByTestId('kiosk-outcome').textContent()).toBe('Kết quả so với ngày hẹnCó kết quả trước ngày hẹnĐúng hạn tính theo ngày');
    await page.getByTestId('kiosk-rate-send').click();
    expect(await page.getByTestId('kiosk-rating-error').textContent()).toBe('Vui lòng chọn một mức đánh giá.');
    await page.getByTestId('kiosk-rate-satisfied').click();
    await page.getByTestId('kiosk-reason-on_time').click();
    await page.getByTestId('kiosk-reason-helpful_staff').click();
    expect(await axeProblems(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
    await shoot(page, 'landscape-vi-rating');
    await page.getByTestId('kiosk-rate-send').click();
    await page.getByTestId('kiosk-rating-given').waitFor();
    expect(await page.getByTestId('kiosk-rating-given').textContent()).toContain('Hài lòng');
    // Scanned again: the rating is shown as given, not offered again.
    await page.getByTestId('kiosk-back').click();
    await scan(page, keys.returned);
    await page.getByTestId('kiosk-rating-given').waitFor();
    expect(await page.getByTestId('kiosk-rating').count()).toBe(0);
    const again = await app.inject({ method: 'POST', url: '/api/kiosk/rating', payload: { key: keys.returned, level: 'very_dissatisfied', reasons: [] } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ALREADY_RATED');
    await page.close();
  }, 60_000);

  it('the page keeps the citizen on the kiosk: no context menu, no way back to another page', async () => {
    const page = await openKiosk();
    const prevented = await page.evaluate(() => !document.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true })));
    expect(prevented).toBe(true);
    await page.goBack().catch(() => undefined);
    expect(new URL(page.url()).pathname).toBe('/kiosk');
    await page.close();
  }, 30_000);

  it('on a phone, /k/<key> shows the same view, without the kiosk’s scanner prompt', async () => {
    const page = await openKiosk({ width: 390, height: 844 }, `/k/${keys.apology}`);
    await page.getByTestId('kiosk-timeline').waitFor();
    const body = (await page.locator('body').textContent())!;
    expect(body).not.toContain('máy quét');
    for (const secret of SECRETS) expect(body).not.toContain(secret);
    expect(await axeProblems(page)).toEqual([]);
    await shoot(page, 'phone-vi-apology');
    await page.close();
  }, 30_000);
});
