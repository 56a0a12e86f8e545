// Where the files live and who can read them: every database file MotCua creates or opens is 0600
// (with its -wal and -shm), under a umask that would make them 0644; an existing 0644 one is
// tightened, and said so once; a data directory is created 0700; a database at an older schema is
// backed up (and the backup verified) before a migration touches it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestApp, intake, testApp } from '../../test/helpers.ts';
import { runCli } from '../../test/fixtures/cli.ts';
import { readManifest } from '../backup/backup.ts';
import { dataDirPaths } from '../config.ts';
import { listMigrations, openDb, schemaVersion } from './open.ts';

const mode = (path: string) => statSync(path).mode & 0o777;
const SCHEMA = listMigrations().length;

let dir: string;
let oldUmask: number;
let t: TestApp | undefined;
beforeEach(() => {
  oldUmask = process.umask(0o022);
  dir = mkdtempSync(join(tmpdir(), 'motcua-private-'));
});
afterEach(async () => {
  process.umask(oldUmask);
  await t?.close();
  t = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('private database files', () => {
  it('a new database, its -wal and -shm are 0600 and its new folder 0700, under umask 022', () => {
    const path = join(dir, 'new', 'motcua.db');
    const notices: string[] = [];
    const db = openDb(path, { notice: (l) => notices.push(l) });
    db.exec('CREATE TABLE x (y)');
    expect(existsSync(`${path}-wal`)).toBe(true);
    for (const f of [path, `${path}-wal`, `${path}-shm`]) expect(mode(f), f).toBe(0o600);
    expect(mode(join(dir, 'new'))).toBe(0o700);
    expect(notices).toEqual([]);
    db.close();
  });

  it('an existing 0644 database and its -wal and -shm are tightened when opened, said once', () => {
    const path = join(dir, 'old.db');
    // As earlier versions left it: made by SQLite under umask 022, the -wal kept by a crash.
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE x (y)');
    for (const f of [path, `${path}-wal`, `${path}-shm`]) chmodSync(f, 0o644);
    const notices: string[] = [];
    const db = openDb(path, { migrate: false, notice: (l) => notices.push(l) });
    old.close();
    for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) expect(mode(f), f).toBe(0o600);
    expect(notices).toEqual([`Made ${path}, ${path}-wal, ${path}-shm readable by this account only (mode 0600): the database holds personal data.`]);
    db.close();
    const again: string[] = [];
    openDb(path, { migrate: false, notice: (l) => again.push(l) }).close();
    expect(again).toEqual([]);
  });

  it('MOTCUA_DATA: the database is DATA/motcua.db in a new 0700 folder; --db still wins', async () => {
    const data = join(dir, 'var', 'lib', 'motcua');
    const env = { ...process.env, MOTCUA_DATA: data, MOTCUA_DB: '' };
    delete (env as Record<string, string | undefined>).MOTCUA_DB;
    const r = await runCli(['counters', 'add', 'Q1', '--name', 'Quầy 1'], env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Created database ${dataDirPaths(data).dbPath}`);
    expect(mode(data)).toBe(0o700);
    expect(mode(join(data, 'motcua.db'))).toBe(0o600);
    const elsewhere = join(dir, 'elsewhere.db');
    expect((await runCli(['counters', 'add', 'Q1', '--name', 'Quầy 1', '--db', elsewhere], env)).status).toBe(0);
    expect(existsSync(elsewhere)).toBe(true);
    // A backup into the data directory's backups/, 0700.
    const b = await runCli(['backup'], env);
    expect(b.status, b.stderr).toBe(0);
    expect(mode(join(data, 'backups'))).toBe(0o700);
    expect(readManifest(join(data, 'backups')).backups).toHaveLength(1);
  });

  it('the TLS keys stay 0600 under umask 022 (server/tls/store.ts)', async () => {
    const { writeTlsFiles } = await import('../tls/store.ts');
    const tls = join(dir, 'tls');
    writeTlsFiles(tls, { serverKey: 'key', serverCert: 'cert' });
    expect(mode(join(tls, 'server.key'))).toBe(0o600);
    expect(mode(tls)).toBe(0o700);
    // An empty file to be sure a pre-existing key file keeps the mode too.
    closeSync(openSync(join(tls, 'ca.key'), 'w', 0o644));
    writeTlsFiles(tls, { caKey: 'k' });
    expect(mode(join(tls, 'ca.key'))).toBe(0o600);
  });
});

describe('a backup before every migration', () => {
  it('a database at an older schema is backed up and verified before the pending migrations apply, and says where', async () => {
    t = await testApp();
    for (let i = 0; i < 3; i++) expect((await intake(t)).statusCode).toBe(201);
    const path = t.path;
    const closing = t;
    t = undefined;
    await closing.app.close();
    closing.db.close();
    chmodSync(path, 0o600);
    // This program's migrations and one more: the database is one schema behind, whatever the newest is.
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations);
    for (const m of listMigrations()) writeFileSync(join(migrations, m.name), m.sql);
    const NEXT = SCHEMA + 1;
    writeFileSync(join(migrations, `${String(NEXT).padStart(3, '0')}-test-next.sql`), 'ALTER TABLE centre ADD COLUMN test_next TEXT;');
    const notices: string[] = [];
    const db = openDb(path, { notice: (l) => notices.push(l), migrationsDir: migrations });
    try {
      expect(schemaVersion(db)).toBe(NEXT);
      const backups = join(path, '..', 'backups');
      const files = readdirSync(backups).filter((f) => f.endsWith('.db'));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(new RegExp(`^motcua-.*\\+0700-schema${SCHEMA}-pre-migration\\.db$`));
      expect(notices).toEqual([expect.stringMatching(new RegExp(`^Backed up .*test\\.db \\(schema ${SCHEMA}\\) to .*${files[0]!.replace('+', '\\+')} before applying migrations ${NEXT}–${NEXT} \\(verified: 3 dossiers, last event #\\d+\\)\\.$`))]);
      expect(readManifest(backups).backups).toEqual([expect.objectContaining({ file: files[0], kind: 'pre-migration', schema: SCHEMA, dossiers: 3, verified: true, stateChecked: false })]);
      expect(mode(join(backups, files[0]!))).toBe(0o600);
      // The backup is the old schema, whole.
      const old = new Database(join(backups, files[0]!), { readonly: true });
      expect(old.pragma('user_version', { simple: true })).toBe(SCHEMA);
      expect(old.prepare("SELECT count(*) AS n FROM pragma_table_info('centre') WHERE name = 'test_next'").get()).toEqual({ n: 0 });
      old.close();
    } finally {
      db.close();
      rmSync(join(path, '..'), { recursive: true, force: true });
    }
    // Opening again: nothing pending, no second backup.
    const fresh = join(dir, 'fresh.db');
    const none: string[] = [];
    openDb(fresh, { notice: (l) => none.push(l) }).close();
    openDb(fresh, { notice: (l) => none.push(l) }).close();
    expect(none).toEqual([]);
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });
});
