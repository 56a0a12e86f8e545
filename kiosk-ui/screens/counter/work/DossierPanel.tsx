/**
 * One dossier, for the person working on it: where it stands and what they may do now, its steps with
 * their due times and how each went (early, on time, late and by how much, who held it), the papers
 * it has, and its history in words. Opened from a row of the queue or by its code or receipt scan.
 */
import type { CounterInfo, DossierDetail, WorkItem } from '../../../../shared/contracts.ts';
import { ACTIONS, type ActionType, currentStep } from '../../../../shared/processing.ts';
import { CHANNELS, RETURN_METHODS } from '../../../../shared/vocabulary.ts';
import { CloseButton, Modal } from '../../../components/Modal/Modal.tsx';
import { StepClocks } from '../../../components/StepClocks/StepClocks.tsx';
import type { ApiError } from '../../../lib/api.ts';
import { appointment, shortTime } from '../../../lib/format.ts';
import { STATUS_TONE, cx } from '../../../lib/status.ts';
import { describeEvent } from './history.ts';
import { SlipPrint } from './SlipPrint.tsx';
import { slipsOf } from './outcome.ts';
import { UrgencyChip } from './UrgencyChip.tsx';
import { DESTRUCTIVE_ACTIONS, FORWARD_ACTIONS, timeLeft, whenWords } from './urgency.ts';
import s from './work.module.css';

interface Props {
  readonly code: string;
  readonly detail: DossierDetail | null;
  readonly error: ApiError | null;
  /** The dossier's row in this person's queue (its actions); null when it is not theirs to act on now. */
  readonly item: WorkItem | null;
  readonly asOf: string;
  readonly printer: CounterInfo | null;
  readonly onAction: (action: ActionType) => void;
  readonly onRetry: () => void;
  readonly onClose: () => void;
}

export function DossierPanel({ code, detail, error, item, asOf, printer, onAction, onRetry, onClose }: Props) {
  const titleId = 'panel-title';
  return (
    <Modal labelledBy={titleId} onClose={onClose} variant="drawer" testId="dossier-panel">
      <div class={s.panelHead}>
        <div class={s.panelHeadText}>
          <h2 id={titleId} class={s.panelCode}>
            {detail?.code ?? code}
          </h2>
          {detail && <p class={s.panelProcedure}>{detail.procedure.name}</p>}
        </div>
        <CloseButton onClick={onClose} />
      </div>
      <div class={s.panelBody}>
        {!detail && !error && <p class={s.muted}>Đang tải hồ sơ…</p>}
        {error && (
          <div class={s.errorBox} role="alert">
            <p>{error.message}</p>
            <button type="button" class={s.button} onClick={onRetry}>
              Thử lại
            </button>
          </div>
        )}
        {detail && <PanelContent detail={detail} item={item} asOf={asOf} printer={printer} onAction={onAction} />}
      </div>
    </Modal>
  );
}

