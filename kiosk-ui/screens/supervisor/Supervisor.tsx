/**
 * /supervisor — what is late and what is about to be, for supervisors and leaders on a tablet. The
 * figures come from the server (working time needs the holiday calendar); the screen refreshes every
 * minute and says when it last did.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { CentreInfo, StaffMe, SupervisionOverview, WatchRow } from '../../../shared/contracts.ts';
import { can } from '../../../shared/vocabulary.ts';
import { NotAllowed } from '../../components/NotAllowed/NotAllowed.tsx';
import { StaffScreen } from '../../components/StaffScreen.tsx';
import { type Session, useTitle } from '../../components/session.ts';
import { type ApiError, api, asApiError } from '../../lib/api.ts';
import { appointment, clockTime, shortTime, workingDuration } from '../../lib/format.ts';
import { cx } from '../../lib/status.ts';
import { KioskLookups } from './KioskLookups.tsx';
import s from './supervisor.module.css';

const REFRESH_MS = 60_000;

export default function Supervisor() {
  useTitle('Giám sát hồ sơ · MotCua');
  return (
    <StaffScreen title="Giám sát giải quyết hồ sơ" loginEn="Supervision — staff sign-in" pageClass={s.page}>
      {({ session, staff, centre }) => <Overview key={staff.username} session={session} staff={staff} centre={centre} />}
    </StaffScreen>
  );
}

function Overview({ session, staff, centre }: { readonly session: Session; readonly staff: StaffMe; readonly centre: CentreInfo | null }) {
  const [data, setData] = useState<SupervisionOverview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // The server decides (403 FORBIDDEN), so this screen and the API can never disagree about roles.
  const [forbidden, setForbidden] = useState(false);
  const [loading, setLoading] = useState(false);
  // Each refresh of the overview refreshes the kiosk section too.
  const [refreshKey, setRefreshKey] = useState(0);
  const { handleAuthError } = session;

  const load = useCallback(async () => {
    setLoading(true);
    setRefreshKey((n) => n + 1);
    try {
      setData(await api.supervisionOverview());
      setError(null);
    } catch (e) {
      if (handleAuthError(e)) return;
      const err = asApiError(e);
      if (err.code === 'FORBIDDEN') setForbidden(true);
      else setError(err);
    } finally {
      setLoading(false);
    }
  }, [handleAuthError]);

  useEffect(() => {
    if (forbidden) return;
    void load();
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [load, forbidden]);

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

  if (!data) {
    return error ? (
      <main class={s.main}>
        <div class={s.errorBox} role="alert">
          <p>Không tải được số liệu giám sát: {error.message}</p>
          <button type="button" class={s.button} onClick={() => void load()}>
            Thử lại
          </button>
        </div>
      </main>
    ) : (
      <div class="app-loading">Đang tải số liệu…</div>
    );
  }

  return (
    <main class={s.main}>
      <div class={s.toolbar}>
        <div>
          <h1 class={s.title}>Tình hình giải quyết hồ sơ</h1>
          <p class={s.asOf} aria-live="polite">
            Cập nhật lúc <strong>{clockTime(data.asOf)}</strong> · tự làm mới mỗi phút
            {error && <span class={s.stale}> · Không làm mới được ({error.message}), đang hiển thị số liệu cũ</span>}
          </p>
        </div>
        <button type="button" class={s.button} onClick={() => void load()} disabled={loading}>
          {loading ? 'Đang làm mới…' : 'Làm mới'}
        </button>
      </div>

      <div class={s.totals}>
        <Total label="Đang giải quyết" sub="Hồ sơ chưa trả kết quả" value={data.totals.open} tone="neutral" testId="total-open" />
        <Total label="Quá hạn" sub="Đã quá ngày hẹn trả" value={data.totals.overdue} tone="late" testId="total-overdue" />
        <Total label="Sắp đến hạn" sub={`Đến hạn trước ${shortTime(data.dueSoonUntil)} (1 ngày làm việc)`} value={data.totals.dueSoon} tone="soon" testId="total-due-soon" />
      </div>

      <section class={s.card} aria-labelledby="sup-depts">
        <h2 id="sup-depts" class={s.cardTitle}>
          Theo đơn vị đang giữ hồ sơ
        </h2>
        <div class={s.tableWrap}>
          <table class={s.table}>
            <thead>
              <tr>
                <th scope="col">Đơn vị</th>
                <th scope="col" class={s.num}>
                  Quá hạn
                </th>
                <th scope="col" class={s.num}>
                  Sắp đến hạn
                </th>
                <th scope="col" class={s.num}>
                  Đang giải quyết
                </th>
              </tr>
            </thead>
            <tbody>
              {data.departments.map((d) => (
                <tr key={d.code} data-testid="dept-row">
                  <th scope="row">{d.name}</th>
                  <td class={cx(s.num, d.overdue > 0 && s.numLate)}>{d.overdue}</td>
                  <td class={cx(s.num, d.dueSoon > 0 && s.numSoon)}>{d.dueSoon}</td>
                  <td class={s.num}>{d.open}</td>
                </tr>
              ))}
              {data.departments.length === 0 && (
                <tr>
                  <td colSpan={4} class={s.empty}>
                    Không có hồ sơ đang giải quyết.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>

      <WatchList
        title="Hồ sơ quá hạn"
        rows={data.overdue}
        kind="overdue"
        empty="Không có hồ sơ quá hạn."
        testId="overdue-row"
      />
      <WatchList
        title="Hồ sơ sắp đến hạn (trong 1 ngày làm việc)"
        rows={data.dueSoon}
        kind="soon"
        empty="Không có hồ sơ sắp đến hạn."
        testId="due-soon-row"
      />

      <KioskLookups refreshKey={refreshKey} onAuthError={handleAuthError} />
    </main>
  );
}

function Total({ label, sub, value, tone, testId }: { label: string; sub: string; value: number; tone: 'neutral' | 'late' | 'soon'; testId: string }) {
  return (
    <div class={cx(s.total, s[`total-${tone}`], value === 0 && s.totalZero)}>
      <p class={s.totalLabel}>{label}</p>
      <p class={s.totalValue} data-testid={testId}>
        {value}
      </p>
      <p class={s.totalSub}>{sub}</p>
    </div>
  );
}

interface WatchListProps {
  readonly title: string;
  readonly rows: readonly WatchRow[];
  readonly kind: 'overdue' | 'soon';
  readonly empty: string;
  readonly testId: string;
}

/** `000.30.99.H56-261120-0001`: the agency part may wrap onto its own line, the distinctive rest never. */
function DossierCode({ code }: { readonly code: string }) {
  const cut = code.indexOf('-');
  if (cut < 0) return <span class={s.codeTail}>{code}</span>;
  return (
    <>
      <span class={s.codeAgency}>{code.slice(0, cut + 1)}</span>
      <wbr />
      <span class={s.codeTail}>{code.slice(cut + 1)}</span>
    </>
  );
}

