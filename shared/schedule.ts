/**
 * The plan of a dossier at intake: its deadline under the centre's rules, and each step's due time
 * from the procedure's step template. Pure: the calendar, the rules and the time are passed in.
 */
import { type Deadline, type DeadlinePolicy, type TimeLimit, computeDeadline, planSteps } from './deadline.ts';
import type { WorkCalendar } from './working-time.ts';

export interface StepTemplate {
  readonly allottedMinutes: number;
}

export interface Plan {
  readonly deadline: Deadline;
  readonly dueAt: Date;
  /** Due time of each step, in template order. */
  readonly stepDueAt: readonly Date[];
}

export function planDossier(receivedAt: Date, limit: TimeLimit, steps: readonly StepTemplate[], policy: DeadlinePolicy, calendar: WorkCalendar): Plan {
  const deadline = computeDeadline(receivedAt, limit, policy, calendar);
  return { deadline, dueAt: deadline.dueAt, stepDueAt: planSteps(deadline, steps.map((s) => s.allottedMinutes), calendar) };
}
