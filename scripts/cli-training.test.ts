// `motcua serve --training [--clock ISO]`: arguments checked in-process (cheap); the refusal to serve a
// database in the other mode checked as a real process, once each way, for its message and exit status.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDb, tempDbPath } from '../test/helpers.ts';
import { runCli, spawnCli } from '../test/fixtures/cli.ts';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

/** Runs the command line in this process, with an empty environment. */
const run = (...args: string[]) => runCli(args, {});

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
    const r = await run('serve', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--training[\s\S]*ĐÀO TẠO \/\s+TRAINING[\s\S]*--clock ISO/);
  });

  it('refuses to serve a live database with --training, and a training database without it (exit 2)', () => {
    const live = freshDb();
    const training = freshDb(undefined, { training: true });
    live.db.close();
    training.db.close();
    cleanups.push(live.cleanup, training.cleanup);
    const motcua = (...args: string[]) => spawnCli(['serve', '--port', '0', ...args]);

    const onLive = motcua('--training', '--clock', '2026-11-25T08:00:00+07:00', '--db', live.path);
    expect(onLive.status).toBe(2);
    expect(onLive.stderr).toContain(`motcua: ${live.path} is the centre's real (live) database: --training is refused`);

    const onTraining = motcua('--db', training.path);
    expect(onTraining.status).toBe(2);
    expect(onTraining.stderr).toContain(`motcua: ${training.path} is a TRAINING database (ĐÀO TẠO)`);
    expect(onTraining.stderr).toContain('Start it with --training');
  }, 60_000);
});
