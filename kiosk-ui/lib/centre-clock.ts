/**
 * The centre's clock as the server keeps it. Live, the screens keep reading the browser's clock as
 * before; in training mode the server's clock is the training clock (started at `--clock`, moved by
 * an administrator), so the screens learn its offset from GET /api/training and ask again often
 * enough that a move shows within seconds. One poll per page, shared by every component.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.ts';
import { serverSkewMs } from './minute.ts';

export interface CentreClockState {
  /** The server runs a training database. */
  readonly training: boolean;
  /** Server clock minus the browser's (0 when live). */
  readonly offsetMs: number;
}

const TRAINING_POLL_MS = 10_000;
const LIVE_POLL_MS = 5 * 60_000;

let state: CentreClockState = { training: false, offsetMs: 0 };
const listeners = new Set<(s: CentreClockState) => void>();
let timer: number | undefined;

async function poll(): Promise<void> {
  window.clearTimeout(timer);
  try {
    const answer = await api.training();
    const next = { training: answer.training, offsetMs: answer.training ? serverSkewMs(answer.now, Date.now()) : 0 };
    if (next.training !== state.training || Math.abs(next.offsetMs - state.offsetMs) > 1500) {
      state = next;
      for (const l of listeners) l(state);
    }
  } catch {
    // The server is out of reach: keep what is known; the screens say so in their own way.
  }
  timer = window.setTimeout(() => void poll(), state.training ? TRAINING_POLL_MS : LIVE_POLL_MS);
}

let started = false;
function start(): void {
  if (started) return;
  started = true;
  void poll();
  // A hidden tab's timers are slowed: coming back asks at once.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void poll();
  });
}

/** The centre's time now (the training clock's in training mode). */
export function centreNow(): Date {
  return new Date(Date.now() + state.offsetMs);
}

/** Whether the server is in training mode, re-rendering when that or the training clock changes. */
export function useCentreClock(): CentreClockState {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    start();
    listeners.add(setCurrent);
    setCurrent(state);
    return () => void listeners.delete(setCurrent);
  }, []);
  return current;
}

/** The centre's time, refreshed every `everyMs`. */
export function useCentreNow(everyMs: number): Date {
  const clock = useCentreClock();
  const [now, setNow] = useState(centreNow);
  useEffect(() => {
    setNow(centreNow());
    const t = window.setInterval(() => setNow(centreNow()), everyMs);
    return () => window.clearInterval(t);
  }, [everyMs, clock]);
  return now;
}
