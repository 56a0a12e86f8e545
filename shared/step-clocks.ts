/**
 * Two clocks per step (one-stop rules §5 on evaluation: a person is judged on what they controlled).
 *
 * - The plan: each step's milestone from intake (`planSteps` in deadline.ts), what the citizen was
 *   promised. The kiosk's timeline and the dossier's own lateness read it. After an apology the open
 *   steps are re-planned so that the last ends on the new appointment (`replanAfterApology`); the
 *   dossier is still judged against the appointment first printed.
 * - The holder's own clock: a step's own due time is the moment it reached its department (the
 *   previous step's completion, or intake for the first; never before the deadline starts counting)
 *   plus its allotment, moved by a supplement's pause as the plan is — and never before the step's
 *   milestone in the plan (as planned at intake and moved by a pause, not by an apology): a holder
 *   always has their allotment, and never less time than the plan they were shown gave them. The
 *   allotment is the step's share of the appointment's window: the plan's segment for it
 *   (`stepShares`), so the shares add up to no more than the window. A step that arrives late is late
 *   for the dossier, not for its holder, unless the holder also exceeds their own allotment.
 *
 * Hence (property-tested): when every step finishes within its own time, the dossier meets its
 * appointment, pauses and restarts included; and an earlier step's delay never makes a holder late —
 * they are late only when they took more than their allotment from the step's arrival and finished
 * after its milestone.
 *
 * Pure: the calendar and the times are passed in.
 */
import type { Deadline, Pause } from './deadline.ts';
import { planSteps } from './deadline.ts';
import { type WorkCalendar, addWorkingMinutes, nextOpening, workingMinutesBetween } from './working-time.ts';

/**
 * Each step's allotment on its holder's clock, in whole working minutes: the plan's segment for it
 * (from where counting starts to the first milestone, then between milestones), rounded down so that
 * the allotments never add up to more than the window.
 */
export function stepShares(countFrom: Date, milestones: readonly Date[], calendar: WorkCalendar): number[] {
  let previous = countFrom;
  return milestones.map((m) => {
    const share = Math.max(0, Math.floor(workingMinutesBetween(previous, m, calendar) + 1e-9));
    if (m.getTime() > previous.getTime()) previous = m;
    return share;
  });
}

/** When a step's own clock starts: its arrival, but not before the deadline starts counting (a cut-off, the Civil Code's next day). */
export function ownClockStart(arrivedAt: Date, countFrom: Date): Date {
  return arrivedAt.getTime() < countFrom.getTime() ? countFrom : arrivedAt;
}

/**
 * The holder's own due time of a step that has just reached its department: its allotment from then
 * (or from when the deadline starts counting), but never before its milestone in the plan.
 */
export function ownDueOnArrival(arrivedAt: Date, shareMinutes: number, countFrom: Date, milestone: Date, calendar: WorkCalendar): Date {
  const own = addWorkingMinutes(ownClockStart(arrivedAt, countFrom), shareMinutes, calendar);
  return own.getTime() < milestone.getTime() ? milestone : own;
}

/**
 * The open steps after a supplement restarts the clock (Decree 61 art. 19(4): the whole time limit
 * again from the supplement's receipt): they share the new window in proportion to their allotted
 * time, as at intake, and each one's allotment is its new segment. The step in hand starts its
 * allotment again from where the new deadline counts.
 */
export function replanAfterRestart(deadline: Pick<Deadline, 'countFrom' | 'dueAt'>, openAllottedMinutes: readonly number[], calendar: WorkCalendar): { milestones: Date[]; shares: number[] } {
  if (!openAllottedMinutes.length) return { milestones: [], shares: [] };
  const milestones = planSteps(deadline, openAllottedMinutes, calendar);
  return { milestones, shares: stepShares(deadline.countFrom, milestones, calendar) };
}

