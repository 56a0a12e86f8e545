/** SQL for the personal-data rule (shared/privacy.ts): what a dossier's history says about who handled it where. */
import type { Db } from '../db/types.ts';

export type PrivacyRepo = ReturnType<typeof privacyRepo>;

export function privacyRepo(db: Db) {
  // The departments a step was handed to, taken at or sent back from: a step sent back is "pending"
  // again in the steps table, but its department has had the dossier.
  const reached = db.prepare<{ id: number }, { department: string }>(
    `SELECT DISTINCT department FROM (
       SELECT json_extract(data, '$.to.department') AS department FROM dossier_events WHERE dossier_id = @id AND kind IN ('step_completed', 'step_returned')
       UNION SELECT json_extract(data, '$.from.department') FROM dossier_events WHERE dossier_id = @id AND kind = 'step_returned'
       UNION SELECT json_extract(data, '$.department') FROM dossier_events WHERE dossier_id = @id AND kind = 'step_accepted'
     ) WHERE department IS NOT NULL`,
  );
  // The counter's own acts on a dossier after intake: the supplement taken in, the result handed over, the withdrawal.
  const counterActors = db.prepare<[number], { actor_id: number }>(
    `SELECT DISTINCT actor_id FROM dossier_events WHERE dossier_id = ? AND actor_id IS NOT NULL AND kind IN ('supplement_received', 'returned', 'stopped')`,
  );
  return {
    reachedDepartments: (dossierId: number) => reached.all({ id: dossierId }).map((r) => r.department),
    counterActors: (dossierId: number) => counterActors.all(dossierId).map((r) => r.actor_id),
  };
}
