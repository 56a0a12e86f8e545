/**
 * The supervisors' figures, without I/O: rates, the 90th percentile, handling times in working days,
 * Circular 01/2018's per-dossier indices and grades, the discipline flags and the early warning.
 * The server's SQL gathers the rows; every rule that turns rows into a judgement lives here.
 */
import type { ErrorCode } from './errors.ts';
import type { Wording } from './vocabulary.ts';

/** What a drill-down lists: the dossiers (or steps) behind one number of `Figures`. */
export const SUPERVISION_METRICS = [
  'received',
  'finished',
  'early',
  'onTime',
  'late',
  'openNow',
  'overdueNow',
  'dueWithinOneDay',
  'apologies',
  'supplementRequests',
  'secondSupplementAttempts',
  'supplementAttemptsAfterApology',
  'supplementAttemptsAfterWindow',
  'supplementAttemptsAfterDue',
] as const;
export type SupervisionMetric = (typeof SUPERVISION_METRICS)[number];

/**
 * Refused supplement requests (recorded as `supplement_request_refused`, `data.why` = the refusal's
 * code), each counted under its own reason: a second request is not the same failing as one made
 * after the window or after the appointment. The figure, the refusal it counts, and its words.
 */
export const REFUSED_SUPPLEMENTS = {
  secondSupplementAttempts: { why: 'SUPPLEMENT_ALREADY_REQUESTED', vi: 'Yêu cầu bổ sung lần hai (bị chặn)', en: 'Second supplement request (refused)' },
  supplementAttemptsAfterApology: { why: 'SUPPLEMENT_AFTER_APOLOGY', vi: 'Yêu cầu bổ sung sau khi đã xin lỗi (bị chặn)', en: 'Supplement request after the apology (refused)' },
  supplementAttemptsAfterWindow: { why: 'SUPPLEMENT_WINDOW_PASSED', vi: 'Yêu cầu bổ sung quá thời hạn được yêu cầu (bị chặn)', en: 'Supplement request after the window (refused)' },
  supplementAttemptsAfterDue: { why: 'SUPPLEMENT_AFTER_DUE', vi: 'Yêu cầu bổ sung khi đã quá ngày hẹn trả (bị chặn)', en: 'Supplement request after the appointment (refused)' },
} as const satisfies Record<string, { why: ErrorCode } & Wording>;
export type RefusedSupplement = keyof typeof REFUSED_SUPPLEMENTS;
export const REFUSED_SUPPLEMENT_KEYS = Object.keys(REFUSED_SUPPLEMENTS) as RefusedSupplement[];

export const FLAG_LEVEL_LABELS = {
  discipline_review: { vi: 'Xem xét kỷ luật, điều chuyển', en: 'Review for discipline or transfer' },
  serious: { vi: 'Xử lý nghiêm', en: 'Serious handling' },
} as const satisfies Record<string, Wording>;
export type FlagLevel = keyof typeof FLAG_LEVEL_LABELS;
export const FLAG_LEVELS = Object.keys(FLAG_LEVEL_LABELS) as FlagLevel[];

export const OFFICIAL_GRADES = {
  full: { vi: 'Hoàn thành tốt', en: 'Fully met' },
  partial: { vi: 'Hoàn thành', en: 'Met' },
  not_met: { vi: 'Chưa hoàn thành', en: 'Not met' },
} as const satisfies Record<string, Wording>;
export type OfficialGrade = keyof typeof OFFICIAL_GRADES;
export const OFFICIAL_GRADE_KEYS = Object.keys(OFFICIAL_GRADES) as OfficialGrade[];

export const AGENCY_GRADES = {
  excellent: { vi: 'Xuất sắc', en: 'Excellent' },
  good: { vi: 'Tốt', en: 'Good' },
  fair: { vi: 'Khá', en: 'Fair' },
  average: { vi: 'Trung bình', en: 'Average' },
  weak: { vi: 'Yếu', en: 'Weak' },
} as const satisfies Record<string, Wording>;
export type AgencyGrade = keyof typeof AGENCY_GRADES;
export const AGENCY_GRADE_KEYS = Object.keys(AGENCY_GRADES) as AgencyGrade[];

