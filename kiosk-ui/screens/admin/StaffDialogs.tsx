/**
 * The administrator's two dialogs: adding an account, and one account's changes (name, role and
 * department; a new password; deactivating or reactivating). Each form checks its fields before
 * sending and puts the server's refusals beside the same fields.
 */
import { useState } from 'preact/hooks';
import { PASSWORD_MIN_LENGTH } from '../../../shared/accounts.ts';
import type { DepartmentList, StaffAccount, StaffChanged, StaffMe, StaffUpdateRequest } from '../../../shared/contracts.ts';
import type { Role } from '../../../shared/vocabulary.ts';
import { type ApiError, api, asApiError } from '../../lib/api.ts';
import { cx } from '../../lib/status.ts';
import { DepartmentField, ErrorBox, Field, Modal, PasswordInput, RoleField, splitError } from './fields.tsx';
import { type FieldErrors, compact, departmentProblem, departmentRule, nameProblem, passwordProblem, usernameProblem } from './staff-form.ts';
import s from './admin.module.css';

/** What a finished change says, in both languages, at the top of the list. */
export interface Done {
  readonly vi: string;
  readonly en: string;
}

interface DialogProps {
  readonly departments: DepartmentList;
  readonly onClose: () => void;
  readonly onDone: (username: string, done: Done) => void;
  /** A 401 (the session ended) goes back to the sign-in form. */
  readonly onAuthError: (e: unknown) => boolean;
}

const ended = (n: number, vi: string, en: string): Done => ({
  vi: n > 0 ? `${vi} ${n} phiên đăng nhập đang mở đã kết thúc.` : vi,
  en: n > 0 ? `${en} ${n} open session${n === 1 ? '' : 's'} signed out.` : en,
});

/**
 * The state of a form whose refusals go beside its fields: `send` runs the request (and what follows
 * it) busy; a refusal puts the server's field messages beside the fields and the rest in the error
 * box, and lets the form be sent again. A 401 goes to onAuthError.
 */
function useFieldsForm(onAuthError: (e: unknown) => boolean) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (request: () => Promise<void>) => {
    setBusy(true);
    try {
      await request();
    } catch (e) {
      if (onAuthError(e)) return;
      const { fields, box } = splitError(e);
      setErrors(fields);
      setFailure(box);
      setBusy(false);
    }
  };
  return { errors, setErrors, failure, setFailure, busy, send };
}

