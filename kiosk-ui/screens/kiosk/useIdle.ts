/**
 * "Are you still there?" for a public kiosk: after `timeoutMs` without a touch, key or scroll the
 * screen goes back to its start and forgets the dossier it showed (the next person in the queue must
 * not see it). For the last `warnMs` a countdown is shown, and any touch cancels it.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'scroll'] as const;

interface IdleOptions {
  /** Only count while there is something to clear. */
  readonly enabled: boolean;
  readonly timeoutMs: number;
  readonly warnMs: number;
  readonly onTimeout: () => void;
}

export function useIdle({ enabled, timeoutMs, warnMs, onTimeout }: IdleOptions): { secondsLeft: number | null; stillHere: () => void } {
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const lastActivity = useRef(0);
  const timeoutRef = useRef(onTimeout);
  timeoutRef.current = onTimeout;

  const stillHere = useCallback(() => {
    lastActivity.current = performance.now();
    setSecondsLeft(null);
  }, []);

  useEffect(() => {
    if (!enabled) {
      setSecondsLeft(null);
      return;
    }
    stillHere();
    const onActivity = () => {
      lastActivity.current = performance.now();
    };
    for (const type of ACTIVITY_EVENTS) {
      try {
        document.addEventListener(type, onActivity, { capture: true, passive: true });
      } catch {
        /* an old browser without this event: the others still count */
      }
    }
    const timer = window.setInterval(() => {
      const left = timeoutMs - (performance.now() - lastActivity.current);
      if (left <= 0) {
        setSecondsLeft(null);
        timeoutRef.current();
      } else if (left <= warnMs) {
        setSecondsLeft(Math.ceil(left / 1000));
      } else {
        setSecondsLeft(null);
      }
    }, 250);
    return () => {
      window.clearInterval(timer);
      for (const type of ACTIVITY_EVENTS) {
        try {
          document.removeEventListener(type, onActivity, { capture: true });
        } catch {
          /* nothing to remove */
        }
      }
    };
  }, [enabled, timeoutMs, warnMs, stillHere]);

  return { secondsLeft, stillHere };
}
