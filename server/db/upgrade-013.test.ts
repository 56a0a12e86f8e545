// Migration 013 on a database that already holds dossiers: the return method's column rebuilt with
// its new CHECK and its values carried over, the catalogue's new fields added for the shipped
// procedures exactly as a new database gets them from data/catalogue, and the history still verifying.
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, anIntake, intake, testApp } from '../../test/helpers.ts';
import { verifyChain } from '../dossiers/chain.ts';
import { checkState } from '../dossiers/consistency.ts';
import { dossierRepo } from '../dossiers/repo.ts';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listMigrations, migrate, openDb, schemaVersion } from './open.ts';

/** The migrations up to 013 (later ones, already in the test's database, are left where they are). */
function migrationsUpTo(version: number): { dir: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'motcua-upto-'));
  const dir = join(root, 'migrations');
  mkdirSync(dir);
  const source = fileURLToPath(new URL('./migrations/', import.meta.url));
  for (const m of listMigrations().filter((x) => x.version <= version)) copyFileSync(join(source, m.name), join(dir, m.name));
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/**
 * Takes a database back to what 012 left: 013's table and columns gone, and the return method's
 * column as 005 made it (CHECK 'counter' | 'post', the centre's returns called 'counter').
 */
const BACK_TO_012 = `
DROP TABLE procedure_time_limit_variants;
ALTER TABLE procedures DROP COLUMN supplement_window_minutes;
ALTER TABLE procedures DROP COLUMN supplement_window_basis;
ALTER TABLE dossiers DROP COLUMN time_limit_variant;
ALTER TABLE dossiers ADD COLUMN returned_old TEXT CHECK (returned_old IN ('counter', 'post'));
UPDATE dossiers SET returned_old = CASE returned_by_method WHEN 'at_centre' THEN 'counter' ELSE returned_by_method END;
ALTER TABLE dossiers DROP COLUMN returned_by_method;
ALTER TABLE dossiers RENAME COLUMN returned_old TO returned_by_method;
PRAGMA user_version = 12;
`;

const columns = (db: TestApp['db'], table: string) => db.prepare(`SELECT name, type, "notnull", dflt_value FROM pragma_table_info('${table}')`).all();
const schemaSql = (db: TestApp['db'], name: string) => (db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(name) as { sql: string }).sql;

describe('migration 013 on an existing database', () => {
  it('keeps every dossier, maps "counter" to "at_centre", accepts an electronic return, adds the shipped catalogue fields, and the history verifies', async () => {
    t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
    const act = async (code: string, user: TestUser, body: object) =>
      (await t!.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t!.as(user), payload: body })).statusCode;
    const codes: Record<string, string> = {};
    for (const method of ['at_centre', 'post', 'online'] as const) {
      const { code } = (await intake(t, anIntake({ returnMethod: method }))).json();
      for (const [user, type] of [['clerk', 'complete-step'], ['officer', 'complete-step'], ['leader', 'complete-step'], ['clerk', 'result-ready']] as const) expect(await act(code, user, { type })).toBe(200);
      // Before 013 an electronic result could not be handed over: that one stays ready.
      if (method !== 'online') expect(await act(code, 'clerk', { type: 'return-result', method: method === 'post' ? 'post' : 'counter' })).toBe(200);
      codes[method] = code;
    }
    const fresh = {
      dossiers: columns(t.db, 'dossiers'),
      procedures: columns(t.db, 'procedures'),
      variantsTable: schemaSql(t.db, 'procedure_time_limit_variants'),
      variants: t.db.prepare('SELECT * FROM procedure_time_limit_variants ORDER BY procedure_code, seq').all(),
      windows: t.db.prepare('SELECT code, supplement_window_minutes, supplement_window_basis FROM procedures ORDER BY code').all(),
      triggers: t.db.prepare("SELECT name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') ORDER BY name").all(),
    };

    t.db.exec(BACK_TO_012);
    expect(t.db.prepare('SELECT returned_by_method AS m FROM dossiers ORDER BY id').all()).toEqual([{ m: 'counter' }, { m: 'post' }, { m: null }]);
    // Reopened by this version: 013 applies (the later migrations' objects were never taken away).
    const upTo013 = migrationsUpTo(13);
    const db = openDb(t.path, { migrate: false });
    migrate(db, upTo013.dir);
    upTo013.cleanup();
    try {
      expect(schemaVersion(db)).toBe(13);
      expect(db.prepare('SELECT code, return_method, returned_by_method FROM dossiers ORDER BY id').all()).toEqual([
        { code: codes.at_centre, return_method: 'at_centre', returned_by_method: 'at_centre' },
        { code: codes.post, return_method: 'post', returned_by_method: 'post' },
        { code: codes.online, return_method: 'online', returned_by_method: null },
      ]);
      // The same schema and the same catalogue rows as a new database, triggers and indexes included.
      expect(columns(db, 'dossiers')).toEqual(fresh.dossiers);
      expect(columns(db, 'procedures')).toEqual(fresh.procedures);
      expect(schemaSql(db, 'procedure_time_limit_variants')).toBe(fresh.variantsTable);
      expect(db.prepare('SELECT * FROM procedure_time_limit_variants ORDER BY procedure_code, seq').all()).toEqual(fresh.variants);
      expect(fresh.variants.length).toBeGreaterThanOrEqual(5);
      expect(db.prepare('SELECT code, supplement_window_minutes, supplement_window_basis FROM procedures ORDER BY code').all()).toEqual(fresh.windows);
      expect(db.prepare("SELECT name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') ORDER BY name").all()).toEqual(fresh.triggers);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // The history and the rows still agree (motcua audit verify).
      const { rows, length } = dossierRepo(db).chain();
      expect(verifyChain(rows, length)).toMatchObject({ ok: true });
      expect(checkState(db).mismatches).toEqual([]);
      // The new CHECK: the one vocabulary, and nothing else.
      expect(() => db.prepare("UPDATE dossiers SET returned_by_method = 'counter' WHERE code = ?").run(codes.online)).toThrow(/CHECK/);
    } finally {
      db.close();
    }
    // The electronic result kept waiting is now handed over, through the running app.
    expect(await act(codes.online!, 'clerk', { type: 'return-result', method: 'online' })).toBe(200);
    expect(t.db.prepare('SELECT returned_by_method AS m FROM dossiers WHERE code = ?').get(codes.online)).toEqual({ m: 'online' });
  });
});
