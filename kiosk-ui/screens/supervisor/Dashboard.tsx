/**
 * The first tab, in the order a supervisor asks: is anyone past the threshold (flags), who was late
 * and how often (officers with late steps), the period's figures, what is about to go late (the
 * forecast), how the weeks went and which departments are late (charts), then every figure by
 * department, officer and procedure. Every number opens the dossiers behind it (the drill-down
 * drawer), and every dossier its history. A refresh replaces the figures in place: the scroll position
 * and an open drawer stay as they are.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { SupervisionFlags, SupervisionSummary, SupervisionWarnings } from '../../../shared/contracts.ts';
import { type ApiError, api, asApiError } from '../../lib/api.ts';
import { clockTime } from '../../lib/format.ts';
import { Breakdown } from './Breakdown.tsx';
import { DeptLateChart, WeeklyChart } from './Charts.tsx';
import { DrillDrawer } from './DrillDrawer.tsx';
import { FigureCards } from './FigureCards.tsx';
import { FlagsPanel, LateOfficers } from './FlagsPanel.tsx';
import { Warnings } from './Warnings.tsx';
import type { Period } from './period.ts';
import type { Drill } from './words.ts';
import d from './dashboard.module.css';

interface Props {
  readonly period: Period;
  readonly today: string;
  readonly refreshKey: number;
  readonly mayReview: boolean;
  readonly onError: (e: unknown) => boolean;
  readonly onAsOf: (time: string | null) => void;
  readonly onRefresh: () => void;
}

interface Data {
  readonly period: Period;
  readonly summary: SupervisionSummary | null;
  readonly flags: SupervisionFlags | null;
  readonly warnings: SupervisionWarnings | null;
}

export function Dashboard({ period, refreshKey, mayReview, onError, onAsOf, onRefresh }: Props) {
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [drill, setDrill] = useState<Drill | null>(null);
  const loading = useRef<AbortController | null>(null);

  const load = useCallback(async () => {
    loading.current?.abort();
    const controller = new AbortController();
    loading.current = controller;
    const [summary, flags, warnings] = await Promise.allSettled([
      api.supervisionSummary(period, controller.signal),
      api.supervisionFlags(period, controller.signal),
      api.supervisionWarnings(controller.signal),
    ]);
    if (controller.signal.aborted) return;
    const failed = [summary, flags, warnings].find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed && onError(failed.reason)) return;
    setError(failed ? asApiError(failed.reason) : null);
    // A section that failed keeps what it showed for the same period (say so above), rather than go blank.
    setData((old) => {
      const same = old && old.period.from === period.from && old.period.to === period.to ? old : null;
      return {
        period,
        summary: summary.status === 'fulfilled' ? summary.value : (same?.summary ?? null),
        flags: flags.status === 'fulfilled' ? flags.value : (same?.flags ?? null),
        warnings: warnings.status === 'fulfilled' ? warnings.value : (same?.warnings ?? null),
      };
    });
    if (summary.status === 'fulfilled') onAsOf(clockTime(summary.value.asOf));
  }, [period.from, period.to, onError, onAsOf]);

  useEffect(() => {
    void load();
  }, [load, refreshKey]);
  useEffect(() => () => loading.current?.abort(), []);

  const current = data && data.period.from === period.from && data.period.to === period.to ? data : null;
  const summary = current?.summary ?? null;

  return (
    <div class={d.dashboard} aria-busy={!current}>
      {error && (
        <div class={d.errorBox} role="alert" data-testid="dashboard-error">
          <p>
            Không tải được {current ? 'một phần ' : ''}số liệu giám sát: {error.message}
            {current ? ' Phần đã tải được vẫn hiển thị bên dưới; màn hình sẽ tự thử lại.' : ''}
          </p>
          <button type="button" class={d.button} onClick={() => void load()}>
            Thử lại
          </button>
        </div>
      )}
      {!current && !error && <p class={d.loading}>Đang tải số liệu…</p>}

      {current && (
        <>
          <div class={d.topRow}>
            {current.flags && <FlagsPanel flags={current.flags} onDrill={setDrill} />}
            {summary && <LateOfficers summary={summary} onDrill={setDrill} />}
          </div>
          {summary && <FigureCards totals={summary.totals} rule={summary.timeliness} onDrill={setDrill} />}
          {current.warnings && current.warnings.items.length > 0 && <Warnings warnings={current.warnings} onOpen={(code) => setDrill({ metric: 'overdueNow', code })} />}
          {summary && (
            <div class={d.charts}>
              <WeeklyChart weekly={summary.weekly} period={period} rule={summary.timeliness} />
              <DeptLateChart rows={summary.byDepartment} onDrill={setDrill} />
            </div>
          )}
          {summary && <Breakdown summary={summary} onDrill={setDrill} />}
        </>
      )}

      {drill && (
        <DrillDrawer
          drill={drill}
          period={period}
          refreshKey={refreshKey}
          mayReview={mayReview}
          onError={onError}
          onClose={() => setDrill(null)}
          onDecided={onRefresh}
        />
      )}
    </div>
  );
}
