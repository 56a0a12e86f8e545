/**
 * The dossiers behind a number, in a drawer over the dashboard (the dashboard stays where it was
 * scrolled): each with its step, who held it, how late, and the lateness decision so far. On a late
 * step the supervisor decides "valid reason" or not (LatenessDialog). Tapping a dossier shows its whole
 * record read-only (DossierRecord): a supervisor watches, the officers act.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { SupervisionDossierRow, SupervisionDossiers } from '../../../shared/contracts.ts';
import { CloseButton, Modal } from '../../components/Modal/Modal.tsx';
import { type ApiError, api, asApiError, isAbort } from '../../lib/api.ts';
import { shortTime } from '../../lib/format.ts';
import { cx } from '../../lib/status.ts';
import { DossierRecord } from './DossierRecord.tsx';
import { Timeliness } from './Timeliness.tsx';
import { type LateStep, LatenessDialog } from './LatenessDialog.tsx';
import type { Period } from './period.ts';
import { type Drill, METRIC_LABELS, dm, lateBy } from './words.ts';
import d from './dashboard.module.css';

interface Props {
  readonly drill: Drill;
  readonly period: Period;
  readonly refreshKey: number;
  readonly mayReview: boolean;
  readonly onError: (e: unknown) => boolean;
  readonly onClose: () => void;
  /** A decision was saved: the flags and figures behind the drawer change. */
  readonly onDecided: () => void;
}

/** A step that finished late or is overdue now: the two the API lets a supervisor judge. */
const reviewable = (r: SupervisionDossierRow, drill: Drill) => r.step !== null && (r.timeliness === 'late' || (drill.metric === 'overdueNow' && r.completedAt === null));

export function DrillDrawer({ drill, period, refreshKey, mayReview, onError, onClose, onDecided }: Props) {
  const [data, setData] = useState<SupervisionDossiers | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [open, setOpen] = useState<string | null>(drill.code ?? null);
  const [review, setReview] = useState<{ step: LateStep; valid: boolean } | null>(null);
  const [ownRefresh, setOwnRefresh] = useState(0);

  useEffect(() => setOpen(drill.code ?? null), [drill]);

  const load = useCallback(
    async (signal: AbortSignal) => {
      try {
        const q = { from: period.from, to: period.to, metric: drill.metric, ...(drill.department ? { department: drill.department } : {}), ...(drill.officer ? { officer: drill.officer } : {}), ...(drill.procedure ? { procedure: drill.procedure } : {}) };
        const answer = await api.supervisionDossiers(q, signal);
        setData(answer);
        setError(null);
      } catch (e) {
        if (isAbort(e) || onError(e)) return;
        setError(asApiError(e));
      }
    },
    [drill, period.from, period.to, onError],
  );

  useEffect(() => {
    const c = new AbortController();
    void load(c.signal);
    return () => c.abort();
  }, [load, refreshKey, ownRefresh]);

  const title = `${METRIC_LABELS[drill.metric]}${drill.who ? ` · ${drill.who}` : ''}`;
  const items = data?.items ?? [];

  return (
    <Modal labelledBy="drill-title" onClose={onClose} variant="drawer" testId="drill-drawer">
      <div class={d.drawerHead}>
        <div class={d.drawerHeadText}>
          {open ? (
            <button type="button" class={d.backButton} onClick={() => setOpen(null)} data-testid="drill-back">
              ‹ {title}
            </button>
          ) : (
            <p class={d.drawerKicker}>
              Từ {dm(period.from)}/{period.from.slice(0, 4)} đến {dm(period.to)}/{period.to.slice(0, 4)}
            </p>
          )}
          <h2 id="drill-title" class={d.drawerTitle}>
            {open ?? title}
          </h2>
        </div>
        <CloseButton onClick={onClose} />
      </div>
      <div class={d.drawerBody}>
        {open ? (
          <DossierRecord
            code={open}
            refreshKey={refreshKey + ownRefresh}
            mayReview={mayReview}
            onError={onError}
            onReview={(step, valid) => setReview({ step, valid })}
          />
        ) : (
          <>
            {error && (
              <p class={d.fieldError} role="alert">
                Không tải được danh sách: {error.message}
              </p>
            )}
            {!data && !error && <p class={d.muted}>Đang tải danh sách hồ sơ…</p>}
            {data && (
              <p class={d.note} data-testid="drill-count">
                {data.total} {drill.officer || drill.department ? 'bước / hồ sơ' : 'hồ sơ'}
                {data.truncated ? ` (hiển thị ${items.length} đầu tiên)` : ''}.{' '}
                {items.some((r) => reviewable(r, drill) && r.review?.allowed !== false) && mayReview ? 'Với mỗi bước trễ, hãy kết luận có hay không có lý do chính đáng.' : ''}
              </p>
            )}
            {data && items.length === 0 && <p class={d.muted}>Không có hồ sơ nào.</p>}
            <ul class={d.drillList}>
              {items.map((r) => (
                <DrillRow key={`${r.code}:${r.step?.seq ?? 0}`} row={r} drill={drill} mayReview={mayReview} onOpen={() => setOpen(r.code)} onReview={(step, valid) => setReview({ step, valid })} />
              ))}
            </ul>
          </>
        )}
      </div>
      {review && (
        <LatenessDialog
          step={review.step}
          valid={review.valid}
          onAuthError={onError}
          onClose={() => setReview(null)}
          onDone={() => {
            setReview(null);
            setOwnRefresh((n) => n + 1);
            onDecided();
          }}
        />
      )}
    </Modal>
  );
}

