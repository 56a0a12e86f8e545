import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor, LedBy } from './processing.ts';
import { type DossierForPrivacy, PERSONAL_DATA_BASES, personalDataAccess } from './privacy.ts';
import { DOSSIER_STATUS_KEYS, type DossierStatus, type Role, STEP_STATE_KEYS, type StepState } from './vocabulary.ts';

// The shipped chart, in part: the commune's leadership heads the centre and the justice office; the land office has its own.
const CHART: Record<string, string | null> = { TTPVHCC: 'LD-UBND', 'VP-TPHT': 'LD-UBND', 'LD-UBND': null, 'CN-VPDKDD': 'LD-CN-VPDKDD', 'LD-CN-VPDKDD': null, 'P-KT': 'LD-UBND' };
const ledBy: LedBy = (code) => CHART[code] ?? null;
const DEPARTMENTS = Object.keys(CHART);

const CLERK = 1;
const OTHER_CLERK = 2;
const who = (role: Role, department: string | null, id = 10): Actor => ({ id, role, department });

/** A birth registration: the centre → the justice office → the leadership's signature → the centre. */
function aDossier(overrides: Partial<DossierForPrivacy> & { at?: number; status?: DossierStatus } = {}): DossierForPrivacy {
  const route = ['TTPVHCC', 'VP-TPHT', 'LD-UBND', 'TTPVHCC'];
  const at = overrides.at ?? 0;
  const status = overrides.status ?? (at === 0 ? 'received' : 'processing');
  const steps = route.map((department, i) => ({ department, state: (i < at ? 'done' : i === at ? 'in_progress' : 'pending') as StepState, started: i <= at, heldBy: null }));
  return { status, receivedBy: OTHER_CLERK, steps, reached: route.slice(0, at + 1), counterActs: [], ...overrides };
}

describe('personal data by need', () => {
  it('shows an officer the dossiers their department holds now or has held, and no other', () => {
    expect(personalDataAccess(who('officer', 'VP-TPHT'), aDossier({ at: 1 }), ledBy)).toEqual({ shown: true, basis: 'department_holds' });
    expect(personalDataAccess(who('officer', 'VP-TPHT'), aDossier({ at: 2 }), ledBy)).toEqual({ shown: true, basis: 'department_held' });
    // Still theirs to know after the dossier is finished, refused or withdrawn.
    for (const status of ['returned', 'refused', 'withdrawn'] as const) expect(personalDataAccess(who('officer', 'VP-TPHT'), aDossier({ at: 2, status }), ledBy).shown).toBe(true);
    // Not reached yet, and a department the procedure never passes through.
    expect(personalDataAccess(who('officer', 'VP-TPHT'), aDossier({ at: 0 }), ledBy)).toEqual({ shown: false, basis: 'not_your_department' });
    expect(personalDataAccess(who('officer', 'P-KT'), aDossier({ at: 3, status: 'ready' }), ledBy)).toEqual({ shown: false, basis: 'not_your_department' });
    expect(personalDataAccess(who('officer', null), aDossier({ at: 1 }), ledBy).shown).toBe(false);
  });

  it('counts a department that had the dossier before it was sent back (the history says so; the step is pending again)', () => {
    const sentBack = aDossier({ at: 0, reached: ['TTPVHCC', 'VP-TPHT'] });
    expect(personalDataAccess(who('officer', 'VP-TPHT'), sentBack, ledBy)).toEqual({ shown: true, basis: 'department_held' });
  });

  it('shows a leader the dossiers of the departments they head, not those of another leadership', () => {
    // The commune's leadership heads the justice office: a dossier there is theirs before it reaches their signature.
    expect(personalDataAccess(who('leader', 'LD-UBND'), aDossier({ at: 1 }), ledBy)).toEqual({ shown: true, basis: 'department_holds' });
    expect(personalDataAccess(who('leader', 'LD-CN-VPDKDD'), aDossier({ at: 2 }), ledBy)).toEqual({ shown: false, basis: 'not_your_department' });
    // An officer is not a leader: the justice office's officer does not see the land office's dossiers, nor the leadership's.
    const land = { ...aDossier({ at: 1 }), steps: [{ department: 'TTPVHCC', state: 'done' as const, started: true, heldBy: null }, { department: 'CN-VPDKDD', state: 'in_progress' as const, started: true, heldBy: null }], reached: ['TTPVHCC', 'CN-VPDKDD'] };
    expect(personalDataAccess(who('leader', 'LD-CN-VPDKDD'), land, ledBy).basis).toBe('department_holds');
    expect(personalDataAccess(who('leader', 'LD-UBND'), land, ledBy).basis).toBe('department_held');
    expect(personalDataAccess(who('officer', 'VP-TPHT'), land, ledBy).shown).toBe(false);
  });

  it('shows a clerk the dossiers at the counter and those they handled, not every dossier the centre received', () => {
    const clerk = who('clerk', 'TTPVHCC', CLERK);
    expect(personalDataAccess(clerk, aDossier({ at: 0 }), ledBy)).toEqual({ shown: true, basis: 'at_counter' });
    expect(personalDataAccess(clerk, aDossier({ at: 3 }), ledBy)).toEqual({ shown: true, basis: 'at_counter' });
    expect(personalDataAccess(clerk, aDossier({ at: 1, status: 'awaiting_supplement' }), ledBy)).toEqual({ shown: true, basis: 'at_counter' });
    expect(personalDataAccess(clerk, aDossier({ at: 4, status: 'ready' }), ledBy)).toEqual({ shown: true, basis: 'at_counter' });
    // In a department, received by a colleague: not this clerk's; nor once handed over by someone else.
    expect(personalDataAccess(clerk, aDossier({ at: 1 }), ledBy)).toEqual({ shown: false, basis: 'not_at_your_counter' });
    expect(personalDataAccess(clerk, aDossier({ at: 4, status: 'returned' }), ledBy)).toEqual({ shown: false, basis: 'not_at_your_counter' });
    // Their own: received, handed over, or a step they held.
    expect(personalDataAccess(clerk, aDossier({ at: 1, receivedBy: CLERK }), ledBy)).toEqual({ shown: true, basis: 'received_by_you' });
    expect(personalDataAccess(clerk, aDossier({ at: 4, status: 'returned', counterActs: [CLERK] }), ledBy)).toEqual({ shown: true, basis: 'handled_by_you' });
    const held = aDossier({ at: 1 });
    expect(personalDataAccess(clerk, { ...held, steps: held.steps.map((s, i) => (i === 0 ? { ...s, heldBy: CLERK } : s)) }, ledBy)).toEqual({ shown: true, basis: 'handled_by_you' });
  });

  it('never shows supervisors and administrators, whatever their department, unless they received the dossier themselves', () => {
    expect(personalDataAccess(who('supervisor', 'TTPVHCC'), aDossier({ at: 0 }), ledBy)).toEqual({ shown: false, basis: 'not_your_role' });
    expect(personalDataAccess(who('admin', null), aDossier({ at: 1 }), ledBy)).toEqual({ shown: false, basis: 'not_your_role' });
    expect(personalDataAccess(who('admin', null, OTHER_CLERK), aDossier({ at: 1 }), ledBy)).toEqual({ shown: true, basis: 'received_by_you' });
  });

  it('words every basis in Vietnamese first, and every refusal says the data is shown to the departments handling the dossier', () => {
    for (const [basis, w] of Object.entries(PERSONAL_DATA_BASES)) {
      expect(w.vi.normalize('NFC')).toBe(w.vi);
      if (basis.startsWith('not_')) expect(w.vi).toMatch(/^Thông tin cá nhân chỉ hiển thị cho bộ phận đang\/đã xử lý hồ sơ/);
    }
  });
});

