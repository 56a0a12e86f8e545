/**
 * The leaders' papers: the weekly report for their briefing and the emulation score table (monthly,
 * quarterly, yearly), each as PDF, CSV and XLSX. Every figure comes from the supervision service —
 * the same calls GET /api/supervision/summary, /flags, /dossiers and /scores answer — so a paper can
 * never disagree with the screen. Each download is recorded in the audit log: the papers name
 * officers and their late dossiers.
 */
import type { CentreInfo, SupervisionDossiers, SupervisionDossiersQuery, SupervisionFlags, SupervisionScores, SupervisionSummary } from '../../shared/contracts.ts';
import { RATING_LEVELS, RATING_LEVEL_KEYS } from '../../shared/kiosk.ts';
import { formatDay, parsePeriod, weekRange } from '../../shared/periods.ts';
import { REFUSED_SUPPLEMENT_KEYS } from '../../shared/supervision.ts';
import { dateOfDayNumber, toVnIso, vnInstant } from '../../shared/time.ts';
import type { AuditRepo } from '../audit/repo.ts';
import { AppError } from '../errors.ts';
import { toCsv } from './csv.ts';
import type { ApologyRow, DepartmentSection, RatingsRow, ScoresReport, WeeklyReport } from './model.ts';
export { lastFullWeek } from './model.ts';
import type { ApologyDb, ReportRepo } from './repo.ts';
import { renderScoresPdf } from './scores-pdf.ts';
import { scoresTables, weeklyTables } from './tables.ts';
import { renderWeeklyPdf } from './weekly-pdf.ts';
import { toXlsx } from './xlsx.ts';

/** What the reports read from the supervision service (server/supervision/service.ts). */
export interface SupervisionSource {
  summary(from: string, to: string): SupervisionSummary;
  flags(from: string, to: string, options?: { dossiersPerFlag?: number }): SupervisionFlags;
  scores(period: string): SupervisionScores;
  dossiers(query: SupervisionDossiersQuery): SupervisionDossiers;
}

