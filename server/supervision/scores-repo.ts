/**
 * SQL for the Circular 01/2018 scores and the early warning: the dossiers finished in a period with
 * what their indices need (steps, supplement requests, apologies, rating), and the durations of
 * finished steps per procedure step. Each read is one ordered pass from an index of migration 008.
 */
import type { Db } from '../db/types.ts';
import { DOSSIER_TIMELINESS_SQL, type Window } from './figures-repo.ts';
import { joinDaySql, workingMinutesSql } from './work-days.ts';

export interface ScoredDossierRow {
  id: number;
  code: string;
  procedure_code: string;
  procedure_name: string;
  completed_at: string;
  timeliness: 'early' | 'on_time' | 'late';
  rating: string | null;
}
export interface ScoredStepRow {
  dossier_id: number;
  department_code: string;
  held_by: number | null;
  timeliness: 'early' | 'on_time' | 'late';
}
export interface ScoredEventRow {
  dossier_id: number;
  kind: 'supplement_requested' | 'apologized';
  actor_id: number | null;
  /** The department the event belongs to: the step's where the supplement was asked, the one the apology names. */
  department_code: string | null;
}

export interface OpenStepRow {
  dossier_id: number;
  code: string;
  procedure_code: string;
  procedure_name: string;
  due_at: string;
  apologized: number;
  seq: number;
  name: string;
  department_code: string;
  department_name: string;
  started_at: string | null;
  allotted_minutes: number;
  held_by_username: string | null;
  held_by_name: string | null;
}

export type ScoresRepo = ReturnType<typeof scoresRepo>;

export function scoresRepo(db: Db) {
  const IN_PERIOD = 'd.completed_at >= @from AND d.completed_at < @to';
  const dossiers = db.prepare<Window, ScoredDossierRow>(
    `SELECT d.id, d.code, d.procedure_code, d.procedure_name, d.completed_at, ${DOSSIER_TIMELINESS_SQL} AS timeliness, r.level AS rating
     FROM dossiers d LEFT JOIN ratings r ON r.dossier_id = d.id WHERE ${IN_PERIOD} ORDER BY d.completed_at, d.id`,
  );
  const steps = db.prepare<Window, ScoredStepRow>(
    `SELECT s.dossier_id, s.department_code, s.held_by, s.timeliness FROM dossiers d JOIN dossier_steps s ON s.dossier_id = d.id
     WHERE ${IN_PERIOD} AND s.timeliness IS NOT NULL`,
  );
  // From the period's dossiers to their histories (CROSS JOIN keeps that order): the planner would
  // otherwise read every apology and supplement request ever made by kind, and keep a few.
  const events = db.prepare<Window, ScoredEventRow>(
    `SELECT e.dossier_id, e.kind, e.actor_id,
            CASE e.kind WHEN 'apologized' THEN json_extract(e.data, '$.departmentCode') ELSE json_extract(e.data, '$.department') END AS department_code
     FROM dossiers d CROSS JOIN dossier_events e ON e.dossier_id = d.id
     WHERE ${IN_PERIOD} AND e.kind IN ('supplement_requested', 'apologized')`,
  );

  // ——— Early warning ———
  // The open step of each running dossier (not paused for a supplement) and the steps after it.
  const openSteps = db.prepare<[], OpenStepRow>(
    `SELECT d.id AS dossier_id, d.code, d.procedure_code, d.procedure_name, d.due_at,
            EXISTS (SELECT 1 FROM dossier_events a WHERE a.dossier_id = d.id AND a.kind = 'apologized') AS apologized,
            s.seq, s.name, s.department_code, dep.name AS department_name, s.started_at, s.allotted_minutes, h.username AS held_by_username, h.display_name AS held_by_name
     FROM dossiers d JOIN dossier_steps s ON s.dossier_id = d.id AND s.state <> 'done'
     JOIN departments dep ON dep.code = s.department_code LEFT JOIN staff h ON h.id = s.held_by
     WHERE d.status IN ('received', 'processing') ORDER BY d.id, s.seq`,
  );
  // Working minutes each procedure step took, over finished steps of a recent window.
  const durations = db.prepare<{ from: string; to: string }, { procedure_code: string; seq: number; m: number }>(
    `SELECT d.procedure_code, s.seq, ${workingMinutesSql('s.started_at', 'wr', 's.completed_at', 'wc')} AS m
     FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id ${joinDaySql('s.started_at', 'wr')} ${joinDaySql('s.completed_at', 'wc')}
     WHERE s.completed_at >= @from AND s.completed_at < @to AND s.started_at IS NOT NULL`,
  );

  return {
    dossiers: (w: Window) => dossiers.iterate(w),
    steps: (w: Window) => steps.iterate(w),
    events: (w: Window) => events.iterate(w),
    openSteps: () => openSteps.all(),
    durations: (w: Window) => durations.iterate(w),
  };
}
