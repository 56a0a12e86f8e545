/** How the dashboard words its numbers: rates as "93 %", working days with a decimal comma, metric names. */
import type { SupervisionDossiersQuery } from '../../../shared/contracts.ts';
import { REFUSED_SUPPLEMENTS } from '../../../shared/supervision.ts';
import { workingDuration } from '../../lib/format.ts';

export type Metric = SupervisionDossiersQuery['metric'];

/** A drill-down: the dossiers behind one number. */
export interface Drill {
  readonly metric: Metric;
  readonly department?: string;
  readonly officer?: string;
  readonly procedure?: string;
  /** Whose number it is ("Phòng Kinh tế", "Nguyễn Văn An"), for the panel's title. */
  readonly who?: string;
  /** Open this dossier's history at once (a code tapped in the flags or the warnings). */
  readonly code?: string;
}

export const METRIC_LABELS: Record<Metric, string> = {
  received: 'Hồ sơ tiếp nhận',
  finished: 'Hồ sơ đã giải quyết',
  early: 'Giải quyết trước hạn',
  onTime: 'Giải quyết đúng hạn',
  late: 'Giải quyết trễ hạn',
  openNow: 'Đang giải quyết',
  overdueNow: 'Đang quá hạn',
  dueWithinOneDay: 'Đến hạn trong 1 ngày làm việc',
  apologies: 'Xin lỗi, hẹn lại ngày trả',
  supplementRequests: 'Yêu cầu bổ sung hồ sơ',
  secondSupplementAttempts: REFUSED_SUPPLEMENTS.secondSupplementAttempts.vi,
  supplementAttemptsAfterApology: REFUSED_SUPPLEMENTS.supplementAttemptsAfterApology.vi,
  supplementAttemptsAfterWindow: REFUSED_SUPPLEMENTS.supplementAttemptsAfterWindow.vi,
  supplementAttemptsAfterDue: REFUSED_SUPPLEMENTS.supplementAttemptsAfterDue.vi,
};

/** A refused supplement request on the dashboard's card and the table: short, each reason its own line. */
export const REFUSED_SHORT = {
  secondSupplementAttempts: 'lần hai',
  supplementAttemptsAfterApology: 'sau khi xin lỗi',
  supplementAttemptsAfterWindow: 'quá thời hạn yêu cầu',
  supplementAttemptsAfterDue: 'sau ngày hẹn trả',
} as const;

const nbsp = '\u00a0';
export const pct = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)}${nbsp}%`);
export const decimal = (n: number, digits = 1) => n.toFixed(digits).replace('.', ',');
export const days = (n: number | null) => (n === null ? '—' : `${decimal(n)}${nbsp}ngày`);
export const lateBy = (minutes: number | null) => (minutes && minutes > 0 ? `trễ ${workingDuration(minutes, 'vi')}` : 'trễ');
export const dm = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}`;
