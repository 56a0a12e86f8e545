/**
 * One dossier's life in the simulated year, from intake to the rating, decided in one go and cut at
 * the simulation's "now". It mirrors what the real services write (server/dossiers/service.ts for
 * intake, server/dossiers/actions.ts for each action, server/kiosk/service.ts for the rating): the same
 * event kinds with the same data fields built in the same order (so the JSON is byte-for-byte what the
 * action would have stored), the same step columns (held_by, completed_by, timeliness, late_minutes),
 * the same due-time arithmetic (planDossier, afterPause, classify, apologyInTime over the centre's
 * calendar) and the same rules (who may act, the once-only supplement within its window and before the
 * appointment, one apology at least a working day ahead, no supplement after an apology).
 */
import type { DeadlinePolicy, DueRule, SupplementClock, TimeLimit } from '../../shared/deadline.ts';
import { afterPause, judgeDossier } from '../../shared/deadline.ts';
import { explainDeadline } from '../../shared/explain.ts';
import type { OfficialCalendar } from '../../shared/calendar.ts';
import { RATING_REASON_KEYS, type RatingLevel, type RatingReason } from '../../shared/kiosk.ts';
import { apologyInTime, supplementWindowOpen } from '../../shared/processing.ts';
import { planDossier } from '../../shared/schedule.ts';
import { ownDueAfterPause, ownDueOnArrival, replanAfterApology, replanAfterRestart, shiftedByPause, stepShares } from '../../shared/step-clocks.ts';
import { toVnIso } from '../../shared/time.ts';
import type { ReturnMethod } from '../../shared/vocabulary.ts';
import { addWorkingMinutes, classify, closingOf, dayOf, workingMinutesBetween } from '../../shared/working-time.ts';
import type { Rand } from '../../shared/prng.ts';
import type { TimelinessMode } from '../../shared/vocabulary.ts';
import type { DossierInsert, StepInsert } from './store.ts';

export interface Person {
  readonly id: number;
  readonly username: string;
  readonly role: 'clerk' | 'officer' | 'leader' | 'supervisor' | 'admin';
  readonly department: string | null;
  /** How much more often than the department's usual this person finishes a step late (1: as usual). */
  readonly lateFactor: number;
}

export interface ProcedureDef {
  readonly code: string;
  readonly name: string;
  readonly limit: TimeLimit;
  readonly supplementClock: SupplementClock;
  readonly documents: readonly string[];
  readonly steps: readonly { readonly name: string; readonly department: string; readonly departmentName: string; readonly allotted: number }[];
}

export interface World {
  readonly calendar: OfficialCalendar;
  readonly policy: DeadlinePolicy;
  /** How long after receipt a supplement may be asked for: the procedure's own window, else the centre's. */
  readonly supplementWindowMinutes: (procedureCode: string) => number;
  /** How a dossier is judged against its appointment (the centre's `timeliness` setting). */
  readonly timelinessMode: TimelinessMode;
  readonly asOf: Date;
  readonly rand: Rand;
  /** Who carries out a department's steps (for a leadership: its leaders). */
  readonly workers: (department: string) => readonly Person[];
  /** The leaders who may apologise for, or refuse, a department's dossiers (its own head and its leadership's). */
  readonly heads: (department: string) => readonly Person[];
  readonly clerks: readonly Person[];
  /** A department's usual share of steps finished late, before the officer's own factor. */
  readonly lateRate: (department: string) => number;
}

export interface Applicant {
  readonly name: string;
  readonly idNumber: string;
  readonly phone: string;
  readonly address: string;
  readonly email: string;
  /** The `received` event's digest of the above (server/dossiers/consistency.ts applicantDigest). */
  readonly digest: string;
}

