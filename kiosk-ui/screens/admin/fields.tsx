/**
 * The pieces of the staff forms: the modal dialog, a labelled field with its hint or error, the
 * password input with "show", the role and department pickers as each role allows, the error box.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { DepartmentList } from '../../../shared/contracts.ts';
import { ROLES, ROLE_KEYS, type Role } from '../../../shared/vocabulary.ts';
import { type ApiError, asApiError } from '../../lib/api.ts';
import { cx } from '../../lib/status.ts';
import { type FieldErrors, departmentRule, fieldErrorsFrom } from './staff-form.ts';
import s from './admin.module.css';

/** A modal <dialog>: Escape and the close button leave it; focus stays inside while it is open. */
export function Modal({ title, titleEn, onClose, children, testId }: { title: string; titleEn: string; onClose: () => void; children: ComponentChildren; testId: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} class={s.dialog} aria-labelledby={id} onClose={onClose} data-testid={testId}>
      <div class={s.dialogHead}>
        <div>
          <h2 id={id} class={s.dialogTitle}>
            {title}
          </h2>
          <p class={s.dialogTitleEn} lang="en">
            {titleEn}
          </p>
        </div>
        <button type="button" class={s.dialogClose} onClick={onClose} aria-label="Đóng / Close">
          ×
        </button>
      </div>
      <div class={s.dialogBody}>{children}</div>
    </dialog>
  );
}

interface FieldProps {
  readonly label: string;
  readonly hint?: string;
  readonly error?: string | undefined;
  readonly children: ComponentChildren;
  readonly required?: boolean;
  /** Across both columns of the form. */
  readonly wide?: boolean;
}

export function Field({ label, hint, error, children, required, wide }: FieldProps) {
  return (
    <div class={cx(s.field, wide && s.wide)}>
      <label>
        <span class={s.label}>
          {label}
          {required && (
            <span class={s.required} aria-hidden="true">
              {' '}
              *
            </span>
          )}
        </span>
        {children}
      </label>
      {error ? (
        <p class={s.fieldError} role="alert">
          {error}
        </p>
      ) : (
        hint && <p class={s.hint}>{hint}</p>
      )}
    </div>
  );
}

export function PasswordInput({ value, onInput, invalid, testId }: { value: string; onInput: (v: string) => void; invalid: boolean; testId: string }) {
  const [visible, setVisible] = useState(false);
  return (
    <span class={s.passwordRow}>
      <input
        // One element whose type flips (the caret stays put); Preact's typings want one literal type.
        type={(visible ? 'text' : 'password') as 'text'}
        autocomplete="new-password"
        spellcheck={false}
        autoCapitalize="off"
        value={value}
        aria-invalid={invalid}
        onInput={(e) => onInput(e.currentTarget.value)}
        data-testid={testId}
      />
      <button type="button" class={s.reveal} onClick={() => setVisible((v) => !v)} aria-pressed={visible}>
        {visible ? 'Ẩn' : 'Hiện'}
      </button>
    </span>
  );
}

/** What each role does at the centre, shown under the role picker (who may do what is the server's PERMISSIONS). */
const ROLE_WORK: Record<Role, string> = {
  clerk: 'Tiếp nhận hồ sơ tại quầy, in giấy hẹn và phiếu, trả kết quả.',
  officer: 'Xử lý hồ sơ đến phòng ban của mình.',
  leader: 'Ký duyệt hồ sơ của phòng ban mình phụ trách; xem tình hình giải quyết.',
  supervisor: 'Xem tình hình giải quyết, hồ sơ quá hạn và sổ theo dõi; không sửa hồ sơ.',
  admin: 'Mọi việc, kể cả quản lý tài khoản cán bộ.',
};

export function RoleField({ value, onChange, error }: { value: Role | ''; onChange: (r: Role) => void; error?: string | undefined }) {
  return (
    <Field wide label="Vai trò" required hint={value ? `${ROLES[value].en} — ${ROLE_WORK[value]}` : 'Vai trò quyết định cán bộ được làm gì trên hệ thống.'} error={error}>
      <select value={value} aria-invalid={!!error} onChange={(e) => onChange(e.currentTarget.value as Role)} data-testid="staff-role">
        {value === '' && <option value="">— Chọn vai trò —</option>}
        {ROLE_KEYS.map((r) => (
          <option key={r} value={r}>
            {ROLES[r].vi}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The department as the role allows it: fixed for a clerk, required for officers and leaders, optional otherwise. */
export function DepartmentField({ role, value, onChange, departments, error }: { role: Role | ''; value: string; onChange: (code: string) => void; departments: DepartmentList; error: string | undefined }) {
  const rule = departmentRule(role, departments.intakeDepartment);
  if (rule === 'intake') {
    return (
      <Field wide label="Phòng ban" hint="Cán bộ tiếp nhận luôn làm việc tại bộ phận tiếp nhận hồ sơ của Trung tâm." error={error}>
        <span class={s.fixed} data-testid="staff-department-fixed">
          {departments.intakeDepartment!.name}
        </span>
      </Field>
    );
  }
  return (
    <Field
      wide
      label="Phòng ban"
      required={rule === 'required'}
      hint={rule === 'required' ? 'Hồ sơ đến phòng ban này sẽ hiện trong việc cần làm của cán bộ.' : 'Không bắt buộc với giám sát và quản trị hệ thống.'}
      error={error}
    >
      <select value={value} aria-invalid={!!error} onChange={(e) => onChange(e.currentTarget.value)} data-testid="staff-department">
        <option value="">{rule === 'required' ? '— Chọn phòng ban —' : 'Không thuộc phòng ban nào'}</option>
        {departments.departments.map((d) => (
          <option key={d.code} value={d.code}>
            {d.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function ErrorBox({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <div class={s.errorBox} role="alert">
      <p>{error.message}</p>
      {error.messageEn && <p lang="en">{error.messageEn}</p>}
    </div>
  );
}

/** A refusal that belongs to no field (the last admin, a dropped network) goes in the box; the rest beside their fields. */
export function splitError(e: unknown): { fields: FieldErrors; box: ApiError | null } {
  const err = asApiError(e);
  const fields = fieldErrorsFrom(err);
  return { fields, box: Object.keys(fields).length ? null : err };
}
