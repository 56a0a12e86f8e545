/** SQL for managing staff accounts: the list, changes, passwords and ending an account's sessions. */
import type { Db } from '../db/types.ts';
import { recordStaffState } from '../history/chains.ts';
import type { Role } from '../../shared/vocabulary.ts';

export interface StaffAccountRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  department_code: string | null;
  department_name: string | null;
  active: number;
  fictional: number;
  created_at: string;
  open_sessions: number;
  /** Until when repeated failed logins lock the account (migration 016); null: not locked now. */
  locked_until: string | null;
}

const ACCOUNT = `SELECT s.id, s.username, s.display_name, s.role, s.department_code, d.name AS department_name,
    s.active, s.fictional, s.created_at,
    (SELECT count(*) FROM sessions x WHERE x.staff_id = s.id AND x.expires_at > @now) AS open_sessions,
    (SELECT f.locked_until FROM login_failures f WHERE f.username = s.username AND f.locked_until > @now) AS locked_until
  FROM staff s LEFT JOIN departments d ON d.code = s.department_code`;

export type StaffRepo = ReturnType<typeof staffRepo>;

export function staffRepo(db: Db) {
  const all = db.prepare<{ now: string }, StaffAccountRow>(`${ACCOUNT} ORDER BY s.active DESC, s.role, s.username`);
  const byUsername = db.prepare<{ now: string; username: string }, StaffAccountRow>(`${ACCOUNT} WHERE s.username = @username`);
  const insert = db.prepare(
    `INSERT INTO staff (username, display_name, role, department_code, password_hash, fictional, created_at)
     VALUES (@username, @display_name, @role, @department_code, @password_hash, 0, @created_at)`,
  );
  const update = db.prepare(
    `UPDATE staff SET display_name = @display_name, role = @role, department_code = @department_code, active = @active WHERE id = @id`,
  );
  const setPassword = db.prepare('UPDATE staff SET password_hash = @password_hash WHERE id = @id');
  const activeAdmins = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM staff WHERE role = 'admin' AND active = 1");
  const endSessions = db.prepare('DELETE FROM sessions WHERE staff_id = @staff_id AND token_hash IS NOT @keep');
  const failedLogins = db.prepare<[string], { failures: number }>('SELECT failures FROM login_failures WHERE username = ?');
  const clearFailedLogins = db.prepare('DELETE FROM login_failures WHERE username = ?');
  const department = db.prepare<[string], { code: string; name: string }>('SELECT code, name FROM departments WHERE code = ?');
  const departments = db.prepare<[], { code: string; name: string }>('SELECT code, name FROM departments ORDER BY code');
  // Where dossiers are received: the department of the first step of every procedure in the catalogue.
  const firstStepDepartments = db.prepare<[], { code: string; name: string }>(
    `SELECT DISTINCT d.code, d.name FROM procedure_steps s
     JOIN procedures p ON p.code = s.procedure_code AND p.active = 1
     JOIN departments d ON d.code = s.department_code
     WHERE s.seq = 1`,
  );

  return {
    all: (now: string) => all.all({ now }),
    byUsername: (username: string, now: string) => byUsername.get({ username, now }),
    // Each insert and update also records the account's state in the audit log (`audit verify` compares).
    insert: (row: { username: string; display_name: string; role: Role; department_code: string | null; password_hash: string; created_at: string }) =>
      db.transaction(() => {
        const id = Number(insert.run(row).lastInsertRowid);
        recordStaffState(db, id, row.created_at);
        return id;
      })(),
    update: (row: { id: number; display_name: string; role: Role; department_code: string | null; active: number }, at: string) =>
      db.transaction(() => {
        update.run(row);
        recordStaffState(db, row.id, at);
      })(),
    setPassword: (id: number, password_hash: string) => setPassword.run({ id, password_hash }),
    activeAdmins: () => activeAdmins.get()?.n ?? 0,
    /** Signs the account out everywhere, except the session `keep` (a token hash) when given; returns how many ended. */
    endSessions: (staffId: number, keep: string | null = null) => endSessions.run({ staff_id: staffId, keep }).changes,
    /** Failed logins in a row on the account's name (0 if none). */
    failedLogins: (username: string) => failedLogins.get(username)?.failures ?? 0,
    clearFailedLogins: (username: string) => clearFailedLogins.run(username),
    department: (code: string) => department.get(code),
    departments: () => departments.all(),
    firstStepDepartments: () => firstStepDepartments.all(),
  };
}
