/**
 * SQL for what the reports print beyond the supervision service's figures: each apology with its
 * reason and new date (the history event holds them), and citizens' ratings per department.
 * Times are compared as text: every stored time is ISO 8601 with the same +07:00 offset.
 */
import type { Db } from '../db/types.ts';
import type { RatingLevel } from '../../shared/kiosk.ts';

export interface ApologyDb {
  code: string;
  procedure_name: string;
  department_code: string | null;
  step_name: string | null;
  at: string;
  by_name: string | null;
  reason: string | null;
  original_due_at: string | null;
  previous_due_at: string | null;
  new_due_at: string | null;
}

export type ReportRepo = ReturnType<typeof reportRepo>;

export function reportRepo(db: Db) {
  const apologies = db.prepare<{ from: string; to: string }, ApologyDb>(
    `SELECT d.code, d.procedure_name, json_extract(e.data, '$.departmentCode') AS department_code, s.name AS step_name,
            e.at, st.display_name AS by_name, json_extract(e.data, '$.reason') AS reason,
            json_extract(e.data, '$.originalDueAt') AS original_due_at, json_extract(e.data, '$.previousDueAt') AS previous_due_at,
            json_extract(e.data, '$.newDueAt') AS new_due_at
     FROM dossier_events e
     JOIN dossiers d ON d.id = e.dossier_id
     LEFT JOIN dossier_steps s ON s.dossier_id = e.dossier_id AND s.seq = json_extract(e.data, '$.seq')
     LEFT JOIN staff st ON st.id = e.actor_id
     WHERE e.kind = 'apologized' AND e.at >= @from AND e.at < @to
     ORDER BY e.at, e.id`,
  );
  // A rating judges the whole service; each department that handled a step of the dossier is
  // answerable for it, so one rating counts for every department on the dossier's path, once however
  // many of its steps that department had. From the ratings of the period to their dossiers' steps (a
  // DISTINCT over every step of every dossier first read all of them: 0.4 s a week on a busy year).
  const ratings = db.prepare<{ from: string; to: string }, { department_code: string; level: RatingLevel; n: number }>(
    `SELECT s.department_code, r.level, count(DISTINCT r.id) AS n
     FROM ratings r JOIN dossier_steps s ON s.dossier_id = r.dossier_id
     WHERE r.at >= @from AND r.at < @to
     GROUP BY s.department_code, r.level`,
  );
  return {
    /** Apologies made in [from, to) (ISO +07:00), oldest first. */
    apologies: (from: string, to: string) => apologies.all({ from, to }),
    /** Ratings given in [from, to), per department on the rated dossier's path and level. */
    ratingsByDepartment: (from: string, to: string) => ratings.all({ from, to }),
  };
}
