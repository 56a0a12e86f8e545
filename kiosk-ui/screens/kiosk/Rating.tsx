/**
 * The citizen's rating, once the result is in their hands: five faces (one-stop rules §6, the 5-level
 * scale), optional reasons from a fixed list, one rating per dossier. Once given it is shown, not
 * offered again; a second attempt from another screen gets the server's polite refusal.
 */
import { useState } from 'preact/hooks';
import type { KioskDetail, RatingGiven } from '../../../shared/contracts.ts';
import { RATING_LEVELS, RATING_LEVEL_KEYS, RATING_REASONS, RATING_REASON_KEYS, type RatingLevel, type RatingReason } from '../../../shared/kiosk.ts';
import { api, asApiError } from '../../lib/api.ts';
import { shortTime } from '../../lib/format.ts';
import { cx } from '../../lib/status.ts';
import { useText } from './i18n.ts';
import s from './kiosk.module.css';

/** The mouth of each face, from a broad smile to a frown (eyes are shared). */
const MOUTH: Record<RatingLevel, string> = {
  very_satisfied: 'M12 25q8 8 16 0',
  satisfied: 'M13 26q7 5 14 0',
  neutral: 'M13 27h14',
  dissatisfied: 'M13 29q7-5 14 0',
  very_dissatisfied: 'M12 30q8-8 16 0',
};

function Face({ level }: { readonly level: RatingLevel }) {
  return (
    <svg width="56" height="56" viewBox="0 0 40 40" aria-hidden="true" class={s.faceIcon}>
      <circle cx="20" cy="20" r="17" fill="none" stroke="currentColor" stroke-width="2.6" />
      <circle cx="14" cy="16" r="2.3" fill="currentColor" />
      <circle cx="26" cy="16" r="2.3" fill="currentColor" />
      <path d={MOUTH[level]} fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" />
    </svg>
  );
}

interface Props {
  readonly rating: KioskDetail['rating'];
  readonly lookupKey: string;
  /** The rating as stored; null when the server refused it as already given (the caller reloads). */
  readonly onRated: (given: RatingGiven | null) => void;
}

export function Rating({ rating, lookupKey, onRated }: Props) {
  const { t, lang } = useText();
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [reasons, setReasons] = useState<readonly RatingReason[]>([]);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [thanked, setThanked] = useState(false);

  if (rating.given) {
    return (
      <section class={s.rating} data-testid="kiosk-rating-given" aria-labelledby="kiosk-rating-title">
        <h3 id="kiosk-rating-title" class={s.ratingTitle}>
          {thanked ? t.rateThanks : t.rateGiven}
        </h3>
        <p class={s.ratingGiven}>
          <span class={cx(s.face, s[`face-${rating.given.level}`], s.faceOn)}>
            <Face level={rating.given.level} />
          </span>
          <span>
            <strong>{RATING_LEVELS[rating.given.level][lang]}</strong> · {shortTime(rating.given.at)}
          </span>
        </p>
        <p class={s.ratingNote}>{t.rateOnce}</p>
      </section>
    );
  }

  const toggle = (r: RatingReason) => setReasons((list) => (list.includes(r) ? list.filter((x) => x !== r) : [...list, r]));
  const send = async () => {
    if (!level) {
      setProblem(t.rateChooseLevel);
      return;
    }
    setSending(true);
    setProblem(null);
    try {
      const given = await api.kioskRate({ key: lookupKey, level, reasons: [...reasons] });
      setThanked(true);
      onRated(given);
    } catch (e) {
      const err = asApiError(e);
      setProblem(lang === 'en' ? (err.messageEn ?? err.message) : err.message);
      // Already rated (from another screen): show what was given.
      if (err.code === 'ALREADY_RATED') onRated(null);
    } finally {
      setSending(false);
    }
  };

  return (
    <section class={s.rating} data-testid="kiosk-rating" aria-labelledby="kiosk-rating-title">
      <h3 id="kiosk-rating-title" class={s.ratingTitle}>
        {t.rateTitle}
      </h3>
      <p class={s.ratingQuestion}>{t.rateQuestion}</p>
      <div class={s.faces} role="radiogroup" aria-labelledby="kiosk-rating-title">
        {RATING_LEVEL_KEYS.map((key) => (
          <button
            key={key}
            type="button"
            role="radio"
            aria-checked={level === key}
            class={cx(s.face, s[`face-${key}`], level === key && s.faceOn)}
            onClick={() => {
              setLevel(key);
              setProblem(null);
            }}
            data-testid={`kiosk-rate-${key}`}
          >
            <Face level={key} />
            <span class={s.faceLabel}>{RATING_LEVELS[key][lang]}</span>
          </button>
        ))}
      </div>
      {level && (
        <fieldset class={s.reasons}>
          <legend class={s.reasonsTitle}>{t.rateReasons}</legend>
          <div class={s.reasonList}>
            {RATING_REASON_KEYS.map((r) => (
              <button key={r} type="button" aria-pressed={reasons.includes(r)} class={cx(s.reason, reasons.includes(r) && s.reasonOn)} onClick={() => toggle(r)} data-testid={`kiosk-reason-${r}`}>
                {RATING_REASONS[r][lang]}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      {problem && (
        <p class={s.ratingProblem} role="alert" data-testid="kiosk-rating-error">
          {problem}
        </p>
      )}
      <button type="button" class={s.submit} onClick={() => void send()} disabled={sending} data-testid="kiosk-rate-send">
        {sending ? t.rateSending : t.rateSend}
      </button>
      <p class={s.ratingNote}>{t.rateOnce}</p>
    </section>
  );
}
