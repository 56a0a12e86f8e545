/** Staff accounts and sessions: who is signed in, and adding accounts from the command line. */
import { createHash, randomBytes } from 'node:crypto';
import { PASSWORD_MIN_LENGTH } from '../../shared/accounts.ts';
import { PRINTABLE, type StaffMe } from '../../shared/contracts.ts';
import { toVnIso } from '../../shared/time.ts';
import { tidy } from '../../shared/text.ts';
import { ROLE_KEYS, type Role } from '../../shared/vocabulary.ts';
import type { Clock } from '../clock.ts';
import { AppError, fail } from '../errors.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.ts';
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

export function authService(repo: AuthRepo, clock: Clock, sessionHours: number) {
  return {
    /** Returns the new session token (the cookie value) or throws INVALID_CREDENTIALS. */
    login(username: string, password: string): { token: string; staff: Staff; expiresAt: Date } {
      const row = repo.staffByUsername(tidy(username));
      const ok = verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
      if (!row || !ok || row.active !== 1) throw new AppError('INVALID_CREDENTIALS');
      const token = randomBytes(32).toString('base64url');
      const now = clock();
      const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000);
      repo.addSession({ token_hash: hashToken(token), staff_id: row.id, created_at: toVnIso(now), expires_at: toVnIso(expiresAt) });
      return { token, staff: toStaff(row), expiresAt };
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
    password_hash: hashPassword(input.password.normalize('NFC')),
    fictional: input.fictional ? 1 : 0,
    created_at: toVnIso(clock()),
  });
  const row = repo.staffByUsername(username);
  if (!row) throw new Error('account vanished after insert');
  return toStaff(row);
}
