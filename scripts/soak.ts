/**
 * The soak benchmark (`npm run bench -- --soak [--minutes 30]`): mixed traffic against a real server
 * process on a temporary database, for a long while, then the verdict.
 *
 * Traffic, at a steady pace: intakes by a clerk (2/s), each dossier then passed on by its actions
 * (the clerk completes the centre's step, an officer takes and completes the department's), kiosk
 * lookups from 500 client addresses through the trusted proxy (60/s; real keys of old and new
 * dossiers, 1 in 200 a key of none — answered 404 and counted, never enough per address to trip the
 * wrong-key slowdown), supervisor reads (the overview and the month's summary, 1/s) and an officer's
 * work queue (0.5/s); and `motcua backup --db … --to …` in a child process a minute in, then every five
 * minutes (as the server's schedule runs it: through bin/motcua.js, at a lower priority).
 *
 * Every minute: requests per second, p50 and p99 by kind, errors, the server's RSS and heap (a probe
 * preloaded into the server process writes process.memoryUsage() to a file every 5 s).
 *
 * At the end, each check passes or fails, and the exit code is 1 if any fails:
 * - memory flat: the server's RSS and heap (used) in the last window within 10 % of the first (windows
 *   of 5 minutes, shorter on a short run; on a run of 12 minutes or more the first minute is the
 *   warm-up and left out);
 * - p99 stable: each kind's p99 in the last window no more than twice the first's (+10 ms);
 * - no errors: every answer the expected one (a backup that fails is an error too);
 * - `motcua audit verify` on the database after the server has stopped: clean.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { yieldToServer } from '../server/backup/schedule.ts';
import { DEMO_PASSWORD } from '../server/demo/seed.ts';
import { ADDRESSES, benchDatabase, fmt, lookupKeys, startServer } from './bench-load.ts';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/motcua.js', import.meta.url));
const PROBE = fileURLToPath(new URL('./soak-probe.ts', import.meta.url));
const ROOT = join(fileURLToPath(import.meta.url), '..', '..');

type Kind = 'intake' | 'action' | 'kiosk' | 'supervisor' | 'queue';
const KINDS: Kind[] = ['intake', 'action', 'kiosk', 'supervisor', 'queue'];
/** Requests per second of each kind (actions follow the intakes: three per dossier). */
const RATE: Record<Exclude<Kind, 'action'>, number> = { intake: 2, kiosk: 60, supervisor: 1, queue: 0.5 };
const BACKUP_EVERY_MS = 5 * 60_000;

