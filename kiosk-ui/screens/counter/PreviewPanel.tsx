/**
 * The appointment the receipt will print, computed by the server with the real working calendar
 * (the browser knows neither the holidays nor the centre's clock). An appointment counted from 16:59
 * is not the one counted from 17:01, so the preview is asked for again just after each minute starts
 * on the server's clock (not every 60 s from whenever the screen opened, which would leave it up to a
 * minute stale), and again whenever the window comes back into view or focus. The save still counts
 * from the moment of saving: the success panel says so when the two differ.
 */
import { useEffect, useState } from 'preact/hooks';
import type { IntakePreview } from '../../../shared/contracts.ts';
import { parseIsoInstant, weekdayName } from '../../../shared/time.ts';
import { type ApiError, api, asApiError, isAbort } from '../../lib/api.ts';
import { clockTime, formalTime, shortTime } from '../../lib/format.ts';
import { msUntilNextMinute, serverSkewMs } from '../../lib/minute.ts';
import s from './counter.module.css';

/** Focus and visibility often arrive together (switching back to the tab): one request is enough. */
const REFOCUS_QUIET_MS = 1_000;

interface Props {
  readonly procedureCode: string;
  /** The time-limit variant picked ('' : the standard limit): the preview counts with it. */
  readonly timeLimitVariant: string;
  readonly onAuthError: (e: unknown) => boolean;
  /** The preview on screen for this procedure (null while there is none), for the save to compare with. */
  readonly onShown?: (preview: IntakePreview | null) => void;
}

export function PreviewPanel({ procedureCode, timeLimitVariant, onAuthError, onShown }: Props) {
  const [preview, setPreview] = useState<IntakePreview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    setPreview(null);
    setError(null);
    if (!procedureCode) return;
    let controller = new AbortController();
    let timer: number | undefined;
    let lastStart = 0;
    /** Server clock minus browser clock, learnt from each answer's receivedAt. */
    let skew = 0;

    const schedule = (basisServerMs: number) => {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, msUntilNextMinute(basisServerMs, Date.now() + skew));
    };

    const load = () => {
      controller.abort();
      controller = new AbortController();
      const signal = controller.signal;
      lastStart = Date.now();
      // If this request never answers, still ask again when the next minute starts.
      schedule(lastStart + skew);
      api
        .intakePreview(procedureCode, timeLimitVariant, signal)
        .then((p) => {
          if (signal.aborted) return;
          const arrived = Date.now();
          skew = serverSkewMs(p.receivedAt, arrived);
          setPreview(p);
          setError(null);
          // Counted from the minute the server computed it in, so an answer computed at 16:59:59.9
          // that arrives at 17:00:00.1 is asked for again a second later, not a minute later.
          schedule(parseIsoInstant(p.receivedAt)?.getTime() ?? arrived + skew);
        })
        .catch((e: unknown) => {
          if (isAbort(e) || signal.aborted || onAuthError(e)) return;
          setError(asApiError(e));
        });
    };

    const refresh = () => {
      if (document.visibilityState === 'hidden') return;
      if (Date.now() - lastStart < REFOCUS_QUIET_MS) return;
      load();
    };

    load();
    // Timers are slowed or paused in a hidden tab and a sleeping PC: coming back asks at once.
    document.addEventListener('visibilitychange', refresh);
    window.addEventListener('focus', refresh);
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', refresh);
      window.removeEventListener('focus', refresh);
      controller.abort();
    };
  }, [procedureCode, timeLimitVariant, onAuthError]);

  const matches = (p: IntakePreview) => p.procedure.code === procedureCode && (p.timeLimitVariant?.key ?? '') === timeLimitVariant;
  const shown = preview && matches(preview) ? preview : null;
  useEffect(() => onShown?.(shown), [shown, onShown]);

  if (!procedureCode) {
    return (
      <div class={s.previewEmpty}>
        <p>Chọn thủ tục để xem ngày hẹn trả kết quả và các bước xử lý.</p>
      </div>
    );
  }
  if (error && !preview) {
    return (
      <div class={s.previewEmpty} role="alert">
        <p>Chưa tính được ngày hẹn: {error.message}</p>
      </div>
    );
  }
  if (!preview || !matches(preview)) {
    return (
      <div class={s.previewEmpty} aria-busy="true">
        <p>Đang tính ngày hẹn…</p>
      </div>
    );
  }

  const due = parseIsoInstant(preview.dueAt);
  return (
    <div class={s.preview}>
      <p class={s.previewLabel}>Hẹn trả kết quả</p>
      <p class={s.previewDue} data-testid="preview-due">
        {formalTime(preview.dueAt)}
      </p>
      {due && <p class={s.previewWeekday}>{weekdayName(due, 'vi')}</p>}
      <p class={s.previewLimit}>
        Thời hạn: <strong>{preview.timeLimitLabel.vi}</strong> <span lang="en">({preview.timeLimitLabel.en})</span>
        {preview.timeLimitVariant && <span data-testid="preview-variant"> · trường hợp: {preview.timeLimitVariant.vi}</span>} · tính từ {preview.countedFrom.slice(0, 10) === preview.receivedAt.slice(0, 10) ? clockTime(preview.countedFrom) : shortTime(preview.countedFrom)}
      </p>
      {/* Why this date: the days off and make-up days counted, so the clerk can tell the applicant. */}
      <p class={s.previewWhy} data-testid="preview-explanation">
        {preview.explanation.vi}
      </p>
      <ol class={s.previewSteps}>
        {preview.steps.map((step) => (
          <li key={step.seq}>
            <span class={s.previewSeq}>{step.seq}</span>
            <div>
              <p class={s.previewStepName}>{step.name}</p>
              <p class={s.previewStepDept}>{step.department.name}</p>
            </div>
            <span class={s.previewStepDue}>{shortTime(step.dueAt)}</span>
          </li>
        ))}
      </ol>
      {error && <p class={s.previewStale}>Không làm mới được ({error.message}); ngày hẹn có thể đã cũ.</p>}
    </div>
  );
}
