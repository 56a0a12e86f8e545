/**
 * SQL for what supervisors read and decide: open dossiers and the department that holds each; the
 * kiosk's lookups and ratings; lateness decisions, the centre's flag thresholds, the rows behind the
 * flags and scores, and the newest history event (live refresh). The period aggregates are in
 * figures-repo.ts, the drill-down lists in drill-repo.ts.
 */
import type { Db } from '../db/types.ts';
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
// A late step counts against its officer and department unless the decision in force on it (the
// latest: reversing one is another row) says the reason was valid.
const NOT_EXCUSED =
  'coalesce((SELECT l.valid FROM lateness_decisions l WHERE l.dossier_id = s.dossier_id AND l.seq = s.seq ORDER BY l.id DESC LIMIT 1), 0) = 0';

// An apology counts towards the "serious handling" flag unless the decision in force on it (migration
// 014: the latest row) says it had a valid reason.
const APOLOGY_NOT_EXCUSED = (e: string) =>
  `coalesce((SELECT ad.valid FROM apology_decisions ad WHERE ad.apology_event_id = ${e}.id ORDER BY ad.id DESC LIMIT 1), 0) = 0`;

const DECISION_SELECT = `SELECT l.id, l.dossier_id, l.seq, l.valid, l.reason, l.decided_at, st.username AS decided_by_username, st.display_name AS decided_by_name
  FROM lateness_decisions l JOIN staff st ON st.id = l.decided_by`;

/** Late steps not excused by a valid-reason decision, of one department and officer. */
export interface FlagLateCountRow {
  department_code: string;
  held_by: number | null;
  n: number;
}

/** An apology made in the period, as the flags count it. */
export interface FlagApologyRow {
  id: number;
  at: string;
  department_code: string | null;
  /** The holder of the step it names. */
  held_by: number | null;
  /** The department of the step it names. */
  step_department: string | null;
  /** 1 when the step it names is itself a counted late step of the period. */
  beside_late: 0 | 1;
}

/** One late step behind a flag, with the apology for it in the period (if any) and the current decision's reason. */
export interface FlagLateLineRow {
  code: string;
  seq: number;
  step_name: string;
  late_minutes: number | null;
  completed_at: string;
  apology_id: number | null;
  apology_reason: string | null;
  decision_reason: string | null;
}

