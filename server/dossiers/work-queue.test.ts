import { afterEach, describe, expect, it } from 'vitest';
import type { WorkQueue } from '../../shared/contracts.ts';
import { type TestApp, anIntake, intake, testApp } from '../../test/helpers.ts';

let t: TestApp;
afterEach(async () => t?.close());

async function queueOf(user: 'clerk' | 'officer') {
  const res = await t.app.inject({ method: 'GET', url: '/api/work-queue', headers: await t.as(user) });
  expect(res.statusCode).toBe(200);
  return res.json<WorkQueue>();
}

describe('work queue urgency', () => {
  it('a step due on the next working day is "tomorrow", across a weekend too; past its time it is late', async () => {
    // Thursday 16:00: a marital-status certificate's first step (2 working hours) is due Friday 08:00.
    t = await testApp({ now: '2026-11-26T16:00:00+07:00' });
    const a = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json<{ code: string }>().code;
    let items = (await queueOf('clerk')).items;
    expect(items.find((i) => i.code === a)).toMatchObject({ urgency: 'tomorrow', minutesLeft: 120, step: { dueAt: '2026-11-27T08:00:00+07:00' } });

    // Friday 16:00: the next one is due Monday 08:00, the next working day; Thursday's is late.
    t.clock.set('2026-11-27T16:00:00+07:00');
    const b = (await intake(t, anIntake({ procedureCode: '1.004873', applicant: { idNumber: '038190054321' } }))).json<{ code: string }>().code;
    items = (await queueOf('clerk')).items;
    expect(items.find((i) => i.code === b)).toMatchObject({ urgency: 'tomorrow', step: { dueAt: '2026-11-30T08:00:00+07:00' } });
    expect(items.find((i) => i.code === a)?.urgency).toBe('late');
    expect(items.map((i) => i.code)).toEqual([a, b]); // most urgent first

    // Passed on, its 16 working hours at VP-TPHT run to Wednesday: fine for now.
    const passed = await t.app.inject({ method: 'POST', url: `/api/dossiers/${b}/actions`, headers: await t.as('clerk'), payload: { type: 'complete-step' } });
    expect(passed.statusCode).toBe(200);
    expect((await queueOf('officer')).items.find((i) => i.code === b)).toMatchObject({ urgency: 'fine', actions: expect.arrayContaining(['complete-step']) });
  });
});

describe('the queue offers only what will succeed', () => {
  // Each moment: is «Yêu cầu bổ sung» offered, and what does pressing it answer? The two must agree:
  // the supplement window (3 working days from receipt) and the appointment are both timing rules.
  it('offers a supplement request only within the window and before the appointment, as the action decides', async () => {
    t = await testApp({ now: '2026-11-25T08:00:00+07:00' }); // Wednesday; a birth registration is due the same day, 17:00
    const ask = { type: 'request-supplement', reason: 'Giấy chứng sinh mờ', documents: [{ name: 'Giấy chứng sinh' }] };
    const cases = [
      { at: '2026-11-25T10:00:00+07:00', offered: true, answer: 200 }, // in the window, before the appointment
      { at: '2026-11-26T09:00:00+07:00', offered: false, answer: 'SUPPLEMENT_AFTER_DUE' }, // in the window, the appointment passed
      { at: '2026-12-03T09:00:00+07:00', offered: false, answer: 'SUPPLEMENT_WINDOW_PASSED' }, // both passed: the window is named first
    ];
    for (const c of cases) {
      t.clock.set('2026-11-25T08:00:00+07:00');
      const code = (await intake(t, anIntake({ applicant: { idNumber: `0381900${String(cases.indexOf(c)).padStart(5, '0')}` } }))).json<{ code: string }>().code;
      expect((await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as('clerk'), payload: { type: 'complete-step' } })).statusCode).toBe(200);
      t.clock.set(c.at);
      const item = (await queueOf('officer')).items.find((i) => i.code === code)!;
      expect(item.actions.includes('request-supplement'), c.at).toBe(c.offered);
      expect(item.actions, c.at).toContain('accept-step'); // the rest of the queue is unchanged
      const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as('officer'), payload: ask });
      if (c.answer === 200) expect(res.statusCode, res.body).toBe(200);
      else expect(res.json().error.code, c.at).toBe(c.answer);
    }
  });
});