export const REPORT_FORMATS = ['pdf', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const CONTENT_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export type ReportRequest = { readonly kind: 'weekly'; readonly week: string } | { readonly kind: 'scores'; readonly period: string };

export interface ReportFile {
  readonly body: Buffer;
  /** ASCII only (a Vietnamese-safe name on any system): `bao-cao-tuan-2026-W48.pdf`. */
  readonly fileName: string;
  readonly contentType: string;
  /** The service's time the figures were taken at. */
  readonly asOf: string;
}

/** Who downloaded a report: a signed-in member of staff, or the operating-system account of the command line. */
export type ReportActor = { readonly staffId: number } | { readonly os: string };

/** Drill-down rows per department table; a week of one centre is far below it. */
const ROW_LIMIT = 5000;

const WEEK_MESSAGE = 'Tuần không hợp lệ: dùng dạng YYYY-Www theo tuần ISO (thứ Hai–Chủ nhật), ví dụ week=2026-W48.';
const SCORES_MESSAGE = 'Kỳ không hợp lệ: cho đúng một trong month=YYYY-MM (ví dụ 2026-11), quarter=YYYY-Qn (2026-Q4) hoặc year=YYYY (2026).';

/** `2026-W48`, checked: a 400 INVALID_PERIOD a supervisor can read, never a 500. */
export function checkWeek(week: string | undefined): string {
  if (week === undefined || !weekRange(week)) throw new AppError('INVALID_PERIOD', { field: 'week', value: week ?? null }, WEEK_MESSAGE);
  return week;
}

/** Exactly one of month / quarter / year, as the scores' period (`2026-11`, `2026-Q4`, `2026`). */
export function checkScoresPeriod(q: { month?: string | undefined; quarter?: string | undefined; year?: string | undefined }): string {
  const given = (['month', 'quarter', 'year'] as const).filter((k) => q[k] !== undefined);
  const field = given[0];
  const value = field ? q[field]! : undefined;
  const shape = { month: /^\d{4}-\d{2}$/, quarter: /^\d{4}-Q[1-4]$/, year: /^\d{4}$/ } as const;
  if (given.length !== 1 || !field || value === undefined || !shape[field].test(value) || !parsePeriod(value)) {
    throw new AppError('INVALID_PERIOD', { field: given.length === 1 ? field : 'month', value: value ?? null }, SCORES_MESSAGE);
  }
  return value;
}

export function reportFileName(request: ReportRequest, format: ReportFormat): string {
  return request.kind === 'weekly' ? `bao-cao-tuan-${request.week}.${format}` : `bang-diem-thi-dua-${request.period}.${format}`;
}

export type ReportService = ReturnType<typeof reportService>;

export function reportService(deps: { supervision: SupervisionSource; repo: ReportRepo; audit: AuditRepo; centre: () => CentreInfo; training: boolean; historyKey?: () => string | null }) {
  function weekly(week: string): WeeklyReport {
    const range = weekRange(checkWeek(week))!;
    const from = formatDay(range.from);
    const to = formatDay(range.to);
    const summary = deps.supervision.summary(from, to);
    // Every line behind each flag: the paper's flags table lists them all (the API keeps the 20 most recent).
    const flags = deps.supervision.flags(from, to, { dossiersPerFlag: Infinity });
    // [Monday 00:00, next Monday 00:00) in Vietnam time, as the history stores it.
    const start = toVnIso(vnInstant(dateOfDayNumber(range.from)));
    const end = toVnIso(vnInstant(dateOfDayNumber(range.to + 1)));
    const apologies = deps.repo.apologies(start, end);
    const ratings = deps.repo.ratingsByDepartment(start, end);
    const departments: DepartmentSection[] = [];
    const quiet: { code: string; name: string }[] = [];
    for (const { department, figures } of summary.byDepartment) {
      const own = apologies.filter((a) => a.department_code === department.code).map(toApology);
      const rated = ratingsOf(ratings.filter((r) => r.department_code === department.code));
      const active = figures.received + figures.finished + figures.openNow + figures.apologies + figures.supplementRequests + REFUSED_SUPPLEMENT_KEYS.reduce((n, k) => n + figures[k], 0) + own.length + rated.count > 0;
      if (!active) {
        quiet.push(department);
        continue;
      }
      const list = (metric: 'late' | 'overdueNow') => deps.supervision.dossiers({ from, to, metric, department: department.code, limit: ROW_LIMIT });
      const late = list('late');
      const overdue = list('overdueNow');
      departments.push({
        department,
        figures,
        officers: summary.byOfficer.filter((o) => o.officer.department?.code === department.code),
        late: late.items,
        overdueNow: overdue.items,
        truncated: late.truncated || overdue.truncated,
        apologies: own,
        ratings: rated,
      });
    }
    return { centre: deps.centre(), training: deps.training, week, from, to, asOf: summary.asOf, summary, flags, departments, quiet, historyKey: deps.historyKey?.() ?? null };
  }

  function scores(period: string): ScoresReport {
    return { centre: deps.centre(), training: deps.training, scores: deps.supervision.scores(period) };
  }

  return {
    weekly,
    scores,

    /** The paper in one format, not yet recorded (the caller records it once it is handed over). */
    async render(request: ReportRequest, format: ReportFormat): Promise<ReportFile> {
      const fileName = reportFileName(request, format);
      const contentType = CONTENT_TYPES[format];
      if (request.kind === 'weekly') {
        const report = weekly(request.week);
        const body = format === 'pdf' ? await renderWeeklyPdf(report) : format === 'csv' ? toCsv(weeklyTables(report)) : await toXlsx(weeklyTables(report), xlsxInfo(report.centre.name, `Báo cáo tuần ${request.week}`));
        return { body, fileName, contentType, asOf: report.asOf };
      }
      const report = scores(request.period);
      const body = format === 'pdf' ? await renderScoresPdf(report) : format === 'csv' ? toCsv(scoresTables(report)) : await toXlsx(scoresTables(report), xlsxInfo(report.centre.name, `Bảng điểm thi đua ${request.period}`));
      return { body, fileName, contentType, asOf: report.scores.asOf };
    },

    /** A download in the audit log: who, when, which report, which format. */
    record(actor: ReportActor, request: ReportRequest, file: ReportFile): void {
      const detail = { report: request.kind, period: request.kind === 'weekly' ? request.week : request.period, file: file.fileName, bytes: file.body.length };
      if ('staffId' in actor) deps.audit.recordStaff({ at: file.asOf, staff_id: actor.staffId, action: 'download_report', detail });
      else deps.audit.recordAdmin({ at: file.asOf, action: 'download_report', detail: { ...detail, by: actor.os } });
    },
  };
}

const xlsxInfo = (creator: string, title: string) => ({ creator, title });

function toApology(a: ApologyDb): ApologyRow {
  return {
    code: a.code,
    procedureName: a.procedure_name,
    stepName: a.step_name,
    at: a.at,
    by: a.by_name,
    reason: a.reason ?? '',
    originalDueAt: a.original_due_at ?? '',
    previousDueAt: a.previous_due_at ?? '',
    newDueAt: a.new_due_at ?? '',
  };
}

function ratingsOf(rows: readonly { level: keyof typeof RATING_LEVELS; n: number }[]): RatingsRow {
  const levels = RATING_LEVEL_KEYS.map((level) => ({ level, label: RATING_LEVELS[level].vi, score: RATING_LEVELS[level].score, count: rows.find((r) => r.level === level)?.n ?? 0 }));
  const count = levels.reduce((n, l) => n + l.count, 0);
  const average = count ? Math.round((levels.reduce((s, l) => s + l.score * l.count, 0) / count) * 100) / 100 : null;
  return { count, average, levels };
}
