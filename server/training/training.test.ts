// Training mode: the database's mode, set once for good, and the clock an administrator may move.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, ROLES_FOR_TESTS, freshDb, intake, tempDbPath, testApp, vn } from '../../test/helpers.ts';
import { buildApp } from '../app.ts';
import { ConfigError } from '../config.ts';
import { initDatabase } from '../db/init.ts';
import { listMigrations, migrate, openDb } from '../db/open.ts';
import { trainingClock } from './clock.ts';
import { checkServeMode, databaseMode } from './mode.ts';

let t: TestApp | undefined;
let cleanups: (() => void)[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const c of cleanups) c();
  cleanups = [];
});

const setClock = async (app: TestApp, payload: unknown, headers: Record<string, string>) =>
  app.app.inject({ method: 'POST', url: '/api/training/clock', payload: payload as object, headers });

describe('POST /api/training/clock', () => {
  it('lets an admin move the training clock; intake then uses the new time, and the clock keeps running from it', async () => {
    t = await testApp({ training: true, now: '2026-11-25T08:00:00+07:00' });
    const admin = await t.as('admin');
    expect((await t.app.inject({ method: 'GET', url: '/api/training' })).json()).toEqual({ training: true, now: '2026-11-25T08:00:00+07:00' });

    const res = await setClock(t, { now: '2026-11-26T10:15:00+07:00' }, admin);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ training: true, now: '2026-11-26T10:15:00+07:00' });

    // Another offset is the same instant: the answer is in Vietnam time.
    const utc = await setClock(t, { now: '2026-11-26T03:20:00Z' }, admin);
    expect(utc.json()).toEqual({ training: true, now: '2026-11-26T10:20:00+07:00' });

    const created = await intake(t);
    expect(created.statusCode).toBe(201);
    expect(created.json().receivedAt).toBe('2026-11-26T10:20:00+07:00');
    expect(created.json().code).toMatch(/-261126-0001$/);

    // The clock runs on from where it was set, with the real one underneath.
    t.clock.advanceMinutes(5);
    expect((await t.app.inject({ method: 'GET', url: '/api/training' })).json().now).toBe('2026-11-26T10:25:00+07:00');

    // Every move is in the audit log: who, from when, to when, and at what real time.
    const moves = t.db.prepare("SELECT a.at, s.username, a.detail FROM audit_log a JOIN staff s ON s.id = a.staff_id WHERE action = 'set_training_clock' ORDER BY a.id").all() as { at: string; username: string; detail: string }[];
    expect(moves.map((m) => ({ ...m, detail: JSON.parse(m.detail) as unknown }))).toEqual([
      { at: '2026-11-25T08:00:00+07:00', username: 'admin', detail: { from: '2026-11-25T08:00:00+07:00', to: '2026-11-26T10:15:00+07:00', realAt: '2026-11-25T08:00:00+07:00' } },
      { at: '2026-11-26T10:15:00+07:00', username: 'admin', detail: { from: '2026-11-26T10:15:00+07:00', to: '2026-11-26T10:20:00+07:00', realAt: '2026-11-25T08:00:00+07:00' } },
    ]);
  });

  it('keeps everyone signed in when the clock jumps days ahead: sessions last real hours', async () => {
    t = await testApp({ training: true, now: '2026-11-25T08:00:00+07:00' });
    const admin = await t.as('admin');
    const clerk = await t.as('clerk');
    expect((await setClock(t, { now: '2026-12-03T08:00:00+07:00' }, admin)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: clerk })).statusCode).toBe(200);
    // …and they still end after the real 12 hours.
    t.clock.advanceMinutes(12 * 60 + 1);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: clerk })).statusCode).toBe(401);
  });

  it('is for admins only: other roles 403, no session 401, and the clock stays where it was', async () => {
    t = await testApp({ training: true, now: '2026-11-25T08:00:00+07:00' });
    for (const role of ROLES_FOR_TESTS.filter((r) => r !== 'admin')) {
      const res = await setClock(t, { now: '2026-11-26T10:00:00+07:00' }, await t.as(role));
      expect(res.statusCode, role).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const anonymous = await setClock(t, { now: '2026-11-26T10:00:00+07:00' }, {});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('NOT_AUTHENTICATED');
    expect((await t.app.inject({ method: 'GET', url: '/api/training' })).json().now).toBe('2026-11-25T08:00:00+07:00');
  });

  it.each([
    ['no time', {}, 'VALIDATION_FAILED'],
    ['a number', { now: 1764039600000 }, 'VALIDATION_FAILED'],
    ['an unknown field', { now: '2026-11-26T10:00:00+07:00', speed: 2 }, 'VALIDATION_FAILED'],
    ['words', { now: 'tomorrow morning' }, 'INVALID_TIME'],
    ['no offset', { now: '2026-11-26T10:00:00' }, 'INVALID_TIME'],
    ['an impossible date', { now: '2026-02-30T10:00:00+07:00' }, 'INVALID_TIME'],
    ['a year outside the calendar', { now: '2019-11-26T10:00:00+07:00' }, 'OUT_OF_CALENDAR'],
  ])('refuses %s with 400 and leaves the clock alone', async (_name, body, code) => {
    t = await testApp({ training: true, now: '2026-11-25T08:00:00+07:00' });
    const res = await setClock(t, body, await t.as('admin'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect((await t.app.inject({ method: 'GET', url: '/api/training' })).json().now).toBe('2026-11-25T08:00:00+07:00');
  });

  it('refuses a body that is not JSON with 4xx, not 500', async () => {
    t = await testApp({ training: true });
    const headers = await t.as('admin');
    const text = await t.app.inject({ method: 'POST', url: '/api/training/clock', payload: 'now=2026-11-26', headers: { ...headers, 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    const broken = await t.app.inject({ method: 'POST', url: '/api/training/clock', payload: '{"now": ', headers: { ...headers, 'content-type': 'application/json' } });
    expect(broken.statusCode).toBe(400);
  });

  it('goes back only as far as the latest event in the history: 409 CLOCK_BEFORE_HISTORY before it', async () => {
    t = await testApp({ training: true, now: '2026-11-25T09:30:00+07:00' });
    const admin = await t.as('admin');
    expect((await intake(t)).statusCode).toBe(201); // an event at 09:30:00
    expect((await setClock(t, { now: '2026-11-25T11:00:00+07:00' }, admin)).statusCode).toBe(200);

    const back = await setClock(t, { now: '2026-11-25T09:29:59+07:00' }, admin);
    expect(back.statusCode).toBe(409);
    expect(back.json().error).toMatchObject({ code: 'CLOCK_BEFORE_HISTORY', details: { latestEventAt: '2026-11-25T09:30:00+07:00' } });
    expect(back.json().error.message).toContain('Không lùi đồng hồ về trước 09:30:00 ngày 25/11/2026');
    expect((await t.app.inject({ method: 'GET', url: '/api/training' })).json().now).toBe('2026-11-25T11:00:00+07:00');

    // Back to a time after the latest event is fine: nothing recorded would come after it.
    const fine = await setClock(t, { now: '2026-11-25T09:30:00+07:00' }, admin);
    expect(fine.statusCode).toBe(200);
    expect((await intake(t)).json().receivedAt).toBe('2026-11-25T09:30:00+07:00');
  });

  it('does not exist outside training mode: 404 for everyone, and GET /api/training says live with the real time', async () => {
    t = await testApp({ now: '2026-11-25T08:00:00+07:00' });
    for (const headers of [await t.as('admin'), {}]) {
      const res = await setClock(t, { now: '2026-11-26T10:00:00+07:00' }, headers);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/training' })).json()).toEqual({ training: false, now: '2026-11-25T08:00:00+07:00' });
    expect((await intake(t)).json().receivedAt).toBe('2026-11-25T08:00:00+07:00');
  });
});

describe('the database mode', () => {
  it('marks a new database training or live, once: the row cannot be changed, removed or replaced', () => {
    const training = freshDb(undefined, { training: true });
    const live = freshDb();
    cleanups.push(training.cleanup, live.cleanup);
    expect(databaseMode(training.db)).toBe('training');
    expect(databaseMode(live.db)).toBe('live');
    expect(() => training.db.prepare("UPDATE database_mode SET mode = 'live'").run()).toThrow(/set once, for good/);
    expect(() => training.db.prepare('DELETE FROM database_mode').run()).toThrow(/set once, for good/);
    expect(() => training.db.prepare("INSERT OR REPLACE INTO database_mode (id, mode, set_at) VALUES (1, 'live', 'x')").run()).toThrow(/set once, for good/);
    // Setting the database up again (every command does) changes nothing.
    expect(initDatabase(training.db, { mode: 'live' }).created).toBe(false);
    expect(databaseMode(training.db)).toBe('training');
    expect(databaseMode(live.db)).toBe('live');
  });

  it('reads a database set up before migration 006 as live, and a new empty one as what it is set up for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-mig-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const migrations = join(dir, 'migrations');
    // The migrations as they were before this one.
    const source = fileURLToPath(new URL('../db/migrations/', import.meta.url));
    mkdirSync(migrations);
    for (const m of listMigrations().filter((x) => x.version < 6)) copyFileSync(join(source, m.name), join(migrations, m.name));

    const old = openDb(join(dir, 'old.db'), { migrate: false });
    migrate(old, migrations);
    // A centre that has been working (its row as the schema then had it: today's seedCatalogue writes
    // columns that later migrations add).
    old.prepare("INSERT INTO centre (id, name, parent_authority, agency_id, address, office_hours) VALUES (1, 'Trung tâm cũ', 'UBND', '000.00.00.H00', 'Địa chỉ', '{}')").run();
    migrate(old); // upgraded: 006 applies
    expect(databaseMode(old)).toBe('live');
    expect(old.prepare('SELECT mode FROM database_mode').all()).toEqual([{ mode: 'live' }]);
    old.close();

    const empty = openDb(join(dir, 'empty.db'), { migrate: false });
    migrate(empty, migrations);
    migrate(empty);
    expect(empty.prepare('SELECT count(*) AS n FROM database_mode').get()).toEqual({ n: 0 });
    initDatabase(empty, { mode: 'training' });
    expect(databaseMode(empty)).toBe('training');
    empty.close();
  });

  it('refuses to serve a live database in training mode, and a training one as live', () => {
    const training = freshDb(undefined, { training: true });
    const live = freshDb();
    cleanups.push(training.cleanup, live.cleanup);
    expect(() => checkServeMode(live.db, live.path, true)).toThrow(ConfigError);
    expect(() => checkServeMode(live.db, live.path, true)).toThrow(/real \(live\) database: --training is refused/);
    expect(() => checkServeMode(training.db, training.path, false)).toThrow(/is a TRAINING database \(ĐÀO TẠO\).*--training/);
    expect(() => checkServeMode(live.db, live.path, false)).not.toThrow();
    expect(() => checkServeMode(training.db, training.path, true)).not.toThrow();
  });

  it('builds no settable clock for a live database, whatever the caller passes', async () => {
    const live = freshDb();
    cleanups.push(live.cleanup);
    await expect(buildApp({ db: live.db, trainingClock: trainingClock(() => vn('2026-11-25T08:00:00+07:00')), config: { uiDir: '/nonexistent' } })).rejects.toThrow(/live database/);
  });
});

describe('serve --training', () => {
  it('starts a new training database with the demo at the training clock, and refuses a clock before its history', async () => {
    const { path, cleanup } = tempDbPath();
    cleanups.push(cleanup);
    const { serve } = await import('../main.ts');
    const { makeConfig } = await import('../config.ts');
    const lines: string[] = [];
    const real = () => vn('2026-03-02T10:00:00+07:00');
    const config = makeConfig({ port: 0, dbPath: path, demo: true, training: true, trainingClockStart: vn('2026-11-25T08:00:00+07:00'), uiDir: '/nonexistent' });
    const signalled = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
    const { app, db } = await serve(config, real, (l) => lines.push(l));
    try {
      expect(lines.join('\n')).toContain('TRAINING MODE (ĐÀO TẠO)');
      expect(databaseMode(db)).toBe('training');
      const state = (await app.inject({ method: 'GET', url: '/api/training' })).json();
      expect(state).toEqual({ training: true, now: '2026-11-25T08:00:00+07:00' });
      // The demo was played out on the training clock: its history ends before the clock's start.
      const latest = (db.prepare('SELECT max(at) AS at FROM dossier_events').get() as { at: string }).at;
      expect(latest > '2026-11-20T00:00:00+07:00' && latest <= '2026-11-25T08:00:00+07:00').toBe(true);
    } finally {
      await app.close();
      db.close();
      // Only the shutdown handlers serve() added: the test runner's own stay.
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        for (const l of process.listeners(signal)) if (!signalled[signal].includes(l)) process.removeListener(signal, l);
      }
    }
    // Again on the same file, with a clock before what the demo recorded.
    const early = makeConfig({ ...config, demo: false, trainingClockStart: vn('2026-11-01T08:00:00+07:00') });
    await expect(serve(early, real, () => {})).rejects.toThrow(/before the latest event in this training database's history/);
  }, 60_000);
});
