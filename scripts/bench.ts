/**
 * Benchmarks that print figures (compare runs made on the same machine). Not a test: run
 * `npm run bench`. Uses a temporary database; touches nothing else.
 *
 * - intake: dossiers received per second through the real service (one transaction each, WAL,
 *   synchronous=FULL — every intake durable before it is acknowledged);
 * - kiosk lookups per second over HTTP (autocannon, 50 connections, in a process of its own) on a
 *   database of many dossiers;
 * - receipt PDF: time to render one A4 receipt with its barcode;
 * - due-time computations per second for 5, 15 and 250 working days;
 * - `--processing`: one action, and a work queue, on a long demo history.
 * - `--kiosk-screen`: from a scan to the full timeline on the kiosk's screen, in Chromium (bench-kiosk-screen.ts).
 * - `--supervision [--db FILE]`: the supervisors' dashboard queries on a simulated year (bench-supervision.ts).
 * - `--login-storm`: kiosk lookups' throughput and latency alone and during a storm of failed logins (bench-login-storm.ts).
 * - `--restart [--runs N]`: from `motcua serve --demo` starting to its first 200 from /api/health (bench-restart.ts).
 * - `--kiosk-load [--dossiers N] [--seconds S] [--rounds R] [--logger on|off|both] [--client auto|autocannon|wrk] [--pin auto|on|off]`: kiosk lookups from 500 client
 *   addresses against /api/health on a real server process, logger off and on (bench-load.ts).
 * - `--soak [--minutes M]`: mixed traffic against a real server process, a backup every five minutes;
 *   exits non-zero unless memory stays flat, p99 stable, no errors and `audit verify` clean (soak.ts).
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_POLICY, type DeadlinePolicy, type TimeLimit, computeDeadline } from '../shared/deadline.ts';
import { explainDeadline } from '../shared/explain.ts';
import { DEFAULT_WEEKLY_HOURS, addWorkingTime } from '../shared/working-time.ts';
import { buildCalendar, loadOfficialYears } from '../server/calendar/service.ts';
import { buildApp } from '../server/app.ts';
import { auditRepo } from '../server/audit/repo.ts';
import { authRepo } from '../server/auth/repo.ts';
import { addStaffAccount, toStaff } from '../server/auth/service.ts';
import { catalogueFor } from '../server/catalogue/service.ts';
import { initDatabase } from '../server/db/init.ts';
import { openDb } from '../server/db/open.ts';
import { dossierRepo } from '../server/dossiers/repo.ts';
import { actionService } from '../server/dossiers/actions.ts';
import { dossierService } from '../server/dossiers/service.ts';
import { seedDemo } from '../server/demo/seed.ts';
import { code128, qrMatrix } from '../server/receipts/barcode.ts';
import { LAYOUT, LAYOUTS, renderPdf } from '../server/receipts/layout.ts';
import { type ReceiptData, renderReceiptPdf } from '../server/receipts/pdf.ts';
import { receiptService } from '../server/receipts/service.ts';

const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 100_000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

interface ClientResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

/** The load generator: `bench.ts --client URL KEY…`, printing its result as JSON. */
async function client(url: string, keys: string[]) {
  let k = 0;
  const result = await autocannon({
    url,
    connections: 50,
    duration: 10,
    requests: [{ method: 'GET', setupRequest: (req: object) => ({ ...req, path: `/api/kiosk/lookup/${keys[k++ % keys.length]}` }) }],
  });
  const out: ClientResult = { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx };
  process.stdout.write(JSON.stringify(out));
}

