import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDb, tempDbPath } from '../../test/helpers.ts';
import { listMigrations, migrate, openDb, schemaVersion } from './open.ts';

describe('migrations', () => {
  it('apply in order to an empty database, leave no foreign-key violation, and record the version', () => {
    const { path, cleanup } = tempDbPath();
    try {
      const db = openDb(path);
      expect(schemaVersion(db)).toBe(listMigrations().length);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      db.close();
      // Opening again applies nothing new.
      const again = openDb(path);
      expect(migrate(again)).toBe(listMigrations().length);
      again.close();
    } finally {
      cleanup();
    }
  });

  it('refuse a hole in the numbering', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-mig-'));
    try {
      writeFileSync(join(dir, '001-a.sql'), 'CREATE TABLE a (x);');
      writeFileSync(join(dir, '003-c.sql'), 'CREATE TABLE c (x);');
      expect(() => listMigrations(dir)).toThrow(/out of sequence/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('roll back a failing migration whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-mig-'));
    const { path, cleanup } = tempDbPath();
    try {
      writeFileSync(join(dir, '001-a.sql'), 'CREATE TABLE a (x); CREATE TABLE a (y);');
      const db = openDb(path, { migrate: false });
      expect(() => migrate(db, dir)).toThrow();
      expect(schemaVersion(db)).toBe(0);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'a'").get()).toBeUndefined();
      db.close();
    } finally {
      cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keep the dossier history and the audit log append-only', () => {
    const { db, cleanup } = freshDb();
    try {
      const staff = db.prepare("SELECT id FROM staff WHERE username = 'clerk'").get() as { id: number };
      db.prepare(`INSERT INTO dossiers (code, lookup_key, procedure_code, procedure_name, applicant_name, applicant_id_number, documents,
        channel, return_method, status, received_at, received_by, time_limit_minutes, original_due_at, due_at, register_year, register_no)
        VALUES ('c', 'k', '1.001193', 'n', 'a', '1', '[]', 'in_person', 'at_centre', 'received', 't', ?, 480, 't', 't', 2026, 1)`).run(staff.id);
      db.prepare("INSERT INTO dossier_events (dossier_id, at, kind) VALUES (1, 't', 'received')").run();
      db.prepare("INSERT INTO audit_log (at, staff_id, action, dossier_id) VALUES ('t', ?, 'view_dossier', 1)").run(staff.id);
      expect(() => db.prepare("UPDATE dossier_events SET kind = 'x'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM dossier_events').run()).toThrow(/append-only/);
      expect(() => db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    } finally {
      cleanup();
    }
  });
});
