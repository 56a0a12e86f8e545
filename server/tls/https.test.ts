// `serve --https`: the real server, listening on an ephemeral port, reached by a client that trusts
// only the centre's CA — as a kiosk that installed ca.crt does.
import { readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { type RequestOptions, get as httpsGet, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDbPath } from '../../test/helpers.ts';
import { authRepo } from '../auth/repo.ts';
import { addStaffAccount } from '../auth/service.ts';
import { systemClock } from '../clock.ts';
import { makeConfig } from '../config.ts';
import { machineNames } from './names.ts';
import { initTls } from './service.ts';
import { defaultTlsDir } from './store.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function request(options: RequestOptions, plain = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = (plain ? httpGet : httpsGet)({ timeout: 5000, ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

async function makeTls(dir: string) {
  return initTls({ dir, mode: 'new', centreName: 'Trung tâm thử nghiệm', machineLabel: 'test', machine: machineNames(), extra: { dns: [], ips: [] }, now: systemClock() });
}

describe('serve --https', () => {
  it('answers a client that trusts only the centre CA, and is refused by one that does not', async () => {
    const db = tempDbPath();
    cleanups.push(db.cleanup);
    const tlsDir = defaultTlsDir(db.path);
    const made = await makeTls(tlsDir);
    const other = await makeTls(join(tlsDir, '..', 'other-tls'));

    const { serve } = await import('../main.ts');
    const lines: string[] = [];
    const signalled = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
    const { app, db: opened } = await serve(makeConfig({ host: '127.0.0.1', port: 0, dbPath: db.path, uiDir: '/nonexistent', tlsDir }), systemClock, (l) => lines.push(l));
    cleanups.push(async () => {
      await app.close();
      opened.close();
      // Only the shutdown handlers serve() added: the test runner's own stay.
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        for (const l of process.listeners(signal)) if (!signalled[signal].includes(l)) process.removeListener(signal, l);
      }
    });
    const port = (app.server.address() as AddressInfo).port;
    const ca = readFileSync(join(tlsDir, 'ca.crt'));
    const health = { port, path: '/api/health', agent: false as const };

    for (const host of ['127.0.0.1', 'localhost']) {
      const answer = await request({ ...health, host, ca });
      expect(answer.status, host).toBe(200);
      expect(JSON.parse(answer.body).database, host).toMatchObject({ ok: true });
    }
    // Node's own trust store, without the centre's CA: a kiosk that has not installed ca.crt.
    await expect(request({ ...health, host: '127.0.0.1' })).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    await expect(request({ ...health, host: '127.0.0.1', ca: readFileSync(join(other.dir, 'ca.crt')) })).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    // A name the certificate does not carry.
    await expect(request({ ...health, host: '127.0.0.1', servername: 'elsewhere.example', ca })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    // Plain HTTP to the HTTPS port gets no page: the TLS server hangs up.
    await expect(request({ ...health, host: '127.0.0.1' }, true)).rejects.toMatchObject({ code: 'ECONNRESET' });

    // A staff session over HTTPS: its cookie is marked Secure, never to be sent back in clear.
    addStaffAccount(authRepo(opened), () => true, systemClock, { username: 'clerk.tls', password: 'correct-horse-1', role: 'clerk' });
    const cookie = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest({ host: '127.0.0.1', port, path: '/api/session', method: 'POST', ca, agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(String(res.headers['set-cookie'] ?? ''));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ username: 'clerk.tls', password: 'correct-horse-1' }));
    });
    expect(cookie).toMatch(/^motcua_session=.*; Secure/);

    const printed = lines.join('\n');
    expect(printed).toMatch(/^MotCua is serving https:\/\/127\.0\.0\.1:\d+$/m);
    expect(printed).toContain(`install ${join(tlsDir, 'ca.crt')} on each (SHA-256 ${made.ca.fingerprint})`);
    expect(printed).toContain('Listening on 127.0.0.1 only');
  });
});
