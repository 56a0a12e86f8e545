// A JSON body nested thousands deep (issue 13's attack: it overflowed the stack of the walker that
// composes Vietnamese text, a 500 on every body route, two of them open without a login) is refused
// with 400 in the one error shape, and the server goes on answering.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../test/helpers.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: '2026-11-30T08:00:00+07:00' });
});
afterEach(async () => t.close());

const nested = (n: number) => `{"username":${'['.repeat(n)}1${']'.repeat(n)},"password":"x"}`;

describe('deeply nested bodies', () => {
  it('are refused with 400 BAD_REQUEST on routes with and without a login; a normal body still works', async () => {
    for (const url of ['/api/session', '/api/kiosk/rating']) {
      const res = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: nested(5000) });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'BAD_REQUEST', details: { maxNesting: 16 } });
    }
    const wrong = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'clerk', password: 'wrong-password' } });
    expect(wrong.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });
});