export interface Intake {
  readonly code: string;
  readonly lookupKey: string;
  readonly procedure: ProcedureDef;
  readonly receivedAt: Date;
  readonly clerk: Person;
  readonly applicant: Applicant;
  readonly documents: readonly { name: string; originals: number; copies: number }[];
  readonly channel: 'in_person' | 'post' | 'online';
  readonly returnMethod: 'at_centre' | 'post' | 'online';
  readonly registerYear: number;
  readonly registerNo: number;
}

export interface LifeEvent {
  /** Epoch ms, whole seconds. */
  readonly t: number;
  readonly kind: string;
  readonly actor: number | null;
  readonly data: string;
  readonly rating?: { level: RatingLevel; reasons: string; channel: string | null };
}

export interface Life {
  readonly row: DossierInsert;
  readonly steps: StepInsert[];
  readonly events: LifeEvent[];
}

// The year's mix (intended bands, checked by simulate-year.test.ts).
/** Dossiers where the department asks for a supplement (5–8 % in the brief). */
export const SUPPLEMENT_RATE = 0.075;
/** Of those, the share where an officer later tries to ask again (refused: once only). */
const SECOND_ATTEMPT_RATE = 0.12;
/** Of those, the applicant who never brings the papers and withdraws. */
const SUPPLEMENT_ABANDONED = 0.08;
const REFUSAL_RATE = 0.008;
const WITHDRAWAL_RATE = 0.006;
/** Of dossiers a leader can see will be late while there is a working day left, the share apologised for. */
const APOLOGY_RATE = 0.55;
const ON_TIME_RATE = 0.03;
/** Of the steps that overrun, those left lying for 3–25 working days. */
const STUCK_SHARE = 0.06;
const ACCEPT_RATE = 0.6;
const RATING_RATE = 0.3;

const SUPPLEMENT_REASONS = [
  'Bản sao giấy tờ chưa được chứng thực (dữ liệu mô phỏng)',
  'Tờ khai còn thiếu thông tin bắt buộc (dữ liệu mô phỏng)',
  'Giấy tờ nộp kèm đã hết hiệu lực (dữ liệu mô phỏng)',
];
const APOLOGY_REASONS = [
  'Chờ kết quả xác minh từ cơ quan khác (dữ liệu mô phỏng)',
  'Cán bộ thụ lý nghỉ ốm đột xuất, đã phân công người thay (dữ liệu mô phỏng)',
  'Phần mềm chuyên ngành gián đoạn, không cập nhật được dữ liệu (dữ liệu mô phỏng)',
  'Số lượng hồ sơ tăng đột biến (dữ liệu mô phỏng)',
];
const REFUSAL_REASONS = ['Hồ sơ không đủ điều kiện theo quy định (dữ liệu mô phỏng)', 'Không thuộc thẩm quyền giải quyết của cấp xã (dữ liệu mô phỏng)'];
const WITHDRAWAL_REASON = 'Công dân có đơn xin rút hồ sơ (dữ liệu mô phỏng)';
const ABANDONED_REASON = 'Công dân không bổ sung hồ sơ, có đơn xin rút hồ sơ (dữ liệu mô phỏng)';
const CHANNELS = ['scanner', 'scanner', 'scanner', 'camera', 'keypad', 'link', 'link', 'code'] as const;

const MINUTE = 60_000;
/** Times as the database keeps them: to the second (toVnIso drops the milliseconds). */
const floorSec = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);
const roundSec = (d: Date) => new Date(Math.round(d.getTime() / 1000) * 1000);
const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

interface SimStep {
  seq: number;
  name: string;
  department: string;
  departmentName: string;
  allotted: number;
  due: Date;
  state: 'pending' | 'in_progress' | 'done';
  startedAt: Date | null;
  completedAt: Date | null;
  heldBy: Person | null;
  completedBy: Person | null;
  timeliness: 'early' | 'on_time' | 'late' | null;
  lateMinutes: number | null;
  /** The holder's clock (shared/step-clocks.ts), as the actions keep it. */
  share: number;
  /** The plan's milestone the holder is held to (moved by a pause, not by an apology). */
  milestone: Date;
  ownDue: Date | null;
  takenAt: Date | null;
  planTimeliness: 'early' | 'on_time' | 'late' | null;
  planLateMinutes: number | null;
}

