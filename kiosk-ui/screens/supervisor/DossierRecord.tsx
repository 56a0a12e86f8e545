/**
 * One dossier's record for a supervisor, read-only: where it stands, both appointments, every step
 * with its due time, who held it and how it went, the lateness decisions on each late step (all of
 * them, newest first, when one was changed), and the history in words (worded as on the counter's
 * panel, counter/work/history.ts). Reading it is an access to personal data: the server logs it.
 * The apology, if any, is reviewed here like a late step. Whether this person may decide is the
 * server's answer by the API's own rule (reviews): on their own case the buttons are not offered, and
 * the record says why instead.
 */
import { useEffect, useState } from 'preact/hooks';
import type { SupervisionRecord } from '../../../shared/contracts.ts';
import { eventKindLabel } from '../../../shared/vocabulary.ts';
import { type ApiError, api, asApiError, isAbort } from '../../lib/api.ts';
import { appointment, shortTime, workingDuration } from '../../lib/format.ts';
import { cx } from '../../lib/status.ts';
import { type HistoryEvent, describeEvent } from '../counter/work/history.ts';
import { StepClocks } from '../../components/StepClocks/StepClocks.tsx';
import { Timeliness } from './Timeliness.tsx';
import { centreNow } from '../../lib/centre-clock.ts';
import type { LateStep } from './LatenessDialog.tsx';
import d from './dashboard.module.css';

interface Decision {
  readonly seq: number;
  readonly valid: boolean;
  readonly reason: string;
  readonly by: string | null;
  readonly at: string;
}

type Data = Record<string, unknown>;
function decisionOf(e: HistoryEvent): Decision | null {
  if (e.kind !== 'lateness_reviewed') return null;
  const x = (typeof e.data === 'object' && e.data !== null ? e.data : {}) as Data;
  if (typeof x.seq !== 'number' || typeof x.valid !== 'boolean') return null;
  return { seq: x.seq, valid: x.valid, reason: typeof x.reason === 'string' ? x.reason : '', by: e.actor?.displayName ?? null, at: e.at };
}

/** A decision on the dossier's apology (its `apology_reviewed` event). */
function apologyDecisionOf(e: HistoryEvent): Omit<Decision, 'seq'> | null {
  if (e.kind !== 'apology_reviewed') return null;
  const x = (typeof e.data === 'object' && e.data !== null ? e.data : {}) as Data;
  if (typeof x.valid !== 'boolean') return null;
  return { valid: x.valid, reason: typeof x.reason === 'string' ? x.reason : '', by: e.actor?.displayName ?? null, at: e.at };
}

/** The history line of an event, with the lateness and apology reviews worded here until the counter's panel knows them. */
function words(e: HistoryEvent): { title: string; lines: readonly string[]; tone: string } {
  const reviewed = apologyDecisionOf(e);
  if (reviewed) {
    return { title: eventKindLabel(e.kind).vi, lines: [reviewed.valid ? 'Xin lỗi có lý do chính đáng' : 'Xin lỗi không có lý do chính đáng', `Lý do: ${reviewed.reason}`], tone: reviewed.valid ? 'good' : 'bad' };
  }
  const decision = decisionOf(e);
  if (decision) {
    const label = eventKindLabel(e.kind);
    return {
      title: label.vi === e.kind ? 'Xem xét lý do trễ hạn' : label.vi,
      lines: [`Bước ${decision.seq}: ${decision.valid ? 'có lý do chính đáng' : 'không có lý do chính đáng'}`, `Lý do: ${decision.reason}`],
      tone: decision.valid ? 'good' : 'bad',
    };
  }
  const w = describeEvent(e);
  return { title: w.title.vi, lines: w.lines, tone: w.tone };
}

interface Props {
  readonly code: string;
  readonly refreshKey: number;
  readonly mayReview: boolean;
  readonly onError: (e: unknown) => boolean;
  readonly onReview: (step: LateStep, valid: boolean) => void;
}

