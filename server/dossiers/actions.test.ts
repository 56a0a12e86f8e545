// Actions after intake over the HTTP API: the whole road from intake to return, the once-only
// supplement and apology with their clocks, and what a refused action leaves behind (nothing, except
// the record of a refused supplement request).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, anIntake, intake, testApp } from '../../test/helpers.ts';
import { verifyChain } from './chain.ts';
import { dossierRepo } from './repo.ts';

let t: TestApp;
beforeEach(async () => {
  // Wednesday 25 November 2026, 09:00: a birth registration, a same-day procedure (before the 15:00
  // cut-off: due at closing, 17:00), its steps sharing the day in proportion: the centre 09:23,
  // VP-TPHT 15:30, the leader's signature 16:38, the hand-back 17:00.
  t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
});
afterEach(async () => t.close());

async function act(code: string, user: TestUser, body: object) {
  return t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(user), payload: body });
}
const kinds = (res: { json(): { history: { kind: string }[] } }) => res.json().history.map((e) => e.kind);
async function history(code: string) {
  return (await t.app.inject({ method: 'GET', url: `/api/dossiers/${code}`, headers: await t.as('supervisor') })).json();
}
const ok = <R extends { statusCode: number; body: string }>(res: R): R => {
  if (res.statusCode !== 200) throw new Error(`expected 200, got ${res.statusCode}: ${res.body}`);
  return res;
};

describe('from intake to return', () => {
  it('passes through each department by the right people, judged step by step, and the history verifies', async () => {
    const { code } = (await intake(t)).json();
    t.clock.set('2026-11-25T09:20:00+07:00');
    let res = ok(await act(code, 'clerk', { type: 'complete-step', note: 'Đủ hồ sơ' }));
    expect(res.json().status).toBe('processing');
    expect(res.json().steps.map((s: { state: string }) => s.state)).toEqual(['done', 'in_progress', 'pending', 'pending']);
    expect(res.json().steps[0]).toMatchObject({ timeliness: 'early', heldBy: { username: 'clerk' } });

    t.clock.set('2026-11-25T09:30:00+07:00');
    ok(await act(code, 'officer', { type: 'accept-step' }));
    // Taken by one officer, finished by a colleague: the step was held by the first.
    t.clock.set('2026-11-25T16:30:00+07:00'); // due 15:30
    res = ok(await act(code, 'officer2', { type: 'complete-step' }));
    const step2 = res.json().steps[1];
    expect(step2).toMatchObject({ state: 'done', timeliness: 'late', heldBy: { username: 'officer' }, lateMinutes: 60 });
    // Its holder's own clock: the step arrived at 09:20 with its share of the day (247 of the 360
    // working minutes from 09:00 to 17:00, as 5.5 of the template's 8 hours): 15:27, but never before
    // the plan's 15:30 — so due 15:30, held 310 working minutes, late by 60.
    expect(step2.holder).toEqual({
      arrivedAt: '2026-11-25T09:20:00+07:00',
      takenAt: '2026-11-25T09:30:00+07:00',
      allottedMinutes: 247,
      dueAt: '2026-11-25T15:30:00+07:00',
      heldMinutes: 310,
      timeliness: 'late',
      lateMinutes: 60,
    });

    t.clock.set('2026-11-25T16:40:00+07:00'); // due 16:38
    res = ok(await act(code, 'leader', { type: 'complete-step' }));
    // Late against the plan (which the slow step before it had already missed), early on the leader's
    // own clock: it reached him at 16:30 with 68 working minutes, due 07:38 the next morning.
    expect(res.json().steps[2]).toMatchObject({ timeliness: 'late', lateMinutes: 2, heldBy: { username: 'leader' } });
    expect(res.json().steps[2].holder).toMatchObject({ arrivedAt: '2026-11-25T16:30:00+07:00', allottedMinutes: 68, dueAt: '2026-11-26T07:38:00+07:00', heldMinutes: 10, timeliness: 'early', lateMinutes: 0 });
    t.clock.set('2026-11-25T16:50:00+07:00');
    res = ok(await act(code, 'clerk', { type: 'result-ready' }));
    expect(res.json()).toMatchObject({ status: 'ready', completedAt: '2026-11-25T16:50:00+07:00' });
    t.clock.set('2026-11-27T10:00:00+07:00');
    res = ok(await act(code, 'clerk2', { type: 'return-result', method: 'counter' }));
    expect(res.json().status).toBe('returned');
    expect(kinds(res)).toEqual(['received', 'step_completed', 'step_accepted', 'step_completed', 'step_completed', 'result_ready', 'returned']);
    const ready = res.json().history.find((e: { kind: string }) => e.kind === 'result_ready').data;
    // Ready at 16:50 against an appointment at 17:00 the same day: on time by the day (the centre's default
    // setting; early only to the minute), though two steps ran late — they are judged to the minute.
    expect(ready).toMatchObject({ dossierTimeliness: 'on_time', dossierLateMinutes: 0, timelinessMode: 'day' });
    const actors = res.json().history.map((e: { actor: { username: string } | null }) => e.actor?.username);
    expect(actors).toEqual(['clerk', 'clerk', 'officer', 'officer2', 'leader', 'clerk', 'clerk2']);

    const { rows, length } = dossierRepo(t.db).chain();
    expect(verifyChain(rows, length)).toMatchObject({ ok: true });
  });

  it('return-step sends the dossier back one step, with the reason, and the step is taken again', async () => {
    const { code } = (await intake(t)).json();
    ok(await act(code, 'clerk', { type: 'complete-step' }));
    ok(await act(code, 'officer', { type: 'complete-step' }));
    const res = ok(await act(code, "leader", { type: "return-step", reason: 'Sai ngày sinh trong dự thảo' }));
    expect(res.json().steps.map((s: { state: string }) => s.state)).toEqual(['done', 'in_progress', 'pending', 'pending']);
    expect(res.json().history.at(-1)).toMatchObject({ kind: 'step_returned', data: { reason: 'Sai ngày sinh trong dự thảo', from: { seq: 3 }, to: { seq: 2 } } });
    // Back with VP-TPHT: its officers (and the leaders heading it) may finish it; another department may not.
    expect(res.json().steps[1].department.code).toBe('VP-TPHT');
    expect((await act(code, 'officer.kt', { type: 'complete-step' })).json().error.code).toBe('NOT_YOUR_DEPARTMENT');
    ok(await act(code, 'officer', { type: 'complete-step' }));
  });
});

