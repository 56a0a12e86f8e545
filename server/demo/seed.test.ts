import { describe, expect, it } from 'vitest';
import { DOSSIER_STATUS_KEYS } from '../../shared/vocabulary.ts';
import { freshDb, tempDbPath, vn } from '../../test/helpers.ts';
import { initDatabase } from '../db/init.ts';
import { openDb } from '../db/open.ts';
import { seedDemo } from './seed.ts';
import { buildApp } from '../app.ts';

describe('demo data', () => {
  it('adds a few hundred fictional dossiers in every state, some late, once', async () => {
    const tmp = tempDbPath();
    const db = openDb(tmp.path);
    initDatabase(db);
    try {
      const now = vn('2026-11-27T10:00:00+07:00');
      const result = seedDemo(db, () => now);
      expect(result.dossiers).toBeGreaterThanOrEqual(200);
      const statuses = (db.prepare('SELECT DISTINCT status FROM dossiers').all() as { status: string }[]).map((r) => r.status);
      expect(statuses.sort()).toEqual([...DOSSIER_STATUS_KEYS].sort());
      expect(db.prepare('SELECT count(*) AS n FROM dossiers WHERE fictional = 0').get()).toEqual({ n: 0 });
      expect(db.prepare("SELECT count(*) AS n FROM staff WHERE fictional = 1 AND username = 'clerk2'").get()).toEqual({ n: 1 });
      expect(db.pragma('foreign_key_check')).toEqual([]);

      const app = await buildApp({ db, clock: () => now, config: { uiDir: '/nonexistent' } });
      const login = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'supervisor', password: 'demo1234' } });
      const cookie = `motcua_session=${login.cookies[0]!.value}`;
      const o = (await app.inject({ method: 'GET', url: '/api/supervision/overview', headers: { cookie } })).json();
      expect(o.totals.overdue).toBeGreaterThan(3);
      expect(o.totals.dueSoon).toBeGreaterThan(3);
      // The kiosk section has something to show: lookups on every channel, a camera that misreads,
      // one burst of wrong codes, ratings of the dossiers handed over.
      const k = (await app.inject({ method: 'GET', url: '/api/supervision/kiosk', headers: { cookie } })).json();
      expect(k.channels.map((c: { channel: string }) => c.channel)).toEqual(['scanner', 'camera', 'keypad', 'code', 'link']);
      expect(k.groups.filter((g: { attention: boolean }) => g.attention).map((g: { channel: string; client: string }) => `${g.channel} ${g.client}`)).toContain('camera 192.168.1.22');
      expect(k.bursts).toHaveLength(1);
      expect(k.totals.delayed).toBeGreaterThan(0);
      expect(k.ratings.count).toBeGreaterThan(10);
      expect(db.prepare('SELECT count(*) AS n FROM kiosk_lookups WHERE fictional = 0').get()).toEqual({ n: 0 });
      expect(db.prepare("SELECT count(*) AS n FROM ratings r JOIN dossiers d ON d.id = r.dossier_id WHERE d.status <> 'returned'").get()).toEqual({ n: 0 });
      expect(db.prepare("SELECT count(*) AS n FROM dossier_events WHERE kind = 'rated'").get()).toEqual(db.prepare('SELECT count(*) AS n FROM ratings').get());
      // The public apology board lists the demo's apologies of the last 30 days, said to be fictional,
      // with no applicant's name, ID number, phone, dossier code or lookup key in them.
      const board = (await app.inject({ method: 'GET', url: '/api/public/apologies?limit=100' })).json();
      const inWindow = db.prepare("SELECT count(*) AS n FROM dossier_events WHERE kind = 'apologized' AND at >= '2026-10-28T00:00:00+07:00'").get() as { n: number };
      expect(inWindow.n).toBeGreaterThan(3);
      expect(board).toMatchObject({ fictional: true, total: inWindow.n });
      expect(board.apologies.every((a: { fictional: boolean }) => a.fictional)).toBe(true);
      const text = JSON.stringify(board);
      const applicants = db.prepare('SELECT applicant_name AS name, applicant_id_number AS id, applicant_phone AS phone, code, lookup_key AS key FROM dossiers').all() as Record<string, string>[];
      for (const a of applicants) for (const secret of Object.values(a).filter((v) => v.length >= 6)) expect(text).not.toContain(secret);
      await app.close();

      expect(seedDemo(db, () => now)).toEqual({ created: false, dossiers: 0 });
    } finally {
      db.close();
      tmp.cleanup();
    }
  });

  it('is never mixed into a database that holds real records', () => {
    const { db, cleanup } = freshDb(); // real staff accounts, no demo
    try {
      const result = seedDemo(db, () => vn('2026-11-27T10:00:00+07:00'));
      expect(result.created).toBe(false);
      expect(result.refused).toMatch(/real records/);
      expect(db.prepare('SELECT count(*) AS n FROM dossiers').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM staff WHERE fictional = 1').get()).toEqual({ n: 0 });
    } finally {
      cleanup();
    }
  });
});

describe('demo data at any hour', () => {
  // The simulation acts through the real rules: whatever the clock, it must never ask for what the
  // rules refuse (a supplement after the appointment, an apology too late).
  it.each([
    ['2026-11-27T19:30:00+07:00', 14],
    ['2026-11-30T07:05:00+07:00', 14],
    ['2027-01-04T08:00:00+07:00', 14],
    ['2026-02-16T09:00:00+07:00', 14],
    // A long history (the processing benchmark's): once found a reason the privacy check refused.
    ['2026-11-27T10:00:00+07:00', 260],
  ])('seeds at %s (%i days) without a refused action', (at, days) => {
    const tmp = tempDbPath();
    const db = openDb(tmp.path);
    initDatabase(db);
    try {
      expect(seedDemo(db, () => vn(at), { days }).created).toBe(true);
    } finally {
      db.close();
      tmp.cleanup();
    }
    // The 260-day history is some 4,000 actions: 4 s alone, several times that beside the suite's
    // other workers on two cores.
  }, 90_000);
});
