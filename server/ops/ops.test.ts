/**
 * Logs, health and metrics (issue 13, item 4): what the log holds and never holds, /api/health's
 * database, disk and backup, /metrics' figures and who may read them, and a full disk answering 503.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listMigrations } from '../db/open.ts';
import { type TestApp, PASSWORD, anIntake, intake, testApp } from '../../test/helpers.ts';
import type { BackupStatus } from './health.ts';

interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** An app logging at info into an array (what `motcua serve` writes to stdout). */
async function loggingApp(options: { config?: Parameters<typeof testApp>[0] extends infer O ? O extends { config?: infer C } ? C : never : never; backupStatus?: () => BackupStatus } = {}) {
  const text: string[] = [];
  t = await testApp({ config: { logLevel: 'info', ...options.config }, deps: { logStream: { write: (line) => void text.push(line) }, ...(options.backupStatus ? { backupStatus: options.backupStatus } : {}) } });
  const lines = () => text.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogLine);
  return { app: t, raw: () => text.join(''), lines };
}

describe('the log', () => {
  it('holds one line per request with the route pattern, status and time, and no key, name, ID, phone, password or client address', async () => {
    const { app, raw, lines } = await loggingApp();
    // A route that fails, with a secret in its address, as a bug would.
    app.app.get('/api/test-boom/:secret', async () => {
      throw new Error('boom: the database went away');
    });
    const applicant = { fullName: 'Trịnh Thị Bảo Mật', idNumber: '079123456789', phone: '0987654321' };
    const created = await intake(app, anIntake({ applicant }));
    expect(created.statusCode).toBe(201);
    const { code, lookupKey } = created.json() as { code: string; lookupKey: string };
    const sessionsBefore = lines().length;

    const found = await app.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${lookupKey}?via=scanner` });
    expect(found.statusCode).toBe(200);
    const byCode = await app.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${encodeURIComponent(code)}` });
    expect(byCode.statusCode).toBe(200);
    const search = await app.app.inject({
      method: 'GET',
      url: `/api/supervision/dossiers?from=2026-11-01&to=2026-11-30&metric=received&officer=${encodeURIComponent(applicant.fullName)}`,
      headers: await app.as('supervisor'),
    });
    const badLogin = await app.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'clerk', password: 'wrong-Secret-99' } });
    expect(badLogin.statusCode).toBe(401);
    const boom = await app.app.inject({ method: 'GET', url: `/api/test-boom/${lookupKey}?phone=${applicant.phone}` });
    expect(boom.statusCode).toBe(500);
    const unmatched = await app.app.inject({ method: 'GET', url: `/api/no-such/${lookupKey}` });
    expect(unmatched.statusCode).toBe(404);

    const text = raw();
    for (const secret of [lookupKey, code, applicant.fullName, 'Trịnh', applicant.idNumber, applicant.phone, 'wrong-Secret-99', PASSWORD, '127.0.0.1', 'remoteAddress', 'cookie', 'motcua_session']) {
      expect(text, secret).not.toContain(secret);
    }
    // The same name escaped or decomposed would be the same leak.
    expect(text.normalize('NFC')).not.toContain('Bảo Mật');
    expect(text).not.toMatch(/\\u1ea3/i);

    const requests = lines().filter((l) => l.msg === 'request');
    // One line per request: the intake's login and intake, the supervisor's login, and the seven above.
    expect(lines().some((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toBe(false);
    expect(requests.map((l) => [l.method, l.route, l.status])).toEqual([
      ['POST', '/api/session', 200],
      ['POST', '/api/dossiers', 201],
      ['GET', '/api/kiosk/lookup/:query', 200],
      ['GET', '/api/kiosk/lookup/:query', 200],
      ['POST', '/api/session', 200],
      ['GET', '/api/supervision/dossiers', search.statusCode],
      ['POST', '/api/session', 401],
      ['GET', '/api/test-boom/:secret', 500],
      ['GET', '(unmatched)', 404],
    ]);
    for (const l of requests) {
      expect(typeof l.ms).toBe('number');
      expect(l.ms as number).toBeGreaterThanOrEqual(0);
      expect(l.level).toBe(30);
    }
    expect(sessionsBefore).toBeGreaterThan(0);
    // The 500 with its stack and its route, at error level.
    const error = lines().find((l) => l.level === 50);
    expect(error).toMatchObject({ msg: 'unhandled error', route: '/api/test-boom/:secret' });
    const err = error!.err as { message: string; stack: string };
    expect(err.message).toBe('boom: the database went away');
    expect(err.stack).toMatch(/ops\.test\.ts/);
  });

  it('is silent at level silent', async () => {
    const { app, raw } = await loggingApp({ config: { logLevel: 'silent' } });
    await app.app.inject({ method: 'GET', url: '/api/health' });
    expect(raw()).toBe('');
  });
});