/** Runs the client in a process of its own, as a real client would be: in the server's process it would share its one event loop. */
function loadFromAnotherProcess(url: string, keys: string[]): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--client', url, ...keys], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (c) => (text += c));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(text) as ClientResult) : reject(new Error(`bench client exited ${code}`))));
  });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
  try {
    const db = openDb(join(dir, 'bench.db'));
    initDatabase(db);
    const auth = authRepo(db);
    addStaffAccount(auth, () => true, () => new Date(), { username: 'bench', password: 'bench-password', role: 'clerk' });
    const clerk = toStaff(auth.staffByUsername('bench')!);
    const catalogue = catalogueFor(db);
    const repo = dossierRepo(db);
    const audit = auditRepo(db);
    // One simulated day per 9,000 dossiers: the daily sequence stops at 9999.
    let n = 0;
    const start = Date.parse('2026-01-05T01:00:00Z');
    const clock = () => new Date(start + Math.floor(n / 9000) * 86_400_000 + (n % 9000) * 1000);
    const service = dossierService({ db, repo, audit, catalogue, clock });
    const body = {
      procedureCode: '1.001193',
      applicant: { fullName: 'Nguyễn Văn Thử', idNumber: '999000000001', phone: '0999000001', address: 'Thôn Thử, xã Minh An' },
      documents: [{ name: 'Tờ khai', originals: 1, copies: 0 }, { name: 'Giấy chứng sinh', originals: 1, copies: 1 }],
    };

    // Durable intakes: one transaction and one fsync each.
    const durableCount = 2000;
    let t0 = performance.now();
    for (let i = 0; i < durableCount; i++, n++) service.create(body, clerk);
    console.log(`intake, one durable transaction each (synchronous=FULL): ${fmt(durableCount / ((performance.now() - t0) / 1000))} dossiers/s (${durableCount} dossiers)`);

    // Fill the rest in batches (only to have a realistic table for the lookup benchmark).
    const fill = db.transaction((count: number) => {
      for (let i = 0; i < count; i++, n++) service.create(body, clerk);
    });
    t0 = performance.now();
    while (n < DOSSIERS) fill(Math.min(10_000, DOSSIERS - n));
    console.log(`filled the table to ${fmt(DOSSIERS)} dossiers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const keys = (db.prepare('SELECT lookup_key FROM dossiers ORDER BY random() LIMIT 200').all() as { lookup_key: string }[]).map((r) => r.lookup_key);
    const app = await buildApp({ db, config: { uiDir: '/nonexistent', kioskLookupsPerMinute: 1e9 } });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const r = await loadFromAnotherProcess(url, keys);
    console.log(`kiosk lookup over HTTP, ${fmt(DOSSIERS)} dossiers, 50 connections: ${fmt(r.rps)} req/s, latency p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}`);
    await app.close();

    const receipts = receiptService({ db, repo, audit, catalogue, clock, training: false });
    const code = (db.prepare('SELECT code FROM dossiers LIMIT 1').get() as { code: string }).code;
    for (const layout of LAYOUTS) {
      const request = { layout, copy: 'applicant' as const, fallbackBaseUrl: 'http://127.0.0.1:8080' };
      await receipts.receiptPdf(code, request, clerk); // warm-up: parse the fonts once
      const times: number[] = [];
      let size = 0;
      for (let i = 0; i < 50; i++) {
        const t = performance.now();
        size = (await receipts.receiptPdf(code, request, clerk)).pdf.length;
        times.push(performance.now() - t);
      }
      console.log(`receipt PDF ${layout} (barcode, QR, embedded font, print recorded): median ${median(times).toFixed(1)} ms = ${fmt(1000 / median(times))}/s, ${(size / 1024).toFixed(0)} KB`);
    }
    db.close();

    benchCalendar();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Due times per second over the official calendar, for each rule. The engine indexes the calendar's
 * days, so the cost must not grow with the amount added: 250 days should run about as fast as 5.
 */
function benchCalendar() {
  const rules: [string, DeadlinePolicy, (days: number) => TimeLimit][] = [
    ['working hours', DEFAULT_POLICY, (days) => ({ minutes: days * 480 })],
    ['Civil Code days', { convention: 'civil-code', cutoffForAll: null }, (days) => ({ minutes: days * 480 })],
    ['cut-off 15:00 for all', { convention: 'working-hours', cutoffForAll: 15 * 60 }, (days) => ({ minutes: days * 480 })],
  ];
  // A fresh calendar, so that its first calls build its index, as after a start or an import.
  const cal = buildCalendar(DEFAULT_WEEKLY_HOURS, loadOfficialYears());
  const from = Date.parse('2026-03-02T02:13:00Z');
  // Starts spread over a year of minutes, so no two calls are alike.
  const start = (i: number) => new Date(from + ((i * 7919) % 525_600) * 60_000);
  const iterations = 200_000;
  for (const days of [5, 15, 250]) {
    let t0 = performance.now();
    for (let i = 0; i < iterations; i++) addWorkingTime(start(i), { days }, cal);
    const raw = iterations / ((performance.now() - t0) / 1000);
    const byRule = rules.map(([name, policy, limit]) => {
      t0 = performance.now();
      for (let i = 0; i < iterations; i++) computeDeadline(start(i), limit(days), policy, cal);
      return `${name} ${fmt(iterations / ((performance.now() - t0) / 1000))}/s`;
    });
    console.log(`due time for ${days} working days: addWorkingTime ${fmt(raw)}/s; computeDeadline: ${byRule.join(', ')}`);
  }
  let t0 = performance.now();
  for (let i = 0; i < iterations; i++) computeDeadline(start(i), { minutes: 480, sameDayCutoff: 15 * 60 }, DEFAULT_POLICY, cal);
  console.log(`same-day procedure (15:00 cut-off): ${fmt(iterations / ((performance.now() - t0) / 1000))}/s`);
  t0 = performance.now();
  for (let i = 0; i < 20_000; i++) explainDeadline(computeDeadline(start(i), { minutes: 15 * 480 }, DEFAULT_POLICY, cal), cal);
  console.log(`due time with its explanation, 15 working days: ${fmt(20_000 / ((performance.now() - t0) / 1000))}/s`);
}

/**
 * Receipts per second for each layout, rendered straight from data (no database), and where the time
 * goes: the barcodes (Code 128 + QR encoding), the fonts (embedding the subset of three faces), and the
 * layout and drawing, which is the rest.
 */
async function benchReceipts() {
  const data: ReceiptData = {
    centre: { name: 'Trung tâm Phục vụ hành chính công xã Minh An', parentAuthority: 'UBND XÃ MINH AN', agencyId: '000.30.99.H56', address: 'Thôn Trung Tâm, xã Minh An (minh họa)', place: 'Minh An', phone: '0237 000 0000', fictional: true },
    code: '000.30.99.H56-261127-0001',
    lookupKey: '2778149293800125',
    copy: 'applicant',
    applicant: { fullName: 'Nguyễn Thị Hồng Nhung', idNumber: '038190012345', address: 'Số 5, thôn Đông, xã Minh An', phone: '0912345678', email: 'nhung@example.com' },
    procedure: { code: '1.004873', name: 'Thủ tục cấp Giấy xác nhận tình trạng hôn nhân' },
    documents: [{ name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', originals: 1, copies: 0 }, { name: 'Giấy tờ tùy thân', originals: 0, copies: 1 }],
    sets: 1,
    timeLimitMinutes: 1440,
    receivedAt: new Date('2026-11-27T02:07:00Z'),
    dueAt: new Date('2026-12-02T02:07:00Z'),
    returnMethod: 'at_centre',
    registerYear: 2026,
    registerNo: 1,
    receivedBy: 'Lê Thị Hoa',
    lookupUrl: 'https://motcua.minhan.example/k/2778149293800125',
    reprint: 0,
    training: false,
  };
  // The median of single runs: a shared machine's hiccups move a mean, not a median.
  const per = async (n: number, f: () => unknown) => {
    await f();
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await f();
      times.push(performance.now() - t0);
    }
    return median(times);
  };
  const barcodes = await per(300, () => (code128(data.lookupKey), qrMatrix(data.lookupUrl)));
  // A document with one line in each face: what embedding the fonts costs on its own.
  const fonts = await per(60, () => renderPdf(LAYOUT.a4, {}, (doc) => doc.font('R').text('Giấy hẹn').font('B').text('Mã hồ sơ').font('I').text('Ghi chú'), { training: false }));
  for (const layout of LAYOUTS) {
    const total = await per(60, () => renderReceiptPdf(data, LAYOUT[layout]));
    // A roll is drawn twice (once to measure its length), so it pays for the fonts twice.
    const fontShare = (fonts * (layout === 'thermal' ? 2 : 1)) / total;
    const barShare = (barcodes * (layout === 'thermal' ? 2 : 1)) / total;
    console.log(
      `receipt ${layout}: ${fmt(1000 / total)}/s (${total.toFixed(1)} ms) — fonts ${(fontShare * 100).toFixed(0)} %, barcodes ${(barShare * 100).toFixed(0)} %, layout and drawing ${((1 - fontShare - barShare) * 100).toFixed(0)} %`,
    );
  }
}

/**
 * Processing: a centre's demo history made longer (BENCH_DEMO_DAYS working days of intakes, moved
 * along through the real actions), then the time of one action (read, check, write, chain) and of
 * the work queue a leader heading five departments opens, on that database.
 */
function benchProcessing() {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
  try {
    const db = openDb(join(dir, 'bench.db'));
    initDatabase(db);
    let now = new Date('2026-11-27T03:00:00Z');
    const days = Number(process.env.BENCH_DEMO_DAYS ?? 260);
    let t0 = performance.now();
    const seeded = seedDemo(db, () => now, { days });
    const seedSeconds = (performance.now() - t0) / 1000;
    const events = (db.prepare('SELECT count(*) AS n FROM dossier_events').get() as { n: number }).n;
    console.log(`demo history: ${fmt(seeded.dossiers)} dossiers, ${fmt(events)} events, through the real actions in ${seedSeconds.toFixed(1)} s (${fmt(events / seedSeconds)} events/s)`);
    const catalogue = catalogueFor(db);
    const repo = dossierRepo(db);
    const auth = authRepo(db);
    const staff = (u: string) => toStaff(auth.staffByUsername(u)!);
    const clerk = staff('clerk');
    const intake = dossierService({ db, repo, audit: auditRepo(db), catalogue, clock: () => now });
    const actions = actionService({ db, repo, catalogue, clock: () => now });
    const n = 300;
    const codes = Array.from({ length: n }, () => intake.create({ procedureCode: '1.004873', applicant: { fullName: 'Nguyễn Văn Bench', idNumber: '038190012345' }, documents: [{ name: 'Tờ khai', originals: 1, copies: 0 }] }, clerk).code);
    const times: number[] = [];
    for (const code of codes) {
      now = new Date(now.getTime() + 1000);
      const t = performance.now();
      actions.act(code, { type: 'complete-step', step: 1 }, clerk);
      times.push(performance.now() - t);
    }
    console.log(`one action (complete-step: checks, step and status, event sealed into the chain, durable): median ${median(times).toFixed(2)} ms = ${fmt(1000 / median(times))}/s`);
    for (const user of ['leader', 'officer', 'clerk']) {
      const who = staff(user);
      actions.queue(who);
      const q: number[] = [];
      let size = 0;
      for (let i = 0; i < 15; i++) {
        t0 = performance.now();
        size = actions.queue(who).items.length;
        q.push(performance.now() - t0);
      }
      console.log(`work queue of ${user} (${size} dossiers, each with the actions allowed now): median ${median(q).toFixed(1)} ms`);
    }
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A temporary directory for `run`, removed afterwards whatever happens. */
async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--client') await client(process.argv[3]!, process.argv.slice(4));
else if (process.argv[2] === '--processing') benchProcessing();
else if (process.argv[2] === '--calendar') benchCalendar();
else if (process.argv[2] === '--receipts') await benchReceipts();
else if (process.argv[2] === '--kiosk-screen') await (await import('./bench-kiosk-screen.ts')).benchKioskScreen();
else if (process.argv[2] === '--login-storm') await (await import('./bench-login-storm.ts')).benchLoginStorm();
else if (process.argv[2] === '--restart') await (await import('./bench-restart.ts')).benchRestart(process.argv.slice(3));
else if (process.argv[2] === '--load-client') await (await import('./bench-load.ts')).loadClient(process.argv[3]!);
else if (process.argv[2] === '--kiosk-load') await withTempDir((dir) => import('./bench-load.ts').then((m) => m.benchKioskLoad(process.argv.slice(3), dir)));
else if (process.argv[2] === '--soak') process.exitCode = await withTempDir((dir) => import('./soak.ts').then((m) => m.soak(process.argv.slice(3), dir)));
else if (process.argv[2] === '--supervision') await (await import('./bench-supervision.ts')).benchSupervision(process.argv.slice(3));
else await main();
