/**
 * Whether the kiosk can reach its server. A kiosk stands alone for days: when the network or the
 * server goes away it must say so (not show a stale dossier or a browser error page) and come back by
 * itself. Checked every 30 s while all is well — so the notice is up before the next citizen scans —
 * and every 3 s while it is not; `report()` lets a failed lookup raise the notice at once.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

const HEALTHY_EVERY_MS = 30_000;
const OFFLINE_EVERY_MS = 3_000;
const TIMEOUT_MS = 4_000;

async function reachable(): Promise<boolean> {
  const controller = new AbortController();
  const timer = window.setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch('/api/health', { cache: 'no-store', signal: controller.signal });
    return response.ok;
  } catch {
    return false;
  } finally {
    window.clearTimeout(timer);
  }
}

export function useServerWatch(onBack: () => void): { offline: boolean; report: () => void } {
  const [offline, setOffline] = useState(false);
  const onBackRef = useRef(onBack);
  onBackRef.current = onBack;
  const offlineRef = useRef(false);

  const set = useCallback((value: boolean) => {
    const was = offlineRef.current;
    offlineRef.current = value;
    setOffline(value);
    if (was && !value) onBackRef.current();
  }, []);

  useEffect(() => {
    let live = true;
    let timer = 0;
    const tick = async () => {
      const ok = await reachable();
      if (!live) return;
      set(!ok);
      timer = window.setTimeout(() => void tick(), ok ? HEALTHY_EVERY_MS : OFFLINE_EVERY_MS);
    };
    timer = window.setTimeout(() => void tick(), offline ? OFFLINE_EVERY_MS : HEALTHY_EVERY_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
    // Restarted when the state flips, so the pace follows it.
  }, [offline, set]);

  return { offline, report: useCallback(() => set(true), [set]) };
}