export function DossierRecord({ code, refreshKey, mayReview, onError, onReview }: Props) {
  const [detail, setDetail] = useState<SupervisionRecord | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const c = new AbortController();
    api
      .supervisionRecord(code)
      .then((x) => {
        if (c.signal.aborted) return;
        setDetail(x);
        setError(null);
      })
      .catch((e: unknown) => {
        if (c.signal.aborted || isAbort(e) || onError(e)) return;
        setError(asApiError(e));
      });
    return () => c.abort();
  }, [code, refreshKey, onError]);

  if (error) {
    return (
      <p class={d.fieldError} role="alert">
        Không mở được hồ sơ: {error.message}
      </p>
    );
  }
  if (!detail || detail.code !== code) return <p class={d.muted}>Đang tải hồ sơ…</p>;

  const decisions = detail.history.map(decisionOf).filter((x): x is Decision => x !== null);
  const apologyEvent = detail.history.findLast((e) => e.kind === 'apologized');
  const apologyData = (apologyEvent?.data ?? {}) as Data;
  const apologyDecisions = detail.history.map(apologyDecisionOf).filter((x): x is Omit<Decision, 'seq'> => x !== null).reverse();
  const apologyRight = detail.reviews.apology;
  const moved = detail.originalDueAt !== detail.dueAt;
  const history = [...detail.history].reverse();

  return (
    <div class={d.record} data-testid="dossier-record">
      <p class={d.recordProcedure}>{detail.procedure.name}</p>
      <dl class={d.facts}>
        <div>
          <dt>Trạng thái</dt>
          <dd data-testid="record-status">{detail.statusLabel.vi}</dd>
        </div>
        <div>
          <dt>Người nộp</dt>
          <dd data-testid="record-applicant">{detail.applicant ? detail.applicant.fullName : detail.applicantMasked}</dd>
          {!detail.applicant && <dd class={d.muted}>{detail.personalData.message.vi}</dd>}
        </div>
        <div>
          <dt>Tiếp nhận</dt>
          <dd>
            {shortTime(detail.receivedAt)} · {detail.receivedBy.displayName}
          </dd>
        </div>
        <div>
          <dt>Hẹn trả ghi trên giấy tiếp nhận</dt>
          <dd>{appointment(detail.originalDueAt, 'vi')}</dd>
          {moved && <dd class={d.lateText}>Đã xin lỗi, hẹn lại: {appointment(detail.dueAt, 'vi')}</dd>}
        </div>
        {detail.completedAt && (
          <div>
            <dt>Kết thúc</dt>
            <dd>{shortTime(detail.completedAt)}</dd>
          </div>
        )}
      </dl>

      <h3 class={d.recordTitle}>Các bước xử lý</h3>
      <ol class={d.recordSteps}>
        {detail.steps.map((st) => {
          const mine = decisions.filter((x) => x.seq === st.seq).reverse();
          const right = detail.reviews.steps.find((r) => r.seq === st.seq);
          // Judged on the holder's own clock (the time they had since it reached them): a step that
          // arrived already behind the plan is late for the dossier, not for its holder.
          const own = st.holder;
          const overdueOpen = st.state === 'in_progress' && detail.status !== 'awaiting_supplement' && !st.completedAt && own?.timeliness === 'late' && Date.parse(own.dueAt) < centreNow().getTime();
          const late = (st.state === 'done' && own?.timeliness === 'late') || overdueOpen;
          const step: LateStep = {
            code: detail.code,
            seq: st.seq,
            stepName: st.name,
            who: st.heldBy?.displayName ?? st.department.name,
            late: own?.timeliness === 'late' && own.lateMinutes ? `trễ ${workingDuration(own.lateMinutes, 'vi')} so với định mức của bước` : 'trễ hạn',
            current: mine[0] ? { valid: mine[0].valid, reason: mine[0].reason } : null,
          };
          return (
            <li key={st.seq} class={cx(d.recordStep, late && d.recordStepLate)} data-testid="record-step" data-seq={st.seq}>
              <div class={d.recordStepHead}>
                <span class={d.recordStepName}>
                  Bước {st.seq}: {st.name}
                </span>
                {st.state === 'done' && own?.timeliness ? <Timeliness t={own.timeliness} minutes={own.lateMinutes} /> : <span class={d.statusChip}>{st.stateLabel.vi}</span>}
              </div>
              <p class={d.drillMeta}>
                <span>{st.department.name}</span>
              </p>
              <StepClocks step={st} paused={detail.status === 'awaiting_supplement'} />
              {mine.map((x, i) => (
                <p key={x.at + i} class={cx(d.decision, x.valid ? d.decisionValid : d.decisionInvalid, i > 0 && d.decisionOld)} data-testid="record-decision">
                  {i > 0 && <span class={d.decisionWas}>Trước đó: </span>}
                  <strong>{x.valid ? '✓ Có lý do chính đáng' : '✗ Không có lý do chính đáng'}</strong>: {x.reason}
                  <span class={d.decisionWho}>
                    {x.by ?? '—'}, {shortTime(x.at)}
                  </span>
                </p>
              ))}
              {late && mayReview && right && !right.allowed && right.whyNot && (
                <p class={d.ownCase} data-testid="review-own-case">
                  {right.whyNot.vi}
                </p>
              )}
              {late && mayReview && right?.allowed && (
                <div class={d.reviewButtons}>
                  <span class={d.reviewAsk}>{mine[0] ? 'Đổi kết luận:' : 'Lý do trễ:'}</span>
                  {(!mine[0] || !mine[0].valid) && (
                    <button type="button" class={d.button} onClick={() => onReview(step, true)} data-testid="review-valid">
                      Có lý do chính đáng
                    </button>
                  )}
                  {(!mine[0] || mine[0].valid) && (
                    <button type="button" class={d.button} onClick={() => onReview(step, false)} data-testid="review-invalid">
                      Không có lý do chính đáng
                    </button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ol>

      {apologyEvent && (
        <>
          <h3 class={d.recordTitle}>Xin lỗi, hẹn lại</h3>
          <div class={cx(d.recordStep, d.recordStepLate)} data-testid="record-apology">
            <p class={d.drillMeta}>
              <span>{shortTime(apologyEvent.at)}</span>
              {apologyEvent.actor && <span>Người ký: {apologyEvent.actor.displayName}</span>}
              {typeof apologyData.seq === 'number' && (
                <span>
                  Bước {apologyData.seq}
                  {typeof apologyData.department === 'string' ? ` — ${apologyData.department}` : ''}
                </span>
              )}
            </p>
            {typeof apologyData.reason === 'string' && <p class={d.eventLine}>Lý do: {apologyData.reason}</p>}
            {apologyDecisions.map((x, i) => (
              <p key={x.at + i} class={cx(d.decision, x.valid ? d.decisionValid : d.decisionInvalid, i > 0 && d.decisionOld)} data-testid="apology-decision">
                {i > 0 && <span class={d.decisionWas}>Trước đó: </span>}
                <strong>{x.valid ? '✓ Có lý do chính đáng' : '✗ Không có lý do chính đáng'}</strong>: {x.reason}
                <span class={d.decisionWho}>
                  {x.by ?? '—'}, {shortTime(x.at)}
                </span>
              </p>
            ))}
            {mayReview && apologyRight && !apologyRight.allowed && apologyRight.whyNot && (
              <p class={d.ownCase} data-testid="apology-own-case">
                {apologyRight.whyNot.vi}
              </p>
            )}
            {mayReview && apologyRight?.allowed && (
              <div class={d.reviewButtons}>
                <span class={d.reviewAsk}>{apologyDecisions[0] ? 'Đổi kết luận:' : 'Lý do xin lỗi:'}</span>
                {(!apologyDecisions[0] || !apologyDecisions[0].valid) && (
                  <button type="button" class={d.button} onClick={() => onReview(apologyStep(detail.code, apologyRight.seq, apologyData, apologyDecisions[0]), true)} data-testid="apology-valid">
                    Có lý do chính đáng
                  </button>
                )}
                {(!apologyDecisions[0] || apologyDecisions[0].valid) && (
                  <button type="button" class={d.button} onClick={() => onReview(apologyStep(detail.code, apologyRight.seq, apologyData, apologyDecisions[0]), false)} data-testid="apology-invalid">
                    Không có lý do chính đáng
                  </button>
                )}
              </div>
            )}
          </div>
        </>
      )}

      <h3 class={d.recordTitle}>
        Lịch sử hồ sơ <span class={d.muted}>(mới nhất trước)</span>
      </h3>
      <ol class={d.history} data-testid="record-history">
        {history.map((e) => {
          const w = words(e);
          return (
            <li key={e.seq} class={cx(d.event, d[`event-${w.tone}`])} data-kind={e.kind}>
              <span class={d.eventWhen}>{shortTime(e.at)}</span>
              <div>
                <p class={d.eventTitle}>
                  {w.title}
                  {e.actor && <span class={d.eventActor}> — {e.actor.displayName}</span>}
                </p>
                {w.lines.map((line, i) => (
                  <p key={i} class={d.eventLine}>
                    {line}
                  </p>
                ))}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** The apology as the review dialog shows it. */
function apologyStep(code: string, seq: number | null, data: Data, current: Omit<Decision, 'seq'> | undefined): LateStep {
  return {
    code,
    seq: seq ?? 0,
    stepName: 'Văn bản xin lỗi, hẹn lại',
    who: typeof data.department === 'string' ? data.department : null,
    late: typeof data.newDueAt === 'string' ? `hẹn lại ${shortTime(data.newDueAt)}` : 'đã xin lỗi',
    current: current ? { valid: current.valid, reason: current.reason } : null,
    apology: true,
  };
}