describe('the once-only supplement', () => {
  it('stops the clock, is refused a second time (the attempt recorded), and restarts the time limit from the supplement', async () => {
    const { code } = (await intake(t)).json();
    ok(await act(code, 'clerk', { type: 'complete-step' }));
    t.clock.set('2026-11-25T10:00:00+07:00');
    const body = { type: 'request-supplement', reason: 'Giấy chứng sinh bị tẩy xóa', documents: [{ name: 'Giấy chứng sinh', originals: 1 }], contact: 'Trần Minh Đức, 0237 000 0001' };
    let res = ok(await act(code, 'officer', body));
    expect(res.json().status).toBe('awaiting_supplement');
    expect(res.json().history.at(-1)).toMatchObject({ kind: 'supplement_requested', data: { reason: 'Giấy chứng sinh bị tẩy xóa', documents: [{ name: 'Giấy chứng sinh', originals: 1 }] } });

    // While it waits nobody can pass it on; a second request is refused, and the refusal is on record.
    expect((await act(code, 'officer', { type: 'complete-step' })).json().error.code).toBe('ACTION_NOT_ALLOWED');
    const again = await act(code, 'officer', { ...body, reason: 'Thiếu thêm giấy tờ khác' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SUPPLEMENT_ALREADY_REQUESTED');
    const after = await history(code);
    expect(after.history.at(-1)).toMatchObject({ kind: 'supplement_request_refused', actor: { username: 'officer' }, data: { why: 'SUPPLEMENT_ALREADY_REQUESTED', reason: 'Thiếu thêm giấy tờ khác' } });
    expect(after.status).toBe('awaiting_supplement');

    // The supplement arrives Monday 30 November at 14:00: the same-day limit restarts → Monday 17:00.
    t.clock.set('2026-11-30T14:00:00+07:00');
    expect((await act(code, 'officer', { type: 'receive-supplement' })).statusCode).toBe(403);
    res = ok(await act(code, 'clerk', { type: 'receive-supplement' }));
    expect(res.json()).toMatchObject({ status: 'processing', dueAt: '2026-11-30T17:00:00+07:00', originalDueAt: '2026-11-30T17:00:00+07:00' });
    // The open steps moved with it, in proportion, the last one on the new appointment.
    const dues = res.json().steps.map((s: { dueAt: string }) => s.dueAt);
    expect(dues[0]).toBe('2026-11-25T09:23:00+07:00');
    expect(dues[3]).toBe('2026-11-30T17:00:00+07:00');
    expect(dues.slice(1).every((d: string, i: number) => i === 0 || d >= dues[i]!)).toBe(true);
    expect(res.json().history.at(-1)).toMatchObject({ kind: 'supplement_received', data: { mode: 'restart', previousDueAt: '2026-11-25T17:00:00+07:00', dueAt: '2026-11-30T17:00:00+07:00' } });
    // The open steps share the 180 minutes to 17:00 by their allotted hours (5.5 : 1.5 : 0.5 → 132, 36,
    // 12), and the holder's clock of the step in hand starts its new allotment from 14:00.
    expect(dues.slice(1)).toEqual(['2026-11-30T16:12:00+07:00', '2026-11-30T16:48:00+07:00', '2026-11-30T17:00:00+07:00']);
    expect(res.json().steps[1].holder).toMatchObject({ arrivedAt: '2026-11-25T09:00:00+07:00', allottedMinutes: 132, dueAt: '2026-11-30T16:12:00+07:00', timeliness: null });
    expect(res.json().steps.slice(2).map((s: { holder: unknown }) => s.holder)).toEqual([null, null]);
    expect(res.json().dueExplanation.vi).toMatch(/bổ sung/i);
  });

  it('is refused after the window (3 working days from receipt), and that attempt is recorded too', async () => {
    // A first land certificate, 13 days, which says nothing of its own window: the centre's 3 days.
    const { code } = (await intake(t, anIntake({ procedureCode: '1.115520' }))).json();
    ok(await act(code, 'clerk', { type: 'complete-step' }));
    t.clock.set('2026-11-30T09:01:00+07:00'); // Wed 09:00 + 3 working days = Mon 09:00
    const res = await act(code, 'officer.kt', { type: 'request-supplement', reason: 'Thiếu bản vẽ', documents: [{ name: 'Bản vẽ thửa đất' , basis: 'Điều 95 Luật Đất đai' }] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SUPPLEMENT_WINDOW_PASSED');
    const after = await history(code);
    expect(after.status).toBe('processing');
    expect(after.history.at(-1)).toMatchObject({ kind: 'supplement_request_refused', data: { why: 'SUPPLEMENT_WINDOW_PASSED' } });
  });

  it('asks for a document outside the published list only with its legal basis', async () => {
    const { code } = (await intake(t)).json();
    ok(await act(code, 'clerk', { type: 'complete-step' }));
    const res = await act(code, 'officer', { type: 'request-supplement', reason: 'Cần thêm', documents: [{ name: 'Sổ hộ khẩu' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'SUPPLEMENT_DOCUMENT_NEEDS_BASIS', details: [{ field: '/documents/0/basis' }] });
    expect((await history(code)).status).toBe('processing');
    ok(await act(code, 'officer', { type: 'request-supplement', reason: 'Cần thêm', documents: [{ name: 'Văn bản ủy quyền', basis: 'Điều 9 Thông tư 04/2020/TT-BTP' }] }));
  });
});

describe('the apology', () => {
  it('comes at least one working day before the appointment, once, keeping the original appointment, and prints Mẫu 04', async () => {
    const { code } = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json(); // 3 days: due Mon 30/11 09:00
    ok(await act(code, 'clerk', { type: 'complete-step' }));
    ok(await act(code, 'officer', { type: 'complete-step' }));
    t.clock.set('2026-11-27T09:01:00+07:00'); // less than a working day left
    const late = await act(code, 'leader', { type: 'apologize', reason: 'Chờ xác minh', newDueAt: '2026-12-03T16:00:00+07:00' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('APOLOGY_TOO_LATE');
    t.clock.set('2026-11-27T08:59:00+07:00');
    expect((await act(code, 'officer', { type: 'apologize', reason: 'Chờ xác minh', newDueAt: '2026-12-03T16:00:00+07:00' })).statusCode).toBe(403);
    expect((await act(code, 'leader', { type: 'apologize', reason: 'Chờ xác minh', newDueAt: '2026-11-29T10:00:00+07:00' })).json().error.code).toBe('INVALID_NEW_DUE'); // a Sunday
    expect((await act(code, 'leader', { type: 'apologize', reason: 'Chờ xác minh', newDueAt: 'next week' })).json().error.code).toBe('INVALID_TIME');
    const before = (await history(code)).steps;
    const res = ok(await act(code, 'leader', { type: 'apologize', reason: 'Chờ kết quả xác minh từ xã khác', newDueAt: '2026-12-03T16:00:00+07:00' }));
    expect(res.json()).toMatchObject({ dueAt: '2026-12-03T16:00:00+07:00', originalDueAt: '2026-11-30T09:00:00+07:00' });
    // The plan's open steps end on the new appointment now (the kiosk's timeline agrees with the card),
    // after the apology and in order; the finished steps and the holder's own clock do not move.
    const steps = res.json().steps as { dueAt: string; state: string; holder: unknown }[];
    expect(steps.at(-1)!.dueAt).toBe('2026-12-03T16:00:00+07:00');
    const open = steps.filter((s) => s.state !== 'done').map((s) => s.dueAt);
    expect(open.length).toBe(2);
    expect(open[0]! > '2026-11-27T08:59:00+07:00' && open[0]! <= open[1]!).toBe(true);
    expect(steps.map((s) => s.holder)).toEqual(before.map((s: { holder: unknown }) => s.holder));
    expect(steps.slice(0, 2).map((s) => s.dueAt)).toEqual(before.slice(0, 2).map((s: { dueAt: string }) => s.dueAt));
    const again = await act(code, 'leader', { type: 'apologize', reason: 'Lại chậm', newDueAt: '2026-12-04T16:00:00+07:00' });
    expect(again.json().error.code).toBe('APOLOGY_ALREADY_ISSUED');
    // Ready after the original appointment, before the new one: still late in the figures.
    t.clock.set('2026-12-02T10:00:00+07:00');
    ok(await act(code, 'leader', { type: 'complete-step' }));
    const ready = ok(await act(code, 'clerk', { type: 'result-ready' })).json().history.at(-1).data;
    expect(ready).toMatchObject({ dossierTimeliness: 'late', originalDueAt: '2026-11-30T09:00:00+07:00', dueAt: '2026-12-03T16:00:00+07:00' });

    const pdf = (await t.app.inject({ method: 'GET', url: `/api/dossiers/${code}/slips/apology.pdf`, headers: await t.as('clerk') })).rawPayload;
    const dir = mkdtempSync(join(tmpdir(), 'motcua-apology-'));
    try {
      writeFileSync(join(dir, 'a.pdf'), pdf);
      const text = execFileSync('pdftotext', [join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('Chờ kết quả xác minh từ xã khác');
      expect(text).toMatch(/03 tháng 12 năm 2026/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('refusal and stopping', () => {
  it('a leader refuses with a reason (Mẫu 03); an applicant withdraws at the counter (stop notice); both end the dossier', async () => {
    const a = (await intake(t)).json().code;
    ok(await act(a, 'clerk', { type: 'complete-step' }));
    expect((await act(a, 'officer', { type: 'refuse', reason: 'Không thuộc thẩm quyền' })).statusCode).toBe(403);
    expect((await act(a, 'leader.cn', { type: 'refuse', reason: 'Không thuộc thẩm quyền' })).json().error.code).toBe('NOT_YOUR_DEPARTMENT');
    const refused = ok(await act(a, 'leader', { type: 'refuse', reason: 'Không thuộc thẩm quyền giải quyết của xã' }));
    expect(refused.json()).toMatchObject({ status: 'refused' });
    expect(refused.json().steps.map((s: { state: string }) => s.state)).toEqual(['done', 'skipped', 'skipped', 'skipped']);
    expect((await act(a, 'leader', { type: 'complete-step' })).json().error).toMatchObject({ code: 'ACTION_NOT_ALLOWED', details: { status: 'refused' } });

    const b = (await intake(t)).json().code;
    const stopped = ok(await act(b, 'clerk', { type: 'stop', reason: 'Công dân xin rút hồ sơ' }));
    expect(stopped.json().status).toBe('withdrawn');
    expect(stopped.json().history.at(-1)).toMatchObject({ kind: 'stopped', data: { reason: 'Công dân xin rút hồ sơ' } });
  });
});

describe('bad bodies', () => {
  it.each([
    [{ type: 'fly' }, 'VALIDATION_FAILED'],
    [{}, 'VALIDATION_FAILED'],
    [{ type: 'refuse' }, 'VALIDATION_FAILED'],
    [{ type: 'refuse', reason: '  ' }, 'VALIDATION_FAILED'],
    [{ type: 'complete-step', when: '2026-01-01T00:00:00+07:00' }, 'VALIDATION_FAILED'],
    [{ type: 'request-supplement', reason: 'Thiếu giấy', documents: [] }, 'VALIDATION_FAILED'],
    [{ type: 'return-result', method: 'drone' }, 'VALIDATION_FAILED'],
    [{ type: 'complete-step', note: 'a\u0000b' }, 'VALIDATION_FAILED'],
  ])('%j → 400 %s, and nothing changes', async (body, code) => {
    const created = (await intake(t)).json();
    const before = await history(created.code);
    const res = await act(created.code, 'clerk', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
    const after = await history(created.code);
    expect(after.history.length).toBe(before.history.length);
    expect(after.steps).toEqual(before.steps);
  });

  it('an unknown dossier → 404; a client-supplied time is not a field', async () => {
    expect((await act('000.30.99.H56-261125-9999', 'clerk', { type: 'complete-step' })).statusCode).toBe(404);
  });
});

describe('what the kiosk shows', () => {
  it('the missing documents, the apology with both appointments and the office, and readiness — never personal data', async () => {
    const created = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json(); // 3 working days
    const kiosk = async () => (await t.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${created.lookupKey}` })).json();
    ok(await act(created.code, 'clerk', { type: 'complete-step' }));
    ok(await act(created.code, 'officer', { type: 'request-supplement', reason: 'Tờ khai thiếu chữ ký', documents: [{ name: 'Tờ khai theo mẫu có chữ ký' , basis: 'Thông tư 04/2020/TT-BTP' }] }));
    let view = await kiosk();
    expect(view.notices).toEqual([
      expect.objectContaining({ kind: 'supplement', documents: ['Tờ khai theo mẫu có chữ ký'], text: expect.objectContaining({ vi: expect.stringContaining('Tờ khai thiếu chữ ký') }) }),
    ]);
    // The summary tier (a typed code) says nothing of it.
    const summary = (await t.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${created.code}` })).json();
    expect(summary.notices).toBeUndefined();

    t.clock.set('2026-11-26T08:00:00+07:00');
    ok(await act(created.code, 'clerk', { type: 'receive-supplement' }));
    ok(await act(created.code, 'leader', { type: 'apologize', reason: 'Chờ xác minh nơi cư trú', newDueAt: '2026-12-04T16:00:00+07:00' }));
    view = await kiosk();
    const apology = view.notices.find((n: { kind: string }) => n.kind === 'apology');
    expect(apology).toMatchObject({ newDueAt: '2026-12-04T16:00:00+07:00', department: 'Văn phòng HĐND và UBND xã (Tư pháp - Hộ tịch)' });
    expect(apology.text.vi).toContain('Chờ xác minh nơi cư trú');
    expect(apology.text.vi).toContain('Thứ Sáu, 04/12/2026 lúc 16:00');
    expect(view).toMatchObject({ dueAt: '2026-12-04T16:00:00+07:00' });
    expect(view.originalDueAt).not.toBe(view.dueAt);

    ok(await act(created.code, 'officer', { type: 'complete-step' }));
    ok(await act(created.code, 'leader', { type: 'complete-step' }));
    ok(await act(created.code, 'clerk', { type: 'result-ready' }));
    view = await kiosk();
    expect(view.notices.at(-1)).toMatchObject({ kind: 'ready', title: { vi: 'Đã có kết quả', en: 'Result ready' } });
    const text = JSON.stringify(view);
    for (const secret of ['Nguyễn Thị Hồng Nhung', '038190012345', '0912', 'thôn Đông', 'nhung@example.com', 'officer', 'leader']) expect(text).not.toContain(secret);
  });
});

describe('guards', () => {
  it('a supplement cannot be asked for once the appointment has passed (it would make a late dossier early); the attempt is recorded', async () => {
    const { code } = (await intake(t)).json(); // same-day: due Wednesday 17:00
    ok(await act(code, 'clerk', { type: 'complete-step' }));
    t.clock.set('2026-11-26T09:00:00+07:00'); // within 3 working days of receipt, after the appointment
    const res = await act(code, 'officer', { type: 'request-supplement', reason: 'Giấy chứng sinh mờ', documents: [{ name: 'Giấy chứng sinh' }] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SUPPLEMENT_AFTER_DUE');
    const after = await history(code);
    expect(after).toMatchObject({ status: 'processing', originalDueAt: '2026-11-25T17:00:00+07:00' });
    expect(after.history.at(-1)).toMatchObject({ kind: 'supplement_request_refused', data: { why: 'SUPPLEMENT_AFTER_DUE' } });
  });

  it('a double click or a retry naming the step does not pass the dossier on twice', async () => {
    const { code } = (await intake(t)).json();
    ok(await act(code, 'clerk', { type: 'complete-step', step: 1 }));
    ok(await act(code, 'leader', { type: 'complete-step', step: 2 }));
    const again = await act(code, 'leader', { type: 'complete-step', step: 2 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'STEP_MOVED_ON', details: { expected: 2, current: 3 } });
    expect((await history(code)).steps.map((s: { state: string }) => s.state)).toEqual(['done', 'done', 'in_progress', 'pending']);
  });

  it('an apology promises no date beyond the procedure’s time limit again (at least 10 working days) from the current appointment', async () => {
    const { code } = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json(); // due Monday 30/11 09:00
    ok(await act(code, 'clerk', { type: 'complete-step' }));
    for (const newDueAt of ['9999-12-03T16:00:00+07:00', '2027-01-04T09:00:00+07:00', '2026-12-15T09:01:00+07:00']) {
      const res = await act(code, 'leader', { type: 'apologize', reason: 'Chờ xác minh', newDueAt });
      expect([newDueAt, res.statusCode, res.json().error?.code]).toEqual([newDueAt, 400, 'INVALID_NEW_DUE']);
    }
    ok(await act(code, 'leader', { type: 'apologize', reason: 'Chờ xác minh', newDueAt: '2026-12-14T09:00:00+07:00' })); // 10 working days on
  });

  it('a reason shown on the kiosk may not carry the applicant’s name, ID number, phone or e-mail; nothing changes', async () => {
    const created = (await intake(t)).json();
    for (const reason of ['Bà Nguyễn Thị Hồng Nhung xin rút hồ sơ', 'Người có CCCD 038190012345 xin rút', 'Gọi 0912.345.678 để hẹn', 'Liên hệ nhung@example.com', 'Số 001203004005 không khớp']) {
      const res = await act(created.code, 'clerk', { type: 'stop', reason });
      expect([reason, res.statusCode, res.json().error.code]).toEqual([reason, 400, 'REASON_HAS_PERSONAL_DATA']);
    }
    expect((await history(created.code)).status).toBe('received');
    ok(await act(created.code, 'clerk', { type: 'stop', reason: 'Người nộp hồ sơ có đơn xin rút' }));
  });

  it('the name is found without its diacritics, as a given name with a form of address or a family name, or after initials; an ordinary word is not', async () => {
    const created = (await intake(t, anIntake({ applicant: { fullName: 'Phạm Thị Dung', address: 'Thôn Tây, xã Minh An', email: 'dung.pt@example.com' } }))).json();
    for (const reason of ['Pham Thi Dung khong du dieu kien', 'Bà Dung không đủ điều kiện', 'Phạm Dung xin rút', 'Thị Dung rút hồ sơ', 'P.T.Dung rút hồ sơ', 'Người ở thôn Tây xin rút', 'email dung.pt (at) example.com']) {
      const res = await act(created.code, 'clerk', { type: 'stop', reason });
      expect([reason, res.statusCode, res.json().error?.code]).toEqual([reason, 400, 'REASON_HAS_PERSONAL_DATA']);
    }
    ok(await act(created.code, 'clerk', { type: 'stop', reason: 'Nội dung tờ khai không đúng, công dân xin rút để khai lại (xã Minh An)' }));
    // Parts of a name keep their diacritics: "minh họa" is an ordinary phrase, not Nguyễn Minh Hòa.
    const hoa = (await intake(t, anIntake({ applicant: { fullName: 'Nguyễn Minh Hòa' } }))).json();
    ok(await act(hoa.code, 'clerk', { type: 'stop', reason: 'Công dân xin rút hồ sơ (dữ liệu minh họa)' }));
  });

  it('the name with other separators, without diacritics, in other case, run together or spelled out is refused too; nothing changes (issue 13)', async () => {
    const created = (await intake(t, anIntake({ applicant: { fullName: 'Phạm Thị Dung', phone: '0381234567' } }))).json();
    const tries = ['Phạm Thị Dung xin rút', 'Phạm_Thị_Dung xin rút', 'Phạm/Thị/Dung xin rút', 'Phạm,Thị,Dung xin rút', 'Phạm-Thị-Dung xin rút', 'Phạm.Thị.Dung xin rút', 'Pham Thi Dung xin rut', 'PHẠM THỊ DUNG XIN RÚT', 'pHaM_tHi/DuNg xin rút', 'phamthidung xin rút', 'P h a m T h i D u n g', 'Gọi 038.123.4567', 'Gọi +84 38 123 4567'];
    for (const reason of tries) {
      const res = await act(created.code, 'clerk', { type: 'stop', reason });
      expect([reason, res.statusCode, res.json().error?.code]).toEqual([reason, 400, 'REASON_HAS_PERSONAL_DATA']);
    }
    expect((await history(created.code)).status).toBe('received');
    ok(await act(created.code, 'clerk', { type: 'stop', reason: 'Công dân có đơn xin rút, hẹn nộp lại ngày 15/12/2026 lúc 09:30' }));
  });

  it('a leadership’s signing step is a leader’s, even for an officer placed in that department', async () => {
    t.db.prepare("INSERT INTO staff (username, display_name, role, department_code, password_hash, created_at) SELECT 'ky.thay', 'Ký thay', 'officer', 'LD-UBND', password_hash, created_at FROM staff WHERE username = 'officer'").run();
    const { code } = (await intake(t)).json();
    ok(await act(code, 'clerk', { type: 'complete-step' }));
    ok(await act(code, 'officer', { type: 'complete-step' }));
    const login = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'ky.thay', password: 'correct-horse-1' } });
    const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: { cookie: `motcua_session=${login.cookies[0]!.value}` }, payload: { type: 'complete-step' } });
    expect([res.statusCode, res.json().error.code]).toEqual([403, 'LEADER_STEP']);
    ok(await act(code, 'leader', { type: 'complete-step' }));
  });

  it('a colleague who acted first: the late click is told the dossier moved on, not that it is another department’s', async () => {
    const { code } = (await intake(t)).json();
    ok(await act(code, 'clerk', { type: 'complete-step' }));
    ok(await act(code, 'leader', { type: 'complete-step', step: 2 }));
    const late = await act(code, 'officer', { type: 'complete-step', step: 2 });
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'STEP_MOVED_ON']);
  });

  it('a second supplement request from another department is a plain 403 and writes nothing; on a closed dossier it names the state', async () => {
    const { code } = (await intake(t)).json();
    ok(await act(code, 'clerk', { type: 'complete-step' }));
    ok(await act(code, 'officer', { type: 'request-supplement', reason: 'Thiếu giấy', documents: [{ name: 'Giấy chứng sinh' }] }));
    const before = (await history(code)).history.length;
    const stranger = await act(code, 'officer.kt', { type: 'request-supplement', reason: 'Thiếu giấy', documents: [{ name: 'Giấy chứng sinh' }] });
    expect([stranger.statusCode, stranger.json().error.code]).toEqual([403, 'NOT_YOUR_DEPARTMENT']);
    expect((await history(code)).history.length).toBe(before);
    ok(await act(code, 'clerk', { type: 'stop', reason: 'Công dân không bổ sung' }));
    const closed = await act(code, 'officer', { type: 'request-supplement', reason: 'Thiếu giấy', documents: [{ name: 'Giấy chứng sinh' }] });
    expect(closed.json().error).toMatchObject({ code: 'ACTION_NOT_ALLOWED', details: { status: 'withdrawn' } });
  });

  it('a document counts as published only by its whole name (up to its conditions), not by any few letters', async () => {
    const { code } = (await intake(t)).json();
    ok(await act(code, 'clerk', { type: 'complete-step' }));
    const res = await act(code, 'officer', { type: 'request-supplement', reason: 'Thiếu', documents: [{ name: 'Giấy t' }] });
    expect(res.json().error.code).toBe('SUPPLEMENT_DOCUMENT_NEEDS_BASIS');
  });

  it('a step sent back and finished again keeps its first judgement (lateness is attributed once); each pass is in the history', async () => {
    const { code } = (await intake(t)).json();
    ok(await act(code, 'clerk', { type: 'complete-step' }));
    t.clock.set('2026-11-25T16:30:00+07:00'); // step 2 due 15:30
    ok(await act(code, 'officer', { type: 'complete-step' }));
    t.clock.set('2026-11-25T16:35:00+07:00');
    ok(await act(code, 'leader', { type: 'return-step', reason: 'Dự thảo sai tên cha' }));
    t.clock.set('2026-11-25T16:45:00+07:00');
    const res = ok(await act(code, 'officer2', { type: 'complete-step' }));
    expect(res.json().steps[1]).toMatchObject({ timeliness: 'late', lateMinutes: 60 });
    // On its holder's clock: arrived 09:00 with 247 minutes (15:07, so its milestone 15:30), first
    // finished 16:30 (60 late); sent back at 16:35 it arrived again with a fresh allotment, and the
    // second pass was on time.
    expect(res.json().steps[1].holder).toMatchObject({ timeliness: 'late', lateMinutes: 60 });
    const passes = res.json().history
      .filter((e: { kind: string; data: { seq?: number } }) => e.kind === 'step_completed' && e.data.seq === 2)
      .map((e: { data: { lateMinutes: number; planLateMinutes: number } }) => [e.data.planLateMinutes, e.data.lateMinutes]);
    expect(passes).toEqual([
      [60, 60],
      [75, 0],
    ]);
  });

  it('a system clock stepped back never makes a dossier’s history run backwards', async () => {
    const { code } = (await intake(t)).json();
    t.clock.set('2026-11-25T10:00:00+07:00');
    ok(await act(code, 'clerk', { type: 'complete-step' }));
    t.clock.set('2026-11-25T09:10:00+07:00');
    const res = ok(await act(code, 'officer', { type: 'accept-step' }));
    expect(res.json().history.at(-1)).toMatchObject({ kind: 'step_accepted', at: '2026-11-25T10:00:00+07:00' });
  });
});
