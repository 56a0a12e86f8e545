// Behind a reverse proxy (`serve --trust-proxy`): the kiosk records and limits the client the proxy
// saw, and believes X-Forwarded-For from that proxy only.
import { afterEach, describe, expect, it } from 'vitest';
import { parseTrustProxy, trustedProxies } from '../config.ts';
import { type TestApp, testApp } from '../../test/helpers.ts';

const UNKNOWN_CODE = '000.30.99.H56-261125-0999';
let t: TestApp | undefined;
afterEach(async () => t?.close());

async function clientRecorded(from: string, forwardedFor: string): Promise<string> {
  const res = await t!.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${UNKNOWN_CODE}`, remoteAddress: from, headers: { 'x-forwarded-for': forwardedFor } });
  expect(res.statusCode).toBe(404);
  return (t!.db.prepare('SELECT client FROM kiosk_lookups ORDER BY id DESC LIMIT 1').get() as { client: string }).client;
}

describe('the client address behind a reverse proxy', () => {
  it('is the forwarded one when the request comes from a listed proxy, the peer otherwise', async () => {
    t = await testApp({ config: { trustProxy: ['127.0.0.1'] } });
    expect(await clientRecorded('127.0.0.1', '192.168.1.77')).toBe('192.168.1.77');
    // From the internet through the proxy: still recorded only as "internet".
    expect(await clientRecorded('127.0.0.1', '113.161.77.9')).toBe('internet');
    // Not from the proxy: a header anyone can write is ignored.
    expect(await clientRecorded('192.168.1.9', '192.168.1.77')).toBe('192.168.1.9');
  });

  it('trusts ranges and IPv4-mapped addresses, and answers the same however many addresses it was asked about', async () => {
    const trust = trustedProxies(['127.0.0.1', '10.0.0.0/8', '::1']);
    for (let round = 0; round < 3; round++) {
      expect([trust('127.0.0.1', 0), trust('::ffff:127.0.0.1', 0), trust('10.200.3.4', 1), trust('::1', 0)]).toEqual([true, true, true, true]);
      expect([trust('127.0.0.2', 0), trust('192.168.1.77', 1), trust('not an address', 0)]).toEqual([false, false, false]);
      // Past the memory's 1,000 addresses it starts again; the verdicts do not change.
      for (let i = 0; i < 700; i++) expect(trust(`11.0.${i >> 8}.${i & 255}`, 1)).toBe(false);
    }
    t = await testApp({ config: { trustProxy: ['10.0.0.0/8'] } });
    expect(await clientRecorded('10.1.2.3', '192.168.1.77')).toBe('192.168.1.77');
    expect(await clientRecorded('11.1.2.3', '192.168.1.77')).toBe('internet');
  });

  it('ignores X-Forwarded-For without --trust-proxy', async () => {
    t = await testApp();
    expect(await clientRecorded('127.0.0.1', '192.168.1.77')).toBe('127.0.0.1');
  });

  it('takes addresses and ranges, and refuses anything else', () => {
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    for (const bad of ['', 'proxy.local', '10.0.0.0/33', '::1/129', '1.2.3.4/8/1', 'true']) expect(() => parseTrustProxy(bad), bad).toThrow(/--trust-proxy/);
  });
});
