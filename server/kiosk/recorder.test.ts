import { describe, expect, it } from 'vitest';
import { type Lookup, lookupRecorder } from './recorder.ts';
import type { LookupRecord } from './repo.ts';

/** Lookup n: its own second and client, so that no two are counted together. */
const lookup = (n: number): Lookup => ({ at: `2026-11-25T09:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}+07:00`, channel: 'scanner', outcome: 'found', tier: 'detail', client: `192.168.${Math.floor(n / 3600)}.21`, delay_ms: 0, fictional: 0 });

function fakeRepo(fail = false) {
  const writes: LookupRecord[][] = [];
  return { writes, recordLookups: (rows: readonly LookupRecord[]) => { if (fail) throw new Error('SQLITE_BUSY'); writes.push(rows.map((r) => ({ ...r }))); } };
}

describe('lookup records in batches', () => {
  it('writes everything recorded in one turn together, when the turn ends', () => {
    const repo = fakeRepo();
    const scheduled: (() => void)[] = [];
    const rec = lookupRecorder(repo, { schedule: (f) => scheduled.push(f) });
    for (let i = 0; i < 3; i++) rec.record(lookup(i));
    expect(repo.writes).toEqual([]);
    expect(scheduled).toHaveLength(1); // one write scheduled, not three
    scheduled[0]!();
    expect(repo.writes.map((w) => w.length)).toEqual([3]);
    rec.record(lookup(4));
    expect(scheduled).toHaveLength(2);
  });

  it('writes a full batch at once rather than letting it grow', () => {
    const repo = fakeRepo();
    const rec = lookupRecorder(repo, { schedule: () => {} });
    for (let i = 0; i < 24_000; i++) rec.record(lookup(i));
    expect(repo.writes.map((w) => w.length)).toEqual([10_000, 10_000]);
    rec.flush();
    expect(repo.writes.map((w) => w.length)).toEqual([10_000, 10_000, 4_000]);
    expect(rec.pending()).toBe(0);
  });

  it('counts lookups alike in every recorded column as one row, in the order they first came', () => {
    const repo = fakeRepo();
    const rec = lookupRecorder(repo, { schedule: () => {} });
    const a = lookup(1);
    for (let i = 0; i < 40; i++) rec.record(a);
    rec.record({ ...a, channel: 'camera' });
    rec.record({ ...a, at: '2026-11-25T09:00:02+07:00' });
    rec.record({ ...a, outcome: 'not_found', tier: null });
    rec.record({ ...a, client: 'internet' });
    rec.record({ ...a, delay_ms: 2000 });
    rec.record({ ...a, fictional: 1 });
    rec.record(a);
    expect(rec.pending()).toBe(47);
    rec.flush();
    expect(repo.writes).toHaveLength(1);
    expect(repo.writes[0]!.map((r) => r.lookups)).toEqual([41, 1, 1, 1, 1, 1, 1]);
    expect(repo.writes[0]![0]).toEqual({ ...a, lookups: 41 });
    expect(repo.writes[0]!.slice(1).map((r) => [r.channel, r.at.slice(11, 19), r.outcome, r.client, r.delay_ms, r.fictional])).toEqual([
      ['camera', '09:00:01', 'found', '192.168.0.21', 0, 0],
      ['scanner', '09:00:02', 'found', '192.168.0.21', 0, 0],
      ['scanner', '09:00:01', 'not_found', '192.168.0.21', 0, 0],
      ['scanner', '09:00:01', 'found', 'internet', 0, 0],
      ['scanner', '09:00:01', 'found', '192.168.0.21', 2000, 0],
      ['scanner', '09:00:01', 'found', '192.168.0.21', 0, 1],
    ]);
    // The next batch counts afresh.
    rec.record(a);
    rec.flush();
    expect(repo.writes[1]!.map((r) => r.lookups)).toEqual([1]);
  });

  it('a failed write is reported with the lookups it held and dropped, never thrown into the event loop', () => {
    const lost: number[] = [];
    const rec = lookupRecorder(fakeRepo(true), { schedule: () => {}, onError: (_e, n) => lost.push(n) });
    rec.record(lookup(1));
    rec.record(lookup(1));
    rec.record(lookup(2));
    expect(() => rec.flush()).not.toThrow();
    expect(lost).toEqual([3]);
    expect(rec.pending()).toBe(0);
  });
});
