// A refused supplement request is recorded (`supplement_request_refused`, data.why = the refusal's
// code) and counted under its own reason: a second request, one after the apology, one after the
// window, one after the appointment — separate figures on the summary (centre, department, officer,
// procedure), separate drill-downs, and the same whether the days' figures are kept or counted afresh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupervisionSummary } from '../../shared/contracts.ts';
import { REFUSED_SUPPLEMENT_KEYS } from '../../shared/supervision.ts';
import { type TestApp, type TestUser, anIntake, intake, testApp } from '../../test/helpers.ts';

let t: TestApp;
const at = (iso: string) => t.clock.set(`${iso}+07:00`);
const codes = { second: '', afterApology: '', afterDue: '' };
const ask = { type: 'request-supplement', reason: 'Giấy chứng sinh mờ', documents: [{ name: 'Giấy chứng sinh' }] };

async function act(code: string, user: TestUser, body: object) {
  return t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(user), payload: body });
}
async function must(code: string, user: TestUser, body: object) {
  const res = await act(code, user, body);
  if (res.statusCode !== 200) throw new Error(`${JSON.stringify(body)} by ${user}: ${res.statusCode} ${res.body}`);
}
async function refused(code: string, why: string) {
  const res = await act(code, 'officer', ask);
  expect(res.statusCode).toBe(409);
  expect(res.json().error.code).toBe(why);
}
async function get<T>(url: string): Promise<T> {
  const res = await t.app.inject({ method: 'GET', url, headers: await t.as('supervisor') });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}
const PERIOD = 'from=2026-11-30&to=2026-12-06';

beforeAll(async () => {
  t = await testApp({ now: '2026-11-30T08:00:00+07:00' }); // Monday
  // second: asked for once, then again.
  codes.second = (await intake(t, anIntake({ applicant: { idNumber: '038190000001' } }))).json().code;
  await must(codes.second, 'clerk', { type: 'complete-step' });
  at('2026-11-30T08:20:00');
  await must(codes.second, 'officer', ask);
  await refused(codes.second, 'SUPPLEMENT_ALREADY_REQUESTED');
  // afterApology: a 3-working-day procedure re-appointed with an apology, then a supplement asked for.
  at('2026-11-30T08:30:00');
  codes.afterApology = (await intake(t, anIntake({ procedureCode: '1.004873', applicant: { idNumber: '038190000002' } }))).json().code;
  await must(codes.afterApology, 'clerk', { type: 'complete-step' });
  await must(codes.afterApology, 'officer', { type: 'accept-step' });
  await must(codes.afterApology, 'leader', { type: 'apologize', reason: 'Cần xác minh thêm', newDueAt: '2026-12-09T16:00:00+07:00' });
  await refused(codes.afterApology, 'SUPPLEMENT_AFTER_APOLOGY');
  // afterDue: a same-day birth registration, asked the next morning (inside the window).
  at('2026-11-30T09:00:00');
  codes.afterDue = (await intake(t, anIntake({ applicant: { idNumber: '038190000003' } }))).json().code;
  await must(codes.afterDue, 'clerk', { type: 'complete-step' });
  at('2026-12-01T09:00:00');
  await refused(codes.afterDue, 'SUPPLEMENT_AFTER_DUE');
  // afterWindow: received Monday, asked Friday (the window of 3 working days closed on Thursday).
  at('2026-12-04T09:00:00');
  await refused(codes.afterDue, 'SUPPLEMENT_WINDOW_PASSED');
  at('2026-12-07T10:00:00'); // the next Monday: every day of the period is over, its figures kept
});
afterAll(async () => t.close());

const EXPECTED = { secondSupplementAttempts: 'second', supplementAttemptsAfterApology: 'afterApology', supplementAttemptsAfterWindow: 'afterDue', supplementAttemptsAfterDue: 'afterDue' } as const;
const one = { secondSupplementAttempts: 1, supplementAttemptsAfterApology: 1, supplementAttemptsAfterWindow: 1, supplementAttemptsAfterDue: 1 };

describe('refused supplement requests, each under its own reason', () => {
  it('counts one of each on the centre, the department, the officer and each procedure; none is a second request but the second', async () => {
    const s = await get<SupervisionSummary>(`/api/supervision/summary?${PERIOD}`);
    expect(s.totals).toMatchObject({ supplementRequests: 1, ...one });
    expect(s.byDepartment.find((d) => d.department.code === 'VP-TPHT')!.figures).toMatchObject(one);
    expect(s.byOfficer.find((o) => o.officer.username === 'officer')!.figures).toMatchObject(one);
    const proc = Object.fromEntries(s.byProcedure.map((p) => [p.procedure.code, p.figures]));
    expect(proc['1.004873']).toMatchObject({ secondSupplementAttempts: 0, supplementAttemptsAfterApology: 1, supplementAttemptsAfterWindow: 0, supplementAttemptsAfterDue: 0 });
    expect(proc['1.001193']).toMatchObject({ secondSupplementAttempts: 1, supplementAttemptsAfterApology: 0, supplementAttemptsAfterWindow: 1, supplementAttemptsAfterDue: 1 });
    // The leader who apologised asked for nothing.
    expect(s.byOfficer.find((o) => o.officer.username === 'leader')?.figures).not.toMatchObject({ secondSupplementAttempts: 1 });
  });

  it('lists behind each figure the dossier refused for that reason, in every scope', async () => {
    for (const metric of REFUSED_SUPPLEMENT_KEYS) {
      for (const scope of ['', '&department=VP-TPHT', '&officer=officer']) {
        const list = await get<{ items: { code: string }[]; total: number }>(`/api/supervision/dossiers?${PERIOD}&metric=${metric}${scope}`);
        expect(list.items.map((r) => r.code), `${metric}${scope}`).toEqual([codes[EXPECTED[metric]]]);
        expect(list.total).toBe(1);
      }
    }
  });

  it('answers the same from the kept days as counted afresh', async () => {
    const kept = await get<SupervisionSummary>(`/api/supervision/summary?${PERIOD}`);
    expect(t.db.prepare("SELECT count(*) AS n FROM supervision_cache WHERE name = 'summary-2' AND period = '2026-12-01'").get()).toEqual({ n: 1 });
    t.db.prepare("DELETE FROM supervision_cache WHERE period NOT LIKE 'calendar-%'").run();
    expect(await get<SupervisionSummary>(`/api/supervision/summary?${PERIOD}`)).toEqual(kept);
  });
});
