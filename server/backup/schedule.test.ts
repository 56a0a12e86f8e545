// The server's scheduled backups: each one `motcua backup --scheduled --json` in a child process (never
// on the server's event loop); the outcome logged and kept for /metrics and /api/health.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestApp, intake, testApp } from '../../test/helpers.ts';
import { runCli } from '../../test/fixtures/cli.ts';
import { readManifest } from './backup.ts';
import { DEFAULT_KEEP } from './generations.ts';
import { spawn } from 'node:child_process';
import { getPriority } from 'node:os';
import { type BackupScheduler, BACKUP_NICENESS, backupStatus, startBackupSchedule, yieldToServer } from './schedule.ts';

let t: TestApp | undefined;
let scheduler: BackupScheduler | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  await t?.close();
  t = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('scheduled backups', () => {
  it('run in a child process; a success and a failure are logged and seen in backupStatus()', async () => {
    t = await testApp();
    expect((await intake(t)).statusCode).toBe(201);
    const dir = mkdtempSync(join(tmpdir(), 'motcua-schedule-'));
    dirs.push(dir);
    const logged: [string, string][] = [];
    const schedule = { dir: join(dir, 'backups'), everyMs: 3_600_000, keep: DEFAULT_KEEP, copyTo: [] };
    expect(backupStatus()).toEqual({ lastOkAt: null, lastError: null, lastFile: null });
    scheduler = startBackupSchedule({ dbPath: t.path, schedule, log: (level, message) => void logged.push([level, message]) });
    const before = Date.now();
    // The event loop stays free while the child works: a timer set now fires long before it ends.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const ok = await scheduler.runNow();
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(5);
    expect(ok.lastError).toBeNull();
    expect(ok.lastOkAt!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    const [entry] = readManifest(schedule.dir).backups;
    expect(entry).toMatchObject({ kind: 'scheduled', dossiers: 1, verified: true });
    expect(ok.lastFile).toBe(join(schedule.dir, entry!.file));
    expect(backupStatus()).toEqual(ok);
    expect(logged).toEqual([['info', `backup: ${ok.lastFile} verified`]]);

    // The database's folder made unusable as a backup target: the next one fails, is logged, and shows.
    rmSync(schedule.dir, { recursive: true, force: true });
    writeFileSync(schedule.dir, 'not a folder');
    const failed = await scheduler.runNow();
    expect(failed.lastOkAt).toEqual(ok.lastOkAt);
    expect(failed.lastError).toMatch(/.+/);
    expect(logged[1]![0]).toBe('error');
    expect(logged[1]![1]).toMatch(/^backup FAILED: /);
    expect(backupStatus().lastError).toBe(failed.lastError);
    await scheduler.stop();
    scheduler = undefined;
    expect(backupStatus()).toEqual({ lastOkAt: null, lastError: null, lastFile: null });
  }, 60_000);

  it('stopped half-way (the server shutting down) leaves no file with a backup\'s name; the next backup clears the temporary one', async () => {
    t = await testApp();
    const dir = mkdtempSync(join(tmpdir(), 'motcua-schedule-'));
    dirs.push(dir);
    const schedule = { dir: join(dir, 'backups'), everyMs: 3_600_000, keep: DEFAULT_KEEP, copyTo: [] };
    scheduler = startBackupSchedule({ dbPath: t.path, schedule, log: () => undefined });
    const running = scheduler.runNow();
    // Stopped as soon as the snapshot has begun (its temporary file is there).
    const deadline = Date.now() + 30_000;
    while (!(existsSync(schedule.dir) && readdirSync(schedule.dir).some((f) => f.endsWith('.tmp'))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await scheduler.stop();
    scheduler = undefined;
    const stopped = await running;
    const listed = readManifest(schedule.dir).backups.map((b) => b.file);
    expect(readdirSync(schedule.dir).filter((f) => f.endsWith('.db') && !listed.includes(f))).toEqual([]);
    // Stopped: not an error to report (the schedule is gone with the server).
    expect(stopped.lastError).toBeNull();
    expect((await runCli(['backup', '--db', t.path, '--to', schedule.dir])).status).toBe(0);
    expect(readdirSync(schedule.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it('starts from the newest backup in the manifest (the backup age survives a restart)', async () => {
    t = await testApp();
    const dir = mkdtempSync(join(tmpdir(), 'motcua-schedule-'));
    dirs.push(dir);
    const schedule = { dir, everyMs: 3_600_000, keep: DEFAULT_KEEP, copyTo: [] };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ format: 1, backups: [{ file: 'motcua-2026-12-06T09-00-00+0700.db', takenAt: '2026-12-06T09:00:00+07:00' }, { file: 'motcua-2026-12-06T10-00-00+0700.db', takenAt: '2026-12-06T10:00:00+07:00' }] }));
    const runs: string[][] = [];
    scheduler = startBackupSchedule({ dbPath: t.path, schedule, log: () => undefined, run: async (args) => (runs.push(args), { ok: true, takenAt: '2026-12-06T11:00:00+07:00', file: 'x' }) });
    expect(backupStatus()).toEqual({ lastOkAt: new Date('2026-12-06T03:00:00Z'), lastError: null, lastFile: join(dir, 'motcua-2026-12-06T10-00-00+0700.db') });
    await scheduler.runNow();
    expect(runs[0]).toEqual(['backup', '--scheduled', '--json', '--db', t.path, '--to', dir, '--keep-hourly', '24', '--keep-daily', '14', '--keep-monthly', '12']);
    expect(backupStatus().lastOkAt).toEqual(new Date('2026-12-06T04:00:00Z'));
  });

  it('a backup process runs at a lower priority than the server (it yields the cores to the answers)', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], { stdio: 'ignore' });
    try {
      const before = getPriority(child.pid!);
      yieldToServer(child.pid);
      expect(getPriority(child.pid!)).toBe(Math.max(before, BACKUP_NICENESS));
    } finally {
      child.kill();
    }
  });
});
