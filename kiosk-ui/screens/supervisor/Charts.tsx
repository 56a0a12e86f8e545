/**
 * Two pictures a leader would rather look at than read: the on-time rate week by week, and the late
 * steps per department. Drawn as SVG here (no chart library: two charts do not justify one), each an
 * <svg role="img"> named by its <title> and <desc>, every value written on the chart itself, late parts
 * hatched as well as red, and the same values in a table for screen readers. The viewBox scales with
 * the card, so the charts fit a tablet in either orientation.
 */
import type { SupervisionSummary } from '../../../shared/contracts.ts';
import { cx } from '../../lib/status.ts';
import type { Period } from './period.ts';
import { type Drill, dm, pct } from './words.ts';
import d from './dashboard.module.css';

type Week = SupervisionSummary['weekly'][number];
type DeptRow = SupervisionSummary['byDepartment'][number];

const weekNo = (w: string) => Number(w.slice(6));

export function WeeklyChart({ weekly, period, rule }: { readonly weekly: readonly Week[]; readonly period: Period; readonly rule: SupervisionSummary['timeliness'] }) {
  // A year has 53 weeks: beyond ~16 columns the labels collide, so a long period shows its last 16.
  const weeks = weekly.slice(-16);
  const W = 600;
  const H = 260;
  const left = 44;
  const right = 8;
  const top = 24;
  const bottom = 50;
  const plotH = H - top - bottom;
  const slot = (W - left - right) / Math.max(1, weeks.length);
  const barW = Math.min(46, slot * 0.62);
  const y = (rate: number) => top + plotH * (1 - rate);
  const desc = weeks.map((w) => `Tuần ${weekNo(w.week)} (${dm(w.from)}–${dm(w.to)}): ${w.finished === 0 ? 'chưa có hồ sơ giải quyết' : `${pct(w.onTimeRate)} đúng hạn hoặc sớm, ${w.onTimeOrEarly}/${w.finished} hồ sơ`}`).join('; ');
  return (
    <section class={d.panel} aria-labelledby="chart-weekly-title" data-testid="chart-weekly">
      <h2 id="chart-weekly-title" class={d.panelTitle}>
        Tỉ lệ giải quyết đúng hạn theo tuần
      </h2>
      {weekly.length > weeks.length && <p class={d.note}>16 tuần gần nhất của kỳ.</p>}
      {weeks.some((w) => w.to < period.from) && <p class={d.note}>Kèm các tuần trước kỳ để thấy xu hướng; tuần trong kỳ in đậm.</p>}
      <svg class={d.chart} viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="weekly-svg-title weekly-svg-desc">
        <title id="weekly-svg-title">Tỉ lệ hồ sơ giải quyết đúng hạn hoặc trước hạn theo tuần</title>
        <desc id="weekly-svg-desc">{desc}</desc>
        {[0, 0.25, 0.5, 0.75, 1].map((r) => (
          <g key={r}>
            <line x1={left} x2={W - right} y1={y(r)} y2={y(r)} class={r === 0 ? d.axis : d.grid} />
            <text x={left - 6} y={y(r) + 4} class={d.tick} text-anchor="end">
              {Math.round(r * 100)}%
            </text>
          </g>
        ))}
        {weeks.map((w, i) => {
          const cx0 = left + slot * i + slot / 2;
          const rate = w.onTimeRate;
          const inPeriod = w.to >= period.from && w.from <= period.to;
          return (
            <g key={w.week}>
              {rate !== null && (
                <>
                  <rect x={cx0 - barW / 2} y={y(rate)} width={barW} height={Math.max(0, y(0) - y(rate))} class={cx(d.bar, rate < 0.9 && d.barWeak)} rx="3" />
                  <text x={cx0} y={y(rate) - 6} class={d.value} text-anchor="middle">
                    {Math.round(rate * 100)}%
                  </text>
                </>
              )}
              {rate === null && (
                <text x={cx0} y={y(0) - 6} class={d.tick} text-anchor="middle">
                  —
                </text>
              )}
              <text x={cx0} y={H - bottom + 18} class={cx(d.tick, inPeriod && d.tickStrong)} text-anchor="middle">
                T{weekNo(w.week)}
              </text>
              <text x={cx0} y={H - bottom + 36} class={d.tickSmall} text-anchor="middle">
                {w.finished} hs
              </text>
            </g>
          );
        })}
      </svg>
      <p class={d.note}>Cột nhạt: dưới 90&nbsp;% đúng hạn. “hs”: số hồ sơ đã giải quyết trong tuần. {rule.label.vi}.</p>
      <table class="visually-hidden">
        <caption>Tỉ lệ đúng hạn theo tuần</caption>
        <thead>
          <tr>
            <th scope="col">Tuần</th>
            <th scope="col">Đã giải quyết</th>
            <th scope="col">Đúng hạn hoặc sớm</th>
            <th scope="col">Tỉ lệ</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w.week}>
              <th scope="row">
                Tuần {weekNo(w.week)} ({dm(w.from)}–{dm(w.to)})
              </th>
              <td>{w.finished}</td>
              <td>{w.onTimeOrEarly}</td>
              <td>{pct(w.onTimeRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function DeptLateChart({ rows, onDrill }: { readonly rows: readonly DeptRow[]; readonly onDrill: (d: Drill) => void }) {
  const shown = rows
    .filter((r) => r.figures.finished > 0 || r.figures.overdueNow > 0)
    .sort((a, b) => b.figures.late - a.figures.late || (b.figures.lateRate ?? 0) - (a.figures.lateRate ?? 0))
    .slice(0, 8);
  const W = 600;
  const rowH = 46;
  const labelW = 0;
  const top = 6;
  const H = top + Math.max(1, shown.length) * rowH;
  const max = Math.max(1, ...shown.map((r) => r.figures.finished));
  const scale = (n: number) => ((W - labelW - 150) * n) / max;
  return (
    <section class={d.panel} aria-labelledby="chart-dept-title" data-testid="chart-departments">
      <h2 id="chart-dept-title" class={d.panelTitle}>
        Bước trễ hạn theo đơn vị
      </h2>
      {shown.length === 0 ? (
        <p class={d.muted}>Chưa có bước xử lý nào hoàn thành trong kỳ.</p>
      ) : (
        <>
          <svg class={d.chart} viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="dept-svg-title dept-svg-desc">
            <title id="dept-svg-title">Số bước trễ hạn trên số bước đã xong, theo đơn vị</title>
            <desc id="dept-svg-desc">{shown.map((r) => `${r.department.name}: ${r.figures.late} bước trễ trên ${r.figures.finished} bước đã xong (${pct(r.figures.lateRate)})`).join('; ')}</desc>
            <defs>
              <pattern id="hatch-late" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect width="6" height="6" class={d.hatchBg} />
                <line x1="0" y1="0" x2="0" y2="6" class={d.hatchLine} />
              </pattern>
            </defs>
            {shown.map((r, i) => {
              const y0 = top + i * rowH;
              const good = r.figures.finished - r.figures.late;
              return (
                <g key={r.department.code}>
                  <text x={0} y={y0 + 14} class={d.barLabel}>
                    {r.department.name.length > 60 ? `${r.department.name.slice(0, 58)}…` : r.department.name}
                  </text>
                  <rect x={0} y={y0 + 20} width={scale(good)} height={16} class={d.barGood} />
                  <rect x={scale(good)} y={y0 + 20} width={scale(r.figures.late)} height={16} fill="url(#hatch-late)" class={d.barLateEdge} />
                  <text x={scale(r.figures.finished) + 8} y={y0 + 33} class={cx(d.value, r.figures.late > 0 && d.valueLate)}>
                    {r.figures.late > 0 ? `${r.figures.late} trễ / ${r.figures.finished} (${pct(r.figures.lateRate)})` : `0 trễ / ${r.figures.finished}`}
                  </text>
                </g>
              );
            })}
          </svg>
          <p class={d.legend}>
            <span class={cx(d.swatch, d.partOnTime)} aria-hidden="true" /> đúng hạn hoặc sớm <span class={cx(d.swatch, d.partLate)} aria-hidden="true" /> trễ hạn (gạch chéo)
          </p>
          <div class={d.chartLinks}>
            {shown
              .filter((r) => r.figures.late > 0)
              .map((r) => (
                <button type="button" key={r.department.code} class={d.chipButton} onClick={() => onDrill({ metric: 'late', department: r.department.code, who: r.department.name })}>
                  Xem {r.figures.late} bước trễ · {r.department.name}
                </button>
              ))}
          </div>
        </>
      )}
    </section>
  );
}
