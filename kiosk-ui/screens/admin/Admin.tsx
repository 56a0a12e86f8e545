/**
 * /admin — the centre's staff accounts, for administrators: who may sign in, in which role and
 * department; add an account, change it, set a new password, deactivate or reactivate it. The server
 * decides who may (403 FORBIDDEN), so this screen and the API never disagree about roles.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { CentreInfo, DepartmentList, StaffAccount, StaffMe } from '../../../shared/contracts.ts';
import { parseIsoInstant, vnParts } from '../../../shared/time.ts';
import { ROLES, ROLE_KEYS, type Role, can } from '../../../shared/vocabulary.ts';
import { NotAllowed } from '../../components/NotAllowed/NotAllowed.tsx';
import { StaffScreen } from '../../components/StaffScreen.tsx';
import { type Session, useTitle } from '../../components/session.ts';
import { type ApiError, api, asApiError } from '../../lib/api.ts';
import { clockTime } from '../../lib/format.ts';
import { cx } from '../../lib/status.ts';
import { AddStaffDialog, type Done, EditStaffDialog } from './StaffDialogs.tsx';
import { folded } from './staff-form.ts';
import s from './admin.module.css';

const SCREEN = 'Quản trị tài khoản cán bộ';

export default function Admin() {
  useTitle(`${SCREEN} · MotCua`);
  return (
    <StaffScreen title={SCREEN} loginEn="Staff accounts — administrator sign-in" pageClass={s.page}>
      {({ session, staff, centre }) => <StaffAdmin key={staff.username} session={session} me={staff} centre={centre} />}
    </StaffScreen>
  );
}

type StateFilter = 'active' | 'inactive' | 'all';
type Dialog = { readonly kind: 'add' } | { readonly kind: 'edit'; readonly username: string };

const ROLE_ORDER = new Map(ROLE_KEYS.map((r, i) => [r, i]));
const byRoleThenName = (a: StaffAccount, b: StaffAccount) =>
  Number(b.active) - Number(a.active) || ROLE_ORDER.get(a.role)! - ROLE_ORDER.get(b.role)! || a.displayName.localeCompare(b.displayName, 'vi');

function day(iso: string): string {
  const d = parseIsoInstant(iso);
  if (!d) return iso;
  const p = vnParts(d);
  return `${String(p.day).padStart(2, '0')}/${String(p.month).padStart(2, '0')}/${p.year}`;
}

function StaffAdmin({ session, me, centre }: { readonly session: Session; readonly me: StaffMe; readonly centre: CentreInfo | null }) {
  const [staff, setStaff] = useState<StaffAccount[] | null>(null);
  const [departments, setDepartments] = useState<DepartmentList | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [done, setDone] = useState<(Done & { readonly username: string }) | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [query, setQuery] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [shown, setShown] = useState<StateFilter>('all');
  const { handleAuthError } = session;

  const load = useCallback(async () => {
    try {
      const [list, depts] = await Promise.all([api.staffList(), api.departments()]);
      setStaff(list.staff);
      setDepartments(depts);
      setError(null);
    } catch (e) {
      if (handleAuthError(e)) return;
      const err = asApiError(e);
      if (err.code === 'FORBIDDEN') setForbidden(true);
      else setError(err);
    }
  }, [handleAuthError]);

  useEffect(() => void load(), [load]);

  const finished = useCallback(
    (username: string, result: Done) => {
      setDialog(null);
      setDone({ ...result, username });
      void load(); // the new state, and the open sessions it ended
    },
    [load],
  );

  // Lifting a lock from repeated failed logins: one press, audited on the server, no dialog needed.
  const [unlocking, setUnlocking] = useState<string | null>(null);
  const unlock = async (username: string) => {
    setUnlocking(username);
    try {
      await api.unlockStaff(username);
      finished(username, { vi: `Đã mở khóa đăng nhập cho «${username}»: tài khoản đăng nhập lại được ngay.`, en: `Unlocked "${username}": it can sign in again now.` });
    } catch (e) {
      if (handleAuthError(e)) return;
      const err = asApiError(e);
      setDone({ vi: `Không mở khóa được «${username}»: ${err.message}`, en: err.messageEn ?? '', username });
    } finally {
      setUnlocking(null);
    }
  };

  const visible = useMemo(() => {
    if (!staff) return [];
    const q = folded(query.trim());
    return staff
      .filter((a) => (shown === 'all' ? true : shown === 'active' ? a.active : !a.active))
      .filter((a) => !role || a.role === role)
      .filter((a) => !q || folded(`${a.displayName} ${a.username} ${a.department?.name ?? ''}`).includes(q))
      .sort(byRoleThenName);
  }, [staff, query, role, shown]);

  if (forbidden) {
    return (
      <NotAllowed
        staff={me}
        centre={centre}
        title="Tài khoản này không có quyền quản trị tài khoản cán bộ"
        refusal="không được quản lý tài khoản cán bộ. Màn hình này chỉ dành cho quản trị hệ thống."
        testId="admin-forbidden"
        onSignedIn={session.signedIn}
      >
        <p lang="en">This account may not manage staff accounts. Please sign in as an administrator.</p>
        {can(me.role, 'intake') && (
          <p>
            <a href="/counter">Mở quầy tiếp nhận hồ sơ</a>
          </p>
        )}
        {can(me.role, 'supervise') && (
          <p>
            <a href="/supervisor">Mở màn hình giám sát</a>
          </p>
        )}
      </NotAllowed>
    );
  }

  if (!staff || !departments) {
    return error ? (
      <main class={s.main}>
        <div class={s.errorBox} role="alert">
          <p>Không tải được danh sách tài khoản: {error.message}</p>
          {error.messageEn && <p lang="en">{error.messageEn}</p>}
          <button type="button" class={s.secondary} onClick={() => void load()}>
            Thử lại
          </button>
        </div>
      </main>
    ) : (
      <div class="app-loading">Đang tải danh sách tài khoản…</div>
    );
  }

  const count = (f: StateFilter) => staff.filter((a) => (f === 'all' ? true : f === 'active' ? a.active : !a.active)).length;
  const editing = dialog?.kind === 'edit' ? staff.find((a) => a.username === dialog.username) : undefined;

  return (
    <main class={s.main}>
      <div class={s.toolbar}>
        <div>
          <h1 class={s.title}>Tài khoản cán bộ</h1>
          <p class={s.subtitle}>
            <span lang="en">Staff accounts</span> · {count('active')} đang hoạt động
            {count('inactive') > 0 && `, ${count('inactive')} đã khóa`}
          </p>
        </div>
        <button type="button" class={s.primary} onClick={() => setDialog({ kind: 'add' })} data-testid="add-staff">
          <span aria-hidden="true">＋</span> Thêm cán bộ
        </button>
      </div>

      {done && (
        <div class={s.notice} role="status" data-testid="admin-notice">
          <div>
            <p>{done.vi}</p>
            <p lang="en">{done.en}</p>
          </div>
          <button type="button" class={s.noticeClose} onClick={() => setDone(null)} aria-label="Ẩn thông báo / Dismiss">
            ×
          </button>
        </div>
      )}
      {error && (
        <div class={s.errorBox} role="alert">
          <p>Không làm mới được danh sách ({error.message}); đang hiển thị danh sách cũ.</p>
        </div>
      )}

      <section class={s.card} aria-label="Danh sách tài khoản">
        <div class={s.filters}>
          <label class={s.search}>
            <span class="visually-hidden">Tìm cán bộ</span>
            <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
              <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2" />
              <path d="m13 13 4.5 4.5" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
            </svg>
            <input type="search" placeholder="Tìm theo họ tên, tên đăng nhập, phòng ban…" value={query} onInput={(e) => setQuery(e.currentTarget.value)} data-testid="staff-search" />
          </label>
          <label class={s.roleFilter}>
            <span class="visually-hidden">Vai trò</span>
            <select value={role} onChange={(e) => setRole(e.currentTarget.value as Role | '')}>
              <option value="">Tất cả vai trò</option>
              {ROLE_KEYS.map((r) => (
                <option key={r} value={r}>
                  {ROLES[r].vi}
                </option>
              ))}
            </select>
          </label>
          <div class={s.segments} role="group" aria-label="Trạng thái tài khoản">
            {(
              [
                ['all', 'Tất cả'],
                ['active', 'Đang hoạt động'],
                ['inactive', 'Đã khóa'],
              ] as const
            ).map(([f, label]) => (
              <button key={f} type="button" class={cx(s.segment, shown === f && s.segmentOn)} aria-pressed={shown === f} onClick={() => setShown(f)}>
                {label} <span class={s.segmentCount}>{count(f)}</span>
              </button>
            ))}
          </div>
        </div>

        <div class={s.tableWrap}>
          <table class={s.table} role="table">
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">
                  Cán bộ
                </th>
                <th scope="col" role="columnheader">
                  Vai trò
                </th>
                <th scope="col" role="columnheader">
                  Phòng ban
                </th>
                <th scope="col" role="columnheader">
                  Trạng thái
                </th>
                <th scope="col" role="columnheader" class={s.createdHead}>
                  Ngày tạo
                </th>
                <th scope="col" role="columnheader">
                  <span class="visually-hidden">Thao tác</span>
                </th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {visible.map((a) => (
                <tr key={a.username} role="row" class={cx(!a.active && s.inactiveRow, done?.username === a.username && s.changedRow)} data-testid="staff-row">
                  <td role="cell" class={s.who}>
                    <p class={s.name}>
                      {a.displayName}
                      {a.username === me.username && <span class={s.me}>Bạn</span>}
                    </p>
                    <p class={s.username}>{a.username}</p>
                  </td>
                  <td role="cell" class={s.role}>
                    <span class={cx(s.roleTag, s[`role-${a.role}`])}>{a.roleLabel.vi}</span>
                    <span class={s.roleEn} lang="en">
                      {a.roleLabel.en}
                    </span>
                  </td>
                  <td role="cell" class={s.dept}>
                    <span class={s.cellLabel}>Phòng ban: </span>
                    {a.department ? a.department.name : <span class={s.none}>Không thuộc phòng ban</span>}
                  </td>
                  <td role="cell" class={s.state}>
                    <span class={cx(s.badge, a.active ? s.badgeOn : s.badgeOff)}>{a.active ? 'Đang hoạt động' : 'Đã khóa'}</span>
                    {a.openSessions > 0 && <span class={s.sessions}>Đang đăng nhập · {a.openSessions} phiên</span>}
                    {a.lockedUntil && (
                      <span class={s.locked} data-testid="staff-locked" title={`Locked after repeated failed logins, until ${clockTime(a.lockedUntil)}`}>
                        Tạm khóa đăng nhập đến {clockTime(a.lockedUntil)} (sai mật khẩu nhiều lần)
                      </span>
                    )}
                  </td>
                  <td role="cell" class={s.created}>
                    <span class={s.cellLabel}>Tạo ngày </span>
                    {day(a.createdAt)}
                  </td>
                  <td role="cell" class={s.actions}>
                    {a.lockedUntil && (
                      <button type="button" class={cx(s.rowButton, s.unlockButton)} onClick={() => void unlock(a.username)} disabled={unlocking === a.username} aria-label={`Mở khóa đăng nhập cho ${a.username}`} data-testid="unlock-staff">
                        {unlocking === a.username ? 'Đang mở…' : 'Mở khóa'}
                      </button>
                    )}
                    <button type="button" class={s.rowButton} onClick={() => setDialog({ kind: 'edit', username: a.username })} aria-label={`Sửa tài khoản ${a.username}`} data-testid="edit-staff">
                      Sửa
                    </button>
                  </td>
                </tr>
              ))}
              {visible.length === 0 && (
                <tr>
                  <td colSpan={6} class={s.empty}>
                    {staff.length === 0 ? 'Chưa có tài khoản nào.' : 'Không có tài khoản nào khớp bộ lọc.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>

      <p class={s.footnote}>
        Mọi thay đổi được ghi vào nhật ký kiểm tra cùng tài khoản quản trị đã thực hiện (không bao giờ ghi mật khẩu).{' '}
        <span lang="en">Every change is recorded in the audit log with the administrator who made it (never a password).</span>
      </p>

      {dialog?.kind === 'add' && (
        <AddStaffDialog departments={departments} onClose={() => setDialog(null)} onDone={finished} onAuthError={handleAuthError} />
      )}
      {editing && (
        <EditStaffDialog account={editing} me={me} departments={departments} onClose={() => setDialog(null)} onDone={finished} onAuthError={handleAuthError} />
      )}
    </main>
  );
}
