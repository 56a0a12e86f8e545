/**
 * What the reports print, gathered once from the supervision service (so a PDF, a CSV and an XLSX of
 * the same week hold the same figures as GET /api/supervision/summary), and the Vietnamese formats
 * the papers share: dd/mm/yyyy, HH:mm, a decimal comma.
 */
import type { CentreInfo, DepartmentRef, Figures, SupervisionDossierRow, SupervisionFlags, SupervisionScores, SupervisionSummary } from '../../shared/contracts.ts';
import type { RatingLevel } from '../../shared/kiosk.ts';
import { formatWeek, isoWeekOf, mondayOf, weekRange } from '../../shared/periods.ts';
import { parseIsoInstant, vnDayNumber, vnParts } from '../../shared/time.ts';

/** A department's apology (Mẫu 04) in the week, from its history event. */
export interface ApologyRow {
  readonly code: string;
  readonly procedureName: string;
  readonly stepName: string | null;
  /** When the apology was made (ISO +07:00). */
  readonly at: string;
  readonly by: string | null;
  readonly reason: string;
  readonly originalDueAt: string;
  readonly previousDueAt: string;
  readonly newDueAt: string;
}

export interface RatingsRow {
  readonly count: number;
  /** Mean score 5..1, 2 decimals; null without ratings. */
  readonly average: number | null;
  readonly levels: readonly { readonly level: RatingLevel; readonly label: string; readonly score: number; readonly count: number }[];
}

export interface DepartmentSection {
  readonly department: DepartmentRef;
  readonly figures: Figures;
  readonly officers: SupervisionSummary['byOfficer'];
  /** Steps of this department finished late in the week, then those overdue now. */
  readonly late: readonly SupervisionDossierRow[];
  readonly overdueNow: readonly SupervisionDossierRow[];
  /** The drill-down hit its row limit: the tables say so. */
  readonly truncated: boolean;
  readonly apologies: readonly ApologyRow[];
  readonly ratings: RatingsRow;
}

export interface WeeklyReport {
  readonly centre: CentreInfo;
  readonly training: boolean;
  /** `2026-W48`. */
  readonly week: string;
  readonly from: string;
  readonly to: string;
  readonly asOf: string;
  readonly summary: SupervisionSummary;
  readonly flags: SupervisionFlags;
  /** Departments with anything to report in the week (or open now), each with a page. */
  readonly departments: readonly DepartmentSection[];
  /** Departments with nothing at all: named on page 1, no page of their own. */
  readonly quiet: readonly DepartmentRef[];
  /** The fingerprint of the key that protects the history (null: none), printed for the leaders to keep. */
  readonly historyKey?: string | null;
}

export interface ScoresReport {
  readonly centre: CentreInfo;
  readonly training: boolean;
  readonly scores: SupervisionScores;
}

// ——— formats ——————————————————————————————————————————————————————————————————————————————————

const two = (n: number) => String(n).padStart(2, '0');

function instantOf(iso: string): Date {
  const d = parseIsoInstant(iso);
  if (!d) throw new Error(`not an ISO time: ${iso}`);
  return d;
}

/** `27/11/2026` of an ISO time or a `YYYY-MM-DD` day. */
export function dmy(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso.split('-').reverse().join('/');
  const p = vnParts(instantOf(iso));
  return `${two(p.day)}/${two(p.month)}/${p.year}`;
}

/** `09:15 27/11/2026`: the papers' short time. */
export function hmDmy(iso: string): string {
  const p = vnParts(instantOf(iso));
  return `${two(p.hour)}:${two(p.minute)} ${two(p.day)}/${two(p.month)}/${p.year}`;
}

/** A Vietnamese decimal: comma, as on every official paper (1,5 — not 1.5). */
export function decimal(n: number | null, digits = 1): string {
  return n === null ? '—' : n.toFixed(digits).replace('.', ',');
}

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${decimal(rate * 100)} %`;
}

/** Early or on time, of what finished: what the leaders call "đúng hạn" (Decision 766/QĐ-TTg counts both). */
export function onTimeOrEarlyRate(f: Figures): number | null {
  return f.finished === 0 ? null : (f.early + f.onTime) / f.finished;
}

/** Working minutes as the papers say them: "2 ngày 3 giờ", "45 phút" (8 working hours a day). */
export function workingDuration(minutes: number | null): string {
  if (minutes === null) return '';
  const days = Math.floor(minutes / 480);
  const hours = Math.floor((minutes % 480) / 60);
  const mins = minutes % 60;
  const parts = [days ? `${days} ngày` : '', hours ? `${hours} giờ` : '', !days && mins ? `${mins} phút` : ''].filter(Boolean);
  return parts.join(' ') || '0 phút';
}

/** `Tuần 48 (23/11–29/11/2026)`; a week across two years writes both years. */
export function weekLabel(week: string): string {
  const r = weekRange(week);
  if (!r) throw new Error(`not a week: ${week}`);
  const n = Number(week.slice(6));
  const [from, to] = [r.from, r.to].map((d) => {
    const date = new Date(d * 86_400_000);
    return { day: date.getUTCDate(), month: date.getUTCMonth() + 1, year: date.getUTCFullYear() };
  }) as [{ day: number; month: number; year: number }, { day: number; month: number; year: number }];
  const first = from.year === to.year ? `${two(from.day)}/${two(from.month)}` : `${two(from.day)}/${two(from.month)}/${from.year}`;
  return `Tuần ${n} (${first}–${two(to.day)}/${two(to.month)}/${to.year})`;
}

/** `Tháng 11/2026`, `Quý IV/2026`, `Năm 2026`. */
export function periodLabel(period: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})$/.exec(period))) return `Tháng ${m[2]}/${m[1]}`;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(period))) return `Quý ${['I', 'II', 'III', 'IV'][Number(m[2]) - 1]}/${m[1]}`;
  if (/^\d{4}$/.test(period)) return `Năm ${period}`;
  if (/^\d{4}-W\d{2}$/.test(period)) return weekLabel(period);
  return period;
}

/** The last full ISO week before `now` (Monday–Sunday, Vietnam days): what the Monday briefing looks back on. */
export function lastFullWeek(now: Date): string {
  return formatWeek(isoWeekOf(mondayOf(vnDayNumber(now)) - 7));
}
