// Logins off the event loop, the lock on repeated failures, and every failed login in the audit log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, type TestApp, testApp } from '../../test/helpers.ts';
import { FIRST_LOCK_MINUTES, LOCK_AFTER_FAILURES, MAX_LOCK_MINUTES, lockMinutes } from './lockout.ts';
import { DUMMY_HASH, HASH_CONCURRENCY, HashQueueFull, MAX_WAITING, hashPassword, hashPasswordSync, hashQueue, verifyPassword } from './password.ts';

describe('lockMinutes', () => {
  it('locks nothing for four failures, then 1, 2, 4, 8 … minutes, never more than an hour', () => {
    expect([1, 2, 3, 4].map(lockMinutes)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11, 12].map(lockMinutes)).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
    expect(lockMinutes(10_000)).toBe(MAX_LOCK_MINUTES);
    expect(lockMinutes(LOCK_AFTER_FAILURES)).toBe(FIRST_LOCK_MINUTES);
  });
});

describe('password hashing on the thread pool', () => {
  it('verifies what it hashed, refuses a wrong password, and reads the hashes made synchronously', async () => {
    const hash = await hashPassword('mật-khẩu-đúng');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('mật-khẩu-đúng', hash)).toBe(true);
    // Decomposed input (another keyboard) is the same password.
    expect(await verifyPassword('mật-khẩu-đúng'.normalize('NFD'), hash)).toBe(true);
    expect(await verifyPassword('mat-khau-sai', hash)).toBe(false);
    expect(await verifyPassword('x', hashPasswordSync('x'))).toBe(true);
    expect(await verifyPassword('not-a-real-password', DUMMY_HASH)).toBe(true);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });

  it('leaves the event loop free while a hash runs: a timer fires before the verification ends', async () => {
    const hash = hashPasswordSync('pw');
    const order: string[] = [];
    const verified = verifyPassword('pw', hash).then(() => order.push('hash'));
    // scrypt takes tens of ms; a 0 ms timer runs long before it if the hash is not on the loop.
    await new Promise<void>((resolve) => setTimeout(() => (order.push('timer'), resolve()), 0));
    await verified;
    expect(order).toEqual(['timer', 'hash']);
  });
});

describe('the queue of password checks', () => {
  it('runs a bounded number at once, queues up to MAX_WAITING more, refuses the rest at once, and empties', async () => {
    const hash = hashPasswordSync('pw');
    const extra = 7;
    const peaks: number[] = [];
    const all = Array.from({ length: HASH_CONCURRENCY + MAX_WAITING + extra }, () =>
      verifyPassword('pw', hash).then(
        (ok) => (peaks.push(hashQueue().running), ok),
        (e: unknown) => e,
      ),
    );
    expect(hashQueue()).toEqual({ running: HASH_CONCURRENCY, waiting: MAX_WAITING });
    const results = await Promise.all(all);
    expect(results.filter((r) => r === true)).toHaveLength(HASH_CONCURRENCY + MAX_WAITING);
    expect(results.filter((r) => r instanceof HashQueueFull)).toHaveLength(extra);
    expect(Math.max(...peaks)).toBeLessThanOrEqual(HASH_CONCURRENCY);
    expect(hashQueue()).toEqual({ running: 0, waiting: 0 });
  });
});

interface Failure {
  username: string;
  reason: string;
  address: string;
}

