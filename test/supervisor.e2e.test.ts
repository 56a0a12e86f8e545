/**
 * The supervision dashboard end to end, in Debian's Chromium through playwright-core against a real
 * server on a real port. The week is built through the real actions at a hand-moved clock: three
 * marriage-status certificates received on Monday 23/11/2026, one of them apologised for by the
 * commune's leader, all held past their step's due time by the same officer, one then finished. A supervisor opens
 * /supervisor for that week, sees the officer and the department flagged with the late steps behind
 * it, opens the officer's late steps, one dossier's whole history, marks that step as having a valid
 * reason (with the reason), and sees the flag's count go down; the weekly report answers a PDF.
 * axe-core finds nothing serious at 1280×800 and 800×1280, and the screenshots are kept in
 * test/artifacts/supervisor/. Needs the built UI (npm test builds it first).
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

const ARTIFACTS = join(import.meta.dirname, 'artifacts', 'supervisor');
const WEEK = '/supervisor?from=2026-11-23&to=2026-11-29';

let app: FastifyInstance;
let base: string;
let work: string;
let cleanupDb: () => void;
const codes: string[] = [];

async function cookieOf(username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: PASSWORD } });
  const c = res.cookies.find((x) => x.name === 'motcua_session');
  if (!c) throw new Error(`login as ${username} failed: ${res.body}`);
  return `motcua_session=${c.value}`;
}

async function act(cookie: string, code: string, body: object): Promise<void> {
  const res = await app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: { cookie }, payload: body });
  if (res.statusCode !== 200) throw new Error(`${JSON.stringify(body)} on ${code}: ${res.statusCode} ${res.body}`);
}


/** The page is never wider than the window: only a table's own box may scroll sideways. */
async function overflowX(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

async function signIn(context: BrowserContext, path: string): Promise<Page> {
  // Signed in through the API and handed to the browser as a session cookie: the cookie's Expires is
  // set from the server's clock, which this test holds at November 2026, and the browser would drop a
  // cookie already expired by its own clock. (The sign-in form on /supervisor is test/e2e.test.ts's.)
  const token = (await cookieOf('supervisor')).split('=')[1]!;
  await context.addCookies([{ name: 'motcua_session', value: token, url: base, httpOnly: true, sameSite: 'Strict' }]);
  const page = await context.newPage();
  await page.goto(`${base}${path}`);
  // A failing endpoint shows its message on the screen: fail with it rather than with a timeout.
  await page.locator('[data-testid="flags"], [data-testid="dashboard-error"]').first().waitFor();
  if (await page.getByTestId('dashboard-error').isVisible()) {
    await shoot(page, 'failed-first-screen');
    throw new Error(`the dashboard says: ${await page.getByTestId('dashboard-error').textContent()}`);
  }
  return page;
}

beforeAll(async () => {
  if (!existsSync(join(DEFAULT_UI_DIR, 'index.html'))) throw new Error('the UI is not built: run `npm run build` (npm test does it)');
  mkdirSync(ARTIFACTS, { recursive: true });
  const { db, cleanup } = freshDb();
  cleanupDb = cleanup;
  const clock = manualClock('2026-11-23T08:00:00+07:00');
  app = await buildApp({ db, clock });
  base = await app.listen({ host: '127.0.0.1', port: 0 });

  // Marriage-status certificates: 3 working days, the centre → VP-TPHT (the officer's, 16 working
  // hours) → the commune's leaders → the centre.
  const clerk = await cookieOf('clerk');
  const officer = await cookieOf('officer');
  const leader = await cookieOf('leader');
  for (const name of ['Nguyễn Văn Minh', 'Trần Thị Lan', 'Lê Quốc Bảo', 'Phạm Thu Hà']) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/dossiers',
      headers: { cookie: clerk },
      payload: anIntake({ procedureCode: '1.004873', applicant: { fullName: name }, documents: [{ name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân hoặc mẫu điện tử', originals: 1, copies: 0 }] }),
    });
    expect(res.statusCode).toBe(201);
    const code = res.json<{ code: string }>().code;
    codes.push(code);
    await act(clerk, code, { type: 'complete-step' });
    await act(officer, code, { type: 'accept-step' });
  }
  // The leader apologises for the last one on Monday, well over a working day before its appointment.
  await act(leader, codes[3]!, { type: 'apologize', reason: 'Cần xác minh tình trạng hôn nhân tại nơi cư trú trước đây', newDueAt: '2026-12-01T16:00:00+07:00' });
  // Thursday afternoon: the officer finishes them all, past the step's due time (Thursday 10:00) — the
  // re-appointed one perhaps not, its steps having moved with the apology.
  clock.set('2026-11-26T15:00:00+07:00');
  // Sessions expire on the centre's clock: a new one after the jump.
  const officerLater = await cookieOf('officer');
  for (const code of codes) await act(officerLater, code, { type: 'complete-step', note: 'Đã xác minh' });
  // The first goes on to its result the same afternoon: finished before its appointment, one late step inside.
  const leaderLater = await cookieOf('leader');
  const clerkLater = await cookieOf('clerk');
  await act(leaderLater, codes[0]!, { type: 'accept-step' });
  await act(leaderLater, codes[0]!, { type: 'complete-step' });
  await act(clerkLater, codes[0]!, { type: 'accept-step' });
  await act(clerkLater, codes[0]!, { type: 'result-ready' });

  work = mkdtempSync(join(tmpdir(), 'motcua-sup-e2e-'));
}, 60_000);

afterAll(async () => {
  await app?.close();
  cleanupDb?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the supervision dashboard on /supervisor', () => {
  it('a supervisor sees who is late and flagged, reviews a late step from its history, and the flag goes down', async () => {
    const context = await launchChromium(join(work, 'land'), { width: 1280, height: 800 });
    try {
      const page = await signIn(context, WEEK);
      expect(await page.getByTestId('period-label').textContent()).toContain('23/11 – 29/11/2026');
      await expect.poll(async () => (await page.getByTestId('as-of').textContent()) ?? '').toMatch(/Cập nhật lúc \d{2}:\d{2}/);

      // Who is past the threshold: the officer (three late steps at least, none excused), and their department.
      const flag = page.locator('[data-testid="flag"][data-kind="officer"][data-who="officer"]');
      await flag.waitFor();
      const before = Number(await flag.getByTestId('flag-late').textContent());
      expect(before).toBeGreaterThanOrEqual(3);
      expect(await flag.textContent()).toContain('Xem xét kỷ luật, điều chuyển');
      // Two of its dossiers by name, with the reason known so far; the rest behind its button.
      const flagText = (await flag.textContent()) ?? '';
      expect(codes.filter((c) => flagText.includes(c))).toHaveLength(2);
      expect(flagText).toContain('Chưa xem xét lý do');
      expect(await page.locator('[data-testid="flag"][data-kind="department"][data-who="VP-TPHT"]').count()).toBe(1);
      // Who was late, in words beside the number.
      const late = page.locator('[data-testid="late-officer"][data-who="officer"]');
      expect(await late.textContent()).toMatch(new RegExp(`${before}\\s*bước trễ`));
      // The apology counts in the figures.
      expect(await page.getByTestId('fig-apologies').textContent()).toContain('1');
      // The on-time split names the rule it was judged by (the centre's default: by the day).
      expect(await page.getByTestId('fig-rule').textContent()).toContain('Đúng hạn tính theo ngày: có kết quả trước ngày hẹn');
      expect(await axeProblems(page)).toEqual([]);
      expect(await overflowX(page)).toBeLessThanOrEqual(0);
      await shoot(page, 'landscape-first-screen');
      await shoot(page, 'landscape-full', true);

      // The officer's late steps, then the first dossier's whole record.
      await late.click();
      const drawer = page.getByTestId('drill-drawer');
      await drawer.getByTestId('drill-row').first().waitFor();
      expect(await drawer.getByTestId('drill-row').count()).toBe(before);
      await shoot(page, 'landscape-drill');
      const row = drawer.locator(`[data-testid="drill-row"][data-code="${codes[0]}"]`);
      await row.getByTestId('drill-open').click();
      const record = drawer.getByTestId('dossier-record');
      await record.waitFor();
      const history = (await record.getByTestId('record-history').textContent()) ?? '';
      expect(history).toContain('Tiếp nhận hồ sơ');
      expect(history).toContain('Hoàn thành bước, chuyển tiếp');
      // A supervisor watches the handling: the applicant's name masked, and why (shared/privacy.ts).
      expect(await record.getByTestId('record-applicant').textContent()).toMatch(/^(\S\*\*\* ?)+$/);
      const step2 = record.locator('[data-testid="record-step"][data-seq="2"]');
      expect(await step2.textContent()).toContain('Trễ hạn');
      expect(await axeProblems(page)).toEqual([]);
      await shoot(page, 'landscape-record');

      // The review: a reason is required, then the decision shows with who and when.
      await step2.getByTestId('review-valid').click();
      const dialog = page.getByTestId('lateness-dialog');
      await dialog.waitFor();
      await dialog.getByTestId('lateness-submit').click();
      expect(await dialog.getByTestId('lateness-reason').getAttribute('aria-invalid')).toBe('true');
      await dialog.getByTestId('lateness-reason').fill('Chờ UBND xã nơi cư trú trước đây trả lời văn bản xác minh');
      expect(await axeProblems(page)).toEqual([]);
      await shoot(page, 'landscape-review-dialog');
      await dialog.getByTestId('lateness-submit').click();
      await expect.poll(() => page.getByTestId('lateness-dialog').count()).toBe(0);
      const decision = step2.getByTestId('record-decision').first();
      await expect.poll(async () => (await decision.textContent()) ?? '', { timeout: 10_000 }).toContain('Có lý do chính đáng');
      expect(await decision.textContent()).toContain('Cán bộ supervisor');
      expect(await record.getByTestId('record-history').textContent()).toContain('Chờ UBND xã nơi cư trú trước đây trả lời văn bản xác minh');

      // Back on the dashboard (the drawer closed), the officer's flag counts one late step fewer.
      await page.getByTestId('dialog-close').click();
      await expect.poll(async () => (await flag.getByTestId('flag-late').textContent()) ?? '', { timeout: 15_000 }).toBe(String(before - 1));
      await shoot(page, 'landscape-after-review');

      // The weekly report for the week: a PDF.
      await page.locator('[data-testid="reports"] summary').click();
      const href = await page.getByTestId('report-weekly-pdf').getAttribute('href');
      expect(href).toBe('/api/reports/weekly.pdf?week=2026-W48');
      const pdf = await context.request.get(`${base}${href}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await page.close();
    } finally {
      await context.close();
    }
  }, 120_000);

  it('a tablet in portrait: the same answers without sideways scrolling, the scores and the kiosk tabs', async () => {
    const context = await launchChromium(join(work, 'port'), { width: 800, height: 1280 });
    try {
      const page = await signIn(context, WEEK);
      await page.locator('[data-testid="flag"][data-who="officer"]').waitFor();
      expect(await overflowX(page)).toBeLessThanOrEqual(0);
      expect(await axeProblems(page)).toEqual([]);
      await shoot(page, 'portrait-first-screen');
      await shoot(page, 'portrait-full', true);

      // Breakdown by officer, sorted by late steps: the officer first, the number opens the steps.
      await page.getByTestId('breakdown-officer').click();
      const first = page.getByTestId('breakdown-row').first();
      expect(await first.getAttribute('data-key')).toBe('officer');
      await first.getByTestId('cell-late').click();
      await page.getByTestId('drill-drawer').getByTestId('drill-row').first().waitFor();
      expect(await axeProblems(page)).toEqual([]);
      await shoot(page, 'portrait-drill');
      await page.getByTestId('dialog-close').click();

      // A mistyped link (a reversed range) is said to be one, not shown as if it were this week's.
      await page.goto(`${base}/supervisor?from=2026-11-29&to=2026-11-23`);
      expect(await page.getByTestId('bad-period').textContent()).toContain('Ngày kết thúc phải sau hoặc trùng ngày bắt đầu');
      await shoot(page, 'portrait-bad-period');
      expect(await axeProblems(page)).toEqual([]);
      await page.goto(`${base}${WEEK}`);
      await page.locator('[data-testid="flag"][data-who="officer"]').waitFor();
      expect(await page.getByTestId('bad-period').count()).toBe(0);

      // The period lives in the address: "Tháng này" writes the month of the centre's today.
      await page.getByTestId('period-month').click();
      await expect.poll(() => new URL(page.url()).searchParams.get('from') ?? '').toMatch(/^\d{4}-\d{2}-01$/);

      await page.goto(`${base}${WEEK}&tab=scores`);
      await page.getByTestId('scores-officials').waitFor();
      expect(await axeProblems(page)).toEqual([]);
      await shoot(page, 'portrait-scores', true);

      await page.getByTestId('tab-kiosk').click();
      await page.getByTestId('kiosk-section').waitFor();
      expect(await axeProblems(page)).toEqual([]);
      await page.close();
    } finally {
      await context.close();
    }
  }, 120_000);
});