export const SCORE_INDEX_KEYS = ['total_time', 'stage_time', 'contacts', 'agencies', 'apologies', 'satisfaction'] as const;
export type ScoreIndex = (typeof SCORE_INDEX_KEYS)[number];

// ——— Rates, percentiles, handling times ——————————————————————————————————————————————————————

/** part / whole, 0..1; null when there is no whole (no "0 %" for a department that finished nothing). */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/**
 * The p-th percentile by the nearest-rank method: the smallest value with at least p % of the values
 * at or below it (sorted ascending, the value at rank ⌈p/100 · n⌉). Always one of the values — a
 * handling time someone actually took, not an interpolation between two — and the same rule the SQL
 * of the summary applies with ROW_NUMBER. The median is percentile 50 (the lower middle of an even
 * count). null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError('percentile: p must be in (0, 100]');
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[nearestRank(sorted.length, p) - 1]!;
}

/** The 1-based rank the nearest-rank percentile picks among n sorted values. */
export function nearestRank(n: number, p: number): number {
  // The epsilon keeps 0.9 × 10 = 9.000000000000002 from becoming rank 10.
  return Math.max(1, Math.ceil((p / 100) * n - 1e-9));
}

/** Working minutes as working days (8 hours each), one decimal; null stays null. */
export function workingDays(minutes: number | null): number | null {
  if (minutes === null) return null;
  return tenthsOfWorkingDay(minutes) / 10;
}

/**
 * Working minutes in tenths of a working day, rounded: what the figures show. Rounding never changes
 * the order of two values, so the nearest-rank p90 of the rounded values is the rounded p90: handling
 * times can be kept as counts per tenth (a histogram that adds up across days) and still give exactly
 * the p90 computed from every value.
 */
export function tenthsOfWorkingDay(minutes: number): number {
  return Math.round((minutes / MINUTES_PER_DAY) * 10);
}

/** The nearest-rank p-th percentile of values kept as counts per value (value → count); null when empty. */
export function percentileOfCounts(counts: Readonly<Record<string, number>>, p: number): number | null {
  const values = Object.keys(counts).map(Number).sort((a, b) => a - b);
  const n = values.reduce((sum, v) => sum + counts[v]!, 0);
  if (n === 0) return null;
  const rank = nearestRank(n, p);
  let seen = 0;
  for (const v of values) {
    seen += counts[v]!;
    if (seen >= rank) return v;
  }
  return values.at(-1)!;
}
const MINUTES_PER_DAY = 480;

// ——— Figures ————————————————————————————————————————————————————————————————————————————————

export interface FigureCounts {
  received: number;
  finished: number;
  early: number;
  onTime: number;
  late: number;
  openNow: number;
  overdueNow: number;
  dueWithinOneDay: number;
  apologies: number;
  supplementRequests: number;
  secondSupplementAttempts: number;
  supplementAttemptsAfterApology: number;
  supplementAttemptsAfterWindow: number;
  supplementAttemptsAfterDue: number;
  /** Sum and count of the handling times (working minutes) of what finished, and their p90 (minutes). */
  handlingMinutesSum: number;
  handlingCount: number;
  p90HandlingMinutes: number | null;
}

export const zeroCounts = (): FigureCounts => ({
  received: 0,
  finished: 0,
  early: 0,
  onTime: 0,
  late: 0,
  openNow: 0,
  overdueNow: 0,
  dueWithinOneDay: 0,
  apologies: 0,
  supplementRequests: 0,
  secondSupplementAttempts: 0,
  supplementAttemptsAfterApology: 0,
  supplementAttemptsAfterWindow: 0,
  supplementAttemptsAfterDue: 0,
  handlingMinutesSum: 0,
  handlingCount: 0,
  p90HandlingMinutes: null,
});

