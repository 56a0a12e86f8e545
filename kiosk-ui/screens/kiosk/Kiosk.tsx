/**
 * /kiosk — the public lookup on a touchscreen (portrait 1080×1920 or landscape 1920×1080), and
 * /k/<key> — the same view on a citizen's phone, opened from the receipt's QR code.
 *
 * Three ways in, one validator (the key's check digit): the USB scanner (a keyboard burst, heard
 * anywhere on the page, no focus needed), the camera (loaded only when opened), and the on-screen
 * keypad — plus the dossier code for the summary. Vietnamese by default, English one touch away.
 * After a minute without a touch an "are you still there?" countdown, then everything is cleared for
 * the next person (language and text size included). When the server cannot be reached the kiosk
 * says so and recovers by itself.
 */
import type { ComponentType } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { KioskView, RatingGiven } from '../../../shared/contracts.ts';
import type { LookupChannel } from '../../../shared/kiosk.ts';
import { LOOKUP_KEY_LENGTH, checkLookupKey, formatLookupKey, stripLookupInput } from '../../../shared/lookup-key.ts';
import { useCentre, useTitle } from '../../components/session.ts';
import { takeKeyFromAddress } from '../../lib/address.ts';
import { api, asApiError, isAbort } from '../../lib/api.ts';
import { listenForScans } from '../../lib/scanner.ts';
import { cx } from '../../lib/status.ts';
import { ApologyBoard } from './ApologyBoard.tsx';
import { IdleNotice, KioskFooter, KioskHeader, OfflineNotice, ScanHint } from './Chrome.tsx';
import { DICTIONARIES, type Dict, LangContext, type Lang } from './i18n.ts';
import { Keypad } from './Keypad.tsx';
import { KioskResult } from './KioskResult.tsx';
import s from './kiosk.module.css';
import { useIdle } from './useIdle.ts';
import { useKioskLock } from './useKioskLock.ts';
import { useServerWatch } from './useServerWatch.ts';

const DEFAULT_IDLE_S = 60;
const WARN_MS = 15_000;
/** YYMMDD + XXXX: the part of a dossier code after this centre's agency identifier. */
const CODE_DIGITS = 10;

/** The idle time can be set per kiosk on its launch line: /kiosk?idle=90 (20 s to 10 min). */
function idleSeconds(): number {
  const raw = Number(new URLSearchParams(window.location.search).get('idle'));
  return Number.isInteger(raw) && raw >= 20 && raw <= 600 ? raw : DEFAULT_IDLE_S;
}

