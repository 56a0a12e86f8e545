/**
 * Keeps the dashboard current without a reload: a long poll on GET /api/supervision/changes answers
 * as soon as any dossier event is recorded (an officer finishes a step, a leader apologises), and the
 * screen fetches its figures again in place. Only while the tab is visible: a tablet left on a desk
 * overnight asks nothing. "Now" figures (overdue, due within a day) also move with the clock alone, so
 * the screen refreshes every few minutes even when nothing was recorded. A server without the changes
 * route (older, or the route refused) gets a plain 30-second poll instead.
 */
import { useEffect, useRef } from 'preact/hooks';
import { api, asApiError, isAbort } from '../../lib/api.ts';

const POLL_MS = 30_000;
const CLOCK_MS = 3 * 60_000;
const RETRY_MS = 10_000;

const visible = () => typeof document === 'undefined' || document.visibilityState === 'visible';

export function useLiveRefresh(onChange: () => void, onAuthError: (e: unknown) => boolean): void {
  const changed = useRef(onChange);
  changed.current = onChange;
  const authError = useRef(onAuthError);
  authError.current = onAuthError;

  useEffect(() => {
    let stopped = false;
    let controller: AbortController | null = null;
    let wake: (() => void) | null = null;
    let lastRefresh = Date.now();
    const refresh = () => {
      lastRefresh = Date.now();
      changed.current();
    };
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        const t = window.setTimeout(() => {
          wake = null;
          resolve();
        }, ms);
        wake = () => {
          window.clearTimeout(t);
          wake = null;
          resolve();
        };
      });
    const untilVisible = () =>
      new Promise<void>((resolve) => {
        if (visible()) return resolve();
        wake = () => {
          wake = null;
          resolve();
        };
      });
    const onVisibility = () => {
      if (!visible()) {
        controller?.abort();
        return;
      }
      // Back on the tab: what happened meanwhile, at once.
      refresh();
      wake?.();
    };
    document.addEventListener('visibilitychange', onVisibility);

    async function longPoll(): Promise<'unsupported' | 'stopped'> {
      let since: number | null = null;
      while (!stopped) {
        await untilVisible();
        if (stopped) break;
        if (Date.now() - lastRefresh > CLOCK_MS) refresh();
        controller = new AbortController();
        try {
          const answer = await api.supervisionChanges(since, controller.signal);
          if (since !== null && answer.changed) refresh();
          since = answer.lastEventId;
        } catch (e) {
          if (stopped) break;
          if (isAbort(e)) continue; // the tab was hidden: wait for it, then ask again
          if (authError.current(e)) break;
          const err = asApiError(e);
          if (err.status === 404 || err.status === 405) return 'unsupported';
          await sleep(RETRY_MS);
        }
      }
      return 'stopped';
    }

    async function plainPoll(): Promise<void> {
      while (!stopped) {
        await sleep(POLL_MS);
        await untilVisible();
        if (!stopped) refresh();
      }
    }

    void longPoll().then((how) => (how === 'unsupported' ? plainPoll() : undefined));
    return () => {
      stopped = true;
      controller?.abort();
      wake?.();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
}
