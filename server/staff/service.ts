/**
 * Managing staff accounts: the rules the /admin screen and `motcua users` share. Every change is one
 * BEGIN IMMEDIATE transaction with its audit row, so two administrators (or the screen and the command
 * line) can never both remove an administrator and leave the centre with none.
 */
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USERNAME_PATTERN } from '../../shared/accounts.ts';
import { PRINTABLE, type DepartmentList, type StaffAccount, type StaffChanged, type StaffCreateRequest, type StaffUpdateRequest } from '../../shared/contracts.ts';
import { errorMessage } from '../../shared/errors.ts';
import { tidy } from '../../shared/text.ts';
import { toVnIso } from '../../shared/time.ts';
import { ROLES, ROLE_KEYS, type Role } from '../../shared/vocabulary.ts';
import type { AuditRepo, StaffAction } from '../audit/repo.ts';
import { HashQueueFull, hashPassword, hashPasswordSync } from '../auth/password.ts';
import { type Staff, hashToken } from '../auth/service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { AppError, fail, invalidField } from '../errors.ts';
import type { StaffAccountRow, StaffRepo } from './repo.ts';

/** Who makes a change: an administrator on the screen (their session), or an OS account on the command line. */
export type StaffActor =
  | { readonly kind: 'staff'; readonly staff: Staff; readonly sessionToken?: string | undefined }
  | { readonly kind: 'os'; readonly user: string };

const USERNAME = new RegExp(USERNAME_PATTERN);
const STAFF_NAME = new RegExp(`^(?=.*\\S)${PRINTABLE}{2,120}$`, 'u');
/** Officers process dossiers in their department and leaders sign for theirs: neither works without one. */
const NEEDS_DEPARTMENT: readonly Role[] = ['officer', 'leader'];

/** A hash on the thread pool; in a storm of logins that fills its queue, a 503 the admin can retry. */
async function hashed(password: string): Promise<string> {
  try {
    return await hashPassword(password);
  } catch (e) {
    if (e instanceof HashQueueFull) throw new AppError('LOGIN_BUSY');
    throw e;
  }
}

function checkPassword(password: string): void {
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH || !/\S/.test(password)) invalidField('password');
}

function checkName(name: string): string {
  const tidied = tidy(name);
  if (!STAFF_NAME.test(tidied)) invalidField('displayName');
  return tidied;
}

function checkRole(role: string): Role {
  if (!(ROLE_KEYS as string[]).includes(role)) invalidField('role');
  return role as Role;
}

export function toAccount(row: StaffAccountRow): StaffAccount {
  return {
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    roleLabel: ROLES[row.role],
    department: row.department_code ? { code: row.department_code, name: row.department_name ?? row.department_code } : null,
    active: row.active === 1,
    openSessions: row.open_sessions,
    createdAt: row.created_at,
    fictional: row.fictional === 1,
    lockedUntil: row.locked_until,
  };
}

export type StaffService = ReturnType<typeof staffService>;

