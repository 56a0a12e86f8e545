// The counters: checked, written and audited in one transaction, from the command line as a user would.
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/fixtures/cli.ts';
import { freshDb, manualClock } from '../../test/helpers.ts';
import { auditRepo } from '../audit/repo.ts';
import { openDb } from '../db/open.ts';
import { countersService } from './counters.ts';
import { counterRepo } from './repo.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const auditRows = (db: ReturnType<typeof openDb>) =>
  db.prepare("SELECT at, action, detail FROM audit_log WHERE action IN ('add_counter', 'change_counter') ORDER BY id").all() as { at: string; action: string; detail: string }[];

describe('counters', () => {
  it('adds and changes a counter with an audit row saying who, what and what it was; a bad one changes nothing', () => {
    const fresh = freshDb();
    cleanup = fresh.cleanup;
    const counters = countersService({ db: fresh.db, repo: counterRepo(fresh.db), audit: auditRepo(fresh.db), clock: manualClock('2026-11-25T09:00:00+07:00') });
    const added = counters.put({ code: 'Q1', name: '  Quầy   1 ', queue: null, layout: 'a4' }, 'ops');
    expect(added).toEqual({ before: undefined, after: { code: 'Q1', name: 'Quầy 1', cups_queue: null, layout: 'a4' } });
    counters.put({ code: 'Q1', name: 'Quầy 1', queue: 'hp-quay1', layout: 'thermal' }, 'ops');
    expect(counters.list()).toEqual([{ code: 'Q1', name: 'Quầy 1', cups_queue: 'hp-quay1', layout: 'thermal' }]);
    const rows = auditRows(fresh.db);
    expect(rows.map((r) => [r.at, r.action])).toEqual([
      ['2026-11-25T09:00:00+07:00', 'add_counter'],
      ['2026-11-25T09:00:00+07:00', 'change_counter'],
    ]);
    expect(JSON.parse(rows[1]!.detail)).toEqual({ by: 'ops', counter: { code: 'Q1', name: 'Quầy 1', cups_queue: 'hp-quay1', layout: 'thermal' }, was: { code: 'Q1', name: 'Quầy 1', cups_queue: null, layout: 'a4' } });
    for (const [bad, field] of [
      [{ code: 'Q 2', name: 'Quầy 2', queue: null, layout: 'a4' }, 'code'],
      [{ code: 'Q2', name: '   ', queue: null, layout: 'a4' }, 'name'],
      [{ code: 'Q2', name: 'x'.repeat(61), queue: null, layout: 'a4' }, 'name'],
      [{ code: 'Q2', name: 'Quầy 2', queue: null, layout: 'a3' }, 'layout'],
      [{ code: 'Q2', name: 'Quầy 2', queue: 'hp quay2', layout: 'a4' }, 'queue'],
    ] as const) {
      expect(() => counters.put(bad, 'ops'), field).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field })] }));
    }
    expect(counters.list()).toHaveLength(1);
    expect(auditRows(fresh.db)).toHaveLength(2);
  });

  it('motcua counters add goes through it: audited, and a bad layout is a usage error that writes nothing', async () => {
    const fresh = freshDb();
    cleanup = fresh.cleanup;
    fresh.db.close();
    const env = { ...process.env, MOTCUA_DB: fresh.path };
    const ok = await runCli(['counters', 'add', 'Q1', '--name', 'Quầy 1', '--layout', 'a5'], env);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Added counter Q1 "Quầy 1": a5, prints through the browser');
    const bad = await runCli(['counters', 'add', 'Q2', '--name', 'Quầy 2', '--layout', 'a3'], env);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('the layout must be one of: a4, a5, thermal');
    const db = openDb(fresh.path);
    try {
      expect(counterRepo(db).all().map((c) => c.code)).toEqual(['Q1']);
      expect(auditRows(db).map((r) => [r.action, JSON.parse(r.detail).counter.code])).toEqual([['add_counter', 'Q1']]);
    } finally {
      db.close();
    }
  });
});
