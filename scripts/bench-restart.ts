/**
 * How long `motcua serve --demo` takes from its start to the first 200 from /api/health: the first
 * start (a new database, migrated, seeded with the demo) and restarts on the existing one — what a
 * service restart after a crash costs the centre. Run `npm run bench -- --restart [--runs N]`.
 * Each run is a new process through bin/motcua.js, as systemd (or a person) starts it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/motcua.js', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function healthOk(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/api/health', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

/**
 * The CPU time a process has used, in ms (Linux's /proc; null elsewhere): unlike the wall time, it
 * hardly moves when other work shares the machine's cores.
 */
function cpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, fields 14 and 15 of the whole line, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

interface Start {
  ms: number;
  cpuMs: number | null;
}

/** Starts the server, returns the time to the first 200 (and the CPU it used), then stops it (SIGTERM) and waits. */
async function startToHealthy(dbPath: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Start> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--demo', '--db', dbPath, '--port', String(port), '--log-level', 'warn'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...extraEnv },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let alive = true;
  void exited.then(() => (alive = false));
  try {
    while (alive) {
      if (await healthOk(port)) return { ms: performance.now() - t0, cpuMs: cpuMs(child.pid!) };
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the server exited before it answered');
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export async function benchRestart(args: string[]): Promise<void> {
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
  const dir = mkdtempSync(join(tmpdir(), 'motcua-restart-'));
  try {
    const db = join(dir, 'demo.db');
    const first = await startToHealthy(db);
    console.log(`first start, new demo database (migrate, seed): ${Math.round(first.ms)} ms to the first 200 from /api/health (${first.cpuMs ?? '?'} ms of CPU)`);
    const starts: Start[] = [];
    for (let i = 0; i < runs; i++) starts.push(await startToHealthy(db));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const wall = starts.map((s) => Math.round(s.ms));
    const cpu = starts.map((s) => s.cpuMs).filter((c): c is number => c !== null);
    console.log(`restart on the existing database, ${runs} runs: median ${median(wall)} ms, max ${Math.max(...wall)} ms to the first 200 (${wall.join(', ')})`);
    if (cpu.length) console.log(`  CPU used by the server to its first 200: median ${median(cpu)} ms (${cpu.join(', ')}); on an idle machine the wall time is about this plus the waits (other work shares these cores)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
