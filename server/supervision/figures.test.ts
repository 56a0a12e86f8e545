// The supervisors' figures over a period, computed by SQL aggregates, checked against numbers worked
// out by hand on a small centre driven through the real actions (intake, steps, supplement, apology,
// result), across the 30 April – 1 May holidays of 2026.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, anIntake, intake, testApp } from '../../test/helpers.ts';

let t: TestApp;
const codes = {} as Record<'D1' | 'D2' | 'D3' | 'D4' | 'D5' | 'D6' | 'D7', string>;

async function act(code: string, user: TestUser, body: object) {
  const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(user), payload: body });
  return res;
}
async function must(code: string, user: TestUser, body: object) {
  const res = await act(code, user, body);
  if (res.statusCode !== 200) throw new Error(`${JSON.stringify(body)} by ${user}: ${res.statusCode} ${res.body}`);
  return res.json();
}
async function get(url: string, user: TestUser = 'supervisor') {
  return t.app.inject({ method: 'GET', url, headers: await t.as(user) });
}
const at = (iso: string) => t.clock.set(`${iso}+07:00`);
/** The centre's `timeliness` setting, as `motcua settings set timeliness` writes it. */
const judgeBy = (mode: 'day' | 'minute') => t.db.prepare('UPDATE centre SET timeliness = ? WHERE id = 1').run(mode);

/*
 * The centre, 27 April – 6 May 2026. Days off: Mon 27 Apr (Hùng Kings, in lieu), Thu 30 Apr, Fri 1 May
 * and the weekend; working: Tue 28, Wed 29 Apr, Mon 4, Tue 5, Wed 6 May. Office hours 07:00–11:30,
 * 13:30–17:00 (480 working minutes a day).
 *   D1 birth registration (same day), received Tue 28 09:00, due 17:00; ready 16:50: early.
 *   D2 birth registration, received Tue 28 10:00, due 17:00; ready Wed 29 08:00: late.
 *   D3 land registration (13 days), received Tue 28 10:00: still open.
 *   D4 marital-status certificate (3 days), received Tue 28 09:00, due Tue 5 May 09:00; apology
 *      Tue 28 14:00, new appointment Fri 8 May 16:00; ready Wed 6 May 10:00: late (against the first
 *      appointment), re-appointed.
 *   D5 marital-status certificate, received Tue 28 09:30; supplement asked at 10:00, a second request
 *      refused at 10:30: open, waiting for the supplement (its clock stopped).
 *   D7 birth registration received Tue 5 May 09:00, due 17:00: open, overdue on Wed 6 May.
 *   D6 birth registration received Wed 6 May 08:00, due 17:00: open, due within one working day.
 * Now: Wed 6 May 11:00.
 */
