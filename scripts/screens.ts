/**
 * Every screen photographed the same way, and two sets of photographs compared: the check that a change
 * to the screens' styles (shared parts, tokens, split stylesheets) leaves them looking as they did.
 *
 * - `npm run screens -- shoot DIR`: a training demo server on a temporary database with its clock
 *   fixed at a working morning (`serve --demo --training --clock …`: the same fictional dossiers, the
 *   same dates), the built screens (`npm run build` first), and Debian's Chromium: the kiosk at
 *   1920×1080 and 1080×1920 (home and a dossier's detail), the phone (a dossier and the apology
 *   board), the counter (intake form) and the officer's work queue, the supervisor at desk
 *   (1440×900) and tablet (1024×768) sizes, and the admin screen. One PNG per screen in DIR.
 * - `npm run screens -- compare BEFORE AFTER [--out DIR]`: each pair by name (pixelmatch), the share of
 *   pixels that differ, and a diff image of each pair that differs in DIR (default AFTER/diff).
 *
 * Photographs of two runs differ where the data does: the lookup keys are random, and the clock runs
 * from its start (a few seconds between screens). Differences are read, not just counted.
 */
import Database from 'better-sqlite3';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pixelmatch from 'pixelmatch';
import { type Browser, chromium } from 'playwright-core';
import { PNG } from 'pngjs';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const BIN = join(ROOT, 'bin', 'motcua.js');
const CHROMIUM = '/usr/bin/chromium';
const CLOCK = '2026-11-25T09:30:00+07:00';
const PASSWORD = 'demo1234';

interface Shot {
  readonly name: string;
  readonly path: string;
  readonly viewport: { readonly width: number; readonly height: number };
  /** Signed in as this demo account first (none: a public screen). */
  readonly as?: string;
  /** Full page (the long screens) or the viewport only. */
  readonly fullPage?: boolean;
}

function shots(key: string): Shot[] {
  const landscape = { width: 1920, height: 1080 };
  const portrait = { width: 1080, height: 1920 };
  const phone = { width: 390, height: 844 };
  const desk = { width: 1440, height: 900 };
  const tablet = { width: 1024, height: 768 };
  return [
    { name: 'kiosk-landscape-home', path: '/kiosk', viewport: landscape },
    { name: 'kiosk-landscape-detail', path: `/k/${key}`, viewport: landscape },
    { name: 'kiosk-portrait-home', path: '/kiosk', viewport: portrait },
    { name: 'kiosk-portrait-detail', path: `/k/${key}`, viewport: portrait },
    { name: 'phone-detail', path: `/k/${key}`, viewport: phone, fullPage: true },
    { name: 'phone-apology-board', path: '/cong-khai', viewport: phone, fullPage: true },
    { name: 'counter-intake', path: '/counter', viewport: { width: 1366, height: 768 }, as: 'clerk', fullPage: true },
    { name: 'counter-work-queue', path: '/counter', viewport: { width: 1366, height: 768 }, as: 'officer.snv', fullPage: true },
    { name: 'supervisor-desk', path: '/supervisor', viewport: desk, as: 'supervisor', fullPage: true },
    { name: 'supervisor-tablet', path: '/supervisor', viewport: tablet, as: 'supervisor', fullPage: true },
    { name: 'admin', path: '/admin', viewport: { width: 1366, height: 768 }, as: 'admin', fullPage: true },
  ];
}

async function startServer(dbPath: string, logFile: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--demo', '--training', '--clock', CLOCK, '--db', dbPath, '--port', '0', '--log-level', 'warn'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (c) => (log += c));
  child.stderr!.on('data', (c) => (log += c));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const m = /MotCua is serving (http\S+)/.exec(log);
    if (m) return { url: m[1]!.replace('localhost', '127.0.0.1'), child };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      writeFileSync(logFile, log);
      throw new Error(`the demo server did not start (its output: ${logFile})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A dossier being processed, with steps behind it: the kiosk's fullest ordinary detail. */
function processingKey(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT lookup_key FROM dossiers WHERE status = 'processing' ORDER BY code LIMIT 1").get() as { lookup_key: string } | undefined;
    if (!row) throw new Error('the demo has no dossier being processed');
    return row.lookup_key;
  } finally {
    db.close();
  }
}

async function shoot(dir: string) {
  if (!existsSync(CHROMIUM)) throw new Error('Chromium is missing: apt-get install chromium');
  if (!existsSync(join(ROOT, 'dist', 'ui', 'index.html'))) throw new Error('the screens are not built: npm run build');
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'motcua-screens-'));
  const dbPath = join(work, 'demo.db');
  const server = await startServer(dbPath, join(work, 'server.log'));
  let browser: Browser | undefined;
  try {
    const key = processingKey(dbPath);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    for (const shot of shots(key)) {
      const context = await browser.newContext({ viewport: shot.viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      try {
        if (shot.as) {
          const res = await context.request.post(`${server.url}/api/session`, { data: { username: shot.as, password: PASSWORD } });
          if (!res.ok()) throw new Error(`signing in as ${shot.as}: ${res.status()}`);
        }
        const page = await context.newPage();
        // 'load', not network idle: the supervisor's screen keeps a long poll open.
        await page.goto(`${server.url}${shot.path}`, { waitUntil: 'load' });
        // Fonts loaded and the screens' own fetches answered: what a person would see after a moment.
        await page.evaluate(() => document.fonts.ready);
        await page.waitForTimeout(2_500);
        await page.screenshot({ path: join(dir, `${shot.name}.png`), fullPage: shot.fullPage ?? false, animations: 'disabled', caret: 'hide' });
        console.log(`${shot.name}.png  ${shot.viewport.width}×${shot.viewport.height}${shot.as ? `  as ${shot.as}` : ''}  ${shot.path.replace(key, '<key>')}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser?.close();
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(work, { recursive: true, force: true });
  }
}

function compare(before: string, after: string, out: string) {
  mkdirSync(out, { recursive: true });
  const names = readdirSync(before).filter((f) => f.endsWith('.png'));
  let differing = 0;
  for (const name of names) {
    const b = join(before, name);
    const a = join(after, name);
    if (!existsSync(a)) {
      console.log(`${name.padEnd(32)} missing in ${after}`);
      differing++;
      continue;
    }
    const pb = PNG.sync.read(readFileSync(b));
    const pa = PNG.sync.read(readFileSync(a));
    if (pb.width !== pa.width || pb.height !== pa.height) {
      console.log(`${name.padEnd(32)} size ${pb.width}×${pb.height} → ${pa.width}×${pa.height}`);
      differing++;
      continue;
    }
    const diff = new PNG({ width: pb.width, height: pb.height });
    const count = pixelmatch(pb.data, pa.data, diff.data, pb.width, pb.height, { threshold: 0.1 });
    const share = (count / (pb.width * pb.height)) * 100;
    if (count > 0) {
      differing++;
      writeFileSync(join(out, name), PNG.sync.write(diff));
    }
    console.log(`${name.padEnd(32)} ${count === 0 ? 'identical' : `${count.toLocaleString('en-US')} pixels differ (${share.toFixed(3)} %), diff in ${join(out, name)}`}`);
  }
  console.log(`${names.length} screens, ${differing} differ`);
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'shoot' && rest[0]) await shoot(rest[0]);
else if (command === 'compare' && rest[0] && rest[1]) {
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { out: { type: 'string' } } });
  compare(positionals[0]!, positionals[1]!, values.out ?? join(positionals[1]!, 'diff'));
} else {
  console.error('usage: npm run screens -- shoot DIR | compare BEFORE AFTER [--out DIR]');
  process.exit(2);
}
