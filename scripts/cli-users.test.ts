// `motcua users set | reset-password | deactivate | activate` against a running server's database: the
// same rules as the /admin screen, and the server sees each change at once. The commands run in the
// test process (runCli), on their own connection to the database; the password reset is a real process
// (spawnCli), as an administrator runs it beside the server, whose open session it ends.
import { describe, expect, it } from 'vitest';
import { PASSWORD, testApp } from '../test/helpers.ts';
import { cliBesideServer } from '../test/fixtures/cli.ts';

const { motcua, inProcess, closeAfter } = cliBesideServer();

describe('motcua users: changing accounts', () => {
  it('changes a role, resets a password and deactivates an account, ending its sessions; refuses the last admin and unknown names', async () => {
    const t = await testApp();
    closeAfter(() => void t.close());
    const login = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
    const row = (username: string) => t.db.prepare('SELECT role, department_code, display_name, active FROM staff WHERE username = ?').get(username);

    const set = await inProcess('users', 'set', '--db', t.path, '--username', 'officer', '--role', 'leader', '--department', 'LD-UBND', '--name', 'Trần Minh Đức');
    expect(set.stderr).toBe('');
    expect(set.status).toBe(0);
    expect(set.stdout).toContain('Changed "officer": role officer → leader');
    expect(row('officer')).toEqual({ role: 'leader', department_code: 'LD-UBND', display_name: 'Trần Minh Đức', active: 1 });

    const session = await t.as('officer');
    const reset = motcua('users', 'reset-password', '--db', t.path, '--username', 'officer', '--password', 'mat-khau-moi-2026');
    expect(reset.status).toBe(0);
    expect(reset.stdout).toContain('1 open session signed out');
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: session })).statusCode).toBe(401);
    expect((await login('officer', PASSWORD)).statusCode).toBe(401);
    expect((await login('officer', 'mat-khau-moi-2026')).statusCode).toBe(200);

    const off = await inProcess('users', 'deactivate', '--db', t.path, '--username', 'officer');
    expect(off.status).toBe(0);
    expect(off.stdout).toMatch(/Deactivated "officer": it can no longer sign in; 1 open session signed out/);
    expect((await login('officer', 'mat-khau-moi-2026')).statusCode).toBe(401);
    expect((await inProcess('users', 'activate', '--db', t.path, '--username', 'officer')).status).toBe(0);
    expect((await login('officer', 'mat-khau-moi-2026')).statusCode).toBe(200);

    // Refused: the last active admin, an unknown account, a short password — exit 1, in both languages.
    const last = await inProcess('users', 'deactivate', '--db', t.path, '--username', 'admin');
    expect(last.status).toBe(1);
    expect(last.stderr).toContain('tài khoản quản trị hệ thống cuối cùng');
    expect(last.stderr).toContain('last active administrator');
    expect(row('admin')).toMatchObject({ active: 1 });
    const nobody = await inProcess('users', 'activate', '--db', t.path, '--username', 'nobody');
    expect(nobody.status).toBe(1);
    expect(nobody.stderr).toContain('No staff account with this username');

    // Each change in the audit log, by the operating-system account, without the password.
    const audit = t.db.prepare("SELECT action, staff_id, detail FROM audit_log WHERE action IN ('change_staff', 'reset_password') ORDER BY id").all() as { action: string; staff_id: number | null; detail: string }[];
    expect(audit.map((a) => a.action)).toEqual(['change_staff', 'reset_password', 'change_staff', 'change_staff']);
    expect(audit.every((a) => a.staff_id === null && typeof JSON.parse(a.detail).by === 'string')).toBe(true);
    expect(audit.map((a) => a.detail).join()).not.toContain('mat-khau-moi');
  }, 60_000); // a real process beside the other test files
});
