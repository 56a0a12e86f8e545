/**
 * A public kiosk must not become a browser: no context menu, no dragging images out, no back
 * gesture or Alt+← to the previous site, no links away, no pinch or Ctrl+wheel zoom (the text size
 * control is the way to enlarge). The browser's own kiosk mode (README: the launch line) removes the
 * address bar and tabs; this removes what is left inside the page. Off on a citizen's own phone.
 */
import { useEffect } from 'preact/hooks';

/** Key combinations that navigate, open or print rather than type. */
function navigates(e: KeyboardEvent): boolean {
  if (e.key === 'BrowserBack' || e.key === 'BrowserForward' || e.key === 'BrowserHome' || e.key === 'F1' || e.key === 'F3' || e.key === 'F6' || e.key === 'F7' || e.key === 'F11' || e.key === 'F12') return true;
  if (e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home')) return true;
  if ((e.ctrlKey || e.metaKey) && /^[lnotpsujhdgfw+=\-0]$/i.test(e.key)) return true;
  return false;
}

export function useKioskLock(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const stop = (e: Event) => e.preventDefault();
    const onKey = (e: KeyboardEvent) => {
      if (navigates(e)) e.preventDefault();
    };
    const onWheel = (e: WheelEvent) => {
      if (e.ctrlKey) e.preventDefault();
    };
    const onClick = (e: MouseEvent) => {
      const link = e.target instanceof Element ? e.target.closest('a[href]') : null;
      if (link) e.preventDefault();
    };
    // A back gesture pops this entry and lands on the same page again.
    const here = () => window.history.pushState({ kiosk: true }, '', window.location.href);
    here();
    window.addEventListener('popstate', here);
    document.addEventListener('contextmenu', stop);
    document.addEventListener('dragstart', stop);
    document.addEventListener('selectstart', stop);
    document.addEventListener('keydown', onKey);
    document.addEventListener('click', onClick, true);
    document.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      window.removeEventListener('popstate', here);
      document.removeEventListener('contextmenu', stop);
      document.removeEventListener('dragstart', stop);
      document.removeEventListener('selectstart', stop);
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('click', onClick, true);
      document.removeEventListener('wheel', onWheel);
    };
  }, [enabled]);
}
