/**
 * Keyboard-wedge barcode scanners type the code like a keyboard: a burst of keystrokes, far faster and
 * more even than a person, ending in Enter. The detector tells the two apart from key timings alone,
 * so it is pure (times are passed in) and testable without a browser:
 *
 *   scanner  ≈ 5–40 ms between keys, 16 digits, Enter (cheap scanners and USB hubs run at 30–40 ms)
 *   person   ≈ 60–250 ms between keys (fast typists burst a pair at ~40 ms, never a whole run)
 *
 * A scan needs at least `minLength` characters, a median gap of at most `maxMedianGapMs` and no gap
 * above `maxGapMs` (the Enter included). A slower gap starts a new burst, so a person who types a
 * few digits and then lets a scanner finish is not glued into one payload.
 *
 * Digits are the payload of MotCua receipts on purpose: keyboard layouts, Caps Lock and Vietnamese
 * input methods (Telex/VNI) rewrite letters, never digits.
 */
export interface WedgeOptions {
  /** Shortest payload (Enter not counted) taken as a scan. Default 6. */
  readonly minLength?: number;
  /** Largest median gap between keys, in ms. Default 45 (a person's median is 60 ms or more). */
  readonly maxMedianGapMs?: number;
  /** Largest single gap between keys, in ms; a longer pause starts a new burst. Default 100. */
  readonly maxGapMs?: number;
}

export interface WedgeDetector {
  /**
   * Feed every keydown: `key` as in `KeyboardEvent.key`, `timeMs` from a monotonic clock
   * (`event.timeStamp`). Returns true when this key — an Enter — completed a scan: `onScan` has then
   * been called, and the caller should swallow the Enter so it does not also submit a form.
   */
  handleKey(key: string, timeMs: number): boolean;
  /** Forget the keys seen so far. */
  reset(): void;
}

/** Keys a scanner may press around the payload without breaking the burst (Shift for capitals). */
const IGNORED_KEYS = new Set(['Shift', 'CapsLock', 'NumLock']);
const MAX_BUFFER = 128;

export function createWedgeDetector(onScan: (payload: string) => void, options: WedgeOptions = {}): WedgeDetector {
  const minLength = options.minLength ?? 6;
  const maxMedianGapMs = options.maxMedianGapMs ?? 45;
  const maxGapMs = options.maxGapMs ?? 100;

  let chars: string[] = [];
  let times: number[] = [];

  const reset = () => {
    chars = [];
    times = [];
  };

  const isBurst = (stamps: readonly number[]): boolean => {
    const gaps: number[] = [];
    for (let i = 1; i < stamps.length; i++) gaps.push((stamps[i] ?? 0) - (stamps[i - 1] ?? 0));
    if (gaps.length === 0) return false;
    if (gaps.some((g) => g < 0 || g > maxGapMs)) return false;
    gaps.sort((a, b) => a - b);
    const mid = gaps.length >> 1;
    const median = gaps.length % 2 ? (gaps[mid] ?? 0) : ((gaps[mid - 1] ?? 0) + (gaps[mid] ?? 0)) / 2;
    return median <= maxMedianGapMs;
  };

  return {
    handleKey(key, timeMs) {
      if (IGNORED_KEYS.has(key)) return false;
      const last = times[times.length - 1];
      if (key === 'Enter') {
        const payload = chars.join('');
        const scanned = chars.length >= minLength && last !== undefined && isBurst([...times, timeMs]);
        reset();
        if (scanned) onScan(payload);
        return scanned;
      }
      // Backspace, Tab, arrows, IME "Process"…: a person is at the keyboard.
      if (key.length !== 1) {
        reset();
        return false;
      }
      if (last !== undefined && (timeMs - last > maxGapMs || timeMs < last)) reset();
      chars.push(key);
      times.push(timeMs);
      if (chars.length > MAX_BUFFER) {
        chars.shift();
        times.shift();
      }
      return false;
    },
    reset,
  };
}

/**
 * Listens for scans on a whole document, whatever has focus. Capture phase, so the Enter that ends a
 * scan is swallowed before a focused form sees it. Returns the function that stops listening.
 */
export function listenForScans(target: Document, onScan: (payload: string) => void, options: WedgeOptions = {}): () => void {
  const detector = createWedgeDetector(onScan, options);
  const onKeyDown = (event: KeyboardEvent) => {
    try {
      // Auto-repeat of a held key is as fast as a scanner; shortcuts and IME composition are people.
      if (event.repeat || event.isComposing || event.ctrlKey || event.altKey || event.metaKey) {
        detector.reset();
        return;
      }
      if (detector.handleKey(event.key, event.timeStamp)) {
        event.preventDefault();
        event.stopPropagation();
      }
    } catch {
      detector.reset();
    }
  };
  try {
    target.addEventListener('keydown', onKeyDown, true);
  } catch {
    return () => {};
  }
  return () => {
    try {
      target.removeEventListener('keydown', onKeyDown, true);
    } catch {
      /* the document is gone: nothing to remove */
    }
  };
}
