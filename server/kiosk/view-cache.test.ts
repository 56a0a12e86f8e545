// The kiosk's answers kept while they stay true (view-cache.ts): an answer reused is exactly the one a
// fresh lookup would give — across due times passed, working minutes ticking, actions, a rating, a
// setting changed — and it is reused (the dossier's steps are not read again).
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, intake, testApp } from '../../test/helpers.ts';
import { buildApp } from '../app.ts';
import { auditRepo } from '../audit/repo.ts';
import { catalogueFor } from '../catalogue/service.ts';
import { dossierRepo } from '../dossiers/repo.ts';
import { kioskRepo } from './repo.ts';
import { kioskService } from './service.ts';
import { wrongKeyThrottle } from './throttle.ts';
import { VIEW_TTL_MS, trueUntil, viewCache } from './view-cache.ts';

describe('trueUntil', () => {
  const now = Date.parse('2026-12-07T09:00:10+07:00');
  it('ends at the first due time still ahead (the answer says "late" a millisecond after it), and at most after a minute', () => {
    expect(trueUntil(now, [], null)).toBe(now + VIEW_TTL_MS);
    expect(trueUntil(now, [now - 5_000, now + 20_000, now + 40_000], null)).toBe(now + 20_001);
    expect(trueUntil(now, [now], null)).toBe(now + 1);
    expect(trueUntil(now, [now + 3_600_000], null)).toBe(now + VIEW_TTL_MS);
  });
  it('ends when the working minutes left would round to another number: at each half minute before the due time', () => {
    // Due at 09:30:00: 29.83 minutes left, rounds to 30 until 29.5 minutes are left (09:00:30).
    expect(trueUntil(now, [], Date.parse('2026-12-07T09:30:00+07:00'))).toBe(Date.parse('2026-12-07T09:00:30+07:00'));
    // Due at 09:30:50: 30.67 left, rounds to 31 until 30.5 are left (09:00:20).
    expect(trueUntil(now, [], Date.parse('2026-12-07T09:30:50+07:00'))).toBe(Date.parse('2026-12-07T09:00:20+07:00'));
    // Exactly half a minute short of a whole number: still rounded up now, down a millisecond later.
    expect(trueUntil(now, [], Date.parse('2026-12-07T09:30:40+07:00'))).toBe(now + 1);
    // Past the due time (negative minutes) the same rule holds.
    expect(trueUntil(now, [], Date.parse('2026-12-07T08:00:00+07:00'))).toBe(Date.parse('2026-12-07T09:00:30+07:00'));
  });
  it('is always after now and never more than a minute ahead (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.array(fc.integer({ min: -1e7, max: 1e7 }), { maxLength: 5 }), fc.option(fc.integer({ min: -1e8, max: 1e8 })), (t, offsets, left) => {
        const until = trueUntil(t, offsets.map((o) => t + o), left === null ? null : t + left);
        return until > t && until <= t + VIEW_TTL_MS;
      }),
    );
  });
});

