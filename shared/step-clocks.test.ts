import fc from 'fast-check';
import { TET_2026_TEST_CALENDAR } from './test-calendar.ts';
import { describe, expect, it } from 'vitest';
import { type DeadlinePolicy, type SupplementClock, type TimeLimit, afterPause, computeDeadline, planSteps } from './deadline.ts';
import { type ReplayEvent, ownDueAfterPause, ownDueOnArrival, replanAfterApology, replanAfterRestart, replayStepClocks, shiftedByPause, stepShares } from './step-clocks.ts';
import { parseIsoInstant, toVnIso } from './time.ts';
import { addWorkingMinutes, classify, hhmmToMinutes, workingMinutesBetween } from './working-time.ts';

const t = (iso: string) => parseIsoInstant(iso)!;
// Tết 2026 off (Mon 16 – Fri 20 Feb) and a make-up Saturday, so the properties cross days off.
const cal = TET_2026_TEST_CALENDAR;
const POLICIES: DeadlinePolicy[] = [
  { convention: 'working-hours', cutoffForAll: null },
  { convention: 'civil-code', cutoffForAll: null },
  { convention: 'working-hours', cutoffForAll: hhmmToMinutes('15:00') },
];
const JAN_1 = t('2026-01-01T00:00:00+07:00').getTime();
const HOUR = 3_600_000;
/** An instant a fraction `u` of the way from `a` to `b` (real time, whole seconds). */
const between = (a: Date, b: Date, u: number) => new Date(Math.floor((a.getTime() + (b.getTime() - a.getTime()) * u) / 1000) * 1000);
const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

const dossier = fc.record({
  receivedAt: fc.integer({ min: 0, max: 80 * 24 }).map((h) => new Date(JAN_1 + h * HOUR + 17 * 60_000)),
  policy: fc.constantFrom(...POLICIES),
  limit: fc.oneof(
    fc.constant<TimeLimit>({ minutes: 480, sameDayCutoff: hhmmToMinutes('15:00') }),
    fc.integer({ min: 1, max: 15 }).map<TimeLimit>((n) => ({ minutes: n * 480 })),
    fc.integer({ min: 60, max: 4000 }).map<TimeLimit>((m) => ({ minutes: m })),
  ),
  allotted: fc.array(fc.integer({ min: 15, max: 2400 }), { minLength: 1, maxLength: 5 }),
  /** Where each step finishes within its own allotment (0: at once, 1: at its own due time). */
  finish: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
  pause: fc.option(
    fc.record({
      step: fc.nat({ max: 4 }),
      at: fc.double({ min: 0, max: 0.999, noNaN: true }),
      hours: fc.integer({ min: 0, max: 24 * 12 }),
      mode: fc.constantFrom<SupplementClock>('restart', 'resume'),
    }),
    { nil: null },
  ),
});

