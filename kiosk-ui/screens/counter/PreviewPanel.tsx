/**
 * The appointment the receipt will print, computed by the server with the real working calendar
 * (the browser knows neither the holidays nor the centre's clock). Refreshed every minute, because
 * an appointment counted from 16:59 is not the one counted from 17:01.
 */
import { useEffect, useState } from 'preact/hooks';
import type { IntakePreview } from '../../../shared/contracts.ts';
import { parseIsoInstant, weekdayName } from '../../../shared/time.ts';
import { type ApiError, api, asApiError, isAbort } from '../../lib/api.ts';
import { clockTime, formalTime, shortTime } from '../../lib/format.ts';
import s from './counter.module.css';

const REFRESH_MS = 60_000;

interface Props {
  readonly procedureCode: string;
  readonly onAuthError: (e: unknown) => boolean;
}

export function PreviewPanel({ procedureCode, onAuthError }: Props) {
  const [preview, setPreview] = useState<IntakePreview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    setPreview(null);
    setError(null);
    if (!procedureCode) return;
    let controller = new AbortController();
    const load = () => {
      controller.abort();
      controller = new AbortController();
      const signal = controller.signal;
      api
        .intakePreview(procedureCode, signal)
        .then((p) => {
          if (signal.aborted) return;
          setPreview(p);
          setError(null);
        })
        .catch((e: unknown) => {
          if (isAbort(e) || signal.aborted || onAuthError(e)) return;
          setError(asApiError(e));
        });
    };
    load();
    const timer = window.setInterval(load, REFRESH_MS);
    return () => {
      window.clearInterval(timer);
      controller.abort();
    };
  }, [procedureCode, onAuthError]);

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
  if (!preview || preview.procedure.code !== procedureCode) {
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
        Thời hạn: <strong>{preview.timeLimitLabel.vi}</strong> <span lang="en">({preview.timeLimitLabel.en})</span> · tính từ {clockTime(preview.receivedAt)}
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