/** The API's figures from counted rows: rates of `finished`, handling times in working days. */
export function figuresOf(c: FigureCounts) {
  return {
    received: c.received,
    finished: c.finished,
    early: c.early,
    onTime: c.onTime,
    late: c.late,
    earlyRate: rate(c.early, c.finished),
    onTimeRate: rate(c.onTime, c.finished),
    lateRate: rate(c.late, c.finished),
    openNow: c.openNow,
    overdueNow: c.overdueNow,
    dueWithinOneDay: c.dueWithinOneDay,
    apologies: c.apologies,
    supplementRequests: c.supplementRequests,
    secondSupplementAttempts: c.secondSupplementAttempts,
    supplementAttemptsAfterApology: c.supplementAttemptsAfterApology,
    supplementAttemptsAfterWindow: c.supplementAttemptsAfterWindow,
    supplementAttemptsAfterDue: c.supplementAttemptsAfterDue,
    averageHandlingDays: c.handlingCount > 0 ? workingDays(c.handlingMinutesSum / c.handlingCount) : null,
    p90HandlingDays: workingDays(c.p90HandlingMinutes),
  };
}

/** True when every count is zero: a row nobody needs to read. */
export function isEmpty(c: FigureCounts): boolean {
  return (
    c.received + c.finished + c.openNow + c.overdueNow + c.dueWithinOneDay + c.apologies + c.supplementRequests + c.secondSupplementAttempts +
      c.supplementAttemptsAfterApology + c.supplementAttemptsAfterWindow + c.supplementAttemptsAfterDue ===
    0
  );
}

// ——— Discipline flags (Thanh Hóa practice, one-stop rules §7) ————————————————————————————————

export interface Thresholds {
  /** Late steps without a valid reason in the period from which an officer or department is flagged. */
  readonly lateSteps: number;
  /** Apologies without a valid reason in the period from which the flag is "serious". */
  readonly apologies: number;
}
export const DEFAULT_THRESHOLDS: Thresholds = { lateSteps: 2, apologies: 3 };

/**
 * The flag of an officer or department over a period. Both limits are "or more" (late twice or more;
 * three apologies or more without a valid reason), and the heavier one wins when both are reached.
 */
export function flagLevel(lateWithoutValidReason: number, apologies: number, t: Thresholds): FlagLevel | null {
  if (apologies >= t.apologies) return 'serious';
  if (lateWithoutValidReason >= t.lateSteps) return 'discipline_review';
  return null;
}

/** A step that finished late in the period, with the supervisors' current decision on it. */
export interface LateStep {
  readonly code: string;
  readonly seq: number;
  readonly stepName: string;
  readonly department: string;
  /** Who held the step (a staff key); null when nobody took it. */
  readonly officer: string | null;
  readonly lateMinutes: number | null;
  /** The current decision: true = a valid reason; null = none yet. */
  readonly valid: boolean | null;
  readonly decisionReason: string | null;
}

/** An apology made in the period, for the step it names. */
export interface Apology {
  readonly code: string;
  readonly seq: number;
  readonly stepName: string;
  readonly department: string | null;
  readonly officer: string | null;
  readonly reason: string | null;
  /** The step's working minutes late, when it finished late; null otherwise. */
  readonly lateMinutes: number | null;
  /** The decision in force on the apology: true = a valid reason (not counted); null or absent = none yet. */
  readonly valid?: boolean | null;
}

/** One line behind a flag: a late step (with the apology made for it, if any), or an apology listed apart. */
export interface FlagDossier {
  readonly code: string;
  readonly seq: number;
  readonly stepName: string;
  readonly lateMinutes: number | null;
  readonly apologized: boolean;
  /** The apology's reason when apologized, else the supervisors' latest (not valid) decision's, else null. */
  readonly reason: string | null;
}

export interface Flag {
  readonly kind: 'officer' | 'department';
  /** The officer's staff key or the department's code. */
  readonly key: string;
  readonly level: FlagLevel;
  readonly lateWithoutValidReason: number;
  readonly apologies: number;
  readonly dossiers: FlagDossier[];
}

