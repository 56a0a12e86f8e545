/**
 * The apology's new appointment (Decree 61/2018 art. 19(9)): the leader of the department at fault
 * apologises in writing at least one working day before the appointment, and sets a new one, once.
 * The inputs are Vietnam time whatever the tablet's time zone; the first suggestion is one working
 * day after the current appointment, counted by the server on the centre's calendar.
 */
import { useEffect, useState } from 'preact/hooks';
import type { DossierDetail, WorkItem } from '../../../../shared/contracts.ts';
import { api } from '../../../lib/api.ts';
import { appointment } from '../../../lib/format.ts';
import { dateTimeInputs, newDueIso } from './action-form.ts';
import s from './work.module.css';

interface Props {
  readonly item: WorkItem;
  readonly detail: DossierDetail | null;
  readonly date: string;
  readonly time: string;
  readonly error: string | undefined;
  readonly onChange: (date: string, time: string) => void;
}

export function ApologyFields({ item, detail, date, time, error, onChange }: Props) {
  const currentDue = detail?.dueAt ?? item.dueAt;
  const [suggested, setSuggested] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .dueAfter(currentDue, 1)
      .then((answer) => {
        if (!live) return;
        setSuggested(answer.due);
        const inputs = dateTimeInputs(answer.due);
        // Only into empty fields: never over what the leader has typed.
        if (inputs && !date && !time) onChange(inputs.date, inputs.time);
      })
      .catch(() => {
        /* no suggestion: the leader types the date */
      });
    return () => {
      live = false;
    };
    // Once per appointment: a suggestion must not come back after the leader cleared the fields.
  }, [currentDue]);

  const original = detail?.originalDueAt;
  // Read back in Vietnamese whatever order the device's date input shows (12/04 is 4 December in en-US).
  const chosen = newDueIso(date, time);
  return (
    <div class={s.apology}>
      <dl class={s.dueFacts}>
        <div>
          <dt>Ngày hẹn hiện tại</dt>
          <dd data-testid="apology-current">{appointment(currentDue, 'vi')}</dd>
        </div>
        <div>
          <dt>Ngày hẹn ban đầu (trên giấy hẹn)</dt>
          <dd>{original ? appointment(original, 'vi') : '…'}</dd>
        </div>
      </dl>
      <p class={s.explain}>
        Văn bản xin lỗi phải gửi công dân <strong>chậm nhất 01 ngày làm việc trước ngày hẹn hiện tại</strong> và chỉ được hẹn lại{' '}
        <strong>một lần</strong>. Ngày hẹn mới phải sau ngày hẹn hiện tại, trong giờ làm việc của Trung tâm. Hồ sơ vẫn được tính là trễ hạn so với ngày hẹn ban đầu.
      </p>
      <fieldset class={s.newDue} aria-describedby={error ? 'apology-error' : undefined}>
        <legend>
          Ngày, giờ hẹn trả mới (giờ Việt Nam)
          <span class={s.required} aria-hidden="true">
            {' '}
            *
          </span>
        </legend>
        <div class={s.newDueInputs}>
          <label class={s.field}>
            <span>Ngày</span>
            <input type="date" value={date} aria-invalid={error ? true : undefined} onInput={(e) => onChange(e.currentTarget.value, time)} data-testid="apology-date" />
          </label>
          <label class={s.field}>
            <span>Giờ</span>
            <input type="time" step={300} value={time} aria-invalid={error ? true : undefined} onInput={(e) => onChange(date, e.currentTarget.value)} data-testid="apology-time" />
          </label>
        </div>
        {chosen && (
          <p class={s.readBack} data-testid="apology-readback">
            Ngày hẹn mới: <strong>{appointment(chosen, 'vi')}</strong>
          </p>
        )}
        {suggested && <p class={s.hint}>Gợi ý: {appointment(suggested, 'vi')} — 01 ngày làm việc sau ngày hẹn hiện tại.</p>}
        {error && (
          <p class={s.fieldError} id="apology-error">
            {error}
          </p>
        )}
      </fieldset>
    </div>
  );
}