describe('two clocks per step', () => {
  it('when every step finishes within its own time, the dossier meets its appointment (pauses and restarts included)', () => {
    fc.assert(
      fc.property(dossier, ({ receivedAt, policy, limit, allotted, finish, pause }) => {
        let deadline = computeDeadline(receivedAt, limit, policy, cal);
        const milestones = planSteps(deadline, allotted, cal);
        const shares = stepShares(deadline.countFrom, milestones, cal);
        // The allotments never promise more than the window between the start of counting and the appointment.
        expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(workingMinutesBetween(deadline.countFrom, deadline.dueAt, cal) + 1e-6);
        let now = receivedAt;
        for (let i = 0; i < allotted.length; i++) {
          let own = ownDueOnArrival(now, shares[i]!, deadline.countFrom, milestones[i]!, cal);
          if (pause && pause.step % allotted.length === i && own.getTime() > now.getTime()) {
            const pausedAt = between(now, own, pause.at);
            const p = { pausedAt, resumedAt: new Date(pausedAt.getTime() + pause.hours * HOUR), mode: pause.mode };
            const resumed = afterPause(deadline, p, limit, policy, cal);
            if (pause.mode === 'restart') {
              const plan = replanAfterRestart(resumed.deadline, allotted.slice(i), cal);
              plan.milestones.forEach((m, k) => ((milestones[i + k] = m), (shares[i + k] = plan.shares[k]!)));
              own = ownDueAfterPause(own, p, { countFrom: resumed.deadline.countFrom, shareMinutes: shares[i]!, milestone: milestones[i]! }, cal);
            } else {
              for (let k = i; k < allotted.length; k++) milestones[k] = shiftedByPause(milestones[k]!, p, cal);
              own = ownDueAfterPause(own, p, null, cal);
            }
            deadline = resumed.deadline;
            now = p.resumedAt;
          }
          expect(own.getTime()).toBeGreaterThanOrEqual(now.getTime());
          now = between(now, own, finish[i]!);
        }
        expect(now.getTime()).toBeLessThanOrEqual(deadline.dueAt.getTime());
      }),
      {
        numRuns: 400,
        // Found by a run: received at night (counted from 07:00), a step of no allotment due at the
        // opening, paused before it — its due time had not come, so it moves with the pause.
        examples: [
          [
            {
              receivedAt: new Date('2025-12-31T17:17:00.000Z'),
              policy: POLICIES[0]!,
              limit: { minutes: 60 },
              allotted: [15, 15, 1771],
              finish: [0, 0, 0, 0, 0],
              pause: { step: 0, at: 0, hours: 7, mode: 'resume' as SupplementClock },
            },
          ],
        ],
      },
    );
  });

  it('an earlier step’s delay never makes a holder late: late only after both their allotment from arrival and their milestone', () => {
    const history = fc.record({
      receivedAt: fc.integer({ min: 0, max: 60 * 24 }).map((h) => new Date(JAN_1 + h * HOUR)),
      days: fc.integer({ min: 1, max: 10 }),
      allotted: fc.array(fc.integer({ min: 30, max: 1200 }), { minLength: 2, maxLength: 5 }),
      /** Working minutes each earlier step took (anything, often far late). */
      earlier: fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 5, maxLength: 5 }),
      /** How much of (or beyond) its allotment the judged step took. */
      took: fc.double({ min: 0, max: 3, noNaN: true }),
    });
    fc.assert(
      fc.property(history, ({ receivedAt, days, allotted, earlier, took }) => {
        const judged = allotted.length - 1;
        const deadline = computeDeadline(receivedAt, { minutes: days * 480 }, POLICIES[0]!, cal);
        const milestone = planSteps(deadline, allotted, cal)[judged]!;
        const share = stepShares(deadline.countFrom, planSteps(deadline, allotted, cal), cal)[judged]!;
        const events: ReplayEvent[] = [{ at: receivedAt, kind: 'received', data: {} }];
        let at = receivedAt;
        for (let i = 0; i < judged; i++) {
          at = addWorkingMinutes(at, earlier[i]!, cal);
          events.push({ at, kind: 'step_completed', data: { seq: i + 1, to: { seq: i + 2 } } });
        }
        const arrived = at;
        const minutes = Math.round(share * took);
        const done = addWorkingMinutes(arrived, minutes, cal);
        events.push({ at: done, kind: 'result_ready', data: { seq: judged + 1 } });
        const step = replayStepClocks(deadline, allotted.map((a, i) => ({ seq: i + 1, allottedMinutes: a })), events, cal)[judged]!;
        const own = classify(step.finished!.at, step.finished!.ownDueAt, cal);
        // Within their allotment from arrival: never late, however late the step arrived.
        if (minutes <= share) expect(own.timeliness).not.toBe('late');
        // Late exactly when past both their allotment from arrival and the plan's milestone.
        expect(own.timeliness === 'late').toBe(minutes > share && done.getTime() > milestone.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('the demo’s case: a slow step, then fast ones — only the slow holder is late on their own clock', () => {
    // Received Wed 25 Nov 2026 09:00 (a 4-step, 3-working-day procedure: 4 h, 12 h, 4 h, 4 h), the
    // officer holds step 2 three and a half working days, the leader signs 62 minutes after it reached
    // him, the clerk finishes 5 minutes after that.
    const received = t('2026-11-25T09:00:00+07:00');
    const deadline = computeDeadline(received, { minutes: 3 * 480 }, POLICIES[0]!, cal);
    const allotted = [240, 720, 240, 240];
    const s1 = addWorkingMinutes(received, 120, cal);
    const s2 = addWorkingMinutes(s1, 3.5 * 480, cal);
    const s3 = addWorkingMinutes(s2, 62, cal);
    const s4 = addWorkingMinutes(s3, 5, cal);
    const events: ReplayEvent[] = [
      { at: received, kind: 'received', data: {} },
      { at: s1, kind: 'step_completed', data: { seq: 1, to: { seq: 2 } } },
      { at: s2, kind: 'step_completed', data: { seq: 2, to: { seq: 3 } } },
      { at: s3, kind: 'step_completed', data: { seq: 3, to: { seq: 4 } } },
      { at: s4, kind: 'result_ready', data: { seq: 4 } },
    ];
    const steps = replayStepClocks(deadline, allotted.map((a, i) => ({ seq: i + 1, allottedMinutes: a })), events, cal);
    const own = steps.map((s) => classify(s.finished!.at, s.finished!.ownDueAt, cal));
    const plan = planSteps(deadline, allotted, cal).map((m, i) => classify([s1, s2, s3, s4][i]!, m, cal).timeliness);
    expect(plan).toEqual(['early', 'late', 'late', 'late']);
    expect(own.map((j) => j.timeliness)).toEqual(['early', 'late', 'early', 'early']);
    // The officer had the step from 11:00 on the first day to his milestone 2 working days after receipt
    // (more than his 1.5 days' allotment, as it reached him early): finished 3.5 days after it reached
    // him, 1 day 6 hours past that.
    expect(own[1]!.lateByWorkingMinutes).toBe(480 + 360);
  });

  it('an apology re-plans the open steps to end on the new appointment, in proportion, after the apology', () => {
    const at = t('2026-11-27T08:00:00+07:00');
    const newDue = t('2026-12-03T16:00:00+07:00');
    const plan = replanAfterApology(at, newDue, [240, 720, 240], cal);
    expect(toVnIso(plan.at(-1)!)).toBe('2026-12-03T16:00:00+07:00');
    expect(plan.every((d, i) => d.getTime() > at.getTime() && (i === 0 || d.getTime() >= plan[i - 1]!.getTime()))).toBe(true);
    // 240 of 1,200 allotted minutes → a fifth of the working time from the apology to the new date.
    const window = workingMinutesBetween(at, newDue, cal);
    expect(workingMinutesBetween(at, plan[0]!, cal)).toBe(Math.round(window / 5));
  });

  it('a restart plans the open steps again by their allotted time, each one’s allotment its new segment', () => {
    const deadline = { countFrom: t('2026-11-30T14:00:00+07:00'), dueAt: t('2026-11-30T17:00:00+07:00') };
    const plan = replanAfterRestart(deadline, [330, 90, 30], cal);
    // 180 working minutes shared as 330 : 90 : 30 → 132, 36, 12.
    expect(plan.milestones.map(toVnIso)).toEqual(['2026-11-30T16:12:00+07:00', '2026-11-30T16:48:00+07:00', '2026-11-30T17:00:00+07:00']);
    expect(plan.shares).toEqual([132, 36, 12]);
  });

  it('a step that arrives before the deadline starts counting (after the cut-off, the Civil Code’s next day) starts its own clock then', () => {
    const received = t('2026-11-25T16:00:00+07:00');
    const deadline = computeDeadline(received, { minutes: 2 * 480 }, POLICIES[2]!, cal);
    expect(toVnIso(deadline.countFrom)).toBe('2026-11-26T07:00:00+07:00');
    const early = t('2026-11-26T07:30:00+07:00');
    expect(toVnIso(ownDueOnArrival(received, 60, deadline.countFrom, early, cal))).toBe('2026-11-26T08:00:00+07:00');
    expect(toVnIso(ownDueOnArrival(later(received, t('2026-11-26T10:00:00+07:00')), 60, deadline.countFrom, early, cal))).toBe('2026-11-26T11:00:00+07:00');
    // Never before the milestone the plan gave the step.
    expect(toVnIso(ownDueOnArrival(received, 60, deadline.countFrom, t('2026-11-26T15:00:00+07:00'), cal))).toBe('2026-11-26T15:00:00+07:00');
  });
});
