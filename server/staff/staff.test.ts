import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, type TestApp, testApp } from '../../test/helpers.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(() => t.close());

const NEW_PASSWORD = 'mat-khau-moi-2026';
const login = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
const call = async (method: InjectOptions['method'], url: string, payload?: unknown, headers?: Record<string, string>) =>
  t.app.inject({ method, url, headers: headers ?? (await t.as('admin')), ...(payload === undefined ? {} : { payload: payload as object }) });
const aNewOfficer = (overrides: Record<string, unknown> = {}) => ({
  username: 'lan.nt',
  displayName: 'Nguyễn Thị Lan',
  role: 'officer',
  department: 'VP-TPHT',
  password: NEW_PASSWORD,
  ...overrides,
});
const staffRow = (username: string) =>
  t.db.prepare('SELECT username, display_name, role, department_code, active, password_hash FROM staff WHERE username = ?').get(username) as
    | { username: string; display_name: string; role: string; department_code: string | null; active: number; password_hash: string }
    | undefined;
const auditRows = (action: string) =>
  (t.db.prepare('SELECT a.staff_id, s.username AS actor, a.detail FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id WHERE a.action = ? ORDER BY a.id').all(action) as {
    staff_id: number | null;
    actor: string | null;
    detail: string;
  }[]).map((r) => ({ actor: r.actor, detail: JSON.parse(r.detail) as Record<string, unknown>, raw: r.detail }));
const sessionsOf = (username: string) =>
  (t.db.prepare('SELECT count(*) AS n FROM sessions x JOIN staff s ON s.id = x.staff_id WHERE s.username = ?').get(username) as { n: number }).n;

describe('staff accounts: who may manage them', () => {
  const requests: [InjectOptions['method'], string, unknown][] = [
    ['GET', '/api/staff', undefined],
    ['POST', '/api/staff', aNewOfficer()],
    ['PATCH', '/api/staff/clerk', { active: false }],
    ['POST', '/api/staff/clerk/password', { password: NEW_PASSWORD }],
  ];

  it.each(['clerk', 'officer', 'leader', 'supervisor'] as const)('%s → 403 FORBIDDEN on every staff route, and nothing changes', async (role) => {
    const headers = await t.as(role);
    for (const [method, url, body] of requests) {
      const res = await call(method, url, body, headers);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect(staffRow('lan.nt')).toBeUndefined();
    expect(staffRow('clerk')!.active).toBe(1);
    expect((await login('clerk', PASSWORD)).statusCode).toBe(200);
  });

  it('not signed in → 401 on every staff route, before the body is read', async () => {
    for (const [method, url, body] of [...requests, ['POST', '/api/staff', { nonsense: true }] as const]) {
      const res = await call(method, url, body, {});
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().error.code).toBe('NOT_AUTHENTICATED');
    }
  });
});

