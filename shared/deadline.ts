/**
 * When a dossier is due: the appointment rules of one-stop rules §4–5 on top of working-time
 * arithmetic. Pure: the calendar, the centre's policy and the procedure's limit are passed in.
 *
 * Three rules, all data-driven:
 * - working hours (the default): due = start + N × 8 working hours, to the minute;
 * - the Civil Code convention (BLDS 2015 art. 147–148), a centre setting: a period of N working
 *   days starts the next working day and ends at the close of its N-th working day;
 * - same-day procedures (a flag in the national catalogue): the result the same working day, or the
 *   next working day when received after the afternoon cut-off (15:00).
 * A centre may also apply the cut-off to every procedure: a dossier received after it counts from the
 * next working day's opening (Decree 61 art. 18 hands it to the agency then).
 */
import { dayOf, closingOf, nextOpening, secondOfDay, nthWorkingDay, openingOf, workingDayFrom, addWorkingMinutes, workingMinutesBetween, MINUTES_PER_WORKING_DAY, type WorkCalendar } from './working-time.ts';
import { type JudgedBy, type Timeliness, type TimelinessMode, timelinessOf } from './vocabulary.ts';

export type Convention = 'working-hours' | 'civil-code';

/** The centre's settings. */
export interface DeadlinePolicy {
  readonly convention: Convention;
  /** Minutes since midnight; when set, a dossier of any procedure received after it counts from the next working day. */
  readonly cutoffForAll: number | null;
}

export const DEFAULT_POLICY: DeadlinePolicy = { convention: 'working-hours', cutoffForAll: null };

/** The procedure's time limit. */
export interface TimeLimit {
  readonly minutes: number;
  /** Same-day procedures: received by this time (minutes since midnight, usually 15:00) → the result that working day, later → the next. */
  readonly sameDayCutoff?: number | null;
}

export type DueRule = 'working-hours' | 'civil-code' | 'same-day';

export interface Deadline {
  readonly receivedAt: Date;
  /** Where counting starts: the receipt, the next opening, or the next working day. */
  readonly countFrom: Date;
  readonly dueAt: Date;
  readonly rule: DueRule;
  /** The time limit in working minutes. */
  readonly minutes: number;
  /** The afternoon cut-off in force for this dossier (minutes since midnight), if any. */
  readonly cutoff: number | null;
  /** Received after the cut-off, so counted from the next working day. */
  readonly afterCutoff: boolean;
}

/**
 * Whether a receipt comes after an afternoon cut-off ("nhận sau 15 giờ", Decree 61 art. 18; the
 * same-day procedures' own rule). One rule, to the whole second, for the appointment and for the
 * explanation that states the time: 15:00:00 and 15:00:00.5 are received at 15:00 — not after it —
 * and the explanation prints "15:00"; 15:00:01 is after, and the explanation prints "15:00:01".
 */
export function isAfterCutoff(receivedAt: Date, cutoffMinute: number): boolean {
  return secondOfDay(receivedAt) > cutoffMinute * 60;
}

/** The receipt time as the cut-off rule reads it: hour, minute and whole second, Vietnam time. */
export function receiptClock(receivedAt: Date): { hour: number; minute: number; second: number } {
  const s = secondOfDay(receivedAt);
  return { hour: Math.floor(s / 3600), minute: Math.floor(s / 60) % 60, second: s % 60 };
}

/**
 * How a dossier is judged against its appointment: by the day when the centre counts by the day
 * (its `timeliness` setting) and under the Civil Code whatever the setting, else to the minute.
 */
export const judgedBy = (rule: DueRule, mode: TimelinessMode): JudgedBy => (mode === 'day' || rule === 'civil-code' ? 'day' : 'minute');

/**
 * The one judgement of a finished dossier against the appointment first printed (an apology's new
 * date does not count, one-stop rules §5): early / on time / late by `judgedBy`, and how late in
 * working minutes from that appointment — 0 unless late, whatever the mode.
 */
export function judgeDossier(
  doneAt: Date,
  originalDueAt: Date,
  rule: DueRule,
  mode: TimelinessMode,
  calendar: WorkCalendar,
): { timeliness: Timeliness; lateMinutes: number } {
  const timeliness = timelinessOf(doneAt, originalDueAt, judgedBy(rule, mode));
  return { timeliness, lateMinutes: timeliness === 'late' ? Math.max(0, Math.round(workingMinutesBetween(originalDueAt, doneAt, calendar))) : 0 };
}

