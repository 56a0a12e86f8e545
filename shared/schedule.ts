/**
 * The plan of a dossier at intake: each step's due time and the appointment, from the receipt time,
 * the procedure's time limit and its step template. Pure: the calendar and the time are passed in.
 */
import { addWorkingMinutes, type WorkCalendar } from './working-time.ts';

export interface StepTemplate {
  readonly allottedMinutes: number;
}

export interface Plan {
  readonly dueAt: Date;
  /** Due time of each step, in template order: cumulative from the receipt. */
  readonly stepDueAt: readonly Date[];
}

export function planDossier(
  receivedAt: Date,
  timeLimitMinutes: number,
  steps: readonly StepTemplate[],
  calendar: WorkCalendar,
): Plan {
  let elapsed = 0;
  const stepDueAt = steps.map((s) => {
    elapsed += s.allottedMinutes;
    return addWorkingMinutes(receivedAt, elapsed, calendar);
  });
  return { dueAt: addWorkingMinutes(receivedAt, timeLimitMinutes, calendar), stepDueAt };
}
