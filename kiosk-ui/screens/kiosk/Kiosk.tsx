/**
 * /kiosk — the public lookup on a portrait touchscreen (and on a phone). Three ways in, one validator:
 * the USB scanner (a keyboard burst, heard anywhere on the page), the on-screen keypad, and a typed
 * dossier code. After a minute without a touch everything is cleared for the next person.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { takeKeyFromAddress } from '../../lib/address.ts';
import type { KioskView } from '../../../shared/contracts.ts';
import { LOOKUP_KEY_LENGTH, checkLookupKey, formatLookupKey, stripLookupInput } from '../../../shared/lookup-key.ts';
import { useCentre, useTitle } from '../../components/session.ts';
import { api, asApiError, isAbort } from '../../lib/api.ts';
import { listenForScans } from '../../lib/scanner.ts';
import { cx } from '../../lib/status.ts';
import { IdleNotice, KioskFooter, KioskHeader, ScanHint } from './Chrome.tsx';
import { Keypad } from './Keypad.tsx';
import { KioskResult } from './KioskResult.tsx';
import s from './kiosk.module.css';
import { useIdle } from './useIdle.ts';

const IDLE_MS = 60_000;
const WARN_MS = 10_000;
/** YYMMDD + XXXX: the part of a dossier code after this centre's agency identifier. */
const CODE_DIGITS = 10;

type Mode = 'key' | 'code';
interface Problem {
  readonly vi: string;
  readonly en?: string | undefined;
}

const keyProblem = (digits: string, scanned: boolean): Problem | null => {
  if (digits.length === 0) {
    return { vi: 'Vui lòng nhập 16 chữ số in dưới mã vạch, hoặc quét mã vạch.', en: 'Please enter the 16 digits printed under the barcode, or scan it.' };
  }
  const check = checkLookupKey(digits);
  if (check === 'valid') return null;
  if (scanned) {
    return { vi: 'Không đọc được mã vạch. Vui lòng quét lại, giữ giấy hẹn thẳng và yên.', en: 'The barcode could not be read. Please scan again, holding the receipt flat and still.' };
  }
  if (check === 'wrong-length') {
    return {
      vi: `Mã tra cứu gồm 16 chữ số; ông/bà đã nhập ${digits.length} chữ số.`,
      en: `The lookup key has 16 digits; you entered ${digits.length}.`,
    };
  }
  return {
    vi: 'Mã tra cứu chưa đúng: có thể một chữ số bị nhập nhầm. Vui lòng so lại với 16 chữ số in dưới mã vạch.',
    en: 'This key is not right: a digit may be mistyped. Please compare it with the 16 digits under the barcode.',
  };
};

/** "261116-0005" from the digits typed so far. */
const formatCodeDigits = (digits: string) => (digits.length > 6 ? `${digits.slice(0, 6)}-${digits.slice(6)}` : digits);

