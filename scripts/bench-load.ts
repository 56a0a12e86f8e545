/**
 * Benchmarks against a real server process (`motcua serve` on a temporary database), with the load
 * generated in processes of their own. Not tests: they print figures.
 *
 * - `--kiosk-load [--dossiers N] [--seconds S] [--rounds R] [--client auto|autocannon|wrk] [--pin auto|on|off]`:
 *   kiosk lookups from many client addresses (the server trusts 127.0.0.1 as its proxy; each request
 *   carries an X-Forwarded-For from a pool of 500 addresses, each staying under its rate limit)
 *   against `/api/health` on the same server, in the same run, in alternating rounds, with the request
 *   logger off and on. The lookups use real keys of real dossiers; in the first four rounds, each
 *   address's 100th lookup is a valid key of no dossier (four in all: the wrong-key slowdown starts at
 *   an address's fifth in ten minutes, and this measures throughput). The limits are the production ones:
 *   nothing is raised for the benchmark. Besides req/s, the server's own CPU per request (from
 *   /proc), which does not depend on how fast the load generator reads.
 * - `--soak [--minutes M]` (soak.ts).
 */
import autocannon from 'autocannon';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeLookupKey } from '../shared/lookup-key.ts';
import { buildServices } from '../server/services.ts';
import { makeConfig } from '../server/config.ts';
import { auditRepo } from '../server/audit/repo.ts';
import { authRepo } from '../server/auth/repo.ts';
import { toStaff } from '../server/auth/service.ts';
import { catalogueFor } from '../server/catalogue/service.ts';
import { initDatabase } from '../server/db/init.ts';
import type { Db } from '../server/db/types.ts';
import { openDb } from '../server/db/open.ts';
import { seedDemo } from '../server/demo/seed.ts';
import { dossierRepo } from '../server/dossiers/repo.ts';
import { dossierService } from '../server/dossiers/service.ts';
import { systemClock } from '../server/clock.ts';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const BENCH = fileURLToPath(new URL('./bench.ts', import.meta.url));
// The server as an administrator starts it (bin/motcua.js: the compiled build while it is current).
const BIN = fileURLToPath(new URL('../bin/motcua.js', import.meta.url));
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** 500 client addresses on a centre's LAN and beyond (the server sees them through its proxy). */
export const ADDRESSES = Array.from({ length: 500 }, (_, i) => `10.${20 + (i >> 8)}.${i & 255}.${(i * 7) % 250 + 2}`);

/**
 * A database like a centre's after some months: the demo's six weeks of history (every state, with
 * steps, supplements, apologies, ratings) and `dossiers` intakes more, spread over past days.
 */
export async function benchDatabase(path: string, dossiers: number): Promise<Db> {
  const db = openDb(path);
  initDatabase(db);
  seedDemo(db, systemClock);
  const auth = authRepo(db);
  const clerk = toStaff(auth.staffByUsername('clerk')!);
  const catalogue = catalogueFor(db);
  let n = 0;
  // One simulated day per 9,000 intakes (the daily sequence stops at 9999), from a Monday in the past.
  const start = Date.parse('2026-09-07T01:00:00Z');
  const clock = () => new Date(start + Math.floor(n / 9000) * 86_400_000 + (n % 9000) * 1000);
  const service = dossierService({ db, repo: dossierRepo(db), audit: auditRepo(db), catalogue, clock });
  const procedures = ['1.001193', '1.004873', '1.000894'].filter((c) => catalogue.procedure(c));
  const body = (i: number) => ({
    procedureCode: procedures[i % procedures.length]!,
    applicant: { fullName: 'Nguyễn Văn Thử', idNumber: `9990${String(i).padStart(8, '0')}`, phone: '0999000001', address: 'Thôn Thử, xã Minh An' },
    documents: [{ name: 'Tờ khai', originals: 1, copies: 0 }],
  });
  const fill = db.transaction((count: number) => {
    for (let i = 0; i < count; i++, n++) service.create(body(n), clerk);
  });
  while (n < dossiers) fill(Math.min(5_000, dossiers - n));
  // The supervisors' figures of past days, counted once per database in the background of a server's
  // first start (server/supervision/day-cache.ts): counted now, as a centre's server that has run before.
  await buildServices({ db }, makeConfig({})).supervision.warmUp();
  return db;
}

/** Real keys of real dossiers, and a few valid keys of none. */
export function lookupKeys(db: Db, count = 2000): { found: string[]; missing: string[] } {
  const found = (db.prepare('SELECT lookup_key FROM dossiers ORDER BY random() LIMIT ?').all(count) as { lookup_key: string }[]).map((r) => r.lookup_key);
  const missing: string[] = [];
  const exists = db.prepare('SELECT 1 FROM dossiers WHERE lookup_key = ?');
  for (let i = 0; missing.length < 20; i++) {
    const key = makeLookupKey(String(900_000_000_000_000 + i * 7919));
    if (!exists.get(key)) missing.push(key);
  }
  return { found, missing };
}

