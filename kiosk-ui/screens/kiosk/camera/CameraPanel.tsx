/**
 * The kiosk's camera: a dialog with the live picture, a framing guide and one line saying what is
 * happening, for a phone held by a citizen or a kiosk's webcam. A lookup key is handed to the kiosk
 * only after two identical reads that pass the check digit (reads.ts); the camera is stopped the
 * moment it is accepted, and on close or unmount. Loaded on demand: it brings quagga2 with it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { cx } from '../../../lib/status.ts';
import s from './camera.module.css';
import { type CameraProblem, cameraProblem, problemBeforeStart } from './camera-problem.ts';
import { NO_READS, type ReadState, nextRead } from './reads.ts';
import { startCameraScan } from './scanner.ts';
import { CAMERA_TEXTS, type Lang } from './texts.ts';

interface Props {
  readonly lang: Lang;
  readonly onCode: (key: string) => void;
  /**
   * A barcode read twice that is not a lookup key (its check digit fails): told once per run of such
   * reads, so the kiosk can record the misread for the supervisors' scan-health figures.
   */
  readonly onMisread?: (raw: string) => void;
  readonly onClose: () => void;
}

type Phase =
  | { readonly kind: 'starting' | 'looking' | 'once' | 'not-a-key' | 'accepted' }
  | { readonly kind: 'problem'; readonly problem: CameraProblem };

/** After this long without a read, "hold still" or "not a key" goes back to "looking" and the count starts again. */
const QUIET_MS = 1500;
/** Problems a second try can cure (a camera freed, plugged in, or allowed in the settings). */
const RETRYABLE: ReadonlySet<CameraProblem> = new Set(['denied', 'no-camera', 'in-use', 'failed']);

function environment() {
  try {
    return { secureContext: window.isSecureContext, hasGetUserMedia: typeof navigator.mediaDevices?.getUserMedia === 'function' };
  } catch {
    return { secureContext: true, hasGetUserMedia: false };
  }
}

export default function CameraPanel({ lang, onCode, onClose, onMisread }: Props) {
  const t = CAMERA_TEXTS[lang];
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const [attempt, setAttempt] = useState(0);
  const view = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  // The latest callbacks, without restarting the camera when the kiosk re-renders.
  const handlers = useRef({ onCode, onClose, onMisread });
  handlers.current = { onCode, onClose, onMisread };

  useEffect(() => {
    const target = view.current;
    if (!target) return;
    const before = problemBeforeStart(environment());
    if (before) {
      setPhase({ kind: 'problem', problem: before });
      return;
    }
    setPhase({ kind: 'starting' });
    let reads: ReadState = NO_READS;
    let finished = false;
    let quiet: number | undefined;

    let misreadTold = false;
    const scan = startCameraScan(target, (raw) => {
      if (finished) return;
      const step = nextRead(reads, raw);
      reads = step.state;
      const verdict = step.verdict;
      if (verdict.kind === 'noise') return;
      window.clearTimeout(quiet);
      if (verdict.kind === 'accepted') {
        finished = true;
        setPhase({ kind: 'accepted' });
        void scan.stop();
        try {
          navigator.vibrate?.(60);
        } catch {
          /* no vibration motor, or not allowed */
        }
        handlers.current.onCode(verdict.key);
        return;
      }
      if (verdict.kind === 'not-a-key' && !misreadTold) {
        misreadTold = true;
        handlers.current.onMisread?.(raw);
      }
      setPhase({ kind: verdict.kind });
      quiet = window.setTimeout(() => {
        misreadTold = false;
        reads = NO_READS;
        setPhase({ kind: 'looking' });
      }, QUIET_MS);
    });
    scan.started.then(
      () => {
        if (!finished) setPhase((p) => (p.kind === 'starting' ? { kind: 'looking' } : p));
      },
      (error: unknown) => {
        if (finished) return;
        finished = true;
        setPhase({ kind: 'problem', problem: cameraProblem(error) });
      },
    );
    return () => {
      finished = true;
      window.clearTimeout(quiet);
      void scan.stop();
    };
  }, [attempt]);

  // Focus goes into the dialog and comes back to what opened it; Escape closes it.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') handlers.current.onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const problem = phase.kind === 'problem' ? phase.problem : null;
  const status =
    phase.kind === 'starting' ? t.starting
    : phase.kind === 'looking' ? t.looking
    : phase.kind === 'once' ? t.holdStill
    : phase.kind === 'not-a-key' ? t.notAKey
    : phase.kind === 'accepted' ? t.accepted
    : '';

  return (
    <div class={s.backdrop}>
      <div class={s.dialog} role="dialog" aria-modal="true" aria-labelledby="kiosk-camera-title" lang={lang} data-testid="kiosk-camera-panel" data-phase={phase.kind}>
        <div class={s.head}>
          <h2 id="kiosk-camera-title" class={s.title}>
            {t.title}
          </h2>
          <button ref={closeButton} type="button" class={s.close} onClick={() => handlers.current.onClose()} aria-label={t.closeLabel} data-testid="kiosk-camera-close">
            <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true">
              <path d="m7 7 14 14M21 7 7 21" stroke="currentColor" stroke-width="3.2" stroke-linecap="round" />
            </svg>
            <span>{t.close}</span>
          </button>
        </div>

        {/* Kept mounted (hidden on a problem) so a retry plays into the same <video>. */}
        <div ref={view} class={cx(s.view, problem && s.hidden)}>
          <video class={s.video} autoplay muted playsInline aria-label={t.previewLabel} />
          <div class={cx(s.guide, s[`guide-${phase.kind}`])} aria-hidden="true">
            <span class={s.scanLine} />
            {phase.kind === 'accepted' && (
              <svg class={s.tick} viewBox="0 0 48 48">
                <path d="m12 25 8 8 16-18" fill="none" stroke="currentColor" stroke-width="5" stroke-linecap="round" stroke-linejoin="round" />
              </svg>
            )}
          </div>
          <p class={s.guideText}>{t.guide}</p>
        </div>

        {problem && (
          <div class={s.problem} role="alert" data-testid="kiosk-camera-problem" data-problem={problem}>
            <svg class={s.problemIcon} width="40" height="40" viewBox="0 0 36 36" aria-hidden="true">
              <circle cx="18" cy="18" r="16" fill="currentColor" />
              <path d="M18 9v11" stroke="#fff" stroke-width="3.4" stroke-linecap="round" />
              <circle cx="18" cy="26" r="2.1" fill="#fff" />
            </svg>
            <div>
              <p class={s.problemTitle}>{t.problems[problem].title}</p>
              <p class={s.problemText}>{t.problems[problem].text}</p>
            </div>
          </div>
        )}

        <p class={cx(s.status, s[`status-${phase.kind}`])} role="status" aria-live="polite" data-testid="kiosk-camera-status">
          {status}
        </p>

        <div class={s.actions}>
          {problem && RETRYABLE.has(problem) && (
            <button type="button" class={s.secondary} onClick={() => setAttempt((n) => n + 1)} data-testid="kiosk-camera-retry">
              {t.retry}
            </button>
          )}
          <button type="button" class={problem ? s.primary : s.secondary} onClick={() => handlers.current.onClose()} data-testid="kiosk-camera-keypad">
            {t.useKeypad}
          </button>
        </div>
      </div>
    </div>
  );
}
