/**
 * Every figure by department, officer or procedure: one table, sortable by any column (tap its head;
 * again to reverse), numbers right-aligned, rates as %, late in red and named in the heading. Each
 * non-zero number opens its dossiers. Department and officer rows count steps (what they held);
 * procedure rows count dossiers — the note under the table says so, because the totals differ.
 * On a narrow screen the table scrolls inside its own box, its first column staying in view.
 */
import { useState } from 'preact/hooks';
import type { Figures, SupervisionSummary } from '../../../shared/contracts.ts';
import { cx } from '../../lib/status.ts';
import { type Drill, type Metric, days, pct } from './words.ts';
import d from './dashboard.module.css';

type By = 'department' | 'officer' | 'procedure';
interface Row {
  readonly key: string;
  readonly name: string;
  readonly sub: string | null;
  readonly figures: Figures;
  readonly drill: Omit<Drill, 'metric'>;
}

type Col = { key: keyof Figures; label: string; metric?: Metric; rate?: boolean; days?: boolean; late?: boolean };
const COLUMNS: Col[] = [
  { key: 'received', label: 'Tiếp nhận', metric: 'received' },
  { key: 'finished', label: 'Đã xong', metric: 'finished' },
  { key: 'early', label: 'Trước hạn', metric: 'early' },
  { key: 'onTime', label: 'Đúng hạn', metric: 'onTime' },
  { key: 'late', label: 'Trễ hạn', metric: 'late', late: true },
  { key: 'lateRate', label: 'Tỉ lệ trễ', rate: true, late: true },
  { key: 'openNow', label: 'Đang giải quyết', metric: 'openNow' },
  { key: 'overdueNow', label: 'Quá hạn hiện nay', metric: 'overdueNow', late: true },
  { key: 'dueWithinOneDay', label: 'Đến hạn trong 1 ngày', metric: 'dueWithinOneDay' },
  { key: 'apologies', label: 'Xin lỗi', metric: 'apologies' },
  { key: 'supplementRequests', label: 'Yêu cầu bổ sung', metric: 'supplementRequests' },
  // Refused supplement requests, each reason its own column.
  { key: 'secondSupplementAttempts', label: 'Bổ sung lần hai', metric: 'secondSupplementAttempts' },
  { key: 'supplementAttemptsAfterApology', label: 'Bổ sung sau xin lỗi', metric: 'supplementAttemptsAfterApology' },
  { key: 'supplementAttemptsAfterWindow', label: 'Bổ sung quá thời hạn', metric: 'supplementAttemptsAfterWindow' },
  { key: 'supplementAttemptsAfterDue', label: 'Bổ sung sau ngày hẹn', metric: 'supplementAttemptsAfterDue' },
  { key: 'averageHandlingDays', label: 'Thời gian TB', days: true },
];

const BY: { key: By; label: string }[] = [
  { key: 'department', label: 'Theo đơn vị' },
  { key: 'officer', label: 'Theo cán bộ' },
  { key: 'procedure', label: 'Theo thủ tục' },
];

function rowsOf(summary: SupervisionSummary, by: By): Row[] {
  if (by === 'department') return summary.byDepartment.map((r) => ({ key: r.department.code, name: r.department.name, sub: null, figures: r.figures, drill: { department: r.department.code, who: r.department.name } }));
  if (by === 'officer')
    return summary.byOfficer.map((r) => ({ key: r.officer.username, name: r.officer.displayName, sub: r.officer.department?.name ?? null, figures: r.figures, drill: { officer: r.officer.username, who: r.officer.displayName } }));
  return summary.byProcedure.map((r) => ({ key: r.procedure.code, name: r.procedure.name, sub: r.procedure.code, figures: r.figures, drill: { procedure: r.procedure.code, who: r.procedure.name } }));
}

