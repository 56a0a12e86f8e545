/**
 * The kiosk's camera end to end, in Debian's Chromium with a fake camera: a receipt made by the app
 * (received through the API, its PDF rasterised by pdftoppm) is held up to the camera, framed and
 * filmed by ffmpeg; the citizen taps the camera button on /kiosk and the dossier's steps appear — the
 * read went through quagga2, the two-read rule and the lookup. A barcode whose check digit is wrong,
 * and a blurred one, never reach the lookup. Needs the built UI (npm test builds it first), ffmpeg,
 * poppler-utils and zbar-tools (.ci/run installs them).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { checkLookupKey } from '../shared/lookup-key.ts';
import { buildApp } from '../server/app.ts';
import { DEFAULT_UI_DIR } from '../server/config.ts';
import { axeProblems } from './fixtures/axe.ts';
import { type BarcodeBox, barsPatch, cameraFrame, fakeCameraVideo, findBarcode, launchChromiumWithCamera, rasterise, requireCameraTools, zbarCode128 } from './fixtures/fake-camera.ts';
import { PASSWORD, anIntake, freshDb } from './helpers.ts';

let app: FastifyInstance;
let base: string;
let work: string;
let cleanupDb: () => void;
let key = '';
/** The same key with its last digit changed: a well-formed Code 128 whose Damm check digit fails. */
let wrongKey = '';
let receipt = '';
let box: BarcodeBox;
let context: BrowserContext | undefined;

