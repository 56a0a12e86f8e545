/**
 * SQL for what supervisors read and decide: open dossiers and the department that holds each; the
 * kiosk's lookups and ratings; lateness decisions, the centre's flag thresholds, the rows behind the
 * flags and scores, and the newest history event (live refresh). The period aggregates are in
 * figures-repo.ts, the drill-down lists in drill-repo.ts.
 */
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

export interface DecisionRow {
  id: number;
  dossier_id: number;
  seq: number;
  valid: 0 | 1;
  reason: string;
  decided_at: string;
  decided_by_username: string;
  decided_by_name: string;
}
const DECISION_SELECT = `SELECT l.id, l.dossier_id, l.seq, l.valid, l.reason, l.decided_at, st.username AS decided_by_username, st.display_name AS decided_by_name
  FROM lateness_decisions l JOIN staff st ON st.id = l.decided_by`;

export interface LateStepRow {
  code: string;
  seq: number;
  step_name: string;
  department_code: string;
  department_name: string;
  held_by: number | null;
  late_minutes: number | null;
  decision_valid: 0 | 1 | null;
  decision_reason: string | null;
}

export interface ApologyRow {
  code: string;
  seq: number | null;
  department_code: string | null;
  department_name: string | null;
  reason: string | null;
  step_name: string | null;
  held_by: number | null;
  late_minutes: number | null;
  timeliness: string | null;
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
  // ——— Lateness decisions (migration 008): append-only, the latest row per step is in force ———
  const insertDecision = db.prepare(
    `INSERT INTO lateness_decisions (dossier_id, seq, valid, reason, decided_by, decided_at, event_id)
     VALUES (@dossier_id, @seq, @valid, @reason, @decided_by, @decided_at, @event_id)`,
  );
  const currentDecision = db.prepare<[number, number], DecisionRow>(
    `${DECISION_SELECT} WHERE l.dossier_id = ? AND l.seq = ? ORDER BY l.id DESC LIMIT 1`,
  );
  const lastEventOf = db.prepare<[number], { id: number }>('SELECT max(id) AS id FROM dossier_events WHERE dossier_id = ?');
  // max(rowid) is read from the end of the table's b-tree: constant time however long the history.
  const lastEvent = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM dossier_events');

  const thresholds = db.prepare<[], { discipline_late_steps: number; serious_apologies: number }>(
    'SELECT discipline_late_steps, serious_apologies FROM centre WHERE id = 1',
  );
  const setLateSteps = db.prepare('UPDATE centre SET discipline_late_steps = ? WHERE id = 1');
  const setApologies = db.prepare('UPDATE centre SET serious_apologies = ? WHERE id = 1');

  // ——— Flags: late steps finished in the period, and apologies made in it ———
  const lateSteps = db.prepare<{ from: string; to: string }, LateStepRow>(
    `SELECT d.code, s.seq, s.name AS step_name, s.department_code, dep.name AS department_name, s.held_by, s.late_minutes,
            l.valid AS decision_valid, l.reason AS decision_reason
     FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id JOIN departments dep ON dep.code = s.department_code
     LEFT JOIN lateness_decisions l ON l.id = (SELECT max(x.id) FROM lateness_decisions x WHERE x.dossier_id = s.dossier_id AND x.seq = s.seq)
     WHERE s.completed_at >= @from AND s.completed_at < @to AND s.timeliness = 'late'
     ORDER BY s.completed_at, d.code, s.seq`,
  );
  const apologies = db.prepare<{ from: string; to: string }, ApologyRow>(
    `SELECT d.code, json_extract(e.data, '$.seq') AS seq, json_extract(e.data, '$.departmentCode') AS department_code,
            coalesce(dep.name, json_extract(e.data, '$.department')) AS department_name, json_extract(e.data, '$.reason') AS reason,
            s.name AS step_name, s.held_by, s.late_minutes, s.timeliness
     FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
     LEFT JOIN dossier_steps s ON s.dossier_id = e.dossier_id AND s.seq = json_extract(e.data, '$.seq')
     LEFT JOIN departments dep ON dep.code = json_extract(e.data, '$.departmentCode')
     WHERE e.kind = 'apologized' AND e.at >= @from AND e.at < @to ORDER BY e.id`,
  );

  return {
    /** Records a decision (the caller appends its history event first, in the same transaction). */
    insertDecision: (row: { dossier_id: number; seq: number; valid: 0 | 1; reason: string; decided_by: number; decided_at: string; event_id: number }) =>
      insertDecision.run(row),
    currentDecision: (dossierId: number, seq: number) => currentDecision.get(dossierId, seq),
    /** The id of a dossier's latest history event (the one just appended, inside its transaction). */
    lastEventOf: (dossierId: number) => lastEventOf.get(dossierId)!.id,
    /** The newest history event of any dossier (0 for none): what live screens wait on. */
    lastEventId: () => lastEvent.get()?.id ?? 0,
    thresholds: () => {
      const r = thresholds.get();
      return { lateSteps: r?.discipline_late_steps ?? 2, apologies: r?.serious_apologies ?? 3 };
    },
    setThreshold: (key: 'discipline-late-steps' | 'serious-apologies', value: number) =>
      (key === 'discipline-late-steps' ? setLateSteps : setApologies).run(value),
    /** Steps finished late in [from, to), with their current lateness decision. */
    lateSteps: (from: string, to: string) => lateSteps.all({ from, to }),
    /** Apologies made in [from, to), with the step they name. */
    apologies: (from: string, to: string) => apologies.all({ from, to }),
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
