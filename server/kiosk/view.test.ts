// What the kiosk says in the states a tester found it saying the wrong thing: steps while the clock
// is stopped for a supplement, the evening after a 17:00 appointment, a rated dossier's "to do", and
// the dossier code as read off the receipt without the agency part.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, anIntake, intake, testApp } from '../../test/helpers.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
});
afterEach(async () => t.close());

async function act(code: string, user: TestUser, body: object) {
  const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(user), payload: body });
  if (res.statusCode !== 200) throw new Error(res.body);
}
const lookup = async (q: string) => (await t.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${encodeURIComponent(q)}` })).json();

describe('the kiosk view', () => {
  it('shows no step as late while the clock is stopped for a supplement, and no step not reached yet', async () => {
    const { code, lookupKey } = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json();
    await act(code, 'clerk', { type: 'complete-step' });
    await act(code, 'officer', { type: 'request-supplement', reason: 'Thiếu chữ ký', documents: [{ name: 'Tờ khai có chữ ký', basis: 'Thông tư 04/2020/TT-BTP' }] });
    // Weeks later every planned due time has passed; the citizen has not brought the documents yet.
    t.clock.set('2026-12-15T10:00:00+07:00');
    const v = await lookup(lookupKey);
    expect(v.status).toBe('awaiting_supplement');
    expect(v.steps.map((s: { state: string; timeliness: string | null }) => `${s.state}:${s.timeliness}`)).toEqual(['done:early', 'in_progress:null', 'pending:null', 'pending:null']);
    expect(v.overdue).toBe(false);
  });

  it('the evening after a 17:00 appointment says the appointment has passed, not "due now"', async () => {
    // A birth registration received at 09:00: due at closing, 17:00, the same day.
    const { lookupKey } = (await intake(t)).json();
    t.clock.set('2026-11-25T22:59:00+07:00');
    const v = await lookup(lookupKey);
    expect(v.overdue).toBe(true);
    expect(v.timeLeft).toEqual({ workingMinutes: 0, text: { vi: 'Đã quá giờ hẹn', en: 'Past the appointment time' } });
    expect(v.todo.kind).toBe('ask_counter');
  });

  it('once rated, a returned dossier has nothing left to do', async () => {
    const { code, lookupKey } = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json();
    await act(code, 'clerk', { type: 'complete-step' });
    await act(code, 'officer', { type: 'complete-step' });
    await act(code, 'leader', { type: 'complete-step' });
    await act(code, 'clerk', { type: 'result-ready' });
    await act(code, 'clerk', { type: 'return-result', method: 'counter' });
    expect((await lookup(lookupKey)).todo.kind).toBe('rate');
    const rated = await t.app.inject({ method: 'POST', url: '/api/kiosk/rating', payload: { key: lookupKey, level: 'satisfied', reasons: [] } });
    expect(rated.statusCode).toBe(201);
    const v = await lookup(lookupKey);
    expect(v.todo.kind).toBe('done');
    expect(v.rating.given.level).toBe('satisfied');
  });

  it('takes the dossier code as read off the receipt, without the agency part', async () => {
    const { code } = (await intake(t)).json();
    const tail = code.split('-').slice(-2).join('-');
    const v = await lookup(tail);
    expect(v.view).toBe('summary');
    expect(v.code).toBe(code);
    // Without the leading zeros of the number, too.
    expect((await lookup(tail.replace(/-0+/, '-'))).code).toBe(code);
  });
});

describe('what a lookup sends', () => {
  it('each tier through its own closed schema: exactly its fields, a step without the holder’s clock, no personal data', async () => {
    const { code, lookupKey } = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json();
    await act(code, 'clerk', { type: 'complete-step' });
    const detail = await lookup(lookupKey);
    const { KioskDetail, KioskSummary } = await import('../../shared/contracts.ts');
    expect(Object.keys(detail).sort()).toEqual(Object.keys(KioskDetail.properties).sort());
    expect(Object.keys(detail.steps[0]).sort()).toEqual(['completedAt', 'department', 'dueAt', 'name', 'seq', 'state', 'stateLabel', 'timeliness']);
    expect(detail.steps[0]).toMatchObject({ seq: 1, state: 'done', timeliness: 'early' });
    const summary = await lookup(code);
    expect(Object.keys(summary).sort()).toEqual(Object.keys(KioskSummary.properties).sort());
    const body = JSON.stringify([detail, summary]);
    for (const personal of ['Nguyễn Thị Hồng Nhung', 'Hồng Nhung', '038190012345', '0912 345 678']) expect(body).not.toContain(personal);
  });
});
