/** After saving: what the clerk reads out or checks against the printed receipt. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CounterInfo, DossierCreated, PrintResult } from '../../../shared/contracts.ts';
import { api, asApiError } from '../../lib/api.ts';
import { formatLookupKey } from '../../../shared/lookup-key.ts';
import { parseIsoInstant, weekdayName } from '../../../shared/time.ts';
import { DOSSIER_STATUSES } from '../../../shared/vocabulary.ts';
import { cx } from '../../lib/status.ts';
import { formalTime, shortTime } from '../../lib/format.ts';
import { sameMinute } from '../../lib/minute.ts';
import s from './counter.module.css';

interface Props {
  readonly created: DossierCreated;
  /** Whether the receipt opened in a new tab; false when the browser blocked the pop-up. */
  readonly printed: boolean;
  /** The counter whose printer took (or is taking) the receipt; null or without a printer: the browser. */
  readonly counter: CounterInfo | null;
  readonly job: PrintResult | null;
  readonly printError: string | null;
  /** The receipt PDF in the counter's paper size. */
  readonly receiptHref: string;
  readonly onReprint: (job: PrintResult | null, error: string | null) => void;
  /**
   * The appointment the preview showed when save was pressed. The save counts from its own moment, so
   * across a minute boundary (or a stale preview) the two can differ: the saved one is authoritative.
   */
  readonly previewDueAt?: string | null | undefined;
  readonly onNew: () => void;
}

