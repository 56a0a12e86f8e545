/**
 * `npm run bench -- --supervision [--db FILE] [--runs N] [--now ISO]`: how fast the supervisors'
 * dashboard answers on a simulated year of a busy centre (scripts/simulate-year.ts), each query through
 * the app (app.inject, signed in as a supervisor: routing, permission, validation, the service and its
 * SQL, serialisation — not the network), median and 90th percentile of N runs after one warm-up,
 * against the aim of 200 ms. Not a test: figures to compare and to find the slow queries by.
 *
 * Without --db a year of BENCH_SIM_DOSSIERS (200,000) dossiers is simulated into a temporary file
 * first (minutes). The app's clock is the simulation's "now" (the latest history event, unless --now),
 * so "overdue now" and the warnings mean what they would on that day. The benchmark signs in and its
 * drill-downs are audit-logged: it writes sessions and audit rows into the database it is given.
 * An endpoint not there yet (404) is listed as such. With --explain, each query over the aim is run once
 * more with every SQL statement timed, and its three costliest statements are printed with their
 * EXPLAIN QUERY PLAN.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseIsoInstant, toVnDate, vnParts } from '../shared/time.ts';
import { buildApp } from '../server/app.ts';
import { initDatabase } from '../server/db/init.ts';
import type { Db } from '../server/db/types.ts';
import { openDb } from '../server/db/open.ts';
import { SIMULATED_PASSWORD } from './simulate/centre.ts';
import { progressBar } from './simulate/progress.ts';
import { relaxForFill, simulateYear, yearStart } from './simulate-year.ts';

const AIM_MS = 200;
const DAY = 86_400_000;

/** ISO week `YYYY-Www` of a Vietnam date, and its Monday–Sunday. */
function isoWeek(t: Date): { week: string; from: string; to: string } {
  const p = vnParts(t);
  const date = Date.UTC(p.year, p.month - 1, p.day);
  const weekday = (p.weekday + 6) % 7; // Monday 0
  const monday = date - weekday * DAY;
  const thursday = monday + 3 * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { week: `${year}-W${String(week).padStart(2, '0')}`, from: iso(monday), to: iso(monday + 6 * DAY) };
}

interface Case {
  readonly label: string;
  readonly url: string;
}

function cases(now: Date, db: Db): Case[] {
  const p = vnParts(now);
  const year = p.year;
  // The last whole week and month before "now", and the quarter that month is in.
  const week = isoWeek(new Date(now.getTime() - 7 * DAY));
  const month = p.month === 1 ? { y: year - 1, m: 12 } : { y: year, m: p.month - 1 };
  const mm = `${month.y}-${String(month.m).padStart(2, '0')}`;
  const monthEnd = toVnDate(new Date(Date.UTC(month.y, month.m, 1) - DAY));
  const q = Math.ceil(month.m / 3);
  const qFrom = `${month.y}-${String(q * 3 - 2).padStart(2, '0')}-01`;
  const qTo = toVnDate(new Date(Date.UTC(month.y, q * 3, 1) - DAY));
  const period = (from: string, to: string) => `from=${from}&to=${to}`;
  const m = period(`${mm}-01`, monthEnd);
  const busiest = (db.prepare("SELECT h.username AS u FROM dossier_steps s JOIN staff h ON h.id = s.held_by WHERE h.role = 'officer' GROUP BY h.id ORDER BY count(*) DESC LIMIT 1").get() as { u: string } | undefined)?.u ?? 'officer';
  const S = '/api/supervision';
  return [
    { label: `summary, week ${week.week}`, url: `${S}/summary?${period(week.from, week.to)}` },
    { label: `summary, month ${mm}`, url: `${S}/summary?${m}` },
    { label: `summary, quarter ${month.y}-Q${q}`, url: `${S}/summary?${period(qFrom, qTo)}` },
    { label: `summary, year ${year}`, url: `${S}/summary?${period(`${year}-01-01`, `${year}-12-31`)}` },
    { label: `dossiers: late, month`, url: `${S}/dossiers?${m}&metric=late` },
    { label: `dossiers: received, month`, url: `${S}/dossiers?${m}&metric=received` },
    { label: `dossiers: finished, year, birth registration`, url: `${S}/dossiers?${period(`${year}-01-01`, `${year}-12-31`)}&metric=finished&procedure=1.001193` },
    { label: `dossiers: late, month, VP-TPHT`, url: `${S}/dossiers?${m}&metric=late&department=VP-TPHT` },
    { label: `dossiers: late, year, ${busiest}`, url: `${S}/dossiers?${period(`${year}-01-01`, `${year}-12-31`)}&metric=late&officer=${busiest}` },
    { label: `dossiers: overdue now`, url: `${S}/dossiers?${m}&metric=overdueNow` },
    { label: `dossiers: apologies, quarter`, url: `${S}/dossiers?${period(qFrom, qTo)}&metric=apologies` },
    { label: `dossiers: second supplement attempts, year`, url: `${S}/dossiers?${period(`${year}-01-01`, `${year}-12-31`)}&metric=secondSupplementAttempts` },
    { label: `flags, month`, url: `${S}/flags?${m}` },
    { label: `flags, year`, url: `${S}/flags?${period(`${year}-01-01`, `${year}-12-31`)}` },
    { label: `scores, month ${mm}`, url: `${S}/scores?period=${mm}` },
    { label: `scores, quarter`, url: `${S}/scores?period=${month.y}-Q${q}` },
    { label: `scores, year ${year}`, url: `${S}/scores?period=${year}` },
    { label: `warnings`, url: `${S}/warnings` },
    { label: `overview (open, overdue, due soon)`, url: `${S}/overview` },
    { label: `kiosk report, 7 days`, url: `${S}/kiosk` },
    ...(['pdf', 'csv', 'xlsx'] as const).map((f) => ({ label: `report weekly.${f} ${week.week}`, url: `/api/reports/weekly.${f}?week=${week.week}` })),
    ...(['pdf', 'csv', 'xlsx'] as const).map((f) => ({ label: `report scores.${f} ${mm}`, url: `/api/reports/scores.${f}?month=${mm}` })),
  ];
}

