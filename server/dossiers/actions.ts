/**
 * Processing after intake: handovers, sign-offs, the once-only supplement, the apology, refusal,
 * readiness, return and stopping. The rules of who and when are in shared/processing.ts; this file
 * applies an allowed action to the database. Each action is one IMMEDIATE transaction that reads the
 * dossier, checks, writes its state and appends its event to the hash-chained history, so two
 * officers pressing at the same moment cannot both pass a once-only check.
 */
import type { ActionRequest, WorkQueue } from '../../shared/contracts.ts';
import type { FieldProblem } from '../../shared/errors.ts';
import { afterPause, judgeDossier, type Deadline, type DueRule } from '../../shared/deadline.ts';
import { explainDeadline } from '../../shared/explain.ts';
import { type ActionType, type Actor, type DossierState, type LedBy, allowedActions, apologyInTime, currentStep, refusalOf, supplementTimingRefusal } from '../../shared/processing.ts';
import { ownDueAfterPause, ownDueOnArrival, replanAfterApology, replanAfterRestart, shiftedByPause } from '../../shared/step-clocks.ts';
import { personalDataCheck } from '../../shared/public-text.ts';
import { nfc, tidy } from '../../shared/text.ts';
import { formatVnShort, parseIsoInstant, toVnIso } from '../../shared/time.ts';
import { returnMethodOf } from '../../shared/vocabulary.ts';
import { addWorkingMinutes, classify, closingOf, dayOf, isWorkingInstant, workingDayFrom, workingMinutesBetween } from '../../shared/working-time.ts';
import type { Staff } from '../auth/service.ts';
import { type CatalogueService, timeLimitOf } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { AppError, fail } from '../errors.ts';
import type { DossierRepo, DossierRow, StepRow } from './repo.ts';
import { dossierHead, instant, variantOf } from './views.ts';

export interface ActionDeps {
  readonly db: Db;
  readonly repo: DossierRepo;
  readonly catalogue: CatalogueService;
  readonly clock: Clock;
}

export type ActionService = ReturnType<typeof actionService>;

const actorOf = (staff: Staff): Actor => ({ id: staff.id, role: staff.role, department: staff.department?.code ?? null });

function stateOf(repo: DossierRepo, row: DossierRow, steps: readonly StepRow[], chart: OrgChart): DossierState {
  const { leaderships } = chart;
  return {
    status: row.status,
    steps: steps.map((s) => ({ seq: s.seq, department: s.department_code, state: s.state, heldBy: s.held_by, leadership: leaderships.has(s.department_code) })),
    supplementRequested: repo.hasEvent(row.id, 'supplement_requested'),
    apologized: repo.hasEvent(row.id, 'apologized'),
  };
}

/** Fields an action needs, beyond the schema (which every action shares). */
function requireFields(body: ActionRequest): void {
  const problems: FieldProblem[] = [];
  const need = (field: keyof ActionRequest, ok: boolean, message: string) => {
    if (!ok) problems.push({ field: `/${field}`, message });
  };
  const hasText = (v: string | undefined, min = 3) => v !== undefined && tidy(v).length >= min;
  switch (body.type) {
    case 'return-step':
    case 'refuse':
    case 'stop':
      need('reason', hasText(body.reason), 'Ghi rõ lý do (ít nhất 3 ký tự). (Give the reason.)');
      break;
    case 'request-supplement':
      need('reason', hasText(body.reason), 'Ghi rõ lý do cần bổ sung (ít nhất 3 ký tự). (Give the reason.)');
      need('documents', (body.documents?.length ?? 0) > 0, 'Liệt kê ít nhất một giấy tờ cần bổ sung — một lần, đầy đủ. (List every missing document, at once.)');
      break;
    case 'apologize':
      need('reason', hasText(body.reason), 'Ghi rõ lý do chậm trả kết quả (ít nhất 3 ký tự). (Give the reason for the delay.)');
      need('newDueAt', body.newDueAt !== undefined, 'Chọn ngày, giờ hẹn trả mới. (Choose the new date.)');
      break;
    case 'return-result':
      need('method', body.method !== undefined, 'Chọn cách trả: tại Trung tâm (at_centre), bưu chính (post) hoặc kết quả điện tử (online).');
      break;
  }
  if (problems.length) fail('VALIDATION_FAILED', problems);
}

