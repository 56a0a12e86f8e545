/**
 * Printing at the counter: the counter's CUPS queue gets the PDF in one click; a counter without a
 * queue prints through the browser's dialog instead (the screen opens the PDF). Either way the print
 * is recorded in the dossier's history by the receipt service.
 */
import { toVnIso } from '../../shared/time.ts';
import type { Staff } from '../auth/service.ts';
import type { Clock } from '../clock.ts';
import type { DossierRepo } from '../dossiers/repo.ts';
import { AppError } from '../errors.ts';
import type { LayoutName } from '../receipts/layout.ts';
import type { ReceiptService, SlipKind } from '../receipts/service.ts';
import { PrinterError, mediaOf, sendToQueue } from './cups.ts';
import type { CounterRepo } from './repo.ts';

export interface PrintOrder {
  readonly document: 'receipt' | SlipKind;
  readonly counter: string;
  readonly layout?: LayoutName;
  readonly copy?: 'applicant' | 'file';
}

export type PrintingService = ReturnType<typeof printingService>;

export function printingService(deps: { counters: CounterRepo; receipts: ReceiptService; dossiers: DossierRepo; clock: Clock; cupsServer: string | null }) {
  return {
    counters() {
      return deps.counters.all().map((c) => ({ code: c.code, name: c.name, layout: c.layout, printer: c.cups_queue }));
    },

    async print(code: string, order: PrintOrder, staff: Staff, fallbackBaseUrl: string) {
      const counter = deps.counters.byCode(order.counter);
      if (!counter) throw new AppError('UNKNOWN_COUNTER', { field: 'counter' });
      if (!counter.cups_queue) throw new AppError('NO_PRINTER_QUEUE');
      let layout = order.layout ?? counter.layout;
      let pdf: Buffer;
      let reprint = 0;
      // A receipt counts as printed only once the queue has taken it (a refused job must not use up
      // the original); a slip is recorded when made.
      let recordReceipt: ((staff: Staff) => void) | null = null;
      if (order.document === 'receipt') {
        ({ pdf, reprint, record: recordReceipt } = await deps.receipts.prepareReceipt(code, { layout, copy: order.copy ?? 'applicant', fallbackBaseUrl }, staff));
      } else {
        // Slips are A4 or A5 papers: a counter with a receipt roll prints them on A4 unless asked otherwise.
        if (layout === 'thermal' && !order.layout) layout = 'a4';
        pdf = await deps.receipts.slipPdf(code, order.document, layout, staff);
      }
      try {
        const title = order.document === 'receipt' ? `giay-hen-${code}` : `${order.document}-${code}`;
        const job = await sendToQueue(pdf, { queue: counter.cups_queue, title, media: mediaOf(pdf, layout), server: deps.cupsServer });
        recordReceipt?.(staff);
        return { printed: true as const, document: order.document, layout, reprint, counter: counter.code, ...job };
      } catch (e) {
        if (!(e instanceof PrinterError)) throw e;
        // The paper did not come out: say so in the history too, beside the print it was meant to be.
        const row = deps.dossiers.byCode(code)!;
        deps.dossiers.appendEvent({ dossier_id: row.id, at: toVnIso(deps.clock()), kind: 'print_failed', actor_id: staff.id, data: { document: order.document, queue: counter.cups_queue, error: e.message } });
        throw new AppError('PRINTER_FAILED', { queue: counter.cups_queue, reason: e.message });
      }
    },
  };
}
