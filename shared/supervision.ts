/**
 * The supervisors' figures, without I/O: rates, the 90th percentile, handling times in working days,
 * Circular 01/2018's per-dossier indices and grades, the discipline flags and the early warning.
 * The server's SQL gathers the rows; every rule that turns rows into a judgement lives here.
 */
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
] as const;
export type SupervisionMetric = (typeof SUPERVISION_METRICS)[number];

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
