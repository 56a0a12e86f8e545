/**
 * SQL for the supervisors' figures: aggregates over a period, each starting from an index of
 * migration 008 (dossiers by completed_at / received_at, steps by completed_at / started_at, events
 * by kind and time, open dossiers by status). Counting, summing and ranking happen in SQLite; what
 * comes back is one row per group (procedure, department, officer), never one per dossier.
 *
 * Times are compared as text: every stored time is ISO 8601 to the second with the same +07:00
 * offset, so text order is time order, and a time's first ten characters are its Vietnam date.
 * Finished rows come back one per dossier or step (handling time needs each for the p90), the rest
 * one per group.
 */
import type { Db } from '../db/types.ts';
import { joinDaySql, workingMinutesSql } from './work-days.ts';

/** A period as stored times: [from, to) at Vietnam midnight, and the moment "now" figures are taken at. */
export interface Window {
  from: string;
  to: string;
}

/**
 * A finished dossier's timeliness, judged like result_ready (server/dossiers/actions.ts, judgeDossier
 * in shared/deadline.ts) against the appointment as first printed (original_due_at; an apology's new
 * date does not count). By the Vietnam day — a time's first ten characters — when the centre counts
 * by the day (centre.timeliness, migration 015, read in the same snapshot as the dossiers) or the
 * limit is a Civil Code one: before the due day early, on it on time, after it late. Otherwise to the
 * minute: late after it, early with at least a working minute in hand (one minute of clock time, as
 * timelinessOf in shared/vocabulary.ts). The centre's row is read once per statement (an uncorrelated
 * subquery).
 */
export const DOSSIER_TIMELINESS_SQL = `CASE
  WHEN d.due_rule = 'civil-code' OR (SELECT c.timeliness FROM centre c WHERE c.id = 1) IS NOT 'minute' THEN CASE
    WHEN substr(d.completed_at, 1, 10) > substr(d.original_due_at, 1, 10) THEN 'late'
    WHEN substr(d.completed_at, 1, 10) < substr(d.original_due_at, 1, 10) THEN 'early'
    ELSE 'on_time' END
  WHEN d.completed_at > d.original_due_at THEN 'late'
  WHEN (julianday(d.original_due_at) - julianday(d.completed_at)) * 86400.0 >= 59.5 THEN 'early'
  ELSE 'on_time' END`;

export interface CountRow {
  g: string | null;
  n: number;
}
export interface OpenRow {
  g: string | null;
  open: number;
  overdue: number;
  due_soon: number;
}
export interface EventCountRow {
  g: string | null;
  /** The event's kind; a refused supplement request's is `supplement_request_refused:<why>` (its refusal's code). */
  kind: string;
  n: number;
}

const FINISHED_DOSSIERS = `
  SELECT d.procedure_code AS procedure_code, ${DOSSIER_TIMELINESS_SQL} AS t,
         ${workingMinutesSql('d.received_at', 'wr', 'd.completed_at', 'wc')} AS m
  FROM dossiers d ${joinDaySql('d.received_at', 'wr')} ${joinDaySql('d.completed_at', 'wc')}
  WHERE d.completed_at >= @from AND d.completed_at < @to`;

// Step handling time: from the step's start (its latest, after a return) to its completion.
const FINISHED_STEPS = `
  SELECT s.department_code AS department_code, s.held_by AS held_by, s.timeliness AS t,
         ${workingMinutesSql('s.started_at', 'wr', 's.completed_at', 'wc')} AS m
  FROM dossier_steps s ${joinDaySql('s.started_at', 'wr')} ${joinDaySql('s.completed_at', 'wc')}
  WHERE s.completed_at >= @from AND s.completed_at < @to`;

const OPEN = "('received', 'processing', 'awaiting_supplement')";
/** An event's kind as the figures count it: a refused supplement request with the reason it was refused. */
const KIND = "CASE e.kind WHEN 'supplement_request_refused' THEN e.kind || ':' || coalesce(json_extract(e.data, '$.why'), '') ELSE e.kind END";

export type FiguresRepo = ReturnType<typeof figuresRepo>;

