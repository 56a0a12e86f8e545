import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Actor, reviewRefusal } from './processing.ts';
import { ROLES } from './vocabulary.ts';

describe('reviewRefusal: nobody decides their own case', () => {
  const leader: Actor = { id: 7, role: 'leader', department: 'LD-UBND' };
  it('names why: held the step, signed the apology, the only member of the department', () => {
    expect(reviewRefusal(leader, { holders: [3, 7], members: [7, 8] })).toMatchObject({ code: 'OWN_CASE', why: 'held' });
    expect(reviewRefusal(leader, { holders: [3], apologizedBy: 7, members: [3, 8] })).toMatchObject({ code: 'OWN_CASE', why: 'apologized' });
    expect(reviewRefusal(leader, { holders: [], members: [7] })).toMatchObject({ code: 'OWN_CASE', why: 'only-member', message: expect.stringContaining('người khác quyết định') });
    // One of several members, who did not hold the step: may decide. An empty department is nobody's own.
    expect(reviewRefusal(leader, { holders: [3], members: [3, 7] })).toBeNull();
    expect(reviewRefusal(leader, { holders: [], members: [] })).toBeNull();
    expect(reviewRefusal({ id: 9, role: 'officer', department: 'VP-TPHT' }, { holders: [], members: [] })).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('as a property: refused exactly when the reviewer held the step, signed the apology or is the department alone', () => {
    const ids = fc.integer({ min: 1, max: 6 });
    fc.assert(
      fc.property(fc.constantFrom(...(Object.keys(ROLES) as (keyof typeof ROLES)[])), ids, fc.uniqueArray(ids, { maxLength: 3 }), fc.option(ids, { nil: null }), fc.uniqueArray(ids, { maxLength: 3 }), (role, id, holders, apologizedBy, members) => {
        const refusal = reviewRefusal({ id, role, department: null }, { holders, apologizedBy, members });
        const own = holders.includes(id) || apologizedBy === id || (members.length === 1 && members[0] === id);
        if (role !== 'supervisor' && role !== 'leader') expect(refusal?.code).toBe('FORBIDDEN');
        else expect(refusal?.code ?? null).toBe(own ? 'OWN_CASE' : null);
      }),
    );
  });
});