/** One apology listed apart behind a flag (its step not a counted late step). */
export interface FlagApologyLineRow {
  id: number;
  at: string;
  code: string;
  seq: number | null;
  step_name: string | null;
  late_minutes: number | null;
  timeliness: string | null;
  reason: string | null;
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
    // A row stands for `lookups` lookups alike (migration 019).
    `SELECT channel, client, substr(at, 1, 10) AS day, sum(lookups) AS lookups,
            sum((outcome = 'found') * lookups) AS found, sum((outcome = 'not_found') * lookups) AS not_found,
            sum((outcome = 'invalid') * lookups) AS invalid, sum((outcome = 'throttled') * lookups) AS throttled,
            sum((delay_ms > 0) * lookups) AS delayed
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

  // ——— Whose case a review is (shared/processing.ts reviewRefusal) ———
  // Everyone who held a step: its holder and finisher now, and whoever took or finished it before (a
  // step sent back and taken again keeps its earlier holders in the history).
  const stepHolders = db.prepare<{ dossier: number; seq: number }, { id: number }>(
    `SELECT held_by AS id FROM dossier_steps WHERE dossier_id = @dossier AND seq = @seq AND held_by IS NOT NULL
     UNION SELECT completed_by FROM dossier_steps WHERE dossier_id = @dossier AND seq = @seq AND completed_by IS NOT NULL
     UNION SELECT actor_id FROM dossier_events
       WHERE dossier_id = @dossier AND kind IN ('step_accepted', 'step_completed', 'result_ready') AND actor_id IS NOT NULL AND json_extract(data, '$.seq') = @seq`,
  );
  const departmentMembers = db.prepare<[string], { id: number }>('SELECT id FROM staff WHERE department_code = ? AND active = 1');
  /** The dossier's apology (once per dossier: the latest, should there ever be more). */
  const apologyOf = db.prepare<[number], { id: number; at: string; actor_id: number | null; seq: number | null; department_code: string | null; reason: string | null }>(
    `SELECT id, at, actor_id, json_extract(data, '$.seq') AS seq, json_extract(data, '$.departmentCode') AS department_code, json_extract(data, '$.reason') AS reason
     FROM dossier_events WHERE dossier_id = ? AND kind = 'apologized' ORDER BY id DESC LIMIT 1`,
  );
  const insertApologyDecision = db.prepare(
    `INSERT INTO apology_decisions (dossier_id, apology_event_id, valid, reason, decided_by, decided_at, event_id)
     VALUES (@dossier_id, @apology_event_id, @valid, @reason, @decided_by, @decided_at, @event_id)`,
  );

  const thresholds = db.prepare<[], { discipline_late_steps: number; serious_apologies: number }>(
    'SELECT discipline_late_steps, serious_apologies FROM centre WHERE id = 1',
  );
  const setLateSteps = db.prepare('UPDATE centre SET discipline_late_steps = ? WHERE id = 1');
  const setApologies = db.prepare('UPDATE centre SET serious_apologies = ? WHERE id = 1');

  // ——— Flags: late steps finished in the period, and apologies made in it ———
  // Counted per (department, officer) in SQL from dossier_steps_late (migration 010): a year holds
  // tens of thousands of late steps, and only the few steps each flag shows are read in full.
  const lateCounts = db.prepare<{ from: string; to: string }, FlagLateCountRow>(
    `SELECT s.department_code, s.held_by, count(*) AS n FROM dossier_steps s
     WHERE s.timeliness = 'late' AND s.completed_at >= @from AND s.completed_at < @to AND ${NOT_EXCUSED}
     GROUP BY s.department_code, s.held_by`,
  );
  // Apologies are few (a couple of thousand in a busy year): each is read once, light, and the
  // flags' rule adds them up (shared/supervision.ts tallyFlags).
  const flagApologies = db.prepare<{ from: string; to: string }, FlagApologyRow>(
    `SELECT e.id, e.at, json_extract(e.data, '$.departmentCode') AS department_code, s.held_by, s.department_code AS step_department,
            coalesce(s.timeliness = 'late' AND s.completed_at >= @from AND s.completed_at < @to AND ${NOT_EXCUSED}, 0) AS beside_late
     FROM dossier_events e LEFT JOIN dossier_steps s ON s.dossier_id = e.dossier_id AND s.seq = json_extract(e.data, '$.seq')
     WHERE e.kind = 'apologized' AND e.at >= @from AND e.at < @to AND ${APOLOGY_NOT_EXCUSED('e')}`,
  );
  // The most recent late steps of one officer or department. The apology beside each is the latest
  // made in the period for that step (a department's: one made for that department), looked up by the
  // dossier (dossier_events_kind); the unary + keeps SQLite from reading every apology of the period
  // through dossier_events_kind_at for each step instead.
  const lateLines = (scope: string, sameDepartment: string) =>
    db.prepare<{ from: string; to: string; key: string | number; limit: number }, FlagLateLineRow>(
      `SELECT d.code, s.seq, s.name AS step_name, s.late_minutes, s.completed_at, a.id AS apology_id, json_extract(a.data, '$.reason') AS apology_reason,
              (SELECT l.reason FROM lateness_decisions l WHERE l.dossier_id = s.dossier_id AND l.seq = s.seq ORDER BY l.id DESC LIMIT 1) AS decision_reason
       FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id
       LEFT JOIN dossier_events a ON a.id = (
         SELECT max(e.id) FROM dossier_events e
         WHERE e.dossier_id = s.dossier_id AND e.kind = 'apologized' AND +e.at >= @from AND +e.at < @to AND json_extract(e.data, '$.seq') = s.seq ${sameDepartment}
           AND ${APOLOGY_NOT_EXCUSED('e')})
       WHERE s.timeliness = 'late' AND ${scope} AND s.completed_at >= @from AND s.completed_at < @to AND ${NOT_EXCUSED}
       ORDER BY s.completed_at DESC, s.dossier_id DESC, s.seq DESC LIMIT @limit`,
    );
  const officerLateLines = lateLines('s.held_by = @key', '');
  const departmentLateLines = lateLines('s.department_code = @key', "AND json_extract(e.data, '$.departmentCode') = s.department_code");
  const apologyLines = db.prepare<{ ids: string }, FlagApologyLineRow>(
    `SELECT e.id, e.at, d.code, json_extract(e.data, '$.seq') AS seq, s.name AS step_name, s.late_minutes, s.timeliness, json_extract(e.data, '$.reason') AS reason
     FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
     LEFT JOIN dossier_steps s ON s.dossier_id = e.dossier_id AND s.seq = json_extract(e.data, '$.seq')
     WHERE e.id IN (SELECT value FROM json_each(@ids))`,
  );
  // SQLite's LIMIT -1: no limit.
  const limitOf = (n: number) => (Number.isFinite(n) ? Math.max(0, Math.floor(n)) : -1);

  return {
    /** Records a decision (the caller appends its history event first, in the same transaction). */
    insertDecision: (row: { dossier_id: number; seq: number; valid: 0 | 1; reason: string; decided_by: number; decided_at: string; event_id: number }) =>
      insertDecision.run(row),
    currentDecision: (dossierId: number, seq: number) => currentDecision.get(dossierId, seq),
    /** Staff ids of everyone who held the step, now or earlier in its history. */
    stepHolders: (dossierId: number, seq: number) => stepHolders.all({ dossier: dossierId, seq }).map((r) => r.id),
    /** Staff ids of the active members of a department. */
    departmentMembers: (code: string) => departmentMembers.all(code).map((r) => r.id),
    /** The dossier's apology event, if it has one. */
    apologyOf: (dossierId: number) => apologyOf.get(dossierId),
    /** Records an apology decision (the caller appends its history event first, in the same transaction). */
    insertApologyDecision: (row: { dossier_id: number; apology_event_id: number; valid: 0 | 1; reason: string; decided_by: number; decided_at: string; event_id: number }) =>
      insertApologyDecision.run(row),
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
    /** Steps finished late in [from, to) not excused by a valid reason, per department and officer. */
    flagLateCounts: (from: string, to: string) => lateCounts.all({ from, to }),
    /** Apologies made in [from, to), with the holder and department of the step they name. */
    flagApologies: (from: string, to: string) => flagApologies.all({ from, to }),
    /** An officer's (or a department's) late steps counted in [from, to), most recent first, at most `limit` (Infinity: all). */
    flagLateLines: (scope: { officer: number } | { department: string }, from: string, to: string, limit: number) =>
      'officer' in scope
        ? officerLateLines.all({ from, to, key: scope.officer, limit: limitOf(limit) })
        : departmentLateLines.all({ from, to, key: scope.department, limit: limitOf(limit) }),
    /** These apologies (history event ids), with their dossier and step. */
    flagApologyLines: (ids: readonly number[]) => (ids.length ? apologyLines.all({ ids: JSON.stringify(ids) }) : []),
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
