/**
 * SQL for the drill-down: which dossiers (and which of their steps) are behind one number of the
 * summary. Each metric has the same WHERE as its aggregate in figures-repo.ts, so a list always has
 * as many rows as the figure it was opened from. Rows are (dossier, step, officer) triples; the
 * details are read afterwards for the rows shown.
 */
import { REFUSED_SUPPLEMENTS, type SupervisionMetric } from '../../shared/supervision.ts';
import type { Db } from '../db/types.ts';
import type { DossierRow, StepRow } from '../dossiers/repo.ts';
import { DOSSIER_TIMELINESS_SQL } from './figures-repo.ts';
import type { DecisionRow } from './repo.ts';

export interface Hit {
  dossier_id: number;
  seq: number | null;
  officer_id: number | null;
}

export type Scope = { kind: 'department'; code: string } | { kind: 'officer'; id: number } | { kind: 'procedure'; code: string } | { kind: 'centre' };

const OPEN = "('received', 'processing', 'awaiting_supplement')";
const TIMELINESS: Partial<Record<SupervisionMetric, string>> = { early: 'early', onTime: 'on_time', late: 'late' };
const EVENT_KIND: Partial<Record<SupervisionMetric, string>> = {
  apologies: 'apologized',
  supplementRequests: 'supplement_requested',
  secondSupplementAttempts: 'supplement_request_refused',
  supplementAttemptsAfterApology: 'supplement_request_refused',
  supplementAttemptsAfterWindow: 'supplement_request_refused',
  supplementAttemptsAfterDue: 'supplement_request_refused',
};
// The current step of an open dossier: its first step not done.
const CURRENT = "(SELECT min(x.seq) FROM dossier_steps x WHERE x.dossier_id = d.id AND x.state <> 'done')";

/** The SELECT of (dossier_id, seq, officer_id, sort_at) for one metric in one scope. */
function hitsSql(metric: SupervisionMetric, scope: Scope): string {
  const stepLevel = scope.kind === 'department' || scope.kind === 'officer';
  const stepScope = scope.kind === 'department' ? 's.department_code = @code' : scope.kind === 'officer' ? 's.held_by = @officer' : '1';
  const dossierScope = scope.kind === 'procedure' ? 'd.procedure_code = @code' : '1';
  const kind = EVENT_KIND[metric];
  if (kind === 'apologized') {
    const where = scope.kind === 'department' ? "json_extract(e.data, '$.departmentCode') = @code" : scope.kind === 'officer' ? 's.held_by = @officer' : dossierScope;
    return `SELECT e.dossier_id, json_extract(e.data, '$.seq') AS seq, s.held_by AS officer_id, e.at AS sort_at
      FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
      LEFT JOIN dossier_steps s ON s.dossier_id = e.dossier_id AND s.seq = json_extract(e.data, '$.seq')
      WHERE e.kind = 'apologized' AND e.at >= @from AND e.at < @to AND ${where}`;
  }
  if (kind) {
    const where = scope.kind === 'department' ? 'a.department_code = @code' : scope.kind === 'officer' ? 'e.actor_id = @officer' : dossierScope;
    // A refused request is listed under its own reason, as the summary counts it.
    const why = metric in REFUSED_SUPPLEMENTS ? `AND json_extract(e.data, '$.why') = '${REFUSED_SUPPLEMENTS[metric as keyof typeof REFUSED_SUPPLEMENTS].why}'` : '';
    return `SELECT e.dossier_id, json_extract(e.data, '$.seq') AS seq, e.actor_id AS officer_id, e.at AS sort_at
      FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id LEFT JOIN staff a ON a.id = e.actor_id
      WHERE e.kind = '${kind}' AND e.at >= @from AND e.at < @to AND ${where} ${why}`;
  }
  const open = metric === 'openNow' || metric === 'overdueNow' || metric === 'dueWithinOneDay';
  if (stepLevel) {
    if (metric === 'received') {
      return `SELECT s.dossier_id, s.seq, s.held_by AS officer_id, s.started_at AS sort_at FROM dossier_steps s
        WHERE s.started_at >= @from AND s.started_at < @to AND ${stepScope}`;
    }
    if (open) {
      const extra =
        metric === 'overdueNow' ? "AND d.status <> 'awaiting_supplement' AND s.due_at < @now"
        : metric === 'dueWithinOneDay' ? "AND d.status <> 'awaiting_supplement' AND s.due_at >= @now AND s.due_at <= @until"
        : '';
      return `SELECT s.dossier_id, s.seq, s.held_by AS officer_id, s.due_at AS sort_at FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id
        WHERE s.state = 'in_progress' AND d.status IN ${OPEN} AND ${stepScope} ${extra}`;
    }
    const t = TIMELINESS[metric];
    return `SELECT s.dossier_id, s.seq, s.held_by AS officer_id, s.completed_at AS sort_at FROM dossier_steps s
      WHERE s.completed_at >= @from AND s.completed_at < @to AND ${stepScope} ${t ? `AND s.timeliness = '${t}'` : ''}`;
  }
  if (metric === 'received') {
    return `SELECT d.id AS dossier_id, NULL AS seq, NULL AS officer_id, d.received_at AS sort_at FROM dossiers d
      WHERE d.received_at >= @from AND d.received_at < @to AND ${dossierScope}`;
  }
  if (open) {
    const extra =
      metric === 'overdueNow' ? "AND d.status <> 'awaiting_supplement' AND d.due_at < @now"
      : metric === 'dueWithinOneDay' ? "AND d.status <> 'awaiting_supplement' AND d.due_at >= @now AND d.due_at <= @until"
      : '';
    return `SELECT d.id AS dossier_id, c.seq, c.held_by AS officer_id, d.due_at AS sort_at FROM dossiers d
      LEFT JOIN dossier_steps c ON c.dossier_id = d.id AND c.seq = ${CURRENT}
      WHERE d.status IN ${OPEN} AND ${dossierScope} ${extra}`;
  }
  const t = TIMELINESS[metric];
  return `SELECT d.id AS dossier_id, NULL AS seq, NULL AS officer_id, d.completed_at AS sort_at FROM dossiers d
    WHERE d.completed_at >= @from AND d.completed_at < @to AND ${dossierScope} ${t ? `AND ${DOSSIER_TIMELINESS_SQL} = '${t}'` : ''}`;
}