/**
 * The own due time of the step in hand when the clock runs again after a supplement: `restart` — its
 * new allotment from where the new deadline counts, and not before its new milestone; `resume` — the
 * working time it had left when the clock stopped, counted on from the supplement's receipt (a due
 * time already past when the clock stopped stays: it was already missed), as the plan's due times move.
 */
export function ownDueAfterPause(ownDue: Date, pause: Pause, restarted: { readonly countFrom: Date; readonly shareMinutes: number; readonly milestone: Date } | null, calendar: WorkCalendar): Date {
  if (pause.mode === 'restart' && restarted) {
    const own = addWorkingMinutes(restarted.countFrom, restarted.shareMinutes, calendar);
    return own.getTime() < restarted.milestone.getTime() ? restarted.milestone : own;
  }
  return shiftedByPause(ownDue, pause, calendar);
}

/**
 * The open steps' milestones after an apology set a new appointment: they share the time from the
 * apology to the new appointment in proportion to their allotted time, so the last ends on it (the
 * citizen's timeline then agrees with the card's new date).
 */
export function replanAfterApology(at: Date, newDueAt: Date, openAllottedMinutes: readonly number[], calendar: WorkCalendar): Date[] {
  if (!openAllottedMinutes.length) return [];
  return planSteps({ countFrom: at, dueAt: newDueAt }, openAllottedMinutes, calendar);
}

/** Working time a step has been with its department: from its arrival to its completion, or until now. */
export function heldMinutes(arrivedAt: Date, until: Date, calendar: WorkCalendar): number {
  return Math.max(0, Math.round(workingMinutesBetween(arrivedAt, until, calendar)));
}

// ——— Replaying a dossier's history (the upgrade of databases from before the two clocks) ———

export interface ReplayStep {
  readonly seq: number;
  readonly allottedMinutes: number;
}

