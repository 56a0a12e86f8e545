// A history an insider cannot rewrite unseen (issue 13, item 6). The insider can write the database file
// (sqlite3 on the server: triggers dropped, links recomputed with the program's own plain sha256) but
// cannot read the key file. Each forgery is made that way, straight in the file, and verifyHistory
// (what `motcua audit verify` prints, and a backup's check calls) must name it.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { type TestApp, anIntake, intake, testApp } from '../../test/helpers.ts';
import { auditRepo } from '../audit/repo.ts';
import { runCli, spawnCli } from '../../test/fixtures/cli.ts';
import { type ChainedEvent, GENESIS, linkHash } from '../dossiers/chain.ts';
import { dossierRepo } from '../dossiers/repo.ts';
import { listMigrations, migrate, openDb } from '../db/open.ts';

/** The schema version just before the migration that protects the history. */
const BEFORE_HISTORY_PROTECTION = listMigrations().find((m) => m.name.endsWith('-history-protection.sql'))!.version - 1;
import { aWeeklyReport } from '../reports/fixtures.ts';
import { renderWeeklyPdf } from '../reports/weekly-pdf.ts';
import { anchorDigest, writeAnchor } from './anchors.ts';
import { dropHistoryKey, useHistoryKey } from './chains.ts';
import { type HistoryKey, HistoryKeyError, generateKeyFile, loadHistoryKey as openKey, loadPublicKey } from './keys.ts';
import { verifyHistory } from './verify.ts';

const NOW = '2026-11-25T09:07:00+07:00';
const keyDir = mkdtempSync(join(tmpdir(), 'motcua-history-keys-'));
let keys = 0;
const newKey = (): { key: HistoryKey; path: string } => {
  const path = join(keyDir, `history-${++keys}.key`);
  return { key: generateKeyFile(path, []), path };
};
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A centre whose server runs with a key: three intakes, an anchor, one more intake after it. */
async function protectedCentre() {
  t = await testApp({ now: NOW });
  const { key, path } = newKey();
  expect(useHistoryKey(t.db, key, NOW)).toEqual({ protectedNow: true });
  const codes: string[] = [];
  for (const procedureCode of ['1.001193', '1.004873', '1.001193']) codes.push((await intake(t, anIntake({ procedureCode }))).json().code);
  // A staff page views a dossier: an audit log row (chained and tagged like the events).
  await t.app.inject({ method: 'GET', url: `/api/dossiers/${codes[0]}`, headers: await t.as('clerk') });
  expect(writeAnchor(t.db, NOW, 'periodic')).toMatchObject({ seq: 1 });
  codes.push((await intake(t)).json().code);
  return { key, keyPath: path, codes };
}

const raw = () => new Database(t!.path); // another connection, foreign keys off: as the sqlite3 shell
const problems = (v: ReturnType<typeof verifyHistory>, area: string) => v.problems.filter((p) => p.area === area).map((p) => p.message).join('\n');

/** Appends an event the way a forger with the file but not the key can: plain sha256 link, recomputed. */
function forgeAppend(db: Database.Database, dossierId: number, tag: string | null) {
  const head = db.prepare('SELECT event_id, hash FROM dossier_event_chain ORDER BY event_id DESC LIMIT 1').get() as { event_id: number; hash: string };
  const data = JSON.stringify({ seq: 1, valid: true, reason: 'late step excused' });
  const id = Number(db.prepare("INSERT INTO dossier_events (dossier_id, at, kind, actor_id, data) VALUES (?, ?, 'late_step_excused', NULL, ?)").run(dossierId, NOW, data).lastInsertRowid);
  const e: ChainedEvent = { id, dossier_id: dossierId, at: NOW, kind: 'late_step_excused', actor_id: null, data };
  db.prepare('INSERT INTO dossier_event_chain (event_id, prev_hash, hash, tag) VALUES (?, ?, ?, ?)').run(id, head.hash, linkHash(head.hash, e), tag);
  return id;
}