/**
 * The dossiers to chase. Lateness comes first and the code second, because that is what a supervisor
 * acts on. One markup, three layouts (supervisor.module.css): five columns on a wide screen; four
 * below 1200 px, the appointment moving under the lateness; stacked cards below 900 px (a tablet in
 * portrait). The cards restyle the table's rows, so the ARIA roles are spelled out: some browsers drop
 * a table's semantics once its rows are no longer displayed as table rows.
 */
function WatchList({ title, rows, kind, empty, testId }: WatchListProps) {
  const late = kind === 'overdue';
  return (
    <section class={cx(s.card, late ? s.cardLate : s.cardSoon)} aria-label={title}>
      <h2 class={s.cardTitle}>
        {title} <span class={s.count}>{rows.length}</span>
      </h2>
      {rows.length === 0 ? (
        <p class={s.empty}>{empty}</p>
      ) : (
        <div class={s.tableWrap}>
          <table class={cx(s.table, s.watch)} role="table">
            <colgroup>
              <col class={s.colLeft} />
              <col class={s.colCode} />
              <col />
              <col class={s.colDept} />
              <col class={s.colDue} />
            </colgroup>
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">
                  {late ? 'Trễ' : 'Còn lại'} <span class={s.headNote}>(thời gian làm việc)</span>
                </th>
                <th scope="col" role="columnheader">
                  Mã hồ sơ
                </th>
                <th scope="col" role="columnheader">
                  Thủ tục · Người nộp
                </th>
                <th scope="col" role="columnheader">
                  Đang ở
                </th>
                <th scope="col" role="columnheader" class={s.dueHead}>
                  Hẹn trả
                </th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {rows.map((r) => (
                <tr key={r.code} data-testid={testId} role="row" class={s.watchRow}>
                  <td role="cell" class={cx(s.left, late ? s.leftLate : s.leftSoon)}>
                    <span class={s.leftText}>
                      {late ? 'trễ' : 'còn'} <strong class={s.leftAmount}>{workingDuration(r.workingMinutes, 'vi')}</strong>
                      <span class={s.leftUnit}> làm việc</span>
                    </span>
                    <span class={s.dueInline}>hẹn {shortTime(r.dueAt)}</span>
                  </td>
                  <td role="cell" class={s.code}>
                    <DossierCode code={r.code} />
                  </td>
                  <td role="cell" class={s.what}>
                    <p class={s.procedure} title={r.procedure.name}>
                      {r.procedure.name}
                    </p>
                    <p class={s.applicant}>{r.applicantMasked}</p>
                  </td>
                  <td role="cell" class={s.where}>
                    <p class={s.dept}>
                      <span class={s.cellLabel}>Đang ở: </span>
                      {r.department.name}
                    </p>
                    <p class={s.step}>{r.currentStep}</p>
                  </td>
                  <td role="cell" class={s.due}>
                    <span class={s.cellLabel}>Hẹn trả </span>
                    <span title={appointment(r.dueAt, 'vi')}>{shortTime(r.dueAt)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