/**
 * Reasons, notes and document names are shown to the public (the kiosk, the phone lookup): they must
 * not carry the applicant's identity. The applicant's own name, ID number, phone, e-mail and address
 * are looked for, whatever separates their parts, and anything shaped like an ID or phone number
 * (shared/public-text.ts).
 */
function refusePersonalData(row: DossierRow, body: ActionRequest): void {
  const fields: [string, string | undefined][] = [
    ['/reason', body.reason],
    ['/note', body.note],
    ...(body.documents ?? []).map((d, i) => [`/documents/${i}/name`, d.name] as [string, string]),
  ];
  const carriesIdentity = personalDataCheck({
    fullName: row.applicant_name,
    idNumber: row.applicant_id_number,
    phone: row.applicant_phone,
    email: row.applicant_email,
    address: row.applicant_address,
  });
  const problems = fields.flatMap(([field, text]) => {
    if (!text) return [];
    const found = carriesIdentity(text);
    return found ? [{ field, message: 'Không ghi thông tin cá nhân (họ tên, số định danh, số điện thoại, địa chỉ, thư điện tử): nội dung này hiển thị công khai.' }] : [];
  });
  if (problems.length) throw new AppError('REASON_HAS_PERSONAL_DATA', problems);
}

interface OrgChart {
  readonly ledBy: LedBy;
  readonly leaderships: ReadonlySet<string>;
}

