/** SQL for staff accounts and sessions. */
import type { Db } from '../db/types.ts';
import { recordStaffState } from '../history/chains.ts';
import type { Role } from '../../shared/vocabulary.ts';

export interface StaffRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  department_code: string | null;
  department_name: string | null;
  password_hash: string;
  active: number;
}

export interface LoginFailuresRow {
  failures: number;
  locked_until: string | null;
}

const STAFF_COLUMNS = `s.id, s.username, s.display_name, s.role, s.department_code, d.name AS department_name, s.password_hash, s.active`;

export type AuthRepo = ReturnType<typeof authRepo>;

export function authRepo(db: Db) {
  const byUsername = db.prepare<[string], StaffRow>(
    `SELECT ${STAFF_COLUMNS} FROM staff s LEFT JOIN departments d ON d.code = s.department_code WHERE s.username = ?`,
  );
  const bySession = db.prepare<{ token_hash: string; now: string }, StaffRow>(
    `SELECT ${STAFF_COLUMNS} FROM sessions x JOIN staff s ON s.id = x.staff_id
     LEFT JOIN departments d ON d.code = s.department_code
     WHERE x.token_hash = @token_hash AND x.expires_at > @now AND s.active = 1`,
  );
  const insertStaff = db.prepare(
    `INSERT INTO staff (username, display_name, role, department_code, password_hash, fictional, created_at)
     VALUES (@username, @display_name, @role, @department_code, @password_hash, @fictional, @created_at)`,
  );
  const listStaff = db.prepare<[], StaffRow>(
    `SELECT ${STAFF_COLUMNS} FROM staff s LEFT JOIN departments d ON d.code = s.department_code ORDER BY s.role, s.username`,
  );
  const insertSession = db.prepare(
    'INSERT INTO sessions (token_hash, staff_id, created_at, expires_at) VALUES (@token_hash, @staff_id, @created_at, @expires_at)',
  );
  const deleteSession = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const deleteExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  // Failed logins in a row, by the name tried (migration 016).
  const failuresOf = db.prepare<[string], LoginFailuresRow>('SELECT failures, locked_until FROM login_failures WHERE username = ?');
  const upsertFailure = db.prepare(
    `INSERT INTO login_failures (username, failures, locked_until, last_failure_at) VALUES (@username, @failures, @locked_until, @at)
     ON CONFLICT (username) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, last_failure_at = excluded.last_failure_at`,
  );
  const clearFailures = db.prepare('DELETE FROM login_failures WHERE username = ?');
  const forgetFailures = db.prepare('DELETE FROM login_failures WHERE last_failure_at < @before AND (locked_until IS NULL OR locked_until <= @now)');

  return {
    staffByUsername: (username: string) => byUsername.get(username),
    staffBySession: (token_hash: string, now: string) => bySession.get({ token_hash, now }),
    staff: () => listStaff.all(),
    addStaff: (row: { username: string; display_name: string; role: Role; department_code: string | null; password_hash: string; fictional: number; created_at: string }) =>
      db.transaction(() => {
        const id = Number(insertStaff.run(row).lastInsertRowid);
        recordStaffState(db, id, row.created_at); // into the audit log, which `audit verify` compares the row with
        return id;
      })(),
    addSession: (row: { token_hash: string; staff_id: number; created_at: string; expires_at: string }) => {
      deleteExpired.run(row.created_at);
      insertSession.run(row);
    },
    removeSession: (token_hash: string) => deleteSession.run(token_hash),
    failuresOf: (username: string) => failuresOf.get(username),
    setFailures: (row: { username: string; failures: number; locked_until: string | null; at: string }) => upsertFailure.run(row),
    /** Forgets a name's failures (a success, an administrator's unlock); returns whether there were any. */
    clearFailures: (username: string) => clearFailures.run(username).changes > 0,
    /** Drops the rows of names with no failure since `before` and no lock left at `now`. */
    forgetFailures: (before: string, now: string) => forgetFailures.run({ before, now }).changes,
  };
}
