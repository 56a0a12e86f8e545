/**
 * /counter — the desk screen. For intake clerks, the intake form: sign in, fill it in while the
 * applicant waits, save, print the receipt; beside it, their work queue (supplements to receive,
 * results to hand over, new dossiers to pass on). Officers and leaders land on their work queue
 * (work/WorkQueue.tsx). Keyboard first: tab order follows the paper form, and Enter inside a field
 * does not save (a stray Enter must not create a dossier); the save button does.
 *
 * The form is kept as an in-memory draft of the signed-in clerk (lib/drafts.ts): when the session
 * expires mid-form, the same clerk signing in again finds it filled in. Saving, clearing the form or
 * signing out forgets it, and another account never sees it. Switching to the work queue tab keeps
 * the form on the page, as it was.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { CounterInfo, DossierCreated, IntakePreview, PrintResult, Procedure, StaffMe } from '../../../shared/contracts.ts';
import type { FieldProblem } from '../../../shared/errors.ts';
import { CHANNELS, CHANNEL_KEYS, type Channel, RETURN_METHODS, RETURN_METHOD_KEYS, type ReturnMethod, can } from '../../../shared/vocabulary.ts';
import { Login } from '../../components/Login/Login.tsx';
import { NotAllowed } from '../../components/NotAllowed/NotAllowed.tsx';
import { Unreachable } from '../../components/Unreachable.tsx';
import { StaffHeader } from '../../components/StaffHeader/StaffHeader.tsx';
import { type Session, useCentre, useStaffSession, useTitle } from '../../components/session.ts';
import { type ApiError, api, asApiError } from '../../lib/api.ts';
import { closeTab, openPendingTab, showInTab } from '../../lib/print.ts';
import { draftOf, forgetDraft, hasDraft, keepDraft } from '../../lib/drafts.ts';
import { saveKeys } from '../../lib/idempotency.ts';
import { cx } from '../../lib/status.ts';
import { readStored, writeStored } from '../../lib/storage.ts';
import { DocumentList } from './DocumentList.tsx';
import { IntakeDone } from './IntakeDone.tsx';
import { PreviewPanel } from './PreviewPanel.tsx';
import { ProcedurePicker } from './ProcedurePicker.tsx';
import { TimeLimitChoice } from './TimeLimitChoice.tsx';
import { WorkQueue } from './work/WorkQueue.tsx';
import {
  type ApplicantFields,
  type DocRow,
  type FieldErrors,
  type IntakeForm,
  checkBeforeSending,
  emptyForm,
  extraDoc,
  isBlankForm,
  listedDocs,
  placeProblems,
  toRequest,
} from './intake-form.ts';
import s from './counter.module.css';

/** The name of the intake form's draft in lib/drafts.ts. */
const DRAFT = 'counter.intake';

export default function Counter() {
  const centre = useCentre();
  const session = useStaffSession();
  const { state } = session;
  const staff = state.kind === 'signed-in' ? state.staff : null;
  const intakes = staff ? can(staff.role, 'intake') : false;
  const processes = staff ? can(staff.role, 'process') : false;
  const { query } = useLocation();
  // One title per page, set here (a child's effect runs before its parent's and would be overwritten).
  const onWork = processes && (!intakes || query.view === 'work');
  useTitle(onWork ? 'Việc cần xử lý · MotCua' : 'Tiếp nhận hồ sơ · MotCua');

  if (state.kind === 'loading') return <div class="app-loading">Đang tải…</div>;
  if (state.kind === 'unreachable') return <Unreachable error={state.error} onRetry={session.retry} />;
  if (state.kind === 'signed-out' || !staff) {
    // The session ended under the clerk's hands: say that what they typed is waiting for them.
    const notice = state.kind === 'signed-out' && state.notice && hasDraft(DRAFT) ? `${state.notice} Thông tin đang nhập sẽ được khôi phục khi đăng nhập lại bằng cùng tài khoản.` : state.kind === 'signed-out' ? state.notice : undefined;
    return <Login centre={centre} title="Tiếp nhận và xử lý hồ sơ" titleEn="Intake and processing — staff sign-in" notice={notice} onSignedIn={session.signedIn} />;
  }
  return (
    <div class={s.page}>
      <StaffHeader centre={centre} staff={staff} screen={intakes ? 'Quầy tiếp nhận hồ sơ' : 'Xử lý hồ sơ'} onLogout={() => void session.logout()} />
      {intakes && processes ? (
        <ClerkDesk key={staff.username} staff={staff} centre={centre} session={session} />
      ) : intakes ? (
        <IntakeScreen key={staff.username} username={staff.username} session={session} />
      ) : processes ? (
        <WorkQueue key={staff.username} staff={staff} centre={centre} active onAuthError={session.handleAuthError} />
      ) : (
        <NotAllowed staff={staff} centre={centre} title="Tài khoản này không tiếp nhận hay xử lý hồ sơ" refusal="không có quyền tiếp nhận hay xử lý hồ sơ. Vui lòng đăng nhập bằng tài khoản cán bộ tiếp nhận, chuyên viên hoặc lãnh đạo." onSignedIn={session.signedIn}>
          {can(staff.role, 'supervise') && (
            <p>
              <a href="/supervisor">Mở màn hình giám sát</a>
            </p>
          )}
        </NotAllowed>
      )}
    </div>
  );
}