/** Serious first, then the most apologies, then the most late steps; officers before departments, then by key. */
function compareFlags(a: Omit<Flag, 'dossiers'>, b: Omit<Flag, 'dossiers'>): number {
  const rank = (f: Omit<Flag, 'dossiers'>) => (f.level === 'serious' ? 0 : 1);
  return rank(a) - rank(b) || b.apologies - a.apologies || b.lateWithoutValidReason - a.lateWithoutValidReason || a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key);
}

/**
 * Every officer and department reaching a threshold: the late steps not excused by a valid-reason
 * decision (a reversed decision counts again: only the latest is in force), and the apologies. Listed
 * serious first, then by the counts; each with its dossiers (late steps, then apologies not already
 * listed with their step). The rule over every row in memory; the server counts in SQL and lists
 * only the most recent lines (tallyFlags, flagLines), and server/supervision/flags.test.ts holds the
 * two to the same answer.
 */
export function buildFlags(late: readonly LateStep[], apologies: readonly Apology[], t: Thresholds): Flag[] {
  type Acc = { late: LateStep[]; apologies: Apology[] };
  const groups = new Map<string, Acc & { kind: 'officer' | 'department'; key: string }>();
  const acc = (kind: 'officer' | 'department', key: string | null) => {
    if (key === null) return null;
    const id = `${kind}:${key}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { kind, key, late: [], apologies: [] }));
    return g;
  };
  for (const s of late) {
    if (s.valid === true) continue;
    acc('department', s.department)?.late.push(s);
    acc('officer', s.officer)?.late.push(s);
  }
  for (const a of apologies) {
    // An apology with a valid reason is not counted, nor listed: the provincial rule counts the others.
    if (a.valid === true) continue;
    acc('department', a.department)?.apologies.push(a);
    acc('officer', a.officer)?.apologies.push(a);
  }
  const flags: Flag[] = [];
  for (const g of groups.values()) {
    const level = flagLevel(g.late.length, g.apologies.length, t);
    if (!level) continue;
    const apologized = new Map(g.apologies.map((a) => [`${a.code}#${a.seq}`, a]));
    const listed = new Set<string>();
    const dossiers = g.late.map((s) => {
      const key = `${s.code}#${s.seq}`;
      listed.add(key);
      const a = apologized.get(key);
      return { code: s.code, seq: s.seq, stepName: s.stepName, lateMinutes: s.lateMinutes, apologized: a !== undefined, reason: a ? a.reason : s.decisionReason };
    });
    for (const a of g.apologies) {
      if (!listed.has(`${a.code}#${a.seq}`)) dossiers.push({ code: a.code, seq: a.seq, stepName: a.stepName, lateMinutes: a.lateMinutes, apologized: true, reason: a.reason });
    }
    flags.push({ kind: g.kind, key: g.key, level, lateWithoutValidReason: g.late.length, apologies: g.apologies.length, dossiers });
  }
  return flags.sort(compareFlags);
}

/** Late steps not excused by a valid reason, of one department and officer (counted in SQL). */
export interface LateCount {
  readonly department: string;
  readonly officer: string | null;
  readonly n: number;
}

/** An apology made in the period, as the flags count it. */
export interface ApologyMark {
  readonly id: number;
  readonly at: string;
  /** The department it was made for; null when the history does not say. */
  readonly department: string | null;
  /** The holder of the step it names (a staff key), null when nobody took it. */
  readonly officer: string | null;
  /** The department of the step it names. */
  readonly stepDepartment: string | null;
  /** The step it names is itself a late step counted in the period. */
  readonly besideLate: boolean;
}

/** A flag with its counts, before its dossiers are read. */
export interface FlagTally extends Omit<Flag, 'dossiers'> {
  /** The lines behind the flag in all: its late steps, and its apologies not beside one of them. */
  readonly dossierCount: number;
  /** The history ids of the apologies listed apart, most recent first, at most the cap. */
  readonly apologiesApart: readonly number[];
}

/**
 * The flags from counts: the same groups, levels and order as buildFlags, without every row. An
 * apology is listed beside its step when that step is one of the flag's own late steps (an officer's:
 * the step they held; a department's: a step of that department), else apart; `cap` bounds how many
 * of those apart are kept.
 */
