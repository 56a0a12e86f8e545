/**
 * /supervisor — for supervisors and leaders, on a tablet or a desk: who was late in a period, why,
 * and who is past the discipline threshold, answered on the first screen; then the figures behind it,
 * every number opening the dossiers it counts, each dossier its whole history. The period and the tab
 * live in the address (`?from=2026-11-23&to=2026-11-29&tab=scores`), so a leader can bookmark or send
 * exactly what they are looking at. The figures come from the server (working time needs the holiday
 * calendar) and refresh by themselves when dossiers change.
 */
import { useLocation } from 'preact-iso';
import { useCallback, useMemo, useState } from 'preact/hooks';
import type { CentreInfo, StaffMe } from '../../../shared/contracts.ts';
import { toVnDate } from '../../../shared/time.ts';
import { can } from '../../../shared/vocabulary.ts';
import { NotAllowed } from '../../components/NotAllowed/NotAllowed.tsx';
import { StaffScreen } from '../../components/StaffScreen.tsx';
import { type Session, useTitle } from '../../components/session.ts';
import { useCentreNow } from '../../lib/centre-clock.ts';
import { cx } from '../../lib/status.ts';
import { Dashboard } from './Dashboard.tsx';
import { KioskLookups } from './KioskLookups.tsx';
import { PeriodPicker } from './PeriodPicker.tsx';
import { Reports } from './Reports.tsx';
import { Scores } from './Scores.tsx';
import { useLiveRefresh } from './live.ts';
import { type Period, periodFromQuery, periodLabel, periodProblem } from './period.ts';
import d from './dashboard.module.css';
import s from './supervisor.module.css';

type Tab = 'overview' | 'scores' | 'kiosk';
const TABS: { key: Tab; label: string }[] = [
  { key: 'overview', label: 'Tình hình giải quyết' },
  { key: 'scores', label: 'Điểm thi đua' },
  { key: 'kiosk', label: 'Ki-ốt' },
];

export default function Supervisor() {
  useTitle('Giám sát hồ sơ · MotCua');
  return (
    <StaffScreen title="Giám sát giải quyết hồ sơ" loginEn="Supervision — staff sign-in" pageClass={s.page}>
      {({ session, staff, centre }) => <Screen key={staff.username} session={session} staff={staff} centre={centre} />}
    </StaffScreen>
  );
}

function Screen({ session, staff, centre }: { readonly session: Session; readonly staff: StaffMe; readonly centre: CentreInfo | null }) {
  const { query, route, path } = useLocation();
  const now = useCentreNow(60_000);
  const today = toVnDate(now);
  const period = useMemo(() => periodFromQuery(query, today), [query.from, query.to, today]);
  // A mistyped bookmark or link: say so, rather than let this week's figures pass for the period asked for.
  const badPeriod = query.from !== undefined || query.to !== undefined ? periodProblem(query.from ?? '', query.to ?? '') : null;
  const tab: Tab = query.tab === 'scores' || query.tab === 'kiosk' ? query.tab : 'overview';
  // The server decides (403 FORBIDDEN), so this screen and the API never disagree about roles.
  const [forbidden, setForbidden] = useState(false);
  // Bumped by the live refresh (a dossier changed, or time passed): every section reloads in place.
  const [refreshKey, setRefreshKey] = useState(0);
  const [asOf, setAsOf] = useState<string | null>(null);
  const { handleAuthError } = session;

  const refresh = useCallback(() => setRefreshKey((n) => n + 1), []);
  useLiveRefresh(refresh, handleAuthError);

  const go = useCallback(
    (next: { period?: Period; tab?: Tab }) => {
      const p = next.period ?? period;
      const t = next.tab ?? tab;
      const q = new URLSearchParams({ from: p.from, to: p.to });
      if (t !== 'overview') q.set('tab', t);
      route(`${path}?${q.toString()}`, true);
    },
    [period, tab, path, route],
  );

  const onError = useCallback(
    (e: unknown) => {
      if (handleAuthError(e)) return true;
      if ((e as { code?: string } | null)?.code === 'FORBIDDEN') {
        setForbidden(true);
        return true;
      }
      return false;
    },
    [handleAuthError],
  );

  if (forbidden) {
    return (
      <NotAllowed
        staff={staff}
        centre={centre}
        title="Tài khoản này không có quyền giám sát"
        refusal="không được xem màn hình giám sát. Màn hình này dành cho cán bộ giám sát, lãnh đạo và quản trị hệ thống."
        testId="supervisor-forbidden"
        onSignedIn={session.signedIn}
      >
        <p lang="en">This account may not view supervision. Please sign in as a supervisor or a leader.</p>
        {can(staff.role, 'intake') && (
          <p>
            <a href="/counter">Mở quầy tiếp nhận hồ sơ</a>
          </p>
        )}
      </NotAllowed>
    );
  }

  // Lateness is judged by supervisors and leaders (the API refuses anyone else).
  const mayReview = staff.role === 'supervisor' || staff.role === 'leader';

  return (
    <main class={d.main}>
      <div class={d.toolbar}>
        <div class={d.titleBlock}>
          <h1 class={d.title}>
            Giám sát giải quyết hồ sơ
            <span class={d.periodName} data-testid="period-label">
              {' '}
              · {periodLabel(period, today)}
            </span>
          </h1>
          <p class={d.asOf} aria-live="polite" data-testid="as-of" hidden={tab === 'kiosk'}>
            {asOf ? (
              <>
                Cập nhật lúc <strong>{asOf}</strong> · tự cập nhật khi có hồ sơ thay đổi
              </>
            ) : (
              'Đang tải số liệu…'
            )}
          </p>
        </div>
        <Reports period={period} />
      </div>
      {badPeriod && (
        <p class={d.urlNotice} role="alert" data-testid="bad-period">
          Khoảng thời gian trong địa chỉ ({query.from ?? '…'} → {query.to ?? '…'}) không dùng được: {badPeriod} Đang hiển thị tuần này; hãy chọn lại bên dưới.
        </p>
      )}
      <PeriodPicker period={period} today={today} onChange={(p) => go({ period: p })} />

      <nav class={d.tabs} aria-label="Các phần của màn hình giám sát">
        {TABS.map((t) => (
          <a
            key={t.key}
            href={`${path}?${new URLSearchParams({ from: period.from, to: period.to, ...(t.key === 'overview' ? {} : { tab: t.key }) }).toString()}`}
            class={cx(d.tab, tab === t.key && d.tabOn)}
            aria-current={tab === t.key ? 'page' : undefined}
            data-testid={`tab-${t.key}`}
            onClick={(e) => {
              e.preventDefault();
              go({ tab: t.key });
            }}
          >
            {t.label}
          </a>
        ))}
      </nav>

      {tab === 'overview' && <Dashboard period={period} today={today} refreshKey={refreshKey} mayReview={mayReview} onError={onError} onAsOf={setAsOf} onRefresh={refresh} />}
      {tab === 'scores' && <Scores period={period} refreshKey={refreshKey} onError={onError} onAsOf={setAsOf} />}
      {/* The kiosk section keeps its own window (the last seven days) and says its own time. */}
      {tab === 'kiosk' && <KioskLookups refreshKey={refreshKey} onAuthError={onError} />}
    </main>
  );
}
