/** SQL for the answers kept under an Idempotency-Key (migration 017). */
import type { Db } from '../db/types.ts';

export interface KeptAnswerRow {
  request: string;
  fingerprint: string;
  status: number;
  headers: string;
  body: string;
  created_at: string;
}

export type IdempotencyRepo = ReturnType<typeof idempotencyRepo>;

export function idempotencyRepo(db: Db) {
  const find = db.prepare<{ staff_id: number; key: string }, KeptAnswerRow>(
    'SELECT request, fingerprint, status, headers, body, created_at FROM idempotency_keys WHERE staff_id = @staff_id AND key = @key',
  );
  const insert = db.prepare(
    `INSERT INTO idempotency_keys (staff_id, key, request, fingerprint, status, headers, body, created_at)
     VALUES (@staff_id, @key, @request, @fingerprint, @status, @headers, @body, @created_at)`,
  );
  const purge = db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?');
  return {
    find: (staffId: number, key: string) => find.get({ staff_id: staffId, key }),
    insert: (row: KeptAnswerRow & { staff_id: number; key: string }) => insert.run(row),
    /** Forgets the answers kept before `before` (ISO +07:00); returns how many. */
    purge: (before: string) => purge.run(before).changes,
  };
}
