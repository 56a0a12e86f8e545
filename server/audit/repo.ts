/**
 * Who looked at whose personal data, and when (Decree 13/2023/NĐ-CP). Append-only: the table's
 * triggers refuse updates and deletes.
 */
import type { Db } from '../db/types.ts';
import { sealAudit } from '../history/chains.ts';

export type AuditAction = 'view_dossier' | 'print_receipt' | 'print_slip' | 'print_register' | StaffAction | 'set_training_clock' | 'download_report';
/** Administrators' changes from the command line: no staff session, the OS account is in the detail. */
export type AdminAction = 'change_setting' | 'import_calendar' | 'tls_init' | 'tls_renew' | StaffAction | 'download_report' | 'add_counter' | 'change_counter';
/** Changes to staff accounts, from the /admin screen (with the admin's id) or the command line. Never a password. */
export type StaffAction = 'add_staff' | 'change_staff' | 'reset_password' | 'unlock_staff';
/**
 * What the server itself noticed, with nobody signed in: a burst of wrong kiosk keys from one client;
 * a failed staff login (the name tried, why, the client's address — never the password).
 */
export type SystemAction = 'kiosk_wrong_keys' | 'login_failed';

export type AuditRepo = ReturnType<typeof auditRepo>;

export function auditRepo(db: Db) {
  const insertRow = db.prepare(
    'INSERT INTO audit_log (at, staff_id, action, dossier_id, detail) VALUES (@at, @staff_id, @action, @dossier_id, @detail)',
  );
  // Every row is linked into the audit log's own chain (migration 018), in the same transaction.
  const insert = { run: db.transaction((row: { at: string; staff_id: number | null; action: string; dossier_id: number | null; detail: string }) => sealAudit(db, Number(insertRow.run(row).lastInsertRowid))) };
  const forDossier = db.prepare<[number], { at: string; username: string; action: AuditAction }>(
    `SELECT a.at, s.username, a.action FROM audit_log a JOIN staff s ON s.id = a.staff_id
     WHERE a.dossier_id = ? ORDER BY a.id`,
  );
  const systemEntries = db.prepare<[string, string, string], { at: string; detail: string }>(
    'SELECT at, detail FROM audit_log WHERE staff_id IS NULL AND action = ? AND at >= ? AND at < ? ORDER BY id LIMIT 500',
  );
  return {
    record: (row: { at: string; staff_id: number; action: AuditAction; dossier_id: number; detail?: unknown }) =>
      insert.run({ ...row, detail: JSON.stringify(row.detail ?? {}) }),
    /** A staff act over many dossiers at once (a register for a date range). */
    recordStaff: (row: { at: string; staff_id: number; action: AuditAction; detail: unknown }) =>
      insert.run({ at: row.at, staff_id: row.staff_id, action: row.action, dossier_id: null, detail: JSON.stringify(row.detail) }),
    recordAdmin: (row: { at: string; action: AdminAction; detail: unknown }) =>
      insert.run({ at: row.at, staff_id: null, action: row.action, dossier_id: null, detail: JSON.stringify(row.detail) }),
    /** No staff and no dossier: the detail says what happened (never personal data). */
    recordSystem: (row: { at: string; action: SystemAction; detail: unknown }) =>
      insert.run({ at: row.at, staff_id: null, action: row.action, dossier_id: null, detail: JSON.stringify(row.detail) }),
    /** The server's own entries of one kind in [from, to) (ISO +07:00), oldest first, at most 500. */
    systemEntries: (action: SystemAction, from: string, to: string) => systemEntries.all(action, from, to).map((r) => ({ at: r.at, detail: JSON.parse(r.detail) as unknown })),
    forDossier: (dossierId: number) => forDossier.all(dossierId),
  };
}
