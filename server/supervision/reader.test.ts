// The supervisors' big reads answered by a worker thread (reader.ts): the same answers as in the
// server's own thread, the same errors, on the centre's clock; a reader closed or dead starts afresh.
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, intake, testApp } from '../../test/helpers.ts';
import { buildApp } from '../app.ts';
import { AppError } from '../errors.ts';
import { supervisionReader } from './reader.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const PATHS = [
  '/api/supervision/overview',
  '/api/supervision/summary?from=2026-11-01&to=2026-11-30',
  '/api/supervision/flags?from=2026-11-01&to=2026-11-30',
  '/api/supervision/scores?period=2026-11',
  '/api/supervision/warnings',
  '/api/supervision/kiosk?from=2026-11-20&to=2026-11-30',
];

describe('supervision reads in a worker thread', () => {
  it('answer as the server\'s own thread does, on the centre\'s clock, with the same errors', async () => {
    const app = (t = await testApp({ now: '2026-11-25T09:00:00+07:00', config: { supervisionReadsInWorker: true } }));
    for (let i = 0; i < 3; i++) await intake(app);
    app.clock.set('2026-11-30T16:00:00+07:00');
    const headers = await app.as('supervisor');
    // The same reads answered in this thread: a second app on the same database, reads not in a worker.
    const local = await buildApp({ db: app.db, clock: app.clock, config: { uiDir: '/nonexistent', supervisionReadsInWorker: false } });
    try {
      for (const url of PATHS) {
        const res = await app.app.inject({ method: 'GET', url, headers });
        expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
        expect(res.json(), url).toEqual((await local.inject({ method: 'GET', url, headers })).json());
      }
      expect((await app.app.inject({ method: 'GET', url: PATHS[0]!, headers })).json().asOf).toBe('2026-11-30T16:00:00+07:00');
      const bad = await app.app.inject({ method: 'GET', url: '/api/supervision/summary?from=2026-11-30&to=2026-11-01', headers });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toEqual((await local.inject({ method: 'GET', url: '/api/supervision/summary?from=2026-11-30&to=2026-11-01', headers })).json());
    } finally {
      await local.close();
    }
  }, 60_000);

  it('a reader closed under a waiting read fails that read, and the next read starts a new worker', async () => {
    const app = (t = await testApp({ now: '2026-11-25T09:00:00+07:00' }));
    await intake(app);
    const reader = supervisionReader({ dbPath: app.path, clock: app.clock });
    try {
      const first = JSON.parse(await reader.overview()) as { totals: { open: number } };
      expect(first.totals.open).toBe(1);
      const waiting = reader.summary('2026-11-01', '2026-11-30');
      await reader.close();
      await expect(waiting).rejects.toThrow();
      expect((JSON.parse(await reader.overview()) as { totals: { open: number } }).totals.open).toBe(1);
      // An AppError crosses the thread as itself.
      await expect(reader.summary('2026-11-30', '2026-11-01')).rejects.toBeInstanceOf(AppError);
    } finally {
      await reader.close();
    }
  }, 60_000);
});
