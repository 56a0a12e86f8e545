/**
 * What a citizen sees about their dossier, in the order they need it: where it is (one plain
 * sentence), what they have to do, the appointment and the time left, why that date, the notices the
 * centre has given (supplement requests, apologies), every step, and the rating once it is over.
 * The summary (a typed dossier code) stops after the appointment; the detail (the receipt's barcode,
 * proof of holding the receipt) shows the rest. Never the applicant's full name, ID number, phone or
 * address, nor an officer's name: the API does not even send them.
 */
import { Fragment } from 'preact';
import type { KioskDetail, KioskView, RatingGiven } from '../../../shared/contracts.ts';
import { ENDED_EARLY_STATUSES, TIMELINESS, type DossierStatus } from '../../../shared/vocabulary.ts';
import { appointment, appointmentParts, shortTime } from '../../lib/format.ts';
import { STATUS_TONE, cx } from '../../lib/status.ts';
import { pick, useText } from './i18n.ts';
import s from './kiosk.module.css';
import { Rating } from './Rating.tsx';

const TODO_ICON: Record<KioskDetail['todo']['kind'], string> = {
  nothing: 'M8 16.5l5 5L24 10',
  bring_documents: 'M9 4h10l6 6v18H9zM19 4v6h6M13 17h8M13 22h8',
  collect: 'M5 11h22v16H5zM5 11l4-6h14l4 6M12 17h8',
  wait_post: 'M4 9h24v16H4zM4 9l12 9 12-9',
  ask_counter: 'M16 4a12 12 0 1 0 0 24a12 12 0 1 0 0-24M16 10v8M16 22v.5',
  rate: 'M16 4l3.6 7.4 8.1 1.2-5.9 5.7 1.4 8.1L16 22.6l-7.2 3.8 1.4-8.1-5.9-5.7 8.1-1.2z',
  done: 'M8 16.5l5 5L24 10',
};