export interface Server {
  readonly url: string;
  readonly child: ChildProcess;
  /** Stops it (SIGTERM, then waits for it to exit). */
  stop(): Promise<number | null>;
}

/**
 * `motcua serve` on `dbPath` (through bin/motcua.js, as installed: the compiled build while it is
 * current), on a free port, trusting 127.0.0.1 as its proxy; stdout (the log) to `logFile`. `logger`
 * off: the log at `warn` (no line per request); on: at `info`, the default.
 */
export async function startServer(dbPath: string, options: { logger: boolean; logFile: string; extraEnv?: NodeJS.ProcessEnv; nodeArgs?: string[]; cpus?: string }): Promise<Server> {
  const out = openSync(options.logFile, 'w');
  // tsx's loader for a TypeScript --import (the soak's probe); the server's own code does not need it.
  const command = [process.execPath, '--import', 'tsx', ...(options.nodeArgs ?? []), BIN, 'serve', '--db', dbPath, '--port', '0', '--trust-proxy', '127.0.0.1', '--log-level', options.logger ? 'info' : 'warn'];
  // taskset execs the server in its own process: the child's pid is the server's.
  const [file, ...args] = options.cpus ? ['taskset', '-c', options.cpus, ...command] : command;
  const child = spawn(file!, args, {
    cwd: ROOT,
    stdio: ['ignore', out, 'inherit'],
    env: { ...process.env, ...options.extraEnv },
  });
  closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const m = /MotCua is serving (http\S+)/.exec(readFileSync(options.logFile, 'utf8'));
    if (m) {
      return {
        url: m[1]!.replace('localhost', '127.0.0.1'),
        child,
        stop: async () => {
          child.kill('SIGTERM');
          return exited;
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start:\n${readFileSync(options.logFile, 'utf8').slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface LoadSpec {
  readonly url: string;
  readonly kind: 'health' | 'kiosk';
  readonly seconds: number;
  readonly connections: number;
  readonly found?: readonly string[];
  /** Keys of no dossier: each address's 100th request of the run is one of them (none when absent). */
  readonly missing?: readonly string[];
  /** CPUs the load generator is kept to (taskset), apart from the server's. */
  readonly cpus?: string;
}
export interface LoadResult {
  /** Requests answered in the run. */
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
}

/** The load generator (`bench.ts --load-client SPECFILE`), printing its result as JSON. */
export async function loadClient(specFile: string) {
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as LoadSpec;
  let i = 0;
  const statuses: Record<string, number> = {};
  const path = (n: number) => {
    if (spec.kind === 'health') return '/api/health';
    // Request n goes to address n mod 500; each address's 100th request is a key of no dossier (when the run has them).
    const round = Math.floor(n / ADDRESSES.length);
    const key = round === 99 && spec.missing?.length ? spec.missing![n % spec.missing!.length]! : spec.found![(n * 31) % spec.found!.length]!;
    return `/api/kiosk/lookup/${key}`;
  };
  let finish!: (r: autocannon.Result) => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (req: autocannon.Request) => {
          const n = i++;
          return { ...req, path: path(n), headers: { ...req.headers, 'x-forwarded-for': ADDRESSES[n % ADDRESSES.length]! } };
        },
      },
    ],
  }, (err, r) => (err ? fail(err) : finish(r)));
  instance.on('response', (_client: unknown, status: number) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await done;
  const out: LoadResult = { requests: result.requests.total, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts, statuses };
  process.stdout.write(JSON.stringify(out));
}

/**
 * The same load from wrk (Debian's `wrk`, written in C): the same addresses in turn, the same keys in
 * the same order. On a small machine the load generator shares the server's cores, and autocannon
 * (JavaScript) spends more of them reading a lookup's answer than a health check's; wrk spends little
 * on either, so what it measures is nearer the server's own cost. Statuses are not counted one by one
 * (wrk gives the number of non-2xx answers: the 1 in 200 keys of no dossier).
 */
export function loadWithWrk(spec: LoadSpec, dir: string): LoadResult {
  const script = join(dir, `wrk-${spec.kind}.lua`);
  const list = (xs: readonly string[]) => `{${xs.map((x) => `"${x}"`).join(',')}}`;
  writeFileSync(
    script,
    `local addresses = ${list(ADDRESSES)}
local found = ${list(spec.found ?? [])}
local missing = ${list(spec.missing ?? [])}
local n = -1
request = function()
  n = n + 1
  local path = "/api/health"
  if ${spec.kind === 'kiosk' ? 'true' : 'false'} then
    local round = math.floor(n / #addresses)
    if round == 99 and #missing > 0 then path = "/api/kiosk/lookup/" .. missing[n % #missing + 1]
    else path = "/api/kiosk/lookup/" .. found[(n * 31) % #found + 1] end
  end
  return wrk.format("GET", path, { ["X-Forwarded-For"] = addresses[n % #addresses + 1] })
end
`,
  );
  const run = spawnSync(spec.cpus ? 'taskset' : 'wrk', [...(spec.cpus ? ['-c', spec.cpus, 'wrk'] : []), '-t1', `-c${spec.connections}`, `-d${spec.seconds}s`, '--latency', '-s', script, spec.url], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr || run.stdout}`);
  const out = run.stdout;
  const ms = (label: string) => {
    const m = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)$`, 'm').exec(out);
    if (!m) return NaN;
    const x = Number(m[1]);
    return m[2] === 'us' ? x / 1000 : m[2] === 's' ? x * 1000 : x;
  };
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
  const non2xx = num(/Non-2xx or 3xx responses: (\d+)/);
  const errors = [...out.matchAll(/(?:connect|read|write|timeout) (\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
  return { requests: num(/(\d+) requests in/), rps: num(/Requests\/sec:\s+([\d.]+)/), p50: ms('50%'), p99: ms('99%'), non2xx, errors, statuses: {} };
}

/** Whether wrk is installed (`apt-get install wrk`). */
export const hasWrk = () => spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;

/** Runs the load generator in a process of its own (in the bench's process it would share its event loop). */
export function load(spec: LoadSpec, dir: string): Promise<LoadResult> {
  const file = join(dir, `load-${spec.kind}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return new Promise((resolve, reject) => {
    const command = [process.execPath, '--import', 'tsx', BENCH, '--load-client', file];
    const child = spec.cpus ? spawn('taskset', ['-c', spec.cpus, ...command], { stdio: ['ignore', 'pipe', 'inherit'] }) : spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (c) => (text += c));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(text) as LoadResult) : reject(new Error(`load client exited ${code}`))));
  });
}

/** CPU time (ms, every thread) a process has used so far: /proc on Linux, null elsewhere. */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis: state is the first, utime the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** Whether taskset (util-linux) is here to keep the server and the load generator on cores of their own. */
const hasTaskset = () => process.platform === 'linux' && spawnSync('taskset', ['-V'], { encoding: 'utf8' }).error === undefined;

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const line = (label: string, r: LoadResult) =>
  `  ${label.padEnd(32)} ${fmt(r.rps).padStart(7)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   non-2xx ${r.non2xx}${r.errors ? `   errors ${r.errors}` : ''}${Object.keys(r.statuses).length && r.non2xx ? `   ${JSON.stringify(r.statuses)}` : ''}`;

export async function benchKioskLoad(argv: string[], dir: string) {
  const { values } = parseArgs({
    args: argv,
    options: {
      dossiers: { type: 'string', default: '20000' },
      seconds: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '5' },
      logger: { type: 'string', default: 'both' },
      connections: { type: 'string', default: '50' },
      client: { type: 'string', default: 'auto' },
      pin: { type: 'string', default: 'auto' },
      'cpu-prof': { type: 'boolean' },
    },
  });
  if (!['auto', 'autocannon', 'wrk'].includes(values.client)) throw new Error('--client is auto, autocannon or wrk');
  if (values.client === 'wrk' && !hasWrk()) throw new Error('--client wrk: wrk is not installed (apt-get install wrk)');
  if (!['auto', 'on', 'off'].includes(values.pin)) throw new Error('--pin is auto, on or off');
  const client = values.client === 'auto' ? (hasWrk() ? 'wrk' : 'autocannon') : values.client;
  const cores = availableParallelism();
  if (values.pin === 'on' && (!hasTaskset() || cores < 2)) throw new Error('--pin on: needs taskset (util-linux) and at least 2 cores');
  const pin = values.pin === 'on' || (values.pin === 'auto' && hasTaskset() && cores >= 2);
  // The server on the first core, the load generator on the others: otherwise they trade cores all
  // run long and each figure depends on where the scheduler happened to put them.
  const serverCpus = pin ? '0' : undefined;
  const clientCpus = pin ? (cores > 2 ? `1-${cores - 1}` : '1') : undefined;
  const run = (spec: LoadSpec) => (client === 'wrk' ? Promise.resolve(loadWithWrk(spec, dir)) : load(spec, dir));
  const dbPath = join(dir, 'kiosk-load.db');
  const t0 = performance.now();
  const db = await benchDatabase(dbPath, Number(values.dossiers));
  const keys = lookupKeys(db);
  const count = (db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n;
  db.close();
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  const connections = Number(values.connections);
  console.log(
    `kiosk lookups against /api/health: ${fmt(count)} dossiers (made in ${((performance.now() - t0) / 1000).toFixed(1)} s), ${ADDRESSES.length} client addresses, ${connections} connections, ` +
      `${rounds} rounds of ${seconds} s each, load from ${client}${values.client === 'auto' ? (client === 'wrk' ? ' (installed)' : ' (wrk is not installed)') : ''}, ` +
      (pin ? `server on CPU ${serverCpus}, load generator on CPU ${clientCpus}` : 'server and load generator not pinned'),
  );
  const loggers = values.logger === 'both' ? [false, true] : [values.logger === 'on'];
  const summary: string[] = [];
  for (const logger of loggers) {
    const server = await startServer(dbPath, {
      logger,
      logFile: join(dir, `server-${logger ? 'log' : 'quiet'}.out`),
      ...(serverCpus ? { cpus: serverCpus } : {}),
      nodeArgs: values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${join(tmpdir(), `motcua-prof-${logger ? 'log' : 'quiet'}`)}`] : [],
    });
    try {
      console.log(`request logger ${logger ? 'ON (one JSON line per request, to a file)' : 'off'}:`);
      const healthSpec: Omit<LoadSpec, 'seconds'> = { url: server.url, kind: 'health', connections, ...(clientCpus ? { cpus: clientCpus } : {}) };
      const kioskSpec: Omit<LoadSpec, 'seconds'> = { ...healthSpec, kind: 'kiosk', found: keys.found };
      // A short warm-up of each (the JIT, the statement cache, the kept answers), then the measured runs.
      await run({ ...healthSpec, seconds: 2 });
      await run({ ...kioskSpec, seconds: 2 });
      // Each measured kiosk run gives every address one key of no dossier, in the first four only: the
      // wrong-key slowdown starts at an address's fifth in ten minutes, and this measures throughput.
      let wrongRuns = 0;
      const withWrong = () => (wrongRuns++ < 4 ? { missing: keys.missing } : {});
      /** One measured run, with the server's CPU per answered request over it. */
      const measure = async (spec: Omit<LoadSpec, 'seconds'>) => {
        const before = cpuMsOf(server.child.pid!);
        const r = await run({ ...spec, seconds });
        const after = cpuMsOf(server.child.pid!);
        return { ...r, cpuUs: before === null || after === null || r.requests === 0 ? null : ((after - before) * 1000) / r.requests };
      };
      const cpu = (us: number | null) => (us === null ? '' : `   server CPU ${Math.round(us)} µs/request`);
      const ratios: number[] = [];
      const cpuRatios: number[] = [];
      for (let round = 0; round < rounds; round++) {
        // The order alternates, so a machine growing busier or quieter weighs on both kinds alike.
        const kiosk = { ...kioskSpec, ...withWrong() };
        const order = round % 2 === 0 ? [healthSpec, kiosk] : [kiosk, healthSpec];
        const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
        for (const spec of order) results[spec.kind] = await measure(spec);
        const health = results.health!;
        const lookups = results.kiosk!;
        console.log(`  round ${round + 1}:`);
        console.log(`${line('/api/health', health)}${cpu(health.cpuUs)}`);
        console.log(`${line('kiosk lookups (500 addresses)', lookups)}${cpu(lookups.cpuUs)}`);
        const ratio = lookups.rps / health.rps;
        ratios.push(ratio);
        if (health.cpuUs !== null && lookups.cpuUs !== null) cpuRatios.push(health.cpuUs / lookups.cpuUs);
        console.log(`    ratio kiosk / health: ${(ratio * 100).toFixed(0)} %`);
        const bad = Object.keys(lookups.statuses).filter((s) => s !== '200' && s !== '404');
        if (bad.length || lookups.errors) console.log(`    WARNING: kiosk answers other than 200/404: ${JSON.stringify(lookups.statuses)}, errors ${lookups.errors}`);
      }
      const m = median(ratios);
      const verdict = `${(m * 100).toFixed(0)} % ${m >= 0.7 ? '(≥ 70 %: met)' : '(< 70 %: NOT met)'}`;
      const cpuLine = cpuRatios.length ? `; by the server's CPU per request, the kiosk costs ${(100 / median(cpuRatios)).toFixed(0)} % of a health check's time (throughput ${(median(cpuRatios) * 100).toFixed(0)} %)` : '';
      console.log(`  median of ${rounds} rounds: kiosk / health ${verdict}${cpuLine}`);
      summary.push(`logger ${logger ? 'on' : 'off'} ${verdict} [rounds ${ratios.map((r) => `${(r * 100).toFixed(0)} %`).join(', ')}]`);
    } finally {
      await server.stop();
    }
  }
  console.log(`summary: ${summary.join('; ')}`);
}