interface Minute {
  readonly latencies: Record<Kind, number[]>;
  errors: number;
  readonly errorSamples: string[];
}
const newMinute = (): Minute => ({ latencies: { intake: [], action: [], kiosk: [], supervisor: [], queue: [] }, errors: 0, errorSamples: [] });
const quantile = (xs: readonly number[], q: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const ms = (x: number) => (Number.isNaN(x) ? '–' : x < 10 ? x.toFixed(1) : fmt(x));

interface MemorySample {
  t: number;
  rss: number;
  heapUsed: number;
}

export async function soak(argv: string[], dir: string): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { minutes: { type: 'string', default: '30' }, dossiers: { type: 'string', default: '5000' } } });
  const minutes = Number(values.minutes);
  if (!(minutes >= 1)) throw new Error('--minutes must be at least 1');
  const dbPath = join(dir, 'soak.db');
  const backupDir = join(dir, 'backups');
  mkdirSync(backupDir);
  const memFile = join(dir, 'memory.jsonl');
  const db = await benchDatabase(dbPath, Number(values.dossiers));
  const keys = lookupKeys(db);
  db.close();
  const server = await startServer(dbPath, { logger: true, logFile: join(dir, 'server.log'), nodeArgs: ['--import', PROBE], extraEnv: { MOTCUA_SOAK_PROBE: memFile } });
  console.log(`soak: ${minutes} min against ${server.url} (pid ${server.child.pid}), database ${dbPath}; request logger on`);
  console.log(`  pace: intakes ${RATE.intake}/s (+3 actions each), kiosk ${RATE.kiosk}/s from ${ADDRESSES.length} addresses, supervisor ${RATE.supervisor}/s, work queue ${RATE.queue}/s; a backup at 1 min and every ${BACKUP_EVERY_MS / 60_000} min`);

  const cookies: Record<string, string> = {};
  for (const user of ['clerk', 'officer', 'supervisor']) {
    const res = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: DEMO_PASSWORD }) });
    if (res.status !== 200) throw new Error(`login as ${user}: ${res.status} ${await res.text()}`);
    cookies[user] = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  }

  const minutesLog: Minute[] = [];
  let current = newMinute();
  let inFlight = 0;
  const newKeys: string[] = [];
  let kioskN = 0;
  const backups: { at: number; ok: boolean; detail: string }[] = [];

  const request = async (kind: Kind, path: string, init: { method?: string; user?: string; body?: unknown; address?: string }, expected: readonly number[]) => {
    const minute = current;
    inFlight++;
    const t = performance.now();
    try {
      const headers: Record<string, string> = {};
      if (init.user) headers.cookie = cookies[init.user]!;
      if (init.address) headers['x-forwarded-for'] = init.address;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${server.url}${path}`, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}), signal: AbortSignal.timeout(30_000) });
      const text = await res.text();
      minute.latencies[kind].push(performance.now() - t);
      if (!expected.includes(res.status)) {
        minute.errors++;
        if (minute.errorSamples.length < 3) minute.errorSamples.push(`${kind} ${init.method ?? 'GET'} ${path.replace(/\d{16}/, '<key>')} → ${res.status} ${text.slice(0, 160)}`);
        return null;
      }
      return JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      minute.errors++;
      if (minute.errorSamples.length < 3) minute.errorSamples.push(`${kind} ${path.replace(/\d{16}/, '<key>')} → ${(e as Error).message}`);
      return null;
    } finally {
      inFlight--;
    }
  };

  /** A dossier's road: intake, then the clerk completes the centre's step, an officer takes and completes the next. */
  const dossierRoad = async (n: number) => {
    const created = await request(
      'intake',
      '/api/dossiers',
      {
        method: 'POST',
        user: 'clerk',
        body: {
          procedureCode: '1.001193',
          documents: [{ name: 'Tờ khai đăng ký khai sinh', originals: 1, copies: 0 }, { name: 'Giấy chứng sinh', originals: 1, copies: 1 }],
          channel: 'in_person',
          returnMethod: 'at_centre',
          applicant: { fullName: 'Trần Thị Kiểm', idNumber: `0381${String(n).padStart(8, '0')}`, phone: '0912 345 678', address: 'Số 5, thôn Đông, xã Minh An', email: '' },
        },
      },
      [200, 201],
    );
    if (!created) return;
    const code = created.code as string;
    newKeys.push(created.lookupKey as string);
    if (newKeys.length > 5000) newKeys.shift();
    for (const [user, type] of [['clerk', 'complete-step'], ['officer', 'accept-step'], ['officer', 'complete-step']] as const) {
      if (!(await request('action', `/api/dossiers/${code}/actions`, { method: 'POST', user, body: { type } }, [200]))) return;
    }
  };

  const kiosk = () => {
    const n = kioskN++;
    const address = ADDRESSES[n % ADDRESSES.length]!;
    const round = Math.floor(n / ADDRESSES.length);
    // Each address's 200th lookup is a key of no dossier; a third of the others are new dossiers'.
    if (round % 200 === 199) return request('kiosk', `/api/kiosk/lookup/${keys.missing[n % keys.missing.length]}`, { address }, [404]);
    const key = n % 3 === 0 && newKeys.length ? newKeys[(n * 7) % newKeys.length]! : keys.found[(n * 31) % keys.found.length]!;
    return request('kiosk', `/api/kiosk/lookup/${key}`, { address }, [200]);
  };

  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const monthStart = `${today.slice(0, 8)}01`;
  let supervisorN = 0;
  const supervisor = () =>
    supervisorN++ % 2 === 0
      ? request('supervisor', '/api/supervision/overview', { user: 'supervisor' }, [200])
      : request('supervisor', `/api/supervision/summary?from=${monthStart}&to=${today}`, { user: 'supervisor' }, [200]);
  const queue = () => request('queue', '/api/work-queue', { user: 'officer' }, [200]);

  const backup = () =>
    new Promise<void>((resolve) => {
      const at = Date.now();
      // As the server's own schedule runs it (server/backup/schedule.ts): bin/motcua.js, at a lower priority.
      const child = spawn(process.execPath, [BIN, 'backup', '--db', dbPath, '--to', backupDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      yieldToServer(child.pid);
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (out += c));
      child.on('close', (code) => {
        const ok = code === 0;
        const detail = `${ok ? 'ok' : `FAILED (exit ${code})`} in ${((Date.now() - at) / 1000).toFixed(1)} s: ${out.trim().split('\n').slice(0, 3).join(' | ').slice(0, 300)}`;
        backups.push({ at, ok, detail });
        console.log(`  backup ${backups.length}: ${detail}`);
        if (!ok) current.errors++;
        resolve();
      });
    });

  // Open-loop pacing: every 100 ms, each kind's share of its rate (fractions carried over).
  const start = Date.now();
  const end = start + minutes * 60_000;
  const carry: Record<string, number> = { intake: 0, kiosk: 0, supervisor: 0, queue: 0 };
  let intakeN = 0;
  const running: Promise<unknown>[] = [];
  // The first a minute in (a short run takes one too), then every five minutes.
  let nextBackup = start + 60_000;
  const memory = () => (existsSync(memFile) ? readFileSync(memFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as MemorySample) : []);
  let minuteStart = start;
  /** Prints minute `index` (from start + index minutes to `to`). */
  const report = (index: number, to: number) => {
    const m = minutesLog[index]!;
    const from = start + index * 60_000;
    const secs = (to - from) / 1000;
    const mem = memory().filter((s) => s.t >= from && s.t < to);
    const last = mem.at(-1);
    const parts = KINDS.map((k) => `${k} ${(m.latencies[k].length / secs).toFixed(1)}/s p50 ${ms(quantile(m.latencies[k], 0.5))} p99 ${ms(quantile(m.latencies[k], 0.99))}`);
    console.log(`min ${String(index + 1).padStart(2)}: ${parts.join(' | ')} | errors ${m.errors} | rss ${last ? (last.rss / 2 ** 20).toFixed(0) : '?'} MB heap ${last ? (last.heapUsed / 2 ** 20).toFixed(0) : '?'} MB`);
    for (const e of m.errorSamples) console.log(`        ${e}`);
  };
  while (Date.now() < end) {
    const tick = Date.now();
    if (tick - minuteStart >= 60_000) {
      minutesLog.push(current);
      current = newMinute();
      minuteStart += 60_000;
      report(minutesLog.length - 1, minuteStart);
    }
    if (tick >= nextBackup) {
      nextBackup += BACKUP_EVERY_MS;
      running.push(backup());
    }
    for (const kind of ['intake', 'kiosk', 'supervisor', 'queue'] as const) {
      carry[kind]! += RATE[kind] / 10;
      while (carry[kind]! >= 1) {
        carry[kind]! -= 1;
        // A server that stops answering must not make the soak pile up requests without end.
        if (inFlight > 2_000) {
          current.errors++;
          continue;
        }
        const p = kind === 'intake' ? dossierRoad(intakeN++) : kind === 'kiosk' ? kiosk() : kind === 'supervisor' ? supervisor() : queue();
        running.push(p);
      }
    }
    if (running.length > 10_000) running.splice(0, running.length - 1_000);
    await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - tick))));
  }
  await Promise.allSettled(running);
  minutesLog.push(current);
  report(minutesLog.length - 1, Date.now());
  const mem = memory();
  const exitCode = await server.stop();

  // ——— the verdict ———
  const failures: string[] = [];
  console.log('\nverdict:');
  const window = Math.max(1, Math.min(5, Math.floor(minutes / 3)));
  const skip = minutes >= 12 ? 1 : 0;
  const firstFrom = start + skip * 60_000;
  const firstTo = firstFrom + window * 60_000;
  const lastFrom = start + (minutes - window) * 60_000;
  const inWindow = (from: number, to: number) => mem.filter((s) => s.t >= from && s.t < to);
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = inWindow(firstFrom, firstTo);
  const last = inWindow(lastFrom, end + 60_000);
  if (!first.length || !last.length) failures.push('memory: no samples from the server (the probe did not run)');
  else {
    // RSS by its average; the heap by its lowest point (what survives the collections, not the sawtooth).
    const rss = [avg(first.map((s) => s.rss)), avg(last.map((s) => s.rss))] as const;
    const heap = [Math.min(...first.map((s) => s.heapUsed)), Math.min(...last.map((s) => s.heapUsed))] as const;
    for (const [label, [a, b]] of [['RSS (average)', rss], ['heap used (lowest)', heap]] as const) {
      const growth = (b - a) / a;
      const flat = growth <= 0.1;
      console.log(`  memory ${label}: first ${window} min ${(a / 2 ** 20).toFixed(1)} MB, last ${window} min ${(b / 2 ** 20).toFixed(1)} MB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %) ${flat ? 'flat' : 'GROWING'}`);
      if (!flat) failures.push(`memory ${label} grew ${(growth * 100).toFixed(1)} % (more than 10 %)`);
    }
  }
  const firstMinutes = minutesLog.slice(skip, skip + window);
  const lastMinutes = minutesLog.slice(-window);
  for (const kind of KINDS) {
    const a = quantile(firstMinutes.flatMap((m) => m.latencies[kind]), 0.99);
    const b = quantile(lastMinutes.flatMap((m) => m.latencies[kind]), 0.99);
    const all = minutesLog.flatMap((m) => m.latencies[kind]);
    const stable = !(b > Math.max(2 * a, a + 10));
    console.log(`  ${kind.padEnd(10)} ${fmt(all.length)} requests, p50 ${ms(quantile(all, 0.5))} ms, p99 ${ms(quantile(all, 0.99))} ms; p99 first ${window} min ${ms(a)} ms, last ${ms(b)} ms ${stable ? 'stable' : 'NOT STABLE'}`);
    if (!stable) failures.push(`${kind} p99 went from ${ms(a)} ms to ${ms(b)} ms`);
  }
  const errors = minutesLog.reduce((n, m) => n + m.errors, 0);
  console.log(`  errors: ${errors}`);
  if (errors) failures.push(`${errors} error(s) (unexpected answers, failed requests or backups)`);
  const failedBackups = backups.filter((b) => !b.ok);
  console.log(`  backups: ${backups.length} taken, ${failedBackups.length} failed`);
  console.log(`  server exit code after SIGTERM: ${exitCode}`);
  if (exitCode !== 0) failures.push(`the server exited ${exitCode} on SIGTERM`);
  const verify = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'audit', 'verify', '--db', dbPath], { cwd: ROOT, encoding: 'utf8' });
  const verifyText = `${verify.stdout}${verify.stderr}`.trim().split('\n').slice(-3).join(' | ');
  console.log(`  audit verify: ${verify.status === 0 ? 'clean' : `FAILED (exit ${verify.status})`}: ${verifyText}`);
  if (verify.status !== 0) failures.push('audit verify failed');
  console.log(failures.length ? `\nSOAK FAILED:\n  ${failures.join('\n  ')}` : '\nsoak passed');
  return failures.length ? 1 : 0;
}