type DeskView = 'intake' | 'work';

/**
 * A clerk's two jobs as two tabs: intake, and the centre's own steps in the work queue. Both stay
 * mounted, so switching never loses a half-typed form; the address says which is showing
 * (`/counter?view=work`), so a reload or a bookmark opens the same one.
 */
function ClerkDesk({ staff, centre, session }: { readonly staff: StaffMe; readonly centre: ReturnType<typeof useCentre>; readonly session: Session }) {
  const { query, route } = useLocation();
  const view: DeskView = query.view === 'work' ? 'work' : 'intake';
  const [counts, setCounts] = useState<{ total: number; late: number } | null>(null);
  const onCounts = useCallback((c: { total: number; late: number }) => setCounts(c), []);
  const show = (v: DeskView) => route(v === 'work' ? '/counter?view=work' : '/counter', true);
  const tabs: { view: DeskView; label: string }[] = [
    { view: 'intake', label: 'Tiếp nhận hồ sơ' },
    { view: 'work', label: 'Việc cần xử lý' },
  ];
  return (
    <>
      <div class={s.tabs} role="tablist" aria-label="Quầy tiếp nhận">
        {tabs.map((t, i) => (
          <button
            type="button"
            role="tab"
            key={t.view}
            id={`tab-${t.view}`}
            aria-selected={view === t.view}
            aria-controls={`panel-${t.view}`}
            tabIndex={view === t.view ? 0 : -1}
            class={cx(s.tab, view === t.view && s.tabOn)}
            data-testid={`tab-${t.view}`}
            onClick={() => show(t.view)}
            onKeyDown={(e) => {
              // Arrow keys move between tabs (WAI-ARIA tabs pattern); Tab goes on into the panel.
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
              const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
              show(next.view);
              document.getElementById(`tab-${next.view}`)?.focus();
            }}
          >
            {t.label}
            {t.view === 'work' && counts && (
              <span class={cx(s.tabCount, counts.late > 0 && s.tabCountLate)} data-testid="tab-work-count">
                {counts.total}
                {counts.late > 0 && <span class={s.tabLate}> · {counts.late} quá hạn</span>}
              </span>
            )}
          </button>
        ))}
      </div>
      <div id="panel-intake" role="tabpanel" aria-labelledby="tab-intake" hidden={view !== 'intake'}>
        <IntakeScreen username={staff.username} session={session} />
      </div>
      <div id="panel-work" role="tabpanel" aria-labelledby="tab-work" hidden={view !== 'work'}>
        <WorkQueue staff={staff} centre={centre} active={view === 'work'} onAuthError={session.handleAuthError} onCounts={onCounts} />
      </div>
    </>
  );
}

const storedChannel = (): Channel => {
  const v = readStored('counter.channel');
  return CHANNEL_KEYS.find((k) => k === v) ?? 'in_person';
};
const storedReturn = (): ReturnMethod => {
  const v = readStored('counter.returnMethod');
  return RETURN_METHOD_KEYS.find((k) => k === v) ?? 'at_centre';
};

