/**
 * "Dự báo trễ hẹn": open dossiers this centre's own history says will miss their appointment, while
 * the one-working-day notice for an apology (Decree 61 art. 19) can still be given — so the leader
 * can act before the breach rather than explain it after. The server predicts and orders them.
 */
import { useState } from 'preact/hooks';
import type { SupervisionWarnings } from '../../../shared/contracts.ts';
import { shortTime, workingDuration } from '../../lib/format.ts';
import { cx } from '../../lib/status.ts';
import d from './dashboard.module.css';

const SHOWN = 5;

export function Warnings({ warnings, onOpen }: { readonly warnings: SupervisionWarnings; readonly onOpen: (code: string) => void }) {
  const [all, setAll] = useState(false);
  const items = warnings.items;
  const shown = all ? items : items.slice(0, SHOWN);
  return (
    <section class={cx(d.panel, d.panelSoon)} aria-labelledby="warn-title" data-testid="warnings">
      <h2 id="warn-title" class={d.panelTitle}>
        Dự báo trễ hẹn
        <span class={cx(d.count, d.countSoon)}>{items.length}</span>
      </h2>
      <p class={d.note}>Hồ sơ đang giải quyết có khả năng trễ ngày hẹn, theo thời gian xử lý thực tế của Trung tâm. Còn kịp xin lỗi, hẹn lại trước hạn chót dưới đây.</p>
      <div class={d.tableBox}>
        <table class={d.table}>
          <thead>
            <tr>
              <th scope="col">Hồ sơ</th>
              <th scope="col">Đang ở</th>
              <th scope="col">Hẹn trả</th>
              <th scope="col">Dự kiến xong</th>
              <th scope="col">Hạn chót xin lỗi</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((w) => (
              <tr key={w.code} data-testid="warning-row">
                <td>
                  <button type="button" class={d.codeLink} onClick={() => onOpen(w.code)}>
                    {w.code}
                  </button>
                  <span class={d.cellSub}>{w.procedure.name}</span>
                </td>
                <td>
                  {w.department?.name ?? '—'}
                  <span class={d.cellSub}>
                    Bước {w.step.seq}: {w.step.name}
                    {w.officer ? ` · ${w.officer.displayName}` : ' · chưa có người nhận'}
                  </span>
                </td>
                <td class={d.nowrap}>{shortTime(w.dueAt)}</td>
                <td>
                  <span class={cx(d.risk, w.risk === 'likely' ? d.riskLikely : d.riskPossible)}>{w.risk === 'likely' ? 'Nhiều khả năng trễ' : 'Có thể trễ'}</span>
                  <span class={d.cellSub}>
                    {shortTime(w.predictedAt)}
                    {w.workingMinutesShort > 0 ? ` (trễ ${workingDuration(w.workingMinutesShort, 'vi')})` : ''}; chậm nhất {shortTime(w.predictedP90At)}
                  </span>
                  <span class={d.cellSub}>{w.basis === 'history' ? 'Theo thời gian thực tế' : 'Theo thời gian quy định (chưa đủ số liệu)'}</span>
                </td>
                <td>
                  {w.apologized ? (
                    <span class={d.cellSub}>Đã xin lỗi một lần, không hẹn lại được nữa</span>
                  ) : (
                    <strong class={d.nowrap}>{shortTime(w.apologyDeadline)}</strong>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {items.length > SHOWN && (
        <button type="button" class={d.button} aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? 'Thu gọn' : `Xem tất cả ${items.length} hồ sơ (rủi ro cao nhất ở trên)`}
        </button>
      )}
    </section>
  );
}
