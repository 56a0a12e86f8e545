import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, anIntake, intake, testApp } from '../../test/helpers.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: '2026-11-30T09:00:00+07:00' }); // a Monday, a week without holidays
});
afterEach(() => t.close());

const overview = async (role: 'supervisor' | 'leader' | 'admin' | 'clerk' = 'supervisor') =>
  t.app.inject({ method: 'GET', url: '/api/supervision/overview', headers: await t.as(role) });

describe('GET /api/supervision/overview', () => {
  it('lists overdue dossiers, those due within one working day, and counts per department', async () => {
    const birth = (await intake(t)).json(); // same-day procedure: due Mon 17:00
    t.clock.set('2026-11-30T14:00:00+07:00');
    const land = (await intake(t, anIntake({ procedureCode: '1.115520' }))).json(); // 13 days
    const marital = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json(); // 3 days: due Thu 14:00
    t.db.prepare("UPDATE dossier_steps SET state = 'done', completed_at = '2026-11-30T14:10:00+07:00' WHERE seq = 1 AND dossier_id = (SELECT id FROM dossiers WHERE code = ?)").run(marital.code);
    t.db.prepare("UPDATE dossier_steps SET state = 'in_progress' WHERE seq = 2 AND dossier_id = (SELECT id FROM dossiers WHERE code = ?)").run(marital.code);

    t.clock.set('2026-12-02T16:00:00+07:00'); // Wednesday afternoon
    const res = await overview();
    expect(res.statusCode).toBe(200);
    const o = res.json();
    expect(o.asOf).toBe('2026-12-02T16:00:00+07:00');
    expect(o.dueSoonUntil).toBe('2026-12-03T16:00:00+07:00');
    // The birth registration was due Monday 17:00: 15 working hours late (8 h Tue + 7 h Wed).
    expect(o.overdue).toEqual([
      expect.objectContaining({ code: birth.code, dueAt: '2026-11-30T17:00:00+07:00', workingMinutes: 15 * 60, department: expect.objectContaining({ code: 'TTPVHCC' }), applicantMasked: 'N*** T*** H*** N***' }),
    ]);
    // The marital-status certificate is due Thursday 14:00: within one working day; its holder is the justice officer.
    expect(o.dueSoon).toEqual([
      expect.objectContaining({ code: marital.code, workingMinutes: 6 * 60, department: expect.objectContaining({ code: 'VP-TPHT' }), currentStep: expect.stringContaining('Tra cứu') }),
    ]);
    expect(o.overdue.concat(o.dueSoon).map((r: { code: string }) => r.code)).not.toContain(land.code);
    expect(o.totals).toEqual({ open: 3, overdue: 1, dueSoon: 1 });
    const byCode = Object.fromEntries(o.departments.map((d: { code: string }) => [d.code, d]));
    expect(byCode.TTPVHCC).toMatchObject({ overdue: 1, dueSoon: 0, open: 2 });
    expect(byCode['VP-TPHT']).toMatchObject({ overdue: 0, dueSoon: 1, open: 1 });
    expect(o.departments[0].code).toBe('TTPVHCC'); // most overdue first
    expect(JSON.stringify(o)).not.toContain('Nguyễn Thị Hồng Nhung');
  });

  it('leaves out dossiers that are finished', async () => {
    const { code } = (await intake(t)).json();
    t.db.prepare("UPDATE dossiers SET status = 'returned', completed_at = '2026-11-30T10:00:00+07:00' WHERE code = ?").run(code);
    t.clock.set('2026-12-07T09:00:00+07:00');
    expect((await overview()).json().totals).toEqual({ open: 0, overdue: 0, dueSoon: 0 });
  });

  it('is for supervisors, leaders and administrators only', async () => {
    expect((await overview('leader')).statusCode).toBe(200);
    expect((await overview('admin')).statusCode).toBe(200);
    const clerk = await overview('clerk');
    expect(clerk.statusCode).toBe(403);
    expect(clerk.json().error.code).toBe('FORBIDDEN');
    expect((await t.app.inject({ method: 'GET', url: '/api/supervision/overview' })).statusCode).toBe(401);
  });
});

describe('GET /api/supervision/dossiers/:code', () => {
  it('gives a dossier’s handling and history with the applicant’s name masked, and no particulars to record as read', async () => {
    const sent = anIntake({ applicant: { phone: '0912345678', address: 'Thôn Đông, xã Minh An', email: 'a@example.vn' } });
    const created = (await intake(t, sent)).json();
    const res = await t.app.inject({ method: 'GET', url: `/api/supervision/dossiers/${created.code}`, headers: await t.as('supervisor') });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.code).toBe(created.code);
    // A supervisor watches the handling: the name as the kiosk masks it, and why (shared/privacy.ts).
    expect(body.applicant).toBeNull();
    expect(body.applicantMasked).toBe('N*** T*** H*** N***');
    expect(body.personalData).toMatchObject({ shown: false, basis: 'not_your_role' });
    expect(body.steps.length).toBeGreaterThan(0);
    expect(body.history[0].kind).toBe('received');
    // Not even the intake event's digest of the applicant's particulars.
    expect(body.history[0].data.procedureCode).toBe(sent.procedureCode);
    expect(body.history.some((e: { data: object }) => 'applicant' in e.data)).toBe(false);
    for (const secret of [sent.applicant.fullName, sent.applicant.idNumber, '0912345678', 'Thôn Đông', 'a@example.vn', created.lookupKey]) expect(res.body).not.toContain(secret);
    // A masked read is not an access to personal data: the audit log keeps those that are.
    const read = t.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'view_dossier' AND staff_id = (SELECT id FROM staff WHERE username = 'supervisor')").get() as { n: number };
    expect(read.n).toBe(0);
  });

  it('is for supervisors, leaders and administrators; an unknown code is 404', async () => {
    const created = (await intake(t)).json();
    expect((await t.app.inject({ method: 'GET', url: `/api/supervision/dossiers/${created.code}`, headers: await t.as('leader') })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/supervision/dossiers/${created.code}`, headers: await t.as('clerk') })).statusCode).toBe(403);
    const missing = await t.app.inject({ method: 'GET', url: '/api/supervision/dossiers/000.30.99.H56-261130-9999', headers: await t.as('supervisor') });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('DOSSIER_NOT_FOUND');
  });
});
