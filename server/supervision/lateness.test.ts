// Lateness reviews and the discipline flags at their edges, through the real actions: one late step
// is no flag, two are; a valid-reason decision takes a step out of the count and reversing it puts
// it back; two apologies are no serious flag, three are. Decisions are append-only at the SQL level,
// recorded in the hash-chained history, and `audit verify`'s state check still passes.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type TestApp, type TestUser, anIntake, intake, testApp } from '../../test/helpers.ts';
import { main } from '../../scripts/cli.ts';
import { verifyChain } from '../dossiers/chain.ts';
import { checkState } from '../dossiers/consistency.ts';
import { dossierRepo } from '../dossiers/repo.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: '2026-11-30T08:00:00+07:00' }); // Monday of a week without holidays (24 Nov, Culture Day, is one)
});
afterEach(async () => t.close());

const at = (iso: string) => t.clock.set(`${iso}+07:00`);
async function must(code: string, user: TestUser, body: object) {
  const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(user), payload: body });
  if (res.statusCode !== 200) throw new Error(`${JSON.stringify(body)} by ${user}: ${res.statusCode} ${res.body}`);
  return res.json();
}
async function review(body: object, user: TestUser = 'supervisor') {
  return t.app.inject({ method: 'POST', url: '/api/supervision/lateness', headers: await t.as(user), payload: body });
}
async function flags() {
  const res = await t.app.inject({ method: 'GET', url: '/api/supervision/flags?from=2026-11-30&to=2026-12-06', headers: await t.as('supervisor') });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const officerFlag = (f: { flags: { kind: string; officer?: { username: string } }[] }, username = 'officer') =>
  f.flags.find((x) => x.kind === 'officer' && x.officer?.username === username);

/** A birth registration received now whose step 2 the officer takes and finishes late (after 17:00's due is past). */
async function lateAtOfficer(receivedAt: string, finishedAt: string): Promise<string> {
  at(receivedAt);
  const { code } = (await intake(t)).json();
  await must(code, 'clerk', { type: 'complete-step' });
  await must(code, 'officer', { type: 'accept-step' });
  at(finishedAt);
  const res = await must(code, 'officer', { type: 'complete-step' });
  expect(res.steps[1].timeliness).toBe('late');
  return code;
}

describe('lateness reviews and flags', () => {
  it('a step late only against the plan (an earlier one was slow) is not its holder’s to answer for: no decision, no flag', async () => {
    const code = await lateAtOfficer('2026-11-30T08:00:00', '2026-12-01T08:00:00');
    // The leader signs a few minutes after it reaches him: behind the plan, early on his own clock.
    at('2026-12-01T08:05:00');
    const signed = await must(code, 'leader', { type: 'complete-step' });
    expect(signed.steps[2]).toMatchObject({ timeliness: 'late', holder: { timeliness: 'early', lateMinutes: 0 } });
    const before = dossierRepo(t.db).eventsOf(dossierRepo(t.db).byCode(code)!.id).length;
    const res = await review({ code, seq: 3, valid: false, reason: 'Không có lý do chính đáng' });
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'STEP_NOT_LATE']);
    // A reason too short or with an emoji is told its rule, not "invalid format".
    for (const reason of ['ab', 'Lý do 😀 ở đây']) {
      const bad = await review({ code, seq: 2, valid: false, reason });
      expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(bad.json().error.details[0].message).toMatch(/^Từ 5 đến 500 ký tự, không chứa ký tự điều khiển/);
    }
    expect(dossierRepo(t.db).eventsOf(dossierRepo(t.db).byCode(code)!.id).length).toBe(before);
    // The officer's own step is the late one, and he is the one counted.
    expect((await review({ code, seq: 2, valid: false, reason: 'Không có lý do chính đáng' })).statusCode).toBe(200);
    const f = await flags();
    expect(JSON.stringify(f.flags.filter((x: { kind: string; officer?: { username: string } }) => x.kind === 'officer' && x.officer?.username === 'leader'))).not.toContain(code);
  });


  it('flags an officer from the second late step, not the first; a valid reason removes one, reversing puts it back', async () => {
    const a = await lateAtOfficer('2026-11-30T08:00:00', '2026-12-01T08:00:00');
    expect(officerFlag(await flags())).toBeUndefined();
    const b = await lateAtOfficer('2026-12-01T08:10:00', '2026-12-02T08:00:00');
    let f = await flags();
    expect(f.thresholds).toEqual({ lateSteps: 2, apologies: 3 });
    expect(officerFlag(f)).toMatchObject({ level: 'discipline_review', lateWithoutValidReason: 2, apologies: 0 });
    // Most recent first: b finished a day after a.
    expect(officerFlag(f)!).toHaveProperty('dossiers', [expect.objectContaining({ code: b, seq: 2, apologized: false }), expect.objectContaining({ code: a, seq: 2 })]);
    expect(officerFlag(f)).toMatchObject({ dossiersTotal: 2, dossiersMore: 0 });
    expect(f.flags.find((x: { kind: string; department?: { code: string } }) => x.kind === 'department' && x.department?.code === 'VP-TPHT')).toMatchObject({ lateWithoutValidReason: 2 });

    at('2026-12-02T09:00:00');
    const ok = await review({ code: a, seq: 2, valid: true, reason: 'Mất điện toàn xã cả buổi chiều' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ code: a, seq: 2, valid: true, decidedBy: { username: 'supervisor' }, decidedAt: '2026-12-02T09:00:00+07:00' });
    expect(officerFlag(await flags())).toBeUndefined();

    at('2026-12-02T09:30:00');
    expect((await review({ code: a, seq: 2, valid: false, reason: 'Kiểm tra lại: đã có điện từ 14 giờ' }, 'leader')).statusCode).toBe(200);
    f = await flags();
    expect(officerFlag(f)).toMatchObject({ level: 'discipline_review', lateWithoutValidReason: 2 });
    expect(officerFlag(f)!).toHaveProperty(['dossiers', 1], expect.objectContaining({ code: a, reason: 'Kiểm tra lại: đã có điện từ 14 giờ' }));

    // The drill-down shows the current decision; the history has both, chained; audit verify passes.
    const rows = (await t.app.inject({ method: 'GET', url: '/api/supervision/dossiers?from=2026-11-30&to=2026-12-06&metric=late&officer=officer', headers: await t.as('supervisor') })).json();
    expect(rows.items.find((r: { code: string }) => r.code === a).lateness).toMatchObject({ valid: false, decidedBy: { username: 'leader' } });
    const detail = (await t.app.inject({ method: 'GET', url: `/api/dossiers/${a}`, headers: await t.as('supervisor') })).json();
    expect(detail.history.filter((e: { kind: string }) => e.kind === 'lateness_reviewed').map((e: { data: { valid: boolean } }) => e.data.valid)).toEqual([true, false]);
    const { rows: chain, length } = dossierRepo(t.db).chain();
    expect(verifyChain(chain, length)).toMatchObject({ ok: true });
    expect(checkState(t.db).mismatches).toEqual([]);
  });

  it('refuses a step that was not late (409), an unknown step (404), a short reason (400), clerks, officers and admins (403)', async () => {
    const { code } = (await intake(t)).json();
    at('2026-11-30T08:05:00');
    await must(code, 'clerk', { type: 'complete-step' }); // early
    expect((await review({ code, seq: 1, valid: true, reason: 'Không có lý do gì' })).json().error.code).toBe('STEP_NOT_LATE');
    expect((await review({ code, seq: 3, valid: true, reason: 'Chưa đến bước này' })).json().error.code).toBe('STEP_NOT_LATE');
    expect((await review({ code, seq: 9, valid: true, reason: 'Không có bước này' })).json().error.code).toBe('STEP_NOT_FOUND');
    expect((await review({ code: 'NOPE', seq: 1, valid: true, reason: 'Không có hồ sơ' })).json().error.code).toBe('DOSSIER_NOT_FOUND');
    expect((await review({ code, seq: 2, valid: true, reason: 'ngắn' })).statusCode).toBe(400);
    for (const user of ['clerk', 'officer', 'admin'] as const) expect((await review({ code, seq: 2, valid: true, reason: 'Lý do hợp lệ' }, user)).statusCode, user).toBe(403);
    // An open step past its due time can be reviewed before it finishes.
    at('2026-11-30T17:30:00');
    const res = await review({ code, seq: 2, valid: true, reason: 'Chờ kết quả xác minh liên thông' });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('keeps decisions append-only at the SQL level', async () => {
    const a = await lateAtOfficer('2026-11-30T08:00:00', '2026-12-01T08:00:00');
    expect((await review({ code: a, seq: 2, valid: true, reason: 'Lý do hợp lệ đã xác minh' })).statusCode).toBe(200);
    expect(() => t.db.prepare('UPDATE lateness_decisions SET valid = 0').run()).toThrow(/append-only/);
    expect(() => t.db.prepare('DELETE FROM lateness_decisions').run()).toThrow(/append-only/);
    expect(t.db.prepare('SELECT count(*) AS n FROM lateness_decisions').get()).toEqual({ n: 1 });
    expect(checkState(t.db).mismatches).toEqual([]);
    // A decision slipped into the table without its history event is named by audit verify's state check.
    t.db.prepare(
      `INSERT INTO lateness_decisions (dossier_id, seq, valid, reason, decided_by, decided_at, event_id)
       SELECT d.id, 2, 1, 'Thêm thẳng vào bảng', 1, '2026-12-01T09:00:00+07:00', (SELECT min(e.id) FROM dossier_events e WHERE e.dossier_id = d.id) FROM dossiers d WHERE d.code = ?`,
    ).run(a);
    expect(checkState(t.db).mismatches).toEqual([expect.objectContaining({ code: a, field: 'lateness decision', stored: expect.stringContaining('Thêm thẳng vào bảng') })]);
  });

  it('turns a flag serious at the third apology, not the second, and follows `motcua settings set`', async () => {
    const apologise = async (minute: string) => {
      at(`2026-11-30T08:${minute}:00`);
      const { code } = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json(); // 3 working days
      await must(code, 'clerk', { type: 'complete-step' });
      await must(code, 'officer', { type: 'accept-step' });
      await must(code, 'leader', { type: 'apologize', reason: 'Cần xác minh thêm', newDueAt: '2026-12-09T16:00:00+07:00' });
    };
    await apologise('00');
    await apologise('10');
    expect(officerFlag(await flags())).toBeUndefined();
    await apologise('20');
    let f = await flags();
    expect(officerFlag(f)).toMatchObject({ level: 'serious', levelLabel: { vi: 'Xử lý nghiêm' }, apologies: 3, lateWithoutValidReason: 0 });
    expect(officerFlag(f)!).toHaveProperty(['dossiers', 0], expect.objectContaining({ apologized: true, reason: 'Cần xác minh thêm', lateMinutes: null }));

    // Raised to 4 by the administrator: no longer serious. The change is audited.
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    try {
      expect(await main(['settings', 'set', 'serious-apologies', '4', '--db', t.path], process.env)).toBe(0);
      expect(await main(['settings', 'set', 'discipline-late-steps', '0', '--db', t.path], process.env)).toBe(1);
      expect(await main(['settings', 'show', '--db', t.path], process.env)).toBe(0);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
    expect(out.join('\n')).toContain('4 or more apologies');
    expect(out.join('\n')).toContain('whole number from 1 to 100');
    f = await flags();
    expect(f.thresholds).toEqual({ lateSteps: 2, apologies: 4 });
    expect(officerFlag(f)).toBeUndefined();
    expect(t.db.prepare("SELECT json_extract(detail, '$.setting') AS s, json_extract(detail, '$.to') AS v FROM audit_log WHERE action = 'change_setting'").all()).toEqual([{ s: 'serious-apologies', v: 4 }]);
  });
});
