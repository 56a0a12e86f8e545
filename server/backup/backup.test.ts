// Backups taken in this process (the CLI's and the schedule's code path): verified, private, listed in
// the manifest with a checksum, pruned by generations, copied to a second folder; and a backup that
// does not verify is deleted and reported.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestApp, freshDb, intake, manualClock, testApp } from '../../test/helpers.ts';
import { runCli } from '../../test/fixtures/cli.ts';
import { listMigrations } from '../db/open.ts';
import { BackupError, MANIFEST, type Manifest, readManifest, takeBackup, verifySnapshot } from './backup.ts';
import { sha256File } from './files.ts';

const mode = (path: string) => statSync(path).mode & 0o777;
const SCHEMA = listMigrations().length;

let t: TestApp | undefined;
let dir: string;
let oldUmask: number;
beforeEach(() => {
  oldUmask = process.umask(0o022);
  dir = mkdtempSync(join(tmpdir(), 'motcua-backup-test-'));
});
afterEach(async () => {
  process.umask(oldUmask);
  await t?.close();
  t = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function withDossiers(n: number): Promise<TestApp> {
  t = await testApp();
  for (let i = 0; i < n; i++) expect((await intake(t)).statusCode).toBe(201);
  return t;
}

describe('takeBackup', () => {
  it('writes a verified 0600 snapshot into a 0700 folder, listed in the manifest with its checksum, last event and link', async () => {
    const app = await withDossiers(3);
    const clock = manualClock('2026-12-06T10:15:00+07:00');
    const to = join(dir, 'backups');
    const made = takeBackup(app.db, { dir: to, kind: 'manual', clock, programSchema: SCHEMA });
    expect(made.path).toBe(join(to, 'motcua-2026-12-06T10-15-00+0700.db'));
    expect(mode(to)).toBe(0o700);
    expect(mode(made.path)).toBe(0o600);
    expect(mode(join(to, MANIFEST))).toBe(0o600);
    const last = app.db.prepare('SELECT event_id, hash FROM dossier_event_chain ORDER BY event_id DESC LIMIT 1').get() as { event_id: number; hash: string };
    expect(made.entry).toMatchObject({ file: 'motcua-2026-12-06T10-15-00+0700.db', kind: 'manual', schema: SCHEMA, dossiers: 3, verified: true, stateChecked: true, takenAt: '2026-12-06T10:15:00+07:00', lastEvent: { id: last.event_id, link: last.hash } });
    expect(made.entry.sha256).toBe(sha256File(made.path));
    expect(readManifest(to).backups).toEqual([made.entry]);
    // The snapshot is a whole database on its own: no -wal beside it, the same dossiers.
    expect(readdirSync(to).filter((f) => f.endsWith('-wal') || f.endsWith('.tmp'))).toEqual([]);
    const copy = new Database(made.path, { readonly: true });
    expect(copy.prepare('SELECT code FROM dossiers ORDER BY id').all()).toEqual(app.db.prepare('SELECT code FROM dossiers ORDER BY id').all());
    copy.close();
    // A second one in the same second gets its own name.
    expect(takeBackup(app.db, { dir: to, kind: 'manual', clock, programSchema: SCHEMA }).entry.file).toBe('motcua-2026-12-06T10-15-00+0700-2.db');
  });

  it('deletes a snapshot that fails verification and says why', async () => {
    const app = await withDossiers(2);
    // Someone with the file edits an event behind the triggers' back: the history no longer holds.
    for (const { name } of app.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'dossier_events'").all() as { name: string }[]) app.db.exec(`DROP TRIGGER "${name}"`);
    app.db.prepare("UPDATE dossier_events SET kind = 'forged' WHERE id = 1").run();
    const to = join(dir, 'backups');
    expect(() => takeBackup(app.db, { dir: to, kind: 'manual', clock: manualClock('2026-12-06T10:15:00+07:00'), programSchema: SCHEMA })).toThrow(
      /failed verification and was deleted: .*event #1 .*edited/,
    );
    expect(readdirSync(to).filter((f) => f.endsWith('.db') || f.endsWith('.tmp'))).toEqual([]);
    expect(readManifest(to).backups).toEqual([]);
  });

  it('refuses a snapshot whose last event has another link in the source (not this database\'s history)', async () => {
    const app = await withDossiers(2);
    const made = takeBackup(app.db, { dir: join(dir, 'a'), kind: 'manual', clock: manualClock('2026-12-06T10:15:00+07:00'), programSchema: SCHEMA });
    const other = freshDb();
    try {
      expect(() => verifySnapshot(made.path, { programSchema: SCHEMA, source: other.db })).toThrow(/last event #\d+ has the link .* the database has no such event/);
      expect(verifySnapshot(made.path, { programSchema: SCHEMA, source: app.db }).dossiers).toBe(2);
      expect(() => verifySnapshot(made.path, { programSchema: SCHEMA - 1 })).toThrow(/newer than this program/);
    } finally {
      other.cleanup();
    }
  });

  it('keeps generations of the scheduled backups: the newest of each hour, day and month; never a pre-migration nor an administrator\'s own backup', async () => {
    const app = await withDossiers(1);
    const to = join(dir, 'backups');
    const clock = manualClock('2026-12-01T08:05:00+07:00');
    const keep = { hourly: 2, daily: 2, monthly: 1 };
    takeBackup(app.db, { dir: to, kind: 'pre-migration', clock, programSchema: SCHEMA, preMigrationOf: SCHEMA, keep });
    // An administrator's backup (before an upgrade, say) in the same hour as scheduled ones: kept.
    clock.set('2026-12-03T10:20:00+07:00');
    takeBackup(app.db, { dir: to, kind: 'manual', clock, programSchema: SCHEMA, keep });
    const names: string[] = [];
    for (const when of ['2026-12-01T09:05:00+07:00', '2026-12-02T09:05:00+07:00', '2026-12-03T09:05:00+07:00', '2026-12-03T10:05:00+07:00', '2026-12-03T10:35:00+07:00']) {
      clock.set(when);
      names.push(takeBackup(app.db, { dir: to, kind: 'scheduled', clock, programSchema: SCHEMA, keep }).entry.file);
    }
    const files = readdirSync(to).filter((f) => f.endsWith('.db')).sort();
    expect(files).toEqual([
      `motcua-2026-12-01T08-05-00+0700-schema${SCHEMA}-pre-migration.db`,
      'motcua-2026-12-02T09-05-00+0700.db', // day 2
      'motcua-2026-12-03T09-05-00+0700.db', // hour 9 of day 3
      'motcua-2026-12-03T10-20-00+0700.db', // the administrator's
      'motcua-2026-12-03T10-35-00+0700.db', // hour 10, day 3, month 12
    ]);
    expect(readManifest(to).backups.map((b) => b.file).sort()).toEqual(files);
  });

  it('copies to a second folder with its own manifest; a failed copy is reported and the local backup stays', async () => {
    const app = await withDossiers(1);
    const to = join(dir, 'backups');
    const second = join(dir, 'second-disk', 'motcua');
    const notAFolder = join(dir, 'share');
    writeFileSync(notAFolder, 'a file where the share should be mounted');
    const made = takeBackup(app.db, { dir: to, kind: 'manual', clock: manualClock('2026-12-06T10:15:00+07:00'), programSchema: SCHEMA, copyTo: [second, notAFolder] });
    expect(made.copies[0]).toEqual({ dir: second, ok: true });
    expect(made.copies[1]).toMatchObject({ dir: notAFolder, ok: false });
    expect(made.copies[1]!.error).toMatch(/EEXIST|ENOTDIR|not a directory/i);
    const copied = join(second, made.entry.file);
    expect(sha256File(copied)).toBe(made.entry.sha256);
    expect(mode(copied)).toBe(0o600);
    expect(mode(second)).toBe(0o700);
    expect((JSON.parse(readFileSync(join(second, MANIFEST), 'utf8')) as Manifest).backups).toEqual([made.entry]);
    expect(existsSync(made.path)).toBe(true);
  });

  it('motcua backup prints what it verified; exit 1 with the reason when the copy fails; exit 2 on bad flags', async () => {
    const app = await withDossiers(2);
    const to = join(dir, 'b');
    const ok = await runCli(['backup', '--db', app.path, '--to', to, '--keep-hourly', '5']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^Backed up .* to .*motcua-.*\+0700\.db in [\d.]+ s/);
    expect(ok.stdout).toMatch(/Verified: integrity ok; schema \d+; 2 dossiers; the history chain holds \(\d+ events\) and the dossiers agree with it; last event #\d+/);
    const share = join(dir, 'share');
    writeFileSync(share, 'x');
    const failed = await runCli(['backup', '--db', app.path, '--to', to, '--copy-to', share]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/the backup is kept at .*, but the copy to .*share failed/);
    expect((await runCli(['backup', '--db', app.path, '--keep-daily', 'many'])).status).toBe(2);
    const none = await runCli(['backup', '--db', join(dir, 'absent.db')]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('no database at');
    expect(existsSync(join(dir, 'absent.db'))).toBe(false);
  });

  it('BackupError is what a failed verification throws', () => {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database at all, just text that is long enough to look like a header…');
    expect(() => verifySnapshot(junk, { programSchema: SCHEMA })).toThrow(BackupError);
  });
});