describe('/api/health', () => {
  it('reports the database (schema version, mode) and the disk holding it', async () => {
    const { app } = await loggingApp();
    const res = await app.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({ status: 'ok', database: { ok: true, schemaVersion: listMigrations().length, mode: 'live' }, warnings: [] });
    expect(body.disk.freeBytes).toBeGreaterThan(0);
    expect(body.disk.totalBytes).toBeGreaterThanOrEqual(body.disk.freeBytes);
    expect(body.backup).toBeUndefined();
    // Nothing about where the files are.
    expect(res.body).not.toContain(app.path);
    expect(res.body).not.toContain('motcua-test-');
  });

  it('warns (200) when the disk has less free than the threshold, and logs it once', async () => {
    const { app, lines } = await loggingApp({ config: { diskWarnBytes: Number.MAX_SAFE_INTEGER } });
    for (let i = 0; i < 2; i++) {
      const res = await app.app.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'warning', disk: { low: true } });
      expect(res.json().warnings[0]).toMatch(/^Ổ đĩa chứa cơ sở dữ liệu sắp đầy.*\(The disk holding the database is nearly full\.\)$/);
    }
    const warned = lines().filter((l) => l.msg.includes('nearly full'));
    expect(warned).toHaveLength(1);
    expect(warned[0]!.level).toBe(40);
  });

  it('warns on a share threshold too', async () => {
    const { app } = await loggingApp({ config: { diskWarnBytes: 0, diskWarnPercent: 100.1 } });
    expect((await app.app.inject({ method: 'GET', url: '/api/health' })).json()).toMatchObject({ status: 'warning', disk: { low: true } });
  });

  it('carries the backup age from the backup engine, and warns when it failed, is late or never ran', async () => {
    let status: BackupStatus = { lastOkAt: null, lastError: null };
    const { app } = await loggingApp({ backupStatus: () => status });
    const health = async () => (await app.app.inject({ method: 'GET', url: '/api/health' })).json();
    expect(await health()).toMatchObject({ status: 'warning', backup: { lastOkAt: null, ageSeconds: null, lastFailed: false }, warnings: ['Chưa có bản sao lưu nào. (No backup yet.)'] });
    status = { lastOkAt: new Date(app.clock().getTime() - 3600_000), lastError: null };
    expect(await health()).toMatchObject({ status: 'ok', backup: { lastOkAt: '2026-11-25T08:00:00+07:00', ageSeconds: 3600, lastFailed: false }, warnings: [] });
    status = { lastOkAt: new Date(app.clock().getTime() - 26 * 3600_000), lastError: null };
    expect(await health()).toMatchObject({ status: 'warning', backup: { ageSeconds: 26 * 3600 } });
    status = { lastOkAt: new Date(app.clock().getTime() - 60_000), lastError: 'ENOSPC: no space left on device, open /mnt/backup/secret-dir/x.db' };
    const failed = await health();
    expect(failed).toMatchObject({ status: 'warning', backup: { lastFailed: true } });
    expect(JSON.stringify(failed)).not.toContain('secret-dir');
  });

  it('answers 503 failing when the database does not answer', async () => {
    const { app, lines } = await loggingApp();
    t = undefined;
    try {
      app.db.close();
      const res = await app.app.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'failing', database: { ok: false } });
      expect(lines().some((l) => l.level === 50 && l.msg === 'health: the database does not answer')).toBe(true);
    } finally {
      // Closing the app reads the (closed) database: its error is not this test's subject.
      await app.app.close().catch(() => {});
      rmSync(dirname(app.path), { recursive: true, force: true });
    }
  });
});

