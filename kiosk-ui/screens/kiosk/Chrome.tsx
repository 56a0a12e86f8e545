/** The kiosk's frame: header with the time, the scan instruction, the idle countdown, the footer. */
import type { CentreInfo } from '../../../shared/contracts.ts';
import { vnParts, weekdayName } from '../../../shared/time.ts';
import { DemoBadge, Emblem } from '../../components/Brand/Brand.tsx';
import { useCentreNow } from '../../lib/centre-clock.ts';
import { cx } from '../../lib/status.ts';
import s from './kiosk.module.css';

export function ScanHint({ compact = false }: { readonly compact?: boolean }) {
  return (
    <div class={cx(s.scan, compact && s.scanCompact)}>
      <svg class={s.scanIcon} viewBox="0 0 120 96" aria-hidden="true">
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
        <rect x="12" y="42" width="96" height="4" rx="2" fill="#d32f2f" />
      </svg>
      <div>
        <p class={s.scanVi}>{compact ? 'Quét giấy hẹn khác bất cứ lúc nào' : 'Đưa mã vạch trên giấy hẹn vào máy quét'}</p>
        <p class={s.scanEn} lang="en">
          {compact ? 'Scan another receipt at any time' : 'Hold the barcode on your receipt under the scanner'}
        </p>
      </div>
    </div>
  );
}

export function IdleNotice({ seconds, onContinue }: { readonly seconds: number; readonly onContinue: () => void }) {
  return (
    <div class={s.idleBackdrop} role="alertdialog" aria-modal="true" aria-labelledby="kiosk-idle-title" data-testid="kiosk-idle">
      <div class={s.idleBox}>
        <p id="kiosk-idle-title" class={s.idleTitle}>
          Màn hình sẽ trở về trang đầu sau <strong>{seconds}</strong> giây
        </p>
        <p class={s.idleEn} lang="en">
          The screen will return to the start in {seconds} s
        </p>
        <button type="button" class={s.idleButton} onClick={onContinue} data-testid="kiosk-continue">
          Tiếp tục <span lang="en">/ Continue</span>
        </button>
      </div>
    </div>
  );
}

export function KioskHeader({ centre }: { readonly centre: CentreInfo | null }) {
  // The centre's time: in training mode the training clock's, as on the banner above.
  const now = useCentreNow(15_000);
  const p = vnParts(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    <header class={s.header}>
      <div class={s.headerBrand}>
        <Emblem size={56} />
        <div class={s.headerNames}>
          <p class={s.headerAuthority}>{centre?.parentAuthority ?? ''}</p>
          <p class={s.headerCentre}>{centre?.name ?? 'Trung tâm Phục vụ hành chính công'}</p>
        </div>
      </div>
      <div class={s.headerClock} aria-label="Giờ hiện tại">
        <p class={s.clockTime}>
          {pad(p.hour)}:{pad(p.minute)}
        </p>
        <p class={s.clockDate}>
          {weekdayName(now, 'vi')}, {pad(p.day)}/{pad(p.month)}/{p.year}
        </p>
      </div>
    </header>
  );
}

export function KioskFooter({ centre }: { readonly centre: CentreInfo | null }) {
  return (
    <footer class={s.footer}>
      {centre && (
        <p>
          {centre.address}
          {centre.phone ? ` · Điện thoại: ${centre.phone}` : ''}
        </p>
      )}
      <p class={s.footerPrivacy}>
        Màn hình không hiển thị họ tên đầy đủ, số định danh, số điện thoại hay địa chỉ của người nộp hồ sơ.{' '}
        <span lang="en">This screen never shows full names, ID numbers, phones or addresses.</span>
      </p>
      {centre?.fictional && <DemoBadge />}
    </footer>
  );
}
