// Who may do what, over the HTTP API: a role × action matrix written out by hand (not derived from the
// rule table it checks), and a property-based run of random actions by random people that checks the
// invariants the supervisors' figures stand on.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_TYPES, type ActionType } from '../../shared/processing.ts';
import { parseIsoInstant, toVnIso } from '../../shared/time.ts';
import { workingMinutesBetween } from '../../shared/working-time.ts';
import { type TestApp, type TestUser, anIntake, testApp } from '../../test/helpers.ts';
import { catalogueFor } from '../catalogue/service.ts';
import { verifyChain } from './chain.ts';
import { checkState } from './consistency.ts';
import { dossierRepo } from './repo.ts';

let t: TestApp;
const sessions = new Map<TestUser, Record<string, string>>();
// Sessions made once (the clock is moved within their 12 hours): a login costs a scrypt hash.
const as = async (u: TestUser) => sessions.get(u) ?? (sessions.set(u, await t.as(u)), sessions.get(u)!);
beforeAll(async () => {
  t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
});
afterAll(async () => t.close());

const USERS = ['clerk', 'officer', 'officer.kt', 'leader', 'leader.cn', 'supervisor', 'admin'] as const;
const act = async (code: string, u: TestUser, body: object) => t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await as(u), payload: body });
const must = async (code: string, u: TestUser, body: object) => {
  const res = await act(code, u, body);
  if (res.statusCode !== 200) throw new Error(`setup ${JSON.stringify(body)} by ${u}: ${res.statusCode} ${res.body}`);
};
const newDossier = async (procedureCode = '1.004873') =>
  (await t.app.inject({ method: 'POST', url: '/api/dossiers', headers: await as('clerk'), payload: anIntake({ procedureCode }) })).json().code as string;

/** A valid body for each action (what a careful user would send). */
const BODY: Record<ActionType, object> = {
  'accept-step': { type: 'accept-step' },
  'complete-step': { type: 'complete-step', note: 'Đã thẩm tra' },
  'return-step': { type: 'return-step', reason: 'Dự thảo sai ngày' },
  'request-supplement': { type: 'request-supplement', reason: 'Thiếu tờ khai', documents: [{ name: 'Tờ khai', basis: 'Thông tư 04/2020/TT-BTP' }] },
  'receive-supplement': { type: 'receive-supplement' },
  apologize: { type: 'apologize', reason: 'Chờ xác minh', newDueAt: '2026-12-08T16:00:00+07:00' },
  refuse: { type: 'refuse', reason: 'Không thuộc thẩm quyền' },
  'result-ready': { type: 'result-ready' },
  'return-result': { type: 'return-result', method: 'counter' },
  stop: { type: 'stop', reason: 'Công dân rút hồ sơ' },
};

/**
 * The states the matrix needs, each built fresh for every cell (a success changes the dossier). A
 * certificate of marital status (3 working days): the centre → VP-TPHT → LD-UBND → the centre.
 */
const SETUP = {
  /** At VP-TPHT (headed by LD-UBND's leaders), received Wednesday 09:00, due Monday 09:00. */
  atDepartment: async () => {
    const code = await newDossier();
    await must(code, 'clerk', BODY['complete-step']);
    return code;
  },
  awaitingSupplement: async () => {
    const code = await SETUP.atDepartment();
    await must(code, 'officer', BODY['request-supplement']);
    return code;
  },
  /** Back at the centre for the hand-back step. */
  atLastStep: async () => {
    const code = await SETUP.atDepartment();
    await must(code, 'officer', BODY['complete-step']);
    await must(code, 'leader', BODY['complete-step']);
    return code;
  },
  ready: async () => {
    const code = await SETUP.atLastStep();
    await must(code, 'clerk', BODY['result-ready']);
    return code;
  },
  /** Through a supplement and back, then handed over: every once-only act already used. */
  returned: async () => {
    const code = await SETUP.awaitingSupplement();
    await must(code, 'clerk', BODY['receive-supplement']);
    await must(code, 'leader', BODY.apologize);
    for (const u of ['officer', 'leader'] as const) await must(code, u, BODY['complete-step']);
    await must(code, 'clerk', BODY['result-ready']);
    await must(code, 'clerk', BODY['return-result']);
    return code;
  },
};

