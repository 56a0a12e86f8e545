/** The urgency as a chip: its colour, its words and a shape of its own (never colour alone). */
import type { JSX } from 'preact';
import { cx } from '../../../lib/status.ts';
import { URGENCIES, type Urgency } from './urgency.ts';
import s from './work.module.css';

const ICONS: Record<Urgency, JSX.Element> = {
  late: (
    <>
      <path d="M8 1.5 15 14H1z" fill="currentColor" />
      <path d="M8 6v3.6M8 11.6v.2" stroke="#fff" stroke-width="1.8" stroke-linecap="round" />
    </>
  ),
  today: (
    <>
      <circle cx="8" cy="8" r="6.3" fill="none" stroke="currentColor" stroke-width="1.8" />
      <path d="M8 4.5V8l2.4 1.6" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
    </>
  ),
  tomorrow: (
    <>
      <rect x="2" y="3" width="12" height="11" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.7" />
      <path d="M2 6.5h12M5 1.5v3M11 1.5v3" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" />
    </>
  ),
  fine: <path d="m2.5 8.5 3.5 3.5 7.5-8" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />,
  paused: <path d="M5.5 3v10M10.5 3v10" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" />,
  waiting: (
    <>
      <path d="M2 9h3.5l1 2h3l1-2H14v4.5H2z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" />
      <path d="M8 2v6M5.5 5.5 8 8l2.5-2.5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" />
    </>
  ),
};

export function UrgencyIcon({ urgency }: { readonly urgency: Urgency }) {
  return (
    <svg class={s.urgencyIcon} width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      {ICONS[urgency]}
    </svg>
  );
}

export function UrgencyChip({ urgency, short = false }: { readonly urgency: Urgency; readonly short?: boolean }) {
  const words = URGENCIES[urgency];
  return (
    <span class={cx(s.chip, s[`u-${urgency}`])} data-urgency={urgency}>
      <UrgencyIcon urgency={urgency} />
      {short ? words.short.vi : words.label.vi}
    </span>
  );
}