describe('viewCache', () => {
  const stamp = { version: 7, settings: '0|minute|{}' };
  const view = { view: 'summary' } as never;
  it('gives an answer back only with the same stamp, in its time, and keeps at most its size', () => {
    const c = viewCache(2);
    c.put('a', stamp, 1_000, view, 5_000);
    expect(c.get('a', stamp, 4_999)).toBe(view);
    expect(c.get('a', stamp, 999)).toBeNull(); // a clock set back
    c.put('a', stamp, 1_000, view, 5_000);
    expect(c.get('a', { ...stamp, version: 8 }, 2_000)).toBeNull();
    c.put('a', stamp, 1_000, view, 5_000);
    expect(c.get('a', { ...stamp, settings: '1|minute|{}' }, 2_000)).toBeNull();
    c.put('a', stamp, 1_000, view, 5_000);
    expect(c.get('a', { ...stamp, settings: '0|day|{}' }, 2_000)).toBeNull();
    c.put('a', stamp, 1_000, view, 5_000);
    expect(c.get('a', stamp, 5_000)).toBeNull();
    c.put('a', stamp, 1_000, view, 5_000);
    c.put('b', stamp, 1_000, view, 5_000);
    c.put('c', stamp, 1_000, view, 5_000);
    expect(c.size()).toBe(2);
    expect(c.get('a', stamp, 2_000)).toBeNull();
    const none = viewCache(0);
    none.put('a', stamp, 1_000, view, 5_000);
    expect(none.get('a', stamp, 2_000)).toBeNull();
  });
});

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('kiosk answers reused', () => {
  it('are always what a fresh lookup gives, through due times, ticking minutes, actions, a rating and a setting changed', async () => {
    t = await testApp({ now: '2026-11-25T08:00:00+07:00', config: { kioskLookupsPerMinute: 1_000_000 } });
    // The same database and clock, keeping no answer: what every lookup would say without the cache.
    const fresh = await buildApp({ db: t.db, clock: t.clock, config: { uiDir: '/nonexistent', kioskLookupsPerMinute: 1_000_000, kioskViewCacheSize: 0 } });
    try {
      const made = (await intake(t)).json() as { code: string; lookupKey: string };
      const ask = async (app: typeof fresh, url: string) => {
        const r = await app.inject({ method: 'GET', url });
        return `${r.statusCode} ${r.body}`;
      };
      const urls = [`/api/kiosk/lookup/${made.lookupKey}`, `/api/kiosk/lookup/${made.code}`];
      const act = async (user: TestUser, body: object) => (await t!.app.inject({ method: 'POST', url: `/api/dossiers/${made.code}/actions`, headers: await t!.as(user), payload: body })).statusCode;
      const steps: [TestUser, object][] = [['clerk', { type: 'complete-step' }], ['officer', { type: 'complete-step' }], ['leader', { type: 'complete-step' }], ['clerk', { type: 'result-ready' }], ['clerk', { type: 'return-result', method: 'counter' }]];
      // Seconds between lookups: mostly a few (the cache answers), sometimes hours (due times pass).
      const gaps = fc.sample(fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 40, max: 3 * 3600 })), { numRuns: 300, seed: 13 });
      let checked = 0;
      for (const [i, gap] of gaps.entries()) {
        t.clock.set(new Date(t.clock().getTime() + gap * 1000).toISOString());
        if (i % 30 === 29 && steps.length) {
          const [user, body] = steps.shift()!;
          expect(await act(user, body)).toBe(200);
        }
        if (i === 280) {
          // The citizen rates: a new event, a new answer at once.
          const r = await t.app.inject({ method: 'POST', url: '/api/kiosk/rating', payload: { key: made.lookupKey, level: 'satisfied', reasons: [] } });
          expect(r.statusCode, r.body).toBe(201);
        }
        if (i === 290) t.db.prepare("UPDATE centre SET timeliness = 'day'").run();
        for (const url of urls) {
          const cached = await ask(t.app, url);
          expect(cached).toBe(await ask(fresh, url));
          // Asked again at once: the kept answer, still the same.
          expect(await ask(t.app, url)).toBe(cached);
          checked++;
        }
      }
      expect(steps).toEqual([]);
      expect(checked).toBe(600);
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it('does not read the dossier\'s steps again while its answer stays true; reads them after an action', async () => {
    t = await testApp({ now: '2026-11-25T08:00:00+07:00' });
    const made = (await intake(t)).json() as { code: string; lookupKey: string };
    const base = kioskRepo(t.db);
    let stepReads = 0;
    const counting = { ...base, stepsOf: (id: number) => (stepReads++, base.stepsOf(id)) };
    const kiosk = kioskService({ db: t.db, repo: dossierRepo(t.db), kiosk: counting, audit: auditRepo(t.db), catalogue: catalogueFor(t.db), clock: t.clock, throttle: wrongKeyThrottle(t.clock), sleep: async () => {}, scheduleRecords: () => {} });
    const look = () => kiosk.lookup(made.lookupKey, { address: '127.0.0.1' });
    const first = look();
    t.clock.set('2026-11-25T08:00:05+07:00');
    expect(look()).toEqual(first);
    expect(stepReads).toBe(1);
    expect((await t.app.inject({ method: 'POST', url: `/api/dossiers/${made.code}/actions`, headers: await t.as('clerk'), payload: { type: 'complete-step' } })).statusCode).toBe(200);
    expect(look()).not.toEqual(first);
    expect(stepReads).toBe(2);
    // A minute on: made again.
    t.clock.set('2026-11-25T08:01:10+07:00');
    look();
    expect(stepReads).toBe(3);
  });

  it('does not read a dossier\'s stamp again while nothing in the database has changed but the lookup records', async () => {
    t = await testApp({ now: '2026-11-25T08:00:00+07:00' });
    const made = (await intake(t)).json() as { code: string; lookupKey: string };
    const base = kioskRepo(t.db);
    let stampReads = 0;
    const counting = { ...base, stampByKey: (key: string) => (stampReads++, base.stampByKey(key)), stampByCode: (code: string) => (stampReads++, base.stampByCode(code)) };
    const kiosk = kioskService({ db: t.db, repo: dossierRepo(t.db), kiosk: counting, audit: auditRepo(t.db), catalogue: catalogueFor(t.db), clock: t.clock, throttle: wrongKeyThrottle(t.clock), sleep: async () => {}, scheduleRecords: () => {} });
    const look = (q = made.lookupKey) => kiosk.lookup(q, { address: '127.0.0.1' });
    look();
    look(made.code);
    expect(stampReads).toBe(2);
    look();
    look(made.code);
    // The records of these lookups written: nothing an answer depends on has changed.
    kiosk.flushRecords();
    expect(t.db.prepare('SELECT sum(lookups) FROM kiosk_lookups').pluck().get()).toBe(4);
    look();
    expect(stampReads).toBe(2);
    // A commit by another connection (another process: the command line) is seen.
    const other = new Database(t.path);
    try {
      other.prepare("UPDATE centre SET timeliness = 'minute'").run();
    } finally {
      other.close();
    }
    // (Seen from the next turn of the event loop: a request answered in this turn was sent before it.)
    look();
    expect(stampReads).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    look();
    expect(stampReads).toBe(3);
    look();
    expect(stampReads).toBe(3);
    // And so is any write through the server's own connection.
    t.db.prepare("UPDATE centre SET timeliness = 'day'").run();
    look();
    expect(stampReads).toBe(4);
    // A change to the dossier itself: its new state at once.
    const before = look();
    expect((await t.app.inject({ method: 'POST', url: `/api/dossiers/${made.code}/actions`, headers: await t.as('clerk'), payload: { type: 'complete-step' } })).statusCode).toBe(200);
    const after = look();
    expect(stampReads).toBe(5);
    expect(after).not.toEqual(before);
  });
});
