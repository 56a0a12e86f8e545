/**
 * `npm run bench -- --login-storm`: kiosk lookups per second and their latency (p50/p90/p99) on their
 * own, then during a storm of failed staff logins (~30 a second, each from another client address
 * through X-Forwarded-For, the server trusting the loopback proxy), and the same with the storm
 * coming from 60 addresses only (most of it then stopped by the per-address rate limit). Before
 * logins hashed on the thread pool, a storm like this took the kiosk from 3,384 req/s (p90 1 ms) to
 * 1 req/s (p90 6.6 s). Prints figures; asserts nothing.
 *
 * Three processes, as in a centre: the server (this one), the kiosk load (autocannon) and the storm.
 * BENCH_STORM_SECONDS (default 8) sets each phase's length; BENCH_STORM_RATE (default 30) the logins a second.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../server/app.ts';
import { auditRepo } from '../server/audit/repo.ts';
import { authRepo } from '../server/auth/repo.ts';
import { addStaffAccount, toStaff } from '../server/auth/service.ts';
import { catalogueFor } from '../server/catalogue/service.ts';
import { initDatabase } from '../server/db/init.ts';
import { openDb } from '../server/db/open.ts';
import { dossierRepo } from '../server/dossiers/repo.ts';
import { dossierService } from '../server/dossiers/service.ts';

const SECONDS = Number(process.env.BENCH_STORM_SECONDS ?? 8);
const RATE = Number(process.env.BENCH_STORM_RATE ?? 30);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

interface KioskResult {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  non2xx: number;
}
interface StormResult {
  sent: number;
  byStatus: Record<string, number>;
  p50: number;
  p90: number;
}

/** `--kiosk-client URL SECONDS KEY…`: kiosk lookups from 50 connections, the result as JSON. */
async function kioskClient(url: string, seconds: number, keys: string[]) {
  let k = 0;
  const result = await autocannon({
    url,
    connections: 50,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (req: object) => ({ ...req, path: `/api/kiosk/lookup/${keys[k++ % keys.length]}` }) }],
  });
  const out: KioskResult = { rps: result.requests.average, p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, non2xx: result.non2xx };
  process.stdout.write(JSON.stringify(out));
}

/**
 * `--storm URL SECONDS RATE ADDRESSES`: RATE failed logins a second, each with a name never tried
 * before (so no lock ever spares a hash), from ADDRESSES client addresses in turn.
 */
async function storm(url: string, seconds: number, rate: number, addresses: number) {
  const byStatus: Record<string, number> = {};
  const times: number[] = [];
  const pending: Promise<void>[] = [];
  let n = 0;
  const start = Date.now();
  const end = start + seconds * 1000;
  while (Date.now() < end) {
    const i = n++;
    const address = `10.${(i % addresses) >> 16}.${((i % addresses) >> 8) & 255}.${(i % addresses) & 255}`;
    const t0 = performance.now();
    pending.push(
      fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ username: `storm.${process.pid}.${i}`, password: 'wrong-password-storm' }),
      })
        .then(async (res) => {
          await res.arrayBuffer();
          byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
          times.push(performance.now() - t0);
        })
        .catch(() => void (byStatus.error = (byStatus.error ?? 0) + 1)),
    );
    // Paced by the clock, not by the sleeps: a busy machine's late timers must not thin the storm.
    const next = start + (i + 1) * (1000 / rate);
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  await Promise.all(pending);
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))] ?? 0;
  const out: StormResult = { sent: n, byStatus, p50: at(0.5), p90: at(0.9) };
  process.stdout.write(JSON.stringify(out));
}

function child<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    proc.stdout.on('data', (c) => (text += c));
    proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(text) as T) : reject(new Error(`bench child ${args[0]} exited ${code}`))));
  });
}

const kioskLine = (label: string, r: KioskResult) =>
  `${label.padEnd(44)} ${fmt(r.rps).padStart(6)} req/s   p50 ${String(r.p50).padStart(5)} ms   p90 ${String(r.p90).padStart(5)} ms   p99 ${String(r.p99).padStart(5)} ms   non-2xx ${r.non2xx}`;
const stormLine = (s: StormResult) =>
  `    storm: ${s.sent} logins in ${SECONDS} s (${(s.sent / SECONDS).toFixed(1)}/s), answers ${Object.entries(s.byStatus).map(([k, v]) => `${k}×${v}`).join(', ')}, login p50 ${s.p50.toFixed(0)} ms, p90 ${s.p90.toFixed(0)} ms`;

export async function benchLoginStorm() {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-storm-'));
  try {
    const db = openDb(join(dir, 'bench.db'));
    initDatabase(db);
    const auth = authRepo(db);
    addStaffAccount(auth, () => true, () => new Date(), { username: 'bench', password: 'bench-password', role: 'clerk' });
    const clerk = toStaff(auth.staffByUsername('bench')!);
    const service = dossierService({ db, repo: dossierRepo(db), audit: auditRepo(db), catalogue: catalogueFor(db), clock: () => new Date() });
    const body = { procedureCode: '1.001193', applicant: { fullName: 'Nguyễn Văn Thử', idNumber: '999000000001' }, documents: [{ name: 'Tờ khai', originals: 1, copies: 0 }] };
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) service.create(body, clerk);
    })();
    const keys = (db.prepare('SELECT lookup_key FROM dossiers ORDER BY random() LIMIT 200').all() as { lookup_key: string }[]).map((r) => r.lookup_key);
    // The kiosk's own limit out of the way (as `npm run bench` does); the login limit as shipped.
    const app = await buildApp({ db, config: { uiDir: '/nonexistent', kioskLookupsPerMinute: 1e9, trustProxy: ['127.0.0.1'] } });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    console.log(`login storm: ${RATE} failed logins/s for ${SECONDS} s per phase, against kiosk lookups (50 connections) on ${fmt(2000)} dossiers`);

    const quiet = await child<KioskResult>(['--kiosk-client', url, String(SECONDS), ...keys]);
    console.log(kioskLine('kiosk lookups, no storm', quiet));

    for (const addresses of [100_000, 60]) {
      const [during, s] = await Promise.all([
        child<KioskResult>(['--kiosk-client', url, String(SECONDS), ...keys]),
        child<StormResult>(['--storm', url, String(SECONDS), String(RATE), String(addresses)]),
      ]);
      const label = addresses > 1000 ? 'kiosk lookups, storm from a new address each' : `kiosk lookups, storm from ${addresses} addresses`;
      console.log(kioskLine(label, during));
      console.log(stormLine(s));
    }
    const audited = (db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'login_failed'").get() as { n: number } | undefined)?.n;
    if (audited !== undefined) console.log(`failed logins in the audit log: ${fmt(audited)}`);
    await app.close();
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--kiosk-client') await kioskClient(process.argv[3]!, Number(process.argv[4]), process.argv.slice(5));
else if (process.argv[2] === '--storm') await storm(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]), Number(process.argv[6]));