function DrillRow({ row: r, drill, mayReview, onOpen, onReview }: { readonly row: SupervisionDossierRow; readonly drill: Drill; readonly mayReview: boolean; readonly onOpen: () => void; readonly onReview: (s: LateStep, valid: boolean) => void }) {
  const late = r.timeliness === 'late' || (drill.metric === 'overdueNow' && r.completedAt === null);
  // The server's answer by the API's rule: never a button on this person's own case.
  const canReview = mayReview && reviewable(r, drill) && r.review?.allowed !== false;
  const ownCase = mayReview && reviewable(r, drill) && r.review?.allowed === false ? r.review.whyNot : null;
  const step: LateStep | null = r.step
    ? {
        code: r.code,
        seq: r.step.seq,
        stepName: r.step.name,
        who: r.officer?.displayName ?? r.step.department.name,
        late: r.timeliness === 'late' ? lateBy(r.lateMinutes) : 'đang quá hạn',
        current: r.lateness ? { valid: r.lateness.valid, reason: r.lateness.reason } : null,
      }
    : null;
  return (
    <li class={cx(d.drillRow, late && d.drillRowLate)} data-testid="drill-row" data-code={r.code} data-seq={r.step?.seq ?? ''}>
      <div class={d.drillTop}>
        <button type="button" class={d.codeLink} onClick={onOpen} data-testid="drill-open">
          {r.code}
        </button>
        <span class={d.statusChip}>{r.statusLabel.vi}</span>
        {r.timeliness && <Timeliness t={r.timeliness} minutes={r.lateMinutes} />}
        {!r.timeliness && late && <span class={cx(d.judged, d.judgedLate)}>Đang quá hạn</span>}
      </div>
      <p class={d.drillProcedure}>{r.procedure.name}</p>
      <p class={d.drillMeta}>
        {r.step && (
          <span>
            Bước {r.step.seq}: {r.step.name} — {r.step.department.name}
          </span>
        )}
        {r.officer && <span>Người xử lý: {r.officer.displayName}</span>}
      </p>
      {r.step?.arrivedAt && (drill.department !== undefined || drill.officer !== undefined) ? (
        // A step row: the step's own times, on its holder's clock (what its lateness is judged on).
        <p class={d.drillMeta}>
          <span>Bước đến {shortTime(r.step.arrivedAt)}</span>
          {r.step.ownDueAt && <span>Hạn riêng {shortTime(r.step.ownDueAt)}</span>}
          {r.step.completedAt && <span>Xong {shortTime(r.step.completedAt)}</span>}
          <span>{r.applicantMasked}</span>
        </p>
      ) : (
        <p class={d.drillMeta}>
          <span>Nhận {shortTime(r.receivedAt)}</span>
          <span>
            Hẹn {shortTime(r.originalDueAt)}
            {r.dueAt !== r.originalDueAt ? ` → hẹn lại ${shortTime(r.dueAt)}` : ''}
          </span>
          {r.completedAt && <span>Xong {shortTime(r.completedAt)}</span>}
          <span>{r.applicantMasked}</span>
        </p>
      )}
      {r.lateness && (
        <p class={cx(d.decision, r.lateness.valid ? d.decisionValid : d.decisionInvalid)} data-testid="drill-decision" data-valid={String(r.lateness.valid)}>
          <strong>{r.lateness.valid ? '✓ Có lý do chính đáng' : '✗ Không có lý do chính đáng'}</strong>: {r.lateness.reason}
          <span class={d.decisionWho}>
            {r.lateness.decidedBy.displayName}, {shortTime(r.lateness.decidedAt)}
          </span>
        </p>
      )}
      {ownCase && (
        <p class={d.ownCase} data-testid="review-own-case">
          {ownCase.vi}
        </p>
      )}
      {canReview && step && (
        <div class={d.reviewButtons}>
          <span class={d.reviewAsk}>{r.lateness ? 'Đổi kết luận:' : 'Lý do trễ:'}</span>
          {(!r.lateness || !r.lateness.valid) && (
            <button type="button" class={d.button} onClick={() => onReview(step, true)} data-testid="review-valid">
              Có lý do chính đáng
            </button>
          )}
          {(!r.lateness || r.lateness.valid) && (
            <button type="button" class={d.button} onClick={() => onReview(step, false)} data-testid="review-invalid">
              Không có lý do chính đáng
            </button>
          )}
        </div>
      )}
    </li>
  );
}
