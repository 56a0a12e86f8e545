import { describe, expect, it } from 'vitest';
import { lookupRecorder } from './recorder.ts';
import type { LookupRecord } from './repo.ts';

const row = (n: number): LookupRecord => ({ at: `2026-11-25T09:00:0${n % 10}+07:00`, channel: 'scanner', outcome: 'found', tier: 'detail', client: '192.168.1.21', delay_ms: 0, fictional: 0 });

function fakeRepo(fail = false) {
  const writes: LookupRecord[][] = [];
  return { writes, recordLookups: (rows: readonly LookupRecord[]) => { if (fail) throw new Error('SQLITE_BUSY'); writes.push([...rows]); } };
}

describe('lookup records in batches', () => {
  it('writes everything recorded in one turn together, when the turn ends', () => {
    const repo = fakeRepo();
    const scheduled: (() => void)[] = [];
    const rec = lookupRecorder(repo, { schedule: (f) => scheduled.push(f) });
    for (let i = 0; i < 3; i++) rec.record(row(i));
    expect(repo.writes).toEqual([]);
    expect(scheduled).toHaveLength(1); // one write scheduled, not three
    scheduled[0]!();
    expect(repo.writes.map((w) => w.length)).toEqual([3]);
    rec.record(row(4));
    expect(scheduled).toHaveLength(2);
  });

  it('writes a full batch at once rather than letting it grow', () => {
    const repo = fakeRepo();
    const rec = lookupRecorder(repo, { schedule: () => {} });
    for (let i = 0; i < 1200; i++) rec.record(row(i));
    expect(repo.writes.map((w) => w.length)).toEqual([500, 500]);
    rec.flush();
    expect(repo.writes.map((w) => w.length)).toEqual([500, 500, 200]);
    expect(rec.pending()).toBe(0);
  });

  it('a failed write is reported and dropped, never thrown into the event loop', () => {
    const lost: number[] = [];
    const rec = lookupRecorder(fakeRepo(true), { schedule: () => {}, onError: (_e, n) => lost.push(n) });
    rec.record(row(1));
    rec.record(row(2));
    expect(() => rec.flush()).not.toThrow();
    expect(lost).toEqual([2]);
    expect(rec.pending()).toBe(0);
  });
});