export function actionService(deps: ActionDeps) {
  const { db, repo, catalogue, clock } = deps;
  /** The organisation chart, read once per request (a work queue judges hundreds of dossiers against it). */
  const orgChart = (): OrgChart => {
    const chart = repo.ledBy();
    return {
      ledBy: (code) => chart.get(code) ?? null,
      // A leadership: a department that heads others (its steps are signatures).
      leaderships: new Set([...chart.values()].filter((x): x is string => x !== null)),
    };
  };

  /**
   * The server's time for a new event. [design] Never earlier than the dossier's latest event: a
   * system clock stepped back (a bad NTP sync) must not make a dossier's history run backwards; the
   * event is then stamped with the latest time already recorded.
   */
  function eventTime(row: DossierRow): Date {
    const now = clock();
    const last = repo.lastEventAt(row.id);
    return last && instant(last).getTime() > now.getTime() ? instant(last) : now;
  }

  /** The deadline the dossier was promised under, rebuilt from its row (for a supplement's pause). */
  function deadlineOf(row: DossierRow): Deadline {
    return {
      receivedAt: instant(row.received_at),
      countFrom: instant(row.counted_from ?? row.received_at),
      dueAt: instant(row.original_due_at),
      rule: row.due_rule as DueRule,
      minutes: row.time_limit_minutes,
      cutoff: null,
      afterCutoff: false,
    };
  }

  function apply(code: string, body: ActionRequest, staff: Staff): void {
    requireFields(body);
    const actor = actorOf(staff);
    const chart = orgChart();
    const { ledBy } = chart;
    const cal = catalogue.calendar();
    // A refused supplement request is still recorded (for the supervisors): written in its own
    // transaction, after the action's has rolled back, then the refusal goes to the caller.
    let refusedAttempt: { row: DossierRow; at: string; error: AppError } | null = null;

    const run = db.transaction(() => {
      const row = repo.byCode(code);
      if (!row) throw new AppError('DOSSIER_NOT_FOUND');
      const steps = repo.stepsOf(row.id);
      const state = stateOf(repo, row, steps, chart);
      const refusal = refusalOf(body.type, state, actor, ledBy, body.step);
      const now = eventTime(row);
      const at = toVnIso(now);
      if (refusal) {
        const error = new AppError(refusal.code, refusal.details, refusal.message);
        // Only the once-only refusals are recorded: the role, state and department were right, so this
        // was a real attempt to ask again (a stranger's 403 writes nothing into a dossier's history).
        if (body.type === 'request-supplement' && (refusal.code === 'SUPPLEMENT_ALREADY_REQUESTED' || refusal.code === 'SUPPLEMENT_AFTER_APOLOGY')) refusedAttempt = { row, at, error };
        throw error;
      }
      refusePersonalData(row, body);
      const step = currentStep(steps);
      const event = (kind: string, data: Record<string, unknown>) => repo.appendEvent({ dossier_id: row.id, at, kind, actor_id: staff.id, data });
      const stepRef = (s: StepRow) => ({ seq: s.seq, step: s.name, department: s.department_code, departmentName: s.department_name });

      // Where the deadline counts from now (moved by a supplement's restart): no own clock starts before it.
      const countFrom = instant(row.counted_from ?? row.received_at);
      /** The own due time of a step reaching its department now (shared/step-clocks.ts). */
      const ownDueNow = (s: StepRow) => toVnIso(ownDueOnArrival(now, s.share_minutes ?? s.allotted_minutes, countFrom, instant(s.milestone_at ?? s.due_at), cal));

      /**
       * Finishes the current step, judged on both clocks: against its holder's own due time (the
       * lateness that goes to its department and holder) and against the plan's milestone (the
       * citizen's timeline).
       */
      const finish = (s: StepRow, note: string | null) => {
        const ownDue = s.own_due_at ?? s.due_at;
        const own = classify(now, instant(ownDue), cal, 'minute');
        const plan = classify(now, instant(s.due_at), cal, 'minute');
        const heldBy = s.held_by ?? staff.id;
        const lateMinutes = Math.max(0, own.lateByWorkingMinutes);
        const planLateMinutes = Math.max(0, plan.lateByWorkingMinutes);
        repo.finishStep({
          dossier_id: row.id,
          seq: s.seq,
          completed_at: at,
          completed_by: staff.id,
          held_by: heldBy,
          timeliness: own.timeliness,
          late_minutes: lateMinutes,
          plan_timeliness: plan.timeliness,
          plan_late_minutes: planLateMinutes,
        });
        return {
          ...stepRef(s),
          dueAt: s.due_at,
          arrivedAt: s.started_at,
          ownDueAt: ownDue,
          timeliness: own.timeliness,
          lateMinutes,
          planTimeliness: plan.timeliness,
          planLateMinutes,
          heldBy: s.held_by_username ?? staff.username,
          ...(note ? { note } : {}),
        };
      };

      switch (body.type) {
        case 'accept-step': {
          repo.holdStep({ dossier_id: row.id, seq: step!.seq, held_by: staff.id, taken_at: at });
          event('step_accepted', { ...stepRef(step!), from: step!.held_by_username });
          break;
        }
        case 'complete-step': {
          const next = steps[steps.indexOf(step!) + 1]!;
          const done = finish(step!, body.note ? tidy(body.note) : null);
          repo.startStep({ dossier_id: row.id, seq: next.seq, started_at: at, own_due_at: ownDueNow(next) });
          if (row.status === 'received') repo.updateStatus({ id: row.id, status: 'processing', completed_at: null });
          event('step_completed', { ...done, to: { seq: next.seq, step: next.name, department: next.department_code, departmentName: next.department_name } });
          break;
        }
        case 'return-step': {
          const previous = steps[steps.indexOf(step!) - 1]!;
          repo.unstartStep({ dossier_id: row.id, seq: step!.seq });
          repo.startStep({ dossier_id: row.id, seq: previous.seq, started_at: at, own_due_at: ownDueNow(previous) });
          repo.updateStatus({ id: row.id, status: previous.seq === steps[0]!.seq ? 'received' : 'processing', completed_at: null });
          event('step_returned', { from: stepRef(step!), to: stepRef(previous), reason: tidy(body.reason!) });
          break;
        }
        case 'request-supplement': {
          const windowMinutes = catalogue.supplementWindowMinutes(row.procedure_code);
          // The clock's rules, the same function the work queue offers the button by (the window from
          // receipt; never after the appointment, as a supplement restarts the clock).
          const late = supplementTimingRefusal({ now, receivedAt: instant(row.received_at), dueAt: instant(row.due_at), supplementWindowMinutes: windowMinutes, calendar: cal });
          if (late) {
            const error = new AppError(late, late === 'SUPPLEMENT_WINDOW_PASSED' ? { windowWorkingDays: windowMinutes / 480, receivedAt: row.received_at } : { dueAt: row.due_at });
            refusedAttempt = { row, at, error };
            throw error;
          }
          const published = new Set((catalogue.procedure(row.procedure_code)?.documents ?? []).map((d) => tidy(nfc(d)).toLocaleLowerCase('vi')));
          const documents = body.documents!.map((d) => ({
            name: tidy(d.name),
            ...(d.basis && tidy(d.basis) ? { basis: tidy(d.basis) } : {}),
            ...(d.originals !== undefined ? { originals: d.originals } : {}),
            ...(d.copies !== undefined ? { copies: d.copies } : {}),
          }));
          // Asking for papers the law does not list is prohibited (Decree 61 art. 5): one outside the
          // published list must say on what basis it is asked for.
          // A published entry names the paper first and then its conditions ("Giấy chứng sinh (không có thì …)"):
          // the whole entry, or the paper's name before its first bracket or semicolon, is enough.
          const listed = (name: string) => {
            const n = name.toLocaleLowerCase('vi');
            return [...published].some((p) => p === n || p.split(/[(;]/)[0]!.trim() === n);
          };
          const unlisted = documents.flatMap((d, i) => (!listed(d.name) && !d.basis ? [{ field: `/documents/${i}/basis`, message: `«${d.name}» không có trong thành phần hồ sơ đã công bố: ghi căn cứ pháp lý.` }] : []));
          if (unlisted.length) throw new AppError('SUPPLEMENT_DOCUMENT_NEEDS_BASIS', unlisted);
          repo.pause(row.id, at);
          event('supplement_requested', {
            clock: catalogue.procedure(row.procedure_code)?.supplementClock ?? 'restart',
            reason: tidy(body.reason!),
            documents,
            ...(body.contact && tidy(body.contact) ? { contact: tidy(body.contact) } : {}),
            ...stepRef(step!),
            dueAtWhenPaused: row.due_at,
          });
          break;
        }
        case 'receive-supplement': {
          const procedure = catalogue.procedure(row.procedure_code);
          const mode = procedure?.supplementClock ?? 'restart';
          // A time-limit variant is counted in working hours, never as same-day (its limit is stored on the row).
          const variant = variantOf(row);
          const limit = { minutes: row.time_limit_minutes, sameDayCutoff: procedure && !variant ? timeLimitOf(procedure).sameDayCutoff ?? null : null };
          const before = deadlineOf(row);
          const open = steps.filter((s) => s.state !== 'done');
          const resumed = afterPause(before, { pausedAt: instant(row.paused_at!), resumedAt: now, mode }, limit, catalogue.policy(), cal, open.map((s) => instant(s.due_at)));
          const dueAt = toVnIso(resumed.deadline.dueAt);
          // The plan and the holders' clocks move with the pause. Under `restart` the open steps share the
          // new window in proportion to their allotted time, as at intake, each one's allotment its new
          // segment, and the step in hand starts its allotment again; under `resume` every open
          // milestone and the step in hand's own due time keep the working time they had left.
          const pause = { pausedAt: instant(row.paused_at!), resumedAt: now, mode };
          const restart = mode === 'restart' ? replanAfterRestart(resumed.deadline, open.map((s) => s.allotted_minutes), cal) : null;
          open.forEach((s, i) => {
            const milestone = restart ? restart.milestones[i]! : shiftedByPause(instant(s.milestone_at ?? s.due_at), pause, cal);
            const share = restart ? restart.shares[i]! : (s.share_minutes ?? s.allotted_minutes);
            const ownDue = s.own_due_at ? toVnIso(ownDueAfterPause(instant(s.own_due_at), pause, restart ? { countFrom: resumed.deadline.countFrom, shareMinutes: share, milestone } : null, cal)) : null;
            repo.setStepDue({ dossier_id: row.id, seq: s.seq, due_at: toVnIso(restart ? milestone : resumed.moved[i]!) });
            repo.setStepClock({ dossier_id: row.id, seq: s.seq, share_minutes: share, milestone_at: toVnIso(milestone), own_due_at: ownDue });
          });
          repo.resume({ id: row.id, due_at: dueAt, counted_from: toVnIso(resumed.deadline.countFrom), due_explanation: JSON.stringify(explainDeadline(resumed.deadline, cal, resumed, variant ?? undefined)) });
          event('supplement_received', {
            mode,
            pausedAt: row.paused_at,
            countFrom: toVnIso(resumed.deadline.countFrom),
            previousDueAt: row.due_at,
            dueAt,
            remainingMinutes: resumed.remainingMinutes,
          });
          break;
        }
        case 'apologize': {
          const due = instant(row.due_at);
          if (!apologyInTime(now, due, cal)) throw new AppError('APOLOGY_TOO_LATE', { dueAt: row.due_at, workingMinutesLeft: Math.max(0, Math.round(workingMinutesBetween(now, due, cal))) });
          const newDue = parseIsoInstant(body.newDueAt!.trim());
          if (!newDue) throw new AppError('INVALID_TIME', [{ field: '/newDueAt', message: 'Cần dạng 2026-12-01T16:00:00+07:00.' }]);
          // [design] No further than the procedure's time limit again (at least 10 working days) from the
          // current appointment: an apology cannot be taken back, so a typo must not promise year 9999.
          const horizon = addWorkingMinutes(due, Math.max(row.time_limit_minutes, 10 * 480), cal);
          if (newDue.getTime() <= due.getTime() || newDue.getTime() > horizon.getTime() || !withinOfficeHours(newDue)) {
            throw new AppError('INVALID_NEW_DUE', [{ field: '/newDueAt', message: `Chọn một thời điểm sau ${formatVnShort(due)}, trong giờ làm việc, không muộn hơn ${formatVnShort(horizon)}.` }]);
          }
          repo.reappoint(row.id, toVnIso(newDue));
          // The open steps are planned again so that the last ends on the new appointment (the holders'
          // own clocks do not move: an apology admits the dossier's delay, it does not excuse a person's).
          const open = steps.filter((s) => s.state !== 'done');
          const replanned = replanAfterApology(now, newDue, open.map((s) => s.allotted_minutes), cal);
          open.forEach((s, i) => repo.setStepDue({ dossier_id: row.id, seq: s.seq, due_at: toVnIso(replanned[i]!) }));
          event('apologized', { reason: tidy(body.reason!), previousDueAt: row.due_at, originalDueAt: row.original_due_at, newDueAt: toVnIso(newDue), department: step!.department_name, departmentCode: step!.department_code, seq: step!.seq });
          break;
        }
        case 'refuse':
        case 'stop': {
          repo.updateStatus({ id: row.id, status: body.type === 'refuse' ? 'refused' : 'withdrawn', completed_at: at });
          event(body.type === 'refuse' ? 'refused' : 'stopped', { reason: tidy(body.reason!), ...(step ? stepRef(step) : {}) });
          break;
        }
        case 'result-ready': {
          const done = finish(step!, body.note ? tidy(body.note) : null);
          // The dossier is judged against the appointment it was first given: an apology's new date
          // does not make a late dossier on time (one-stop rules §5).
          // By the day or to the minute as the centre counts (its `timeliness` setting), recorded with the rule used.
          const timelinessMode = catalogue.timelinessMode();
          const judged = judgeDossier(now, instant(row.original_due_at), row.due_rule as DueRule, timelinessMode, cal);
          repo.updateStatus({ id: row.id, status: 'ready', completed_at: at });
          event('result_ready', { ...done, dossierTimeliness: judged.timeliness, dossierLateMinutes: judged.lateMinutes, originalDueAt: row.original_due_at, dueAt: row.due_at, timelinessMode });
          break;
        }
        case 'return-result': {
          // One vocabulary with the intake's promise: an electronic result is handed over as 'online'.
          const method = returnMethodOf(body.method!)!;
          repo.markReturned({ id: row.id, returned_at: at, method });
          event('returned', { method });
          break;
        }
      }
    });
    try {
      run.immediate();
    } catch (e) {
      if (refusedAttempt) {
        const { row, at, error } = refusedAttempt as { row: DossierRow; at: string; error: AppError };
        repo.appendEvent({ dossier_id: row.id, at, kind: 'supplement_request_refused', actor_id: staff.id, data: { why: error.code, reason: body.reason ? tidy(body.reason) : '', documents: (body.documents ?? []).map((d) => tidy(d.name)) } });
      }
      throw e;
    }

    function withinOfficeHours(t: Date): boolean {
      // Inside a session, or exactly at the close of the day (the usual "17:00" of an appointment).
      try {
        return isWorkingInstant(t, cal) || closingOf(dayOf(t), cal).getTime() === t.getTime();
      } catch {
        return false;
      }
    }
  }

  return {
    /** Applies an action; the caller answers with the updated dossier. */
    act(code: string, body: ActionRequest, staff: Staff): void {
      apply(code, body, staff);
    },

    /**
     * The dossiers waiting on a member of staff: those at a step of their department (a leader: also
     * the departments they head), and at the counter those waiting for a supplement or ready to hand
     * over; each with the actions this person may take now, most urgent first.
     */
    queue(staff: Staff): WorkQueue {
      const now = clock();
      const cal = catalogue.calendar();
      const actor = actorOf(staff);
      const chart = orgChart();
      const { ledBy } = chart;
      const departments = staff.department ? (staff.role === 'leader' ? repo.departmentsHeadedBy(staff.department.code) : [{ code: staff.department.code, name: staff.department.name }]) : [];
      const rows = ['clerk', 'officer', 'leader'].includes(staff.role) ? repo.workQueue(departments.map((d) => d.code), staff.role === 'clerk') : [];
      const today = dayOf(now);
      let tomorrow: number | null = null;
      try {
        // The next working day after today (nthWorkingDay(today, 1) is today itself on a working day).
        tomorrow = workingDayFrom(today + 1, cal);
      } catch {
        tomorrow = null;
      }
      // Each procedure's own supplement window (else the centre's), looked up once per procedure.
      const windows = new Map<string, number>();
      const windowOf = (code: string) => windows.get(code) ?? windows.set(code, catalogue.supplementWindowMinutes(code)).get(code)!;
      const items = rows.map((row) => {
        const steps = repo.stepsOf(row.id);
        const state = stateOf(repo, row, steps, chart);
        const step = currentStep(steps);
        const paused = row.status === 'awaiting_supplement';
        // The holder works to their own due time (the plan's milestone may already have passed when the step arrived).
        const stepDue = step ? instant(step.own_due_at ?? step.due_at) : null;
        const minutesLeft = !paused && stepDue && row.status !== 'ready' ? Math.round(workingMinutesBetween(now, stepDue, cal)) : null;
        const urgency = row.status === 'ready' ? 'waiting' : paused ? 'paused' : stepDue && now.getTime() > stepDue.getTime() ? 'late' : stepDue && dayOf(stepDue) === today ? 'today' : stepDue && dayOf(stepDue) === tomorrow ? 'tomorrow' : 'fine';
        return {
          ...dossierHead(row),
          dueAt: row.due_at,
          step: step ? { seq: step.seq, name: step.name, department: { code: step.department_code, name: step.department_name }, dueAt: step.due_at, ownDueAt: step.own_due_at ?? step.due_at, startedAt: step.started_at, heldBy: step.held_by_name } : null,
          minutesLeft,
          urgency,
          actions: allowedActions(state, actor, ledBy, { now, receivedAt: instant(row.received_at), dueAt: instant(row.due_at), supplementWindowMinutes: windowOf(row.procedure_code), calendar: cal }),
          supplementRequested: state.supplementRequested,
          apologized: state.apologized,
        } as const;
      });
      const rank = { late: 0, today: 1, tomorrow: 2, fine: 3, paused: 4, waiting: 5 } as const;
      items.sort((a, b) => rank[a.urgency] - rank[b.urgency] || (a.minutesLeft ?? 0) - (b.minutesLeft ?? 0) || a.dueAt.localeCompare(b.dueAt));
      return { asOf: toVnIso(now), departments, items };
    },
  };
}

export type { ActionType };
