/**
 * The centre's settings that move deadlines: office hours (with seasons) and the deadline rules (the
 * day convention, an afternoon cut-off for all procedures). Checked the same way whether they come from
 * data/catalogue/centre.json at first start or from `motcua settings` later.
 */
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { type Season, periodsFrom } from '../../shared/calendar.ts';
import type { DeadlinePolicy } from '../../shared/deadline.ts';
import { deepNfc } from '../../shared/text.ts';
import { type Period, type WeeklyHours, hhmmToMinutes, minutesToHhmm } from '../../shared/working-time.ts';

const HHMM = '^([01]\\d|2[0-3]):[0-5]\\d$';
const MMDD = '^(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';
const PeriodText = Type.Object({ start: Type.String({ pattern: HHMM }), end: Type.String({ pattern: HHMM }) }, { additionalProperties: false });
const Periods = Type.Array(PeriodText, { minItems: 1, maxItems: 4 });

export const OfficeHoursFile = Type.Object(
  {
    weekdays: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { minItems: 1, maxItems: 7, uniqueItems: true }),
    periods: Periods,
    seasons: Type.Optional(
      Type.Array(
        Type.Object(
          { from: Type.String({ pattern: MMDD }), to: Type.String({ pattern: MMDD }), periods: Periods, basis: Type.String({ minLength: 1, maxLength: 300 }) },
          { additionalProperties: false },
        ),
        { maxItems: 12 },
      ),
    ),
    source: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type OfficeHoursFile = Static<typeof OfficeHoursFile>;

export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** Sessions of a day in order, none ending before it starts or overlapping the one before (office hours, a make-up day's hours). */
export function checkPeriods(list: readonly { start: string; end: string }[], where: string, problems: string[]): Period[] {
  const periods = periodsFrom(list);
  periods.forEach((p, i) => {
    if (p.start >= p.end) problems.push(`${where}/${i}: ${list[i]!.start}–${list[i]!.end} ends before it starts`);
    const prev = periods[i - 1];
    if (prev && p.start < prev.end) problems.push(`${where}/${i}: ${list[i]!.start} starts before the previous session ends (sessions in order, not overlapping)`);
  });
  return periods;
}

/**
 * A working day is 8 working hours (QĐ 188/1999/QĐ-TTg): exactly, for the week's hours and its seasons;
 * at most, for a make-up day worked with hours of its own (a morning only, say).
 */
export function checkEightHours(periods: readonly Period[], where: string, problems: string[], mode: 'exactly' | 'at-most'): void {
  const total = periods.reduce((sum, p) => sum + Math.max(p.end - p.start, 0), 0);
  if (mode === 'exactly' ? total !== 480 : total > 480) {
    problems.push(`${where}: the sessions add up to ${minutesToHhmm(total)}, ${mode === 'exactly' ? 'not' : 'more than'} 8 working hours a day (QĐ 188/1999/QĐ-TTg)`);
  }
}

/** Office hours checked into the engine's shape; SettingsError lists every problem. */
export function parseOfficeHours(json: unknown): { weekly: WeeklyHours; seasons: Season[]; file: OfficeHoursFile } {
  if (!Value.Check(OfficeHoursFile, json)) {
    throw new SettingsError(
      [...Value.Errors(OfficeHoursFile, json)].filter((e) => e.keyword !== 'boolean').map((e) => `${e.instancePath || '(top level)'}: ${e.message}`),
    );
  }
  const file = deepNfc(json);
  const problems: string[] = [];
  // QĐ 188/1999/QĐ-TTg: state offices work 40 hours, Monday to Friday. A make-up Saturday belongs in
  // the calendar (motcua calendar import), not in the week; shorter or longer days would make
  // "1 working day = 8 working hours" stretch over several days or shrink to part of one.
  if ([...file.weekdays].sort().join() !== '1,2,3,4,5') problems.push('/weekdays: the working week is Monday to Friday, [1, 2, 3, 4, 5] (QĐ 188/1999/QĐ-TTg); a make-up Saturday goes in the calendar');
  const eightHours = (periods: readonly Period[], where: string) => checkEightHours(periods, where, problems, 'exactly');
  const weekly = { weekdays: [...file.weekdays].sort(), periods: checkPeriods(file.periods, '/periods', problems) };
  eightHours(weekly.periods, '/periods');
  const seasons = (file.seasons ?? []).map((s, i) => {
    const bad = [s.from, s.to].find((k) => Number.isNaN(Date.parse(`2024-${k}T00:00:00Z`)) || new Date(`2024-${k}T00:00:00Z`).getUTCDate() !== Number(k.slice(3)));
    if (bad) problems.push(`/seasons/${i}: ${bad} is not a day of the year`);
    const periods = checkPeriods(s.periods, `/seasons/${i}/periods`, problems);
    eightHours(periods, `/seasons/${i}/periods`);
    return { from: s.from, to: s.to, basis: s.basis, periods };
  });
  // Two seasons claiming the same day would make the day's hours depend on the order of the list.
  for (let d = 0; d < 366; d++) {
    const date = new Date(Date.UTC(2024, 0, 1 + d));
    const key = `${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
    const claiming = seasons.filter((s) => (s.from <= s.to ? key >= s.from && key <= s.to : key >= s.from || key <= s.to));
    if (claiming.length > 1) {
      problems.push(`/seasons: ${key} is in more than one season (${claiming.map((s) => `${s.from}–${s.to}`).join(', ')})`);
      break;
    }
  }
  if (problems.length) throw new SettingsError(problems);
  return { weekly, seasons, file };
}

export const CONVENTIONS = ['working-hours', 'civil-code'] as const;

/** A cut-off "HH:MM" (or none) in minutes since midnight, refusing anything outside office-like hours. */
export function parseCutoff(text: string | null): number | null {
  if (text === null || text === 'none') return null;
  if (!new RegExp(HHMM).test(text)) throw new SettingsError([`cut-off "${text}" is not a time of day (HH:MM) or "none"`]);
  return hhmmToMinutes(text);
}

/** A centre-wide cut-off must fall inside every working day, or it would move every dossier, or none. */
export function checkCutoffInHours(cutoff: number, hours: { weekly: WeeklyHours; seasons: readonly Season[] }): void {
  for (const periods of [hours.weekly.periods, ...hours.seasons.map((s) => s.periods)]) {
    const open = periods[0]!.start;
    const close = periods[periods.length - 1]!.end;
    if (cutoff <= open || cutoff >= close) {
      throw new SettingsError([`cut-off ${minutesToHhmm(cutoff)} is outside the working day (${minutesToHhmm(open)}–${minutesToHhmm(close)}): it would move every dossier, or none`]);
    }
  }
}

export function policyOf(row: { deadline_convention: string; cutoff_for_all: string | null }): DeadlinePolicy {
  return { convention: row.deadline_convention === 'civil-code' ? 'civil-code' : 'working-hours', cutoffForAll: parseCutoff(row.cutoff_for_all) };
}

/** The supervision thresholds (`motcua settings set discipline-late-steps N | serious-apologies N`). */
export const THRESHOLD_SETTINGS = ['discipline-late-steps', 'serious-apologies'] as const;
export type ThresholdSetting = (typeof THRESHOLD_SETTINGS)[number];

/**
 * A threshold of the discipline flags: a whole number of late steps (without a valid reason) or of
 * apologies in a period, 1–100 (Thanh Hóa practice: 2 and 3; one-stop rules §7 — the legal source is
 * unconfirmed, hence a setting).
 */
export function parseThreshold(key: ThresholdSetting, value: string): number {
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 100) {
    throw new SettingsError([`${key} is a whole number from 1 to 100 (got "${value}")`]);
  }
  return Number(value);
}

/**
 * How many days an apology stays on the public board (`motcua settings set apology-board-days N`):
 * a whole number from 1 to 365. Agencies must apologise publicly (one-stop rules §4.5, §7); how long
 * the notice stays up is the centre's choice, 30 days by default. The same bounds as migration 012.
 */
export const APOLOGY_BOARD_DAYS = { min: 1, max: 365 } as const;
export function parseApologyBoardDays(value: string): number {
  const days = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(days >= APOLOGY_BOARD_DAYS.min && days <= APOLOGY_BOARD_DAYS.max)) {
    throw new SettingsError([`apology-board-days is a whole number of days from ${APOLOGY_BOARD_DAYS.min} to ${APOLOGY_BOARD_DAYS.max} (got "${value}")`]);
  }
  return days;
}
