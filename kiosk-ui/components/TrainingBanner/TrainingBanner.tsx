/**
 * "ĐÀO TẠO / TRAINING" across the top of every screen while the server runs a training database, with
 * the training clock's time. Rendered by the app shell, so every screen (and any screen added later)
 * carries it; it publishes its height as --training-banner-height for the screens' sticky headers.
 */
import { useEffect, useRef } from 'preact/hooks';
import { vnParts, weekdayName } from '../../../shared/time.ts';
import { useCentreClock, useCentreNow } from '../../lib/centre-clock.ts';
import s from './TrainingBanner.module.css';

const pad = (n: number) => String(n).padStart(2, '0');

export function TrainingBanner() {
  const { training } = useCentreClock();
  return training ? <Banner /> : null;
}

function Banner() {
  const now = useCentreNow(1000);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const root = document.documentElement;
    const publish = () => root.style.setProperty('--training-banner-height', `${el.offsetHeight}px`);
    publish();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(publish) : null;
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      root.style.removeProperty('--training-banner-height');
    };
  }, []);
  const p = vnParts(now);
  return (
    <div ref={ref} class={s.banner} role="status" data-testid="training-banner">
      <strong class={s.mark}>
        ĐÀO TẠO <span lang="en">/ TRAINING</span>
      </strong>
      <span class={s.note}>
        Không phải hồ sơ thật <span lang="en">· Not real work</span>
      </span>
      <span class={s.clock} aria-label="Giờ đào tạo / Training clock" data-testid="training-clock">
        <span class={s.clockLabel}>Giờ đào tạo</span>
        <time dateTime={now.toISOString()}>
          {pad(p.hour)}:{pad(p.minute)}
          <span class={s.seconds}>:{pad(p.second)}</span> · {weekdayName(now, 'vi')} {pad(p.day)}/{pad(p.month)}/{p.year}
        </time>
      </span>
    </div>
  );
}