interface SaveProblem {
  readonly message: string;
  readonly unplaced: readonly FieldProblem[];
  /** The message only summarises marked fields: it goes away once they are all corrected. */
  readonly aboutFields: boolean;
}

interface Done {
  readonly created: DossierCreated;
  readonly printed: boolean;
  /** The counter the receipt was printed at, and what its printer answered. */
  readonly counter: CounterInfo | null;
  readonly job: PrintResult | null;
  readonly printError: string | null;
  /** The appointment the preview showed when the clerk pressed save (null if none was shown). */
  readonly previewDueAt: string | null;
}

/** The receipt in the counter's paper size (A4 when the screen has no counter). */
function receiptLink(created: DossierCreated, counter: CounterInfo | null): string {
  return `${created.receiptUrl}?layout=${counter?.layout ?? 'a4'}`;
}

function IntakeScreen({ session, username }: { readonly session: Session; readonly username: string }) {
  // What this clerk was typing when the session ended, if anything (read once, when signing in).
  const [restored] = useState(() => {
    const draft = draftOf<IntakeForm>(DRAFT, username);
    return draft && !isBlankForm(draft) ? draft : null;
  });
  const [restoredNotice, setRestoredNotice] = useState(restored !== null);
  const [procedures, setProcedures] = useState<Procedure[] | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [loadAttempt, setLoadAttempt] = useState(0);
  const [form, setForm] = useState<IntakeForm>(() => restored ?? emptyForm(storedChannel(), storedReturn()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<SaveProblem | null>(null);
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  // One Idempotency-Key per save: a retry of the same form (by the screen or the clerk) is the same save.
  const keys = useState(() => saveKeys())[0];
  // Which counter this screen is: its printer takes the receipt in one click (remembered per browser).
  const [counters, setCounters] = useState<readonly CounterInfo[]>([]);
  const [counterCode, setCounterCode] = useState(() => readStored('counter.code') ?? '');
  const counter = counters.find((c) => c.code === counterCode) ?? null;
  const shownPreview = useRef<IntakePreview | null>(null);
  const onPreviewShown = useCallback((p: IntakePreview | null) => {
    shownPreview.current = p;
  }, []);
  const { handleAuthError } = session;

  // Every change is kept as this clerk's draft, so a 401 (which unmounts this screen) loses nothing.
  // After a save the form stays as it was under the success panel, but the draft is already gone.
  useEffect(() => {
    if (done) return;
    if (isBlankForm(form)) forgetDraft(DRAFT);
    else keepDraft(DRAFT, username, form);
  }, [form, username, done]);

  useEffect(() => {
    let live = true;
    setLoadError(null);
    api
      .procedures()
      .then((list) => live && setProcedures(list))
      .catch((e: unknown) => live && !handleAuthError(e) && setLoadError(asApiError(e)));
    return () => {
      live = false;
    };
  }, [loadAttempt, handleAuthError]);

  useEffect(() => {
    let live = true;
    api
      .counters()
      .then((list) => live && setCounters(list))
      // Without the list the screen still prints, through the browser: nothing to tell the clerk.
      .catch((e: unknown) => live && handleAuthError(e));
    return () => {
      live = false;
    };
  }, [handleAuthError]);

  useEffect(() => {
    if (Object.keys(errors).length === 0 && problem?.aboutFields) setProblem(null);
  }, [errors, problem]);

  // After a failed check, take the clerk to the first field that needs attention.
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    const first = document.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
  }, [errors]);

  const clearError = (key: string) =>
    setErrors((prev) => {
      if (!(key in prev)) return prev;
      const next = { ...prev };
      delete next[key];
      return next;
    });

  const setApplicant = (field: keyof ApplicantFields, value: string) => {
    setForm((f) => ({ ...f, applicant: { ...f.applicant, [field]: value } }));
    clearError(`/applicant/${field}`);
  };

  const chooseProcedure = (code: string) => {
    const procedure = procedures?.find((p) => p.code === code);
    // A new procedure starts from its standard time limit: another procedure's variant means nothing here.
    setForm((f) => ({ ...f, procedureCode: code, timeLimitVariant: '', docs: [...listedDocs(procedure), ...f.docs.filter((d) => !d.listed)] }));
    clearError('/timeLimitVariant');
    clearError('/procedureCode');
    clearError('/documents');
  };

  const changeDoc = (id: string, patch: Partial<DocRow>) => {
    setForm((f) => ({ ...f, docs: f.docs.map((d) => (d.id === id ? { ...d, ...patch } : d)) }));
    clearError(`doc:${id}`);
    if (patch.checked) clearError('/documents');
  };

  const reset = () => {
    forgetDraft(DRAFT);
    setForm(emptyForm(form.channel, form.returnMethod));
    setErrors({});
    setProblem(null);
    setDone(null);
    setRestoredNotice(false);
    try {
      window.scrollTo(0, 0);
    } catch {
      /* no window */
    }
  };

  const save = (event: Event) => {
    event.preventDefault();
    if (saving) return;
    const local = checkBeforeSending(form);
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setProblem({ message: 'Hồ sơ chưa đủ thông tin. Vui lòng kiểm tra các ô được đánh dấu đỏ.', unplaced: [], aboutFields: true });
      return;
    }
    const { request, rowIds } = toRequest(form);
    // Exactly what is being sent, in case the answer is a 401 (the effect above may lag a keystroke).
    keepDraft(DRAFT, username, form);
    // The appointment on screen as the clerk pressed save, to compare with the one the save computes.
    const shown = shownPreview.current;
    const previewDueAt = shown && shown.procedure.code === request.procedureCode && (shown.timeLimitVariant?.key ?? '') === (request.timeLimitVariant ?? '') ? shown.dueAt : null;
    // With a printer queue the server prints; otherwise a tab opened now, inside the click (or the
    // browser blocks it), is pointed at the PDF once it exists.
    const printer = counter?.printer ? counter : null;
    const tab = printer ? null : openPendingTab('Đang tạo giấy hẹn… / Preparing the receipt…');
    setSaving(true);
    setProblem(null);
    setErrors({});
    writeStored('counter.channel', form.channel);
    writeStored('counter.returnMethod', form.returnMethod);
    api
      .createDossier(request, keys.keyFor(request))
      .then((created) => {
        keys.succeeded();
        forgetDraft(DRAFT);
        if (printer) {
          setDone({ created, printed: false, previewDueAt, counter: printer, job: null, printError: null });
          api
            .printReceipt(created.code, printer.code)
            .then((job) => setDone((d) => d && d.created.code === created.code ? { ...d, printed: true, job } : d))
            .catch((e: unknown) => setDone((d) => d && d.created.code === created.code ? { ...d, printError: asApiError(e).message } : d));
        } else {
          const printed = tab ? showInTab(tab, receiptLink(created, counter)) : false;
          setDone({ created, printed, previewDueAt, counter, job: null, printError: null });
        }
        setRestoredNotice(false);
        try {
          window.scrollTo(0, 0);
        } catch {
          /* no window */
        }
      })
      .catch((e: unknown) => {
        closeTab(tab);
        if (handleAuthError(e)) return;
        const err = asApiError(e);
        const placed = placeProblems(err.fieldProblems, rowIds);
        setErrors(placed.errors);
        // No answer: the save may have gone through. Pressing again sends the same key, so it cannot make a second dossier.
        const message = err.status === 0 ? `${err.message} Bấm «Lưu và in giấy hẹn» lại khi có mạng: nếu hồ sơ đã được lưu, màn hình nhận lại đúng hồ sơ đó, không tạo hồ sơ thứ hai.` : err.message;
        setProblem({ message, unplaced: placed.unplaced, aboutFields: placed.unplaced.length === 0 && Object.keys(placed.errors).length > 0 });
      })
      .finally(() => setSaving(false));
  };

  if (done) {
    return (
      <main class={s.main}>
        <IntakeDone
          created={done.created}
          printed={done.printed}
          counter={done.counter}
          job={done.job}
          printError={done.printError}
          receiptHref={receiptLink(done.created, done.counter)}
          onReprint={(job, error) => setDone((d) => d && { ...d, job, printError: error })}
          previewDueAt={done.previewDueAt}
          onNew={reset}
        />
      </main>
    );
  }

  if (loadError) {
    return (
      <main class={s.main}>
        <div class={s.errorBox} role="alert">
          <p>Không tải được danh mục thủ tục: {loadError.message}</p>
          <button type="button" class={s.secondary} onClick={() => setLoadAttempt((n) => n + 1)}>
            Thử lại
          </button>
        </div>
      </main>
    );
  }
  if (!procedures) return <div class="app-loading">Đang tải danh mục thủ tục…</div>;

  const a = form.applicant;
  const applicantField = (field: keyof ApplicantFields, label: string, options: { required?: boolean; hint?: string; type?: 'text' | 'tel' | 'email'; wide?: boolean; inputMode?: 'numeric' | 'tel' | 'email' | 'text' } = {}) => {
    const path = `/applicant/${field}`;
    const error = errors[path];
    const describedBy = [options.hint ? `hint-${field}` : '', error ? `err-${field}` : ''].filter(Boolean).join(' ') || undefined;
    return (
      <div class={`${s.field} ${options.wide ? s.wide : ''}`}>
        <label for={`field-${field}`}>
          {label}
          {options.required && (
            <span class={s.required} aria-hidden="true">
              {' '}
              *
            </span>
          )}
        </label>
        <input
          id={`field-${field}`}
          data-testid={`applicant-${field}`}
          // Preact types each input `type` as its own union member; text, tel and email share every prop used here.
          type={(options.type ?? 'text') as 'text'}
          inputMode={options.inputMode}
          autocomplete="off"
          spellcheck={false}
          required={options.required}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          value={a[field]}
          onInput={(e) => setApplicant(field, e.currentTarget.value)}
        />
        {options.hint && (
          <p class={s.hint} id={`hint-${field}`}>
            {options.hint}
          </p>
        )}
        {error && (
          <p class={s.fieldError} id={`err-${field}`}>
            {error}
          </p>
        )}
      </div>
    );
  };

  return (
    <main class={s.main}>
      {restoredNotice && (
        <div class={s.restored} role="status" data-testid="draft-restored">
          <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true">
            <circle cx="11" cy="11" r="10" fill="currentColor" />
            <path d="M11 6.5v6M11 15.2v.3" stroke="#fff" stroke-width="2.4" stroke-linecap="round" />
          </svg>
          <p>
            <strong>Đã khôi phục thông tin đang nhập</strong> trước khi phiên làm việc kết thúc. Vui lòng kiểm tra lại rồi bấm “Lưu và in giấy hẹn”.
          </p>
          <button type="button" class={s.restoredClose} onClick={() => setRestoredNotice(false)}>
            Đã hiểu
          </button>
        </div>
      )}
      <form
        class={s.layout}
        onSubmit={save}
        noValidate
        onKeyDown={(e) => {
          const target = e.target as HTMLElement;
          if (e.key === 'Enter' && target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'checkbox') e.preventDefault();
        }}
      >
        <div class={s.formColumn}>
          <section class={s.section} aria-labelledby="sec-procedure">
            <h2 id="sec-procedure" class={s.sectionTitle}>
              <span class={s.sectionNo}>1</span> Thủ tục hành chính
            </h2>
            <ProcedurePicker procedures={procedures} value={form.procedureCode} error={errors['/procedureCode']} onChange={chooseProcedure} />
            <TimeLimitChoice
              procedure={procedures?.find((p) => p.code === form.procedureCode)}
              value={form.timeLimitVariant ?? ''}
              error={errors['/timeLimitVariant']}
              onChange={(key) => {
                setForm((f) => ({ ...f, timeLimitVariant: key }));
                clearError('/timeLimitVariant');
              }}
            />
          </section>

          <section class={s.section} aria-labelledby="sec-applicant">
            <h2 id="sec-applicant" class={s.sectionTitle}>
              <span class={s.sectionNo}>2</span> Người nộp hồ sơ
            </h2>
            <div class={s.grid}>
              {applicantField('fullName', 'Họ và tên', { required: true })}
              {applicantField('idNumber', 'Số định danh cá nhân/CCCD', { required: true, hint: '12 số căn cước, 9 số CMND cũ, hoặc số hộ chiếu' })}
              {applicantField('phone', 'Điện thoại', { type: 'tel', inputMode: 'tel' })}
              {applicantField('email', 'Thư điện tử', { type: 'email', inputMode: 'email' })}
              {applicantField('address', 'Địa chỉ', { wide: true })}
            </div>
          </section>

          <section class={s.section} aria-labelledby="sec-docs">
            <h2 id="sec-docs" class={s.sectionTitle}>
              <span class={s.sectionNo}>3</span> Thành phần hồ sơ đã nhận
            </h2>
            <DocumentList
              rows={form.docs}
              errors={errors}
              onChange={changeDoc}
              onAdd={() => setForm((f) => ({ ...f, docs: [...f.docs, extraDoc()] }))}
              onRemove={(id) => setForm((f) => ({ ...f, docs: f.docs.filter((d) => d.id !== id) }))}
            />
          </section>

          <section class={s.section} aria-labelledby="sec-ways">
            <h2 id="sec-ways" class={s.sectionTitle}>
              <span class={s.sectionNo}>4</span> Hình thức nộp và nhận kết quả
            </h2>
            <div class={s.grid3}>
              <div class={s.field}>
                <label for="field-channel">Hình thức nộp</label>
                <select id="field-channel" data-testid="intake-channel" value={form.channel} onChange={(e) => setForm((f) => ({ ...f, channel: e.currentTarget.value as Channel }))}>
                  {CHANNEL_KEYS.map((k) => (
                    <option key={k} value={k}>
                      {CHANNELS[k].vi}
                    </option>
                  ))}
                </select>
                {errors['/channel'] && <p class={s.fieldError}>{errors['/channel']}</p>}
              </div>
              <div class={s.field}>
                <label for="field-returnMethod">Nhận kết quả</label>
                <select
                  id="field-returnMethod"
                  data-testid="intake-return-method"
                  value={form.returnMethod}
                  onChange={(e) => setForm((f) => ({ ...f, returnMethod: e.currentTarget.value as ReturnMethod }))}
                >
                  {RETURN_METHOD_KEYS.map((k) => (
                    <option key={k} value={k}>
                      {RETURN_METHODS[k].vi}
                    </option>
                  ))}
                </select>
                {errors['/returnMethod'] && <p class={s.fieldError}>{errors['/returnMethod']}</p>}
              </div>
              <div class={s.field}>
                <label for="field-sets">Số bộ hồ sơ</label>
                <input
                  id="field-sets"
                  type="number"
                  min={1}
                  max={20}
                  inputMode="numeric"
                  value={form.sets}
                  aria-invalid={errors['/sets'] ? true : undefined}
                  onInput={(e) => {
                    const sets = e.currentTarget.value;
                    setForm((f) => ({ ...f, sets }));
                    clearError('/sets');
                  }}
                />
                {errors['/sets'] && <p class={s.fieldError}>{errors['/sets']}</p>}
              </div>
            </div>
          </section>
        </div>

        <aside class={s.side} aria-label="Ngày hẹn và lưu hồ sơ">
          <div class={s.sideCard}>
            <PreviewPanel procedureCode={form.procedureCode} timeLimitVariant={form.timeLimitVariant ?? ''} onAuthError={handleAuthError} onShown={onPreviewShown} />
          </div>
          {problem && (
            <div class={s.errorBox} role="alert" data-testid="intake-error">
              <p>{problem.message}</p>
              {problem.unplaced.length > 0 && (
                <ul>
                  {problem.unplaced.map((p) => (
                    <li key={p.field + p.message}>
                      {p.field ? <code>{p.field}</code> : null} {p.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          {counters.length > 0 && (
            <label class={s.counterPick}>
              <span>Quầy / máy in</span>
              <select
                value={counterCode}
                data-testid="counter-select"
                onChange={(e) => {
                  const code = (e.target as HTMLSelectElement).value;
                  setCounterCode(code);
                  writeStored('counter.code', code);
                }}
              >
                <option value="">In bằng trình duyệt (A4)</option>
                {counters.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name} — {c.printer ? `máy in ${c.printer}` : 'in bằng trình duyệt'} ({c.layout === 'thermal' ? 'giấy 80 mm' : c.layout.toUpperCase()})
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="submit" class={s.save} data-testid="intake-submit" disabled={saving}>
            {saving ? 'Đang lưu…' : 'Lưu và in giấy hẹn'}
          </button>
          <button type="button" class={s.clear} onClick={reset} disabled={saving}>
            Xóa trắng biểu mẫu
          </button>
        </aside>
      </form>
    </main>
  );
}
