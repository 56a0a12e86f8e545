/** SQL for what supervisors read: open dossiers and the department that holds each; the kiosk's lookups and ratings. */
import type { Db } from '../db/open.ts';
import type { LookupChannel, RatingLevel } from '../../shared/kiosk.ts';
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

/** Lookups of one channel at one client on one day, counted by outcome. */
export interface LookupCountRow {
  channel: LookupChannel;
  client: string;
  /** YYYY-MM-DD, Vietnam date (every stored time has the +07:00 offset, so its first ten characters are). */
  day: string;
  lookups: number;
  found: number;
  not_found: number;
  invalid: number;
  throttled: number;
  delayed: number;
}

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
  // Times are compared as text: every stored time is ISO 8601 with the same +07:00 offset.
  const lookupCounts = db.prepare<{ from: string; to: string }, LookupCountRow>(
    `SELECT channel, client, substr(at, 1, 10) AS day, count(*) AS lookups,
            sum(outcome = 'found') AS found, sum(outcome = 'not_found') AS not_found, sum(outcome = 'invalid') AS invalid,
            sum(outcome = 'throttled') AS throttled, sum(delay_ms > 0) AS delayed
     FROM kiosk_lookups WHERE at >= @from AND at < @to GROUP BY channel, client, day`,
  );
  const ratingLevels = db.prepare<{ from: string; to: string }, { level: RatingLevel; n: number }>(
    'SELECT level, count(*) AS n FROM ratings WHERE at >= @from AND at < @to GROUP BY level',
  );
  const ratingReasons = db.prepare<{ from: string; to: string }, { reason: string; n: number }>(
    'SELECT j.value AS reason, count(*) AS n FROM ratings r, json_each(r.reasons) j WHERE r.at >= @from AND r.at < @to GROUP BY j.value',
  );
  return {
    /** Kiosk lookups in [from, to) (ISO +07:00) per channel, client and day. */
    lookupCounts: (from: string, to: string) => lookupCounts.all({ from, to }),
    /** Ratings given in [from, to), per level. */
    ratingLevels: (from: string, to: string) => ratingLevels.all({ from, to }),
    /** How often each reason was chosen with the ratings given in [from, to). */
    ratingReasons: (from: string, to: string) => ratingReasons.all({ from, to }),
    /** Open dossiers due at or before `until` (ISO +07:00), soonest first; not those whose clock is stopped for a supplement. */
    openDueBy: (until: string) => dueBy.all({ until }),
    openByDepartment: () => openByDepartment.all(),
  };
}