export function live(world: World, intake: Intake): Life {
  const { calendar: cal, rand, asOf } = world;
  const iso = toVnIso;
  const add = (from: Date, minutes: number) => roundSec(addWorkingMinutes(from, Math.max(0, Math.round(minutes)), cal));
  const inTime = (t: Date) => t.getTime() <= asOf.getTime();
  const proc = intake.procedure;
  const receivedAt = intake.receivedAt;

  const plan = planDossier(receivedAt, proc.limit, proc.steps.map((s) => ({ allottedMinutes: s.allotted })), world.policy, cal);
  const rule = plan.deadline.rule as DueRule;
  let due = floorSec(plan.dueAt);
  let original = due;
  let countedFrom = floorSec(plan.deadline.countFrom);
  let explanation = JSON.stringify(explainDeadline(plan.deadline, cal));
  const shares = stepShares(plan.deadline.countFrom, plan.stepDueAt, cal);
  const ownDueFrom = (arrived: Date, step: SimStep) => roundSec(ownDueOnArrival(arrived, step.share, countedFrom, step.milestone, cal));
  const steps: SimStep[] = proc.steps.map((s, i) => ({
    seq: i + 1,
    name: s.name,
    department: s.department,
    departmentName: s.departmentName,
    allotted: s.allotted,
    due: floorSec(plan.stepDueAt[i]!),
    state: i === 0 ? 'in_progress' : 'pending',
    startedAt: i === 0 ? receivedAt : null,
    completedAt: null,
    heldBy: null,
    completedBy: null,
    timeliness: null,
    lateMinutes: null,
    share: shares[i]!,
    milestone: floorSec(plan.stepDueAt[i]!),
    ownDue: i === 0 ? roundSec(ownDueOnArrival(receivedAt, shares[0]!, plan.deadline.countFrom, plan.stepDueAt[0]!, cal)) : null,
    takenAt: null,
    planTimeliness: null,
    planLateMinutes: null,
  }));
  let status: DossierInsert['status'] = 'received';
  let completedAt: Date | null = null;
  let pausedAt: Date | null = null;
  let statusBeforePause: string | null = null;
  let returnedAt: Date | null = null;
  let returnedBy: ReturnMethod | null = null;
  let apologized = false;
  const events: LifeEvent[] = [];
  let last = receivedAt;
  const emit = (at: Date, kind: string, actor: Person | null, data: unknown, rating?: LifeEvent['rating']) => {
    events.push({ t: at.getTime(), kind, actor: actor?.id ?? null, data: JSON.stringify(data), ...(rating ? { rating } : {}) });
    last = at;
  };
  const stepRef = (s: SimStep) => ({ seq: s.seq, step: s.name, department: s.department, departmentName: s.departmentName });

  emit(receivedAt, 'received', intake.clerk, {
    applicant: intake.applicant.digest,
    procedureCode: proc.code,
    dueAt: iso(due),
    dueRule: rule,
    countedFrom: iso(countedFrom),
    documents: intake.documents.length,
    channel: intake.channel,
  });

  // The dossier's fate, drawn first so the mix does not depend on where the year is cut.
  const processing = steps.map((s, i) => (i > 0 && s.department !== 'TTPVHCC' ? i : -1)).filter((i) => i > 0);
  const fate = rand.next();
  const refuseAt = fate < REFUSAL_RATE && processing.length ? rand.pick(processing) : -1;
  const withdrawAt = fate >= REFUSAL_RATE && fate < REFUSAL_RATE + WITHDRAWAL_RATE ? Math.min(steps.length - 1, rand.int(1, 2)) : -1;
  const supplement = steps.length >= 3 && rand.next() < SUPPLEMENT_RATE;

  const result = (): Life => ({
    row: {
      code: intake.code,
      lookup_key: intake.lookupKey,
      procedure_code: proc.code,
      procedure_name: proc.name,
      applicant_name: intake.applicant.name,
      applicant_id_number: intake.applicant.idNumber,
      applicant_phone: intake.applicant.phone,
      applicant_address: intake.applicant.address,
      applicant_email: intake.applicant.email,
      documents: JSON.stringify(intake.documents),
      sets: 1,
      channel: intake.channel,
      return_method: intake.returnMethod,
      status,
      received_at: iso(receivedAt),
      received_by: intake.clerk.id,
      time_limit_minutes: proc.limit.minutes,
      original_due_at: iso(original),
      due_at: iso(due),
      due_rule: rule,
      counted_from: iso(countedFrom),
      due_explanation: explanation,
      completed_at: completedAt && iso(completedAt),
      register_year: intake.registerYear,
      register_no: intake.registerNo,
      paused_at: pausedAt && iso(pausedAt),
      status_before_pause: statusBeforePause,
      returned_at: returnedAt && iso(returnedAt),
      returned_by_method: returnedBy,
    },
    steps: steps.map((s) => ({
      seq: s.seq,
      name: s.name,
      department_code: s.department,
      allotted_minutes: s.allotted,
      due_at: iso(s.due),
      state: s.state,
      started_at: s.startedAt && iso(s.startedAt),
      completed_at: s.completedAt && iso(s.completedAt),
      held_by: s.heldBy?.id ?? null,
      completed_by: s.completedBy?.id ?? null,
      timeliness: s.timeliness,
      late_minutes: s.lateMinutes,
      share_minutes: s.share,
      milestone_at: iso(s.milestone),
      own_due_at: s.ownDue && iso(s.ownDue),
      taken_at: s.takenAt && iso(s.takenAt),
      plan_timeliness: s.planTimeliness,
      plan_late_minutes: s.planLateMinutes,
    })),
    events,
  });

  /** A stop (the applicant withdraws): any counter clerk records it (2025 form: notice of stopped processing). */
  const stop = (at: Date, reason: string, s: SimStep | null) => {
    status = 'withdrawn';
    completedAt = at;
    emit(at, 'stopped', rand.pick(world.clerks), { reason, ...(s ? stepRef(s) : {}) });
  };

  let cursor = receivedAt;
  for (const [i, s] of steps.entries()) {
    const isLast = i === steps.length - 1;
    const worker = rand.pick(world.workers(s.department));
    const prevDue = i === 0 ? countedFrom : steps[i - 1]!.due;
    const planned = Math.max(5, workingMinutesBetween(prevDue, s.due, cal));

    if (i === withdrawAt) {
      const at = add(later(cursor, last), rand.int(30, 600));
      if (inTime(at)) stop(at, WITHDRAWAL_REASON, s);
      return result();
    }

    if (rand.next() < ACCEPT_RATE) {
      const at = add(later(cursor, last), rand.int(1, Math.max(2, Math.min(45, Math.floor(planned / 4)))));
      if (!inTime(at)) return result();
      emit(at, 'step_accepted', worker, { ...stepRef(s), from: s.heldBy?.username ?? null });
      s.heldBy = worker;
      s.takenAt = at;
    }

    if (i === 1 && supplement && !apologized) {
      const asked = add(last, rand.int(20, 480));
      // The once-only request, within the window after receipt and before the appointment (actions.ts).
      if (supplementWindowOpen(receivedAt, asked, world.supplementWindowMinutes(proc.code), cal) && asked.getTime() <= due.getTime()) {
        if (!inTime(asked)) return result();
        const officer = worker.role === 'clerk' ? rand.pick(world.heads(s.department)) : worker;
        const documents = [{ name: rand.pick(proc.documents.length ? proc.documents : ['Tờ khai']), basis: 'Thành phần hồ sơ đã công bố của thủ tục', originals: 1 }];
        statusBeforePause = status;
        status = 'awaiting_supplement';
        pausedAt = asked;
        emit(asked, 'supplement_requested', officer, {
          clock: proc.supplementClock,
          reason: rand.pick(SUPPLEMENT_REASONS),
          documents,
          contact: `${officer.username}, bộ phận ${s.department}`,
          ...stepRef(s),
          dueAtWhenPaused: iso(due),
        });
        if (rand.next() < SUPPLEMENT_ABANDONED) {
          const at = add(asked, rand.int(5, 15) * 480);
          if (inTime(at)) stop(at, ABANDONED_REASON, s);
          return result();
        }
        const back = add(asked, rand.int(240, 4800));
        if (!inTime(back)) return result();
        // receive-supplement: the same afterPause the action runs, over the row's deadline (deadlineOf).
        const before = { receivedAt, countFrom: countedFrom, dueAt: original, rule, minutes: proc.limit.minutes, cutoff: null, afterCutoff: false };
        const open = steps.filter((x) => x.state !== 'done');
        const resumed = afterPause(before, { pausedAt: asked, resumedAt: back, mode: proc.supplementClock }, proc.limit, world.policy, cal, open.map((x) => x.due));
        const previousDueAt = iso(due);
        // The plan and the holders' clocks move as in actions.ts (receive-supplement).
        const pause = { pausedAt: asked, resumedAt: back, mode: proc.supplementClock };
        const restart = proc.supplementClock === 'restart' ? replanAfterRestart(resumed.deadline, open.map((x) => x.allotted), cal) : null;
        open.forEach((x, k) => {
          x.milestone = floorSec(restart ? restart.milestones[k]! : shiftedByPause(x.milestone, pause, cal));
          x.due = restart ? x.milestone : floorSec(resumed.moved[k]!);
          if (restart) x.share = restart.shares[k]!;
          if (x.ownDue) x.ownDue = roundSec(ownDueAfterPause(x.ownDue, pause, restart ? { countFrom: resumed.deadline.countFrom, shareMinutes: x.share, milestone: x.milestone } : null, cal));
        });
        due = original = floorSec(resumed.deadline.dueAt);
        countedFrom = floorSec(resumed.deadline.countFrom);
        explanation = JSON.stringify(explainDeadline(resumed.deadline, cal, resumed));
        status = statusBeforePause as DossierInsert['status'];
        statusBeforePause = null;
        pausedAt = null;
        emit(back, 'supplement_received', rand.pick(world.clerks), {
          mode: proc.supplementClock,
          pausedAt: iso(asked),
          countFrom: iso(countedFrom),
          previousDueAt,
          dueAt: iso(due),
          remainingMinutes: resumed.remainingMinutes,
        });
        cursor = back;
        if (rand.next() < SECOND_ATTEMPT_RATE) {
          const at = add(back, rand.int(30, 900));
          if (!inTime(at)) return result();
          // Refused (once only) and recorded in its own transaction, with the fields actions.ts records.
          emit(at, 'supplement_request_refused', officer, { why: 'SUPPLEMENT_ALREADY_REQUESTED', reason: rand.pick(SUPPLEMENT_REASONS), documents: [rand.pick(proc.documents.length ? proc.documents : ['Tờ khai'])] });
        }
      }
    }

    const start = later(cursor, last);
    if (i === refuseAt) {
      const at = add(start, rand.int(30, Math.max(31, planned)));
      if (!inTime(at)) return result();
      status = 'refused';
      completedAt = at;
      emit(at, 'refused', rand.pick(world.heads(s.department)), { reason: rand.pick(REFUSAL_REASONS), ...stepRef(s) });
      return result();
    }

    // How long the step takes, on its holder's own clock (the time since it reached them and their
    // allotment): most finish early, a few exactly at their own due time, a tail late (more in some
    // departments, much more for a chronically late officer). A step that arrives after the plan's
    // milestone (an earlier one overran) is late for the dossier, not for its holder.
    const ownDue = s.ownDue ?? s.due;
    const minimal = Math.max(2, Math.min(60, Math.round(s.allotted * 0.05)));
    const avail = workingMinutesBetween(start, ownDue, cal);
    const lateP = Math.min(0.9, world.lateRate(s.department) * worker.lateFactor);
    const u = rand.next();
    let done: Date;
    if (u < lateP) {
      // Mostly hours over; now and then a dossier forgotten for days or weeks (the backlog a supervisor finds).
      const over = rand.next() < STUCK_SHARE ? rand.int(3, 25) * 480 : Math.min(Math.max(5, -Math.log(1 - rand.next()) * Math.max(30, s.allotted * 0.6)), Math.max(480, s.allotted * 4));
      done = add(start, Math.max(0, avail) + over);
    } else if (u < lateP + ON_TIME_RATE && avail >= minimal) {
      done = ownDue;
    } else if (avail > minimal + 1) {
      // Skewed towards the early part of the window: squared uniform.
      const v = rand.next();
      done = add(start, minimal + (avail - minimal - 1) * v * v);
    } else {
      done = add(start, minimal);
    }

    // A leader who can see the dossier will miss its appointment apologises while a working day is left.
    if (i >= 1 && !apologized && status !== 'awaiting_supplement') {
      const rest = steps.slice(i + 1).reduce((n, x) => n + x.allotted, 0);
      const projected = add(done, rest * 0.5);
      if (projected.getTime() > due.getTime() && rand.next() < APOLOGY_RATE) {
        const at = add(start, rand.int(10, 240));
        if (at.getTime() < done.getTime() && apologyInTime(at, due, cal)) {
          const newDue = closingOf(dayOf(add(projected, rand.int(0, 960))), cal);
          const horizon = addWorkingMinutes(due, Math.max(proc.limit.minutes, 10 * 480), cal);
          if (newDue.getTime() > due.getTime() && newDue.getTime() <= horizon.getTime()) {
            if (!inTime(at)) return result();
            const leader = rand.pick(world.heads(s.department));
            emit(at, 'apologized', leader, { reason: rand.pick(APOLOGY_REASONS), previousDueAt: iso(due), originalDueAt: iso(original), newDueAt: iso(newDue), department: s.departmentName, departmentCode: s.department, seq: s.seq });
            due = newDue;
            // The open steps planned again to end on the new appointment (actions.ts, apologize).
            const open = steps.filter((x) => x.state !== 'done');
            replanAfterApology(at, newDue, open.map((x) => x.allotted), cal).forEach((d, k) => (open[k]!.due = floorSec(d)));
            apologized = true;
          }
        }
      }
    }

    if (done.getTime() < last.getTime()) done = last;
    if (!inTime(done)) return result();
    // finish() in actions.ts: judged on the holder's own clock (lateness to its holder) and on the plan.
    const judged = classify(done, ownDue, cal, 'minute');
    const lateMinutes = Math.max(0, judged.lateByWorkingMinutes);
    const planJudged = classify(done, s.due, cal, 'minute');
    const planLateMinutes = Math.max(0, planJudged.lateByWorkingMinutes);
    const heldBy = s.heldBy ?? worker;
    const doneData = {
      ...stepRef(s),
      dueAt: iso(s.due),
      arrivedAt: s.startedAt && iso(s.startedAt),
      ownDueAt: iso(ownDue),
      timeliness: judged.timeliness,
      lateMinutes,
      planTimeliness: planJudged.timeliness,
      planLateMinutes,
      heldBy: s.heldBy?.username ?? worker.username,
    };
    s.state = 'done';
    s.completedAt = done;
    s.completedBy = worker;
    s.heldBy = heldBy;
    s.timeliness = judged.timeliness;
    s.lateMinutes = lateMinutes;
    s.planTimeliness = planJudged.timeliness;
    s.planLateMinutes = planLateMinutes;
    if (!isLast) {
      const next = steps[i + 1]!;
      next.state = 'in_progress';
      next.startedAt = done;
      next.ownDue = ownDueFrom(done, next);
      if (status === 'received') status = 'processing';
      emit(done, 'step_completed', worker, { ...doneData, to: { seq: next.seq, step: next.name, department: next.department, departmentName: next.departmentName } });
      cursor = done;
      continue;
    }
    // The dossier is judged against the appointment first given (an apology does not make it on time).
    const dossierJudged = judgeDossier(done, original, rule, world.timelinessMode, cal);
    status = 'ready';
    completedAt = done;
    emit(done, 'result_ready', worker, { ...doneData, dossierTimeliness: dossierJudged.timeliness, dossierLateMinutes: dossierJudged.lateMinutes, originalDueAt: iso(original), dueAt: iso(due), timelinessMode: world.timelinessMode });

    // Collected the same day mostly, some days later, a few never (still waiting at the counter).
    const c = rand.next();
    if (c > 0.97) return result();
    const wait = c < 0.55 ? rand.int(5, 240) : c < 0.85 ? rand.int(240, 1920) : rand.int(1920, 9600);
    const handed = add(done, wait);
    if (!inTime(handed)) return result();
    status = 'returned';
    returnedAt = handed;
    returnedBy = intake.returnMethod; // handed over as promised (one vocabulary with intake)
    emit(handed, 'returned', rand.pick(world.clerks), { method: returnedBy });

    if (rand.next() >= RATING_RATE) return result();
    const late = dossierJudged.timeliness === 'late';
    const channel = rand.pick(CHANNELS);
    // At the counter's kiosk right after collecting, or later from a phone (any hour).
    const ratedAt = new Date(handed.getTime() + (channel === 'link' ? rand.int(30, 4 * 24 * 60) : rand.int(1, 20)) * MINUTE + rand.int(0, 59) * 1000);
    if (!inTime(ratedAt)) return result();
    const level = ratingLevel(rand.next(), late);
    const reasons = ratingReasons(rand, level, late);
    emit(ratedAt, 'rated', null, { level, reasons, ...(channel ? { channel } : {}) }, { level, reasons: JSON.stringify(reasons), channel });
  }
  return result();
}

