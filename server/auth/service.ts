/** Staff accounts and sessions: who is signed in, and adding accounts from the command line. */
import { createHash, randomBytes } from 'node:crypto';
import { PASSWORD_MIN_LENGTH } from '../../shared/accounts.ts';
import { PRINTABLE, type StaffMe } from '../../shared/contracts.ts';
import { formatVnShort, toVnIso } from '../../shared/time.ts';
import { tidy } from '../../shared/text.ts';
import { ROLE_KEYS, type Role } from '../../shared/vocabulary.ts';
import type { AuditRepo } from '../audit/repo.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { AppError, fail } from '../errors.ts';
import { FORGET_AFTER_HOURS, type LoginFailure, lockMinutes } from './lockout.ts';
import { DUMMY_HASH, HashQueueFull, hashPasswordSync, verifyPassword } from './password.ts';
import type { AuthRepo, StaffRow } from './repo.ts';

/** The signed-in member of staff, as the routes see them. */
export interface Staff {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly department: { code: string; name: string } | null;
}

export const SESSION_COOKIE = 'motcua_session';
export const MIN_PASSWORD_LENGTH = PASSWORD_MIN_LENGTH;

/** How a session token is stored (a stolen database holds no live session). */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function toStaff(row: StaffRow): Staff {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    department: row.department_code ? { code: row.department_code, name: row.department_name ?? row.department_code } : null,
  };
}

export function toMe(staff: Staff): StaffMe {
  return { username: staff.username, displayName: staff.displayName, role: staff.role, department: staff.department };
}

export type AuthService = ReturnType<typeof authService>;

/** The answer to a login on a locked name: when to try again (the hour in the message, the instant in details). */
export function lockedError(until: Date, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  const at = formatVnShort(until).slice(0, 5);
  return new AppError(
    'ACCOUNT_LOCKED',
    { retryAt: toVnIso(until), retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)) },
    // Vietnamese, as every message; the English wording is the code's (shared/errors.ts), the time in details.
    `Tài khoản tạm khóa vì đăng nhập sai nhiều lần liên tiếp: thử lại sau ${at} (khoảng ${minutes} phút), hoặc nhờ quản trị viên mở khóa.`,
  );
}