export function tallyFlags(late: readonly LateCount[], apologies: readonly ApologyMark[], t: Thresholds, cap: number): FlagTally[] {
  type Acc = { kind: 'officer' | 'department'; key: string; late: number; apologies: number; apart: ApologyMark[] };
  const groups = new Map<string, Acc>();
  const acc = (kind: 'officer' | 'department', key: string | null) => {
    if (key === null) return null;
    const id = `${kind}:${key}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { kind, key, late: 0, apologies: 0, apart: [] }));
    return g;
  };
  for (const c of late) {
    acc('department', c.department)!.late += c.n;
    const o = acc('officer', c.officer);
    if (o) o.late += c.n;
  }
  for (const a of apologies) {
    const d = acc('department', a.department);
    if (d) {
      d.apologies++;
      if (!(a.besideLate && a.stepDepartment === a.department)) d.apart.push(a);
    }
    const o = acc('officer', a.officer);
    if (o) {
      o.apologies++;
      if (!a.besideLate) o.apart.push(a);
    }
  }
  const recentFirst = (x: ApologyMark, y: ApologyMark) => (x.at === y.at ? y.id - x.id : x.at < y.at ? 1 : -1);
  const flags: FlagTally[] = [];
  for (const g of groups.values()) {
    const level = flagLevel(g.late, g.apologies, t);
    if (!level) continue;
    const apart = g.apart.sort(recentFirst).slice(0, Math.max(0, cap));
    flags.push({ kind: g.kind, key: g.key, level, lateWithoutValidReason: g.late, apologies: g.apologies, dossierCount: g.late + g.apart.length, apologiesApart: apart.map((a) => a.id) });
  }
  return flags.sort(compareFlags);
}

/**
 * The lines a flag shows: its late steps (dated when they finished) and its apologies listed apart
 * (dated when made), most recent first, at most `cap`. Each list is given most recent first and may
 * hold more than the cap.
 */
export function flagLines(late: readonly (FlagDossier & { at: string })[], apart: readonly (FlagDossier & { at: string })[], cap: number): FlagDossier[] {
  const out: FlagDossier[] = [];
  let i = 0;
  let j = 0;
  while (out.length < cap && (i < late.length || j < apart.length)) {
    // At the same instant the late step first: it is what the flag counts.
    const takeLate = j >= apart.length || (i < late.length && late[i]!.at >= apart[j]!.at);
    const x = takeLate ? late[i++]! : apart[j++]!;
    out.push({ code: x.code, seq: x.seq, stepName: x.stepName, lateMinutes: x.lateMinutes, apologized: x.apologized, reason: x.reason });
  }
  return out;
}

// ——— Circular 01/2018/TT-VPCP art. 13: per-dossier indices, roll-ups and grades ————————————————
//
// What could be sourced (docs/domain one-stop rules §6, and a province's published list of the same
// criteria — dichvucong.thuathienhue.gov.vn): each dossier is scored 2 / 1 / 0 points on each index;
// among the indices are the total handling time against the legal limit, each agency's time against
// its share, the number of times the applicant had to come back to complete the dossier, the number
// of agencies the applicant had to deal with, staff attitude / satisfaction. Official: ≥ 5 fully met,
// 3.5–< 5 met, < 3.5 not met; agency: ≥ 15 excellent, 12–< 15 good, 9–< 12 fair, 6–< 9 average, < 6 weak.
// What could NOT be sourced here (the circular's own text was not in the sources available): the
// exact list and count of indices per level, and the wording of the official's grades. The grade
// thresholds imply an official's maximum of 6 (3 indices × 2) and an agency's of 20 (10 × 2).
// [design] This desk computes the indices its data can support (SCORE_INDICES) and scales the mean
// points per index to those maxima, so the circular's thresholds keep their meaning; the indices it
// cannot observe (publicity of procedures, online services, complaint handling) are not invented.

export interface ScoreIndexInfo {
  readonly label: Wording;
  readonly appliesTo: readonly ('official' | 'agency')[];
  readonly basis: string;
}

export const SCORE_INDICES: Record<ScoreIndex, ScoreIndexInfo> = {
  total_time: {
    label: { vi: 'Tổng thời gian giải quyết so với thời gian quy định', en: 'Total handling time against the legal limit' },
    appliesTo: ['agency'],
    basis: 'TT 01/2018/TT-VPCP art. 13: early 2, on time 1, late 0 (judged against the appointment first printed; a re-appointment does not make it on time).',
  },
  stage_time: {
    label: { vi: 'Thời gian thực hiện của từng cơ quan, cán bộ so với thời gian được giao', en: 'Each agency’s / official’s time against its share' },
    appliesTo: ['official', 'agency'],
    basis: 'TT 01/2018/TT-VPCP art. 13: the stages on the control sheet; the worst of the row’s steps on the dossier (any late 0, all early 2, else 1).',
  },
  contacts: {
    label: { vi: 'Số lần phải liên hệ để hoàn thiện hồ sơ', en: 'Times the applicant had to come back to complete the dossier' },
    appliesTo: ['official', 'agency'],
    basis: 'TT 01/2018/TT-VPCP art. 13: no supplement request 2, one 1, more 0 (an official or agency: the requests it made).',
  },
  agencies: {
    label: { vi: 'Số lượng cơ quan, đơn vị phải liên hệ', en: 'Agencies the applicant had to deal with' },
    appliesTo: ['agency'],
    basis: 'TT 01/2018/TT-VPCP art. 13: every dossier here is received and returned at the one-stop desk only, so 2 points.',
  },
  apologies: {
    label: { vi: 'Số lần xin lỗi, hẹn lại', en: 'Apologies and re-appointments' },
    appliesTo: ['agency'],
    basis: '[design] Decree 61/2018 art. 19(9); not sourced as an index of the circular: none 2, one 1, more 0 (an agency: the apologies for its steps).',
  },
  satisfaction: {
    label: { vi: 'Mức độ hài lòng của người dân (thái độ phục vụ)', en: 'The applicant’s satisfaction (staff attitude)' },
    appliesTo: ['official', 'agency'],
    basis: 'TT 01/2018/TT-VPCP art. 13 and Decree 61 art. 29: the kiosk rating, very satisfied / satisfied 2, neutral 1, dissatisfied 0; unrated dossiers are left out of this index.',
  },
};

export type Points = 0 | 1 | 2;

export function timelinessPoints(t: 'early' | 'on_time' | 'late'): Points {
  return t === 'early' ? 2 : t === 'on_time' ? 1 : 0;
}

/** The worst of a row's steps on one dossier; null when it had none finished. */
export function stagePoints(steps: readonly ('early' | 'on_time' | 'late')[]): Points | null {
  if (steps.length === 0) return null;
  return Math.min(...steps.map(timelinessPoints)) as Points;
}

/** None 2, one 1, more 0: supplement requests, or apologies. */
export function countPoints(n: number): Points {
  return n <= 0 ? 2 : n === 1 ? 1 : 0;
}

export function ratingPoints(level: string | null): Points | null {
  switch (level) {
    case 'very_satisfied':
    case 'satisfied':
      return 2;
    case 'neutral':
      return 1;
    case 'dissatisfied':
    case 'very_dissatisfied':
      return 0;
    default:
      return null;
  }
}

export const OFFICIAL_INDICES = SCORE_INDEX_KEYS.filter((k) => SCORE_INDICES[k].appliesTo.includes('official'));
export const AGENCY_INDICES = SCORE_INDEX_KEYS.filter((k) => SCORE_INDICES[k].appliesTo.includes('agency'));
/** The circular's totals the grades are read on (see above). */
export const SCALE = { official: 6, agency: 20 } as const;

export type IndexPoints = Partial<Record<ScoreIndex, Points | null>>;

/**
 * A roll-up over dossiers: the mean points of each index (over the dossiers where it applies), and
 * the score = the mean of those means × scale / 2 — the circular's sum of index points when every
 * index is observed, scaled when some cannot be. null without any observed index.
 */
export function rollUp(dossiers: readonly IndexPoints[], keys: readonly ScoreIndex[], scale: number): { indices: { key: ScoreIndex; average: number | null }[]; score: number | null } {
  const sums: IndexSums = {};
  for (const d of dossiers) addPoints(sums, d);
  return rollUpSums(sums, keys, scale);
}

/** Per index, the sum of the points and how many dossiers had it: what a roll-up needs, and adds up across periods. */
export type IndexSums = Partial<Record<ScoreIndex, [sum: number, n: number]>>;

export function addPoints(sums: IndexSums, d: IndexPoints): void {
  for (const key of SCORE_INDEX_KEYS) {
    const p = d[key];
    if (p === null || p === undefined) continue;
    const s = (sums[key] ??= [0, 0]);
    s[0] += p;
    s[1]++;
  }
}

export function mergeSums(into: IndexSums, part: IndexSums): void {
  for (const key of SCORE_INDEX_KEYS) {
    const p = part[key];
    if (!p) continue;
    const s = (into[key] ??= [0, 0]);
    s[0] += p[0];
    s[1] += p[1];
  }
}

/** rollUp from the sums of addPoints. */
export function rollUpSums(sums: IndexSums, keys: readonly ScoreIndex[], scale: number): { indices: { key: ScoreIndex; average: number | null }[]; score: number | null } {
  const indices = keys.map((key) => {
    const s = sums[key];
    return { key, average: s && s[1] > 0 ? round2(s[0] / s[1]) : null };
  });
  const observed = indices.filter((i) => i.average !== null);
  const score = observed.length ? round2((observed.reduce((sum, i) => sum + i.average!, 0) / observed.length) * (scale / 2)) : null;
  return { indices, score };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function officialGrade(score: number): OfficialGrade {
  if (score >= 5) return 'full';
  if (score >= 3.5) return 'partial';
  return 'not_met';
}

export function agencyGrade(score: number): AgencyGrade {
  if (score >= 15) return 'excellent';
  if (score >= 12) return 'good';
  if (score >= 9) return 'fair';
  if (score >= 6) return 'average';
  return 'weak';
}

// ——— Early warning ————————————————————————————————————————————————————————————————————————————

/** Finished steps of one procedure's step needed before its history is trusted over its allotted time. */
export const MIN_SAMPLES = 5;

export interface StepForecast {
  readonly median: number;
  readonly p90: number;
  readonly basis: 'history' | 'allotted';
}

/** A step's expected working duration: this centre's history when there is enough of it, else the allotted time. */
export function forecastStep(samples: readonly number[], allottedMinutes: number): StepForecast {
  if (samples.length < MIN_SAMPLES) return { median: allottedMinutes, p90: allottedMinutes, basis: 'allotted' };
  return { median: percentile(samples, 50)!, p90: percentile(samples, 90)!, basis: 'history' };
}

/**
 * Working minutes still needed from now: the open step's expected duration less what it has already
 * taken (never below zero: a step past its median is expected to end now, not in the past), then each
 * later step in full. At the median and at the 90th percentile.
 */
export function remainingMinutes(elapsedInOpenStep: number, steps: readonly StepForecast[]): { median: number; p90: number; basis: 'history' | 'allotted' } {
  let median = 0;
  let p90 = 0;
  steps.forEach((s, i) => {
    median += i === 0 ? Math.max(s.median - elapsedInOpenStep, 0) : s.median;
    p90 += i === 0 ? Math.max(s.p90 - elapsedInOpenStep, 0) : s.p90;
  });
  return { median, p90, basis: steps.every((s) => s.basis === 'history') ? 'history' : 'allotted' };
}

/**
 * Whether a forecast is worth a warning: the 90th-percentile finish misses the appointment. 'likely'
 * when the median finish misses it too.
 */
export function riskOf(shortAtMedian: number, shortAtP90: number): 'likely' | 'possible' | null {
  if (shortAtMedian > 0) return 'likely';
  if (shortAtP90 > 0) return 'possible';
  return null;
}
