/**
 * One action on one dossier: the fields it needs, checked before sending and again by the server,
 * whose refusal is shown next to the form with the form kept. Refusing and stopping end the dossier
 * and are confirmed a second time. After an act that owes the applicant a paper (supplement request,
 * apology, refusal, stop), the dialog stays open to print it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CounterInfo, DossierDetail, Procedure, WorkItem } from '../../../../shared/contracts.ts';
import type { FieldProblem } from '../../../../shared/errors.ts';
import { ACTIONS, type ActionType, currentStep } from '../../../../shared/processing.ts';
import { RETURN_METHODS, RETURN_METHOD_KEYS } from '../../../../shared/vocabulary.ts';
import { CloseButton, Modal } from '../../../components/Modal/Modal.tsx';
import { api, asApiError } from '../../../lib/api.ts';
import { appointment } from '../../../lib/format.ts';
import { saveKeys } from '../../../lib/idempotency.ts';
import { cx } from '../../../lib/status.ts';
import { ApologyFields } from './ApologyFields.tsx';
import { SupplementFields } from './SupplementFields.tsx';
import { SlipPrint } from './SlipPrint.tsx';
import { type ActionForm, type FormErrors, NEEDS_REASON, TAKES_NOTE, checkForm, emptyActionForm, listedDocs, placeProblems, toRequest } from './action-form.ts';
import { DESTRUCTIVE_ACTIONS } from './urgency.ts';
import { SLIP_OF, doneMessage } from './outcome.ts';
import s from './work.module.css';

interface Props {
  readonly item: WorkItem;
  readonly action: ActionType;
  /** The dossier, when the panel already has it (else it is fetched: the dialog shows where it goes next). */
  readonly detail: DossierDetail | null;
  /** Prefilled as the supplement request's contact (the officer's name and the centre's phone). */
  readonly contact: string;
  readonly printer: CounterInfo | null;
  readonly onDone: (detail: DossierDetail, action: ActionType, message: string) => void;
  readonly onClose: () => void;
  readonly onAuthError: (e: unknown) => boolean;
  /** The server refused because the dossier is not as the list showed it (409, 403): refresh the list. */
  readonly onStale: () => void;
}

/** What the reason is called, per action. */
const REASON_LABEL: Partial<Record<ActionType, string>> = {
  'return-step': 'Lý do trả lại',
  'request-supplement': 'Lý do cần bổ sung',
  apologize: 'Lý do chậm trả kết quả',
  refuse: 'Lý do từ chối (ghi trên phiếu gửi công dân)',
  stop: 'Lý do dừng giải quyết',
};

const SUBMIT_LABEL: Record<ActionType, string> = {
  'accept-step': 'Nhận hồ sơ',
  'complete-step': 'Hoàn thành và chuyển tiếp',
  'return-step': 'Trả lại bước trước',
  'request-supplement': 'Gửi yêu cầu bổ sung',
  'receive-supplement': 'Xác nhận đã nhận hồ sơ bổ sung',
  apologize: 'Xin lỗi và hẹn lại',
  refuse: 'Từ chối giải quyết',
  'result-ready': 'Xác nhận đã có kết quả',
  'return-result': 'Xác nhận đã trả kết quả',
  stop: 'Dừng giải quyết',
};

