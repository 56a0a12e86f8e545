/**
 * The papers a supervisor takes to the weekly meeting: the weekly report for a week of the chosen
 * period, and the score table (Điểm thi đua) for a month, or the period's quarter or year, each as a PDF to print or a spreadsheet (CSV, XLSX).
 * Plain links: the browser opens the PDF in a tab of its own (its print button) and saves the rest.
 * The server records each download in the audit log.
 */
import { useEffect, useState } from 'preact/hooks';
import { reportUrls } from '../../lib/api.ts';
import { type Period, isoWeekRange, monthsIn, scoresPeriodOf, weeksIn } from './period.ts';
import d from './dashboard.module.css';

const dm = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}`;
function weekLabel(week: string): string {
  const r = isoWeekRange(week);
  return r ? `Tuần ${Number(week.slice(6))}/${week.slice(0, 4)} (${dm(r.from)} – ${dm(r.to)})` : week;
}
function scoresLabel(key: string): string {
  if (/^\d{4}$/.test(key)) return `Năm ${key}`;
  if (/-Q\d$/.test(key)) return `Quý ${key.slice(6)}/${key.slice(0, 4)}`;
  return `Tháng ${Number(key.slice(5))}/${key.slice(0, 4)}`;
}

export function Reports({ period }: { readonly period: Period }) {
  const weeks = weeksIn(period).reverse();
  // The period's own quarter or year when it is one, then its months, latest first.
  const whole = scoresPeriodOf(period);
  const months = [...new Set([whole, ...monthsIn(period).reverse()])];
  const [week, setWeek] = useState(weeks[0]!);
  const [month, setMonth] = useState(months[0]!);
  useEffect(() => {
    setWeek(weeks[0]!);
    setMonth(months[0]!);
  }, [period.from, period.to]);

  return (
    <details class={d.reports} data-testid="reports">
      <summary class={d.reportsButton}>
        <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
          <path d="M5 2h7l4 4v12H5z M12 2v4h4 M8 10h6 M8 13h6" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" />
        </svg>
        In / tải báo cáo
      </summary>
      <div class={d.reportsPanel}>
        <ReportRow label="Báo cáo tuần" choices={weeks} choiceLabel={weekLabel} value={week} onChange={setWeek} url={(format) => reportUrls.weekly(week, format)} testId="report-week" linkTestId="report-weekly" />
        <ReportRow label="Bảng điểm thi đua" choices={months} choiceLabel={scoresLabel} value={month} onChange={setMonth} url={(format) => reportUrls.scores(month, format)} testId="report-month" linkTestId="report-scores" />
      </div>
    </details>
  );
}

interface ReportRowProps {
  readonly label: string;
  readonly choices: readonly string[];
  readonly choiceLabel: (choice: string) => string;
  readonly value: string;
  readonly onChange: (choice: string) => void;
  readonly url: (format: 'pdf' | 'csv' | 'xlsx') => string;
  /** Of the select; its links are `${linkTestId}-pdf`, `-csv` and `-xlsx`. */
  readonly testId: string;
  readonly linkTestId: string;
}

/** One paper: its week or period to choose, then the PDF to print and the spreadsheets to save. */
function ReportRow({ label, choices, choiceLabel, value, onChange, url, testId, linkTestId }: ReportRowProps) {
  return (
    <div class={d.reportRow}>
      <label class={d.reportLabel}>
        <span>{label}</span>
        <select value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)} data-testid={testId}>
          {choices.map((c) => (
            <option key={c} value={c}>
              {choiceLabel(c)}
            </option>
          ))}
        </select>
      </label>
      <div class={d.reportLinks}>
        <a class={d.primaryLink} href={url('pdf')} target="_blank" rel="noopener" data-testid={`${linkTestId}-pdf`}>
          In (PDF)
        </a>
        <a class={d.link} href={url('csv')} download data-testid={`${linkTestId}-csv`}>
          CSV
        </a>
        <a class={d.link} href={url('xlsx')} download data-testid={`${linkTestId}-xlsx`}>
          Excel
        </a>
      </div>
    </div>
  );
}
