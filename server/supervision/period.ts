/** A period from the query string, checked once: the days, and the stored-time window [from, to) they cover. */
import { type DayRange, formatDay, parsePeriod, parseRange } from '../../shared/periods.ts';
import { AppError } from '../errors.ts';
import type { Window } from './figures-repo.ts';

/** Vietnam midnight at the start of a day, as stored times are written. */
export const midnightIso = (day: number): string => `${formatDay(day)}T00:00:00+07:00`;

export const windowOf = (range: DayRange): Window => ({ from: midnightIso(range.from), to: midnightIso(range.to + 1) });

export interface CheckedPeriod {
  readonly from: string;
  readonly to: string;
  readonly range: DayRange;
  readonly window: Window;
}

/** `from`/`to` as YYYY-MM-DD, both included; a bad, reversed or too long range is 400 INVALID_PERIOD. */
export function checkRange(from: unknown, to: unknown): CheckedPeriod {
  const range = typeof from === 'string' && typeof to === 'string' ? parseRange(from, to) : null;
  if (!range) throw new AppError('INVALID_PERIOD', { from: from ?? null, to: to ?? null });
  return { from: formatDay(range.from), to: formatDay(range.to), range, window: windowOf(range) };
}

/** A week, month, quarter or year (`2026-W48`, `2026-11`, `2026-Q4`, `2026`). */
export function checkPeriod(text: unknown): CheckedPeriod & { label: string; kind: string } {
  const p = typeof text === 'string' ? parsePeriod(text) : null;
  if (!p) throw new AppError('INVALID_PERIOD', { period: text ?? null });
  return { label: p.label, kind: p.kind, from: formatDay(p.from), to: formatDay(p.to), range: p, window: windowOf(p) };
}
