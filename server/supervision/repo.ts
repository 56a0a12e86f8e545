/** SQL for the supervisor's watch list: open dossiers and the department that holds each. */
import type { Db } from '../db/open.ts';
import type { DossierStatus } from '../../shared/vocabulary.ts';

export interface WatchRowDb {
  code: string;
  procedure_code: string;
  procedure_name: string;
  applicant_name: string;
  status: DossierStatus;
  received_at: string;
  due_at: string;
  step_name: string | null;
  department_code: string | null;
  department_name: string | null;
}

// The holder of an open dossier is the department of its first unfinished step.
const HOLDER = `
  FROM dossiers d
  LEFT JOIN dossier_steps s ON s.dossier_id = d.id
    AND s.seq = (SELECT MIN(x.seq) FROM dossier_steps x WHERE x.dossier_id = d.id AND x.state <> 'done')
  LEFT JOIN departments dep ON dep.code = s.department_code
  WHERE d.status IN ('received', 'processing', 'awaiting_supplement')`;

export type SupervisionRepo = ReturnType<typeof supervisionRepo>;

export function supervisionRepo(db: Db) {
  const dueBy = db.prepare<{ until: string }, WatchRowDb>(
    `SELECT d.code, d.procedure_code, d.procedure_name, d.applicant_name, d.status, d.received_at, d.due_at,
            s.name AS step_name, s.department_code, dep.name AS department_name
     ${HOLDER} AND d.status <> 'awaiting_supplement' AND d.due_at <= @until ORDER BY d.due_at, d.code`,
  );
  const openByDepartment = db.prepare<[], { department_code: string | null; department_name: string | null; open: number }>(
    `SELECT s.department_code, dep.name AS department_name, count(*) AS open ${HOLDER} GROUP BY s.department_code`,
  );
  return {
    /** Open dossiers due at or before `until` (ISO +07:00), soonest first; not those whose clock is stopped for a supplement. */
    openDueBy: (until: string) => dueBy.all({ until }),
    openByDepartment: () => openByDepartment.all(),
  };
}
