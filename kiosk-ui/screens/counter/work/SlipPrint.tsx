/**
 * Printing a slip after an act: the PDF in a new tab (anyone: the browser's print dialog), and for a
 * clerk at a counter with a printer queue, straight to that printer like the receipt.
 */
import { useState } from 'preact/hooks';
import type { CounterInfo } from '../../../../shared/contracts.ts';
import { api, asApiError } from '../../../lib/api.ts';
import { type PanelPaper, slipHref, slipTitle } from './outcome.ts';
import s from './work.module.css';

interface Props {
  readonly code: string;
  readonly kind: PanelPaper;
  /** When the act was recorded: picks the form set (the number on the paper). */
  readonly at: string;
  /** The clerk's counter with a printer queue; null: the browser prints. */
  readonly printer: CounterInfo | null;
}

export function SlipPrint({ code, kind, at, printer }: Props) {
  const [state, setState] = useState<{ busy: boolean; message: string | null; failed: boolean }>({ busy: false, message: null, failed: false });
  // A receipt prints on the counter's own paper (a roll too); the slips on A4 or A5.
  const layout = kind === 'receipt' ? (printer?.layout ?? 'a4') : printer?.layout === 'a5' ? 'a5' : 'a4';
  const title = slipTitle(kind, at);
  const print = () => {
    if (!printer) return;
    setState({ busy: true, message: null, failed: false });
    api
      .printSlip(code, kind, printer.code)
      .then((job) => setState({ busy: false, message: `Đã gửi tới máy in ${job.queue} — lệnh in ${job.job}${job.reprint > 0 ? ` (bản in lại lần ${job.reprint})` : ''}.`, failed: false }))
      .catch((e: unknown) => setState({ busy: false, message: `Không in được: ${asApiError(e).message}`, failed: true }));
  };
  return (
    <div class={s.slip} data-testid={`slip-${kind}`}>
      <svg class={s.slipIcon} width="28" height="28" viewBox="0 0 28 28" aria-hidden="true">
        <path d="M7 3h10l5 5v17H7z" fill="#fff" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
        <path d="M17 3v5h5M10 13h9M10 17h9M10 21h6" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" />
      </svg>
      <div class={s.slipText}>
        <div class={s.slipTitle}>{title}</div>
        {state.message && (
          <p class={state.failed ? s.slipFailed : s.slipOk} role={state.failed ? 'alert' : 'status'}>
            {state.message}
          </p>
        )}
      </div>
      <div class={s.slipButtons}>
        {printer && (
          <button type="button" class={s.button} onClick={print} disabled={state.busy} data-testid={`slip-print-${kind}`}>
            {state.busy ? 'Đang gửi…' : `In tại ${printer.name}`}
          </button>
        )}
        <a class={s.button} href={slipHref(code, kind, layout)} target="_blank" rel="noopener" data-testid={`slip-pdf-${kind}`}>
          Mở PDF để in
        </a>
      </div>
    </div>
  );
}