function PanelContent({ detail, item, asOf, printer, onAction }: { readonly detail: DossierDetail; readonly item: WorkItem | null; readonly asOf: string; readonly printer: CounterInfo | null; readonly onAction: (a: ActionType) => void }) {
  const left = item ? timeLeft(item) : null;
  const moved = detail.originalDueAt !== detail.dueAt;
  const slips = slipsOf(detail);
  const step = currentStep(detail.steps);
  const history = [...detail.history].reverse();
  // While documents are awaited the clock is stopped: the open step is not running late.
  const paused = detail.status === 'awaiting_supplement';

  return (
    <>
      <div class={s.panelStatus}>
        <span class={cx(s.status, s[`tone-${STATUS_TONE[detail.status]}`])} data-testid="panel-status">
          {detail.statusLabel.vi}
        </span>
        {item && <UrgencyChip urgency={item.urgency} />}
        {left && <span class={cx(s.leftText, s[`left-${item!.urgency}`])}>{left.vi}</span>}
        {item?.step && left && <span class={s.muted}>Hạn của bước (định mức): {whenWords(item.step.ownDueAt, asOf).vi}</span>}
      </div>

      <section class={s.panelSection} aria-labelledby="panel-actions">
        <h3 id="panel-actions" class={s.panelSectionTitle}>
          Việc bạn có thể làm
        </h3>
        {item && item.actions.length > 0 ? (
          <div class={s.panelActions}>
            {ordered(item.actions).map((a, i) => (
              <button
                type="button"
                key={a}
                class={DESTRUCTIVE_ACTIONS.includes(a) ? s.dangerOutline : i === 0 ? s.primaryButton : s.button}
                onClick={() => onAction(a)}
                data-testid={`panel-action-${a}`}
              >
                {ACTIONS[a].vi}
              </button>
            ))}
          </div>
        ) : (
          <p class={s.muted} data-testid="panel-no-actions">
            {item ? 'Hồ sơ đang chờ — hiện không có việc nào bạn cần làm.' : step ? `Hồ sơ đang ở ${step.department.name}: không phải việc của bạn lúc này.` : 'Hồ sơ đã kết thúc.'}
          </p>
        )}
      </section>

      <dl class={s.facts}>
        <div>
          <dt>Người nộp hồ sơ</dt>
          {detail.applicant ? (
            <>
              <dd data-testid="panel-applicant">{detail.applicant.fullName}</dd>
              <dd>
                <span class={s.muted}>
                  Số định danh {detail.applicant.idNumber}
                  {detail.applicant.phone ? ` · ĐT\u00a0${detail.applicant.phone}` : ''}
                </span>
              </dd>
              {[detail.applicant.address, detail.applicant.email].some(Boolean) && (
                <dd>
                  <span class={s.muted}>{[detail.applicant.address, detail.applicant.email].filter(Boolean).join(' · ')}</span>
                </dd>
              )}
            </>
          ) : (
            <dd data-testid="panel-applicant">{detail.applicantMasked}</dd>
          )}
        </div>
        <div>
          <dt>Tiếp nhận</dt>
          <dd>
            {shortTime(detail.receivedAt)} <span class={s.muted}>· {detail.receivedBy.displayName}</span>
          </dd>
        </div>
        <div>
          <dt>Hẹn trả kết quả{moved ? ' (đã hẹn lại)' : ''}</dt>
          <dd class={detail.overdue ? s.lateText : undefined} data-testid="panel-due">
            {appointment(detail.dueAt, 'vi')}
          </dd>
          {moved && <dd class={s.muted}>Hẹn ban đầu: {appointment(detail.originalDueAt, 'vi')}</dd>}
        </div>
        <div>
          <dt>Nộp / nhận kết quả</dt>
          <dd>
            {CHANNELS[detail.channel].vi} · {RETURN_METHODS[detail.returnMethod].vi}
          </dd>
        </div>
      </dl>
      {!detail.applicant && (
        <p class={s.explain} data-testid="panel-personal-withheld">
          {detail.personalData.message.vi}
        </p>
      )}
      {paused && <p class={s.explain}>Thời hạn giải quyết đang tạm dừng chờ công dân bổ sung hồ sơ; ngày hẹn trả sẽ được tính lại khi nhận đủ.</p>}
      {detail.dueExplanation && (
        <details class={s.why}>
          <summary>Vì sao hẹn ngày này?</summary>
          <p>{detail.dueExplanation.vi}</p>
        </details>
      )}

      <section class={s.panelSection} aria-labelledby="panel-steps">
        <h3 id="panel-steps" class={s.panelSectionTitle}>
          Các bước xử lý
        </h3>
        <ol class={s.steps}>
          {detail.steps.map((st) => {
            const current = step?.seq === st.seq && st.state !== 'skipped';
            return (
              <li key={st.seq} class={cx(s.stepItem, current && s.stepCurrent, st.state === 'done' && s.stepDone)} data-testid="panel-step">
                <span class={s.stepSeq} aria-hidden="true">
                  {st.state === 'done' ? '✓' : st.seq}
                </span>
                <div class={s.stepMain}>
                  <div class={s.stepName}>
                    <span class="visually-hidden">Bước {st.seq}: </span>
                    {st.name}
                  </div>
                  <div class={s.stepDept}>{st.department.name}</div>
                  {current && !st.heldBy && (
                    <div class={s.stepMeta}>
                      <span>Chưa có người nhận</span>
                    </div>
                  )}
                  {/* Both clocks: the holder's own (what they are judged on) and the plan's milestone. */}
                  {st.state !== 'pending' && st.state !== 'skipped' ? <StepClocks step={st} paused={paused} /> : <div class={s.stepMeta}>Mốc hẹn: {shortTime(st.dueAt)}</div>}
                </div>
                <div class={s.stepJudged}>
                  <span class={s.stepState}>{st.stateLabel.vi}</span>
                </div>
              </li>
            );
          })}
        </ol>
      </section>

      <section class={s.panelSection} aria-labelledby="panel-papers">
        <h3 id="panel-papers" class={s.panelSectionTitle}>
          Giấy tờ in
        </h3>
        <div class={s.papers}>
          {/* The receipt and the acts' slips carry the applicant's particulars: only to those who may see them (the server refuses the rest). */}
          {detail.applicant && slips.map((x) => <SlipPrint key={x.kind} code={detail.code} kind={x.kind} at={x.at} printer={printer} />)}
          <SlipPrint code={detail.code} kind="control-sheet" at={detail.receivedAt} printer={printer} />
          {/* The receipt again, with the appointment as it now stands (after a supplement or an apology), marked as a reprint. */}
          {detail.applicant && <SlipPrint code={detail.code} kind="receipt" at={detail.receivedAt} printer={printer} />}
        </div>
      </section>

      <section class={s.panelSection} aria-labelledby="panel-history">
        <h3 id="panel-history" class={s.panelSectionTitle}>
          Lịch sử hồ sơ <span class={s.muted}>(mới nhất trước)</span>
        </h3>
        <ol class={s.history} data-testid="panel-history">
          {history.map((e) => {
            const words = describeEvent(e);
            return (
              <li key={e.seq} class={cx(s.event, s[`event-${words.tone}`])}>
                <div class={s.eventWhen}>{shortTime(e.at)}</div>
                <div class={s.eventBody}>
                  <div class={s.eventTitle}>
                    {words.title.vi}
                    {e.actor && <span class={s.eventActor}> — {e.actor.displayName}</span>}
                  </div>
                  {words.lines.map((line, i) => (
                    <div key={i} class={s.eventLine}>
                      {line}
                    </div>
                  ))}
                </div>
              </li>
            );
          })}
        </ol>
      </section>

      <section class={s.panelSection} aria-labelledby="panel-docs">
        <h3 id="panel-docs" class={s.panelSectionTitle}>
          Thành phần hồ sơ đã nhận
        </h3>
        <ul class={s.plainList}>
          {detail.documents.map((d, i) => (
            <li key={i}>
              {d.name}{' '}
              <span class={s.muted}>
                ({[d.originals ? `${d.originals} bản chính` : '', d.copies ? `${d.copies} bản sao` : ''].filter(Boolean).join(', ')})
              </span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** Moving the dossier on first (the first of them the main button), then the rest in the rules' order. */
function ordered(actions: readonly ActionType[]): ActionType[] {
  return [...FORWARD_ACTIONS.filter((a) => actions.includes(a)), ...actions.filter((a) => !FORWARD_ACTIONS.includes(a))];
}
