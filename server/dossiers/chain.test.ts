// The history is provably untouched: every event is sealed into a hash chain, and editing or removing
// one directly in the database file — triggers dropped, as someone holding the file could — is found
// by `motcua audit verify`, run as a real process.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, anIntake, intake, testApp } from '../../test/helpers.ts';
import { type ChainedEvent, GENESIS, linkHash, verifyChain } from './chain.ts';
import { checkState } from './consistency.ts';
import { dossierRepo } from './repo.ts';

const BIN = fileURLToPath(new URL('../../bin/motcua.js', import.meta.url));
const verify = (db: string) => spawnSync(process.execPath, [BIN, 'audit', 'verify', '--db', db], { encoding: 'utf8', timeout: 30_000 });

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function someHistory() {
  t = await testApp({ now: '2026-11-25T09:07:00+07:00' });
  const headers = await t.as('clerk');
  const codes: string[] = [];
  for (const procedureCode of ['1.001193', '1.004873', '1.001193']) {
    const { code } = (await intake(t, anIntake({ procedureCode }))).json();
    await t.app.inject({ method: 'GET', url: `/api/dossiers/${code}/receipt.pdf`, headers });
    codes.push(code);
  }
  return codes;
}

describe('the history chain', () => {
  it('holds after intakes and prints, and each dossier knows its latest link', async () => {
    const codes = await someHistory();
    const repo = dossierRepo(t!.db);
    const { rows, length } = repo.chain();
    const verdict = verifyChain(rows, length);
    expect(verdict).toMatchObject({ ok: true, events: 6, unsealed: 0 });
    const id = repo.byCode(codes[2]!)!.id;
    expect(repo.historyHash(id)).toBe(verdict.ok ? verdict.head : null);
    const ok = verify(t!.path);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('OK: 6 history events, the chain holds');
  }, 60_000);

  it('names the first event edited in the database file, triggers dropped', async () => {
    await someHistory();
    const raw = new Database(t!.path);
    raw.exec('DROP TRIGGER dossier_events_no_update');
    raw.prepare("UPDATE dossier_events SET at = '2026-11-25T08:00:00+07:00' WHERE id = 3").run();
    raw.close();
    const r = verify(t!.path);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('BROKEN at event #3');
    // Named by the dossier's code, as staff know it.
    expect(r.stderr).toMatch(/BROKEN at event #3 \(dossier 000\.30\.99\.H56-261125-\d{4}, /);
    expect(r.stderr).toContain('the event was edited');
  }, 60_000);

  it('finds an event removed, with its link, in the middle of the history', async () => {
    await someHistory();
    const raw = new Database(t!.path); // foreign keys off, as in the sqlite3 shell
    raw.exec('DROP TRIGGER dossier_events_no_delete; DROP TRIGGER dossier_event_chain_no_delete');
    raw.prepare('DELETE FROM dossier_event_chain WHERE event_id = 2').run();
    raw.prepare('DELETE FROM dossier_events WHERE id = 2').run();
    raw.close();
    const r = verify(t!.path);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('BROKEN at event #3');
    expect(r.stderr).toContain('removed or reordered');
  }, 60_000);

  it('always verifies, whatever sequence of appends (property)', async () => {
    t = await testApp({ now: '2026-11-25T09:07:00+07:00' });
    const { code } = (await intake(t)).json();
    const repo = dossierRepo(t.db);
    const id = repo.byCode(code)!.id;
    fc.assert(
      fc.property(fc.array(fc.record({ kind: fc.constantFrom('printed', 'note', 'viewed'), data: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 20 })) }), { maxLength: 8 }), (events) => {
        for (const e of events) repo.appendEvent({ dossier_id: id, at: '2026-11-25T09:08:00+07:00', kind: e.kind, actor_id: null, data: e.data });
        const { rows, length } = repo.chain();
        expect(verifyChain(rows, length).ok).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});

describe('the state the screens read, against the history', () => {
  it('a late step marked early, an appointment moved or a name changed in the rows (not the events) is named by audit verify', async () => {
    t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
    const act = async (code: string, user: 'clerk' | 'officer', body: object) =>
      t!.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t!.as(user), payload: body });
    const { code } = (await intake(t)).json();
    await act(code, 'clerk', { type: 'complete-step' });
    t.clock.set('2026-11-25T16:30:00+07:00'); // step 2 due 15:30: late
    await act(code, 'officer', { type: 'complete-step' });
    expect(checkState(t.db).mismatches).toEqual([]);
    const raw = new Database(t.path);
    raw.prepare("UPDATE dossier_steps SET timeliness = 'early', late_minutes = 0 WHERE seq = 2").run();
    raw.prepare("UPDATE dossiers SET applicant_name = 'Kẻ Giả Mạo', original_due_at = '2026-12-20T17:00:00+07:00'").run();
    raw.close();
    expect(checkState(t.db).mismatches.map((m) => m.field).sort()).toEqual(['applicant', 'original_due_at', 'step 2 late minutes', 'step 2 timeliness']);
    const r = verify(t.path);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('the chain holds');
    expect(r.stderr).toContain(`${code}: step 2 timeliness is "early", the history says "late"`);
    expect(r.stderr).toContain(`${code}: applicant is`);
  }, 60_000);
});

describe('an anchor kept away from the machine', () => {
  it('catches a history rewritten whole (an event edited and every link after it recomputed), which the chain alone cannot', async () => {
    await someHistory();
    const anchor = dossierRepo(t!.db).lastLink()!;
    const raw = new Database(t!.path);
    raw.exec('DROP TRIGGER dossier_events_no_update; DROP TRIGGER dossier_event_chain_no_update; DROP TRIGGER dossier_event_chain_no_delete;');
    raw.prepare("UPDATE dossier_events SET data = json_set(data, '$.dueAt', '2026-12-31T17:00:00+07:00') WHERE id = 1").run();
    // The forger recomputes every link with the program's own function.
    let prev = GENESIS;
    // (A received event's link also covers its dossier's received time and lookup key, since migration 018.)
    const rows = raw.prepare(
      "SELECT e.id, e.dossier_id, e.at, e.kind, e.actor_id, e.data, CASE WHEN e.kind = 'received' THEN d.received_at END AS received_at, CASE WHEN e.kind = 'received' THEN d.lookup_key END AS lookup_key FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id ORDER BY e.id",
    );
    for (const e of rows.all() as ChainedEvent[]) {
      const hash = linkHash(prev, e);
      raw.prepare('UPDATE dossier_event_chain SET prev_hash = ?, hash = ? WHERE event_id = ?').run(prev, hash, e.id);
      prev = hash;
    }
    raw.close();
    expect(verify(t!.path).stdout).toContain('the chain holds');
    const anchored = spawnSync(process.execPath, [BIN, 'audit', 'verify', '--db', t!.path, '--anchor', `${anchor.event_id}:${anchor.hash.slice(0, 16)}`], { encoding: 'utf8', timeout: 30_000 });
    expect(anchored.status).toBe(1);
    expect(anchored.stderr).toContain(`the history was REWRITTEN: event #${anchor.event_id}`);
  }, 60_000);
});