describe('personal data by need, for every dossier', () => {
  const step = fc.record({ department: fc.constantFrom(...DEPARTMENTS), state: fc.constantFrom(...STEP_STATE_KEYS.filter((s) => s !== 'skipped')), started: fc.boolean(), heldBy: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }) });
  const dossier = fc.record({
    status: fc.constantFrom(...DOSSIER_STATUS_KEYS),
    receivedBy: fc.integer({ min: 1, max: 20 }),
    steps: fc.array(step, { minLength: 1, maxLength: 6 }),
    reached: fc.uniqueArray(fc.constantFrom(...DEPARTMENTS), { maxLength: 3 }),
    counterActs: fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { maxLength: 3 }),
  });
  const reader = fc.record({ id: fc.integer({ min: 1, max: 20 }), role: fc.constantFrom<Role>('clerk', 'officer', 'leader', 'supervisor', 'admin'), department: fc.option(fc.constantFrom(...DEPARTMENTS), { nil: null }) });

  it('a supervisor or an administrator who did not receive it sees nothing', () => {
    fc.assert(
      fc.property(dossier, reader, (d, r) => {
        fc.pre((r.role === 'supervisor' || r.role === 'admin') && d.receivedBy !== r.id);
        expect(personalDataAccess(r, d, ledBy)).toEqual({ shown: false, basis: 'not_your_role' });
      }),
    );
  });

  it('an officer or leader whose departments never had the dossier sees nothing, whatever its state', () => {
    fc.assert(
      fc.property(dossier, reader, (d, r) => {
        fc.pre((r.role === 'officer' || r.role === 'leader') && d.receivedBy !== r.id);
        const theirs = (dep: string) => r.department !== null && (dep === r.department || (r.role === 'leader' && ledBy(dep) === r.department));
        fc.pre(!d.reached.some(theirs) && d.steps.every((s) => !theirs(s.department) || (s.state === 'pending' && !s.started)));
        expect(personalDataAccess(r, d, ledBy).shown).toBe(false);
      }),
    );
  });

  it('an officer or leader who has seen a dossier keeps seeing it as it moves on and ends', () => {
    fc.assert(
      fc.property(dossier, reader, fc.constantFrom<DossierStatus>('processing', 'ready', 'returned', 'refused', 'withdrawn'), (d, r, status) => {
        fc.pre(r.role === 'officer' || r.role === 'leader');
        fc.pre(personalDataAccess(r, d, ledBy).shown);
        // The step in hand is finished and the next one started, as complete-step does; the department moved to is in the history.
        const i = d.steps.findIndex((s) => s.state !== 'done');
        const steps = d.steps.map((s, j) => (j === i ? { ...s, state: 'done' as const, started: true } : j === i + 1 ? { ...s, state: 'in_progress' as const, started: true } : s));
        const next = d.steps[i + 1];
        const later = { ...d, status, steps, reached: next ? [...d.reached, next.department] : d.reached };
        expect(personalDataAccess(r, later, ledBy).shown).toBe(true);
      }),
    );
  });

  it('a clerk never sees an open dossier at another department that they neither received nor handled', () => {
    fc.assert(
      fc.property(dossier, reader, (d, r) => {
        fc.pre(r.role === 'clerk' && (d.status === 'received' || d.status === 'processing'));
        const current = d.steps.find((s) => s.state !== 'done');
        fc.pre(current !== undefined && current.department !== r.department);
        fc.pre(d.receivedBy !== r.id && !d.counterActs.includes(r.id) && d.steps.every((s) => s.heldBy !== r.id));
        expect(personalDataAccess(r, d, ledBy)).toEqual({ shown: false, basis: 'not_at_your_counter' });
      }),
    );
  });
});