export interface ReplayEvent {
  readonly at: Date;
  readonly kind: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface ReplayedStep {
  readonly seq: number;
  readonly shareMinutes: number;
  /** The own due time as it stands at the end of the history (null: never reached). */
  readonly ownDueAt: Date | null;
  /** When it was last taken by a holder (accept-step) since it last arrived. */
  readonly takenAt: Date | null;
  /** The first time it finished, judged on the holder's own clock (a step finished again after a return keeps its first judgement). */
  readonly finished: { readonly at: Date; readonly ownDueAt: Date } | null;
  /** The plan's milestone as the citizen is shown it (moved by a pause, and by an apology's re-plan). */
  readonly plannedDueAt: Date;
  /** The plan's milestone the holder's clock is held to (moved by a pause, never by an apology). */
  readonly milestoneAt: Date;
}

/** A due time moved by a pause under `resume`: the working time left when the clock stopped, counted on from the supplement's receipt (afterPause's own rule). */
export function shiftedByPause(due: Date, pause: Pick<Pause, 'pausedAt' | 'resumedAt'>, calendar: WorkCalendar): Date {
  if (due.getTime() <= pause.pausedAt.getTime()) return due;
  return addWorkingMinutes(nextOpening(pause.resumedAt, calendar), Math.max(0, workingMinutesBetween(pause.pausedAt, due, calendar)), calendar);
}

/**
 * Rebuilds both clocks of a dossier's steps from its history, the way the actions keep them live
 * (server/dossiers/actions.ts). `countFrom`/`dueAt` are the deadline as promised at intake (the
 * `received` event); the milestones at intake are planned again from them.
 */
export function replayStepClocks(intake: { readonly countFrom: Date; readonly dueAt: Date }, steps: readonly ReplayStep[], events: readonly ReplayEvent[], calendar: WorkCalendar): ReplayedStep[] {
  const milestones = planSteps(intake, steps.map((s) => s.allottedMinutes), calendar);
  const shares = stepShares(intake.countFrom, milestones, calendar);
  const base = [...milestones];
  const shown = [...milestones];
  const index = new Map(steps.map((s, i) => [s.seq, i]));
  const own: (Date | null)[] = steps.map(() => null);
  const taken: (Date | null)[] = steps.map(() => null);
  const done: boolean[] = steps.map(() => false);
  const finished: ({ at: Date; ownDueAt: Date } | null)[] = steps.map(() => null);
  let countFrom = intake.countFrom;
  let pausedAt: Date | null = null;
  const at = (seq: unknown) => index.get(Number(seq));
  const arrive = (i: number | undefined, when: Date) => {
    if (i === undefined) return;
    own[i] = ownDueOnArrival(when, shares[i]!, countFrom, base[i]!, calendar);
    taken[i] = null;
    done[i] = false;
  };
  const finish = (i: number | undefined, when: Date) => {
    if (i === undefined) return;
    const due = own[i] ?? ownDueOnArrival(when, shares[i]!, countFrom, base[i]!, calendar);
    finished[i] ??= { at: when, ownDueAt: due };
    done[i] = true;
  };
  const openSteps = () => steps.map((_, i) => i).filter((i) => !done[i]);
  for (const e of events) {
    switch (e.kind) {
      case 'received':
        arrive(0, e.at);
        break;
      case 'step_accepted': {
        const i = at(e.data.seq);
        if (i !== undefined) taken[i] = e.at;
        break;
      }
      case 'step_completed':
        finish(at(e.data.seq), e.at);
        arrive(at((e.data.to as { seq?: unknown } | undefined)?.seq), e.at);
        break;
      case 'result_ready':
        finish(at(e.data.seq), e.at);
        break;
      case 'step_returned': {
        const from = at((e.data.from as { seq?: unknown } | undefined)?.seq);
        if (from !== undefined) {
          own[from] = null;
          taken[from] = null;
        }
        arrive(at((e.data.to as { seq?: unknown } | undefined)?.seq), e.at);
        break;
      }
      case 'supplement_requested':
        pausedAt = e.at;
        break;
      case 'supplement_received': {
        if (!pausedAt) break;
        const mode = e.data.mode === 'resume' ? 'resume' : 'restart';
        const pause = { pausedAt, resumedAt: e.at, mode } as const;
        const newCountFrom = typeof e.data.countFrom === 'string' ? new Date(e.data.countFrom) : e.at;
        const newDue = typeof e.data.dueAt === 'string' ? new Date(e.data.dueAt) : null;
        const open = openSteps();
        if (mode === 'restart' && newDue) {
          const plan = replanAfterRestart({ countFrom: newCountFrom, dueAt: newDue }, open.map((i) => steps[i]!.allottedMinutes), calendar);
          open.forEach((i, k) => {
            base[i] = shown[i] = plan.milestones[k]!;
            shares[i] = plan.shares[k]!;
            if (own[i]) own[i] = ownDueAfterPause(own[i], pause, { countFrom: newCountFrom, shareMinutes: shares[i], milestone: base[i] }, calendar);
          });
        } else {
          open.forEach((i) => {
            base[i] = shiftedByPause(base[i]!, pause, calendar);
            shown[i] = shiftedByPause(shown[i]!, pause, calendar);
            if (own[i]) own[i] = ownDueAfterPause(own[i], pause, null, calendar);
          });
        }
        countFrom = newCountFrom;
        pausedAt = null;
        break;
      }
      case 'apologized': {
        const newDue = typeof e.data.newDueAt === 'string' ? new Date(e.data.newDueAt) : null;
        if (!newDue) break;
        const open = openSteps();
        const plan = replanAfterApology(e.at, newDue, open.map((i) => steps[i]!.allottedMinutes), calendar);
        open.forEach((i, k) => (shown[i] = plan[k]!));
        break;
      }
    }
  }
  return steps.map((s, i) => ({
    seq: s.seq,
    shareMinutes: shares[i]!,
    ownDueAt: own[i] ?? null,
    takenAt: taken[i] ?? null,
    finished: finished[i] ?? null,
    plannedDueAt: shown[i]!,
    milestoneAt: base[i]!,
  }));
}
