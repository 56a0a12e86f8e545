/**
 * What a supervisor watches and decides: open dossiers already past their appointment or due within
 * the next working day (overview); the figures of a period (summary), the dossiers behind each number
 * (dossiers), the reviews of late steps (lateness), the discipline flags, the Circular 01/2018 scores
 * and the early warnings; and the kiosk's report. The functions the reports and the CLI call directly
 * — summary(from, to), flags(from, to), scores(period), dossiers(query) — answer in the API's shapes.
 */
import type {
  ApologyDecision,
  ApologyReviewRequest,
  KioskReport,
  LatenessDecision,
  LatenessReviewRequest,
  ReviewRight,
  SupervisionDossierRow,
  SupervisionDossiers,
  SupervisionDossiersQuery,
  SupervisionFlags,
  SupervisionOverview,
  SupervisionScores,
  SupervisionSummary,
  SupervisionWarnings,
  WatchRow,
} from '../../shared/contracts.ts';
import { judgeDossier, type DueRule } from '../../shared/deadline.ts';
import { type Actor, OWN_CASE_REASONS, type ReviewCase, reviewRefusal } from '../../shared/processing.ts';
import { FLAG_LEVEL_LABELS, type Thresholds, flagLines, tallyFlags } from '../../shared/supervision.ts';
import { maskName, tidy } from '../../shared/text.ts';
import { dateOfDayNumber, dayNumber, toVnIso, vnDayNumber } from '../../shared/time.ts';
import { type Role, isOpen } from '../../shared/vocabulary.ts';
import { MINUTES_PER_WORKING_DAY, addWorkingMinutes, workingMinutesBetween } from '../../shared/working-time.ts';
import type { AuditRepo } from '../audit/repo.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import type { DossierRepo } from '../dossiers/repo.ts';
import { dossierHead, holderJudgement, instant } from '../dossiers/views.ts';
import { AppError } from '../errors.ts';
import { type Partials, dayCache } from './day-cache.ts';
import { type Scope, drillRepo } from './drill-repo.ts';
import { figuresRepo } from './figures-repo.ts';
import { kioskReport } from './kiosk-report.ts';
import { checkPeriod, checkRange } from './period.ts';
import type { SupervisionRepo, WatchRowDb } from './repo.ts';
import { scoresRepo } from './scores-repo.ts';
import { scoresOf, scoresPartials } from './scores.ts';
import { finishedByDayPartials, summaryOf, summaryPartials } from './summary.ts';
import { warningsOf } from './warnings.ts';
import { workDays } from './work-days.ts';

export type SupervisionService = ReturnType<typeof supervisionService>;

/**
 * The reads a server answers off its event loop (reader.ts): they only read (the day cache may keep a
 * day's figures), take no member of staff, and cost the most CPU.
 */
export const READS = ['overview', 'summary', 'flags', 'scores', 'warnings', 'kiosk'] as const;
export type SupervisionReads = Pick<SupervisionService, (typeof READS)[number]>;

export interface SupervisionDeps {
  readonly db: Db;
  readonly repo: SupervisionRepo;
  readonly dossiers: DossierRepo;
  readonly audit: AuditRepo;
  readonly catalogue: CatalogueService;
  readonly clock: Clock;
}

/** Default and largest number of rows of a drill-down. */
const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 5000;

