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
