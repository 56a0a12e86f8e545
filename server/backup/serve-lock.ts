/**
 * The running server's claim on its database: `motcua serve` holds an exclusive SQLite lock on
 * `<database>.serving` (a small SQLite file beside it) for as long as it runs. The operating system
 * releases the lock when the process ends, however it ends (Ctrl+C, kill -9, a crash), so a lock
 * never goes stale. `motcua restore` refuses while the lock is held, and holds it itself while it
 * swaps the files, so no server can start on a half-restored database; a second server on the same
 * database is refused too.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { PRIVATE_FILE, makePrivateDir } from './files.ts';
import { holdExclusiveLock } from './repo.ts';

export function serveLockPath(dbPath: string): string {
  return `${dbPath}.serving`;
}

export interface ServeLock {
  release(): void;
}

/** Takes the lock, or returns null when another process (or connection) holds it. */
export function tryServeLock(dbPath: string, holder: string): ServeLock | null {
  const path = serveLockPath(dbPath);
  // A new data directory: the lock comes before the database, so its folder is made here (0700).
  makePrivateDir(dirname(path));
  if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE));
  const db = new Database(path, { timeout: 0 });
  try {
    holdExclusiveLock(db, { pid: process.pid, what: holder, since: new Date().toISOString() });
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return null;
    throw e;
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      db.close();
    },
  };
}