export function ActionDialog({ item, action, detail: given, contact, printer, onDone, onClose, onAuthError, onStale }: Props) {
  const [detail, setDetail] = useState<DossierDetail | null>(given);
  const [procedure, setProcedure] = useState<Procedure | null>(null);
  const [form, setForm] = useState<ActionForm>(() => emptyActionForm(contact, given?.returnMethod));
  const [errors, setErrors] = useState<FormErrors>({});
  const [problem, setProblem] = useState<{ message: string; unplaced: FieldProblem[] } | null>(null);
  const [busy, setBusy] = useState(false);
  // One Idempotency-Key per press: pressing again on the unchanged form after a lost answer acts once.
  const keys = useState(() => saveKeys())[0];
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<{ detail: DossierDetail; message: string } | null>(null);
  const destructive = DESTRUCTIVE_ACTIONS.includes(action);
  const slip = SLIP_OF[action];
  const titleId = 'action-title';

  // Where the dossier goes next, the return method asked for, the original appointment: from the dossier.
  useEffect(() => {
    if (given) return;
    let live = true;
    api
      .dossier(item.code)
      .then((d) => {
        if (!live) return;
        setDetail(d);
        setForm((f) => ({ ...f, method: d.returnMethod }));
      })
      .catch((e: unknown) => live && onAuthError(e));
    return () => {
      live = false;
    };
  }, [given, item.code, onAuthError]);

  // The published document list (supplement) and the clock rule (receiving a supplement).
  useEffect(() => {
    if (action !== 'request-supplement' && action !== 'receive-supplement') return;
    let live = true;
    api
      .procedure(item.procedure.code)
      .then((p) => {
        if (!live) return;
        setProcedure(p);
        if (action === 'request-supplement') setForm((f) => ({ ...f, docs: [...listedDocs(p.documents), ...f.docs.filter((d) => !d.listed)] }));
      })
      .catch((e: unknown) => {
        if (!live || onAuthError(e)) return;
        setProblem({ message: `Không tải được thành phần hồ sơ của thủ tục: ${asApiError(e).message}`, unplaced: [] });
      });
    return () => {
      live = false;
    };
  }, [action, item.procedure.code, onAuthError]);

  // After a refusal from the server, take the person to the first field that needs attention.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  // The second press of a refusal or a stop is a deliberate one: its button takes the focus.
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const change = (patch: Partial<ActionForm>, clear: string[] = []) => {
    setForm((f) => ({ ...f, ...patch }));
    if (clear.length) {
      setErrors((prev) => {
        const next = { ...prev };
        for (const k of clear) delete next[k];
        return next;
      });
    }
    setConfirming(false);
  };

  const submit = (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const local = checkForm(action, form, detail?.dueAt ?? item.dueAt);
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setProblem({ message: 'Vui lòng kiểm tra các ô được đánh dấu đỏ.', unplaced: [] });
      return;
    }
    setProblem(null);
    if (destructive && !confirming) {
      setConfirming(true);
      return;
    }
    const { body, docIds } = toRequest(action, form, item.step?.seq ?? null);
    setBusy(true);
    api
      .act(item.code, body, keys.keyFor({ code: item.code, body }))
      .then((updated) => {
        keys.succeeded();
        const message = doneMessage(action, updated);
        onDone(updated, action, message);
        if (slip) setDone({ detail: updated, message });
        else onClose();
      })
      .catch((e: unknown) => {
        if (onAuthError(e)) return;
        const err = asApiError(e);
        if (err.status === 409 || err.status === 403) onStale();
        const placed = placeProblems(err.fieldProblems, docIds);
        // The server's field note names the appointment as ISO; say it as the screen does (the rule
        // itself, in full, is the message in the box below).
        if (err.code === 'INVALID_NEW_DUE') placed.errors.newDueAt = `Chọn lại ngày, giờ: sau ${appointment(detail?.dueAt ?? item.dueAt, 'vi')}, trong giờ làm việc.`;
        setErrors(placed.errors);
        setProblem({ message: err.message, unplaced: placed.unplaced });
        setConfirming(false);
      })
      .finally(() => setBusy(false));
  };

  const step = detail ? currentStep(detail.steps) : null;
  const next = detail && step ? detail.steps.find((x) => x.seq > step.seq) : null;
  const previous = detail && step ? [...detail.steps].reverse().find((x) => x.seq < step.seq) : null;
  const reasonError = errors.reason;

  return (
    <Modal labelledBy={titleId} onClose={onClose} busy={busy} testId="action-dialog">
      <div class={s.dialogHead}>
        <div>
          <h2 id={titleId} class={s.dialogTitle}>
            {ACTIONS[action].vi}{' '}
            <span class={s.titleEn} lang="en">
              {ACTIONS[action].en}
            </span>
          </h2>
          <p class={s.dialogSub}>
            <span class={s.codeText}>{item.code}</span> · {item.procedure.name}
          </p>
        </div>
        <CloseButton onClick={onClose} disabled={busy} />
      </div>

      {done ? (
        <div class={s.dialogBody} data-testid="action-done">
          <div class={s.doneBox} role="status">
            <svg width="32" height="32" viewBox="0 0 32 32" aria-hidden="true">
              <circle cx="16" cy="16" r="15" fill="#1d6b3a" />
              <path d="m9 16.5 5 5 9-10" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round" />
            </svg>
            <p>{done.message}</p>
          </div>
          {slip && (
            <>
              <p class={s.dialogText}>In phiếu để giao hoặc gửi cho công dân, và lưu một bản vào hồ sơ:</p>
              <SlipPrint code={item.code} kind={slip} at={done.detail.history.at(-1)?.at ?? done.detail.receivedAt} printer={printer} />
            </>
          )}
          <div class={s.dialogFoot}>
            <button type="button" class={s.primaryButton} onClick={onClose} data-testid="action-done-close">
              Xong
            </button>
          </div>
        </div>
      ) : (
        <form ref={formRef} class={s.dialogBody} onSubmit={submit} noValidate>
          {(action === 'complete-step' || action === 'result-ready' || action === 'return-step') && (
            <div class={s.route}>
              <RouteStep label="Bước hiện tại" step={step} />
              <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" class={s.routeArrow}>
                <path d="M4 12h15m-5-6 6 6-6 6" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
              </svg>
              {action === 'result-ready' ? (
                <div class={s.routeStep}>
                  <div class={s.routeLabel}>Sau đó</div>
                  <div class={s.routeName}>Hồ sơ chờ trả kết quả cho công dân</div>
                </div>
              ) : (
                <RouteStep label={action === 'return-step' ? 'Trả về' : 'Chuyển tới'} step={action === 'return-step' ? previous ?? null : next ?? null} />
              )}
            </div>
          )}

          {action === 'receive-supplement' && (
            <div class={s.explain}>
              <p>
                Chỉ xác nhận khi công dân đã nộp <strong>đủ</strong> các giấy tờ trong phiếu yêu cầu bổ sung.
              </p>
              <p>
                {procedure?.supplementClock === 'resume'
                  ? 'Thủ tục này tính tiếp thời hạn còn lại kể từ lúc nhận hồ sơ bổ sung; ngày hẹn trả mới được tính lại ngay.'
                  : 'Thời hạn giải quyết được tính lại từ đầu kể từ lúc nhận đủ hồ sơ bổ sung (Nghị định 61/2018, Điều 19); ngày hẹn trả mới được tính ngay.'}
              </p>
              {detail && (
                <SupplementAsked detail={detail} />
              )}
            </div>
          )}

          {action === 'request-supplement' && (
            <SupplementFields
              docs={form.docs}
              loading={!procedure}
              window={procedure ? { days: procedure.supplementWindowDays, basis: procedure.supplementWindowBasis } : null}
              errors={errors}
              onChange={(docs, clear) => change({ docs }, clear)}
            />
          )}

          {action === 'apologize' && (
            <ApologyFields
              item={item}
              detail={detail}
              date={form.date}
              time={form.time}
              error={errors.newDueAt}
              onChange={(date, time) => change({ date, time }, ['newDueAt'])}
            />
          )}

          {NEEDS_REASON.includes(action) && (
            <div class={s.field}>
              <label for="action-reason">
                {REASON_LABEL[action] ?? 'Lý do'}
                <span class={s.required} aria-hidden="true">
                  {' '}
                  *
                </span>
              </label>
              <textarea
                id="action-reason"
                data-testid="action-reason"
                rows={3}
                maxLength={1000}
                required
                aria-invalid={reasonError ? true : undefined}
                aria-describedby={reasonError ? 'action-reason-error' : undefined}
                value={form.reason}
                onInput={(e) => change({ reason: e.currentTarget.value }, ['reason'])}
              />
              {reasonError && (
                <p class={s.fieldError} id="action-reason-error">
                  {reasonError}
                </p>
              )}
            </div>
          )}

          {action === 'request-supplement' && (
            <div class={s.field}>
              <label for="action-contact">Cán bộ hướng dẫn, điện thoại liên hệ (in trên phiếu)</label>
              <input id="action-contact" data-testid="action-contact" maxLength={200} value={form.contact} onInput={(e) => change({ contact: e.currentTarget.value }, ['contact'])} />
              {errors.contact && <p class={s.fieldError}>{errors.contact}</p>}
            </div>
          )}

          {TAKES_NOTE.includes(action) && (
            <div class={s.field}>
              <label for="action-note">Ghi chú (không bắt buộc)</label>
              <textarea id="action-note" data-testid="action-note" rows={2} maxLength={1000} value={form.note} onInput={(e) => change({ note: e.currentTarget.value }, ['note'])} />
              {errors.note && <p class={s.fieldError}>{errors.note}</p>}
            </div>
          )}

          {action === 'return-result' && (
            <fieldset class={s.choices}>
              <legend>Cách trả kết quả</legend>
              {RETURN_METHOD_KEYS.map((m) => (
                <label key={m} class={cx(s.choice, form.method === m && s.choiceOn)}>
                  <input type="radio" name="method" value={m} checked={form.method === m} onChange={() => change({ method: m }, ['method'])} data-testid={`method-${m}`} />
                  <span>
                    {RETURN_METHODS[m].vi}
                    {detail?.returnMethod === m && ' (công dân đã chọn khi nộp)'}
                  </span>
                </label>
              ))}
              {errors.method && <p class={s.fieldError}>{errors.method}</p>}
            </fieldset>
          )}

          {destructive && (
            <p class={s.explain}>
              {action === 'refuse'
                ? 'Từ chối giải quyết kết thúc hồ sơ: các bước còn lại sẽ không thực hiện. Phiếu từ chối (nêu rõ lý do) được in để gửi công dân.'
                : 'Dừng giải quyết khi công dân rút hồ sơ: các bước còn lại sẽ không thực hiện. Thông báo dừng giải quyết được in để gửi công dân.'}
            </p>
          )}

          {problem && (
            <div class={s.errorBox} role="alert" data-testid="action-error">
              <p>{problem.message}</p>
              {problem.unplaced.length > 0 && (
                <ul>
                  {problem.unplaced.map((p) => (
                    <li key={p.field + p.message}>{p.message}</li>
                  ))}
                </ul>
              )}
            </div>
          )}

          {confirming ? (
            <div class={s.confirm} role="alert" data-testid="action-confirm">
              <p>
                <strong>
                  {action === 'refuse' ? 'Từ chối giải quyết' : 'Dừng giải quyết'} hồ sơ {item.code}?
                </strong>{' '}
                Việc này không thể hoàn tác.
              </p>
              <div class={s.confirmButtons}>
                <button type="button" class={s.button} onClick={() => setConfirming(false)} disabled={busy}>
                  Quay lại
                </button>
                <button type="submit" class={s.dangerButton} disabled={busy} data-testid="action-confirm-submit" ref={confirmRef}>
                  {busy ? 'Đang gửi…' : `Xác nhận ${SUBMIT_LABEL[action].toLowerCase()}`}
                </button>
              </div>
            </div>
          ) : (
            <div class={s.dialogFoot}>
              <button type="button" class={s.button} onClick={onClose} disabled={busy}>
                Hủy
              </button>
              <button type="submit" class={destructive ? s.dangerButton : s.primaryButton} disabled={busy} data-testid="action-submit">
                {busy ? 'Đang gửi…' : SUBMIT_LABEL[action]}
              </button>
            </div>
          )}
        </form>
      )}
    </Modal>
  );
}

function RouteStep({ label, step }: { readonly label: string; readonly step: DossierDetail['steps'][number] | null }) {
  return (
    <div class={s.routeStep}>
      <div class={s.routeLabel}>{label}</div>
      {step ? (
        <>
          <div class={s.routeName}>
            Bước {step.seq}: {step.name}
          </div>
          <div class={s.routeDept}>{step.department.name}</div>
        </>
      ) : (
        <div class={s.routeDept}>Đang tải…</div>
      )}
    </div>
  );
}

/** What the supplement request asked for, so the clerk checks the papers against it. */
function SupplementAsked({ detail }: { readonly detail: DossierDetail }) {
  const asked = detail.history.filter((e) => e.kind === 'supplement_requested').at(-1);
  const docs = (asked?.data as { documents?: { name?: string }[] } | null)?.documents ?? [];
  if (docs.length === 0) return null;
  return (
    <div>
      <p>
        <strong>Giấy tờ đã yêu cầu bổ sung:</strong>
      </p>
      <ul class={s.plainList}>
        {docs.map((d, i) => (
          <li key={i}>{d.name}</li>
        ))}
      </ul>
    </div>
  );
}