export function authService({ db, repo, audit, clock, sessionHours }: { db: Db; repo: AuthRepo; audit: AuditRepo; clock: Clock; sessionHours: number }) {
  const lockedUntil = (name: string, now: Date): Date | null => {
    const until = repo.failuresOf(name)?.locked_until;
    return until && Date.parse(until) > now.getTime() ? new Date(until) : null;
  };

  /** One audit row per failed login: the name tried, why, from where. Never the password. */
  const recordFailure = (name: string, reason: LoginFailure, address: string, at: Date) =>
    audit.recordSystem({ at: toVnIso(at), action: 'login_failed', detail: { username: name, reason, address } });

  /**
   * A wrong password (or an unknown name) counts towards the name's lock, in the transaction that
   * audits it; one that lands while the name is locked (raced with another) is not counted again.
   */
  const countFailure = (name: string, reason: LoginFailure, address: string, now: Date): Date | null =>
    db
      .transaction(() => {
        const at = toVnIso(now);
        repo.forgetFailures(toVnIso(new Date(now.getTime() - FORGET_AFTER_HOURS * 3_600_000)), at);
        const locked = lockedUntil(name, now);
        if (locked) {
          recordFailure(name, 'locked', address, now);
          return locked;
        }
        const failures = (repo.failuresOf(name)?.failures ?? 0) + 1;
        const minutes = lockMinutes(failures);
        const until = minutes ? new Date(now.getTime() + minutes * 60_000) : null;
        repo.setFailures({ username: name, failures, locked_until: until ? toVnIso(until) : null, at });
        recordFailure(name, reason, address, now);
        return until;
      })
      .immediate();

  return {
    /**
     * Returns the new session token (the cookie value), or throws INVALID_CREDENTIALS, or ACCOUNT_LOCKED
     * while the name is locked — even with the right password. The hash runs on the thread pool.
     */
    async login(username: string, password: string, address: string): Promise<{ token: string; staff: Staff; expiresAt: Date }> {
      const name = tidy(username);
      const before = clock();
      const locked = lockedUntil(name, before);
      if (locked) {
        // No hash is spent on a locked name, known or not: the lock already says it is locked.
        db.transaction(() => recordFailure(name, 'locked', address, before)).immediate();
        throw lockedError(locked, before);
      }
      const row = repo.staffByUsername(name);
      let ok: boolean;
      try {
        ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
      } catch (e) {
        if (!(e instanceof HashQueueFull)) throw e;
        // A storm of logins: refused unchecked (not counted towards the lock), and recorded.
        db.transaction(() => recordFailure(name, 'busy', address, clock())).immediate();
        throw new AppError('LOGIN_BUSY');
      }
      // The hash took time: what holds now (a lock set by a concurrent failure, a deactivation) decides.
      const now = clock();
      const current = row ? repo.staffByUsername(name) : undefined;
      if (!current || !ok) {
        const until = countFailure(name, current ? 'wrong-password' : 'unknown-user', address, now);
        if (until) throw lockedError(until, now);
        throw new AppError('INVALID_CREDENTIALS');
      }
      const stillLocked = lockedUntil(name, now);
      if (stillLocked) {
        db.transaction(() => recordFailure(name, 'locked', address, now)).immediate();
        throw lockedError(stillLocked, now);
      }
      if (current.active !== 1) {
        // The right password on a deactivated account: the same answer as a wrong one, not counted.
        db.transaction(() => recordFailure(name, 'inactive', address, now)).immediate();
        throw new AppError('INVALID_CREDENTIALS');
      }
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000);
      db.transaction(() => {
        repo.clearFailures(name);
        repo.addSession({ token_hash: hashToken(token), staff_id: current.id, created_at: toVnIso(now), expires_at: toVnIso(expiresAt) });
      }).immediate();
      return { token, staff: toStaff(current), expiresAt };
    },
    logout(token: string | undefined): void {
      if (token) repo.removeSession(hashToken(token));
    },
    staffForToken(token: string | undefined): Staff | null {
      if (!token) return null;
      const row = repo.staffBySession(hashToken(token), toVnIso(clock()));
      return row ? toStaff(row) : null;
    },
  };
}

export interface NewStaff {
  username: string;
  password: string;
  role: string;
  displayName?: string;
  department?: string | undefined;
  fictional?: boolean;
}

/** Adds an account (CLI and demo seeding). Errors are plain messages for a terminal. */
export function addStaffAccount(
  repo: AuthRepo,
  departmentExists: (code: string) => boolean,
  clock: Clock,
  input: NewStaff,
): Staff {
  const username = tidy(input.username);
  if (!/^[A-Za-z0-9._-]{3,64}$/.test(username)) fail('VALIDATION_FAILED', undefined, 'username: 3–64 letters, digits, ".", "_" or "-"');
  if (!(ROLE_KEYS as string[]).includes(input.role)) fail('VALIDATION_FAILED', undefined, `role must be one of ${ROLE_KEYS.join(', ')}`);
  if (input.password.length < MIN_PASSWORD_LENGTH || !/\S/.test(input.password)) {
    fail('VALIDATION_FAILED', undefined, `password: at least ${MIN_PASSWORD_LENGTH} characters, not only spaces`);
  }
  const displayName = tidy(input.displayName ?? username);
  // The name is printed on receipts as the receiving officer's.
  if (!new RegExp(`^${PRINTABLE}{2,120}$`, 'u').test(displayName)) {
    fail('VALIDATION_FAILED', undefined, 'name: 2–120 printable characters (it is printed on receipts)');
  }
  if (input.department !== undefined && !departmentExists(input.department)) {
    fail('VALIDATION_FAILED', undefined, `unknown department "${input.department}"`);
  }
  if (repo.staffByUsername(username)) fail('VALIDATION_FAILED', undefined, `username "${username}" is taken`);
  repo.addStaff({
    username,
    display_name: displayName,
    role: input.role as Role,
    department_code: input.department ?? null,
    password_hash: hashPasswordSync(input.password.normalize('NFC')),
    fictional: input.fictional ? 1 : 0,
    created_at: toVnIso(clock()),
  });
  const row = repo.staffByUsername(username);
  if (!row) throw new Error('account vanished after insert');
  return toStaff(row);
}
