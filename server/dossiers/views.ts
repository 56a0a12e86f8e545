/** Rows → API shapes, shared by the staff detail, the intake answer and the kiosk. */
import type { DossierStep, VariantRef } from '../../shared/contracts.ts';
import { maskName } from '../../shared/text.ts';
import { parseIsoInstant } from '../../shared/time.ts';
import { DOSSIER_STATUSES, type DossierStatus, ENDED_EARLY_STATUSES, STEP_STATES, type StepState, type Timeliness, type Wording, isOpen, timelinessOf } from '../../shared/vocabulary.ts';
import { heldMinutes } from '../../shared/step-clocks.ts';
import { type WorkCalendar, workingMinutesBetween } from '../../shared/working-time.ts';
import type { DossierRow, StepRow } from './repo.ts';

export const instant = (iso: string): Date => {
  const d = parseIsoInstant(iso);
  if (!d) throw new Error(`corrupt time in the database: ${iso}`);
  return d;
};

/** A finished step is judged against the plan's milestone; an unfinished one is "late" once past it. */
export function stepTimeliness(step: Pick<StepRow, 'completed_at' | 'plan_timeliness' | 'due_at'>, now: Date): Timeliness | null {
  // Judged once, when the step finished (steps from before that was stored are judged now, the same way).
  if (step.completed_at) return step.plan_timeliness ?? timelinessOf(instant(step.completed_at), instant(step.due_at));
  return now.getTime() > instant(step.due_at).getTime() ? 'late' : null;
}

/**
 * A step judged on its holder's own clock, as a person's figures count it: finished — its stored
 * judgement; open — late once past its own due time (not while the clock is stopped for a supplement).
 */
export function holderJudgement(step: StepRow, status: DossierStatus, now: Date, calendar: WorkCalendar): { timeliness: Timeliness | null; lateMinutes: number | null } {
  if (step.completed_at) return { timeliness: step.timeliness ?? stepTimeliness(step, now), lateMinutes: step.late_minutes };
  const due = step.own_due_at ?? (step.started_at ? step.due_at : null);
  if (!due || !isOpen(status) || status === 'awaiting_supplement' || now.getTime() <= instant(due).getTime()) return { timeliness: null, lateMinutes: null };
  return { timeliness: 'late', lateMinutes: Math.round(workingMinutesBetween(instant(due), now, calendar)) };
}

/**
 * The step on its holder's own clock (shared/step-clocks.ts): null for a step not reached (or skipped).
 * An open step reads "late" once past its own due time, but not while the clock is stopped for a
 * supplement.
 */
function holderClock(step: StepRow, state: StepState, status: DossierStatus, now: Date, calendar: WorkCalendar): DossierStep['holder'] {
  // Not reached, or never finished because the dossier ended (refused, withdrawn): no own judgement.
  if (!step.started_at || !step.own_due_at || state === 'pending' || state === 'skipped') return null;
  const ownDue = instant(step.own_due_at);
  const share = step.share_minutes ?? step.allotted_minutes;
  const end = step.completed_at ? instant(step.completed_at) : now;
  const paused = status === 'awaiting_supplement';
  const lateNow = !step.completed_at && !paused && now.getTime() > ownDue.getTime();
  return {
    arrivedAt: step.started_at,
    takenAt: step.taken_at,
    allottedMinutes: share,
    dueAt: step.own_due_at,
    heldMinutes: heldMinutes(instant(step.started_at), end, calendar),
    timeliness: step.completed_at ? step.timeliness : lateNow ? 'late' : null,
    lateMinutes: step.completed_at ? step.late_minutes : lateNow ? Math.round(workingMinutesBetween(ownDue, now, calendar)) : null,
  };
}

/** The state a reader sees: an unfinished step of a refused or stopped dossier will never be done. */
export function displayState(step: Pick<StepRow, 'state'>, status: DossierStatus): StepState {
  return step.state !== 'done' && ENDED_EARLY_STATUSES.includes(status) ? 'skipped' : step.state;
}

/**
 * How a step reads on screen: finished ones as judged; the one in hand "late" once past its due time
 * — but not while the clock is stopped for a supplement (the due times move when it restarts), and
 * never a step not reached yet (its due time was planned; it cannot be late before it starts).
 */
function displayTimeliness(step: Pick<StepRow, 'completed_at' | 'plan_timeliness' | 'due_at'>, state: StepState, status: DossierStatus, now: Date): Timeliness | null {
  if (state === 'skipped') return null;
  if (step.completed_at) return stepTimeliness(step, now);
  if (state === 'pending' || status === 'awaiting_supplement') return null;
  return stepTimeliness(step, now);
}

export function toStep(step: StepRow, status: DossierStatus, now: Date, calendar: WorkCalendar): DossierStep {
  const state = displayState(step, status);
  return {
    seq: step.seq,
    name: step.name,
    department: { code: step.department_code, name: step.department_name },
    allottedHours: step.allotted_minutes / 60,
    dueAt: step.due_at,
    startedAt: step.started_at,
    completedAt: step.completed_at,
    state,
    stateLabel: STEP_STATES[state],
    timeliness: displayTimeliness(step, state, status, now),
    heldBy: step.held_by_username ? { username: step.held_by_username, displayName: step.held_by_name ?? step.held_by_username } : null,
    lateMinutes: step.completed_at ? step.plan_late_minutes : null,
    holder: holderClock(step, state, status, now, calendar),
  };
}

/** The columns of a step the public sees (the kiosk): no holder, no start time, no allotment. */
export type PublicStepRow = Pick<StepRow, 'seq' | 'name' | 'department_code' | 'department_name' | 'due_at' | 'completed_at' | 'state' | 'plan_timeliness'>;

/** A step as the kiosk shows it: `toStep`'s public fields, without the holder's clock it would not send. */
export function publicStep(step: PublicStepRow, status: DossierStatus, now: Date) {
  const state = displayState(step, status);
  return {
    seq: step.seq,
    name: step.name,
    department: { code: step.department_code, name: step.department_name },
    dueAt: step.due_at,
    completedAt: step.completed_at,
    state,
    stateLabel: STEP_STATES[state],
    timeliness: displayTimeliness(step, state, status, now),
  };
}

/** The time-limit variant a dossier was received under, as worded then (null: the standard limit). */
export function variantOf(row: Pick<DossierRow, 'time_limit_variant'>): VariantRef | null {
  return row.time_limit_variant ? (JSON.parse(row.time_limit_variant) as VariantRef) : null;
}

export function isOverdue(dossier: Pick<DossierRow, 'status' | 'due_at'>, now: Date): boolean {
  // While a supplement is awaited the clock is stopped: the appointment will be set again, not missed.
  return isOpen(dossier.status) && dossier.status !== 'awaiting_supplement' && now.getTime() > instant(dossier.due_at).getTime();
}

/** Why the appointment falls where it does, as worded when it was promised (null for dossiers from before that was kept). */
export function storedExplanation(row: { due_explanation: string | null }): Wording | null {
  return row.due_explanation ? (JSON.parse(row.due_explanation) as Wording) : null;
}

/** What every list of dossiers starts a row with: the code, the procedure, a masked name (lists are read over shoulders), the status and when it was received. */
export function dossierHead(row: Pick<DossierRow, 'code' | 'procedure_code' | 'procedure_name' | 'applicant_name' | 'status' | 'received_at'>) {
  return {
    code: row.code,
    procedure: { code: row.procedure_code, name: row.procedure_name },
    applicantMasked: maskName(row.applicant_name),
    status: row.status,
    statusLabel: DOSSIER_STATUSES[row.status],
    receivedAt: row.received_at,
  };
}
