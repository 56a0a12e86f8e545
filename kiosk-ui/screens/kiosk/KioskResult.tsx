/**
 * What a citizen sees about their dossier. The summary (a typed dossier code) shows the status and
 * the appointment; the detail (the receipt's barcode, proof of holding the receipt) adds every step.
 * Never the applicant's full name, ID number, phone or address: the API does not even send them.
 */
import { Fragment } from 'preact';
import type { KioskDetail, KioskView } from '../../../shared/contracts.ts';
import { type DossierStatus, ENDED_EARLY_STATUSES, TIMELINESS, isOpen } from '../../../shared/vocabulary.ts';
import { appointment, appointmentParts, shortTime } from '../../lib/format.ts';
import { STATUS_TONE, cx } from '../../lib/status.ts';
import s from './kiosk.module.css';

/** What to do next, per status: the question people ask the counter after reading the status. */
const NEXT_STEP: Record<DossierStatus, { vi: string; en: string }> = {
  received: {
    vi: 'Hồ sơ đã được tiếp nhận và sẽ được chuyển đến cơ quan giải quyết.',
    en: 'Your dossier has been received and will be passed to the office in charge.',
  },
  processing: {
    vi: 'Hồ sơ đang được giải quyết. Ông/bà chưa cần làm gì thêm; vui lòng đến nhận kết quả theo ngày hẹn.',
    en: 'Your dossier is being processed. Nothing to do for now; please come back on the appointment date.',
  },
  awaiting_supplement: {
    vi: 'Hồ sơ cần bổ sung giấy tờ: nộp tại quầy tiếp nhận, một lần, đủ các giấy tờ trong thông báo (quét mã vạch trên giấy hẹn để xem danh sách).',
    en: 'More documents are needed: bring everything listed in the notice to the reception counter, at once (scan your receipt’s barcode to see the list).',
  },
  ready: {
    vi: 'Đã có kết quả. Mời ông/bà mang giấy hẹn đến quầy trả kết quả.',
    en: 'Your result is ready. Please bring your receipt to the counter to collect it.',
  },
  returned: {
    vi: 'Kết quả đã được trả cho người nộp hồ sơ.',
    en: 'The result has been handed over.',
  },
  refused: {
    vi: 'Hồ sơ không được giải quyết. Vui lòng liên hệ quầy tiếp nhận để nhận văn bản trả lời.',
    en: 'The request was refused. Please ask at the counter for the written reply.',
  },
  withdrawn: {
    vi: 'Hồ sơ đã dừng giải quyết. Vui lòng liên hệ quầy tiếp nhận nếu cần hỗ trợ.',
    en: 'Processing has stopped. Please ask at the counter if you need help.',
  },
};