interface SqlCost {
  ms: number;
  calls: number;
  args: unknown[];
}

/**
 * Times every statement the app prepares on this connection (all, get, run and iterate, the time
 * spent inside the statement's calls), so a slow endpoint can be traced to its SQL.
 */
function traceStatements(db: Db): Map<string, SqlCost> {
  const costs = new Map<string, SqlCost>();
  const prepare = db.prepare.bind(db);
  const note = (sql: string, ms: number, args: unknown[], call: boolean) => {
    const c = costs.get(sql) ?? { ms: 0, calls: 0, args };
    c.ms += ms;
    if (call) c.calls++;
    c.args = args;
    costs.set(sql, c);
  };
  (db as unknown as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
    const st = prepare(sql) as unknown as Record<string, (...a: unknown[]) => unknown>;
    for (const m of ['all', 'get', 'run'] as const) {
      const f = st[m]!.bind(st);
      st[m] = (...a: unknown[]) => {
        const t = performance.now();
        try {
          return f(...a);
        } finally {
          note(sql, performance.now() - t, a, true);
        }
      };
    }
    const iterate = st.iterate!.bind(st);
    st.iterate = (...a: unknown[]) => {
      const g = iterate(...a) as Iterator<unknown>;
      note(sql, 0, a, true);
      return {
        [Symbol.iterator]() {
          return this;
        },
        next() {
          const t = performance.now();
          const r = g.next();
          note(sql, performance.now() - t, a, false);
          return r;
        },
        return(v?: unknown) {
          return g.return?.(v) ?? { done: true, value: v };
        },
      };
    };
    return st;
  };
  return costs;
}

function explain(db: Db, costs: Map<string, SqlCost>, total: number): void {
  const top = [...costs.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 3);
  for (const [sql, c] of top) {
    console.log(`    ${c.ms.toFixed(0)} ms (${Math.round((c.ms / total) * 100)} % of the request), ${c.calls} call(s): ${sql.replace(/\s+/g, ' ').trim().slice(0, 300)}`);
    try {
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(c.args as [])) as { id: number; parent: number; detail: string }[];
      const depth = new Map<number, number>([[0, 0]]);
      for (const p of plan) {
        depth.set(p.id, (depth.get(p.parent) ?? 0) + 1);
        console.log(`      ${'  '.repeat(depth.get(p.id)! - 1)}${p.detail}`);
      }
    } catch (e) {
      console.log(`      (no plan: ${(e as Error).message})`);
    }
  }
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

