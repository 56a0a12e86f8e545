/**
 * The kiosk's frame: header (centre, clock, language, text size), the scan instruction, the idle
 * countdown, the offline notice and the footer. Words come from the kiosk's dictionaries (i18n.ts).
 */
import type { CentreInfo } from '../../../shared/contracts.ts';
import { vnParts, weekdayName } from '../../../shared/time.ts';
import { DemoBadge, Emblem } from '../../components/Brand/Brand.tsx';
import { useCentreNow } from '../../lib/centre-clock.ts';
import { cx } from '../../lib/status.ts';
import { useText } from './i18n.ts';
import s from './kiosk.module.css';

/** The receipt under a scanner's red line: the one picture every citizen understands. */
function ScanPicture({ class: className }: { readonly class?: string | undefined }) {
  return (
    <svg class={className} viewBox="0 0 120 96" aria-hidden="true">
      <rect x="6" y="6" width="108" height="84" rx="8" fill="#fff" stroke="#14213d" stroke-width="4" />
      <g fill="#14213d">
        <rect x="20" y="22" width="4" height="44" />
        <rect x="28" y="22" width="2" height="44" />
        <rect x="34" y="22" width="6" height="44" />
        <rect x="44" y="22" width="2" height="44" />
        <rect x="50" y="22" width="4" height="44" />
        <rect x="58" y="22" width="2" height="44" />
        <rect x="63" y="22" width="6" height="44" />
        <rect x="73" y="22" width="2" height="44" />
        <rect x="78" y="22" width="4" height="44" />
        <rect x="86" y="22" width="2" height="44" />
        <rect x="91" y="22" width="6" height="44" />
        <rect x="20" y="72" width="77" height="5" rx="2" opacity=".35" />
      </g>
      <rect class={s.scanBeam} x="12" y="42" width="96" height="4" rx="2" fill="#d32f2f" />
    </svg>
  );
}

export function ScanHint({ compact = false }: { readonly compact?: boolean }) {
  const { t } = useText();
  return (
    <div class={cx(s.scan, compact && s.scanCompact)}>
      <ScanPicture class={s.scanIcon} />
      <div>
        <p class={s.scanVi}>{compact ? t.scanAnother : t.attractScan}</p>
        {!compact && <p class={s.scanEn}>{t.attractScanHint}</p>}
      </div>
    </div>
  );
}

export function IdleNotice({ seconds, onContinue }: { readonly seconds: number; readonly onContinue: () => void }) {
  const { t } = useText();
  return (
    <div class={s.idleBackdrop} role="alertdialog" aria-modal="true" aria-labelledby="kiosk-idle-title" aria-describedby="kiosk-idle-text" data-testid="kiosk-idle">
      <div class={s.idleBox}>
        <p id="kiosk-idle-title" class={s.idleTitle}>
          {t.idleQuestion}
        </p>
        <p id="kiosk-idle-text" class={s.idleEn}>
          {t.idleTitle(seconds)}
        </p>
        <p class={s.idleCount} aria-hidden="true">
          {seconds}
        </p>
        <button type="button" class={s.idleButton} onClick={onContinue} data-testid="kiosk-continue">
          {t.idleContinue}
        </button>
      </div>
    </div>
  );
}

/** Shown over everything while the server cannot be reached; the kiosk keeps trying on its own. */
export function OfflineNotice() {
  const { t } = useText();
  return (
    <div class={s.offline} role="alert" data-testid="kiosk-offline">
      <svg width="44" height="44" viewBox="0 0 44 44" aria-hidden="true" class={s.offlineIcon}>
        <path d="M4 16a26 26 0 0 1 36 0M10 23a17 17 0 0 1 24 0M16 30a8 8 0 0 1 12 0" fill="none" stroke="currentColor" stroke-width="3.4" stroke-linecap="round" />
        <circle cx="22" cy="36" r="3" fill="currentColor" />
        <path d="M6 6l32 32" stroke="currentColor" stroke-width="3.4" stroke-linecap="round" />
      </svg>
      <div>
        <p class={s.offlineTitle}>{t.offlineTitle}</p>
        <p>{t.offlineText}</p>
        <p class={s.offlineRetry}>{t.offlineRetrying}</p>
      </div>
    </div>
  );
}

export const TEXT_SCALES = [1, 1.2, 1.4] as const;

interface HeaderProps {
  readonly centre: CentreInfo | null;
  readonly onToggleLang: () => void;
  readonly scale: number;
  readonly onScale: (next: number) => void;
}

export function KioskHeader({ centre, onToggleLang, scale, onScale }: HeaderProps) {
  const { t, lang } = useText();
  // The centre's time: in training mode the training clock's, as on the banner above.
  const now = useCentreNow(15_000);
  const p = vnParts(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  const at = TEXT_SCALES.indexOf(scale as (typeof TEXT_SCALES)[number]);
  return (
    <header class={s.header}>
      <div class={s.headerBrand}>
        <Emblem size={56} />
        <div class={s.headerNames}>
          <p class={s.headerAuthority}>{centre?.parentAuthority ?? ''}</p>
          <p class={s.headerCentre}>{centre?.name ?? 'Trung tâm Phục vụ hành chính công'}</p>
        </div>
      </div>
      <div class={s.headerTools}>
        <div class={s.headerClock} aria-label={t.clockLabel}>
          <p class={s.clockTime}>
            {pad(p.hour)}:{pad(p.minute)}
          </p>
          <p class={s.clockDate}>
            {weekdayName(now, lang)}, {pad(p.day)}/{pad(p.month)}/{p.year}
          </p>
        </div>
        <div class={s.sizeControl} role="group" aria-label={t.textSize}>
          <button type="button" class={s.toolButton} onClick={() => onScale(TEXT_SCALES[Math.max(0, at - 1)] ?? 1)} disabled={at <= 0} aria-label={`A− ${t.textSmaller}`} data-testid="kiosk-text-smaller">
            <span class={s.sizeSmall}>A−</span>
          </button>
          <button
            type="button"
            class={s.toolButton}
            onClick={() => onScale(TEXT_SCALES[Math.min(TEXT_SCALES.length - 1, at + 1)] ?? 1)}
            disabled={at >= TEXT_SCALES.length - 1}
            // The name starts with what is written on the button (WCAG 2.5.3), then says what it does.
            aria-label={`A+ ${t.textLarger}`}
            data-testid="kiosk-text-larger"
          >
            <span class={s.sizeLarge}>A+</span>
          </button>
        </div>
        <button type="button" class={cx(s.toolButton, s.langButton)} onClick={onToggleLang} lang={lang === 'vi' ? 'en' : 'vi'} aria-label={t.switchToLabel} data-testid="kiosk-lang">
          <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true">
            <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" stroke-width="2" />
            <path d="M2.5 12h19M12 2.5c3 3 3 16 0 19M12 2.5c-3 3-3 16 0 19" fill="none" stroke="currentColor" stroke-width="1.6" />
          </svg>
          <span>{t.switchTo}</span>
        </button>
      </div>
    </header>
  );
}

export function KioskFooter({ centre }: { readonly centre: CentreInfo | null }) {
  const { t } = useText();
  return (
    <footer class={s.footer}>
      {centre && (
        <p>
          {centre.address}
          {centre.phone ? ` · ${t.phone}: ${centre.phone}` : ''}
        </p>
      )}
      <p class={s.footerPrivacy}>{t.privacy}</p>
      {centre?.fictional && <DemoBadge />}
    </footer>
  );
}