describe('account lockout', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
  });
  afterEach(async () => t.close());

  const login = (username: string, password: string, ip = '10.0.0.7') =>
    t.app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: ip });
  const failures = (): Failure[] =>
    (t.db.prepare("SELECT detail FROM audit_log WHERE action = 'login_failed' ORDER BY id").all() as { detail: string }[]).map((r) => JSON.parse(r.detail) as Failure);

  it('locks an account after 5 failures in a row, refuses even the right password, says until when, and lets it in after the minute', async () => {
    for (let i = 0; i < 4; i++) expect((await login('clerk', 'sai-mat-khau-9')).statusCode).toBe(401);
    const fifth = await login('clerk', 'sai-mat-khau-9');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.headers['retry-after']).toBe('60');
    const body = fifth.json() as { error: { code: string; message: string; details: { retryAt: string; retryAfterSeconds: number } } };
    expect(body.error.code).toBe('ACCOUNT_LOCKED');
    expect(body.error.details).toEqual({ retryAt: '2026-11-25T09:01:00+07:00', retryAfterSeconds: 60 });
    expect(body.error.message).toContain('thử lại sau 09:01');

    // The right password during the lock is refused too, and says the same.
    const right = await login('clerk', PASSWORD);
    expect(right.statusCode).toBe(429);
    expect((right.json() as { error: { code: string } }).error.code).toBe('ACCOUNT_LOCKED');
    expect(right.cookies.find((c) => c.name === 'motcua_session')).toBeUndefined();

    t.clock.advanceMinutes(1);
    expect((await login('clerk', PASSWORD)).statusCode).toBe(200);
    // The success reset the count: four more failures are not a lock.
    for (let i = 0; i < 4; i++) expect((await login('clerk', 'sai-mat-khau-9')).statusCode).toBe(401);

    expect(failures().map((f) => f.reason)).toEqual([...Array(5).fill('wrong-password'), 'locked', ...Array(4).fill('wrong-password')]);
    expect(failures()[0]).toEqual({ username: 'clerk', reason: 'wrong-password', address: '10.0.0.7' });
    // Never the password, in any row of the audit log.
    const everything = JSON.stringify(t.db.prepare('SELECT * FROM audit_log').all());
    expect(everything).not.toContain('sai-mat-khau-9');
    expect(everything).not.toContain(PASSWORD);
  });

  it('doubles the lock with each failure after one ends, up to an hour', async () => {
    for (let i = 0; i < 5; i++) await login('officer', 'nope-nope');
    const lengths: number[] = [];
    for (let i = 0; i < 9; i++) {
      const until = (t.db.prepare("SELECT locked_until FROM login_failures WHERE username = 'officer'").get() as { locked_until: string }).locked_until;
      const minutes = (Date.parse(until) - t.clock().getTime()) / 60_000;
      lengths.push(minutes);
      t.clock.advanceMinutes(minutes);
      expect((await login('officer', 'nope-nope')).statusCode).toBe(429);
    }
    expect(lengths).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('locks an unknown name exactly like a known one, so a lock says nothing about who has an account', async () => {
    const answers: string[] = [];
    for (const name of ['clerk2', 'nobody.here']) {
      for (let i = 0; i < 6; i++) {
        const res = await login(name, 'sai-mat-khau-9');
        answers.push(`${name} ${res.statusCode} ${(res.json() as { error: { code: string } }).error.code}`);
      }
    }
    const pattern = (name: string) => [...Array(4).fill(`${name} 401 INVALID_CREDENTIALS`), `${name} 429 ACCOUNT_LOCKED`, `${name} 429 ACCOUNT_LOCKED`];
    expect(answers).toEqual([...pattern('clerk2'), ...pattern('nobody.here')]);
    expect(failures().filter((f) => f.username === 'nobody.here').map((f) => f.reason)).toEqual([...Array(5).fill('unknown-user'), 'locked']);
  });

  it('locks one account only: the others, and the locked one after an unlock, still sign in', async () => {
    for (let i = 0; i < 5; i++) await login('clerk', 'sai-mat-khau-9', `10.0.1.${i}`);
    expect((await login('clerk', PASSWORD)).statusCode).toBe(429);
    expect((await login('clerk2', PASSWORD)).statusCode).toBe(200);

    // The admin sees the lock on the account row and lifts it; the lift is audited.
    const admin = await t.as('admin');
    const list = (await t.app.inject({ method: 'GET', url: '/api/staff', headers: admin })).json() as { staff: { username: string; lockedUntil: string | null }[] };
    expect(list.staff.find((s) => s.username === 'clerk')!.lockedUntil).toBe('2026-11-25T09:01:00+07:00');
    expect(list.staff.find((s) => s.username === 'clerk2')!.lockedUntil).toBeNull();
    // Not for anyone but an administrator.
    expect((await t.app.inject({ method: 'POST', url: '/api/staff/clerk/unlock', headers: await t.as('supervisor') })).statusCode).toBe(403);
    const unlocked = await t.app.inject({ method: 'POST', url: '/api/staff/clerk/unlock', headers: admin });
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json()).toMatchObject({ wasLocked: true, staff: { username: 'clerk', lockedUntil: null } });
    expect((await login('clerk', PASSWORD)).statusCode).toBe(200);
    const audit = t.db.prepare("SELECT staff_id, detail FROM audit_log WHERE action = 'unlock_staff'").all() as { staff_id: number; detail: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toEqual({ username: 'clerk', wasLocked: true, failures: 5 });
    expect((await t.app.inject({ method: 'POST', url: '/api/staff/no.such.user/unlock', headers: admin })).statusCode).toBe(404);
  });

  it('records a deactivated account signing in with its right password as inactive, with the same answer as a wrong one', async () => {
    t.db.prepare("UPDATE staff SET active = 0 WHERE username = 'officer2'").run();
    const res = await login('officer2', PASSWORD);
    expect(res.statusCode).toBe(401);
    expect((res.json() as { error: { code: string } }).error.code).toBe('INVALID_CREDENTIALS');
    expect(failures()).toEqual([{ username: 'officer2', reason: 'inactive', address: '10.0.0.7' }]);
  });

  it('counts concurrent wrong guesses without going past a lock: attempts that land while locked are refused, not counted', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login('leader', `guess-${i}-wrong`, `10.9.0.${i}`)));
    expect(answers.filter((a) => a.statusCode === 401).length).toBe(4);
    expect(answers.filter((a) => a.statusCode === 429).length).toBe(8);
    const row = t.db.prepare("SELECT failures, locked_until FROM login_failures WHERE username = 'leader'").get();
    expect(row).toEqual({ failures: 5, locked_until: '2026-11-25T09:01:00+07:00' });
  });

  it('answers a burst beyond the queue with 503 LOGIN_BUSY, unchecked and not counted, and audits it', async () => {
    const n = HASH_CONCURRENCY + MAX_WAITING + 20;
    const answers = await Promise.all(Array.from({ length: n }, (_, i) => login(`burst.${i}`, 'sai-mat-khau-9', `10.8.${i >> 8}.${i & 255}`)));
    const busy = answers.filter((a) => a.statusCode === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.length + answers.filter((a) => a.statusCode === 401).length).toBe(n);
    expect((busy[0]!.json() as { error: { code: string } }).error.code).toBe('LOGIN_BUSY');
    expect(failures().filter((f) => f.reason === 'busy')).toHaveLength(busy.length);
    expect(t.db.prepare('SELECT count(*) AS n FROM login_failures').get()).toEqual({ n: n - busy.length });
    // Once the burst is over, logins are checked again.
    expect((await login('clerk', PASSWORD)).statusCode).toBe(200);
  });

  it('forgets the failures of a name after a quiet day', async () => {
    for (let i = 0; i < 4; i++) await login('clerk', 'sai-mat-khau-9');
    t.clock.advanceMinutes(25 * 60);
    // Another name's failure purges the stale row: the clerk starts again from zero.
    await login('someone.else', 'sai-mat-khau-9');
    expect(t.db.prepare("SELECT count(*) AS n FROM login_failures WHERE username = 'clerk'").get()).toEqual({ n: 0 });
    expect((await login('clerk', 'sai-mat-khau-9')).statusCode).toBe(401);
  });
});