// Expected answer for each user, in the order of USERS: clerk, officer (VP-TPHT), officer.kt (P-KT),
// leader (LD-UBND, heads VP-TPHT and the centre), leader.cn (land registry), supervisor, admin.
const MATRIX: [ActionType, keyof typeof SETUP, number[]][] = [
  ['accept-step', 'atDepartment', [403, 200, 403, 200, 403, 403, 403]],
  ['complete-step', 'atDepartment', [403, 200, 403, 200, 403, 403, 403]],
  ['return-step', 'atDepartment', [403, 200, 403, 200, 403, 403, 403]],
  ['request-supplement', 'atDepartment', [403, 200, 403, 200, 403, 403, 403]],
  ['receive-supplement', 'awaitingSupplement', [200, 403, 403, 403, 403, 403, 403]],
  ['apologize', 'atDepartment', [403, 403, 403, 200, 403, 403, 403]],
  ['refuse', 'atDepartment', [403, 403, 403, 200, 403, 403, 403]],
  ['result-ready', 'atLastStep', [200, 403, 403, 200, 403, 403, 403]],
  ['return-result', 'ready', [200, 403, 403, 403, 403, 403, 403]],
  ['stop', 'atDepartment', [200, 403, 403, 200, 403, 403, 403]],
];

describe('role × action', () => {
  it.each(MATRIX)('%s on a dossier %s', async (action, state, expected) => {
    t.clock.set('2026-11-25T09:00:00+07:00');
    const got: number[] = [];
    for (const user of USERS) {
      const code = await SETUP[state]();
      t.clock.set('2026-11-25T10:00:00+07:00');
      const res = await act(code, user, BODY[action]);
      got.push(res.statusCode);
      t.clock.set('2026-11-25T09:00:00+07:00');
    }
    expect(Object.fromEntries(USERS.map((u, i) => [u, got[i]]))).toEqual(Object.fromEntries(USERS.map((u, i) => [u, expected[i]])));
  }, 120_000);

  it('every action on a returned dossier, by the people who could otherwise take it → 409 naming the state', async () => {
    const code = await SETUP.returned();
    const right: Record<ActionType, TestUser> = {
      'accept-step': 'officer', 'complete-step': 'officer', 'return-step': 'officer', 'request-supplement': 'officer', 'receive-supplement': 'clerk',
      apologize: 'leader', refuse: 'leader', 'result-ready': 'clerk', 'return-result': 'clerk', stop: 'clerk',
    };
    for (const action of ACTION_TYPES) {
      const res = await act(code, right[action], BODY[action]);
      expect([action, res.statusCode, res.json().error.code, res.json().error.details?.status]).toEqual([action, 409, 'ACTION_NOT_ALLOWED', 'returned']);
    }
  }, 60_000);
});

