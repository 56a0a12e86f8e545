/**
 * In Debian's Chromium: a save whose answer is lost on the way back (Playwright lets the request reach
 * the server, then fails the response as a dropped connection would) is sent again by the counter with
 * the same Idempotency-Key, and the clerk sees the first dossier — one dossier in the database. Then
 * the lock from failed logins, as the login screen says it and the /admin screen lifts it.
 * Needs the built UI (npm test builds it first). MOTCUA_SHOTS_DIR=DIR keeps screenshots there.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.ts';
import { DEFAULT_UI_DIR } from '../server/config.ts';
import type { Db } from '../server/db/types.ts';
import { launchChromium } from './fixtures/chromium.ts';
import { PASSWORD, freshDb } from './helpers.ts';

let app: FastifyInstance;
let base: string;
let context: BrowserContext;
let work: string;
let db: Db;
let cleanupDb: () => void;

beforeAll(async () => {
  if (!existsSync(join(DEFAULT_UI_DIR, 'index.html'))) throw new Error('the UI is not built: run `npm run build` (npm test does it)');
  ({ db, cleanup: cleanupDb } = freshDb());
  app = await buildApp({ db });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  work = mkdtempSync(join(tmpdir(), 'motcua-e2e-idem-'));
  context = await launchChromium(work, { width: 1366, height: 900 });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await app?.close();
  cleanupDb?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function shot(page: Page, name: string) {
  const path = join(work, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  const keep = process.env.MOTCUA_SHOTS_DIR;
  if (keep) {
    mkdirSync(keep, { recursive: true });
    copyFileSync(path, join(keep, `${name}.png`));
  }
}

async function signIn(page: Page, path: string, username: string, password = PASSWORD) {
  await context.clearCookies(); // the profile is shared: nobody is signed in yet
  await page.goto(`${base}${path}`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

async function fillIntake(page: Page, fullName: string) {
  await page.getByTestId('procedure-select').selectOption('1.004873');
  await page.getByTestId('applicant-fullName').fill(fullName);
  await page.getByTestId('applicant-idNumber').fill('038095001234');
  await page.getByTestId('doc-check-0').check();
}

const dossiersOf = (fullName: string) => db.prepare('SELECT code FROM dossiers WHERE applicant_name = ?').all(fullName) as { code: string }[];

/**
 * Lets each intake POST reach the server, then drops the answer for the first `drop` of them, as a
 * cable pulled after the server committed would. Records the Idempotency-Key of every POST.
 */
async function dropAnswers(page: Page, drop: number): Promise<string[]> {
  const keys: string[] = [];
  await page.route('**/api/dossiers', async (route: Route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.continue();
    keys.push(request.headers()['idempotency-key'] ?? '(none)');
    if (keys.length > drop) return route.continue();
    await route.fetch(); // the server receives it and saves the dossier…
    await route.abort('connectionreset'); // …and the counter never hears back
  });
  return keys;
}

describe('a save whose answer is lost', () => {
  it('is sent again by the screen with the same key, and the clerk gets the first dossier: one in the database', async () => {
    const page = await context.newPage();
    await signIn(page, '/counter', 'clerk');
    await fillIntake(page, 'Phạm Thị Mất Mạng');
    const keys = await dropAnswers(page, 1);
    await page.getByTestId('intake-submit').click();
    await page.getByTestId('result-code').waitFor();
    const shown = (await page.getByTestId('result-code').textContent())!.trim();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(dossiersOf('Phạm Thị Mất Mạng')).toEqual([{ code: shown }]);
    await shot(page, 'counter-saved-after-retry');
    await page.close();
  }, 60_000);

  it('when every automatic retry fails, the clerk presses save again on the same form and still gets the one dossier; the next save is a new one', async () => {
    const page = await context.newPage();
    await signIn(page, '/counter', 'clerk2');
    await fillIntake(page, 'Võ Văn Bấm Lại');
    const keys = await dropAnswers(page, 3); // the first press and both automatic retries
    await page.getByTestId('intake-submit').click();
    await page.getByTestId('intake-error').waitFor();
    expect(await page.getByTestId('intake-error').textContent()).toContain('Không kết nối được với máy chủ');
    expect(await page.getByTestId('intake-error').textContent()).toContain('không tạo hồ sơ thứ hai');
    await shot(page, 'counter-network-error');
    expect(dossiersOf('Võ Văn Bấm Lại')).toHaveLength(1); // saved once, three times over
    await page.getByTestId('intake-submit').click();
    await page.getByTestId('result-code').waitFor();
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(1);
    expect(dossiersOf('Võ Văn Bấm Lại')).toEqual([{ code: (await page.getByTestId('result-code').textContent())!.trim() }]);

    // A new dossier after the success: the next save carries a new key.
    await page.getByTestId('new-intake').click();
    await fillIntake(page, 'Võ Văn Bấm Lại');
    await page.getByTestId('intake-submit').click();
    await page.getByTestId('result-code').waitFor();
    expect(keys).toHaveLength(5);
    expect(keys[4]).not.toBe(keys[0]);
    expect(dossiersOf('Võ Văn Bấm Lại')).toHaveLength(2);
    await page.close();
  }, 90_000);
});

