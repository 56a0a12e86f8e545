// Nobody decides their own case (issue 12, item 3): a lateness decision is refused (403 OWN_CASE, and
// nothing written) to whoever held the step, and to the only member of its department; an apology's
// review to the leader who signed it and to the holders of the step it names. Another leader or a
// supervisor may. The record and the drill-down say so per step, by the same rule. The "serious
// handling" flag counts apologies without a valid reason: a valid decision takes one out, reversing
// it puts it back; every decision is chained in the history and matched by audit verify's state check.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, anIntake, intake, testApp } from '../../test/helpers.ts';
import { verifyChain } from '../dossiers/chain.ts';
import { checkState } from '../dossiers/consistency.ts';
import { dossierRepo } from '../dossiers/repo.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: '2026-11-30T08:00:00+07:00' }); // a Monday of a week without holidays
});
afterEach(async () => t.close());

const at = (iso: string) => t.clock.set(`${iso}+07:00`);
async function must(code: string, user: TestUser, body: object) {
  const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(user), payload: body });
  if (res.statusCode !== 200) throw new Error(`${JSON.stringify(body)} by ${user}: ${res.statusCode} ${res.body}`);
  return res.json();
}
const post = async (url: string, body: object, user: TestUser) => t.app.inject({ method: 'POST', url, headers: await t.as(user), payload: body });
const review = (body: object, user: TestUser) => post('/api/supervision/lateness', body, user);
const reviewApology = (body: object, user: TestUser) => post('/api/supervision/apology-review', body, user);
async function get(url: string, user: TestUser = 'supervisor') {
  const res = await t.app.inject({ method: 'GET', url, headers: await t.as(user) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
/** What a refusal must leave: no decision row of either kind, and no new history event. */
const written = () => t.db.prepare('SELECT (SELECT count(*) FROM lateness_decisions) + (SELECT count(*) FROM apology_decisions) AS decisions, (SELECT max(id) FROM dossier_events) AS lastEvent').get();
const audited = () => {
  const { rows, length } = dossierRepo(t.db).chain();
  expect(verifyChain(rows, length)).toMatchObject({ ok: true });
  expect(checkState(t.db).mismatches).toEqual([]);
};

describe('a lateness decision on one’s own step', () => {
  it('the demo’s case: the leader who signed step 3 late cannot excuse it (403 OWN_CASE, nothing written); another leader and a supervisor can', async () => {
    const { code } = (await intake(t)).json(); // a birth registration: every step due today
    at('2026-11-30T08:05:00');
    await must(code, 'clerk', { type: 'complete-step' });
    await must(code, 'officer', { type: 'accept-step' });
    await must(code, 'officer', { type: 'complete-step' });
    at('2026-11-30T08:20:00');
    await must(code, 'leader', { type: 'accept-step' });
    at('2026-12-01T09:00:00');
    expect((await must(code, 'leader', { type: 'complete-step' })).steps[2]).toMatchObject({ seq: 3, timeliness: 'late' });

    const before = written();
    const own = await review({ code, seq: 3, valid: true, reason: 'Bận họp cả buổi chiều' }, 'leader');
    expect(own.statusCode).toBe(403);
    expect(own.json().error).toMatchObject({ code: 'OWN_CASE', details: { why: 'held' } });
    expect(own.json().error.message).toContain('người khác quyết định');
    expect(written()).toEqual(before);

    // The record tells the leader the same, by the same rule; to the other leader it offers the decision.
    const mine = await get(`/api/supervision/dossiers/${code}`, 'leader');
    expect(mine.reviews.steps.find((s: { seq: number }) => s.seq === 3)).toEqual({ seq: 3, allowed: false, whyNot: { vi: expect.stringContaining('Việc của chính ông/bà'), en: expect.any(String) } });
    expect(mine.reviews.steps.find((s: { seq: number }) => s.seq === 2)).toMatchObject({ allowed: true, whyNot: null });
    expect((await get(`/api/supervision/dossiers/${code}`, 'leader.cn')).reviews.steps.find((s: { seq: number }) => s.seq === 3)).toMatchObject({ allowed: true });
    // So does the drill-down behind the late steps.
    const rows = await get('/api/supervision/dossiers?from=2026-11-30&to=2026-12-06&metric=late&department=LD-UBND', 'leader');
    expect(rows.items).toEqual([expect.objectContaining({ code, review: { allowed: false, whyNot: expect.objectContaining({ vi: expect.stringContaining('đã giữ bước này') }) } })]);
    expect((await get('/api/supervision/dossiers?from=2026-11-30&to=2026-12-06&metric=late&department=LD-UBND', 'supervisor')).items[0].review).toEqual({ allowed: true, whyNot: null });

    const other = await review({ code, seq: 3, valid: false, reason: 'Không có lý do được ghi nhận' }, 'leader.cn');
    expect(other.statusCode, other.body).toBe(200);
    const sup = await review({ code, seq: 3, valid: true, reason: 'Chờ ý kiến của huyện theo công văn' }, 'supervisor');
    expect(sup.statusCode, sup.body).toBe(200);
    expect(t.db.prepare('SELECT count(*) AS n FROM lateness_decisions').get()).toEqual({ n: 2 });
    audited();
  });

  it('refuses whoever held the step earlier in its history, and the only member of its department when nobody took it', async () => {
    const { code } = (await intake(t)).json();
    at('2026-11-30T08:05:00');
    await must(code, 'clerk', { type: 'complete-step' });
    await must(code, 'officer', { type: 'accept-step' });
    await must(code, 'officer', { type: 'complete-step' });
    // Step 3 at the commune's leadership, whose only member is `leader`: nobody takes it, it goes overdue.
    at('2026-12-01T09:00:00');
    const alone = await review({ code, seq: 3, valid: true, reason: 'Chờ ý kiến của huyện' }, 'leader');
    expect(alone.json().error).toMatchObject({ code: 'OWN_CASE', details: { why: 'only-member' } });
    expect((await review({ code, seq: 3, valid: true, reason: 'Chờ ý kiến của huyện' }, 'leader.cn')).statusCode).toBe(200);

    // A step the leader took, sent back by him and now held by nobody at that step: still his case.
    const second = (await intake(t, anIntake({ applicant: { idNumber: '038190000009' } }))).json().code as string;
    await must(second, 'clerk', { type: 'complete-step' });
    await must(second, 'leader', { type: 'accept-step' }); // a leader heading VP-TPHT takes step 2
    await must(second, 'leader', { type: 'return-step', reason: 'Thiếu chữ ký' });
    await must(second, 'clerk', { type: 'complete-step' });
    await must(second, 'officer', { type: 'accept-step' });
    at('2026-12-02T09:00:00');
    await must(second, 'officer', { type: 'complete-step' });
    const held = await review({ code: second, seq: 2, valid: true, reason: 'Hồ sơ phải trả lại một lần' }, 'leader');
    expect(held.json().error).toMatchObject({ code: 'OWN_CASE', details: { why: 'held' } });
    expect((await review({ code: second, seq: 2, valid: true, reason: 'Hồ sơ phải trả lại một lần' }, 'supervisor')).statusCode).toBe(200);
    audited();
  });
});

describe('apologies get the same review', () => {
  /** A 3-working-day dossier whose step 2 the officer holds, apologised for by the leader. */
  async function apologised(minute: string): Promise<string> {
    at(`2026-11-30T08:${minute}:00`);
    const { code } = (await intake(t, anIntake({ procedureCode: '1.004873', applicant: { idNumber: `0381900001${minute}` } }))).json();
    await must(code, 'clerk', { type: 'complete-step' });
    await must(code, 'officer', { type: 'accept-step' });
    await must(code, 'leader', { type: 'apologize', reason: 'Cần xác minh thêm', newDueAt: '2026-12-09T16:00:00+07:00' });
    return code;
  }
  const flags = () => get('/api/supervision/flags?from=2026-11-30&to=2026-12-06');
  const officerFlag = (f: { flags: { kind: string; officer?: { username: string } }[] }) => f.flags.find((x) => x.kind === 'officer' && x.officer?.username === 'officer');
  const departmentFlag = (f: { flags: { kind: string; department?: { code: string } }[] }) => f.flags.find((x) => x.kind === 'department' && x.department?.code === 'VP-TPHT');

  it('not by the leader who signed it, nor by the holder of the step it names; by another leader or a supervisor', async () => {
    const code = await apologised('00');
    const before = written();
    const signer = await reviewApology({ code, valid: true, reason: 'Phải xác minh ở xã khác' }, 'leader');
    expect(signer.statusCode).toBe(403);
    expect(signer.json().error).toMatchObject({ code: 'OWN_CASE', details: { why: 'apologized' } });
    expect((await reviewApology({ code, valid: true, reason: 'Phải xác minh ở xã khác' }, 'officer')).json().error.code).toBe('FORBIDDEN');
    expect(written()).toEqual(before);
    const record = await get(`/api/supervision/dossiers/${code}`, 'leader');
    expect(record.reviews.apology).toEqual({ seq: 2, allowed: false, whyNot: { vi: expect.stringContaining('đã ký văn bản xin lỗi'), en: expect.any(String) } });
    expect((await get(`/api/supervision/dossiers/${code}`)).reviews.apology).toEqual({ seq: 2, allowed: true, whyNot: null });

    const ok = await reviewApology({ code, valid: true, reason: 'Phải xác minh ở xã khác' }, 'leader.cn');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ code, seq: 2, valid: true, decidedBy: { username: 'leader.cn' }, decidedAt: '2026-11-30T08:00:00+07:00' });
    expect((await reviewApology({ code, valid: false, reason: 'Xem lại: không cần xác minh' }, 'supervisor')).statusCode).toBe(200);
    // No apology, no review; an unknown dossier, a short reason.
    const { code: plain } = (await intake(t, anIntake({ applicant: { idNumber: '038190000077' } }))).json();
    expect((await reviewApology({ code: plain, valid: true, reason: 'Không có gì' }, 'supervisor')).json().error.code).toBe('APOLOGY_NOT_FOUND');
    expect((await reviewApology({ code: 'NOPE', valid: true, reason: 'Không có gì' }, 'supervisor')).json().error.code).toBe('DOSSIER_NOT_FOUND');
    expect((await reviewApology({ code, valid: true, reason: 'ngắn' }, 'supervisor')).statusCode).toBe(400);
    const history = (await get(`/api/dossiers/${code}`)).history.filter((e: { kind: string }) => e.kind === 'apology_reviewed');
    expect(history.map((e: { data: { valid: boolean; seq: number } }) => [e.data.seq, e.data.valid])).toEqual([[2, true], [2, false]]);
    audited();
  });

  it('the serious flag counts apologies without a valid reason: 2 is none, 3 is serious, a valid decision takes one out, reversing it puts it back', async () => {
    const a = await apologised('00');
    await apologised('10');
    expect(officerFlag(await flags())).toBeUndefined();
    await apologised('20');
    let f = await flags();
    expect(officerFlag(f)).toMatchObject({ level: 'serious', apologies: 3 });
    expect(departmentFlag(f)).toMatchObject({ level: 'serious', apologies: 3 });

    at('2026-11-30T10:00:00');
    expect((await reviewApology({ code: a, valid: true, reason: 'Phải xác minh ở xã khác' }, 'supervisor')).statusCode).toBe(200);
    f = await flags();
    expect(officerFlag(f)).toBeUndefined();
    expect(departmentFlag(f)).toBeUndefined();

    at('2026-11-30T10:30:00');
    expect((await reviewApology({ code: a, valid: false, reason: 'Xem lại: không cần xác minh' }, 'leader.cn')).statusCode).toBe(200);
    f = await flags();
    expect(officerFlag(f)).toMatchObject({ level: 'serious', apologies: 3 });
    expect(officerFlag(f)!).toHaveProperty('dossiers', expect.arrayContaining([expect.objectContaining({ code: a, apologized: true })]));
    // An invalid decision on another leaves the count as it is.
    expect(t.db.prepare('SELECT count(*) AS n FROM apology_decisions').get()).toEqual({ n: 2 });
    audited();
  });

  it('keeps apology decisions append-only, and audit verify names one without its history event', async () => {
    const code = await apologised('00');
    expect((await reviewApology({ code, valid: true, reason: 'Phải xác minh ở xã khác' }, 'supervisor')).statusCode).toBe(200);
    expect(() => t.db.prepare('UPDATE apology_decisions SET valid = 0').run()).toThrow(/append-only/);
    expect(() => t.db.prepare('DELETE FROM apology_decisions').run()).toThrow(/append-only/);
    audited();
    t.db.prepare(
      `INSERT INTO apology_decisions (dossier_id, apology_event_id, valid, reason, decided_by, decided_at, event_id)
       SELECT d.id, (SELECT max(e.id) FROM dossier_events e WHERE e.dossier_id = d.id AND e.kind = 'apologized'), 0, 'Thêm thẳng vào bảng', 1, '2026-11-30T09:00:00+07:00',
              (SELECT min(e.id) FROM dossier_events e WHERE e.dossier_id = d.id) FROM dossiers d WHERE d.code = ?`,
    ).run(code);
    expect(checkState(t.db).mismatches).toEqual([expect.objectContaining({ code, field: 'apology decision', stored: expect.stringContaining('Thêm thẳng vào bảng') })]);
  });
});
