import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { takeBackup } from '../backup/backup.ts';
import { makePrivateDir, privateDbFiles } from '../backup/files.ts';
import { systemClock } from '../clock.ts';
import { PROJECT_ROOT } from '../config.ts';
import type { Db } from './types.ts';

// From the checkout's root, so the compiled start-up file (dist/node/cli.mjs) finds them too.
const MIGRATIONS_DIR = join(PROJECT_ROOT, 'server', 'db', 'migrations');

export interface OpenOptions {
  readonly migrate?: boolean;
  /** Where the backup taken before pending migrations goes; default `backups/` beside the database. */
  readonly backupDir?: string | null;
  /** Where to say that a file was made private or a backup taken before migrating (default: stderr). */
  readonly notice?: (line: string) => void;
  /** The migrations to apply (tests give a folder with one more than the program has). */
  readonly migrationsDir?: string;
}

/** The folder for backups when none is configured: `backups/` beside the database. */
export function defaultBackupDir(dbPath: string): string {
  return join(dirname(dbPath), 'backups');
}

/**
 * Opens (creating if needed) a centre database with the pragmas every connection needs, and applies
 * pending migrations, after a verified backup when the database already holds a schema. The file and
 * its -wal and -shm are readable by this account only (0600): a new one is created so before SQLite
 * opens it, an existing one is tightened (and said so). Nothing opens a database at import time.
 */
export function openDb(path: string, options: OpenOptions = {}): Db {
  const notice = options.notice ?? ((line: string) => console.error(line));
  let existed = false;
  if (path !== ':memory:') {
    makePrivateDir(dirname(path));
    existed = existsSync(path) && statSync(path).size > 0;
    const tightened = privateDbFiles(path);
    if (tightened.length) notice(`Made ${tightened.join(', ')} readable by this account only (mode 0600): the database holds personal data.`);
  }
  const db = new Database(path);
  // WAL: kiosk reads never wait for an intake write. synchronous=FULL: an acknowledged intake survives
  // a power cut (a receipt has been printed for it); the cost is ~9k commits/s here, far above need.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Several processes may share the file (the server and an admin's `motcua users add`).
  db.pragma('busy_timeout = 5000');
  if (options.migrate ?? true) {
    try {
      const dir = options.migrationsDir ?? MIGRATIONS_DIR;
      if (existed) backUpBeforeMigrating(db, path, options.backupDir ?? defaultBackupDir(path), notice, dir);
      migrate(db, dir);
    } catch (e) {
      db.close();
      throw e;
    }
  }
  return db;
}

/** A database at an older schema is backed up (and the backup verified) before any migration touches it. */
function backUpBeforeMigrating(db: Db, path: string, dir: string, notice: (line: string) => void, migrationsDir: string): void {
  const current = schemaVersion(db);
  const target = listMigrations(migrationsDir).length;
  if (current === 0 || current >= target) return;
  const made = takeBackup(db, { dir, kind: 'pre-migration', clock: systemClock, programSchema: target, preMigrationOf: current });
  notice(`Backed up ${path} (schema ${current}) to ${made.path} before applying migrations ${current + 1}–${target} (verified: ${made.entry.dossiers} dossiers, last event #${made.entry.lastEvent?.id ?? '-'}).`);
}

interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  return files.map((name, i) => {
    const version = Number(/^(\d{3})-/.exec(name)?.[1]);
    // Forward-only and numbered without holes: a missing file would silently skip part of the schema.
    if (version !== i + 1) throw new Error(`migration ${name} is out of sequence (expected ${String(i + 1).padStart(3, '0')}-…)`);
    return { version, name, sql: readFileSync(join(dir, name), 'utf8') };
  });
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies each pending migration in its own transaction, recording it in PRAGMA user_version. */
export function migrate(db: Db, dir = MIGRATIONS_DIR): number {
  const migrations = listMigrations(dir);
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new Error(`the database is at schema version ${current}, newer than this program (${migrations.length}); upgrade MotCua`);
  }
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return schemaVersion(db);
}
