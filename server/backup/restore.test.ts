// motcua restore: what it refuses (changing nothing), what it keeps aside, what it says.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestApp, intake, manualClock, testApp } from '../../test/helpers.ts';
import { runCli } from '../../test/fixtures/cli.ts';
import { listMigrations, openDb } from '../db/open.ts';
import { sha256File } from './files.ts';
import { takeBackup } from './backup.ts';
import { restoreBackup } from './restore.ts';
import { tryServeLock } from './serve-lock.ts';

const SCHEMA = listMigrations().length;
const mode = (path: string) => statSync(path).mode & 0o777;
const codes = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT code FROM dossiers ORDER BY id').all() as { code: string }[]).map((r) => r.code);
  } finally {
    db.close();
  }
};

let t: TestApp | undefined;
let dir: string;
let oldUmask: number;
beforeEach(() => {
  oldUmask = process.umask(0o022);
  dir = mkdtempSync(join(tmpdir(), 'motcua-restore-test-'));
});
afterEach(async () => {
  process.umask(oldUmask);
  await t?.close();
  t = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A centre with two dossiers backed up, then a third recorded after the backup (still in its -wal). */
async function backedUp() {
  t = await testApp();
  for (let i = 0; i < 2; i++) expect((await intake(t)).statusCode).toBe(201);
  const made = takeBackup(t.db, { dir: join(dir, 'backups'), kind: 'manual', clock: manualClock('2026-12-06T10:15:00+07:00'), programSchema: SCHEMA });
  const before = codes(made.path);
  expect((await intake(t)).statusCode).toBe(201);
  return { made, before, after: codes(t.path) };
}

describe('restore', () => {
  it('puts the backup in place (0600), keeps the replaced database aside with what its -wal held, and says what it restored', async () => {
    const { made, before, after } = await backedUp();
    expect(after.length).toBe(3);
    // The server is stopped: its connection closed (what a restore needs).
    const stopped = t!;
    t = undefined;
    await stopped.app.close();
    stopped.db.close();
    const target = stopped.path;
    // A fresh -wal with an uncheckpointed write, as a crash would leave it: the aside copy must keep it.
    const w = openDb(target);
    w.pragma('wal_autocheckpoint = 0');
    w.exec("INSERT INTO audit_log (at, staff_id, action) VALUES ('2026-12-06T10:20:00+07:00', NULL, 'after_backup')");
    const audit = (w.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    w.close();
    writeFileSync(`${target}-shm`, ''); // a stale -shm left behind
    const r = await runCli(['restore', made.path, '--db', target]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Restored ${made.path} to ${target} (mode 0600).`);
    expect(r.stdout).toMatch(/backup taken 2026-12-06T10:15:00\+07:00; schema \d+; 2 dossiers; \d+ history events, the last #\d+ at 2026-/);
    expect(r.stdout).toMatch(/the database it replaced is kept aside: .*test\.db\.replaced-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\+0700/);
    expect(codes(target)).toEqual(before);
    expect(mode(target)).toBe(0o600);
    expect(existsSync(`${target}-wal`)).toBe(false);
    const aside = readdirSync(join(target, '..')).filter((f) => f.startsWith('test.db.replaced-'));
    expect(aside.filter((f) => !f.endsWith('-shm') && !f.endsWith('-wal')).length).toBe(1);
    const kept = join(target, '..', aside.find((f) => !f.endsWith('-shm') && !f.endsWith('-wal'))!);
    expect(codes(kept)).toEqual(after);
    const keptDb = new Database(kept, { readonly: true });
    expect((keptDb.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(audit);
    keptDb.close();
    // The restored database opens and serves as any other.
    const reopened = openDb(target);
    expect(reopened.pragma('journal_mode', { simple: true })).toBe('wal');
    reopened.close();
    rmSync(join(target, '..'), { recursive: true, force: true });
  });

  it('refuses, changing nothing, while a server holds the database', async () => {
    const { made, after } = await backedUp();
    const lock = tryServeLock(t!.path, 'motcua serve');
    expect(lock).not.toBeNull();
    try {
      const sha = sha256File(t!.path);
      const r = await runCli(['restore', made.path, '--db', t!.path]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/not restored, nothing changed: a server is using .*test\.db \(it holds .*test\.db\.serving\): stop it first/);
      expect(sha256File(t!.path)).toBe(sha);
      expect(codes(t!.path)).toEqual(after);
      expect(readdirSync(join(t!.path, '..')).filter((f) => f.includes('replaced'))).toEqual([]);
      // A second server is refused the same way.
      expect(tryServeLock(t!.path, 'another')).toBeNull();
    } finally {
      lock!.release();
    }
    expect(tryServeLock(t!.path, 'after')?.release()).toBeUndefined();
    // A server on a new data directory: the lock makes its folder, 0700.
    const fresh = tryServeLock(join(dir, 'var', 'motcua', 'motcua.db'), 'motcua serve');
    expect(fresh).not.toBeNull();
    fresh!.release();
    expect(mode(join(dir, 'var', 'motcua'))).toBe(0o700);
  });

  it('refuses a file that does not verify, one newer than this program, and one changed since its manifest', async () => {
    const { made } = await backedUp();
    const target = join(dir, 'restored.db');
    // Not a database.
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'SQLite format 3\0 but nothing else of one, padded out to look a little longer than a header');
    let r = await runCli(['restore', junk, '--db', target]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not restored, nothing changed: .*junk\.db (is not a sound SQLite database|cannot be opened|fails SQLite's integrity check)/);
    // A newer schema.
    const newer = join(dir, 'newer.db');
    copyFileSync(made.path, newer);
    const n = new Database(newer);
    n.pragma(`user_version = ${SCHEMA + 1}`);
    n.close();
    r = await runCli(['restore', newer, '--db', target]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`is at schema version ${SCHEMA + 1}, newer than this program (${SCHEMA}): upgrade MotCua first`);
    // Its history edited (the triggers dropped in the copy).
    const forged = join(dir, 'forged.db');
    copyFileSync(made.path, forged);
    const f = new Database(forged);
    for (const { name } of f.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'dossier_events'").all() as { name: string }[]) f.exec(`DROP TRIGGER "${name}"`);
    f.prepare("UPDATE dossier_events SET at = '2026-01-01T00:00:00+07:00' WHERE id = 1").run();
    f.close();
    r = await runCli(['restore', forged, '--db', target]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/event #1 .*the event was edited/);
    // Changed after it was backed up: its sha256 no longer the manifest's.
    const b = new Database(made.path);
    b.exec('CREATE TABLE extra (x)');
    b.close();
    r = await runCli(['restore', made.path, '--db', target]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/has changed since it was backed up/);
    expect(existsSync(target)).toBe(false);
    expect((await runCli(['restore', '--db', target])).status).toBe(2);
    // The database itself given as the backup: refused before anything is moved.
    r = await runCli(['restore', t!.path, '--db', t!.path]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is the database itself');
    expect(existsSync(t!.path)).toBe(true);
  });

  it('restores into a new path and says there was nothing before', async () => {
    const { made, before } = await backedUp();
    const target = join(dir, 'elsewhere', 'motcua.db');
    const report = restoreBackup(made.path, target, { programSchema: SCHEMA, clock: manualClock('2026-12-06T11:00:00+07:00') });
    expect(report.putAside).toEqual([]);
    expect(report.facts.dossiers).toBe(2);
    expect(codes(target)).toEqual(before);
    expect(mode(join(dir, 'elsewhere'))).toBe(0o700);
  });
});