export default function Kiosk() {
  useTitle('Tra cứu hồ sơ · Track your dossier');
  const centre = useCentre();
  const codePrefix = centre ? `${centre.agencyId}-` : '';

  const [mode, setMode] = useState<Mode>('key');
  const [digits, setDigits] = useState('');
  const [codeDigits, setCodeDigits] = useState('');
  const [loading, setLoading] = useState(false);
  const [result, setResult] = useState<KioskView | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const inflight = useRef<AbortController | null>(null);

  const resetAll = useCallback(() => {
    inflight.current?.abort();
    inflight.current = null;
    setMode('key');
    setDigits('');
    setCodeDigits('');
    setLoading(false);
    setResult(null);
    setProblem(null);
    try {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
    } catch {
      /* nothing focused or no window to scroll */
    }
  }, []);

  const query = useCallback(async (text: string) => {
    inflight.current?.abort();
    const controller = new AbortController();
    inflight.current = controller;
    setLoading(true);
    setProblem(null);
    try {
      const view = await api.kioskLookup(text, controller.signal);
      if (controller.signal.aborted) return;
      setResult(view);
      setDigits('');
      setCodeDigits('');
      try {
        window.scrollTo(0, 0);
      } catch {
        /* no window to scroll */
      }
    } catch (e) {
      if (isAbort(e) || controller.signal.aborted) return;
      const err = asApiError(e);
      // The problem is shown on the entry screen; a result still on screen would belong to someone else.
      setResult(null);
      setProblem({ vi: err.message, en: err.messageEn });
    } finally {
      if (inflight.current === controller) {
        inflight.current = null;
        setLoading(false);
      }
    }
  }, []);

  const lookupKey = useCallback(
    (raw: string, scanned: boolean) => {
      const key = stripLookupInput(raw);
      const bad = keyProblem(key, scanned);
      if (bad) {
        setResult(null);
        setProblem(bad);
        return;
      }
      void query(key);
    },
    [query],
  );

  const onScan = useCallback(
    (payload: string) => {
      // The burst also landed in whatever input had focus: the scan replaces what was typed. A result
      // on screen stays until the new one arrives (no flash of the start screen between two scans).
      setDigits('');
      setCodeDigits('');
      // Digits are a lookup key (checked here first); anything else, e.g. a dossier code, goes to the server.
      const text = payload.trim();
      if (/^\d+$/.test(stripLookupInput(text))) lookupKey(text, true);
      else void query(text);
    },
    [lookupKey, query],
  );
  const scanRef = useRef(onScan);
  scanRef.current = onScan;
  useEffect(() => listenForScans(document, (payload) => scanRef.current(payload)), []);
  // Opened from a receipt's QR code: look the key up at once, as if it had been scanned.
  useEffect(() => {
    const key = takeKeyFromAddress();
    if (key) lookupKey(key, true);
  }, [lookupKey]);

  const submit = (event?: Event) => {
    event?.preventDefault();
    if (loading) return;
    if (mode === 'key') {
      lookupKey(digits, false);
      return;
    }
    if (codeDigits.length !== CODE_DIGITS) {
      setProblem({
        vi: `Mã hồ sơ có dạng ${codePrefix || '…-'}YYMMDD-XXXX: sau phần đầu cần đủ 10 chữ số (đã nhập ${codeDigits.length}).`,
        en: `A dossier code ends in 10 digits (YYMMDD-XXXX); you entered ${codeDigits.length}.`,
      });
      return;
    }
    void query(`${codePrefix}${formatCodeDigits(codeDigits)}`);
  };

  const maxDigits = mode === 'key' ? LOOKUP_KEY_LENGTH : CODE_DIGITS;
  const setCurrent = mode === 'key' ? setDigits : setCodeDigits;
  const onDigit = (d: string) => {
    setProblem(null);
    setCurrent((v) => (v.length >= maxDigits ? v : v + d));
  };
  const onDelete = () => {
    setProblem(null);
    setCurrent((v) => v.slice(0, -1));
  };
  const onClear = () => {
    setProblem(null);
    setCurrent('');
  };
  const switchMode = (next: Mode) => {
    setMode(next);
    setProblem(null);
  };

  const busyWithSomething = result !== null || problem !== null || digits !== '' || codeDigits !== '' || mode !== 'key';
  const { secondsLeft, stillHere } = useIdle({ enabled: busyWithSomething && !loading, timeoutMs: IDLE_MS, warnMs: WARN_MS, onTimeout: resetAll });

  return (
    <div class={s.page}>
      <KioskHeader centre={centre} />
      <main class={s.main}>
        {result ? (
          <>
            <button type="button" class={s.back} onClick={resetAll} data-testid="kiosk-back">
              <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true">
                <path d="M17 6 9 14l8 8" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" stroke-linejoin="round" />
              </svg>
              <span>
                Tra cứu hồ sơ khác <span lang="en">/ Look up another dossier</span>
              </span>
            </button>
            <KioskResult view={result} />
            <ScanHint compact />
          </>
        ) : (
          <>
            <div class={s.hero}>
              <h1 class={s.title}>Tra cứu hồ sơ</h1>
              <p class={s.titleEn} lang="en">
                Track your dossier
              </p>
            </div>
            <ScanHint />
            <div class={s.or} aria-hidden="true">
              <span>
                hoặc nhập mã <span lang="en">/ or type it</span>
              </span>
            </div>
            <form class={s.entry} onSubmit={submit} noValidate>
              <div class={s.tabs} role="tablist" aria-label="Cách tra cứu / How to look up">
                <button type="button" role="tab" aria-selected={mode === 'key'} class={cx(s.tab, mode === 'key' && s.tabOn)} onClick={() => switchMode('key')} data-testid="kiosk-mode-key">
                  <span>Mã tra cứu 16 số</span>
                  <span lang="en">16-digit key</span>
                </button>
                <button type="button" role="tab" aria-selected={mode === 'code'} class={cx(s.tab, mode === 'code' && s.tabOn)} onClick={() => switchMode('code')} data-testid="kiosk-mode-code">
                  <span>Mã hồ sơ</span>
                  <span lang="en">Dossier code</span>
                </button>
              </div>

              {mode === 'key' ? (
                <label class={s.fieldWrap}>
                  <span class={s.fieldLabelRow}>
                    <span class={s.fieldLabel}>
                      16 chữ số in dưới mã vạch <span lang="en">/ the 16 digits under the barcode</span>
                    </span>
                    <span class={s.fieldCount} aria-live="polite">
                      {digits.length}/{LOOKUP_KEY_LENGTH}
                    </span>
                  </span>
                  <span class={s.field}>
                    <input
                      class={s.fieldInput}
                      data-testid="kiosk-key-input"
                      inputMode="numeric"
                      autocomplete="off"
                      spellcheck={false}
                      placeholder="0000 0000 0000 0000"
                      value={formatLookupKey(digits)}
                      onInput={(e) => {
                        const next = e.currentTarget.value.replace(/\D/g, '').slice(0, LOOKUP_KEY_LENGTH);
                        e.currentTarget.value = formatLookupKey(next);
                        setDigits(next);
                        setProblem(null);
                      }}
                    />
                  </span>
                </label>
              ) : (
                <label class={s.fieldWrap}>
                  <span class={s.fieldLabel}>
                    Mã hồ sơ trên giấy hẹn <span lang="en">/ the dossier code on your receipt</span>
                  </span>
                  <span class={s.field}>
                    {codePrefix && <span class={s.fieldPrefix}>{codePrefix}</span>}
                    <input
                      class={cx(s.fieldInput, s.fieldInputCode)}
                      data-testid="kiosk-code-input"
                      inputMode="numeric"
                      autocomplete="off"
                      spellcheck={false}
                      placeholder="YYMMDD-XXXX"
                      value={formatCodeDigits(codeDigits)}
                      onInput={(e) => {
                        const raw = e.currentTarget.value;
                        const rest = codePrefix && raw.toUpperCase().startsWith(codePrefix) ? raw.slice(codePrefix.length) : raw;
                        const next = rest.replace(/\D/g, '').slice(0, CODE_DIGITS);
                        e.currentTarget.value = formatCodeDigits(next);
                        setCodeDigits(next);
                        setProblem(null);
                      }}
                    />
                  </span>
                </label>
              )}

              {problem && (
                <div class={s.problem} role="alert" data-testid="kiosk-error">
                  <svg width="36" height="36" viewBox="0 0 36 36" aria-hidden="true" class={s.problemIcon}>
                    <circle cx="18" cy="18" r="16" fill="currentColor" />
                    <path d="M18 9v11" stroke="#fff" stroke-width="3.4" stroke-linecap="round" />
                    <circle cx="18" cy="26" r="2.1" fill="#fff" />
                  </svg>
                  <div>
                    <p class={s.problemVi}>{problem.vi}</p>
                    {problem.en && (
                      <p class={s.problemEn} lang="en">
                        {problem.en}
                      </p>
                    )}
                  </div>
                </div>
              )}

              <Keypad onDigit={onDigit} onDelete={onDelete} onClear={onClear} disabled={loading} />

              <button type="submit" class={s.submit} data-testid="kiosk-submit" disabled={loading}>
                {loading ? (
                  <span>
                    Đang tra cứu… <span lang="en">/ Searching…</span>
                  </span>
                ) : (
                  <span>
                    Tra cứu <span lang="en">/ Look up</span>
                  </span>
                )}
              </button>
            </form>
          </>
        )}
      </main>
      <KioskFooter centre={centre} />
      {loading && result && (
        <div class={s.searching} role="status">
          Đang tra cứu… <span lang="en">/ Searching…</span>
        </div>
      )}
      {secondsLeft !== null && <IdleNotice seconds={secondsLeft} onContinue={stillHere} />}
    </div>
  );
}