export function figuresRepo(db: Db) {
  // ——— Dossier level: the centre and each procedure ———
  const receivedByProcedure = db.prepare<Window, CountRow>(
    'SELECT procedure_code AS g, count(*) AS n FROM dossiers WHERE received_at >= @from AND received_at < @to GROUP BY procedure_code',
  );
  const openByProcedure = db.prepare<{ now: string; until: string }, OpenRow>(
    `SELECT procedure_code AS g, count(*) AS open,
            sum(status <> 'awaiting_supplement' AND due_at < @now) AS overdue,
            sum(status <> 'awaiting_supplement' AND due_at >= @now AND due_at <= @until) AS due_soon
     FROM dossiers WHERE status IN ${OPEN} GROUP BY procedure_code`,
  );
  const eventsByProcedure = db.prepare<Window, EventCountRow>(
    `SELECT d.procedure_code AS g, ${KIND} AS kind, count(*) AS n FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
     WHERE e.kind IN ('apologized', 'supplement_requested', 'supplement_request_refused') AND e.at >= @from AND e.at < @to
     GROUP BY d.procedure_code, 2`,
  );
  const finishedByDay = db.prepare<Window, { day: string; finished: number; in_time: number }>(
    `SELECT substr(d.completed_at, 1, 10) AS day, count(*) AS finished, sum(${DOSSIER_TIMELINESS_SQL} <> 'late') AS in_time
     FROM dossiers d WHERE d.completed_at >= @from AND d.completed_at < @to GROUP BY day`,
  );

  // ——— Step level: departments and officers (g = department code, h = staff id) ———
  // One pass over the period's finished steps (a month: ~60,000 at a busy centre): each step's
  // timeliness and working minutes, tallied and ranked in JavaScript (summary.ts). Aggregates with
  // row_number() for the p90s recomputed every step's working minutes once per grouping: 3× the work.
  const finishedStepRows = db.prepare<Window, { g: string; h: number | null; t: string | null; m: number | null }>(
    `SELECT department_code AS g, held_by AS h, t, m FROM (${FINISHED_STEPS})`,
  );
  // The same for finished dossiers (per procedure and for the centre, counts and p90 from one pass).
  const finishedDossierRows = db.prepare<Window, { g: string; t: string; m: number | null }>(
    `SELECT procedure_code AS g, t, m FROM (${FINISHED_DOSSIERS})`,
  );
  const startedSteps = db.prepare<Window, CountRow & { h: number | null }>(
    'SELECT department_code AS g, held_by AS h, count(*) AS n FROM dossier_steps WHERE started_at >= @from AND started_at < @to GROUP BY department_code, held_by',
  );
  const openSteps = db.prepare<{ now: string; until: string }, OpenRow & { h: number | null }>(
    `SELECT s.department_code AS g, s.held_by AS h, count(*) AS open,
            sum(d.status <> 'awaiting_supplement' AND s.due_at < @now) AS overdue,
            sum(d.status <> 'awaiting_supplement' AND s.due_at >= @now AND s.due_at <= @until) AS due_soon
     FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id
     WHERE s.state = 'in_progress' AND d.status IN ${OPEN} GROUP BY s.department_code, s.held_by`,
  );
  // An apology belongs to the department of the step it names, and to that step's holder; supplement
  // requests and refused attempts to the member of staff who made them and their department.
  const stepEvents = db.prepare<Window, EventCountRow & { h: number | null }>(
    `SELECT json_extract(e.data, '$.departmentCode') AS g, s.held_by AS h, e.kind, count(*) AS n
     FROM dossier_events e LEFT JOIN dossier_steps s ON s.dossier_id = e.dossier_id AND s.seq = json_extract(e.data, '$.seq')
     WHERE e.kind = 'apologized' AND e.at >= @from AND e.at < @to GROUP BY g, h
     UNION ALL
     SELECT a.department_code AS g, e.actor_id AS h, ${KIND} AS kind, count(*) AS n
     FROM dossier_events e LEFT JOIN staff a ON a.id = e.actor_id
     WHERE e.kind IN ('supplement_requested', 'supplement_request_refused') AND e.at >= @from AND e.at < @to GROUP BY g, h, 3`,
  );

  const staffById = db.prepare<[], { id: number; username: string; display_name: string; department_code: string | null }>(
    'SELECT id, username, display_name, department_code FROM staff',
  );
  const departments = db.prepare<[], { code: string; name: string }>('SELECT code, name FROM departments ORDER BY code');
  const procedures = db.prepare<[], { code: string; name: string }>('SELECT code, name FROM procedures');

  return {
    receivedByProcedure: (w: Window) => receivedByProcedure.all(w),
    openByProcedure: (now: string, until: string) => openByProcedure.all({ now, until }),
    eventsByProcedure: (w: Window) => eventsByProcedure.all(w),
    /** Dossiers finished per Vietnam day (for the weekly series), and how many of them early or on time. */
    finishedByDay: (w: Window) => finishedByDay.all(w),
    /** Each step finished in the period: department, holder, timeliness, working minutes from its start. */
    finishedStepRows: (w: Window) => finishedStepRows.iterate(w),
    /** Each dossier finished in the period: procedure, timeliness, working minutes from receipt. */
    finishedDossierRows: (w: Window) => finishedDossierRows.iterate(w),
    startedSteps: (w: Window) => startedSteps.all(w),
    openSteps: (now: string, until: string) => openSteps.all({ now, until }),
    stepEvents: (w: Window) => stepEvents.all(w),
    staff: () => staffById.all(),
    departments: () => departments.all(),
    procedures: () => procedures.all(),
  };
}