describe('staff accounts: what the administrator does', () => {
  it('lists every account with its role wording, department, state and creation time', async () => {
    const res = await call('GET', '/api/staff');
    expect(res.statusCode).toBe(200);
    const { staff } = res.json() as { staff: Record<string, unknown>[] };
    const all = t.db.prepare('SELECT username FROM staff').all() as { username: string }[];
    expect(staff.map((s) => s.username).sort()).toEqual(all.map((s) => s.username).sort());
    expect(staff.find((s) => s.username === 'clerk')).toEqual({
      username: 'clerk',
      displayName: 'Cán bộ clerk',
      role: 'clerk',
      roleLabel: { vi: 'Cán bộ tiếp nhận', en: 'Intake clerk' },
      department: { code: 'TTPVHCC', name: 'Trung tâm Phục vụ hành chính công xã' },
      active: true,
      openSessions: 0,
      createdAt: '1970-01-01T07:00:00+07:00',
      fictional: false,
      lockedUntil: null,
    });
    // The admin's own session is open right now.
    expect(staff.find((s) => s.username === 'admin')!.openSessions).toBe(1);
    expect(JSON.stringify(staff)).not.toMatch(/scrypt|password/i);
  });

  it('departments to choose from, with the intake department clerks belong to', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/departments' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.intakeDepartment).toEqual({ code: 'TTPVHCC', name: 'Trung tâm Phục vụ hành chính công xã' });
    expect(body.departments.map((d: { code: string }) => d.code)).toContain('VP-TPHT');
  });

  it('adds an account that can sign in at once; the audit log names the admin and never the password', async () => {
    const res = await call('POST', '/api/staff', aNewOfficer({ displayName: '  Nguyễn   Thị Lan ' }));
    expect(res.statusCode).toBe(201);
    expect(res.json().staff).toMatchObject({
      username: 'lan.nt',
      displayName: 'Nguyễn Thị Lan',
      role: 'officer',
      department: { code: 'VP-TPHT' },
      active: true,
      createdAt: '2026-11-25T09:00:00+07:00',
    });
    const signIn = await login('lan.nt', NEW_PASSWORD);
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().staff.department.code).toBe('VP-TPHT');

    const audit = auditRows('add_staff');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('admin');
    expect(audit[0]!.detail).toMatchObject({ username: 'lan.nt', role: 'officer', department: 'VP-TPHT' });
    expect(audit[0]!.raw).not.toContain(NEW_PASSWORD);
    expect(audit[0]!.raw).not.toMatch(/password|scrypt/);
  });

  it('a clerk belongs to the intake department: given or not, and no other', async () => {
    const res = await call('POST', '/api/staff', aNewOfficer({ username: 'quy.pv', role: 'clerk', department: undefined }));
    expect(res.statusCode).toBe(201);
    expect(res.json().staff.department.code).toBe('TTPVHCC');
    const elsewhere = await call('POST', '/api/staff', aNewOfficer({ username: 'quy.pv2', role: 'clerk', department: 'P-KT' }));
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().error.code).toBe('CLERK_DEPARTMENT');
    expect(staffRow('quy.pv2')).toBeUndefined();
    // An officer moved to the counter follows the same rule.
    await call('POST', '/api/staff', aNewOfficer());
    const moved = await call('PATCH', '/api/staff/lan.nt', { role: 'clerk' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().staff).toMatchObject({ role: 'clerk', department: { code: 'TTPVHCC' } });
  });

  it('without one department receiving every procedure, there is no intake department and a clerk’s is free', async () => {
    t.db.prepare("UPDATE procedure_steps SET department_code = 'P-KT' WHERE procedure_code = '1.001193' AND seq = 1").run();
    expect((await t.app.inject({ method: 'GET', url: '/api/departments' })).json().intakeDepartment).toBeNull();
    const res = await call('POST', '/api/staff', aNewOfficer({ username: 'quy.pv', role: 'clerk', department: 'P-KT' }));
    expect(res.statusCode).toBe(201);
    expect(res.json().staff.department.code).toBe('P-KT');
  });

  it('changes the name, role and department, and records each change with what it was', async () => {
    await call('POST', '/api/staff', aNewOfficer());
    const res = await call('PATCH', '/api/staff/lan.nt', { displayName: 'Nguyễn Thị Lan Anh', role: 'leader', department: 'LD-UBND' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ staff: { displayName: 'Nguyễn Thị Lan Anh', role: 'leader', roleLabel: { vi: 'Lãnh đạo' }, department: { code: 'LD-UBND' } }, sessionsEnded: 0 });
    expect(staffRow('lan.nt')).toMatchObject({ display_name: 'Nguyễn Thị Lan Anh', role: 'leader', department_code: 'LD-UBND' });
    const audit = auditRows('change_staff');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('admin');
    expect(audit[0]!.detail).toEqual({
      username: 'lan.nt',
      changes: {
        displayName: { from: 'Nguyễn Thị Lan', to: 'Nguyễn Thị Lan Anh' },
        role: { from: 'officer', to: 'leader' },
        department: { from: 'VP-TPHT', to: 'LD-UBND' },
      },
      sessionsEnded: 0,
    });
    // The same values again change nothing and record nothing.
    await call('PATCH', '/api/staff/lan.nt', { role: 'leader' });
    expect(auditRows('change_staff')).toHaveLength(1);
  });

  it('a deactivated account cannot sign in and its open session ends at once; reactivated, it signs in again', async () => {
    const clerk = await t.as('clerk');
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: clerk })).statusCode).toBe(200);

    const off = await call('PATCH', '/api/staff/clerk', { active: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ staff: { active: false, openSessions: 0 }, sessionsEnded: 1 });
    expect(sessionsOf('clerk')).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: clerk })).statusCode).toBe(401);
    const refused = await login('clerk', PASSWORD);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('INVALID_CREDENTIALS');

    const on = await call('PATCH', '/api/staff/clerk', { active: true });
    expect(on.json().staff.active).toBe(true);
    expect((await login('clerk', PASSWORD)).statusCode).toBe(200);
    expect(auditRows('change_staff').map((a) => a.detail.changes)).toEqual([{ active: { from: true, to: false } }, { active: { from: false, to: true } }]);
  });

  it('a new password works, the old one no longer does, and every session of the account ends', async () => {
    const first = await t.as('officer');
    await t.as('officer');
    expect(sessionsOf('officer')).toBe(2);
    const res = await call('POST', '/api/staff/officer/password', { password: NEW_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json().sessionsEnded).toBe(2);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: first })).statusCode).toBe(401);
    expect((await login('officer', PASSWORD)).statusCode).toBe(401);
    expect((await login('officer', NEW_PASSWORD)).statusCode).toBe(200);
    const audit = auditRows('reset_password');
    expect(audit.map((a) => [a.actor, a.detail])).toEqual([['admin', { username: 'officer', sessionsEnded: 2 }]]);
    expect(audit[0]!.raw).not.toContain(NEW_PASSWORD);
  });

  it('an administrator resetting their own password stays signed in on this session only', async () => {
    const other = await t.as('admin');
    const mine = await t.as('admin');
    const res = await call('POST', '/api/staff/admin/password', { password: NEW_PASSWORD }, mine);
    expect(res.json().sessionsEnded).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: mine })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: other })).statusCode).toBe(401);
  });
});