export function KioskResult({ view }: { readonly view: KioskView }) {
  const detail = view.view === 'detail' ? view : null;
  const rescheduled = detail !== null && detail.originalDueAt !== detail.dueAt;
  const late = view.overdue && isOpen(view.status) && view.status !== 'awaiting_supplement';
  const ended = ENDED_EARLY_STATUSES.includes(view.status);
  // Past the appointment, "come back on the appointment date" would be wrong: the warning replaces it,
  // except when the applicant has something to do (bring documents).
  const next = late && view.status !== 'awaiting_supplement' ? null : NEXT_STEP[view.status];

  return (
    <section class={s.result} data-testid="kiosk-result" aria-live="polite">
      <div class={s.resultCard}>
        <p class={s.resultKicker}>
          Hồ sơ <span lang="en">/ Dossier</span> <span class={s.resultCode}>{view.code}</span>
        </p>
        <h2 class={s.procedureName}>{view.procedure.name}</h2>

        <div class={cx(s.statusBadge, s[`tone-${STATUS_TONE[view.status]}`])} data-testid="kiosk-status" data-status={view.status}>
          <span class={s.statusVi}>{view.statusLabel.vi}</span>
          <span class={s.statusEn} lang="en">
            {view.statusLabel.en}
          </span>
        </div>
        {next && (
          <p class={s.nextStep}>
            {next.vi}
            <br />
            <span lang="en">{next.en}</span>
          </p>
        )}

        {ended ? (
          // Refused or stopped: there is no result to come for, so no appointment to show in large type.
          <p class={s.dueEnded} data-testid="kiosk-no-appointment">
            Hồ sơ đã kết thúc, không còn ngày hẹn trả kết quả. <span lang="en">/ This dossier has ended: there is no appointment.</span>
          </p>
        ) : (
        <div class={cx(s.due, late && s.dueLate)}>
          {rescheduled && detail ? (
            <>
              <p class={s.dueLabel}>
                Hẹn ban đầu <span lang="en">/ Original appointment</span>
              </p>
              <p class={s.dueOriginal}>
                <del>{appointment(detail.originalDueAt, 'vi')}</del>
              </p>
              <p class={s.dueLabel}>
                Hẹn lại <span lang="en">/ New appointment</span>
              </p>
            </>
          ) : (
            <p class={s.dueLabel}>
              Ngày hẹn trả kết quả <span lang="en">/ Appointment</span>
            </p>
          )}
          <p class={s.dueValue} data-testid="kiosk-due">
            <Unbroken parts={appointmentParts(view.dueAt, 'vi')} />
          </p>
          <p class={s.dueValueEn} lang="en">
            {appointment(view.dueAt, 'en')}
          </p>
          {detail?.dueExplanation && !rescheduled && (
            // The account worded at the counter when the appointment was promised: the time limit, the
            // 15:00 rule, the days off it skipped. Folded, so the date itself stays the headline.
            <details class={s.dueWhy} data-testid="kiosk-due-why">
              <summary>
                Vì sao là ngày này? <span lang="en">/ Why this date?</span>
              </summary>
              <p>{detail.dueExplanation.vi}</p>
              <p lang="en">{detail.dueExplanation.en}</p>
            </details>
          )}
          {view.status === 'awaiting_supplement' && (
            <p class={s.duePaused} data-testid="kiosk-due-paused">
              Thời hạn đang tạm dừng chờ bổ sung; ngày hẹn sẽ được tính lại khi Trung tâm nhận đủ giấy tờ.{' '}
              <span lang="en">/ The clock is stopped until the documents arrive; the date will then be set again.</span>
            </p>
          )}
          {late && (
            <p class={s.dueWarning}>
              Đã quá ngày hẹn. Vui lòng liên hệ quầy tiếp nhận. <span lang="en">/ Past the appointment: please ask at the counter.</span>
            </p>
          )}
        </div>
        )}

        {detail ? (
          <dl class={s.facts}>
            <div>
              <dt>
                Người nộp <span lang="en">/ Applicant</span>
              </dt>
              <dd>{detail.applicantMasked}</dd>
            </div>
            <div>
              <dt>
                Ngày nộp <span lang="en">/ Received</span>
              </dt>
              <dd>{shortTime(detail.receivedAt)}</dd>
            </div>
            {detail.completedAt && (
              <div>
                <dt>
                  {ended ? 'Kết thúc' : 'Hoàn thành'} <span lang="en">/ {ended ? 'Ended' : 'Completed'}</span>
                </dt>
                <dd>{shortTime(detail.completedAt)}</dd>
              </div>
            )}
          </dl>
        ) : (
          <p class={s.summaryNote}>
            Quét mã vạch trên giấy hẹn để xem từng bước xử lý hồ sơ.
            <br />
            <span lang="en">Scan the barcode on your receipt to see each step of your dossier.</span>
          </p>
        )}
      </div>

      {detail && detail.notices.length > 0 && <Notices notices={detail.notices} status={detail.status} />}
      {detail && <Timeline steps={detail.steps} status={detail.status} />}
    </section>
  );
}

type Notice = KioskDetail['notices'][number];
const NOTICE_TONE: Record<Notice['kind'], string> = {
  supplement: 'act',
  supplement_received: 'info',
  apology: 'warn',
  ready: 'good',
  returned: 'good',
  refused: 'stop',
  stopped: 'stop',
};

/**
 * What the centre has told the applicant, newest first: a supplement request still awaited (with the
 * list to bring), the public apology for lateness (Thanh Hóa practice), readiness. A supplement already
 * received is history, shown small; the request itself then stops asking for anything.
 */
