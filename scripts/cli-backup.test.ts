// serve's data directory and backup flags, the help of backup and restore, and serve itself: the
// schedule announced, its status readable, a second server on the same database refused.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDb } from '../test/helpers.ts';
import { runCli } from '../test/fixtures/cli.ts';
import { backupStatus } from '../server/backup/schedule.ts';
import { DEFAULT_BACKUP_EVERY_MS, makeConfig } from '../server/config.ts';
import { serveBackup, serveDatabase } from './cli-backup.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('serve: data directory and scheduled backups', () => {
  const env = { PATH: process.env.PATH };
  it('a data directory puts the database in it and turns hourly backups on; the demo keeps its place and none', () => {
    const data = serveDatabase({ 'data-dir': '/var/lib/motcua' }, env);
    expect(data).toEqual({ dbPath: '/var/lib/motcua/motcua.db', dataDir: '/var/lib/motcua' });
    expect(serveBackup({}, data)).toEqual({ dir: '/var/lib/motcua/backups', everyMs: DEFAULT_BACKUP_EVERY_MS, keep: { hourly: 24, daily: 14, monthly: 12 }, copyTo: [] });
    expect(serveDatabase({}, { ...env, MOTCUA_DATA: '/srv/m' }).dbPath).toBe('/srv/m/motcua.db');
    // --db and MOTCUA_DB win over MOTCUA_DATA; no data directory then, so no schedule unless asked.
    const byDb = serveDatabase({ db: '/tmp/x.db' }, { ...env, MOTCUA_DATA: '/srv/m' });
    expect(byDb).toEqual({ dbPath: '/tmp/x.db', dataDir: null });
    expect(serveBackup({}, byDb)).toBeNull();
    expect(serveDatabase({}, { ...env, MOTCUA_DB: '/tmp/y.db', MOTCUA_DATA: '/srv/m' }).dbPath).toBe('/tmp/y.db');
    expect(serveDatabase({}, env).dbPath).toMatch(/data\/motcua\.db$/);
    expect(serveBackup({ 'backup-every': '30m', 'backup-copy-to': ['/mnt/share'], 'keep-daily': '30' }, byDb)).toEqual({ dir: '/tmp/backups', everyMs: 1_800_000, keep: { hourly: 24, daily: 30, monthly: 12 }, copyTo: ['/mnt/share'] });
    expect(serveBackup({ 'backup-dir': '/backups' }, byDb)?.everyMs).toBe(DEFAULT_BACKUP_EVERY_MS);
    expect(serveBackup({ 'backup-every': 'off' }, data)).toBeNull();
  });

  it.each([
    [['serve', '--backup-every', '5s'], 'a period like 30m, 1h, 6h or 1d'],
    [['serve', '--backup-every', 'off', '--backup-dir', '/x'], 'need the schedule'],
    [['serve', '--db', '/tmp/a.db', '--data-dir', '/tmp/b'], 'give --db or --data-dir, not both'],
    [['serve', '--keep-hourly', '-1'], "Option '--keep-hourly"],
    [['serve', '--keep-monthly', 'x'], '--keep-monthly: a whole number'],
    [['restore'], 'give one backup file'],
    [['backup', 'somewhere'], 'the backup folder is given with --to DIR'],
  ])('refuses %j with exit 2', async (args, message) => {
    const r = await runCli(args, env);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('backup and restore have their help', async () => {
    expect((await runCli(['backup', '--help'])).stdout).toContain('VACUUM INTO');
    expect((await runCli(['help', 'restore'])).stdout).toContain('<database>.serving');
    expect((await runCli(['--help'])).stdout).toMatch(/motcua backup [^]*motcua restore FILE/);
  });

  it('serve announces its schedule, reads the backup age from the manifest, and a second server on the database is refused', async () => {
    const { db, path, cleanup } = freshDb();
    db.close();
    cleanups.push(cleanup);
    const dir = mkdtempSync(join(tmpdir(), 'motcua-serve-backups-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const backups = join(dir, 'backups');
    expect((await runCli(['backup', '--db', path, '--to', backups])).status).toBe(0);
    const { serve } = await import('../server/main.ts');
    const signalled = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
    const lines: string[] = [];
    const config = makeConfig({ host: '127.0.0.1', port: 0, dbPath: path, uiDir: '/nonexistent', backup: { dir: backups, everyMs: 3_600_000, keep: { hourly: 24, daily: 14, monthly: 12 }, copyTo: [] } });
    const running = await serve(config, undefined, (l) => lines.push(l));
    try {
      expect(lines).toContain(`  Backups every 1 h to ${backups} (verified; "motcua backup --help").`);
      expect(backupStatus().lastOkAt).not.toBeNull();
      expect(backupStatus().lastError).toBeNull();
      await expect(serve(makeConfig({ ...config, backup: null }), undefined, () => undefined)).rejects.toThrow(/another server \(or a restore\) is using .*: it holds .*\.serving/);
    } finally {
      await running.app.close();
      running.db.close();
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        for (const l of process.listeners(signal)) if (!signalled[signal].includes(l)) process.removeListener(signal, l);
      }
    }
    // Closed: the schedule stopped and the lock released (another server may start).
    expect(backupStatus()).toEqual({ lastOkAt: null, lastError: null, lastFile: null });
    const again = await serve(makeConfig({ ...config, backup: null }), undefined, () => undefined);
    await again.app.close();
    again.db.close();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const l of process.listeners(signal)) if (!signalled[signal].includes(l)) process.removeListener(signal, l);
    }
  }, 60_000);
});