describe('random sequences of actions by random people (property)', () => {
  it('never two supplement requests, never two apologies, never an apology inside the last working day, times never go backwards, no 500, and the chain verifies', async () => {
    const repo = dossierRepo(t.db);
    const calendar = catalogueFor(t.db).calendar();
    const user = fc.constantFrom<TestUser>('clerk', 'clerk2', 'officer', 'officer2', 'officer.kt', 'leader', 'leader.cn', 'supervisor', 'admin');
    // Mostly someone who could take the action (so that sequences get somewhere), sometimes anyone.
    const plausible: Record<ActionType, TestUser[]> = {
      'accept-step': ['clerk', 'officer', 'officer2', 'leader'], 'complete-step': ['clerk', 'clerk2', 'officer', 'officer2', 'leader'], 'return-step': ['officer', 'leader'],
      'request-supplement': ['officer', 'officer2', 'leader'], 'receive-supplement': ['clerk', 'clerk2'], apologize: ['leader'], refuse: ['leader'],
      'result-ready': ['clerk', 'clerk2'], 'return-result': ['clerk'], stop: ['clerk', 'leader'],
    };
    // Ending acts (refuse, stop) rarely, or most runs would end at their first steps.
    const anAction = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...ACTION_TYPES.filter((a) => a !== 'refuse' && a !== 'stop')) }, { weight: 1, arbitrary: fc.constantFrom<ActionType>('refuse', 'stop') });
    const actorAndAction = anAction.chain((action) => fc.record({ action: fc.constant(action), user: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...plausible[action]) }, { weight: 1, arbitrary: user }) }));
    const step = fc.record({
      who: actorAndAction,
      // Working-ish minutes between two clicks: often minutes, sometimes a day or more.
      waitMinutes: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 60, max: 60 * 24 * 4 })),
      newDueDays: fc.integer({ min: 0, max: 12 }),
    });
    const successes = new Map<string, number>();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('1.004873', '1.001193', '1.013225'), fc.array(step, { minLength: 1, maxLength: 24 }), async (procedure, steps) => {
        // Each run its own dossier, received on its own morning (later runs later: one database).
        t.clock.set(toVnIso(new Date(parseIsoInstant('2026-11-25T08:00:00+07:00')!.getTime() + run++ * 7 * 86_400_000)));
        sessions.clear(); // sessions last 12 hours of the test's clock
        let sinceLogin = 0;
        const code = await newDossier(procedure);
        const id = repo.byCode(code)!.id;
        for (const s of steps) {
          const { action, user: who } = s.who;
          t.clock.advanceMinutes(s.waitMinutes);
          // Sessions last 12 hours of the test's clock: sign in again well before.
          sinceLogin += s.waitMinutes;
          if (sinceLogin > 600) {
            sessions.clear();
            sinceLogin = 0;
          }
          const before = repo.eventsOf(id).length;
          const dueBefore = repo.byCode(code)!.due_at;
          const body =
            action === 'apologize'
              ? { ...BODY.apologize, newDueAt: toVnIso(new Date(parseIsoInstant(dueBefore)!.getTime() + s.newDueDays * 86_400_000)) }
              : BODY[action];
          const res = await act(code, who, body);
          if (res.statusCode === 200) successes.set(action, (successes.get(action) ?? 0) + 1);
          expect([200, 400, 403, 409]).toContain(res.statusCode);
          const after = repo.eventsOf(id);
          const refusedSupplement = res.statusCode === 409 && String(res.json().error.code).startsWith('SUPPLEMENT_');
          // A success adds exactly its event; a refusal adds nothing but the record of a refused supplement request.
          expect(after.length - before).toBe(res.statusCode === 200 || refusedSupplement ? 1 : 0);
        }
        const events = repo.eventsOf(id);
        expect(events.filter((e) => e.kind === 'supplement_requested').length).toBeLessThanOrEqual(1);
        expect(events.filter((e) => e.kind === 'apologized').length).toBeLessThanOrEqual(1);
        for (const e of events.filter((x) => x.kind === 'apologized')) {
          const data = JSON.parse(e.data) as { previousDueAt: string; newDueAt: string };
          expect(workingMinutesBetween(parseIsoInstant(e.at)!, parseIsoInstant(data.previousDueAt)!, calendar)).toBeGreaterThanOrEqual(480);
          expect(data.newDueAt > data.previousDueAt).toBe(true);
        }
        const times = events.map((e) => parseIsoInstant(e.at)!.getTime());
        expect(times).toEqual([...times].sort((a, b) => a - b));
        const row = repo.byCode(code)!;
        const stepRows = repo.stepsOf(id);
        if (row.status === 'ready' || row.status === 'returned') expect(stepRows.every((x) => x.state === 'done')).toBe(true);
        expect(stepRows.filter((x) => x.state === 'in_progress').length).toBeLessThanOrEqual(1);
        expect(row.original_due_at <= row.due_at).toBe(true);
      }),
      { numRuns: 30 },
    );
    const { rows, length } = repo.chain();
    expect(verifyChain(rows, length)).toMatchObject({ ok: true });
    // The rows the screens read say what the history says, whatever the sequence.
    expect(checkState(t.db).mismatches).toEqual([]);
    // The runs went somewhere: handovers, and the once-only acts the invariants are about.
    expect(successes.get('complete-step') ?? 0).toBeGreaterThan(0);
    expect((successes.get('request-supplement') ?? 0) + (successes.get('apologize') ?? 0)).toBeGreaterThan(0);
    console.info('successful actions in the random runs:', Object.fromEntries(successes));
  }, 300_000);
});
