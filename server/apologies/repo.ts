/** SQL for the public apology board: the `apologized` events of the dossiers' history, read only. */
import type { Db } from '../db/types.ts';

/** One apology as the board shows it: nothing here names or finds the applicant. */
export interface PublicApologyRow {
  at: string;
  department: string | null;
  procedure_name: string;
  reason: string | null;
  original_due_at: string | null;
  new_due_at: string | null;
  fictional: number;
}

export type ApologyRepo = ReturnType<typeof apologyRepo>;

export function apologyRepo(db: Db) {
  // Times are stored as ISO 8601 with +07:00 to the second, so a string comparison is a time comparison
  // (and uses the index on (kind, at) from migration 008). The department is the one named in the event
  // (the step's department when the apology was made); its code finds the name if an old event lacks it.
  const window = `FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
     WHERE e.kind = 'apologized' AND e.at >= @since AND e.at <= @now`;
  const page = db.prepare<{ since: string; now: string; limit: number; offset: number }, PublicApologyRow>(
    `SELECT e.at,
            coalesce(json_extract(e.data, '$.department'),
                     (SELECT name FROM departments WHERE code = json_extract(e.data, '$.departmentCode'))) AS department,
            d.procedure_name,
            json_extract(e.data, '$.reason') AS reason,
            coalesce(json_extract(e.data, '$.originalDueAt'), json_extract(e.data, '$.previousDueAt')) AS original_due_at,
            json_extract(e.data, '$.newDueAt') AS new_due_at,
            d.fictional
     ${window}
     ORDER BY e.at DESC, e.id DESC LIMIT @limit OFFSET @offset`,
  );
  const count = db.prepare<{ since: string; now: string }, { n: number }>(`SELECT count(*) AS n ${window}`);
  return {
    /** Apologies made from `since` to `now`, newest first. */
    page: (q: { since: string; now: string; limit: number; offset: number }) => page.all(q),
    count: (q: { since: string; now: string }) => count.get(q)?.n ?? 0,
  };
}
