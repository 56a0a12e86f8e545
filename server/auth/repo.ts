/** SQL for staff accounts and sessions. */
import type { Db } from '../db/open.ts';
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
  };
}