export function AddStaffDialog({ departments, onClose, onDone, onAuthError }: DialogProps) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [department, setDepartment] = useState('');
  const [password, setPassword] = useState('');
  const { errors, setErrors, failure, setFailure, busy, send } = useFieldsForm(onAuthError);
  const intake = departments.intakeDepartment;
  // A field's message goes as soon as the field is changed: it was about the old value.
  const clear = (...fields: (keyof FieldErrors)[]) => setErrors((e) => compact({ ...e, ...Object.fromEntries(fields.map((f) => [f, undefined])) }));

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const found = compact({
      username: usernameProblem(username),
      displayName: nameProblem(displayName),
      role: role ? undefined : 'Chọn vai trò của cán bộ.',
      department: departmentProblem(role, department, intake),
      password: passwordProblem(password),
    });
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length || !role) return;
    await send(async () => {
      const rule = departmentRule(role, intake);
      const { staff } = await api.addStaff({
        username: username.trim(),
        displayName,
        role,
        ...(rule === 'intake' ? {} : { department: department || null }),
        password,
      });
      onDone(staff.username, {
        vi: `Đã thêm tài khoản ${staff.username} — ${staff.displayName} (${staff.roleLabel.vi}). Cán bộ đăng nhập được ngay bằng mật khẩu vừa đặt.`,
        en: `Account ${staff.username} added (${staff.roleLabel.en}); it can sign in now with the password you set.`,
      });
    });
  };

  return (
    <Modal title="Thêm tài khoản cán bộ" titleEn="Add a staff account" onClose={onClose} testId="add-staff-dialog">
      <form onSubmit={submit} noValidate class={s.form}>
        <div class={s.grid}>
          <Field label="Tên đăng nhập" required hint="3–64 chữ cái không dấu, chữ số, dấu . _ -, ví dụ lan.nt" error={errors.username}>
            <input
              value={username}
              autocomplete="off"
              autoCapitalize="off"
              spellcheck={false}
              aria-invalid={!!errors.username}
              onInput={(e) => (setUsername(e.currentTarget.value), clear('username'))}
              data-testid="staff-username"
            />
          </Field>
          <Field label="Họ và tên" required hint="In trên giấy hẹn khi cán bộ này tiếp nhận hồ sơ." error={errors.displayName}>
            <input value={displayName} autocomplete="off" aria-invalid={!!errors.displayName} onInput={(e) => (setDisplayName(e.currentTarget.value), clear('displayName'))} data-testid="staff-name" />
          </Field>
          <RoleField value={role} onChange={(r) => (setRole(r), clear('role', 'department'))} error={errors.role} />
          <DepartmentField role={role} value={department} onChange={(d) => (setDepartment(d), clear('department'))} departments={departments} error={errors.department} />
          <Field wide label="Mật khẩu ban đầu" required hint={`Ít nhất ${PASSWORD_MIN_LENGTH} ký tự. Trao mật khẩu này trực tiếp cho cán bộ.`} error={errors.password}>
            <PasswordInput value={password} onInput={(v) => (setPassword(v), clear('password'))} invalid={!!errors.password} testId="staff-password" />
          </Field>
        </div>
        <ErrorBox error={failure} />
        <div class={s.formActions}>
          <button type="button" class={s.secondary} onClick={onClose}>
            Hủy
          </button>
          <button type="submit" class={s.primary} disabled={busy} data-testid="staff-submit">
            {busy ? 'Đang thêm…' : 'Thêm tài khoản'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

interface EditProps extends DialogProps {
  readonly account: StaffAccount;
  readonly me: StaffMe;
}

export function EditStaffDialog({ account, me, departments, onClose, onDone, onAuthError }: EditProps) {
  const self = account.username === me.username;
  return (
    <Modal title={account.displayName} titleEn={`${account.username} · ${account.roleLabel.en}${account.active ? '' : ' · deactivated'}`} onClose={onClose} testId="edit-staff-dialog">
      <DetailsForm account={account} self={self} departments={departments} onDone={onDone} onAuthError={onAuthError} />
      <PasswordForm account={account} self={self} onDone={onDone} onAuthError={onAuthError} />
      <ActiveForm account={account} self={self} onDone={onDone} onAuthError={onAuthError} />
    </Modal>
  );
}

type SectionProps = Pick<DialogProps, 'onDone' | 'onAuthError'> & { readonly account: StaffAccount; readonly self: boolean };

function DetailsForm({ account, self, departments, onDone, onAuthError }: SectionProps & { readonly departments: DepartmentList }) {
  const [displayName, setDisplayName] = useState(account.displayName);
  const [role, setRole] = useState<Role>(account.role);
  const [department, setDepartment] = useState(account.department?.code ?? '');
  const { errors, setErrors, failure, setFailure, busy, send } = useFieldsForm(onAuthError);
  const intake = departments.intakeDepartment;
  const rule = departmentRule(role, intake);
  const nextDepartment = rule === 'intake' ? intake!.code : department;

  const patch: StaffUpdateRequest = {
    ...(displayName.trim().replace(/\s+/g, ' ') !== account.displayName ? { displayName } : {}),
    ...(role !== account.role ? { role } : {}),
    ...(nextDepartment !== (account.department?.code ?? '') ? { department: rule === 'intake' ? null : department || null } : {}),
  };
  const changed = Object.keys(patch).length > 0;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy || !changed) return;
    // The department rule is checked when the role or the department changes, as the server does: an
    // older account without one can still be renamed.
    const movesRoleOrDepartment = patch.role !== undefined || patch.department !== undefined;
    const found = compact({ displayName: nameProblem(displayName), department: movesRoleOrDepartment ? departmentProblem(role, department, intake) : undefined });
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length) return;
    await send(async () => {
      const { staff } = await api.updateStaff(account.username, patch);
      onDone(staff.username, { vi: `Đã lưu thay đổi của tài khoản ${staff.username}.`, en: `Changes to ${staff.username} saved.` });
    });
  };

  return (
    <form onSubmit={submit} noValidate class={s.section} aria-labelledby="staff-details">
      <h3 id="staff-details" class={s.sectionTitle}>
        Thông tin tài khoản <span lang="en">Details</span>
      </h3>
      <div class={s.grid}>
        <Field label="Tên đăng nhập" hint="Không đổi được: tên này gắn với lịch sử hồ sơ.">
          <span class={s.fixed}>{account.username}</span>
        </Field>
        <Field label="Họ và tên" required error={errors.displayName}>
          <input value={displayName} autocomplete="off" aria-invalid={!!errors.displayName} onInput={(e) => (setDisplayName(e.currentTarget.value), setErrors((x) => ({ ...x, displayName: undefined })))} data-testid="staff-name" />
        </Field>
        <RoleField value={role} onChange={(r) => (setRole(r), setErrors((e) => ({ ...e, department: undefined })))} />
        <DepartmentField role={role} value={department} onChange={(d) => (setDepartment(d), setErrors((e) => ({ ...e, department: undefined })))} departments={departments} error={errors.department} />
      </div>
      {self && account.role === 'admin' && role !== 'admin' && (
        <p class={s.warn} role="note">
          Bạn đang bỏ quyền quản trị của chính mình: sau khi lưu, bạn không mở được màn hình này nữa.
        </p>
      )}
      <ErrorBox error={failure} />
      <div class={s.formActions}>
        <button type="submit" class={s.primary} disabled={busy || !changed} data-testid="staff-save">
          {busy ? 'Đang lưu…' : 'Lưu thay đổi'}
        </button>
      </div>
    </form>
  );
}

