import Database from 'better-sqlite3';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../config.ts';

export type Db = Database.Database;

// From the checkout's root, so the compiled start-up file (dist/node/cli.mjs) finds them too.
const MIGRATIONS_DIR = join(PROJECT_ROOT, 'server', 'db', 'migrations');

/**
 * Opens (creating if needed) a centre database with the pragmas every connection needs, and applies
 * pending migrations. Nothing opens a database at import time.
 */
export function openDb(path: string, options: { migrate?: boolean } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // WAL: kiosk reads never wait for an intake write. synchronous=FULL: an acknowledged intake survives
  // a power cut (a receipt has been printed for it); the cost is ~9k commits/s here, far above need.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Several processes may share the file (the server and an admin's `motcua users add`).
  db.pragma('busy_timeout = 5000');
  if (options.migrate ?? true) migrate(db);
  return db;
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
