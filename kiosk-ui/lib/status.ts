/** The colour family of each dossier status, so every screen paints a status the same way. */
import type { DossierStatus } from '../../shared/vocabulary.ts';

export type Tone = 'info' | 'progress' | 'warning' | 'success' | 'done' | 'danger' | 'neutral';

export const STATUS_TONE: Record<DossierStatus, Tone> = {
  received: 'info',
  processing: 'progress',
  awaiting_supplement: 'warning',
  ready: 'success',
  returned: 'done',
  refused: 'danger',
  withdrawn: 'neutral',
};

/** Joins class names, skipping the falsy ones (CSS-module lookups may be undefined). */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}