function ratingLevel(u: number, late: boolean): RatingLevel {
  const scale: [RatingLevel, number][] = late
    ? [['very_satisfied', 0.15], ['satisfied', 0.35], ['neutral', 0.25], ['dissatisfied', 0.17], ['very_dissatisfied', 0.08]]
    : [['very_satisfied', 0.55], ['satisfied', 0.33], ['neutral', 0.08], ['dissatisfied', 0.03], ['very_dissatisfied', 0.01]];
  let acc = 0;
  for (const [level, p] of scale) if (u < (acc += p)) return level;
  return 'satisfied';
}

function ratingReasons(rand: Rand, level: RatingLevel, late: boolean): RatingReason[] {
  const good = level === 'very_satisfied' || level === 'satisfied';
  const pool: RatingReason[] = good ? ['on_time', 'one_visit', 'clear_information', 'helpful_staff'] : ['late', 'many_visits', 'unclear_information', 'unhelpful_staff', 'long_wait'];
  const chosen = new Set<RatingReason>();
  if (late && !good) chosen.add('late');
  if (!late && good && rand.next() < 0.6) chosen.add('on_time');
  const n = rand.int(0, 2);
  for (let k = 0; k < n; k++) chosen.add(rand.pick(pool));
  // Stored in the fixed list's order, as the kiosk service stores them.
  return RATING_REASON_KEYS.filter((r) => chosen.has(r));
}