describe('a protected history', () => {
  it('verifies whole with the key, with only the public key, and with the key stored in the database, each saying what it checked', async () => {
    const { key } = await protectedCentre();
    const full = verifyHistory(t!.db, { key });
    expect(full.problems).toEqual([]);
    expect(full).toMatchObject({ ok: true, mode: 'key', fingerprint: key.fingerprint, anchors: { count: 1 } });
    // Every event and audit row since the protection was tagged and checked; the last intake is after the anchor.
    expect(full.events.tagsChecked).toBe(full.events.keyed);
    expect(full.events.keyed).toBeGreaterThanOrEqual(4);
    expect(full.audit.tagsChecked).toBeGreaterThan(0);
    expect(full.anchors.eventsAfter).toBe(1);
    expect(full.warnings).toEqual([]);
    // The same on a read-only connection, as a backup's check opens its snapshot.
    const ro = new Database(t!.path, { readonly: true });
    try {
      expect(verifyHistory(ro, { key })).toMatchObject({ ok: true, mode: 'key', anchors: { count: 1 } });
    } finally {
      ro.close();
    }

    const pub = verifyHistory(t!.db, { publicKey: loadPublicKey(key.publicPem) });
    expect(pub).toMatchObject({ ok: true, mode: 'public-key', fingerprint: key.fingerprint });
    expect(pub.warnings.join('\n')).toContain('1 events and 0 audit rows after the last anchor are therefore not proven');

    const stored = verifyHistory(t!.db);
    expect(stored).toMatchObject({ ok: true, mode: 'stored-public-key' });
    expect(stored.warnings.join('\n')).toContain('compare it with the fingerprint printed in the weekly report');

    // Another key than the centre's is named, not trusted.
    const other = verifyHistory(t!.db, { publicKey: loadPublicKey(newKey().key.publicPem) });
    expect(other.ok).toBe(false);
    expect(problems(other, 'protection')).toContain(`recorded as protected by the key ${key.fingerprint}`);
  }, 60_000);

  it('catches an event APPENDED with a recomputed plain link (and with a made-up tag), through the real command', async () => {
    const { key, keyPath, codes } = await protectedCentre();
    const id = dossierRepo(t!.db).byCode(codes[1]!)!.id;
    const db = raw();
    const forged = forgeAppend(db, id, null);
    db.close();
    const v = verifyHistory(t!.db, { key });
    expect(v.ok).toBe(false);
    expect(problems(v, 'events')).toContain(`event #${forged} (dossier ${codes[1]}, late_step_excused, ${NOW}): its link was not made with the centre's key`);

    const r = spawnCli(['audit', 'verify', '--db', t!.path, '--key', keyPath]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`the history chain is BROKEN at event #${forged} (dossier ${codes[1]}`);
    expect(r.stderr).toContain('appended, or its link recomputed, outside the program');

    // A tag made up by the forger does no better.
    const db2 = raw();
    db2.exec('DROP TRIGGER dossier_event_chain_no_update');
    db2.prepare('UPDATE dossier_event_chain SET tag = ? WHERE event_id = ?').run('ab'.repeat(32), forged);
    db2.close();
    expect(problems(verifyHistory(t!.db, { key }), 'events')).toContain(`event #${forged}`);
    // With the public key only, an append after the last anchor cannot be proven either way: verify says so.
    expect(verifyHistory(t!.db, { publicKey: loadPublicKey(key.publicPem) }).warnings.join('\n')).toContain('not proven');
  }, 90_000);

  it('catches an edited event', async () => {
    const { key } = await protectedCentre();
    const db = raw();
    db.exec('DROP TRIGGER dossier_events_no_update');
    db.prepare("UPDATE dossier_events SET data = json_set(data, '$.dueAt', '2026-12-31T17:00:00+07:00') WHERE id = 2").run();
    db.close();
    expect(problems(verifyHistory(t!.db, { key }), 'events')).toMatch(/event #2 .*the event was edited/);
  }, 60_000);

  it('catches an event deleted with its link in the middle, and the newest ones deleted (anchor)', async () => {
    const { key } = await protectedCentre();
    const db = raw();
    db.exec('DROP TRIGGER dossier_events_no_delete; DROP TRIGGER dossier_event_chain_no_delete');
    db.prepare('DELETE FROM dossier_event_chain WHERE event_id = 2').run();
    db.prepare('DELETE FROM dossier_events WHERE id = 2').run();
    db.close();
    const v = verifyHistory(t!.db, { key });
    expect(problems(v, 'events')).toMatch(/event #3 .*removed or reordered/);
    // The anchor, signed before, no longer matches: three events as of event #3 are now two.
    expect(problems(v, 'anchors')).toContain('REWRITTEN');

    // Only the tail removed (no link left broken): the anchor alone sees it.
    await t!.close();
    const again = await protectedCentre();
    const anchored = writeAnchor(t!.db, NOW, 'periodic')!;
    const db2 = raw();
    db2.exec('DROP TRIGGER dossier_events_no_delete; DROP TRIGGER dossier_event_chain_no_delete');
    db2.prepare('DELETE FROM dossier_event_chain WHERE event_id = ?').run(anchored.eventId);
    db2.prepare('DELETE FROM dossier_events WHERE id = ?').run(anchored.eventId);
    db2.close();
    const tail = verifyHistory(t!.db, { key: again.key });
    expect(problems(tail, 'events')).toBe('');
    expect(problems(tail, 'anchors')).toContain(`anchor #2 (${NOW}) signed event #${anchored.eventId}`);
  }, 90_000);

  it("catches a dossier's received time or lookup key changed in its row", async () => {
    const { key, codes } = await protectedCentre();
    const db = raw();
    db.prepare("UPDATE dossiers SET received_at = '2026-11-24T16:55:00+07:00' WHERE code = ?").run(codes[0]);
    db.prepare("UPDATE dossiers SET lookup_key = '1234567890' WHERE code = ?").run(codes[2]);
    db.close();
    // The first break is named (every link after it breaks too).
    const v = verifyHistory(t!.db, { key });
    expect(problems(v, 'events')).toMatch(new RegExp(`dossier ${codes[0]}, received, .*received time or lookup key was changed`));
    // The lookup key alone, on another database.
    await t!.close();
    const other = await protectedCentre();
    const db2 = raw();
    db2.prepare("UPDATE dossiers SET lookup_key = '1234567890' WHERE code = ?").run(other.codes[2]);
    db2.close();
    expect(problems(verifyHistory(t!.db, { key: other.key }), 'events')).toContain(`dossier ${other.codes[2]}, received`);
  }, 90_000);

  it('never writes the lookup key into the event (history views show events)', async () => {
    await protectedCentre();
    const rows = t!.db.prepare('SELECT d.lookup_key, e.data FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id').all() as { lookup_key: string; data: string }[];
    for (const r of rows) expect(r.data).not.toContain(r.lookup_key);
  }, 60_000);

  it("catches a staff account's role changed in the database, and an account added there", async () => {
    const { key } = await protectedCentre();
    const db = raw();
    db.prepare("UPDATE staff SET role = 'admin' WHERE username = 'clerk'").run();
    db.prepare("INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES ('ghost', 'Ghost', 'supervisor', 'x', ?)").run(NOW);
    db.close();
    const v = verifyHistory(t!.db, { key });
    expect(problems(v, 'staff')).toContain('staff account clerk (id');
    expect(problems(v, 'staff')).toContain('role is admin, recorded clerk');
    expect(problems(v, 'staff')).toContain('staff account ghost');
  }, 60_000);

  it('a role changed through the program verifies (recorded in the audit log)', async () => {
    const { key } = await protectedCentre();
    const admin = await t!.as('admin');
    const res = await t!.app.inject({ method: 'PATCH', url: '/api/staff/officer', headers: admin, payload: { role: 'leader', department: 'LD-UBND' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(verifyHistory(t!.db, { key }).problems).toEqual([]);
  }, 60_000);

  it('catches an audit log row edited, deleted or inserted', async () => {
    const { key } = await protectedCentre();
    const last = (t!.db.prepare('SELECT max(id) AS n FROM audit_log').get() as { n: number }).n;
    const db = raw();
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET detail = '{}' WHERE id = ?").run(last);
    db.close();
    expect(problems(verifyHistory(t!.db, { key }), 'audit')).toMatch(new RegExp(`audit log row #${last} .*the row was edited`));

    await t!.close();
    const b = await protectedCentre();
    const db2 = raw();
    db2.exec('DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_chain_no_delete');
    db2.prepare('DELETE FROM audit_log_chain WHERE audit_id = 2').run();
    db2.prepare('DELETE FROM audit_log WHERE id = 2').run();
    db2.close();
    expect(problems(verifyHistory(t!.db, { key: b.key }), 'audit')).toMatch(/audit log row #3 .*removed or reordered/);

    await t!.close();
    const c = await protectedCentre();
    const db3 = raw();
    const id = db3.prepare("INSERT INTO audit_log (at, staff_id, action, detail) VALUES (?, NULL, 'change_setting', '{}')").run(NOW).lastInsertRowid;
    db3.close();
    expect(problems(verifyHistory(t!.db, { key: c.key }), 'audit')).toContain(`audit log row #${id} (change_setting, ${NOW}): it has no link`);
  }, 120_000);

  it('catches an anchor signed with another key, and one removed from the middle', async () => {
    const { key } = await protectedCentre();
    writeAnchor(t!.db, NOW, 'periodic');
    const db = raw();
    const last = db.prepare('SELECT payload, signature FROM history_anchors ORDER BY id DESC LIMIT 1').get() as { payload: string; signature: string };
    const p = JSON.parse(last.payload) as Record<string, unknown>;
    const payload = JSON.stringify({ ...p, seq: 3, prev: anchorDigest(last.signature), at: NOW });
    const { privateKey } = generateKeyPairSync('ed25519');
    db.prepare('INSERT INTO history_anchors (at, payload, signature) VALUES (?, ?, ?)').run(NOW, payload, sign(null, Buffer.from(payload), privateKey).toString('base64'));
    db.close();
    expect(problems(verifyHistory(t!.db, { key }), 'anchors')).toContain(`anchor #3 (${NOW}): its signature does not hold with the key ${key.fingerprint}`);
    // …and with only the key stored in the database (the insider could not replace its signed record either).
    expect(verifyHistory(t!.db).ok).toBe(false);

    const db2 = raw();
    db2.exec('DROP TRIGGER history_anchors_no_delete');
    db2.prepare('DELETE FROM history_anchors WHERE id = 1').run();
    db2.prepare('DELETE FROM history_anchors WHERE id = 3').run();
    db2.close();
    expect(problems(verifyHistory(t!.db, { key }), 'anchors')).toContain('anchor #2');
  }, 60_000);

  it('refuses writes from a process without the key, and a start with another key', async () => {
    await protectedCentre();
    const other = openDb(t!.path);
    try {
      expect(() => dossierRepo(other).appendEvent({ dossier_id: 1, at: NOW, kind: 'printed', actor_id: null, data: {} })).toThrow(HistoryKeyError);
      expect(() => useHistoryKey(other, null, NOW)).toThrow(/protected by a key/);
      expect(() => useHistoryKey(other, newKey().key, NOW)).toThrow(/protected by the key .*, not by the one given/);
    } finally {
      other.close();
    }
  }, 60_000);
});

describe('without a key', () => {
  it('works as before, and verify warns that the history is not protected and how to protect it', async () => {
    t = await testApp({ now: NOW });
    await intake(t);
    const v = verifyHistory(t.db);
    expect(v).toMatchObject({ ok: true, mode: 'unprotected', fingerprint: null });
    expect(v.warnings.join('\n')).toContain('NOT protected against someone who can write the database file');
    expect(v.warnings.join('\n')).toContain('motcua audit keygen --key /etc/motcua/history.key');
    const r = await runCli(['audit', 'verify', '--db', t.path], {});
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('the chain holds');
    expect(r.stderr).toContain('WARNING: the history is NOT protected');
  }, 60_000);
});

describe('motcua audit keygen', () => {
  it('makes a 0600 key file outside the data directory, prints the public key and fingerprint, never overwrites', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-keygen-'));
    try {
      const db = join(dir, 'data', 'motcua.db');
      const inside = await runCli(['audit', 'keygen', '--key', join(dir, 'data', 'keys', 'history.key'), '--db', db], {});
      expect(inside.status).toBe(1);
      expect(inside.stderr).toContain('beside the database');
      const dataDir = join(dir, 'var-lib');
      const inData = await runCli(['audit', 'keygen', '--key', join(dataDir, 'history.key'), '--db', db], { MOTCUA_DATA: dataDir });
      expect(inData.status).toBe(1);

      const path = join(dir, 'etc', 'history.key');
      const made = await runCli(['audit', 'keygen', '--key', path, '--db', db], {});
      expect(made.stderr).toBe('');
      expect(made.status).toBe(0);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const fingerprint = /Fingerprint \(SHA-256\): ([0-9a-f ]+)/.exec(made.stdout)![1]!.trim();
      const pub = /Public key: (\S+)/.exec(made.stdout)![1]!;
      expect(loadPublicKey(pub).fingerprint).toBe(fingerprint);
      const before = readFileSync(path, 'utf8');
      const again = await runCli(['audit', 'keygen', '--key', path, '--db', db], {});
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('already exists');
      expect(readFileSync(path, 'utf8')).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a key file others can read is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-keyperm-'));
    try {
      const path = join(dir, 'k.key');
      generateKeyFile(path, []);
      writeFileSync(join(dir, 'open.key'), readFileSync(path), { mode: 0o644 });
      expect(() => generateKeyFile(path, [])).toThrow(/already exists/);
      expect(() => openKey(join(dir, 'open.key'))).toThrow(/can be read by other accounts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});


describe('the weekly report', () => {
  it("prints the history key's fingerprint (or that there is none)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-weekly-key-'));
    try {
      const { key } = newKey();
      const file = join(dir, 'w.pdf');
      writeFileSync(file, await renderWeeklyPdf(aWeeklyReport({ historyKey: key.fingerprint })));
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(text).toContain(key.fingerprint);
      expect(text).toContain('Khóa bảo vệ lịch sử hồ sơ');
      writeFileSync(file, await renderWeeklyPdf(aWeeklyReport({ historyKey: null })));
      expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')).toContain('chưa được bảo vệ bằng khóa ký');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('an older database upgraded', () => {
  it('is sealed at its first start ("sealed at upgrade, not provable before"), verifies, and then takes a key', async () => {
    t = await testApp({ now: NOW });
    const codes = [(await intake(t)).json().code as string, (await intake(t)).json().code as string];
    await t.app.inject({ method: 'GET', url: `/api/dossiers/${codes[0]}`, headers: await t.as('clerk') });
    // Back to what the migration before the history's protection left: no audit chain, no tags, plain links without the received fields
    // (and without what the migrations after it added: the lookup records' count, 019).
    const db = t.db;
    dropHistoryKey(db);
    db.exec(`DROP TABLE audit_log_chain; DROP TABLE history_upgrade; DROP TABLE history_protection; DROP TABLE history_anchors;
      ALTER TABLE dossier_event_chain DROP COLUMN tag; ALTER TABLE kiosk_lookups DROP COLUMN lookups;
      DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE action = 'staff_state';
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      DROP TRIGGER dossier_event_chain_no_update; DROP TRIGGER dossier_event_chain_no_delete; DELETE FROM dossier_event_chain;`);
    let prev = GENESIS;
    for (const e of db.prepare('SELECT id, dossier_id, at, kind, actor_id, data FROM dossier_events ORDER BY id').all() as ChainedEvent[]) {
      const hash = linkHash(prev, e);
      db.prepare('INSERT INTO dossier_event_chain (event_id, prev_hash, hash) VALUES (?, ?, ?)').run(e.id, prev, hash);
      prev = hash;
    }
    db.exec(`CREATE TRIGGER dossier_event_chain_no_update BEFORE UPDATE ON dossier_event_chain BEGIN SELECT RAISE(ABORT, 'x'); END;
      CREATE TRIGGER dossier_event_chain_no_delete BEFORE DELETE ON dossier_event_chain BEGIN SELECT RAISE(ABORT, 'x'); END;
      PRAGMA user_version = ${BEFORE_HISTORY_PROTECTION};`);
    const events = (db.prepare('SELECT count(*) AS n FROM dossier_events').get() as { n: number }).n;

    migrate(db);
    useHistoryKey(db, null, NOW); // the first start, without a key yet
    const sealed = verifyHistory(db);
    expect(sealed.problems).toEqual([]);
    expect(sealed.notes.join('\n')).toContain(`${events} history events and`);
    expect(sealed.notes.join('\n')).toContain('sealed at upgrade, not provable before');
    expect(sealed.notes.join('\n')).toContain('the received time and lookup key of the 2 dossiers received before the upgrade are as sealed then');

    // Then the centre makes a key: older rows keep plain links, new ones are tagged; all verifies.
    const { key } = newKey();
    useHistoryKey(db, key, NOW);
    await intake(t);
    writeAnchor(db, NOW, 'periodic');
    const v = verifyHistory(db, { key });
    expect(v.problems).toEqual([]);
    expect(v.events.keyed).toBe(1);

    // A dossier from before the upgrade has no received event covering its row: the upgrade's seal does.
    const w = raw();
    w.prepare("UPDATE dossiers SET received_at = '2026-11-24T08:00:00+07:00' WHERE code = ?").run(codes[1]);
    w.close();
    expect(problems(verifyHistory(db, { key }), 'upgrade')).toContain('received before the upgrade');
  }, 90_000);
});

describe('serve', () => {
  it('says once that the history is not protected, and starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-serve-nokey-'));
    const lines: string[] = [];
    const { serve } = await import('../main.ts');
    const { makeConfig } = await import('../config.ts');
    const dbPath = join(dir, 'data', 'motcua.db');
    mkdirSync(dirname(dbPath), { recursive: true });
    const { app, db } = await serve(makeConfig({ port: 0, dbPath, uiDir: '/nonexistent' }), () => new Date(NOW), (l) => lines.push(l));
    try {
      expect(lines.filter((l) => l.includes('history is not protected'))).toHaveLength(1);
    } finally {
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('anchoring in the running server', () => {
  it('serve with a key says so, signs an anchor at start, and every N minutes when something was appended', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-serve-key-'));
    const lines: string[] = [];
    const { serve } = await import('../main.ts');
    const { makeConfig } = await import('../config.ts');
    const dbPath = join(dir, 'data', 'motcua.db');
    const { key, path } = newKey();
    // Not beside the database.
    const beside = join(dir, 'data', 'history.key');
    mkdirSync(dirname(beside), { recursive: true });
    writeFileSync(beside, readFileSync(path), { mode: 0o600 });
    const { ConfigError } = await import('../config.ts');
    await expect(serve(makeConfig({ port: 0, dbPath, uiDir: '/nonexistent', historyKeyFile: beside }), () => new Date(NOW), () => {})).rejects.toThrow(ConfigError);

    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { app, db } = await serve(makeConfig({ port: 0, host: '127.0.0.1', dbPath, uiDir: '/nonexistent', historyKeyFile: path, anchorMinutes: 5 }), () => new Date(NOW), (l) => lines.push(l));
    try {
      expect(lines.join('\n')).toContain(`History protected by the key ${key.fingerprint} (from now on); signed anchors every 5 min`);
      expect(lines.join('\n')).not.toContain('not protected');
      const anchors = () => (db.prepare('SELECT count(*) AS n FROM history_anchors').get() as { n: number }).n;
      expect(anchors()).toBe(1);
      vi.advanceTimersByTime(5 * 60_000);
      expect(anchors()).toBe(1); // nothing appended: nothing new to sign
      auditRepo(db).recordSystem({ at: NOW, action: 'kiosk_wrong_keys', detail: { n: 1 } });
      vi.advanceTimersByTime(5 * 60_000);
      expect(anchors()).toBe(2);
      expect(verifyHistory(db, { key })).toMatchObject({ ok: true, anchors: { count: 2, eventsAfter: 0, auditAfter: 0 } });
    } finally {
      vi.useRealTimers();
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('verify refuses, without throwing, a database from before migration 018', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-old-'));
    try {
      const db = new Database(join(dir, 'old.db'));
      db.exec('CREATE TABLE dossier_events (id INTEGER PRIMARY KEY)');
      const v = verifyHistory(db);
      expect(v.ok).toBe(false);
      expect(problems(v, 'upgrade')).toContain('before migration 018');
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('passing a protected history off as unprotected', () => {
  it('is caught: its links still carry tags (and with the key or public key, the missing record is named)', async () => {
    const { key } = await protectedCentre();
    const db = raw();
    db.exec('DROP TRIGGER history_protection_no_delete; DROP TRIGGER history_anchors_no_delete; DELETE FROM history_protection; DELETE FROM history_anchors;');
    db.close();
    const alone = verifyHistory(t!.db);
    expect(alone.ok).toBe(false);
    expect(problems(alone, 'protection')).toContain('the record of the protection is gone');
    expect(problems(verifyHistory(t!.db, { publicKey: loadPublicKey(key.publicPem) }), 'protection')).toContain('no record of being protected by it');
  }, 60_000);
});