export async function benchSupervision(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' }, runs: { type: 'string' }, now: { type: 'string' }, explain: { type: 'boolean' } }, strict: true });
  const runs = Math.max(1, Number(values.runs ?? 10));
  let dir: string | null = null;
  let path = values.db;
  if (!path) {
    dir = mkdtempSync(join(tmpdir(), 'motcua-bench-supervision-'));
    path = join(dir, 'year.db');
    const dossiers = Number(process.env.BENCH_SIM_DOSSIERS ?? 200_000);
    console.log(`no --db: simulating a year of ${dossiers.toLocaleString('en-US')} dossiers into ${path} first (npm run simulate makes one to keep)`);
    const db = openDb(path);
    initDatabase(db, { clock: () => yearStart(2026) });
    const restore = relaxForFill(db);
    const bar = progressBar(dossiers, 'dossiers');
    simulateYear(db, { dossiers, year: 2026, seed: 1, onProgress: (n) => bar.tick(n) });
    bar.finish(dossiers);
    restore();
    db.close();
  }
  // openDb applies any migration newer than the simulated file, as a real upgrade would.
  const db = openDb(path);
  try {
    const latest = (db.prepare('SELECT max(at) AS at FROM dossier_events').get() as { at: string | null }).at;
    const now = parseIsoInstant(values.now ?? latest ?? '') ?? new Date();
    const size = (db.prepare('SELECT (SELECT count(*) FROM dossiers) AS dossiers, (SELECT count(*) FROM dossier_events) AS events, (SELECT count(*) FROM dossier_steps) AS steps').get() as { dossiers: number; events: number; steps: number });
    const costs = values.explain ? traceStatements(db) : null;
    const slow: Case[] = [];
    const app = await buildApp({ db, clock: () => now, config: { uiDir: '/nonexistent', loginAttemptsPerMinute: 1e6, kioskLookupsPerMinute: 1e6 } });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'supervisor', password: SIMULATED_PASSWORD } });
      if (login.statusCode !== 200) throw new Error(`cannot sign in as "supervisor" (${login.statusCode}): is ${path} a simulated year (npm run simulate)?`);
      const cookie = `motcua_session=${login.cookies.find((c) => c.name === 'motcua_session')!.value}`;
      console.log(`supervision queries on ${path}: ${size.dossiers.toLocaleString('en-US')} dossiers, ${size.steps.toLocaleString('en-US')} steps, ${size.events.toLocaleString('en-US')} events; now ${values.now ?? latest}; ${runs} runs each after a warm-up, through app.inject as "supervisor"; aim ${AIM_MS} ms`);
      const rows: string[][] = [['query', 'status', 'size', 'median ms', 'p90 ms', `≤ ${AIM_MS} ms`]];
      for (const c of cases(now, db)) {
        const get = () => app.inject({ method: 'GET', url: c.url, headers: { cookie } });
        const first = await get();
        if (first.statusCode === 404 && first.json<{ error?: { code?: string } }>().error?.code !== 'DOSSIER_NOT_FOUND') {
          rows.push([c.label, '404', '', '', '', 'not there yet']);
          continue;
        }
        const times: number[] = [];
        let res = first;
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          res = await get();
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        const med = quantile(times, 0.5);
        const p90 = quantile(times, 0.9);
        const kb = res.rawPayload.length / 1024;
        if (med > AIM_MS) slow.push(c);
        rows.push([c.label, String(res.statusCode), kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${kb.toFixed(0)} KB`, med.toFixed(1), p90.toFixed(1), res.statusCode !== 200 ? 'error' : p90 <= AIM_MS ? 'yes' : med <= AIM_MS ? 'p90 over' : 'NO']);
        if (res.statusCode !== 200) rows.at(-1)!.push(res.body.slice(0, 160));
      }
      const width = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
      for (const [k, r] of rows.entries()) {
        console.log(r.map((cell, i) => (i === 0 || i > 5 ? cell.padEnd(width[i]!) : cell.padStart(width[i]!))).join('  ').trimEnd());
        if (k === 0) console.log(width.map((w) => '-'.repeat(w)).join('  '));
      }
      if (costs) {
        for (const c of slow) {
          costs.clear();
          const t0 = performance.now();
          await app.inject({ method: 'GET', url: c.url, headers: { cookie } });
          const total = performance.now() - t0;
          console.log(`\n${c.label} — ${total.toFixed(0)} ms, of which SQL ${[...costs.values()].reduce((n, x) => n + x.ms, 0).toFixed(0)} ms; costliest statements:`);
          explain(db, costs, total);
        }
      }
    } finally {
      await app.close();
    }
  } finally {
    db.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