export function supervisionService(deps: SupervisionDeps) {
  // First: it creates the connection's working-days table the other statements join.
  const days = workDays(deps.db);
  const figures = figuresRepo(deps.db);
  const drill = drillRepo(deps.db);
  const cache = dayCache(deps.db);
  const base = { figures, workDays: days, cache, catalogue: deps.catalogue, clock: deps.clock, db: deps.db };
  let warming = false;
  let stopWarming = false;

  /** Whose case a review of this step (and, for an apology, this apology) is. */
  const caseOf = (dossierId: number, seq: number | null, department: string | null, apologizedBy?: number | null): ReviewCase => ({
    holders: seq === null ? [] : deps.repo.stepHolders(dossierId, seq),
    apologizedBy: apologizedBy ?? null,
    members: department === null ? [] : deps.repo.departmentMembers(department),
  });
  /** Refuses (403) a reviewer deciding their own case, before anything is written. */
  const mustReview = (staff: Actor, c: ReviewCase) => {
    const refusal = reviewRefusal(staff, c);
    if (refusal) throw new AppError(refusal.code, refusal.details, refusal.message);
  };
  /** The same rule as an answer for the screens: may this person decide, and if not, why (their own case). */
  const rightOf = (staff: Actor, c: ReviewCase): ReviewRight => {
    const refusal = reviewRefusal(staff, c);
    return { allowed: refusal === null, whyNot: refusal?.why ? OWN_CASE_REASONS[refusal.why] : null };
  };
  const actorOf = (staff: { id: number; role: Role; department?: { code: string } | null }): Actor => ({ id: staff.id, role: staff.role, department: staff.department?.code ?? null });

  const officerOf = (id: number | null) => {
    if (id === null) return null;
    const s = drill.staff(id);
    return s ? { username: s.username, displayName: s.display_name } : null;
  };

  return {
    /**
     * Counts and keeps, in the background, the figures of the last thirteen months that are not kept
     * yet (a new installation, an upgrade, a calendar change): the first supervisor to ask for a year
     * then waits tens of milliseconds, not seconds. One day at a time, yielding to requests between.
     */
    async warmUp(): Promise<number> {
      if (warming) return 0;
      warming = true;
      stopWarming = false;
      try {
        const now = deps.clock();
        const calendar = deps.catalogue.calendar();
        const today = vnDayNumber(now);
        cache.checkCalendar(calendar, days.ensure(calendar, now), today);
        const { year, month } = dateOfDayNumber(today);
        const from = dayNumber({ year: year - 1, month, day: 1 });
        const scores = scoresRepo(deps.db);
        const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
        return await cache.warm([summaryPartials(figures), finishedByDayPartials(figures), scoresPartials(scores)] as Partials<unknown>[], { from, to: today - 1 }, today, pause, () => stopWarming);
      } finally {
        warming = false;
      }
    },
    /** Stops warmUp at its next day (the server is closing). */
    stopWarmUp(): void {
      stopWarming = true;
    },

    /** The kiosk's lookups and ratings over a range of days (the last seven by default). */
    kiosk(query: { from?: string | undefined; to?: string | undefined }): KioskReport {
      return kioskReport(deps, query);
    },

    /** The figures of the days from..to (YYYY-MM-DD, both included). */
    summary(from: string, to: string): SupervisionSummary {
      return summaryOf(base, checkRange(from, to));
    },

    /**
     * The dossiers (or steps) behind one figure of the summary. With `viewer` (the API), each row with
     * a step says whether that person may decide on its lateness (never on their own case).
     */
    dossiers(query: SupervisionDossiersQuery, viewer?: { id: number; role: Role; department?: { code: string } | null }): SupervisionDossiers {
      const period = checkRange(query.from, query.to);
      const given = [query.department, query.officer, query.procedure].filter((x) => x !== undefined);
      if (given.length > 1) throw new AppError('INVALID_QUERY', [{ field: '/department', message: 'Chọn một trong: department, officer, procedure (one of them).' }]);
      let scope: Scope = { kind: 'centre' };
      let officer: number | undefined;
      if (query.department !== undefined) {
        if (!drill.departmentExists(query.department)) throw new AppError('UNKNOWN_DEPARTMENT', { department: query.department });
        scope = { kind: 'department', code: query.department };
      } else if (query.officer !== undefined) {
        officer = drill.staffId(query.officer);
        if (officer === undefined) throw new AppError('STAFF_NOT_FOUND', { officer: query.officer });
        scope = { kind: 'officer', id: officer };
      } else if (query.procedure !== undefined) {
        if (!drill.procedureExists(query.procedure)) throw new AppError('PROCEDURE_NOT_FOUND', { procedure: query.procedure });
        scope = { kind: 'procedure', code: query.procedure };
      }
      const now = deps.clock();
      const cal = deps.catalogue.calendar();
      const until = addWorkingMinutes(now, MINUTES_PER_WORKING_DAY, cal);
      const limit = Math.max(1, Math.min(Math.floor(Number(query.limit ?? DEFAULT_LIMIT)) || DEFAULT_LIMIT, MAX_LIMIT));
      const code = scope.kind === 'department' || scope.kind === 'procedure' ? scope.code : undefined;
      const membersOf = new Map<string, number[]>();
      const { total, hits } = drill.hits(
        query.metric,
        scope,
        { ...period.window, now: toVnIso(now), until: toVnIso(until), ...(code !== undefined ? { code } : {}), ...(officer !== undefined ? { officer } : {}) },
        limit,
      );
      const items = hits.map((h): SupervisionDossierRow => {
        const d = drill.dossier(h.dossier_id);
        const step = h.seq !== null ? drill.step(d.id, h.seq) : undefined;
        // Step rows (a department's or an officer's) are judged as steps; the rest as dossiers, against
        // the appointment first printed.
        const stepRow = scope.kind === 'department' || scope.kind === 'officer';
        let timeliness: 'early' | 'on_time' | 'late' | null;
        let lateMinutes: number | null;
        if (stepRow && step) {
          // A person's or a department's step: on its holder's own clock.
          ({ timeliness, lateMinutes } = holderJudgement(step, d.status, now, cal));
        } else if (d.completed_at) {
          ({ timeliness, lateMinutes } = judgeDossier(instant(d.completed_at), instant(d.original_due_at), d.due_rule as DueRule, deps.catalogue.timelinessMode(), cal));
        } else {
          const overdue = isOpen(d.status) && d.status !== 'awaiting_supplement' && now.getTime() > instant(d.due_at).getTime();
          timeliness = overdue ? 'late' : null;
          lateMinutes = overdue ? Math.round(workingMinutesBetween(instant(d.due_at), now, cal)) : null;
        }
        const decision = step ? drill.decision(d.id, step.seq) : undefined;
        const members = step ? (membersOf.get(step.department_code) ?? membersOf.set(step.department_code, deps.repo.departmentMembers(step.department_code)).get(step.department_code)!) : [];
        const review = viewer && step ? rightOf(actorOf(viewer), { holders: deps.repo.stepHolders(d.id, step.seq), members }) : undefined;
        return {
          ...dossierHead(d),
          originalDueAt: d.original_due_at,
          dueAt: d.due_at,
          completedAt: d.completed_at,
          timeliness,
          lateMinutes,
          step: step
            ? {
                seq: step.seq,
                name: step.name,
                department: { code: step.department_code, name: step.department_name },
                arrivedAt: step.started_at,
                ownDueAt: step.started_at ? (step.own_due_at ?? step.due_at) : null,
                completedAt: step.completed_at,
              }
            : null,
          officer: officerOf(h.officer_id),
          lateness: decision
            ? { valid: decision.valid === 1, reason: decision.reason, decidedBy: { username: decision.decided_by_username, displayName: decision.decided_by_name }, decidedAt: decision.decided_at }
            : null,
          ...(review ? { review } : {}),
        };
      });
      return { items, total, truncated: total > items.length };
    },

    /**
     * A supervisor's (or leader's) decision on a late step: a valid reason or not. Appended, never
     * changed (reversing is another decision); recorded in the dossier's history as
     * `lateness_reviewed`, in the same transaction.
     */
    reviewLateness(body: LatenessReviewRequest, staff: { id: number; username: string; displayName: string; role: Role; department?: { code: string } | null }): LatenessDecision {
      const reason = tidy(body.reason);
      if ([...reason].length < 5) throw new AppError('VALIDATION_FAILED', [{ field: '/reason', message: 'Ghi rõ lý do (5–500 ký tự). (Give the reason, 5–500 characters.)' }]);
      const cal = deps.catalogue.calendar();
      const run = deps.db.transaction(() => {
        const row = deps.dossiers.byCode(body.code);
        if (!row) throw new AppError('DOSSIER_NOT_FOUND');
        const step = deps.dossiers.stepsOf(row.id).find((s) => s.seq === body.seq);
        if (!step) throw new AppError('STEP_NOT_FOUND', { code: body.code, seq: body.seq });
        // Nobody decides their own case: whoever held the step, or the only member of its department.
        mustReview(actorOf(staff), caseOf(row.id, step.seq, step.department_code));
        // Never earlier than the dossier's latest event (as actions.ts stamps events): its history
        // must not run backwards if the system clock is stepped back.
        const last = deps.dossiers.lastEventAt(row.id);
        const clockNow = deps.clock();
        const now = last && instant(last).getTime() > clockNow.getTime() ? instant(last) : clockNow;
        // Late on its holder's own clock (a step behind the plan only because an earlier one was slow
        // is not its holder's to answer for): finished late, or open past its own due time.
        if (holderJudgement(step, row.status, now, cal).timeliness !== 'late') {
          throw new AppError('STEP_NOT_LATE', { code: body.code, seq: body.seq, dueAt: step.own_due_at ?? step.due_at, completedAt: step.completed_at });
        }
        const at = toVnIso(now);
        deps.dossiers.appendEvent({
          dossier_id: row.id,
          at,
          kind: 'lateness_reviewed',
          actor_id: staff.id,
          data: { seq: step.seq, step: step.name, department: step.department_code, valid: body.valid, reason, lateMinutes: step.late_minutes ?? Math.round(workingMinutesBetween(instant(step.due_at), now, cal)) },
        });
        deps.repo.insertDecision({ dossier_id: row.id, seq: step.seq, valid: body.valid ? 1 : 0, reason, decided_by: staff.id, decided_at: at, event_id: deps.repo.lastEventOf(row.id) });
        return { code: row.code, seq: step.seq, valid: body.valid, reason, decidedBy: { username: staff.username, displayName: staff.displayName }, decidedAt: at };
      });
      return run.immediate();
    },

    /**
     * A supervisor's (or leader's) decision on a dossier's apology: a valid reason or not — not by the
     * leader who signed it, nor by anyone who held the step it names or is the only member of its
     * department. Appended, never changed; recorded in the history as `apology_reviewed`, in the same
     * transaction. The "serious handling" flag counts the apologies without a valid reason.
     */
    reviewApology(body: ApologyReviewRequest, staff: { id: number; username: string; displayName: string; role: Role; department?: { code: string } | null }): ApologyDecision {
      const reason = tidy(body.reason);
      if ([...reason].length < 5) throw new AppError('VALIDATION_FAILED', [{ field: '/reason', message: 'Ghi rõ lý do (5–500 ký tự). (Give the reason, 5–500 characters.)' }]);
      const run = deps.db.transaction(() => {
        const row = deps.dossiers.byCode(body.code);
        if (!row) throw new AppError('DOSSIER_NOT_FOUND');
        const apology = deps.repo.apologyOf(row.id);
        if (!apology) throw new AppError('APOLOGY_NOT_FOUND', { code: body.code });
        mustReview(actorOf(staff), caseOf(row.id, apology.seq, apology.department_code, apology.actor_id));
        const last = deps.dossiers.lastEventAt(row.id);
        const clockNow = deps.clock();
        const at = toVnIso(last && instant(last).getTime() > clockNow.getTime() ? instant(last) : clockNow);
        deps.dossiers.appendEvent({
          dossier_id: row.id,
          at,
          kind: 'apology_reviewed',
          actor_id: staff.id,
          data: { apology: apology.id, apologizedAt: apology.at, seq: apology.seq, department: apology.department_code, valid: body.valid, reason },
        });
        deps.repo.insertApologyDecision({ dossier_id: row.id, apology_event_id: apology.id, valid: body.valid ? 1 : 0, reason, decided_by: staff.id, decided_at: at, event_id: deps.repo.lastEventOf(row.id) });
        return { code: row.code, seq: apology.seq, valid: body.valid, reason, decidedBy: { username: staff.username, displayName: staff.displayName }, decidedAt: at };
      });
      return run.immediate();
    },

    /** What `staff` may decide on one dossier (its steps' lateness, its apology): the record's buttons. */
    reviewRights(code: string, staff: { id: number; role: Role; department?: { code: string } | null }): { steps: ({ seq: number } & ReviewRight)[]; apology: ({ seq: number | null } & ReviewRight) | null } {
      const actor = actorOf(staff);
      const row = deps.dossiers.byCode(code);
      if (!row) throw new AppError('DOSSIER_NOT_FOUND');
      const dossierId = row.id;
      const steps = deps.dossiers.stepsOf(dossierId).map((s) => ({ seq: s.seq, ...rightOf(actor, caseOf(dossierId, s.seq, s.department_code)) }));
      const apology = deps.repo.apologyOf(dossierId);
      return { steps, apology: apology ? { seq: apology.seq, ...rightOf(actor, caseOf(dossierId, apology.seq, apology.department_code, apology.actor_id)) } : null };
    },

    /** The centre's flag thresholds (centre settings, `motcua settings set`). */
    thresholds(): Thresholds {
      return deps.repo.thresholds();
    },

    /**
     * Officers and departments reaching a threshold over the days from..to, each with its most recent
     * lines (`dossiersPerFlag`, 20 by default; Infinity for every one) and how many there are in all.
     */
    flags(from: string, to: string, options: { dossiersPerFlag?: number } = {}): SupervisionFlags {
      // 20 on the API: the panel shows two, the drill-down has them all.
      const cap = options.dossiersPerFlag ?? 20;
      const period = checkRange(from, to);
      const { from: start, to: end } = period.window;
      const t = deps.repo.thresholds();
      const key = (id: number | null) => (id === null ? null : String(id));
      const tallies = tallyFlags(
        deps.repo.flagLateCounts(start, end).map((r) => ({ department: r.department_code, officer: key(r.held_by), n: r.n })),
        deps.repo.flagApologies(start, end).map((r) => ({
          id: r.id,
          at: r.at,
          department: r.department_code,
          officer: key(r.held_by),
          stepDepartment: r.step_department,
          besideLate: r.beside_late === 1,
        })),
        t,
        cap,
      );
      const apologies = new Map(
        deps.repo.flagApologyLines([...new Set(tallies.flatMap((f) => f.apologiesApart))]).map((r) => [
          r.id,
          { code: r.code, seq: r.seq ?? 0, stepName: r.step_name ?? '', lateMinutes: r.timeliness === 'late' ? r.late_minutes : null, apologized: true, reason: r.reason, at: r.at },
        ]),
      );
      const staff = new Map(figures.staff().map((s) => [s.id, s]));
      const departments = new Map(figures.departments().map((d) => [d.code, d.name]));
      const dept = (code: string | null) => (code === null ? null : { code, name: departments.get(code) ?? code });
      return {
        from: period.from,
        to: period.to,
        thresholds: t,
        flags: tallies.map((f) => {
          const late = deps.repo.flagLateLines(f.kind === 'officer' ? { officer: Number(f.key) } : { department: f.key }, start, end, cap).map((r) => ({
            code: r.code,
            seq: r.seq,
            stepName: r.step_name,
            lateMinutes: r.late_minutes,
            apologized: r.apology_id !== null,
            reason: r.apology_id !== null ? r.apology_reason : r.decision_reason,
            at: r.completed_at,
          }));
          const dossiers = flagLines(late, f.apologiesApart.map((id) => apologies.get(id)!), cap);
          const common = {
            level: f.level,
            levelLabel: FLAG_LEVEL_LABELS[f.level],
            lateWithoutValidReason: f.lateWithoutValidReason,
            apologies: f.apologies,
            dossiers,
            dossiersTotal: f.dossierCount,
            dossiersMore: f.dossierCount - dossiers.length,
          };
          if (f.kind === 'department') return { kind: 'department' as const, department: dept(f.key)!, ...common };
          const s = staff.get(Number(f.key));
          return {
            kind: 'officer' as const,
            officer: { username: s?.username ?? f.key, displayName: s?.display_name ?? f.key, department: dept(s?.department_code ?? null) },
            ...common,
          };
        }),
      };
    },

    /** Circular 01/2018 indices and grades over a month, quarter or year; `detail`: each dossier's points too. */
    scores(period: string, options: { detail?: boolean } = {}): SupervisionScores {
      return scoresOf(base, checkPeriod(period), options.detail ?? false);
    },

    /** Open dossiers predicted to miss their appointment, while an apology is still possible. */
    warnings(): SupervisionWarnings {
      return warningsOf(base);
    },

    /** The newest history event: live screens wait until it moves past what they have shown. */
    lastEventId(): number {
      return deps.repo.lastEventId();
    },

    overview(): SupervisionOverview {
      const now = deps.clock();
      const calendar = deps.catalogue.calendar();
      const until = addWorkingMinutes(now, MINUTES_PER_WORKING_DAY, calendar);
      const centreDept = { code: '', name: deps.catalogue.centre().name };
      const toRow = (r: WatchRowDb, minutes: number): WatchRow => ({
        code: r.code,
        procedure: { code: r.procedure_code, name: r.procedure_name },
        applicantMasked: maskName(r.applicant_name),
        status: r.status,
        receivedAt: r.received_at,
        dueAt: r.due_at,
        department: r.department_code ? { code: r.department_code, name: r.department_name ?? r.department_code } : centreDept,
        currentStep: r.step_name ?? '',
        workingMinutes: Math.round(minutes),
      });

      const overdue: WatchRow[] = [];
      const dueSoon: WatchRow[] = [];
      for (const r of deps.repo.openDueBy(toVnIso(until))) {
        const due = instant(r.due_at);
        if (due.getTime() < now.getTime()) overdue.push(toRow(r, workingMinutesBetween(due, now, calendar)));
        else dueSoon.push(toRow(r, workingMinutesBetween(now, due, calendar)));
      }
      overdue.sort((a, b) => b.workingMinutes - a.workingMinutes || a.code.localeCompare(b.code));

      const byDept = new Map<string, { code: string; name: string; overdue: number; dueSoon: number; open: number }>();
      for (const d of deps.repo.openByDepartment()) {
        const code = d.department_code ?? '';
        byDept.set(code, { code, name: d.department_name ?? centreDept.name, overdue: 0, dueSoon: 0, open: d.open });
      }
      for (const [list, key] of [[overdue, 'overdue'], [dueSoon, 'dueSoon']] as const) {
        for (const r of list) {
          const entry = byDept.get(r.department.code);
          if (entry) entry[key]++;
        }
      }
      const departments = [...byDept.values()].sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon || a.name.localeCompare(b.name, 'vi'));
      return {
        asOf: toVnIso(now),
        dueSoonUntil: toVnIso(until),
        overdue,
        dueSoon,
        departments,
        totals: { open: departments.reduce((n, d) => n + d.open, 0), overdue: overdue.length, dueSoon: dueSoon.length },
      };
    },
  };
}
