/** The on-screen number pad: large keys with gaps, for fingers that are not young. */
import { useText } from './i18n.ts';
import s from './kiosk.module.css';

interface Props {
  readonly onDigit: (digit: string) => void;
  readonly onDelete: () => void;
  readonly onClear: () => void;
  readonly disabled?: boolean;
}

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export function Keypad({ onDigit, onDelete, onClear, disabled = false }: Props) {
  const { t } = useText();
  return (
    <div class={s.keypad} role="group" aria-label={t.keypadLabel}>
      {DIGITS.map((d) => (
        <button key={d} type="button" class={s.key} onClick={() => onDigit(d)} disabled={disabled} data-testid={`kiosk-digit-${d}`}>
          {d}
        </button>
      ))}
      <button type="button" class={`${s.key} ${s.keyAction}`} onClick={onClear} disabled={disabled} data-testid="kiosk-clear">
        <span>{t.clearAll}</span>
      </button>
      <button type="button" class={s.key} onClick={() => onDigit('0')} disabled={disabled} data-testid="kiosk-digit-0">
        0
      </button>
      <button type="button" class={`${s.key} ${s.keyAction}`} onClick={onDelete} disabled={disabled} aria-label={t.deleteOneLabel} data-testid="kiosk-delete">
        <svg width="40" height="28" viewBox="0 0 40 28" aria-hidden="true">
          <path d="M13 2h23a2 2 0 0 1 2 2v20a2 2 0 0 1-2 2H13L2 14z" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linejoin="round" />
          <path d="m19 9 10 10m0-10L19 19" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" />
        </svg>
        <span aria-hidden="true">{t.deleteOne}</span>
      </button>
    </div>
  );
}