function PasswordForm({ account, self, onDone, onAuthError }: SectionProps) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const problem = passwordProblem(password);
    setError(problem);
    setFailure(null);
    if (problem) return;
    setBusy(true);
    try {
      const { staff, sessionsEnded }: StaffChanged = await api.resetStaffPassword(account.username, password);
      onDone(
        staff.username,
        ended(sessionsEnded, `Đã đặt mật khẩu mới cho ${staff.username}. Hãy trao mật khẩu mới trực tiếp cho cán bộ.`, `New password set for ${staff.username}.`),
      );
    } catch (e) {
      if (onAuthError(e)) return;
      const { fields, box } = splitError(e);
      setError(fields.password);
      setFailure(box);
      setBusy(false);
    }
  };

  const sessions = account.openSessions;
  return (
    <form onSubmit={submit} noValidate class={s.section} aria-labelledby="staff-password">
      <h3 id="staff-password" class={s.sectionTitle}>
        Đặt lại mật khẩu <span lang="en">New password</span>
      </h3>
      <p class={s.explain}>
        {self
          ? 'Bạn vẫn đăng nhập trên máy này; mọi phiên đăng nhập khác của bạn sẽ kết thúc.'
          : `Cán bộ sẽ bị đăng xuất khỏi mọi máy đang dùng${sessions > 0 ? ` (${sessions} phiên đang mở)` : ''} và đăng nhập lại bằng mật khẩu mới.`}
      </p>
      <div class={s.inlineForm}>
        <Field label="Mật khẩu mới" required hint={`Ít nhất ${PASSWORD_MIN_LENGTH} ký tự.`} error={error}>
          <PasswordInput value={password} onInput={(v) => (setPassword(v), setError(undefined))} invalid={!!error} testId="staff-new-password" />
        </Field>
        <button type="submit" class={s.secondary} disabled={busy} data-testid="staff-reset-password">
          {busy ? 'Đang đặt…' : 'Đặt mật khẩu mới'}
        </button>
      </div>
      <ErrorBox error={failure} />
    </form>
  );
}

function ActiveForm({ account, self, onDone, onAuthError }: SectionProps) {
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const deactivate = account.active;

  const apply = async () => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      const { staff, sessionsEnded } = await api.updateStaff(account.username, { active: !deactivate });
      onDone(
        staff.username,
        deactivate
          ? ended(sessionsEnded, `Đã khóa tài khoản ${staff.username}: không đăng nhập được nữa.`, `Account ${staff.username} deactivated: it can no longer sign in.`)
          : { vi: `Đã mở khóa tài khoản ${staff.username}: cán bộ đăng nhập lại được.`, en: `Account ${staff.username} reactivated: it can sign in again.` },
      );
    } catch (e) {
      if (onAuthError(e)) return;
      setFailure(asApiError(e));
      setConfirming(false);
      setBusy(false);
    }
  };

  return (
    <section class={cx(s.section, deactivate && s.dangerSection)} aria-labelledby="staff-active">
      <h3 id="staff-active" class={s.sectionTitle}>
        {deactivate ? 'Khóa tài khoản' : 'Mở khóa tài khoản'} <span lang="en">{deactivate ? 'Deactivate' : 'Reactivate'}</span>
      </h3>
      {deactivate ? (
        self ? (
          <p class={s.explain}>Bạn không thể tự khóa tài khoản đang dùng để đăng nhập. Nhờ một quản trị viên khác nếu cần.</p>
        ) : (
          <p class={s.explain}>
            Tài khoản bị khóa không đăng nhập được và mọi phiên đang mở kết thúc ngay. Hồ sơ và lịch sử cán bộ đã xử lý vẫn giữ nguyên; có thể mở khóa lại bất cứ lúc nào.
          </p>
        )
      ) : (
        <p class={s.explain}>Cán bộ sẽ đăng nhập lại được bằng mật khẩu hiện có (hoặc đặt mật khẩu mới ở trên trước khi mở khóa).</p>
      )}
      <ErrorBox error={failure} />
      {!(deactivate && self) &&
        (confirming ? (
          <div class={s.confirm} role="group" aria-label="Xác nhận">
            <p>
              Khóa tài khoản <strong>{account.username}</strong> ({account.displayName})?
            </p>
            <div class={s.confirmButtons}>
              <button type="button" class={s.secondary} onClick={() => setConfirming(false)} disabled={busy}>
                Không
              </button>
              <button type="button" class={s.danger} onClick={() => void apply()} disabled={busy} data-testid="staff-confirm-deactivate">
                {busy ? 'Đang khóa…' : 'Khóa tài khoản'}
              </button>
            </div>
          </div>
        ) : (
          <div class={s.formActions}>
            <button
              type="button"
              class={deactivate ? s.dangerOutline : s.secondary}
              onClick={() => (deactivate ? setConfirming(true) : void apply())}
              disabled={busy}
              data-testid={deactivate ? 'staff-deactivate' : 'staff-activate'}
            >
              {deactivate ? 'Khóa tài khoản…' : busy ? 'Đang mở khóa…' : 'Mở khóa tài khoản'}
            </button>
          </div>
        ))}
    </section>
  );
}
