/**
 * A step on both clocks (shared/step-clocks.ts), as every staff screen shows it: when it arrived, who
 * took it and when, when it finished, how long its holder had it and their allotment, the holder's own
 * judgement — what a person is judged on — and the plan's milestone, what the citizen was promised for
 * this step, with the plan's judgement. Used by the supervisors' dossier record and the work queue.
 */
import type { DossierStep } from '../../../shared/contracts.ts';
import { TIMELINESS } from '../../../shared/vocabulary.ts';
import { shortTime, workingDuration } from '../../lib/format.ts';
import { cx } from '../../lib/status.ts';
import c from './StepClocks.module.css';

type Judged = 'early' | 'on_time' | 'late';

function Verdict({ t, minutes, open }: { readonly t: Judged; readonly minutes: number | null; readonly open?: boolean }) {
  const words = open ? 'Đang quá hạn' : TIMELINESS[t].vi;
  return (
    <span class={cx(c.verdict, t === 'late' ? c.late : t === 'early' ? c.early : c.onTime)}>
      {words}
      {t === 'late' && minutes ? ` ${workingDuration(minutes, 'vi', true)}` : ''}
    </span>
  );
}

export function StepClocks({ step, paused }: { readonly step: DossierStep; readonly paused?: boolean }) {
  const h = step.holder;
  const done = step.state === 'done';
  return (
    <dl class={c.clocks} data-testid="step-clocks" data-seq={step.seq}>
      {h && (
        <div class={c.row}>
          <dt>Người xử lý (đồng hồ riêng)</dt>
          <dd>
            <span>Đến bộ phận {shortTime(h.arrivedAt)}</span>
            {step.heldBy && <span>Người nhận: {step.heldBy.displayName}</span>}
            {h.takenAt && <span>Nhận lúc {shortTime(h.takenAt)}</span>}
            {step.completedAt && <span>Xong {shortTime(step.completedAt)}</span>}
            <span>
              Đã giữ {workingDuration(h.heldMinutes, 'vi', true)} / định mức {workingDuration(h.allottedMinutes, 'vi', true)}
            </span>
            <span>Hạn riêng {shortTime(h.dueAt)}</span>
            {h.timeliness ? <Verdict t={h.timeliness} minutes={h.lateMinutes} open={!done} /> : paused && !done ? <span class={c.paused}>Tạm dừng chờ bổ sung</span> : null}
          </dd>
        </div>
      )}
      <div class={c.row}>
        <dt>Kế hoạch của hồ sơ</dt>
        <dd>
          <span>Mốc hẹn {shortTime(step.dueAt)}</span>
          {done && step.timeliness && <Verdict t={step.timeliness} minutes={step.lateMinutes} />}
        </dd>
      </div>
    </dl>
  );
}
