/**
 * The period: one tap for the usual ones (this week is the default), a quarter from a list, or any
 * two dates. The choice goes into the address, so the back button and a bookmark both keep it.
 */
import { useEffect, useState } from 'preact/hooks';
import { cx } from '../../lib/status.ts';
import { type Period, type PresetKind, periodProblem, presetOf, presetPeriod, recentQuarters } from './period.ts';
import d from './dashboard.module.css';

interface Props {
  readonly period: Period;
  readonly today: string;
  readonly onChange: (p: Period) => void;
}

const SIMPLE: { kind: Exclude<PresetKind, 'custom' | 'quarter'>; label: string }[] = [
  { kind: 'week', label: 'Tuần này' },
  { kind: 'lastWeek', label: 'Tuần trước' },
  { kind: 'month', label: 'Tháng này' },
  { kind: 'year', label: 'Năm nay' },
];

export function PeriodPicker({ period, today, onChange }: Props) {
  const kind = presetOf(period, today);
  const [custom, setCustom] = useState(kind === 'custom');
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [problem, setProblem] = useState<string | null>(null);
  const quarters = recentQuarters(today);
  const quarter = quarters.find((q) => q.period.from === period.from && q.period.to === period.to);

  useEffect(() => {
    setFrom(period.from);
    setTo(period.to);
    setProblem(null);
  }, [period.from, period.to]);

  return (
    <div class={d.picker} role="group" aria-label="Khoảng thời gian" data-testid="period-picker">
      <div class={d.segments}>
        {SIMPLE.map((p) => (
          <button
            type="button"
            key={p.kind}
            class={cx(d.segment, !custom && kind === p.kind && d.segmentOn)}
            aria-pressed={!custom && kind === p.kind}
            data-testid={`period-${p.kind}`}
            onClick={() => {
              setCustom(false);
              onChange(presetPeriod(p.kind, today));
            }}
          >
            {p.label}
          </button>
        ))}
        <label class={cx(d.segment, d.segmentSelect, !custom && kind === 'quarter' && d.segmentOn)}>
          <span class="visually-hidden">Chọn quý</span>
          <select
            value={!custom && quarter ? quarter.key : ''}
            data-testid="period-quarter"
            onChange={(e) => {
              const q = quarters.find((x) => x.key === (e.target as HTMLSelectElement).value);
              if (!q) return;
              setCustom(false);
              onChange(q.period);
            }}
          >
            <option value="" disabled>
              Theo quý…
            </option>
            {quarters.map((q) => (
              <option key={q.key} value={q.key}>
                {q.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class={cx(d.segment, custom && d.segmentOn)} aria-pressed={custom} aria-expanded={custom} data-testid="period-custom" onClick={() => setCustom(!custom)}>
          Khoảng khác…
        </button>
      </div>
      {custom && (
        <form
          class={d.customRange}
          onSubmit={(e) => {
            e.preventDefault();
            const p = periodProblem(from, to);
            setProblem(p);
            if (!p) onChange({ from, to });
          }}
        >
          <label class={d.dateField}>
            <span>Từ ngày</span>
            <input type="date" value={from} max={to || undefined} required data-testid="period-from" onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
          </label>
          <label class={d.dateField}>
            <span>Đến ngày</span>
            <input type="date" value={to} min={from || undefined} required data-testid="period-to" onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class={d.primary} data-testid="period-apply">
            Xem
          </button>
          {problem && (
            <p class={d.fieldError} role="alert">
              {problem}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
