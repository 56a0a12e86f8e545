/**
 * A supervisor's or leader's decision on one late step: a valid reason (the lateness is not held
 * against the officer or department) or not, always with the reason written down. Decisions are kept
 * for good (the server appends them and records each in the dossier's history): changing one is
 * making a new one, which this same dialog does. The same dialog reviews a dossier's apology
 * (`apology: true`): with a valid reason it is not counted towards "serious handling".
 */
import { useState } from 'preact/hooks';
import { CloseButton, Modal } from '../../components/Modal/Modal.tsx';
import { type ApiError, api, asApiError } from '../../lib/api.ts';
import { cx } from '../../lib/status.ts';
import d from './dashboard.module.css';

export interface LateStep {
  readonly code: string;
  readonly seq: number;
  readonly stepName: string;
  readonly who: string | null;
  readonly late: string;
  /** The current decision, when this is a change of mind. */
  readonly current: { readonly valid: boolean; readonly reason: string } | null;
  /** The dossier's apology is reviewed, not the step's lateness. */
  readonly apology?: boolean;
}

const REASON_MIN = 5;
const REASON_MAX = 500;

export function LatenessDialog({ step, valid: initial, onClose, onDone, onAuthError }: { readonly step: LateStep; readonly valid: boolean; readonly onClose: () => void; readonly onDone: () => void; readonly onAuthError: (e: unknown) => boolean }) {
  const [valid, setValid] = useState(initial);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [tooShort, setTooShort] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const text = reason.normalize('NFC').trim();
    if (text.length < REASON_MIN) {
      setTooShort(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (step.apology) await api.reviewApology({ code: step.code, valid, reason: text });
      else await api.reviewLateness({ code: step.code, seq: step.seq, valid, reason: text });
      onDone();
    } catch (err) {
      if (onAuthError(err)) return;
      setError(asApiError(err));
      setBusy(false);
    }
  };

  return (
    <Modal labelledBy="lateness-title" onClose={onClose} busy={busy} testId="lateness-dialog">
      <form class={d.dialog} onSubmit={(e) => void submit(e)} noValidate>
        <div class={d.dialogHead}>
          <h2 id="lateness-title" class={d.dialogTitle}>
            {step.apology ? 'Xem xét lý do xin lỗi, hẹn lại' : 'Xem xét lý do trễ hạn'}
          </h2>
          <CloseButton onClick={onClose} disabled={busy} />
        </div>
        <div class={d.dialogBody}>
          <p>
            Hồ sơ <strong>{step.code}</strong>, bước {step.seq}: {step.stepName}
            {step.who ? ` — ${step.who}` : ''} · <strong class={d.lateText}>{step.late}</strong>
          </p>
          {step.current && (
            <p class={d.note}>
              Quyết định hiện tại: {step.current.valid ? 'có lý do chính đáng' : 'không có lý do chính đáng'} (“{step.current.reason}”). Quyết định mới sẽ thay thế, quyết định cũ vẫn được lưu
              trong lịch sử hồ sơ.
            </p>
          )}
          <fieldset class={d.choice}>
            <legend class={d.fieldLabel}>Kết luận</legend>
            <label class={cx(d.choiceItem, valid && d.choiceOn)}>
              <input type="radio" name="valid" checked={valid} onChange={() => setValid(true)} data-testid="lateness-valid" />
              <span>
                <strong>Có lý do chính đáng</strong>
                <span class={d.choiceSub}>{step.apology ? 'Không tính lần xin lỗi này vào ngưỡng xử lý nghiêm' : 'Không tính bước trễ này vào ngưỡng xem xét kỷ luật'}</span>
              </span>
            </label>
            <label class={cx(d.choiceItem, !valid && d.choiceOn)}>
              <input type="radio" name="valid" checked={!valid} onChange={() => setValid(false)} data-testid="lateness-invalid" />
              <span>
                <strong>Không có lý do chính đáng</strong>
                <span class={d.choiceSub}>{step.apology ? 'Lần xin lỗi này được tính vào ngưỡng' : 'Bước trễ này được tính vào ngưỡng'}</span>
              </span>
            </label>
          </fieldset>
          <label class={d.fieldLabel} for="lateness-reason">
            Lý do (bắt buộc)
          </label>
          <textarea
            id="lateness-reason"
            class={d.textarea}
            rows={4}
            maxLength={REASON_MAX}
            value={reason}
            aria-invalid={tooShort}
            aria-describedby="lateness-reason-help"
            data-testid="lateness-reason"
            onInput={(e) => {
              setReason((e.target as HTMLTextAreaElement).value);
              setTooShort(false);
            }}
          />
          <p id="lateness-reason-help" class={cx(d.note, tooShort && d.fieldError)} role={tooShort ? 'alert' : undefined}>
            {tooShort ? `Vui lòng ghi lý do (ít nhất ${REASON_MIN} ký tự).` : `Ví dụ: chờ kết quả xác minh của cơ quan khác theo văn bản số …; tối đa ${REASON_MAX} ký tự.`}
          </p>
          {error && (
            <p class={d.fieldError} role="alert" data-testid="lateness-error">
              {error.message}
            </p>
          )}
        </div>
        <div class={d.dialogFoot}>
          <button type="button" class={d.button} onClick={onClose} disabled={busy}>
            Hủy
          </button>
          <button type="submit" class={d.primary} disabled={busy} data-testid="lateness-submit">
            {busy ? 'Đang lưu…' : 'Lưu quyết định'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
