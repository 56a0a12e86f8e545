/**
 * A modal dialog on the browser's own <dialog>: showModal() gives the focus trap, Escape, the inert
 * page behind and the top layer (a dialog opened from a drawer stacks above it) without a library.
 * Mounted means open: the parent renders it to open it and stops rendering it to close it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { cx } from '../../lib/status.ts';
import s from './Modal.module.css';

interface Props {
  /** The id of the heading that names the dialog. */
  readonly labelledBy: string;
  /** Escape, the close button, or (for a drawer) a tap beside it. Not called while `busy`. */
  readonly onClose: () => void;
  readonly children: ComponentChildren;
  /** A drawer sliding in at the right (the dossier panel); otherwise a centred dialog. */
  readonly variant?: 'dialog' | 'drawer';
  /** While a request is on its way the dialog stays open (its answer belongs in it). */
  readonly busy?: boolean;
  readonly testId?: string;
}

export function Modal({ labelledBy, onClose, children, variant = 'dialog', busy = false, testId }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  const busyRef = useRef(busy);
  busyRef.current = busy;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // What had the focus before (the row's button): it gets it back when the dialog closes.
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    try {
      if (!dialog.open) dialog.showModal();
    } catch {
      dialog.setAttribute('open', '');
    }
    return () => {
      try {
        if (dialog.open) dialog.close();
      } catch {
        /* already gone */
      }
      if (before?.isConnected) before.focus({ preventScroll: true });
    };
  }, []);

  return (
    <dialog
      ref={ref}
      class={cx(s.modal, variant === 'drawer' ? s.drawer : s.dialog)}
      aria-labelledby={labelledBy}
      data-testid={testId}
      onCancel={(e) => {
        // Escape: the parent decides (it unmounts the dialog), never the browser behind its back.
        e.preventDefault();
        if (!busyRef.current) close.current();
      }}
      onClick={(e) => {
        // A tap on the backdrop lands on the <dialog> itself: closes a drawer, never a form.
        if (variant === 'drawer' && e.target === ref.current && !busyRef.current) close.current();
      }}
    >
      <div class={s.inner}>{children}</div>
    </dialog>
  );
}

/** The ✕ in a dialog's corner: 44 px, labelled for screen readers. */
export function CloseButton({ onClick, disabled, label = 'Đóng' }: { readonly onClick: () => void; readonly disabled?: boolean; readonly label?: string }) {
  return (
    <button type="button" class={s.close} onClick={onClick} disabled={disabled} aria-label={label} title={label} data-testid="dialog-close">
      <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
        <path d="M5 5l10 10M15 5 5 15" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
      </svg>
    </button>
  );
}
