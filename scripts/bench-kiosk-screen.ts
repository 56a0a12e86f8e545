/**
 * From scan to the full timeline on the kiosk's screen, in Debian's Chromium against a real server on
 * a database of many dossiers: the time from the scanner's Enter to the frame that shows the dossier's
 * steps (two animation frames after they are in the page, so the paint is counted). Prints the median,
 * the 90th percentile and the worst of 40 scans of different receipts. Aim: under 300 ms on this
 * machine. `npm run bench -- --kiosk-screen` (needs `npm run build` first).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../server/app.ts';
import { DEFAULT_UI_DIR } from '../server/config.ts';
import { launchChromium } from '../test/fixtures/chromium.ts';
import { PASSWORD, anIntake, freshDb } from '../test/helpers.ts';

const SCANS = 40;
const DOSSIERS = Number(process.env.BENCH_KIOSK_DOSSIERS ?? 2_000);

export async function benchKioskScreen(): Promise<void> {
  if (!existsSync(join(DEFAULT_UI_DIR, 'index.html'))) throw new Error('the UI is not built: run `npm run build` first');
  const { db, cleanup } = freshDb();
  const app = await buildApp({ db, config: { kioskLookupsPerMinute: 1e9, loginAttemptsPerMinute: 1e9 } });
  const work = mkdtempSync(join(tmpdir(), 'motcua-bench-kiosk-'));
  try {
    const login = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'clerk', password: PASSWORD } });
    const cookie = `motcua_session=${login.cookies.find((c) => c.name === 'motcua_session')!.value}`;
    const keys: string[] = [];
    const started = performance.now();
    for (let i = 0; i < DOSSIERS; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: { cookie }, payload: anIntake({ procedureCode: i % 2 ? '1.004873' : '1.001193' }) });
      if (res.statusCode !== 201) throw new Error(res.body);
      if (i % Math.floor(DOSSIERS / SCANS) === 0) keys.push(res.json<{ lookupKey: string }>().lookupKey);
    }
    console.log(`${DOSSIERS} dossiers received in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const context = await launchChromium(work, { width: 1080, height: 1920 });
    const page = await context.newPage();
    // tsx compiles with esbuild's keepNames, whose __name() helper does not exist in the page.
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto(`${base}/kiosk`);
    await page.getByTestId('kiosk-home').waitFor();

    const times: number[] = [];
    let misreads = 0;
    for (const key of [...keys.slice(0, SCANS), ...keys.slice(0, SCANS)]) {
      if (times.length === SCANS) break;
      const ms = await page.evaluate(
        (k) =>
          new Promise<number>((resolve, reject) => {
            const shown = () => document.querySelectorAll('[data-testid="kiosk-timeline"] [data-testid="kiosk-step"]').length > 0;
            // Synthetic keys are stamped when dispatched, so a stall of the page's thread mid-burst (a
            // garbage collection) splits the burst as a slow scanner would; such a scan is retried.
            const misread = () => document.querySelector('[data-testid="kiosk-error"]') !== null;
            // The previous dossier's timeline is cleared first, so the next one is a new render.
            const back = document.querySelector<HTMLButtonElement>('[data-testid="kiosk-back"]');
            back?.click();
            requestAnimationFrame(() => {
              let t0 = 0;
              const observer = new MutationObserver(() => {
                if (t0 && misread()) {
                  observer.disconnect();
                  resolve(-1);
                  return;
                }
                if (!t0 || !shown()) return;
                observer.disconnect();
                requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
              });
              observer.observe(document.body, { childList: true, subtree: true });
              setTimeout(() => reject(new Error('no timeline after 5 s')), 5_000);
              // A USB scanner: 8 ms between keys; the clock starts at its Enter, when the scan is complete.
              const keysToSend = [...k, 'Enter'];
              for (const ch of keysToSend) {
                const until = performance.now() + 8;
                while (performance.now() < until) {
                  // busy wait, as a scanner's even rhythm
                }
                if (ch === 'Enter') t0 = performance.now();
                document.dispatchEvent(new KeyboardEvent('keydown', { key: ch, bubbles: true, cancelable: true }));
              }
            });
          }),
        key,
      ).catch(async (e: unknown) => {
        await page.screenshot({ path: join(tmpdir(), 'bench-kiosk-failure.png') });
        console.error(`scan ${times.length + 1} of ${key} failed`);
        throw e;
      });
      if (ms < 0) {
        misreads++;
        await page.getByTestId('kiosk-home-back').click();
        continue;
      }
      times.push(ms);
    }
    await context.close();
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    console.log(`kiosk: scan → full timeline on screen, ${times.length} scans on ${DOSSIERS} dossiers: median ${at(0.5).toFixed(0)} ms, p90 ${at(0.9).toFixed(0)} ms, worst ${times.at(-1)!.toFixed(0)} ms (aim < 300 ms)${misreads ? `; ${misreads} burst(s) split by a stall of the page and scanned again` : ''}`);
  } finally {
    await app.close();
    cleanup();
    rmSync(work, { recursive: true, force: true });
  }
}