describe('staff accounts: what is refused', () => {
  it.each([
    ['a short password', aNewOfficer({ password: 'short' }), '/password'],
    ['a password of spaces', aNewOfficer({ password: '          ' }), '/password'],
    ['a username with diacritics', aNewOfficer({ username: 'lân.nt' }), '/username'],
    ['a name with an emoji', aNewOfficer({ displayName: 'Lan 😀' }), '/displayName'],
    ['an unknown role', aNewOfficer({ role: 'king' }), '/role'],
    ['an unknown field', aNewOfficer({ isAdmin: true }), '/isAdmin'],
    ['no password', aNewOfficer({ password: undefined }), '/password'],
  ])('%s → 400 naming the field, nothing added', async (_name, body, field) => {
    const count = () => t.db.prepare('SELECT count(*) AS n FROM staff').get();
    const before = count();
    const res = await call('POST', '/api/staff', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(count()).toEqual(before);
    expect(auditRows('add_staff')).toEqual([]);
  });

  it.each([
    ['an officer without a department', 'DEPARTMENT_REQUIRED', aNewOfficer({ department: undefined })],
    ['a leader with none', 'DEPARTMENT_REQUIRED', aNewOfficer({ role: 'leader', department: null })],
    ['an unknown department', 'UNKNOWN_DEPARTMENT', aNewOfficer({ department: 'NOPE' })],
  ])('%s → 400 %s, nothing added', async (_name, code, body) => {
    const res = await call('POST', '/api/staff', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code, details: [{ field: '/department' }] });
    expect(staffRow('lan.nt')).toBeUndefined();
  });

  it('a taken username → 409, whatever its letter case', async () => {
    const res = await call('POST', '/api/staff', aNewOfficer({ username: 'Clerk' }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('USERNAME_TAKEN');
    expect(res.json().error.message).toContain('"Clerk"');
  });

  it('an unknown account → 404 for a change and for a password', async () => {
    for (const [method, url, body] of [
      ['PATCH', '/api/staff/nobody', { active: false }],
      ['POST', '/api/staff/nobody/password', { password: NEW_PASSWORD }],
    ] as const) {
      const res = await call(method, url, body);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('STAFF_NOT_FOUND');
    }
  });

  it.each([
    ['an empty change', {}],
    ['a username change', { username: 'other' }],
    ['active as text', { active: 'no' }],
    ['an unknown role', { role: 'king' }],
  ])('%s → 400, the account unchanged', async (_name, body) => {
    const before = staffRow('officer');
    const res = await call('PATCH', '/api/staff/officer', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(staffRow('officer')).toEqual(before);
    expect(auditRows('change_staff')).toEqual([]);
  });

  it('a short new password → 400 and the old one still works', async () => {
    const res = await call('POST', '/api/staff/officer/password', { password: 'short' });
    expect(res.statusCode).toBe(400);
    expect((await login('officer', PASSWORD)).statusCode).toBe(200);
    expect(auditRows('reset_password')).toEqual([]);
  });

  it('an administrator cannot deactivate the account they are signed in with → 409', async () => {
    const res = await call('PATCH', '/api/staff/admin', { active: false });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CANNOT_DEACTIVATE_SELF');
    expect(staffRow('admin')!.active).toBe(1);
  });

  it('the last active administrator cannot stop being one → 409; with a second one it can', async () => {
    const demote = await call('PATCH', '/api/staff/admin', { role: 'supervisor' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('LAST_ADMIN');
    expect(demote.json().error.message).toMatch(/quản trị/);
    expect(staffRow('admin')!.role).toBe('admin');

    // A second administrator, deactivated, does not count.
    await call('POST', '/api/staff', aNewOfficer({ username: 'admin2', role: 'admin', department: null }));
    await call('PATCH', '/api/staff/admin2', { active: false });
    expect((await call('PATCH', '/api/staff/admin', { role: 'supervisor' })).statusCode).toBe(409);

    await call('PATCH', '/api/staff/admin2', { active: true });
    const ok = await call('PATCH', '/api/staff/admin', { role: 'supervisor' });
    expect(ok.statusCode).toBe(200);
    expect(staffRow('admin')!.role).toBe('supervisor');
    // The former administrator's session now holds a supervisor: the staff routes refuse it.
    expect((await call('GET', '/api/staff')).statusCode).toBe(403);
  });
});
