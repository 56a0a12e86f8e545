import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, anIntake, freshDb, intake, testApp } from '../../test/helpers.ts';

const seqOf = (code: string) => Number(code.slice(-4));
const expectGapFree = (codes: string[]) => {
  expect(new Set(codes).size).toBe(codes.length);
  expect(codes.map(seqOf).sort((a, b) => a - b)).toEqual(Array.from({ length: codes.length }, (_, i) => i + 1));
};

describe('dossier codes under concurrent intake', () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it('many simultaneous requests get unique, gap-free codes', async () => {
    t = await testApp({ now: '2026-11-25T10:00:00+07:00' });
    const headers = await t.as('clerk');
    const bad = { ...anIntake(), documents: [] };
    // 80 good intakes interleaved with 20 bad ones that must not consume a number.
    const requests = Array.from({ length: 100 }, (_, i) =>
      t!.app.inject({ method: 'POST', url: '/api/dossiers', headers, payload: i % 5 === 4 ? bad : anIntake() }),
    );
    const responses = await Promise.all(requests);
    const created = responses.filter((r) => r.statusCode === 201).map((r) => r.json().code as string);
    expect(created).toHaveLength(80);
    expect(responses.filter((r) => r.statusCode === 400)).toHaveLength(20);
    expectGapFree(created);
    expect((await intake(t)).json().code).toMatch(/-0081$/);
  });

  it('a failure inside the intake transaction gives its number back', async () => {
    let calls = 0;
    // Every third lookup-key draw fails, after the day's sequence was already incremented.
    const randomDigits = () => {
      calls++;
      if (calls % 3 === 0) throw new Error('simulated fault');
      return String(calls).padStart(15, '0');
    };
    t = await testApp({ now: '2026-11-25T10:00:00+07:00', randomDigits });
    const headers = await t.as('clerk');
    const responses = await Promise.all(Array.from({ length: 30 }, () => t!.app.inject({ method: 'POST', url: '/api/dossiers', headers, payload: anIntake() })));
    const created = responses.filter((r) => r.statusCode === 201).map((r) => r.json().code as string);
    expect(created).toHaveLength(20);
    expect(responses.filter((r) => r.statusCode === 500).map((r) => r.json().error.code)).toEqual(Array(10).fill('INTERNAL'));
    expectGapFree(created);
    expect(t.db.prepare('SELECT count(*) AS n FROM dossier_steps').get()).toEqual({ n: 20 * 4 });
  });

  it('several processes writing the same database file still get unique, gap-free codes', async () => {
    const { path, cleanup, db } = freshDb();
    db.close();
    try {
      const worker = fileURLToPath(new URL('../../test/fixtures/intake-worker.ts', import.meta.url));
      const run = () =>
        new Promise<string[]>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', worker, path, '40', '2026-11-25T10:00:00+07:00'], { stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          let err = '';
          child.stdout.on('data', (c) => (out += c));
          child.stderr.on('data', (c) => (err += c));
          child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`worker exited ${code}: ${err}`))));
        });
      const results = await Promise.all([run(), run(), run(), run()]);
      const all = results.flat();
      expect(all).toHaveLength(160);
      expectGapFree(all);
    } finally {
      cleanup();
    }
  }, 60_000);
});
