/**
 * How urgent a work item is, in words and colours, and its time left in words. Pure, so the wording is
 * tested without a browser. The server decides the urgency (working time needs the holiday calendar);
 * this module only names it.
 */
import type { WorkItem } from '../../../../shared/contracts.ts';
import type { ActionType } from '../../../../shared/processing.ts';
import { parseIsoInstant, vnDayNumber } from '../../../../shared/time.ts';
import type { Wording } from '../../../../shared/vocabulary.ts';
import { clockTime, shortTime, workingDuration } from '../../../lib/format.ts';

export type Urgency = WorkItem['urgency'];

/** Most urgent first: the order of the counts, the filter and the server's sort. */
export const URGENCY_ORDER: readonly Urgency[] = ['late', 'today', 'tomorrow', 'fine', 'paused', 'waiting'];

/**
 * Never colour alone (WCAG 1.4.1): each urgency has its words, and its chip a shape of its own.
 * `short` labels the filter buttons, `label` the chip on a row.
 */
export const URGENCIES: Record<Urgency, { label: Wording; short: Wording }> = {
  late: { label: { vi: 'Quá hạn', en: 'Late' }, short: { vi: 'Quá hạn', en: 'Late' } },
  today: { label: { vi: 'Đến hạn hôm nay', en: 'Due today' }, short: { vi: 'Hôm nay', en: 'Today' } },
  tomorrow: { label: { vi: 'Đến hạn ngày làm việc tới', en: 'Due next working day' }, short: { vi: 'Ngày làm việc tới', en: 'Next working day' } },
  fine: { label: { vi: 'Còn hạn', en: 'On track' }, short: { vi: 'Còn hạn', en: 'On track' } },
  paused: { label: { vi: 'Chờ bổ sung', en: 'Waiting for documents' }, short: { vi: 'Chờ bổ sung', en: 'Paused' } },
  waiting: { label: { vi: 'Chờ trả', en: 'Ready to hand over' }, short: { vi: 'Chờ trả', en: 'To hand over' } },
};

/**
 * "Còn 2 giờ 30 phút làm việc" / "Quá hạn 1 giờ 10 phút": the working time to the step's due time.
 * Null while the clock is stopped (waiting for documents, or the result waits for the applicant).
 * A step can be late with no working minute between its due time and now (17:00 due, 19:00 now):
 * that is "Đã quá hạn", not "Quá hạn 0 phút".
 */
export function timeLeft(item: Pick<WorkItem, 'minutesLeft' | 'urgency'>): Wording | null {
  const m = item.minutesLeft;
  if (m === null) return null;
  if (item.urgency === 'late' || m < 0) {
    const late = Math.abs(m);
    if (late < 1) return { vi: 'Đã quá hạn', en: 'Past its due time' };
    return { vi: `Quá hạn ${workingDuration(late, 'vi')}`, en: `${workingDuration(late, 'en')} late` };
  }
  if (m < 1) return { vi: 'Đến hạn ngay bây giờ', en: 'Due now' };
  return { vi: `Còn ${workingDuration(m, 'vi')} làm việc`, en: `${workingDuration(m, 'en')} of working time left` };
}

/** "15:27 hôm nay", "08:00 ngày mai" (the next calendar day), else "15:27 18/11/2026": seen from `asOf`. */
export function whenWords(iso: string, asOf: string): Wording {
  const at = parseIsoInstant(iso);
  const now = parseIsoInstant(asOf);
  if (!at || !now) return { vi: iso, en: iso };
  const days = vnDayNumber(at) - vnDayNumber(now);
  const time = clockTime(iso);
  if (days === 0) return { vi: `${time} hôm nay`, en: `${time} today` };
  if (days === 1) return { vi: `${time} ngày mai`, en: `${time} tomorrow` };
  if (days === -1) return { vi: `${time} hôm qua`, en: `${time} yesterday` };
  return { vi: shortTime(iso), en: shortTime(iso) };
}

/** Moving the dossier on: shown as buttons on the row, in this order. The rest sit behind "Việc khác". */
export const FORWARD_ACTIONS: readonly ActionType[] = ['complete-step', 'result-ready', 'receive-supplement', 'return-result', 'accept-step'];
/** Ending a dossier: confirmed a second time, in red. */
export const DESTRUCTIVE_ACTIONS: readonly ActionType[] = ['refuse', 'stop'];

export function countByUrgency(items: readonly Pick<WorkItem, 'urgency'>[]): Record<Urgency, number> {
  const counts = { late: 0, today: 0, tomorrow: 0, fine: 0, paused: 0, waiting: 0 };
  for (const i of items) counts[i.urgency] += 1;
  return counts;
}