describe('a full disk', () => {
  it('answers a write with 503 STORAGE_FULL in the one error shape, logs a warning, and stores nothing', async () => {
    const { app, lines } = await loggingApp();
    const count = () => app.db.prepare('SELECT count(*) FROM dossiers').pluck().get() as number;
    const before = count();
    const headers = await app.as('clerk');
    // SQLite's own limit on the file's size: the same SQLITE_FULL a full disk gives.
    // Intakes fill the pages' free room first; the one that needs a new page is refused.
    const pages = app.db.pragma('page_count', { simple: true }) as number;
    app.db.pragma(`max_page_count = ${pages}`);
    let acknowledged = 0;
    let res = await app.app.inject({ method: 'POST', url: '/api/dossiers', payload: anIntake(), headers });
    while (res.statusCode === 201 && acknowledged < 500) {
      acknowledged++;
      res = await app.app.inject({ method: 'POST', url: '/api/dossiers', payload: anIntake(), headers });
    }
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ error: { code: 'STORAGE_FULL', message: expect.stringMatching(/^Máy chủ hết chỗ lưu trữ/) } });
    // Every acknowledged intake is there; the refused one left nothing.
    expect(count()).toBe(before + acknowledged);
    const warning = lines().find((l) => l.msg === 'storage full: a write failed');
    expect(warning).toMatchObject({ level: 40, route: '/api/dossiers', err: { code: 'SQLITE_FULL' } });
    app.db.pragma(`max_page_count = ${pages * 100}`);
    expect((await app.app.inject({ method: 'POST', url: '/api/dossiers', payload: anIntake(), headers })).statusCode).toBe(201);
  });

  it('logs a warning when the kiosk\'s lookup records cannot be written, and the citizen still has the answer', async () => {
    const { app, lines, raw } = await loggingApp();
    const { lookupKey } = (await intake(app)).json() as { lookupKey: string };
    const count = () => app.db.prepare('SELECT coalesce(sum(lookups), 0) FROM kiosk_lookups').pluck().get() as number;
    const pages = app.db.pragma('page_count', { simple: true }) as number;
    app.db.pragma(`max_page_count = ${pages}`);
    let tries = 0;
    while (!lines().some((l) => l.msg.startsWith('storage full: kiosk lookup records')) && tries < 500) {
      tries++;
      expect((await app.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${lookupKey}` })).statusCode).toBe(200);
    }
    expect(lines().find((l) => l.msg === 'storage full: kiosk lookup records not written')).toMatchObject({ level: 40, lost: 1, err: { code: 'SQLITE_FULL' } });
    expect(count()).toBe(tries - 1);
    expect(raw()).not.toContain(lookupKey);
  });

  it('answers an ENOSPC from the operating system the same way', async () => {
    const { app } = await loggingApp();
    app.app.get('/api/test-write', async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    const res = await app.app.inject({ method: 'GET', url: '/api/test-write' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('STORAGE_FULL');
  });
});

describe('/metrics', () => {
  it('counts requests by route pattern, latency, intakes, lookups by outcome, the backup age and the process', async () => {
    const { app } = await loggingApp({ backupStatus: () => ({ lastOkAt: new Date(app.clock().getTime() - 90_000), lastError: null }) });
    const created = (await intake(app)).json() as { lookupKey: string; code: string };
    await app.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${created.lookupKey}` });
    await app.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${created.code}` });
    await app.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${created.code.replace(/\d{4}$/, '9999')}` });
    await app.app.inject({ method: 'GET', url: '/api/kiosk/lookup/not-a-key' });
    const res = await app.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toContain('motcua_intakes_total 1\n');
    expect(text).toContain('motcua_kiosk_lookups_total{outcome="found"} 2\n');
    expect(text).toContain('motcua_kiosk_lookups_total{outcome="not_found"} 1\n');
    expect(text).toContain('motcua_kiosk_lookups_total{outcome="refused"} 1\n');
    expect(text).toContain('motcua_http_requests_total{route="/api/kiosk/lookup/:query",method="GET",status="200"} 2\n');
    expect(text).toContain('motcua_http_requests_total{route="/api/dossiers",method="POST",status="201"} 1\n');
    expect(text).toMatch(/motcua_http_request_duration_seconds_bucket\{le="\+Inf",route="\/api\/kiosk\/lookup\/:query",method="GET"\} 4\n/);
    expect(text).toContain('motcua_backup_age_seconds 90\n');
    expect(text).toContain('motcua_backup_last_failed 0\n');
    expect(text).toMatch(/motcua_process_cpu_user_seconds_total \d/);
    expect(text).toMatch(/motcua_nodejs_eventloop_lag_p99_seconds \d/);
    for (const secret of [created.lookupKey, created.code]) expect(text).not.toContain(secret);
  });

  it('says +Inf for a backup never made, and 1 for a failed one', async () => {
    const { app } = await loggingApp({ backupStatus: () => ({ lastOkAt: null, lastError: 'disk gone' }) });
    const text = (await app.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('motcua_backup_age_seconds +Inf\n');
    expect(text).toContain('motcua_backup_last_failed 1\n');
    expect(text).not.toContain('disk gone');
  });

  it('counts per app: a second app in the same process starts at zero', async () => {
    const first = await loggingApp();
    await intake(first.app);
    const other = t!;
    t = undefined;
    try {
      const second = await loggingApp();
      expect((await second.app.app.inject({ method: 'GET', url: '/metrics' })).body).toContain('motcua_intakes_total 0\n');
      expect((await other.app.inject({ method: 'GET', url: '/metrics' })).body).toContain('motcua_intakes_total 1\n');
    } finally {
      await other.close();
    }
  });

  it('is for this machine (loopback) or an admin or supervisor; anyone else on the network is refused', async () => {
    const { app } = await loggingApp();
    const from = async (remoteAddress: string, headers: Record<string, string> = {}) => (await app.app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers })).statusCode;
    expect(await from('127.0.0.1')).toBe(200);
    expect(await from('::1')).toBe(200);
    expect(await from('10.0.0.5')).toBe(401);
    expect(await from('10.0.0.5', await app.as('clerk'))).toBe(403);
    expect(await from('10.0.0.5', await app.as('officer'))).toBe(403);
    expect(await from('10.0.0.5', await app.as('supervisor'))).toBe(200);
    expect(await from('10.0.0.5', await app.as('admin'))).toBe(200);
    // A forged X-Forwarded-For is not believed without --trust-proxy.
    expect(await from('10.0.0.5', { 'x-forwarded-for': '127.0.0.1' })).toBe(401);
  });
});