/** Screens kept for people to look at, with the kiosk test's (kiosk.e2e.test.ts). */
const ARTIFACTS = join(import.meta.dirname, 'artifacts', 'kiosk');

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  requireCameraTools();
  if (!existsSync(join(DEFAULT_UI_DIR, 'index.html'))) throw new Error('the UI is not built: run `npm run build` (npm test does it)');
  const { db, cleanup } = freshDb();
  cleanupDb = cleanup;
  app = await buildApp({ db });
  // 127.0.0.1 is a secure context, where browsers allow the camera over plain http.
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  work = mkdtempSync(join(tmpdir(), 'motcua-camera-e2e-'));

  const login = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'clerk', password: PASSWORD } });
  const cookie = `motcua_session=${login.cookies.find((c) => c.name === 'motcua_session')!.value}`;
  const created = await app.inject({ method: 'POST', url: '/api/dossiers', headers: { cookie }, payload: anIntake({ procedureCode: '1.004873', documents: [{ name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân hoặc mẫu điện tử', originals: 1, copies: 0 }] }) });
  expect(created.statusCode).toBe(201);
  ({ lookupKey: key } = created.json<{ lookupKey: string }>());
  const code = created.json<{ code: string }>().code;
  wrongKey = key.slice(0, 15) + String((Number(key[15]) + 1) % 10);
  expect(checkLookupKey(wrongKey)).toBe('bad-check-digit');

  const pdf = await app.inject({ method: 'GET', url: `/api/dossiers/${code}/receipt.pdf`, headers: { cookie } });
  expect(pdf.statusCode).toBe(200);
  writeFileSync(join(work, 'receipt.pdf'), pdf.rawPayload);
  receipt = rasterise(join(work, 'receipt.pdf'), join(work, 'receipt.png'));
  box = findBarcode(join(work, 'receipt.pdf'), key);
}, 60_000);

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await app?.close();
  cleanupDb?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** What the page records for the test (see openKiosk). */
interface Seen {
  cameraRequests: number;
  cameraStreams: MediaStream[];
  cameraPhases: string[];
}

/**
 * Opens /kiosk in Chromium with that camera, recording in the page the camera requests, the streams
 * granted and the panel's phases, and here the kiosk's lookups.
 */
async function openKiosk(name: string, camera: { film: string } | 'refused', viewport = { width: 1080, height: 1600 }): Promise<{ page: Page; lookups: string[] }> {
  context = await launchChromiumWithCamera(join(work, `profile-${name}`), viewport, camera);
  const page = await context.newPage();
  await page.addInitScript(() => {
    const seen = window as unknown as Seen;
    // Every stream the page gets, so the test can check the camera is switched off afterwards.
    seen.cameraRequests = 0;
    seen.cameraStreams = [];
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      seen.cameraRequests += 1;
      const stream = await original(constraints);
      seen.cameraStreams.push(stream);
      return stream;
    };
    // Every phase the camera panel goes through, in order (its data-phase attribute).
    seen.cameraPhases = [];
    new MutationObserver(() => {
      const phase = document.querySelector('[data-testid="kiosk-camera-panel"]')?.getAttribute('data-phase');
      if (phase && seen.cameraPhases.at(-1) !== phase) seen.cameraPhases.push(phase);
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
  });
  const lookups: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/kiosk/lookup/')) lookups.push(request.url());
  });
  await page.goto(`${base}/kiosk`);
  return { page, lookups };
}

/** Each camera track the page opened, live or ended. */
const CAMERA_PANEL = '[data-testid="kiosk-camera-panel"]';
const trackStates = (page: Page) => page.evaluate(() => (window as unknown as Seen).cameraStreams.flatMap((s) => s.getTracks().map((t) => t.readyState)));
const phases = (page: Page) => page.evaluate(() => (window as unknown as Seen).cameraPhases);
const cameraRequests = (page: Page) => page.evaluate(() => (window as unknown as Seen).cameraRequests);


/** The dialog's buttons smaller than 48 × 48 px. */
const smallButtons = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="kiosk-camera-panel"] button')]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 48 || r.height < 48))
      .map(({ el, r }) => `${el.dataset.testid} ${Math.round(r.width)}×${Math.round(r.height)}`),
  );

describe('the kiosk’s camera', () => {
  it('reads a receipt held up to it: the dossier’s steps appear and the camera is switched off', async () => {
    const frame = cameraFrame(receipt, box, { kind: 'none' }, join(work, 'frame-clear.png'));
    // The witness from outside: zbar reads the key in the very frame the camera films.
    expect(zbarCode128(frame)).toEqual([key]);
    const video = fakeCameraVideo([{ png: frame, seconds: 3 }], join(work, 'clear.y4m'));

    const { page, lookups } = await openKiosk('clear', { film: video });
    await page.getByTestId('kiosk-camera-open').click();
    await page.getByTestId('kiosk-camera-panel').waitFor();
    expect(await page.getByRole('dialog').getAttribute('aria-labelledby')).toBe('kiosk-camera-title');
    // quagga2 waits for the camera's first picture (polled every 500 ms), then reads 10 frames a second.
    await page.getByTestId('kiosk-result').waitFor({ timeout: 20_000 });

    // One lookup, of the key, recorded as a camera read.
    expect(lookups).toHaveLength(1);
    const lookup = new URL(lookups[0]!);
    expect(lookup.pathname).toBe(`/api/kiosk/lookup/${key}`);
    expect(lookup.searchParams.get('via')).toBe('camera');
    // The two-read rule at work: "read once — hold still" came before the key was accepted.
    const seen = await phases(page);
    expect(seen.indexOf('once')).toBeGreaterThan(-1);
    expect(seen.indexOf('once')).toBeLessThan(seen.indexOf('accepted'));
    expect(await page.getByTestId('kiosk-result').textContent()).toContain('Thủ tục cấp Giấy xác nhận tình trạng hôn nhân');
    await expect.poll(() => page.getByTestId('kiosk-camera-panel').count()).toBe(0);
    const tracks = await trackStates(page);
    expect(tracks.length).toBeGreaterThan(0);
    await expect.poll(() => trackStates(page)).toEqual(tracks.map(() => 'ended'));
  }, 60_000);

  it('never shows a dossier for a barcode whose check digit is wrong, nor a blurred one; says the first is not a lookup key and reports it once per sighting', async () => {
    const bars = await barsPatch(wrongKey, box, work);
    const wrong = cameraFrame(receipt, box, { kind: 'bars', ...bars }, join(work, 'frame-wrong.png'));
    const blurred = cameraFrame(receipt, box, { kind: 'blur' }, join(work, 'frame-blurred.png'));
    // The witnesses: the wrong barcode is readable (so the check digit is what stops it) and shows no
    // trace of the real one; the blurred one cannot be read at all.
    expect(zbarCode128(wrong)).toEqual([wrongKey]);
    expect(zbarCode128(blurred)).toEqual([]);
    // The blurred part outlasts the panel's 1.5 s of quiet, so each turn of the film shows in its phases
    // as "not a lookup key" (the wrong bars) then "looking" (the blur).
    const video = fakeCameraVideo(
      [
        { png: wrong, seconds: 2 },
        { png: blurred, seconds: 2.5 },
      ],
      join(work, 'wrong.y4m'),
    );

    const { page, lookups } = await openKiosk('wrong', { film: video });
    await page.getByTestId('kiosk-camera-open').click();
    // quagga2 does read the wrong barcode, steadily: the panel says it is not a receipt's lookup key.
    await page.locator('[data-testid="kiosk-camera-panel"][data-phase="not-a-key"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('kiosk-camera-status').textContent()).toContain('không phải mã tra cứu');
    await page.screenshot({ path: join(ARTIFACTS, 'camera-not-a-key.png') });
    expect(await axeProblems(page, CAMERA_PANEL)).toEqual([]);
    expect(await smallButtons(page)).toEqual([]);
    // Until the film has turned once more through both parts (wrong, blurred, wrong again), no dossier
    // is shown. Each sighting of the wrong code is reported once (as the camera's misread, for the
    // supervisors' scan-health figures; the server refuses it by the same check digit) — not once per
    // frame, and never the blurred part.
    await expect.poll(async () => (await phases(page)).filter((p) => p === 'not-a-key').length, { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(2);
    const sightings = (await phases(page)).filter((p, i, all) => p === 'not-a-key' && all[i - 1] !== 'not-a-key').length;
    expect(lookups.length).toBeGreaterThanOrEqual(1);
    expect(lookups.length).toBeLessThanOrEqual(sightings);
    for (const url of lookups) {
      const u = new URL(url);
      expect(u.searchParams.get('via')).toBe('camera');
      expect(decodeURIComponent(u.pathname.split('/').pop()!)).toBe(wrongKey);
    }
    expect(await page.getByTestId('kiosk-result').count()).toBe(0);
    expect(await page.getByTestId('kiosk-camera-panel').count()).toBe(1);

    // Closing hands the kiosk back and switches the camera off.
    await page.getByTestId('kiosk-camera-close').click();
    await expect.poll(() => page.getByTestId('kiosk-camera-panel').count()).toBe(0);
    await expect.poll(() => trackStates(page)).toEqual(['ended']);
    await page.getByTestId('kiosk-home').waitFor();
  }, 60_000);

  it('refused the camera, says so in plain words (in the kiosk’s language) and hands back the keypad', async () => {
    const { page } = await openKiosk('refused', 'refused', { width: 1080, height: 1920 });
    await page.getByTestId('kiosk-lang').click();
    await page.getByTestId('kiosk-camera-open').click();
    const problem = page.getByTestId('kiosk-camera-problem');
    await problem.waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'camera-refused-en.png') });
    expect(await problem.getAttribute('data-problem')).toBe('denied');
    expect(await problem.getAttribute('role')).toBe('alert');
    expect(await problem.textContent()).toContain('The camera is not allowed');
    expect(await page.getByTestId('kiosk-camera-panel').getAttribute('lang')).toBe('en');
    expect(await axeProblems(page, CAMERA_PANEL)).toEqual([]);
    expect(await smallButtons(page)).toEqual([]);
    // "Try again" asks once more (and is refused again); the keypad is the way on.
    await page.getByTestId('kiosk-camera-retry').click();
    await expect.poll(() => phases(page)).toEqual(['starting', 'problem', 'starting', 'problem']);
    expect(await cameraRequests(page)).toBe(2);
    await page.getByTestId('kiosk-camera-keypad').click();
    await expect.poll(() => page.getByTestId('kiosk-camera-panel').count()).toBe(0);
  }, 60_000);
});
