// `motcua serve --training [--clock ISO]`: arguments checked in-process (cheap); the refusal to serve a
// database in the other mode checked as a real process, once each way, for its message and exit status.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freshDb, tempDbPath } from '../test/helpers.ts';
import { main } from './cli.ts';

const BIN = fileURLToPath(new URL('../bin/motcua.js', import.meta.url));

let cleanups: (() => void)[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const c of cleanups) c();
  cleanups = [];
});

/** Runs the command line in this process; its exit status and what it wrote to stderr. */
async function run(...args: string[]): Promise<{ status: number; stderr: string }> {
  const errors: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void errors.push(parts.join(' ')));
  vi.spyOn(console, 'log').mockImplementation(() => {});
  const status = await main(args, {});
  return { status, stderr: errors.join('\n') };
}

describe('motcua serve --training --clock', () => {
  it.each([
    [['--clock', '2026-11-25T08:00:00+07:00'], '--clock is for training mode only: add --training'],
    [['--training', '--clock', '2026-11-25T08:00:00'], '--clock must be a time in ISO 8601 with its offset'],
    [['--training', '--clock', 'monday'], '--clock must be a time in ISO 8601 with its offset, e.g. 2026-11-25T08:00:00+07:00; got "monday"'],
    [['--training', '--clock', '2026-13-01T08:00:00+07:00'], '--clock must be a time in ISO 8601'],
    [['--training', '--clock'], "Option '--clock <value>' argument missing"],
  ])('refuses %j with a clear message and exit 2, creating nothing', async (args, message) => {
    const { path, cleanup } = tempDbPath();
    cleanups.push(cleanup);
    const r = await run('serve', '--db', path, ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(existsSync(path), 'a refused command created a database').toBe(false);
  });

  it('documents the flags in serve --help', async () => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void out.push(parts.join(' ')));
    expect(await main(['serve', '--help'], {})).toBe(0);
    expect(out.join('\n')).toMatch(/--training[\s\S]*ĐÀO TẠO \/\s+TRAINING[\s\S]*--clock ISO/);
  });

  it('refuses to serve a live database with --training, and a training database without it (exit 2)', () => {
    const live = freshDb();
    const training = freshDb(undefined, { training: true });
    live.db.close();
    training.db.close();
    cleanups.push(live.cleanup, training.cleanup);
    const motcua = (...args: string[]) => spawnSync(process.execPath, [BIN, 'serve', '--port', '0', ...args], { encoding: 'utf8', timeout: 30_000 });

    const onLive = motcua('--training', '--clock', '2026-11-25T08:00:00+07:00', '--db', live.path);
    expect(onLive.status).toBe(2);
    expect(onLive.stderr).toContain(`motcua: ${live.path} is the centre's real (live) database: --training is refused`);

    const onTraining = motcua('--db', training.path);
    expect(onTraining.status).toBe(2);
    expect(onTraining.stderr).toContain(`motcua: ${training.path} is a TRAINING database (ĐÀO TẠO)`);
    expect(onTraining.stderr).toContain('Start it with --training');
  }, 60_000);
});