export function Breakdown({ summary, onDrill }: { readonly summary: SupervisionSummary; readonly onDrill: (d: Drill) => void }) {
  const [by, setBy] = useState<By>('department');
  const [sort, setSort] = useState<{ key: keyof Figures | 'name'; desc: boolean }>({ key: 'late', desc: true });
  const rows = rowsOf(summary, by).sort((a, b) => {
    const dir = sort.desc ? -1 : 1;
    if (sort.key === 'name') return dir * a.name.localeCompare(b.name, 'vi');
    const x = a.figures[sort.key] ?? -1;
    const y = b.figures[sort.key] ?? -1;
    return dir * (x - y) || a.name.localeCompare(b.name, 'vi');
  });
  const sortBy = (key: keyof Figures | 'name') => setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: key !== 'name' }));
  const ariaSort = (key: keyof Figures | 'name') => (sort.key === key ? (sort.desc ? 'descending' : 'ascending') : undefined);
  const title = BY.find((b) => b.key === by)!.label;

  return (
    <section class={d.panel} aria-labelledby="breakdown-title" data-testid="breakdown">
      <div class={d.panelHeadRow}>
        <h2 id="breakdown-title" class={d.panelTitle}>
          Chi tiết {title.toLowerCase()}
        </h2>
        <div class={d.segments} role="group" aria-label="Chia số liệu">
          {BY.map((b) => (
            <button type="button" key={b.key} class={cx(d.segment, by === b.key && d.segmentOn)} aria-pressed={by === b.key} onClick={() => setBy(b.key)} data-testid={`breakdown-${b.key}`}>
              {b.label}
            </button>
          ))}
        </div>
      </div>
      <div class={d.tableBox} tabIndex={0} role="region" aria-label={`Bảng số liệu ${title.toLowerCase()} (cuộn ngang nếu cần)`}>
        <table class={cx(d.table, d.figTable)} data-testid="breakdown-table">
          <thead>
            <tr>
              <th scope="col" class={d.stickyCol} aria-sort={ariaSort('name')}>
                <button type="button" class={d.sortButton} onClick={() => sortBy('name')}>
                  {by === 'department' ? 'Đơn vị' : by === 'officer' ? 'Cán bộ' : 'Thủ tục'}
                  <SortMark on={sort.key === 'name'} desc={sort.desc} />
                </button>
              </th>
              {COLUMNS.map((c) => (
                <th scope="col" key={c.key} class={cx(d.num, c.late && d.lateHead)} aria-sort={ariaSort(c.key)}>
                  <button type="button" class={d.sortButton} onClick={() => sortBy(c.key)}>
                    {c.label}
                    <SortMark on={sort.key === c.key} desc={sort.desc} />
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length + 1} class={d.muted}>
                  Không có số liệu trong kỳ.
                </td>
              </tr>
            )}
            {rows.map((r) => (
              <tr key={r.key} data-testid="breakdown-row" data-key={r.key}>
                <th scope="row" class={d.stickyCol}>
                  <span class={d.rowName}>{r.name}</span>
                  {r.sub && <span class={d.cellSub}>{r.sub}</span>}
                </th>
                {COLUMNS.map((c) => {
                  const v = r.figures[c.key];
                  const late = c.late && typeof v === 'number' && v > 0;
                  const text = c.rate ? pct(v) : c.days ? days(v) : String(v);
                  return (
                    <td key={c.key} class={cx(d.num, late && d.numLate)}>
                      {c.metric && typeof v === 'number' && v > 0 ? (
                        <button
                          type="button"
                          class={cx(d.numButton, late && d.numButtonLate)}
                          onClick={() => onDrill({ metric: c.metric!, ...r.drill })}
                          aria-label={`${text} — ${c.label}, ${r.name}: xem hồ sơ`}
                          data-testid={`cell-${c.key}`}
                        >
                          {text}
                        </button>
                      ) : (
                        <span class={d.numText}>{text}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class={d.note}>
        {by === 'procedure'
          ? 'Theo thủ tục: đếm hồ sơ (tiếp nhận, giải quyết trong kỳ so với ngày hẹn ban đầu).'
          : `Theo ${by === 'department' ? 'đơn vị' : 'cán bộ'}: đếm bước xử lý (bắt đầu, hoàn thành trong kỳ so với hạn của bước); quá hạn và đến hạn tính tại thời điểm hiện nay.`}{' '}
        Chạm vào một con số để xem các hồ sơ.
      </p>
    </section>
  );
}

function SortMark({ on, desc }: { readonly on: boolean; readonly desc: boolean }) {
  return (
    <span class={cx(d.sortMark, on && d.sortMarkOn)} aria-hidden="true">
      {on ? (desc ? '▼' : '▲') : '↕'}
    </span>
  );
}
