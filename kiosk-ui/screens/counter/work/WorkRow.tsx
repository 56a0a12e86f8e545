/**
 * One dossier in the queue: how urgent (colour, words and shape), the time left in working time, the
 * step and who holds it, and a button for each action the server says this person may take now —
 * moving it on in plain sight, the rest one tap away under "Việc khác".
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { WorkItem } from '../../../../shared/contracts.ts';
import { ACTIONS, type ActionType } from '../../../../shared/processing.ts';
import { appointment } from '../../../lib/format.ts';
import { cx } from '../../../lib/status.ts';
import { UrgencyChip } from './UrgencyChip.tsx';
import { DESTRUCTIVE_ACTIONS, FORWARD_ACTIONS, timeLeft, whenWords } from './urgency.ts';
import s from './work.module.css';

interface Props {
  readonly item: WorkItem;
  readonly asOf: string;
  /** This row's action is on its way (the one taken without a dialog). */
  readonly busy: boolean;
  readonly me: string;
  readonly onOpen: () => void;
  readonly onAction: (action: ActionType) => void;
}

export function WorkRow({ item, asOf, busy, me, onOpen, onAction }: Props) {
  const left = timeLeft(item);
  // The step's own move first (full width); taking the dossier, a short button, shares a line with "Việc khác".
  const forward = FORWARD_ACTIONS.filter((a) => item.actions.includes(a));
  const others = item.actions.filter((a) => !FORWARD_ACTIONS.includes(a));
  const step = item.step;
  const mine = step?.heldBy !== null && step?.heldBy === me;

  return (
    <li class={cx(s.row, s[`row-${item.urgency}`])} data-testid="work-row" data-code={item.code} data-urgency={item.urgency}>
      <div class={s.rowUrgency}>
        <UrgencyChip urgency={item.urgency} />
        {left ? (
          <div class={cx(s.leftText, s[`left-${item.urgency}`])} data-testid="work-left">
            {left.vi}
          </div>
        ) : (
          <div class={s.leftText}>{item.urgency === 'paused' ? 'Thời hạn tạm dừng' : 'Chờ công dân nhận'}</div>
        )}
        <div class={s.dueLine}>
          {item.urgency === 'paused'
            ? 'Hẹn trả mới được tính khi nhận đủ hồ sơ bổ sung'
            : item.urgency === 'waiting' || !step
              ? `Hẹn trả: ${appointment(item.dueAt, 'vi')}`
              : `Hạn bước: ${whenWords(step.ownDueAt, asOf).vi}`}
        </div>
      </div>

      <div class={s.rowMain}>
        <button type="button" class={s.codeButton} onClick={onOpen} data-testid="work-open" aria-label={`Mở hồ sơ ${item.code}`}>
          {item.code}
        </button>
        <div class={s.procedure} title={item.procedure.name}>
          {item.procedure.name}
        </div>
        <div class={s.rowMeta}>
          <span>{item.applicantMasked}</span>
          <span>{item.statusLabel.vi}</span>
          {item.apologized && <span class={s.flag}>Đã xin lỗi, hẹn lại</span>}
          {item.supplementRequested && item.urgency !== 'paused' && <span class={s.flag}>Đã bổ sung một lần</span>}
        </div>
      </div>

      <div class={s.rowStep}>
        {step ? (
          <>
            <div class={s.stepLine}>
              Bước {step.seq}: {step.name}
            </div>
            <div class={s.stepDeptLine}>{step.department.name}</div>
            <div class={cx(s.holder, mine && s.holderMe)}>
              {step.heldBy ? (mine ? 'Bạn đang giữ hồ sơ' : `Đang giữ: ${step.heldBy}`) : 'Chưa có người nhận'}
            </div>
          </>
        ) : (
          <div class={s.stepLine}>Đã qua hết các bước</div>
        )}
      </div>

      <div class={s.rowActions}>
        {forward.map((a) => (
          <button type="button" key={a} class={s.actionButton} onClick={() => onAction(a)} disabled={busy} data-testid={`action-${a}`}>
            {busy && a === 'accept-step' ? 'Đang nhận…' : ACTIONS[a].vi}
          </button>
        ))}
        {others.length > 0 && <MoreActions actions={others} disabled={busy} onAction={onAction} code={item.code} />}
        {item.actions.length === 0 && (
          <button type="button" class={s.button} onClick={onOpen}>
            Xem hồ sơ
          </button>
        )}
      </div>
    </li>
  );
}

/** The less frequent actions, behind one button: a disclosure, keyboard and touch alike. */
function MoreActions({ actions, disabled, code, onAction }: { readonly actions: readonly ActionType[]; readonly disabled: boolean; readonly code: string; readonly onAction: (a: ActionType) => void }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const id = `more-${code}`;

  useEffect(() => {
    if (!open) return;
    const away = (e: Event) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const escape = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        box.current?.querySelector<HTMLButtonElement>('button')?.focus();
      }
    };
    document.addEventListener('pointerdown', away);
    document.addEventListener('keydown', escape);
    box.current?.querySelector<HTMLButtonElement>(`#${CSS.escape(id)} button`)?.focus();
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('keydown', escape);
    };
  }, [open, id]);

  return (
    <div class={s.more} ref={box}>
      <button type="button" class={s.moreButton} aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)} disabled={disabled} data-testid="action-more">
        Việc khác ({actions.length})
        <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
          <path d="m2.5 4.5 3.5 3.5 3.5-3.5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
      </button>
      {open && (
        <div class={s.menu} id={id}>
          {actions.map((a) => (
            <button
              type="button"
              key={a}
              class={cx(s.menuItem, DESTRUCTIVE_ACTIONS.includes(a) && s.menuDanger)}
              onClick={() => {
                setOpen(false);
                onAction(a);
              }}
              data-testid={`action-${a}`}
            >
              {ACTIONS[a].vi}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
