/**
 * How long repeated failed logins lock a name: nothing for the first four in a row, then 1 minute at
 * the fifth, doubling with each further failure (2, 4, 8 …) up to an hour. A failure while locked
 * is refused without being counted (the attempt never reached the password), so the delay grows only
 * with failures made after each lock ends: someone guessing gets about 5 + 24·n tries a day, and
 * someone trying to lock a colleague out locks one account at a time, for an hour at most, while
 * the per-address rate limit still holds their guesses down.
 */
export const LOCK_AFTER_FAILURES = 5;
export const FIRST_LOCK_MINUTES = 1;
export const MAX_LOCK_MINUTES = 60;
/** A name with no failure for a day starts again from zero (its row is purged). */
export const FORGET_AFTER_HOURS = 24;

/** Minutes of lock after the `failures`-th failure in a row (0: not locked). */
export function lockMinutes(failures: number): number {
  if (failures < LOCK_AFTER_FAILURES) return 0;
  // 2^(n−5) overflows nothing: the exponent is capped before it could matter.
  const doublings = Math.min(failures - LOCK_AFTER_FAILURES, 12);
  return Math.min(MAX_LOCK_MINUTES, FIRST_LOCK_MINUTES * 2 ** doublings);
}

/** Why a login failed, as the audit log records it ('busy': refused unchecked, too many password checks waiting). */
export type LoginFailure = 'wrong-password' | 'unknown-user' | 'locked' | 'inactive' | 'busy';