/** The key a phone brings in its address: /k/<key> (kept, so a reload or a bookmark shows it again). */
function keyFromPath(): string | null {
  const m = /^\/k\/([^/?#]+)/.exec(window.location.pathname);
  return m ? decodeURIComponent(m[1] ?? '') : null;
}

/** 'apologies': the public apology board (its own tab on the kiosk; /cong-khai on a phone). */
type Screen = 'home' | 'type' | 'apologies';
type Mode = 'key' | 'code';
/** A problem to show: a dictionary phrase, or a server message in both languages. */
type Problem = ((t: Dict) => string) | { readonly vi: string; readonly en: string | undefined };

const keyProblem = (digits: string, scanned: boolean): Problem | null => {
  if (digits.length === 0) return (t) => t.needDigits;
  const check = checkLookupKey(digits);
  if (check === 'valid') return null;
  if (scanned) return (t) => t.scanUnreadable;
  if (check === 'wrong-length') return (t) => t.keyLength(digits.length);
  return (t) => t.keyCheck;
};

/** "261116-0005" from the digits typed so far. */
const formatCodeDigits = (digits: string) => (digits.length > 6 ? `${digits.slice(0, 6)}-${digits.slice(6)}` : digits);

type CameraPanelType = ComponentType<{ lang: Lang; onCode: (key: string) => void; onMisread: (raw: string) => void; onClose: () => void }>;

export default function Kiosk() {
  const phoneKey = useRef(keyFromPath()).current;
  const phone = phoneKey !== null;
  const phoneRef = useRef(phone);
  const idleMs = useRef(idleSeconds() * 1000).current;
  const centre = useCentre();
  const codePrefix = centre ? `${centre.agencyId}-` : '';

  const [lang, setLang] = useState<Lang>('vi');
  const [scale, setScale] = useState(1);
  const [screen, setScreen] = useState<Screen>('home');
  const [mode, setMode] = useState<Mode>('key');
  const [digits, setDigits] = useState('');
  const [codeDigits, setCodeDigits] = useState('');
  const [loading, setLoading] = useState(false);
  const [result, setResult] = useState<KioskView | null>(null);
  /** The key behind the result on screen (the proof a rating needs); null for a code's summary. */
  const [resultKey, setResultKey] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [Camera, setCamera] = useState<CameraPanelType | null>(null);
  const [cameraOpening, setCameraOpening] = useState(false);
  const inflight = useRef<AbortController | null>(null);
  /** A lookup the network swallowed: asked again when the server is back. */
  const pending = useRef<{ text: string; via: LookupChannel } | null>(null);
  const t = DICTIONARIES[lang];
  useTitle(`${t.title} · ${DICTIONARIES[lang === 'vi' ? 'en' : 'vi'].title}`);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  /** "Look up another dossier": the start screen again, in the language and text size chosen. */
  const another = useCallback(() => {
    inflight.current?.abort();
    inflight.current = null;
    pending.current = null;
    setScreen('home');
    setMode('key');
    setDigits('');
    setCodeDigits('');
    setLoading(false);
    setResult(null);
    setResultKey(null);
    setProblem(null);
    setCamera(null);
    try {
      window.scrollTo(0, 0);
    } catch {
      /* no window to scroll */
    }
  }, []);

  /** Idle timeout: the start screen for the next person, with the language and text size put back too. */
  const resetAll = useCallback(() => {
    another();
    setLang('vi');
    setScale(1);
    try {
      (document.activeElement as HTMLElement | null)?.blur();
    } catch {
      /* nothing focused */
    }
  }, [another]);

  const query = useCallback(async (text: string, via: LookupChannel) => {
    inflight.current?.abort();
    const controller = new AbortController();
    inflight.current = controller;
    setLoading(true);
    setProblem(null);
    try {
      const view = await api.kioskLookup(text, via, controller.signal);
      if (controller.signal.aborted) return;
      pending.current = null;
      setResult(view);
      setResultKey(view.view === 'detail' ? stripLookupInput(text) : null);
      // On a phone the address is the citizen's bookmark: it follows the dossier on screen.
      if (phoneRef.current && view.view === 'detail') window.history.replaceState(null, '', `/k/${stripLookupInput(text)}`);
      setDigits('');
      setCodeDigits('');
      setCamera(null);
      try {
        window.scrollTo(0, 0);
      } catch {
        /* no window to scroll */
      }
    } catch (e) {
      if (isAbort(e) || controller.signal.aborted) return;
      const err = asApiError(e);
      if (err.code === 'NETWORK') {
        // Not the citizen's mistake: the notice says the kiosk is reconnecting, and the lookup runs
        // again by itself when it is back.
        pending.current = { text, via };
        reportOffline.current();
        return;
      }
      // The problem is shown on the entry screen; a result still on screen would belong to someone else,
      // and a camera panel that read the key would hide it.
      setCamera(null);
      setResult(null);
      setResultKey(null);
      setScreen('type');
      setProblem({ vi: err.message, en: err.messageEn });
    } finally {
      if (inflight.current === controller) {
        inflight.current = null;
        setLoading(false);
      }
    }
  }, []);

  const server = useServerWatch(() => {
    const again = pending.current;
    if (again) void query(again.text, again.via);
  });
  const reportOffline = useRef(server.report);
  reportOffline.current = server.report;

  const lookupKey = useCallback(
    (raw: string, via: LookupChannel) => {
      const key = stripLookupInput(raw);
      const bad = keyProblem(key, via === 'scanner' || via === 'camera' || via === 'link');
      if (bad && key !== '') {
        // Refused here by the check digit, but still told to the server (which refuses it the same way):
        // a failing scanner or camera shows in the supervisors' figures only if its misreads are counted.
        api.kioskLookup(key, via).catch(() => undefined);
      }
      if (bad) {
        setResult(null);
        setScreen('type');
        setMode('key');
        setProblem(() => bad);
        return;
      }
      void query(key, via);
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
      if (/^\d+$/.test(stripLookupInput(text))) lookupKey(text, 'scanner');
      else void query(text, 'scanner');
    },
    [lookupKey, query],
  );
  const scanRef = useRef(onScan);
  scanRef.current = onScan;
  useEffect(() => listenForScans(document, (payload) => scanRef.current(payload)), []);

  // Opened from a receipt's QR code (/k/<key>, or the older /kiosk?k=<key>): look it up at once.
  useEffect(() => {
    const key = phoneKey ?? takeKeyFromAddress();
    if (key) lookupKey(key, 'link');
  }, [lookupKey, phoneKey]);

  useKioskLock(!phone);

  const openCamera = () => {
    setProblem(null);
    setCameraOpening(true);
    import('./camera/CameraPanel.tsx')
      .then((m) => setCamera(() => m.default as CameraPanelType))
      .catch(() => {
        // The server is away, or it was updated and this page's chunk names are gone: a fresh page then.
        fetch('/api/health', { cache: 'no-store' })
          .then((r) => (r.ok ? window.location.reload() : server.report()))
          .catch(() => server.report());
      })
      .finally(() => setCameraOpening(false));
  };

  const submit = (event?: Event) => {
    event?.preventDefault();
    if (loading) return;
    if (mode === 'key') {
      lookupKey(digits, 'keypad');
      return;
    }
    if (codeDigits.length !== CODE_DIGITS) {
      const n = codeDigits.length;
      setProblem(() => (tt: Dict) => tt.codeLength(codePrefix, n));
      return;
    }
    void query(`${codePrefix}${formatCodeDigits(codeDigits)}`, 'code');
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
  const startTyping = (next: Mode) => {
    setScreen('type');
    switchMode(next);
  };

  const onRated = (given: RatingGiven | null) => {
    if (given && result?.view === 'detail') setResult({ ...result, rating: { ...result.rating, given } });
    else if (resultKey) void query(resultKey, 'link');
  };

  const busyWithSomething = result !== null || problem !== null || screen !== 'home' || Camera !== null || lang !== 'vi' || scale !== 1;
  const { secondsLeft, stillHere } = useIdle({ enabled: !phone && busyWithSomething && !loading, timeoutMs: idleMs, warnMs: WARN_MS, onTimeout: resetAll });

  const problemText = problem ? (typeof problem === 'function' ? problem(t) : lang === 'en' ? (problem.en ?? problem.vi) : problem.vi) : null;

  return (
    <LangContext.Provider value={lang}>
      <div class={cx(s.page, phone && s.pagePhone)}>
        <KioskHeader centre={centre} onToggleLang={() => setLang((l) => (l === 'vi' ? 'en' : 'vi'))} scale={scale} onScale={setScale} />
        <main class={cx(s.main, result && s.mainResult)} style={{ zoom: scale }} data-screen={result ? 'result' : screen}>
          {result ? (
            <>
              <button type="button" class={s.back} onClick={() => (phone ? (setResult(null), setScreen('type')) : another())} data-testid="kiosk-back">
                <BackArrow />
                <span>{t.lookUpAnother}</span>
              </button>
              <KioskResult view={result} lookupKey={resultKey} onRated={onRated} />
              {!phone && <ScanHint compact />}
            </>
          ) : screen === 'home' && !phone ? (
            <div class={s.home} data-testid="kiosk-home">
              <div class={s.hero}>
                <h1 class={s.title}>{t.title}</h1>
                <p class={s.titleEn}>{t.subtitle}</p>
              </div>
              <ScanHint />
              <div class={s.homeSide}>
                <p class={s.or} aria-hidden="true">
                  <span>{t.orChoose}</span>
                </p>
                <div class={s.ways}>
                  <button type="button" class={s.way} onClick={() => startTyping('key')} data-testid="kiosk-way-keypad">
                    <WayIcon d="M5 5h6v6H5zM13 5h6v6h-6zM21 5h6v6h-6zM5 13h6v6H5zM13 13h6v6h-6zM21 13h6v6h-6zM13 21h6v6h-6z" />
                    <span class={s.wayText}>
                      <strong>{t.useKeypad}</strong>
                      <span>{t.useKeypadSub}</span>
                    </span>
                  </button>
                  <button type="button" class={s.way} onClick={openCamera} disabled={cameraOpening} data-testid="kiosk-camera-open">
                    <WayIcon d="M4 10h5l2-3h10l2 3h5v16H4zM16 12a5.5 5.5 0 1 0 0 11a5.5 5.5 0 1 0 0-11" />
                    <span class={s.wayText}>
                      <strong>{cameraOpening ? t.cameraLoading : t.useCamera}</strong>
                      <span>{t.useCameraSub}</span>
                    </span>
                  </button>
                  <button type="button" class={cx(s.way, s.wayMinor)} onClick={() => startTyping('code')} data-testid="kiosk-way-code">
                    <WayIcon d="M7 4h14l5 5v19H7zM11 14h11M11 19h11M11 24h7" />
                    <span class={s.wayText}>
                      <strong>{t.useCode}</strong>
                      <span>{t.useCodeSub}</span>
                    </span>
                  </button>
                  <button
                    type="button"
                    class={cx(s.way, s.wayMinor)}
                    onClick={() => {
                      setProblem(null);
                      setScreen('apologies');
                    }}
                    data-testid="kiosk-way-apologies"
                  >
                    <WayIcon d="M4 8h24v17H4zM4 8l12 10 12-10M4 25l9-8M28 25l-9-8" />
                    <span class={s.wayText}>
                      <strong>{t.boardOpen}</strong>
                      <span>{t.boardOpenSub}</span>
                    </span>
                  </button>
                </div>
              </div>
            </div>
          ) : screen === 'apologies' && !phone ? (
            <div class={s.typeScreen}>
              <button type="button" class={s.back} onClick={another} data-testid="kiosk-board-back">
                <BackArrow />
                <span>{t.back}</span>
              </button>
              <ApologyBoard />
              <ScanHint compact />
            </div>
          ) : (
            <div class={s.typeScreen}>
              {!phone && (
                <button type="button" class={s.back} onClick={another} data-testid="kiosk-home-back">
                  <BackArrow />
                  <span>{t.back}</span>
                </button>
              )}
              {phone ? (
                <div class={s.hero}>
                  <h1 class={s.title}>{t.phoneTitle}</h1>
                </div>
              ) : (
                <h1 class={s.visuallyHidden}>{t.title}</h1>
              )}
              <form class={s.entry} onSubmit={submit} noValidate>
                <div class={s.entryField}>
                  <div class={s.tabs} role="tablist" aria-label={t.tabsLabel}>
                    <button type="button" role="tab" aria-selected={mode === 'key'} class={cx(s.tab, mode === 'key' && s.tabOn)} onClick={() => switchMode('key')} data-testid="kiosk-mode-key">
                      {t.tabKey}
                    </button>
                    <button type="button" role="tab" aria-selected={mode === 'code'} class={cx(s.tab, mode === 'code' && s.tabOn)} onClick={() => switchMode('code')} data-testid="kiosk-mode-code">
                      {t.tabCode}
                    </button>
                  </div>

                  {mode === 'key' ? (
                    <label class={s.fieldWrap}>
                      <span class={s.fieldLabelRow}>
                        <span class={s.fieldLabel}>{t.keyLabel}</span>
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
                            // Spaces, dashes and dots as printed are forgiven: only the digits count.
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
                      <span class={s.fieldLabel}>{t.codeLabel}</span>
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

                  {problemText && (
                    <div class={s.problem} role="alert" data-testid="kiosk-error">
                      <svg width="36" height="36" viewBox="0 0 36 36" aria-hidden="true" class={s.problemIcon}>
                        <circle cx="18" cy="18" r="16" fill="currentColor" />
                        <path d="M18 9v11" stroke="#fff" stroke-width="3.4" stroke-linecap="round" />
                        <circle cx="18" cy="26" r="2.1" fill="#fff" />
                      </svg>
                      <p class={s.problemVi}>{problemText}</p>
                    </div>
                  )}
                  {phone && (
                    <button type="button" class={cx(s.way, s.wayInline)} onClick={openCamera} disabled={cameraOpening} data-testid="kiosk-camera-open">
                      <WayIcon d="M4 10h5l2-3h10l2 3h5v16H4zM16 12a5.5 5.5 0 1 0 0 11a5.5 5.5 0 1 0 0-11" />
                      <span class={s.wayText}>
                        <strong>{cameraOpening ? t.cameraLoading : t.useCamera}</strong>
                      </span>
                    </button>
                  )}
                </div>

                <div class={s.entryPad}>
                  <Keypad onDigit={onDigit} onDelete={onDelete} onClear={onClear} disabled={loading} />
                  <button type="submit" class={s.submit} data-testid="kiosk-submit" disabled={loading}>
                    {loading ? t.searching : t.submit}
                  </button>
                </div>
              </form>
            </div>
          )}
        </main>
        <KioskFooter centre={centre} />
        {loading && (
          <div class={s.searching} role="status" data-testid="kiosk-searching">
            {t.searching}
          </div>
        )}
        {Camera && (
          <Camera
            lang={lang}
            onCode={(key) => lookupKey(key, 'camera')}
            onMisread={(raw) => {
              api.kioskLookup(raw.slice(0, 64), 'camera').catch(() => undefined);
            }}
            onClose={() => setCamera(null)}
          />
        )}
        {server.offline && <OfflineNotice />}
        {secondsLeft !== null && <IdleNotice seconds={secondsLeft} onContinue={stillHere} />}
      </div>
    </LangContext.Provider>
  );
}

function BackArrow() {
  return (
    <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true">
      <path d="M17 6 9 14l8 8" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

function WayIcon({ d }: { readonly d: string }) {
  return (
    <svg class={s.wayIcon} width="48" height="48" viewBox="0 0 32 32" aria-hidden="true">
      <path d={d} fill="none" stroke="currentColor" stroke-width="2.2" stroke-linejoin="round" stroke-linecap="round" />
    </svg>
  );
}
