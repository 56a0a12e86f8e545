/**
 * SQL for backups: the snapshot itself, and the exclusive locks on small SQLite files that keep two
 * backups (or a server and a restore) apart. A lock is released by the system when its process ends.
 */
import type { Db } from '../db/types.ts';

/** A consistent copy of the whole database, from one read transaction, into an empty file. */
export function vacuumInto(db: Db, path: string): void {
  db.prepare('VACUUM INTO ?').run(path);
}

/**
 * Takes an exclusive lock on a lock file's connection and keeps it until the connection closes
 * (EXCLUSIVE locking mode keeps it after the write commits). Throws SQLITE_BUSY when another holds it
 * (after the connection's busy timeout).
 */
export function holdExclusiveLock(lock: Db, holder: { pid: number; what: string; since: string }): void {
  lock.pragma('locking_mode = EXCLUSIVE');
  // No -journal file left beside the lock for its one small write.
  lock.pragma('journal_mode = MEMORY');
  lock.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, what TEXT NOT NULL, since TEXT NOT NULL)');
  lock.transaction(() => {
    lock.exec('DELETE FROM holder');
    lock.prepare('INSERT INTO holder (pid, what, since) VALUES (@pid, @what, @since)').run(holder);
  }).exclusive();
}
