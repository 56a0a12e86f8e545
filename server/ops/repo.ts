/** The queries /api/health asks the database (SQL only here, as in every area). */
import type { Db } from '../db/types.ts';

export function opsRepo(db: Db) {
  // Prepared once: db.pragma() prepares a statement at every call (16 µs of a health check's ~40).
  const userVersion = db.prepare('PRAGMA user_version').pluck();
  return {
    /**
     * The schema version, read from the file: a query that answers (or throws: the file gone, locked
     * beyond the timeout, corrupt, the connection closed).
     */
    schemaVersion: () => userVersion.get() as number,
  };
}
