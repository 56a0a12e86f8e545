/**
 * localStorage, for conveniences only (a counter's usual channel). It throws in private windows, when
 * full, or when disabled by policy; none of that may break a screen, so every access is guarded.
 * Never store anything personal here: counter PCs are shared.
 */
const PREFIX = 'motcua.';

export function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(PREFIX + key);
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: string): void {
  try {
    window.localStorage.setItem(PREFIX + key, value);
  } catch {
    /* storage unavailable: the convenience is lost, nothing else */
  }
}