beforeAll(async () => {
  t = await testApp({ now: '2026-04-28T09:00:00+07:00' });
  codes.D1 = (await intake(t)).json().code;
  codes.D4 = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json().code;
  at('2026-04-28T09:10:00');
  await must(codes.D4, 'clerk', { type: 'complete-step' });
  at('2026-04-28T09:20:00');
  await must(codes.D1, 'clerk', { type: 'complete-step' });
  at('2026-04-28T09:30:00');
  await must(codes.D1, 'officer', { type: 'accept-step' });
  codes.D5 = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json().code;
  at('2026-04-28T09:40:00');
  await must(codes.D5, 'clerk', { type: 'complete-step' });
  at('2026-04-28T09:45:00');
  await must(codes.D5, 'officer', { type: 'accept-step' });
  at('2026-04-28T10:00:00');
  codes.D2 = (await intake(t)).json().code;
  codes.D3 = (await intake(t, anIntake({ procedureCode: '1.115520' }))).json().code;
  await must(codes.D5, 'officer', { type: 'request-supplement', reason: 'Thiếu giấy tờ', documents: [{ name: 'Giấy tờ chứng minh nơi cư trú', basis: 'Luật Hộ tịch 2014' }] });
  at('2026-04-28T10:10:00');
  await must(codes.D2, 'clerk', { type: 'complete-step' });
  at('2026-04-28T10:20:00');
  await must(codes.D2, 'officer', { type: 'accept-step' });
  at('2026-04-28T10:30:00');
  const second = await act(codes.D5, 'officer', { type: 'request-supplement', reason: 'Thiếu thêm giấy tờ', documents: [{ name: 'Giấy khác', basis: 'Luật Hộ tịch 2014' }] });
  expect(second.json().error.code).toBe('SUPPLEMENT_ALREADY_REQUESTED');
  at('2026-04-28T11:00:00');
  await must(codes.D1, 'officer', { type: 'complete-step' });
  at('2026-04-28T14:00:00');
  await must(codes.D1, 'leader', { type: 'complete-step' });
  await must(codes.D4, 'leader', { type: 'apologize', reason: 'Cần xác minh thêm thông tin', newDueAt: '2026-05-08T16:00:00+07:00' });
  at('2026-04-28T16:50:00');
  await must(codes.D1, 'clerk', { type: 'result-ready' });
  at('2026-04-29T07:30:00');
  await must(codes.D2, 'officer', { type: 'complete-step' });
  at('2026-04-29T07:40:00');
  await must(codes.D2, 'leader', { type: 'complete-step' });
  at('2026-04-29T08:00:00');
  await must(codes.D2, 'clerk', { type: 'result-ready' });
  at('2026-05-04T08:00:00');
  await must(codes.D4, 'officer', { type: 'accept-step' });
  at('2026-05-04T09:00:00');
  await must(codes.D4, 'officer', { type: 'complete-step' });
  at('2026-05-04T10:00:00');
  await must(codes.D4, 'leader', { type: 'complete-step' });
  at('2026-05-05T09:00:00');
  codes.D7 = (await intake(t)).json().code;
  at('2026-05-06T08:00:00');
  codes.D6 = (await intake(t)).json().code;
  at('2026-05-06T10:00:00');
  await must(codes.D4, 'clerk', { type: 'result-ready' });
  at('2026-05-06T11:00:00');
});
afterAll(async () => t.close());