export function staffService({ db, repo, audit, clock }: { db: Db; repo: StaffRepo; audit: AuditRepo; clock: Clock }) {
  const now = () => toVnIso(clock());

  /** The clerks' department: where every procedure's first step (receiving the dossier) happens, if that is one place. */
  function intakeDepartment(): { code: string; name: string } | null {
    const found = repo.firstStepDepartments();
    return found.length === 1 ? found[0]! : null;
  }

  function find(username: string, at: string): StaffAccountRow {
    const row = repo.byUsername(tidy(username), at);
    if (!row) fail('STAFF_NOT_FOUND', { username }, `Không có tài khoản cán bộ với tên đăng nhập "${username}".`);
    return row;
  }

  /**
   * The department a role may have. `requested`: undefined = not given (keep `current`), null = none.
   * A clerk always works at the intake department when the catalogue names one: given or not.
   */
  function departmentFor(role: Role, requested: string | null | undefined, current: string | null): string | null {
    let code = requested === undefined ? current : requested;
    if (code !== null && !repo.department(code)) {
      fail('UNKNOWN_DEPARTMENT', [{ field: '/department', message: errorMessage('UNKNOWN_DEPARTMENT') }], `${errorMessage('UNKNOWN_DEPARTMENT')} (${code})`);
    }
    const intake = intakeDepartment();
    if (role === 'clerk' && intake) {
      if (requested === undefined || requested === null) code = intake.code;
      else if (code !== intake.code) {
        fail('CLERK_DEPARTMENT', [{ field: '/department', message: errorMessage('CLERK_DEPARTMENT') }], `${errorMessage('CLERK_DEPARTMENT')} (${intake.name})`);
      }
    }
    if (NEEDS_DEPARTMENT.includes(role) && code === null) {
      fail('DEPARTMENT_REQUIRED', [{ field: '/department', message: errorMessage('DEPARTMENT_REQUIRED') }]);
    }
    return code;
  }

  function record(actor: StaffActor, at: string, action: StaffAction, detail: Record<string, unknown>): void {
    if (actor.kind === 'staff') audit.recordStaff({ at, staff_id: actor.staff.id, action, detail });
    else audit.recordAdmin({ at, action, detail: { ...detail, by: actor.user } });
  }

  function checkNew(input: StaffCreateRequest) {
    const username = tidy(input.username);
    if (!USERNAME.test(username)) invalidField('username');
    const role = checkRole(input.role);
    checkPassword(input.password);
    const displayName = checkName(input.displayName);
    return { username, role, displayName, department: input.department };
  }

  function insertAccount(actor: StaffActor, input: ReturnType<typeof checkNew>, passwordHash: string): StaffAccount {
    const { username, role, displayName } = input;
    const at = now();
    return db
      .transaction(() => {
        if (repo.byUsername(username, at)) fail('USERNAME_TAKEN', { username }, `Tên đăng nhập "${username}" đã có người dùng; hãy chọn tên khác.`);
        const department = departmentFor(role, input.department, null);
        repo.insert({ username, display_name: displayName, role, department_code: department, password_hash: passwordHash, created_at: at });
        record(actor, at, 'add_staff', { username, displayName, role, department });
        return toAccount(find(username, at));
      })
      .immediate();
  }

  function storePassword(actor: StaffActor, username: string, passwordHash: string): StaffChanged {
    const at = now();
    return db
      .transaction(() => {
        const row = find(username, at);
        repo.setPassword(row.id, passwordHash);
        const keep = actor.kind === 'staff' && actor.staff.id === row.id && actor.sessionToken ? hashToken(actor.sessionToken) : null;
        const sessionsEnded = repo.endSessions(row.id, keep);
        record(actor, at, 'reset_password', { username: row.username, sessionsEnded });
        return { staff: toAccount(find(row.username, at)), sessionsEnded };
      })
      .immediate();
  }

  return {
    list(): StaffAccount[] {
      return repo.all(now()).map(toAccount);
    },

    departments(): DepartmentList {
      return { departments: repo.departments(), intakeDepartment: intakeDepartment() };
    },

    /** Adds an account; the password is hashed on the thread pool (the /admin screen's request path). */
    async create(actor: StaffActor, input: StaffCreateRequest): Promise<StaffAccount> {
      const checked = checkNew(input);
      // scrypt takes tens of milliseconds: off the event loop, and outside the transaction, which holds the database's write lock.
      return insertAccount(actor, checked, await hashed(input.password));
    },

    /** The same for the command line, which may hash on its own thread. */
    createSync(actor: StaffActor, input: StaffCreateRequest): StaffAccount {
      return insertAccount(actor, checkNew(input), hashPasswordSync(input.password));
    },

    /** Changes the name, role, department or whether the account may sign in; deactivating ends its sessions. */
    update(actor: StaffActor, username: string, patch: StaffUpdateRequest): StaffChanged {
      const displayName = patch.displayName === undefined ? undefined : checkName(patch.displayName);
      const newRole = patch.role === undefined ? undefined : checkRole(patch.role);
      const at = now();
      return db
        .transaction(() => {
          const row = find(username, at);
          const role = newRole ?? row.role;
          const active = patch.active ?? row.active === 1;
          // Only a change of role or department is held to the department rules: deactivating an
          // account set up before them (from the command line) must never be refused for that.
          const department = patch.role !== undefined || patch.department !== undefined ? departmentFor(role, patch.department, row.department_code) : row.department_code;
          if (actor.kind === 'staff' && actor.staff.id === row.id && row.active === 1 && !active) fail('CANNOT_DEACTIVATE_SELF');
          const wasAdmin = row.role === 'admin' && row.active === 1;
          if (wasAdmin && !(role === 'admin' && active) && repo.activeAdmins() <= 1) fail('LAST_ADMIN');

          const changes: Record<string, { from: unknown; to: unknown }> = {};
          if (displayName !== undefined && displayName !== row.display_name) changes.displayName = { from: row.display_name, to: displayName };
          if (role !== row.role) changes.role = { from: row.role, to: role };
          if (department !== row.department_code) changes.department = { from: row.department_code, to: department };
          if (active !== (row.active === 1)) changes.active = { from: row.active === 1, to: active };
          if (Object.keys(changes).length === 0) return { staff: toAccount(row), sessionsEnded: 0 };

          repo.update({ id: row.id, display_name: displayName ?? row.display_name, role, department_code: department, active: active ? 1 : 0 }, at);
          // An account that may no longer sign in is signed out everywhere at once, not when its sessions expire.
          const sessionsEnded = changes.active && !active ? repo.endSessions(row.id) : 0;
          record(actor, at, 'change_staff', { username: row.username, changes, sessionsEnded });
          return { staff: toAccount(find(row.username, at)), sessionsEnded };
        })
        .immediate();
    },

    /**
     * Sets a new password the administrator typed, and signs the account out everywhere (whoever knew
     * the old one is out). An administrator resetting their own keeps the session they are using.
     * The password is hashed on the thread pool.
     */
    async resetPassword(actor: StaffActor, username: string, password: string): Promise<StaffChanged> {
      checkPassword(password);
      find(username, now()); // an unknown name is a 404 before any hashing
      return storePassword(actor, username, await hashed(password));
    },

    /** The same for the command line, which may hash on its own thread. */
    resetPasswordSync(actor: StaffActor, username: string, password: string): StaffChanged {
      checkPassword(password);
      find(username, now());
      return storePassword(actor, username, hashPasswordSync(password));
    },

    /**
     * Lifts the lock that repeated failed logins put on an account (and forgets its failures), before
     * the lock runs out. Audited; `wasLocked` false when there was no lock to lift.
     */
    unlock(actor: StaffActor, username: string): { staff: StaffAccount; wasLocked: boolean } {
      return db
        .transaction(() => {
          const at = now();
          const row = find(username, at);
          const wasLocked = row.locked_until !== null;
          const failures = repo.failedLogins(row.username);
          repo.clearFailedLogins(row.username);
          if (wasLocked || failures > 0) record(actor, at, 'unlock_staff', { username: row.username, wasLocked, failures });
          return { staff: toAccount(find(row.username, at)), wasLocked };
        })
        .immediate();
    },
  };
}