describe('an action whose answer is lost', () => {
  it('the action dialog sends it again with the same key: the step is finished once', async () => {
    // A dossier waiting at the officer's department (received, the counter's step done).
    const login = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'clerk', password: PASSWORD } });
    const cookie = { cookie: `motcua_session=${login.cookies.find((c) => c.name === 'motcua_session')!.value}` };
    const intake = await app.inject({ method: 'POST', url: '/api/dossiers', headers: cookie, payload: { procedureCode: '1.004873', applicant: { fullName: 'Đỗ Thị Thao Tác', idNumber: '038095001234' }, documents: [{ name: 'Tờ khai', originals: 1, copies: 0 }] } });
    const code = (intake.json() as { code: string }).code;
    expect((await app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: cookie, payload: { type: 'complete-step' } })).statusCode).toBe(200);
    const events = () => (db.prepare('SELECT kind FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = ? ORDER BY e.id').all(code) as { kind: string }[]).map((e) => e.kind);
    const before = events();

    const page = await context.newPage();
    await signIn(page, '/counter', 'officer');
    const keys: string[] = [];
    await page.route(`**/api/dossiers/${code}/actions`, async (route: Route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '(none)');
      if (keys.length > 1) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    const row = page.locator(`[data-testid="work-row"][data-code="${code}"]`);
    await row.waitFor();
    await row.getByTestId('action-complete-step').click();
    await page.getByTestId('action-note').fill('Đã thẩm tra, đủ điều kiện');
    await page.getByTestId('action-submit').click();
    await expect.poll(async () => (await page.getByTestId('work-notice').textContent()) ?? '', { timeout: 15_000 }).toContain('Hồ sơ đã rời khỏi danh sách việc của bạn');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    // One more event, not two: the retry got the first answer.
    expect(events()).toHaveLength(before.length + 1);
    await page.close();
  }, 60_000);
});

describe('the lock after failed logins, on screen', () => {
  it('the login screen says until when; the administrator sees the lock on /admin and lifts it with one press', async () => {
    const page = await context.newPage();
    await context.clearCookies();
    await page.goto(`${base}/counter`);
    for (let i = 0; i < 5; i++) {
      await page.getByTestId('login-username').fill('officer2');
      await page.getByTestId('login-password').fill('sai-mat-khau-9');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('login-error').waitFor();
      await expect.poll(async () => (await page.getByTestId('login-error').textContent()) ?? '').not.toBe('');
    }
    await expect.poll(async () => (await page.getByTestId('login-error').textContent()) ?? '').toMatch(/Tài khoản tạm khóa .*thử lại sau \d\d:\d\d/);
    await shot(page, 'login-locked');
    await page.close();

    const admin = await context.newPage();
    await signIn(admin, '/admin', 'admin');
    const row = admin.getByTestId('staff-row').filter({ hasText: 'officer2' });
    await row.getByTestId('staff-locked').waitFor();
    expect(await row.getByTestId('staff-locked').textContent()).toMatch(/Tạm khóa đăng nhập đến \d\d:\d\d/);
    await row.scrollIntoViewIfNeeded();
    await shot(admin, 'admin-locked-row');
    await row.getByTestId('unlock-staff').click();
    await admin.getByTestId('admin-notice').waitFor();
    expect(await admin.getByTestId('admin-notice').textContent()).toContain('Đã mở khóa đăng nhập cho «officer2»');
    await expect.poll(() => row.getByTestId('staff-locked').count()).toBe(0);
    await shot(admin, 'admin-unlocked');
    const audit = db.prepare("SELECT detail FROM audit_log WHERE action = 'unlock_staff'").all() as { detail: string }[];
    expect(audit.map((a) => JSON.parse(a.detail) as { username: string })).toEqual([{ username: 'officer2', wasLocked: true, failures: 5 }]);
    await admin.close();
  }, 60_000);
});