export function computeDeadline(receivedAt: Date, limit: TimeLimit, policy: DeadlinePolicy, calendar: WorkCalendar): Deadline {
  const minutes = limit.minutes;
  if (!(Number.isInteger(minutes) && minutes > 0)) throw new RangeError('a time limit is a whole number of working minutes > 0');
  const sameDay = limit.sameDayCutoff ?? null;
  const cutoff = sameDay ?? policy.cutoffForAll;
  const receivedDay = dayOf(receivedAt);
  const opensFrom = nextOpening(receivedAt, calendar);
  // The cut-off is about the receipt day: a dossier received on a Sunday or after closing already counts
  // from the next opening, without any cut-off.
  const afterCutoff = cutoff !== null && dayOf(opensFrom) === receivedDay && isAfterCutoff(receivedAt, cutoff);
  const countDay = afterCutoff ? workingDayFrom(receivedDay + 1, calendar) : dayOf(opensFrom);
  // Object literals of one shape throughout (no spreads): this runs in loops over whole registers.
  if (sameDay !== null) {
    const countFrom = afterCutoff ? openingOf(countDay, calendar) : opensFrom;
    return { receivedAt, countFrom, dueAt: closingOf(countDay, calendar), rule: 'same-day', minutes, cutoff, afterCutoff };
  }
  if (policy.convention === 'civil-code' && minutes % MINUTES_PER_WORKING_DAY === 0) {
    // "Starts the next day": the first working day after the receipt day, whatever the hour.
    const first = workingDayFrom(receivedDay + 1, calendar);
    const last = nthWorkingDay(first, minutes / MINUTES_PER_WORKING_DAY, calendar);
    return { receivedAt, countFrom: openingOf(first, calendar), dueAt: closingOf(last, calendar), rule: 'civil-code', minutes, cutoff, afterCutoff: false };
  }
  const countFrom = afterCutoff ? openingOf(countDay, calendar) : opensFrom;
  return { receivedAt, countFrom, dueAt: addWorkingMinutes(countFrom, minutes, calendar), rule: 'working-hours', minutes, cutoff, afterCutoff };
}

/**
 * Each step's due time. The steps share the window between the start and the due time in the
 * template's proportions; under plain working-hour arithmetic the window is the time limit itself,
 * so each step is due at the start plus the hours allotted up to it.
 */
export function planSteps(deadline: Pick<Deadline, 'countFrom' | 'dueAt'>, allottedMinutes: readonly number[], calendar: WorkCalendar): Date[] {
  const total = allottedMinutes.reduce((a, b) => a + b, 0);
  const window = workingMinutesBetween(deadline.countFrom, deadline.dueAt, calendar);
  let elapsed = 0;
  return allottedMinutes.map((m, i) => {
    elapsed += m;
    if (i === allottedMinutes.length - 1) return deadline.dueAt;
    return addWorkingMinutes(deadline.countFrom, Math.round((elapsed * window) / total), calendar);
  });
}

export type SupplementClock = 'restart' | 'resume';

export interface Pause {
  /** When the supplement was requested: the clock stops. */
  readonly pausedAt: Date;
  /** When the complete supplement was received: the clock runs again. */
  readonly resumedAt: Date;
  readonly mode: SupplementClock;
}

export interface Resumed {
  readonly deadline: Deadline;
  readonly pause: Pause;
  /** Under `resume`: the working time that was left when the clock stopped. */
  readonly remainingMinutes: number | null;
  /** The given due times (e.g. the open steps') moved the way the dossier's due time moved. */
  readonly moved: readonly Date[];
}

/**
 * The due time after a pause for a supplement (Decree 61 art. 19(4)). `restart`, the default in the
 * rules: the whole time limit again from the supplement's receipt, with the same rules as an intake
 * (cut-off included); the dates in `dues` (the open steps') share the new window in proportion to
 * where they stood. `resume`: the working time left when the clock stopped, counted on from the
 * supplement's receipt; every later due time moves by the same working time.
 */
export function afterPause(before: Deadline, pause: Pause, limit: TimeLimit, policy: DeadlinePolicy, calendar: WorkCalendar, dues: readonly Date[] = []): Resumed {
  if (pause.resumedAt.getTime() < pause.pausedAt.getTime()) throw new RangeError('a pause cannot end before it starts');
  if (pause.mode === 'restart') {
    const deadline = computeDeadline(pause.resumedAt, limit, policy, calendar);
    // Where each open due stood in the old plan's remaining window, relative to the old due time.
    const oldWindow = Math.max(workingMinutesBetween(pause.pausedAt, before.dueAt, calendar), 0);
    const newWindow = workingMinutesBetween(deadline.countFrom, deadline.dueAt, calendar);
    const moved = dues.map((d) => {
      const at = Math.min(Math.max(workingMinutesBetween(pause.pausedAt, d, calendar), 0), oldWindow);
      return oldWindow === 0 || at === oldWindow ? deadline.dueAt : addWorkingMinutes(deadline.countFrom, Math.round((at * newWindow) / oldWindow), calendar);
    });
    return { deadline, pause, remainingMinutes: null, moved };
  }
  const shift = (d: Date) => {
    // A due time already past when the clock stopped stays where it was: it was already missed. One
    // still ahead keeps the working time it had left (none, if it fell before the next opening).
    if (d.getTime() <= pause.pausedAt.getTime()) return d;
    return addWorkingMinutes(nextOpening(pause.resumedAt, calendar), Math.max(0, workingMinutesBetween(pause.pausedAt, d, calendar)), calendar);
  };
  const remaining = Math.max(workingMinutesBetween(pause.pausedAt, before.dueAt, calendar), 0);
  const countFrom = nextOpening(pause.resumedAt, calendar);
  const dueAt = remaining > 0 ? addWorkingMinutes(countFrom, remaining, calendar) : before.dueAt;
  const deadline: Deadline = { receivedAt: before.receivedAt, countFrom, dueAt, rule: before.rule, minutes: before.minutes, cutoff: before.cutoff, afterCutoff: before.afterCutoff };
  return { deadline, pause, remainingMinutes: remaining, moved: dues.map(shift) };
}
