import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, type TestApp, testApp } from '../../test/helpers.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(() => t.close());

const login = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });

describe('staff sessions', () => {
  it('a good login sets an httpOnly, SameSite=Strict session cookie and names the member of staff', async () => {
    const res = await login('clerk', PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ staff: { username: 'clerk', displayName: 'Cán bộ clerk', role: 'clerk', department: { code: 'TTPVHCC', name: 'Trung tâm Phục vụ hành chính công xã' } } });
    const cookie = res.cookies.find((c) => c.name === 'motcua_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const me = await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: `motcua_session=${cookie.value}` } });
    expect(me.json().staff.username).toBe('clerk');
  });

  it.each([
    ['a wrong password', 'clerk', 'wrong-password'],
    ['an unknown user', 'nobody', PASSWORD],
  ])('%s → 401 INVALID_CREDENTIALS, no cookie', async (_n, user, password) => {
    const res = await login(user, password);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(res.cookies).toHaveLength(0);
  });

  it('a login without a password → 400', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'clerk' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('logging out ends the session', async () => {
    const headers = await t.as('clerk');
    expect((await t.app.inject({ method: 'DELETE', url: '/api/session', headers })).statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/session', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('NOT_AUTHENTICATED');
  });

  it('a session expires after its hours', async () => {
    const headers = await t.as('clerk');
    t.clock.advanceMinutes(12 * 60 + 1);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers })).statusCode).toBe(401);
  });

  it('a forged cookie is just "not signed in"', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/supervision/overview', headers: { cookie: 'motcua_session=forged' } });
    expect(res.statusCode).toBe(401);
  });

  it('stores only a hash of the session token', async () => {
    const res = await login('clerk', PASSWORD);
    const token = res.cookies.find((c) => c.name === 'motcua_session')!.value;
    const stored = t.db.prepare('SELECT token_hash FROM sessions').all() as { token_hash: string }[];
    expect(stored.some((r) => r.token_hash === token)).toBe(false);
    expect(stored).toHaveLength(1);
  });
});

describe('the API around the routes', () => {
  it('health answers 200 with the database answering (the rest: server/ops/ops.test.ts)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ database: { ok: true, mode: 'live' } });
  });

  it('an unknown API path → 404 in the one error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('a malformed or over-long address → 400 in the one error shape, never Fastify\'s own', async () => {
    for (const url of ['/k/%FF', '/api/dossiers/%E0%A4%A', '/kiosk/%', `/api/kiosk/lookup/${'1'.repeat(2000)}`]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(Object.keys(res.json())).toEqual(['error']);
      expect(res.json().error.code).toBe('BAD_REQUEST');
      expect(res.json().error.message).toMatch(/Địa chỉ/);
    }
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