function Notices({ notices, status }: { readonly notices: readonly Notice[]; readonly status: DossierStatus }) {
  const shown = [...notices].reverse().filter((n) => n.kind !== 'supplement' || status === 'awaiting_supplement');
  return (
    <section class={s.notices} aria-labelledby="kiosk-notices-title" data-testid="kiosk-notices">
      <h3 id="kiosk-notices-title" class={s.visuallyHidden}>
        Thông báo về hồ sơ / Notices
      </h3>
      {shown.map((n) => (
        <article key={`${n.kind}-${n.at}`} class={cx(s.notice, s[`notice-${NOTICE_TONE[n.kind]}`])} data-testid="kiosk-notice" data-kind={n.kind}>
          <p class={s.noticeTitle}>
            {n.title.vi} <span lang="en">/ {n.title.en}</span>
          </p>
          <p class={s.noticeWhen}>{shortTime(n.at)}</p>
          {n.kind === 'apology' && n.originalDueAt && n.newDueAt && (
            <dl class={s.noticeDates}>
              <div>
                <dt>
                  Hẹn ban đầu <span lang="en">/ Original</span>
                </dt>
                <dd>
                  <del>{appointment(n.originalDueAt, 'vi')}</del>
                </dd>
              </div>
              <div>
                <dt>
                  Hẹn lại <span lang="en">/ New date</span>
                </dt>
                <dd>
                  <strong>{appointment(n.newDueAt, 'vi')}</strong>
                </dd>
              </div>
            </dl>
          )}
          <p class={s.noticeText}>{n.text.vi}</p>
          <p class={s.noticeTextEn} lang="en">
            {n.text.en}
          </p>
          {n.documents && n.documents.length > 0 && (
            <>
              <p class={s.noticeListTitle}>
                Giấy tờ cần nộp bổ sung <span lang="en">/ Documents to bring</span>
              </p>
              <ol class={s.noticeList}>
                {n.documents.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ol>
            </>
          )}
        </article>
      ))}
    </section>
  );
}

/** Halves joined by a space, each kept on one line: "Thứ Sáu, 13/11/2026" / "lúc 14:15". */
function Unbroken({ parts }: { readonly parts: readonly string[] }) {
  return (
    <>
      {parts.filter(Boolean).map((part, i) => (
        // The space stays outside the unbreakable halves: it is where the line may break.
        <Fragment key={part}>
          {i > 0 ? ' ' : ''}
          <span class={s.nowrap}>{part}</span>
        </Fragment>
      ))}
    </>
  );
}

type Step = KioskDetail['steps'][number];

function Timeline({ steps, status }: { readonly steps: readonly Step[]; readonly status: DossierStatus }) {
  // A refused or stopped dossier is nowhere any more: no step is "here", whatever a step's state says.
  const endedEarly = ENDED_EARLY_STATUSES.includes(status);
  return (
    <section class={s.timelineCard} aria-labelledby="kiosk-steps-title">
      <h3 id="kiosk-steps-title" class={s.timelineTitle}>
        Các bước xử lý <span lang="en">/ Processing steps</span>
      </h3>
      <ol class={s.timeline}>
        {steps.map((step) => (
          <StepRow key={step.seq} step={step} current={!endedEarly && step.state === 'in_progress'} />
        ))}
      </ol>
    </section>
  );
}

/**
 * One step. `skipped` (display only: the dossier was refused or stopped before this step) is drawn
 * muted, with no due time and no timeliness: it will not happen, so it can be neither due nor late.
 */
function StepRow({ step, current }: { readonly step: Step; readonly current: boolean }) {
  const skipped = step.state === 'skipped';
  const timeliness = step.timeliness && !skipped ? TIMELINESS[step.timeliness] : null;
  return (
    <li
      class={cx(s.step, s[`step-${step.state}`], current && s.stepCurrent, current && step.timeliness === 'late' && s.stepLate)}
      data-testid="kiosk-step"
      data-state={step.state}
      data-timeliness={step.timeliness ?? ''}
      aria-current={current ? 'step' : undefined}
    >
      <div class={s.stepMarker} aria-hidden="true">
        {step.state === 'done' ? (
          <svg width="28" height="28" viewBox="0 0 28 28">
            <path d="m7 14.5 4.5 4.5L21 9.5" fill="none" stroke="currentColor" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round" />
          </svg>
        ) : (
          step.seq
        )}
      </div>
      <div class={s.stepBody}>
        {current && (
          <p class={s.stepHere}>
            Hồ sơ đang ở bước này <span lang="en">/ Your dossier is here</span>
          </p>
        )}
        <p class={s.stepName}>{step.name}</p>
        <p class={s.stepDept}>{step.department.name}</p>
        <div class={s.stepTimes}>
          {!skipped && (
            <span>
              <span class={s.stepTimeLabel}>
                Hạn <span lang="en">/ Due</span>
              </span>{' '}
              {shortTime(step.dueAt)}
            </span>
          )}
          {step.completedAt && (
            <span>
              <span class={s.stepTimeLabel}>
                Xong <span lang="en">/ Done</span>
              </span>{' '}
              {shortTime(step.completedAt)}
            </span>
          )}
        </div>
        <div class={s.stepTags}>
          <span class={cx(s.tag, s[`tag-${step.state}`])}>
            {step.stateLabel.vi} <span lang="en">/ {step.stateLabel.en}</span>
          </span>
          {timeliness && (
            <span class={cx(s.tag, step.timeliness === 'late' ? s.tagLate : s.tagGood)}>
              {timeliness.vi} <span lang="en">/ {timeliness.en}</span>
            </span>
          )}
        </div>
      </div>
    </li>
  );
}
