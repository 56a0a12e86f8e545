/** The queries /api/health asks the database (SQL only here, as in every area). */
import type { Db } from '../db/open.ts';
import { schemaVersion } from '../db/open.ts';

export function opsRepo(db: Db) {
  const ping = db.prepare('SELECT 1 AS ok').pluck();
  return {
    /** A query answers: 1, or it throws (the file gone, locked beyond the timeout, corrupt). */
    ping: () => ping.get() as number,
    schemaVersion: () => schemaVersion(db),
  };
}
