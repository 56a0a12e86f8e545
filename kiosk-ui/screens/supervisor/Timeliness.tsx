/** A step's or dossier's judgement in words (early / on time / late by how much), coloured as well. */
import { workingDuration } from '../../lib/format.ts';
import { cx } from '../../lib/status.ts';
import d from './dashboard.module.css';

export function Timeliness({ t, minutes }: { readonly t: 'early' | 'on_time' | 'late'; readonly minutes: number | null }) {
  return (
    <span class={cx(d.judged, t === 'late' ? d.judgedLate : t === 'early' ? d.judgedEarly : d.judgedOnTime)}>
      {t === 'late' ? `Trễ hạn${minutes ? ` ${workingDuration(minutes, 'vi')}` : ''}` : t === 'early' ? 'Trước hạn' : 'Đúng hạn'}
    </span>
  );
}
