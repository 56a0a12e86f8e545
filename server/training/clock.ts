/**
 * The centre's clock in training mode: it starts at the instant the trainer chose (`--clock`) and runs
 * from there with the real clock, and an administrator may move it (POST /api/training/clock). It
 * keeps an offset from a base clock rather than a fixed time, so a demonstration morning passes at
 * the speed of a real one; with a test's fixed base clock it shows exactly the time it was set to.
 */
import { parseIsoInstant } from '../../shared/time.ts';
import type { Clock } from '../clock.ts';

export interface TrainingClock {
  /** The centre's time: what intake, deadlines, the kiosk and the papers use. */
  readonly now: Clock;
  /** The real clock underneath (session expiry is about real time, not the centre's). */
  readonly base: Clock;
  set(at: Date): void;
}

export function trainingClock(base: Clock, startAt?: Date): TrainingClock {
  let offsetMs = startAt ? startAt.getTime() - base().getTime() : 0;
  return {
    now: () => new Date(base().getTime() + offsetMs),
    base,
    set(at: Date) {
      offsetMs = at.getTime() - base().getTime();
    },
  };
}

/**
 * The instant of `--clock`: ISO 8601 with an explicit offset (2026-11-25T08:00:00+07:00). A time
 * without one is refused rather than read in the machine's zone: the centre's day would start at the
 * wrong hour on a machine set to UTC.
 */
export function parseClockFlag(text: string): Date {
  const at = parseIsoInstant(text);
  if (!at) throw new RangeError(`--clock must be a time in ISO 8601 with its offset, e.g. 2026-11-25T08:00:00+07:00; got "${text}"`);
  return at;
}
