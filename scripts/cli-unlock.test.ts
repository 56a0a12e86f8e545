// `motcua users unlock`: an administrator at the server's terminal lifts a lock from failed logins.
import { describe, expect, it } from 'vitest';
import { toVnIso } from '../shared/time.ts';
import { PASSWORD, testApp } from '../test/helpers.ts';
import { cliBesideServer } from '../test/fixtures/cli.ts';

const { inProcess, closeAfter } = cliBesideServer();

describe('motcua users unlock', () => {
  it('lifts the lock on a running server’s account, audits it with the OS account, and says when nothing was locked', async () => {
    // The command line runs on the real clock: so does this server, for once.
    const t = await testApp({ now: toVnIso(new Date()) });
    closeAfter(() => void t.close());
    const login = (password: string) => t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'officer', password } });
    for (let i = 0; i < 5; i++) await login('sai-mat-khau-9');
    expect((await login(PASSWORD)).statusCode).toBe(429);

    const out = await inProcess('users', 'unlock', '--db', t.path, '--username', 'OFFICER');
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^Unlocked "officer": it can sign in again now \(it was locked until \d\d:\d\d \d\d\/\d\d\/\d{4} \+07:00\)\.$/m);
    expect((await login(PASSWORD)).statusCode).toBe(200);
    const row = t.db.prepare("SELECT staff_id, detail FROM audit_log WHERE action = 'unlock_staff'").get() as { staff_id: number | null; detail: string };
    expect(row.staff_id).toBeNull();
    expect(JSON.parse(row.detail)).toMatchObject({ username: 'officer', wasLocked: true, failures: 5, by: expect.any(String) });

    const again = await inProcess('users', 'unlock', '--db', t.path, '--username', 'officer');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('"officer" was not locked');

    const unknown = await inProcess('users', 'unlock', '--db', t.path, '--username', 'nobody');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No staff account with this username.');
    expect((await inProcess('users', 'unlock', '--db', t.path)).status).toBe(2);
  });
});
