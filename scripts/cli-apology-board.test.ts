// `motcua settings set apology-board-days N` beside a running server: checked before the database is
// touched, recorded in the audit log, listed by `settings show`, and read by the public board at its
// next request (no restart).
import { describe, expect, it } from 'vitest';
import { anIntake, intake, testApp } from '../test/helpers.ts';
import { cliBesideServer } from '../test/fixtures/cli.ts';

const { inProcess, closeAfter } = cliBesideServer();

describe('motcua settings set apology-board-days', () => {
  it('changes how long an apology stays on the public board, at once, within 1–365 days, audited', async () => {
    const t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
    closeAfter(() => void t.close());
    const { code } = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json();
    for (const role of ['clerk', 'officer'] as const) {
      expect((await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(role), payload: { type: 'complete-step' } })).statusCode).toBe(200);
    }
    const apology = { type: 'apologize', reason: 'Chờ kết quả xác minh từ cơ quan khác', newDueAt: '2026-12-04T16:00:00+07:00' };
    expect((await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as('leader'), payload: apology })).statusCode).toBe(200);
    const total = async () => (await t.app.inject({ method: 'GET', url: '/api/public/apologies' })).json().total as number;

    const shown = await inProcess('settings', 'show', '--db', t.path);
    expect(shown.stdout).toContain('apology board: each apology stays up 30 day(s) after the day it was made (apology-board-days)');
    t.clock.set('2027-01-05T09:00:00+07:00'); // 41 days later: off the board
    expect(await total()).toBe(0);

    for (const bad of ['0', '366', '2.5', 'abc', '1000', '30 ']) {
      const r = await inProcess('settings', 'set', 'apology-board-days', bad, '--db', t.path);
      expect(r.status, bad).toBe(1);
      expect(r.stderr, bad).toContain('apology-board-days was not changed');
      expect(r.stderr, bad).toContain('from 1 to 365');
    }
    const ok = await inProcess('settings', 'set', 'apology-board-days', '45', '--db', t.path);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('apology board: each apology stays up 45 day(s)');
    // The running server's next request uses it.
    expect(await total()).toBe(1);
    expect(t.db.prepare('SELECT apology_board_days AS d FROM centre').get()).toEqual({ d: 45 });
    const changes = t.db.prepare("SELECT detail FROM audit_log WHERE action = 'change_setting' ORDER BY id").all() as { detail: string }[];
    expect(changes.map((c) => JSON.parse(c.detail))).toEqual([expect.objectContaining({ setting: 'apology-board-days', from: 30, to: 45 })]);
    expect((await inProcess('settings', '--help')).stdout).toContain('motcua settings set apology-board-days N');
  }, 60_000);
});