export function KioskResult({ view, lookupKey, onRated }: { readonly view: KioskView; readonly lookupKey: string | null; readonly onRated: (given: RatingGiven | null) => void }) {
  const { t, lang } = useText();
  const detail = view.view === 'detail' ? view : null;
  const rescheduled = detail !== null && detail.originalDueAt !== detail.dueAt;
  const late = view.overdue;
  const ended = ENDED_EARLY_STATUSES.includes(view.status);
  const showAppointment = !ended && view.status !== 'returned';

  return (
    <section class={s.result} data-testid="kiosk-result" aria-labelledby="kiosk-headline">
      <div class={s.resultMain}>
        <div class={s.resultCard}>
          <p class={s.resultKicker}>
            {t.dossier} <span class={s.resultCode}>{view.code}</span>
          </p>
          <p class={s.procedureName}>{view.procedure.name}</p>
          {/* The page's heading: the one sentence that answers "where is my dossier?". */}
          <h1 id="kiosk-headline" class={s.headline} data-testid="kiosk-headline" aria-live="polite">
            {pick(view.headline, lang)}
          </h1>
          <p class={cx(s.statusBadge, s[`tone-${STATUS_TONE[view.status]}`])} data-testid="kiosk-status" data-status={view.status}>
            <span class={s.visuallyHidden}>{t.statusLabel}: </span>
            {pick(view.statusLabel, lang)}
          </p>

          {detail && (
            <div class={cx(s.todo, s[`todo-${detail.todo.kind}`])} data-testid="kiosk-todo" data-kind={detail.todo.kind}>
              <svg width="40" height="40" viewBox="0 0 32 32" aria-hidden="true" class={s.todoIcon}>
                <path d={TODO_ICON[detail.todo.kind]} fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round" />
              </svg>
              <div>
                <p class={s.todoTitle}>{t.todoTitle}</p>
                <p class={s.todoText}>{pick(detail.todo.text, lang)}</p>
              </div>
            </div>
          )}

          {ended && (
            // Refused or stopped: there is no result to come for, so no appointment to show in large type.
            <p class={s.dueEnded} data-testid="kiosk-no-appointment">
              {t.noAppointment}
            </p>
          )}
          {showAppointment && (
            <div class={cx(s.due, late && s.dueLate)}>
              {rescheduled && detail ? (
                <>
                  <p class={s.dueLabel}>{t.originalAppointment}</p>
                  <p class={s.dueOriginal} data-testid="kiosk-due-original">
                    <del>{appointment(detail.originalDueAt, lang)}</del>
                  </p>
                  <p class={s.dueLabel}>{t.newAppointment}</p>
                </>
              ) : (
                <p class={s.dueLabel}>{t.appointment}</p>
              )}
              <p class={s.dueValue} data-testid="kiosk-due">
                <Unbroken parts={appointmentParts(view.dueAt, lang).flatMap((part) => part.split(/(?<=,) /))} />
              </p>
              {view.timeLeft && (
                <p class={cx(s.timeLeft, view.timeLeft.workingMinutes < 0 && s.timeLeftPast)} data-testid="kiosk-time-left">
                  {pick(view.timeLeft.text, lang)}
                </p>
              )}
              {view.status === 'awaiting_supplement' && (
                <p class={s.duePaused} data-testid="kiosk-due-paused">
                  {t.paused}
                </p>
              )}
              {detail?.dueExplanation && !rescheduled && (
                // The account worded at the counter when the appointment was promised: the time limit, the
                // 15:00 rule, the days off it skipped. Folded, so the date itself stays the headline.
                <details class={s.dueWhy} data-testid="kiosk-due-why">
                  <summary>{t.whyThisDate}</summary>
                  <p>{pick(detail.dueExplanation, lang)}</p>
                </details>
              )}
            </div>
          )}

          {detail ? (
            <dl class={s.facts}>
              <div>
                <dt>{t.applicant}</dt>
                <dd data-testid="kiosk-applicant">{detail.applicantMasked}</dd>
              </div>
              <div>
                <dt>{t.received}</dt>
                <dd>{shortTime(detail.receivedAt)}</dd>
              </div>
              {detail.completedAt && (
                <div>
                  <dt>{ended ? t.ended : t.completed}</dt>
                  <dd>{shortTime(detail.completedAt)}</dd>
                </div>
              )}
              {detail.outcome && (
                // Judged as the centre counts (by the day unless it counts to the minute), and the rule named.
                <div class={s.factWide} data-testid="kiosk-outcome" data-timeliness={detail.outcome.timeliness}>
                  <dt>{t.outcome}</dt>
                  <dd class={detail.outcome.timeliness === 'late' ? s.outcomeLate : s.outcomeGood}>{pick(detail.outcome.text, lang)}</dd>
                  <dd class={s.outcomeRule}>{pick(detail.outcome.rule.label, lang)}</dd>
                </div>
              )}
            </dl>
          ) : (
            <p class={s.summaryNote}>{t.summaryNote}</p>
          )}
        </div>

        {detail && detail.notices.length > 0 && <Notices notices={detail.notices} status={detail.status} />}
        {detail && (detail.rating.open || detail.rating.given) && lookupKey && <Rating rating={detail.rating} lookupKey={lookupKey} onRated={onRated} />}
      </div>
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
  const { t, lang } = useText();
  const shown = [...notices].reverse().filter((n) => n.kind !== 'supplement' || status === 'awaiting_supplement');
  if (shown.length === 0) return null;
  return (
    <section class={s.notices} aria-labelledby="kiosk-notices-title" data-testid="kiosk-notices">
      <h3 id="kiosk-notices-title" class={s.visuallyHidden}>
        {t.noticesTitle}
      </h3>
      {shown.map((n) => (
        <article key={`${n.kind}-${n.at}`} class={cx(s.notice, s[`notice-${NOTICE_TONE[n.kind]}`])} data-testid="kiosk-notice" data-kind={n.kind}>
          <p class={s.noticeTitle}>{pick(n.title, lang)}</p>
          <p class={s.noticeWhen}>{shortTime(n.at)}</p>
          {n.kind === 'apology' && n.originalDueAt && n.newDueAt && (
            <dl class={s.noticeDates}>
              <div>
                <dt>{t.original}</dt>
                <dd>
                  <del>{appointment(n.originalDueAt, lang)}</del>
                </dd>
              </div>
              <div>
                <dt>{t.newDate}</dt>
                <dd>
                  <strong>{appointment(n.newDueAt, lang)}</strong>
                </dd>
              </div>
              {n.department && (
                <div>
                  <dt>{t.responsibleUnit}</dt>
                  <dd>{n.department}</dd>
                </div>
              )}
            </dl>
          )}
          <p class={s.noticeText}>{pick(n.text, lang)}</p>
          {n.documents && n.documents.length > 0 && (
            <>
              <p class={s.noticeListTitle}>{t.documentsToBring}</p>
              <ol class={s.noticeList}>
                {n.documents.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ol>
              <p class={s.noticeWhere}>{t.whereToBring}</p>
            </>
          )}
        </article>
      ))}
    </section>
  );
}

/** Pieces joined by a space, each kept on one line: "Thứ Sáu," / "13/11/2026" / "lúc 14:15" (large text may need all three lines). */
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
  const { t } = useText();
  // A refused or stopped dossier is nowhere any more: no step is "here", whatever a step's state says.
  const endedEarly = ENDED_EARLY_STATUSES.includes(status);
  return (
    <section class={s.timelineCard} aria-labelledby="kiosk-steps-title" data-testid="kiosk-timeline">
      <h3 id="kiosk-steps-title" class={s.timelineTitle}>
        {t.stepsTitle}
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
  const { t, lang } = useText();
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
        {current && <p class={s.stepHere}>{t.stepHere}</p>}
        <p class={s.stepName}>{step.name}</p>
        <p class={s.stepDept}>{step.department.name}</p>
        <div class={s.stepTimes}>
          {!skipped && (
            <span>
              <span class={s.stepTimeLabel}>{t.due}</span> {shortTime(step.dueAt)}
            </span>
          )}
          {step.completedAt && (
            <span>
              <span class={s.stepTimeLabel}>{t.done}</span> {shortTime(step.completedAt)}
            </span>
          )}
        </div>
        <div class={s.stepTags}>
          <span class={cx(s.tag, s[`tag-${step.state}`])}>{pick(step.stateLabel, lang)}</span>
          {timeliness && <span class={cx(s.tag, step.timeliness === 'late' ? s.tagLate : s.tagGood)}>{pick(timeliness, lang)}</span>}
        </div>
      </div>
    </li>
  );
}