describe('GET /api/supervision/summary', () => {
  it('counts the centre’s dossiers as worked out by hand, the re-appointed one late, across the holidays (to the minute)', async () => {
    judgeBy('minute');
    const res = await get('/api/supervision/summary?from=2026-04-27&to=2026-05-06');
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ from: '2026-04-27', to: '2026-05-06', asOf: '2026-05-06T11:00:00+07:00' });
    // Handling times in working minutes (holidays and the weekend count nothing):
    //   D1 Tue 09:00 → 16:50 = 150 + 200 = 350; D2 Tue 10:00 → Wed 08:00 = 90 + 210 + 60 = 360;
    //   D4 Tue 28 09:00 → Wed 6 May 10:00 = 360 + 480 (Wed 29) + 480 (Mon 4) + 480 (Tue 5) + 180 = 1980.
    //   Mean 2690 / 3 = 896.7 min = 1.87 → 1.9 working days; p90 (nearest rank ⌈2.7⌉ = 3rd) 1980 = 4.125 → 4.1.
    expect(s.totals).toEqual({
      received: 7,
      finished: 3,
      early: 1,
      onTime: 0,
      late: 2,
      earlyRate: 1 / 3,
      onTimeRate: 0,
      lateRate: 2 / 3,
      openNow: 4, // D3, D5 (waiting for its supplement), D6, D7
      overdueNow: 1, // D7; D5's clock is stopped
      dueWithinOneDay: 1, // D6, due 17:00 today (within a working day of 11:00)
      apologies: 1,
      supplementRequests: 1,
      secondSupplementAttempts: 1,
      supplementAttemptsAfterApology: 0,
      supplementAttemptsAfterWindow: 0,
      supplementAttemptsAfterDue: 0,
      averageHandlingDays: 1.9,
      p90HandlingDays: 4.1,
    });
    const proc = Object.fromEntries(s.byProcedure.map((r: { procedure: { code: string }; figures: object }) => [r.procedure.code, r.figures]));
    expect(proc['1.001193']).toMatchObject({ received: 4, finished: 2, early: 1, late: 1, openNow: 2, overdueNow: 1, dueWithinOneDay: 1, averageHandlingDays: 0.7, p90HandlingDays: 0.8 });
    expect(proc['1.004873']).toMatchObject({ received: 2, finished: 1, late: 1, lateRate: 1, openNow: 1, apologies: 1, supplementRequests: 1, secondSupplementAttempts: 1, averageHandlingDays: 4.1 });
    expect(proc['1.115520']).toMatchObject({ received: 1, finished: 0, lateRate: null, averageHandlingDays: null, openNow: 1 });
    // The period's two weeks, after the six before them (eight at least, for a trend): nothing finished then.
    expect(s.weekly).toHaveLength(8);
    expect(s.weekly.slice(0, 6).every((w: { finished: number }) => w.finished === 0)).toBe(true);
    expect(s.weekly[0]).toEqual({ week: '2026-W12', from: '2026-03-16', to: '2026-03-22', finished: 0, onTimeOrEarly: 0, onTimeRate: null });
    expect(s.weekly.slice(6)).toEqual([
      { week: '2026-W18', from: '2026-04-27', to: '2026-05-03', finished: 2, onTimeOrEarly: 1, onTimeRate: 0.5 },
      { week: '2026-W19', from: '2026-05-04', to: '2026-05-10', finished: 1, onTimeOrEarly: 0, onTimeRate: 0 },
    ]);
    expect(s.timeliness).toMatchObject({ mode: 'minute', label: { vi: 'Đúng hạn tính đến từng phút', en: 'On time to the minute' } });
    judgeBy('day');
  });

  it('by the day (the default): D1, ready at 16:50 for 17:00 the same day, is on time, not early; the late ones stay late by as many working minutes', async () => {
    const s = (await get('/api/supervision/summary?from=2026-04-27&to=2026-05-06')).json();
    expect(s.timeliness).toEqual({
      mode: 'day',
      label: { vi: 'Đúng hạn tính theo ngày', en: 'On time by the day' },
      rule: { vi: 'Có kết quả trước ngày hẹn: trước hạn; trong ngày hẹn: đúng hạn; sau ngày hẹn: trễ hạn.', en: 'Result ready before the appointment’s day: early; on that day: on time; after it: late.' },
    });
    // D2 (due Tue 28 17:00, ready Wed 29 08:00) and D4 (first appointment Tue 5 May, ready Wed 6 May) are
    // late on a later day either way.
    expect(s.totals).toMatchObject({ finished: 3, early: 0, onTime: 1, late: 2, earlyRate: 0, onTimeRate: 1 / 3, lateRate: 2 / 3 });
    const proc = Object.fromEntries(s.byProcedure.map((r: { procedure: { code: string }; figures: object }) => [r.procedure.code, r.figures]));
    expect(proc['1.001193']).toMatchObject({ finished: 2, early: 0, onTime: 1, late: 1 });
    expect(s.weekly.slice(6)).toEqual([
      { week: '2026-W18', from: '2026-04-27', to: '2026-05-03', finished: 2, onTimeOrEarly: 1, onTimeRate: 0.5 },
      { week: '2026-W19', from: '2026-05-04', to: '2026-05-10', finished: 1, onTimeOrEarly: 0, onTimeRate: 0 },
    ]);
    // Steps are their holders' own judgement, to the minute whatever the setting: VP-TPHT's as before.
    const dept = Object.fromEntries(s.byDepartment.map((r: { department: { code: string }; figures: object }) => [r.department.code, r.figures]));
    expect(dept['VP-TPHT']).toMatchObject({ finished: 3, early: 2, late: 1 });
    // The drill-down lists the same dossiers as the figures, judged the same way.
    const list = async (metric: string) => (await get(`/api/supervision/dossiers?from=2026-04-27&to=2026-05-06&metric=${metric}`)).json();
    expect((await list('early')).total).toBe(0);
    expect((await list('onTime')).items).toEqual([expect.objectContaining({ code: codes.D1, timeliness: 'on_time', lateMinutes: 0 })]);
    const late = await list('late');
    expect(late.items.find((r: { code: string }) => r.code === codes.D4)).toMatchObject({ timeliness: 'late', lateMinutes: 540 });
  });

  it('counts steps for departments and officers: started, finished with their judgement, held now, and who asked and apologised', async () => {
    const s = (await get('/api/supervision/summary?from=2026-04-27&to=2026-05-06')).json();
    const dept = Object.fromEntries(s.byDepartment.map((r: { department: { code: string }; figures: object }) => [r.department.code, r.figures]));
    // VP-TPHT: step 2 of D1, D2, D4, D5 started; D1's (09:20 → 11:00, 100 min, early), D2's (Tue 10:10 → Wed 07:30,
    // 80 + 210 + 30 = 320 min, late) and D4's (Tue 09:10 → Mon 09:00, 350 + 480 + 120 = 950 min) finished.
    // Mean 1370 / 3 = 456.7 min → 1.0 day; p90 950 → 2.0. D5's step is open (paused, so not overdue).
    expect(dept['VP-TPHT']).toMatchObject({ received: 4, finished: 3, early: 2, late: 1, openNow: 1, overdueNow: 0, apologies: 1, supplementRequests: 1, secondSupplementAttempts: 1, averageHandlingDays: 1, p90HandlingDays: 2 });
    const officer = s.byOfficer.find((r: { officer: { username: string } }) => r.officer.username === 'officer');
    expect(officer.officer.department.code).toBe('VP-TPHT');
    // The apology named D4's step 2, which the officer holds.
    expect(officer.figures).toMatchObject({ received: 4, finished: 3, early: 2, late: 1, openNow: 1, apologies: 1, supplementRequests: 1, secondSupplementAttempts: 1 });
  });

  it('refuses a bad, reversed or too long period with INVALID_PERIOD, and a clerk or officer with 403', async () => {
    for (const q of ['from=2026-04-31&to=2026-05-06', 'from=2026-05-06&to=2026-04-27', 'from=2025-01-01&to=2026-05-06', 'from=2026-4-1&to=2026-05-06', 'from=2026-04-27']) {
      const res = await get(`/api/supervision/summary?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(['INVALID_PERIOD', 'INVALID_QUERY'], q).toContain(res.json().error.code);
    }
    expect((await get('/api/supervision/summary?from=2026-05-06&to=2026-04-27')).json().error.code).toBe('INVALID_PERIOD');
    for (const user of ['clerk', 'officer'] as const) {
      for (const url of ['/api/supervision/summary?from=2026-04-27&to=2026-05-06', '/api/supervision/flags?from=2026-04-27&to=2026-05-06', '/api/supervision/scores?period=2026-04', '/api/supervision/warnings', '/api/supervision/dossiers?from=2026-04-27&to=2026-05-06&metric=late', '/api/supervision/changes']) {
        expect((await get(url, user)).statusCode, `${user} ${url}`).toBe(403);
      }
    }
    expect((await get('/api/supervision/summary?from=2026-04-27&to=2026-05-06', 'leader')).statusCode).toBe(200);
    expect((await get('/api/supervision/summary?from=2026-04-27&to=2026-05-06', 'admin')).statusCode).toBe(200);
  });
});

describe('GET /api/supervision/dossiers', () => {
  const list = async (q: string) => {
    const res = await get(`/api/supervision/dossiers?from=2026-04-27&to=2026-05-06&${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  it('lists the dossiers behind each number, as many as the figure says', async () => {
    const late = await list('metric=late');
    expect(late.items.map((r: { code: string }) => r.code).sort()).toEqual([codes.D2, codes.D4].sort());
    const d4 = late.items.find((r: { code: string }) => r.code === codes.D4);
    // Late against the first appointment (Tue 5 May 09:00): Tue 09:00 → 17:00 = 150 + 210, Wed 07:00 → 10:00 = 180: 540 working minutes.
    expect(d4).toMatchObject({ originalDueAt: '2026-05-05T09:00:00+07:00', dueAt: '2026-05-08T16:00:00+07:00', timeliness: 'late', lateMinutes: 540, step: null, applicantMasked: 'N*** T*** H*** N***' });
    expect((await list('metric=received')).total).toBe(7);
    expect((await list('metric=overdueNow')).items.map((r: { code: string }) => r.code)).toEqual([codes.D7]);
    expect((await list('metric=dueWithinOneDay')).items.map((r: { code: string }) => r.code)).toEqual([codes.D6]);
    expect((await list('metric=secondSupplementAttempts')).items.map((r: { code: string }) => r.code)).toEqual([codes.D5]);
    const apologies = await list('metric=apologies&department=VP-TPHT');
    expect(apologies.items).toEqual([expect.objectContaining({ code: codes.D4, step: expect.objectContaining({ seq: 2, department: expect.objectContaining({ code: 'VP-TPHT' }) }), officer: { username: 'officer', displayName: 'Cán bộ officer' } })]);
    const officerLate = await list('metric=late&officer=officer');
    expect(officerLate.items).toEqual([expect.objectContaining({ code: codes.D2, timeliness: 'late', step: expect.objectContaining({ seq: 2 }) })]);
    expect((await list('metric=received&limit=2'))).toMatchObject({ total: 7, truncated: true });
    expect(JSON.stringify(await list('metric=received'))).not.toContain('Nguyễn Thị Hồng Nhung');
  });
  it('refuses an unknown department, officer or procedure, two scopes at once, and an unknown metric', async () => {
    expect((await get('/api/supervision/dossiers?from=2026-04-27&to=2026-05-06&metric=late&department=NOPE')).json().error.code).toBe('UNKNOWN_DEPARTMENT');
    expect((await get('/api/supervision/dossiers?from=2026-04-27&to=2026-05-06&metric=late&officer=nobody')).json().error.code).toBe('STAFF_NOT_FOUND');
    expect((await get('/api/supervision/dossiers?from=2026-04-27&to=2026-05-06&metric=late&procedure=9.999')).json().error.code).toBe('PROCEDURE_NOT_FOUND');
    expect((await get('/api/supervision/dossiers?from=2026-04-27&to=2026-05-06&metric=late&officer=officer&department=VP-TPHT')).statusCode).toBe(400);
    expect((await get('/api/supervision/dossiers?from=2026-04-27&to=2026-05-06&metric=slow')).json().error.code).toBe('INVALID_QUERY');
  });
});

describe('GET /api/supervision/scores', () => {
  it('by the day (the default), D1 ready on its appointment day scores 1 for its total time, not 2', async () => {
    const s = (await get('/api/supervision/scores?period=2026-04&detail=true')).json();
    expect(s.timeliness).toMatchObject({ mode: 'day', label: { vi: 'Đúng hạn tính theo ngày' } });
    // Centre: total time (1 + 0) / 2 = 0.5, stages (2 + 0) / 2 = 1 (on the holders' own clocks, as worked
    // out in the test below), contacts 2, agencies 2, apologies 2: 7.5 / 5 = 1.5 × 10 = 15 → excellent.
    expect(s.centre).toMatchObject({ dossiers: 2, score: 15, grade: 'excellent' });
    expect(s.dossiers.map((d: { code: string; timeliness: string }) => [d.code, d.timeliness]).sort()).toEqual([[codes.D1, 'on_time'], [codes.D2, 'late']].sort());
    // The officer's stages are their own steps, to the minute: unchanged.
    expect(s.officials.find((o: { officer: { username: string } }) => o.officer.username === 'officer')).toMatchObject({ score: 4.5 });
  });

  it('scores April’s finished dossiers by hand to the minute: D1 early throughout, D2 late', async () => {
    judgeBy('minute');
    const res = await get('/api/supervision/scores?period=2026-04&detail=true');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ period: '2026-04', from: '2026-04-01', to: '2026-04-30', scale: { official: 6, agency: 20 } });
    // Steps on their holders' own clocks (arrival + the step's share of the window, never before its
    // milestone): D1's steps were all early (its last reached the counter at 14:00 and was ready at
    // 16:50, before its 17:00 milestone); D2's officer (due at his 15:45 milestone, done Wed 07:30) was
    // late, its leader (arrived Wed 07:30, 56 minutes: due 08:26, done 07:40) early, and its last step
    // (arrived 07:40 with 19 minutes: due 07:59, done 08:00) late by a minute. Stages: D1 2, D2 0.
    // Centre: total time (2 + 0) / 2 = 1, stages 1, contacts 2, agencies 2, apologies 2, no rating:
    // mean of the observed indices 8 / 5 = 1.6, × 10 on the 20-point scale = 16 → excellent.
    expect(s.centre).toMatchObject({ dossiers: 2, score: 16, grade: 'excellent' });
    // The officer held D1's step 2 (early, 2) and D2's (late, 0) and asked no supplement on them:
    // stages 1, contacts 2, unrated: (1 + 2) / 2 × 3 = 4.5 → met, not fully.
    const officer = s.officials.find((o: { officer: { username: string } }) => o.officer.username === 'officer');
    expect(officer).toMatchObject({ dossiers: 2, score: 4.5, grade: 'partial', gradeLabel: { vi: 'Hoàn thành' } });
    expect(s.dossiers.map((d: { code: string; timeliness: string }) => [d.code, d.timeliness]).sort()).toEqual([[codes.D1, 'early'], [codes.D2, 'late']].sort());
    // An agency is scored on a late dossier's total time only when it was late itself: the leadership
    // signed D2 in 10 minutes of its 56, so only D1's early total time (2) counts for it; the
    // officer's department, late on D2, averages D1's 2 and D2's 0.
    const totalTime = (code: string) =>
      s.agencies.find((a: { department: { code: string } }) => a.department.code === code).indices.find((i: { key: string }) => i.key === 'total_time').average;
    expect(totalTime('LD-UBND')).toBe(2);
    expect(totalTime('VP-TPHT')).toBe(1);
    expect(s.ratings.count).toBe(0);
    expect((await get('/api/supervision/scores?period=2026-13')).json().error.code).toBe('INVALID_PERIOD');
    expect((await get('/api/supervision/scores?period=2026-Q2')).json().centre.dossiers).toBe(3);
    judgeBy('day');
  });
});

describe('GET /api/supervision/warnings', () => {
  it('warns about the land dossier whose first step has overrun, not about one past its apology deadline or one paused', async () => {
    const res = await get('/api/supervision/warnings');
    expect(res.statusCode, res.body).toBe(200);
    const w = res.json();
    const codesListed = w.items.map((i: { code: string }) => i.code);
    expect(codesListed).toContain(codes.D3);
    expect(codesListed).not.toContain(codes.D6); // due 17:00 today: too late to apologise
    expect(codesListed).not.toContain(codes.D5); // waiting for its supplement
    const d3 = w.items.find((i: { code: string }) => i.code === codes.D3);
    // No history of finished land steps: the allotted times; step 1 has already had 35 working hours.
    expect(d3).toMatchObject({ basis: 'allotted', risk: 'likely', apologized: false, step: { seq: 1 } });
    expect(d3.workingMinutesShort).toBeGreaterThan(0);
    expect(d3.apologyDeadline < d3.dueAt).toBe(true);
  });
});

describe('GET /api/supervision/changes (long poll)', () => {
  it('answers at once when the history is past `since`, and waits for the next event otherwise', async () => {
    const first = (await get('/api/supervision/changes')).json();
    expect(first).toMatchObject({ changed: false });
    expect((await get(`/api/supervision/changes?since=${first.lastEventId - 1}`)).json()).toEqual({ lastEventId: first.lastEventId, changed: true });
    const headers = await t.as('supervisor');
    const waiting = t.app.inject({ method: 'GET', url: `/api/supervision/changes?since=${first.lastEventId}`, headers });
    await new Promise((r) => setTimeout(r, 50));
    await must(codes.D6, 'clerk', { type: 'complete-step' });
    const res = await waiting;
    expect(res.json()).toEqual({ lastEventId: first.lastEventId + 1, changed: true });
    expect((await get('/api/supervision/changes?since=abc')).statusCode).toBe(400);
  });
});