export interface DrillParams {
  from: string;
  to: string;
  now: string;
  until: string;
  code?: string;
  officer?: number;
}

export type DrillRepo = ReturnType<typeof drillRepo>;

export function drillRepo(db: Db) {
  // One prepared pair per (metric, scope kind): a handful of statements, built on first use.
  const cache = new Map<string, { count: ReturnType<Db['prepare']>; page: ReturnType<Db['prepare']> }>();
  const statements = (metric: SupervisionMetric, scope: Scope) => {
    const key = `${metric}|${scope.kind}`;
    let s = cache.get(key);
    if (!s) {
      const sql = hitsSql(metric, scope);
      s = { count: db.prepare(`SELECT count(*) AS n FROM (${sql})`), page: db.prepare(`SELECT dossier_id, seq, officer_id FROM (${sql}) ORDER BY sort_at, dossier_id, seq LIMIT @limit`) };
      cache.set(key, s);
    }
    return s;
  };
  const dossier = db.prepare<[number], DossierRow>('SELECT d.* FROM dossiers d WHERE d.id = ?');
  const step = db.prepare<[number, number], StepRow>(
    `SELECT s.*, dep.name AS department_name, h.username AS held_by_username, h.display_name AS held_by_name
     FROM dossier_steps s JOIN departments dep ON dep.code = s.department_code LEFT JOIN staff h ON h.id = s.held_by
     WHERE s.dossier_id = ? AND s.seq = ?`,
  );
  const staff = db.prepare<[number], { username: string; display_name: string }>('SELECT username, display_name FROM staff WHERE id = ?');
  const decision = db.prepare<[number, number], DecisionRow>(
    `SELECT l.id, l.dossier_id, l.seq, l.valid, l.reason, l.decided_at, st.username AS decided_by_username, st.display_name AS decided_by_name
     FROM lateness_decisions l JOIN staff st ON st.id = l.decided_by WHERE l.dossier_id = ? AND l.seq = ? ORDER BY l.id DESC LIMIT 1`,
  );
  const staffByUsername = db.prepare<[string], { id: number }>('SELECT id FROM staff WHERE username = ?');
  const department = db.prepare<[string], { code: string }>('SELECT code FROM departments WHERE code = ?');
  const procedure = db.prepare<[string], { code: string }>('SELECT code FROM procedures WHERE code = ?');

  return {
    hits(metric: SupervisionMetric, scope: Scope, params: DrillParams, limit: number): { total: number; hits: Hit[] } {
      const s = statements(metric, scope);
      const bind = { from: params.from, to: params.to, now: params.now, until: params.until, code: params.code ?? null, officer: params.officer ?? null };
      const total = (s.count.get(bind) as { n: number }).n;
      return { total, hits: s.page.all({ ...bind, limit }) as Hit[] };
    },
    dossier: (id: number) => dossier.get(id)!,
    step: (dossierId: number, seq: number) => step.get(dossierId, seq),
    staff: (id: number) => staff.get(id),
    decision: (dossierId: number, seq: number) => decision.get(dossierId, seq),
    staffId: (username: string) => staffByUsername.get(username)?.id,
    departmentExists: (code: string) => department.get(code) !== undefined,
    procedureExists: (code: string) => procedure.get(code) !== undefined,
  };
}