export function IntakeDone({ created, printed, counter, job, printError, receiptHref, onReprint, previewDueAt, onNew }: Props) {
  const [reprinting, setReprinting] = useState(false);
  const [sheet, setSheet] = useState<{ busy: boolean; message: string | null; failed: boolean }>({ busy: false, message: null, failed: false });
  // The control sheet travels with the paper dossier from desk to desk (Mẫu 05/06): printed at intake.
  const printSheet = () => {
    if (!printer) return;
    setSheet({ busy: true, message: null, failed: false });
    api
      .printControlSheet(created.code, printer.code)
      .then((j) => setSheet({ busy: false, message: `Đã gửi phiếu kiểm soát tới máy in ${j.queue} — lệnh in ${j.job}.`, failed: false }))
      .catch((e: unknown) => setSheet({ busy: false, message: `Không in được phiếu kiểm soát: ${asApiError(e).message}`, failed: true }));
  };
  const sheetHref = `/api/dossiers/${encodeURIComponent(created.code)}/slips/control-sheet.pdf?layout=${counter?.layout === 'a5' ? 'a5' : 'a4'}`;
  const printer = counter?.printer ? counter : null;
  const reprint = () => {
    if (!printer) return;
    setReprinting(true);
    api
      .printReceipt(created.code, printer.code)
      .then((j) => onReprint(j, null))
      .catch((e: unknown) => onReprint(null, asApiError(e).message))
      .finally(() => setReprinting(false));
  };
  const newButton = useRef<HTMLButtonElement>(null);
  useEffect(() => newButton.current?.focus(), []);
  const due = parseIsoInstant(created.dueAt);
  const moved = previewDueAt ? !sameMinute(previewDueAt, created.dueAt) : false;

  return (
    <section class={s.done} aria-labelledby="done-title" data-testid="intake-done">
      <div class={s.doneBanner}>
        <svg width="44" height="44" viewBox="0 0 44 44" aria-hidden="true">
          <circle cx="22" cy="22" r="21" fill="#1d6b3a" />
          <path d="m12 22.5 7 7L32 16" fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
        <div>
          <h2 id="done-title">Đã tiếp nhận hồ sơ</h2>
          <p>{created.procedure.name}</p>
        </div>
      </div>

      {printer ? (
        printError ? (
          <p class={s.doneWarn} role="alert" data-testid="print-status">
            Không in được ở {printer.name} (máy in {printer.printer}): {printError} Có thể mở giấy hẹn (PDF) bên dưới để in bằng trình duyệt.
          </p>
        ) : job ? (
          <p class={s.doneNote} role="status" data-testid="print-status">
            Đã gửi giấy hẹn{job.reprint > 0 ? ` (bản in lại lần ${job.reprint})` : ''} tới máy in {job.queue} — lệnh in {job.job}. Giao một bản cho người nộp hồ sơ.
          </p>
        ) : (
          <p class={s.doneNote} role="status" data-testid="print-status">
            Đang gửi giấy hẹn tới máy in {printer.printer}…
          </p>
        )
      ) : printed ? (
        <p class={s.doneNote}>Giấy hẹn đã mở ở thẻ mới để in. Giao một bản cho người nộp hồ sơ.</p>
      ) : (
        <p class={s.doneWarn} role="alert">
          Trình duyệt đã chặn cửa sổ in. Bấm “In lại giấy hẹn (PDF)” bên dưới để mở giấy hẹn.
        </p>
      )}

      {sheet.message && (
        <p class={sheet.failed ? s.doneWarn : s.doneNote} role={sheet.failed ? 'alert' : 'status'} data-testid="control-sheet-status">
          {sheet.message}
        </p>
      )}

      <dl class={s.doneFacts}>
        <div>
          <dt>Mã hồ sơ</dt>
          <dd class={s.doneCode} data-testid="result-code">
            {created.code}
          </dd>
        </div>
        <div>
          <dt>Mã tra cứu (in dưới mã vạch)</dt>
          <dd class={s.doneKey} data-testid="result-lookup-key">
            {formatLookupKey(created.lookupKey)}
          </dd>
        </div>
        <div class={cx(s.doneWide, moved && s.doneDueMoved)}>
          <dt>Hẹn trả kết quả</dt>
          <dd class={s.doneDue}>
            <span data-testid="result-due">{formalTime(created.dueAt)}</span>
            {due && <span class={s.doneWeekday}> ({weekdayName(due, 'vi')})</span>}
          </dd>
          {moved && previewDueAt && (
            <dd class={s.dueMoved}>
              <p role="alert" data-testid="result-due-changed">
                <strong>Giờ hẹn được tính theo thời điểm lưu: {formalTime(created.dueAt)}.</strong> Trước khi lưu, màn hình hiển thị{' '}
                {formalTime(previewDueAt)}. Giấy hẹn in theo giờ đã lưu; vui lòng báo giờ hẹn này cho người nộp hồ sơ.
              </p>
            </dd>
          )}
        </div>
        <div>
          <dt>Tiếp nhận lúc</dt>
          <dd>{shortTime(created.receivedAt)}</dd>
        </div>
        <div>
          <dt>Trạng thái</dt>
          <dd>{DOSSIER_STATUSES[created.status].vi}</dd>
        </div>
      </dl>

      <div class={s.doneActions}>
        {printer && (
          <button type="button" class={s.printLink} onClick={reprint} disabled={reprinting} data-testid="result-reprint">
            {reprinting ? 'Đang gửi…' : `In lại tại ${printer.name}`}
          </button>
        )}
        {printer ? (
          <button type="button" class={s.printLink} onClick={printSheet} disabled={sheet.busy} data-testid="result-control-sheet">
            {sheet.busy ? 'Đang gửi…' : 'In phiếu kiểm soát'}
          </button>
        ) : (
          <a class={s.printLink} href={sheetHref} target="_blank" rel="noopener" data-testid="result-control-sheet">
            Phiếu kiểm soát (PDF)
          </a>
        )}
        <a class={s.printLink} href={receiptHref} target="_blank" rel="noopener" data-testid="result-receipt-link">
          <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
            <path d="M5 8V2h10v6M5 15H3V8h14v7h-2M6 12h8v6H6z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
          </svg>
          In lại giấy hẹn (PDF)
        </a>
        <button type="button" ref={newButton} class={s.primary} onClick={onNew} data-testid="new-intake">
          Tiếp nhận hồ sơ mới
        </button>
      </div>
    </section>
  );
}
