// The command line as an administrator uses it: its output and its exit status, for help, refusals and
// the commands that need no running server. The entry point runs in the test process (runCli); the
// real binary (spawnCli) is kept where the process itself is the point: it starts, prints and exits 0
// by itself, and a refusal is exit status 2 with its message on stderr.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { PASSWORD, tempDbPath } from '../test/helpers.ts';
import { absentDbPath, runCli, spawnCli } from '../test/fixtures/cli.ts';
import { buildApp } from '../server/app.ts';
import { openDb } from '../server/db/open.ts';

// Commands without --db would use data/motcua.db in the checkout: point them at a path that must stay absent.
const NO_DB = absentDbPath();
const ENV = { ...process.env, MOTCUA_DB: NO_DB };
/** A real process: seconds of loading TypeScript each. */
const motcua = (...args: string[]) => spawnCli(args, ENV);
/** The same entry point inside the test process. */
const inProcess = (...args: string[]) => runCli(args, ENV);

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('motcua CLI', () => {
  it('prints help for the program and every command, exit 0', async () => {
    const real = motcua('--help');
    expect(real.status).toBe(0);
    expect(real.stdout).toContain('motcua serve');
    for (const args of [['help'], ['serve', '--help'], ['users', '--help'], ['users', 'add', '--help'], ['help', 'users'], ['calendar', '--help'], ['settings', '--help'], ['help', 'settings'], ['help', 'audit'], ['help', 'counters']]) {
      const r = await inProcess(...args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toContain('motcua');
    }
    expect((await inProcess('serve', '--help')).stdout).toContain('--demo');
    const usersHelp = (await inProcess('users', '--help')).stdout;
    expect(usersHelp).toContain('clerk, officer, leader, supervisor, admin');
    expect(usersHelp).toMatch(/users set [^]*users reset-password [^]*users deactivate [^]*users activate /);
  }, 60_000);

  it('a refused command is a real process exiting 2, its message on stderr', () => {
    const r = motcua('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  }, 60_000);

  it.each([
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['serve', '--port', 'eighty'], 'port must be a number'],
    [['serve', '--colour'], "Unknown option '--colour'"],
    [['users', 'add', '--username', 'x'], 'missing --role, --password'],
    [['users', 'add', '--username', 'x', '--password', 'longenough', '--role', 'king'], '--role must be one of'],
    [['users', 'remove'], 'unknown users command'],
    [['users', 'deactivate'], 'missing --username'],
    [['users', 'set', '--username', 'hoa.lt'], 'give at least one of --role, --department, --name'],
    [['calendar', 'show'], 'give one year'],
    [['calendar', 'show', 'twenty'], 'give one year'],
    [['calendar', 'import'], 'give one file'],
    [['calendar', 'export', '2026'], 'unknown calendar command'],
    [['settings', 'set', 'cutoff'], 'give a setting and its value'],
    [['settings', 'set', 'colour', 'blue'], 'unknown setting "colour"'],
  ])('refuses %j with a clear message and exit 2', { timeout: 60_000 }, async (args, message) => {
    const r = await inProcess(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(existsSync(NO_DB), 'a refused command created a database').toBe(false);
  });

  it('shows a year of the working calendar with the legal basis of each day', async () => {
    const tmp = tempDbPath();
    cleanup = tmp.cleanup;
    const r = await inProcess('calendar', 'show', '2026', '--db', tmp.path);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2026 — official');
    expect(r.stdout).toMatch(/2026-11-24\s+Ngày Văn hóa Việt Nam\s+Nghị quyết 28\/2026\/QH16/);
    expect(r.stdout).toMatch(/2026-01-10\s+Làm bù/);
    expect((await inProcess('calendar', 'show', '2027', '--db', tmp.path)).stdout).toContain('UNCONFIRMED');
    const none = await inProcess('calendar', 'show', '1999', '--db', tmp.path);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('no calendar for 1999');
    // Reading never creates a database: without one, the shipped calendar is shown.
    expect(r.stdout).toContain('(no database at');
    expect(existsSync(tmp.path)).toBe(false);
    const settings = await inProcess('settings', 'show', '--db', tmp.path);
    expect(settings.status).toBe(1);
    expect(settings.stderr).toContain('no database at');
  });

  it('adds a staff account that can then sign in, and refuses a duplicate or a bad department', async () => {
    const tmp = tempDbPath();
    cleanup = tmp.cleanup;
    const ok = await inProcess('users', 'add', '--db', tmp.path, '--username', 'hoa.lt', '--password', PASSWORD, '--role', 'clerk', '--department', 'TTPVHCC', '--name', 'Lê Thị Hoa');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Created database');
    expect(ok.stdout).toContain('Added clerk "hoa.lt" (TTPVHCC)');

    const dup = await inProcess('users', 'add', '--db', tmp.path, '--username', 'hoa.lt', '--password', PASSWORD, '--role', 'clerk');
    expect(dup.status).toBe(1);
    expect(dup.stderr).toContain('is taken');
    const dept = await inProcess('users', 'add', '--db', tmp.path, '--username', 'xavier', '--password', PASSWORD, '--role', 'officer', '--department', 'NOPE');
    expect(dept.status).toBe(1);
    expect(dept.stderr).toContain('No such department');
    const short = await inProcess('users', 'add', '--db', tmp.path, '--username', 'xavier2', '--password', 'short', '--role', 'officer');
    expect(short.status).toBe(1);
    expect(short.stderr).toContain('at least 8');
    const spaces = await inProcess('users', 'add', '--db', tmp.path, '--username', 'xavier3', '--password', '         ', '--role', 'officer');
    expect(spaces.status).toBe(1);
    const both = await inProcess('users', 'add', '--db', tmp.path, '--username', 'xavier4', '--password', PASSWORD, '--password-stdin', '--role', 'officer');
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('not both');
    const longName = await inProcess('users', 'add', '--db', tmp.path, '--username', 'xavier5', '--password', PASSWORD, '--role', 'officer', '--name', 'x'.repeat(500));
    expect(longName.status).toBe(1);
    expect(longName.stderr).toContain('printed on receipts');

    expect((await inProcess('users', 'list', '--db', tmp.path)).stdout).toMatch(/hoa\.lt\s+clerk\s+TTPVHCC\s+Lê Thị Hoa/);
    const missing = await inProcess('users', 'list', '--db', `${tmp.path}.typo`);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no database at');

    const db = openDb(tmp.path);
    const app = await buildApp({ db, config: { uiDir: '/nonexistent' } });
    const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'hoa.lt', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(res.json().staff.displayName).toBe('Lê Thị Hoa');
    await app.close();
    db.close();
  });
});
