// The restore drill: a real server on a file, a burst of intakes over HTTP, a backup taken by the
// command line in another process DURING the burst (as an administrator would), then restored to a
// new path (the restore and the verification in this process, the server stopped by then or not
// involved: each is the same entry point an administrator runs). Every dossier acknowledged (201) before the backup started must be in it, nothing in it
// may be unknown to the server, and the restored history must verify. A restore onto the running
// server's database is refused.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { PASSWORD, anIntake, freshDb, manualClock } from './helpers.ts';
import { makeConfig } from '../server/config.ts';
import { runCli } from './fixtures/cli.ts';

const BIN = fileURLToPath(new URL('../bin/motcua.js', import.meta.url));

/** bin/motcua.js in a child process, without blocking this process's event loop (the server runs here). */
function motcua(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => void (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('restore drill', () => {
  it('a backup taken by another process during a burst of intakes restores with every dossier acknowledged before it started', async () => {
    const { db: setup, path, cleanup } = freshDb();
    setup.close();
    cleanups.push(cleanup);
    const dir = mkdtempSync(join(tmpdir(), 'motcua-drill-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { serve } = await import('../server/main.ts');
    const signalled = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
    const config = makeConfig({ host: '127.0.0.1', port: 0, dbPath: path, uiDir: '/nonexistent', loginAttemptsPerMinute: 10_000 });
    const { app, db } = await serve(config, manualClock('2026-11-25T09:00:00+07:00'), () => undefined);
    try {
      const address = app.server.address() as { port: number };
      const base = `http://127.0.0.1:${address.port}`;
      const login = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'clerk', password: PASSWORD }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const acked: { code: string; at: number }[] = [];
      let sent = 0;
      let stop = false;
      const worker = async () => {
        while (!stop) {
          sent++;
          const res = await fetch(`${base}/api/dossiers`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(anIntake()) });
          expect(res.status).toBe(201);
          const { code } = (await res.json()) as { code: string };
          acked.push({ code, at: performance.now() });
        }
      };
      const burst = Promise.all(Array.from({ length: 6 }, worker));
      // Under way: a few dozen acknowledged before the backup starts.
      while (acked.length < 30) await new Promise((r) => setTimeout(r, 20));
      const backupStarted = performance.now();
      const backup = await motcua(['backup', '--db', path, '--to', join(dir, 'backups')]);
      const backupEnded = performance.now();
      const after = acked.length;
      while (acked.length < after + 10) await new Promise((r) => setTimeout(r, 20));
      stop = true;
      await burst;
      expect(backup.status, backup.stderr).toBe(0);
      const file = /to (\S+motcua-\S+\.db) in/.exec(backup.stdout)![1]!;
      const before = acked.filter((a) => a.at < backupStarted).map((a) => a.code);
      const during = acked.filter((a) => a.at >= backupStarted && a.at <= backupEnded);
      expect(before.length).toBeGreaterThanOrEqual(30);
      // The burst went on while the backup ran: it was taken under writes.
      expect(during.length).toBeGreaterThan(0);

      // Onto the running server's database: refused, nothing changed.
      const refused = await runCli(['restore', file, '--db', path]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/not restored, nothing changed: a server is using/);

      const target = join(dir, 'restored', 'motcua.db');
      const restored = await runCli(['restore', file, '--db', target]);
      expect(restored.status, restored.stderr).toBe(0);
      const verify = await runCli(['audit', 'verify', '--db', target]);
      expect(verify.status, verify.stderr).toBe(0);
      expect(verify.stdout).toMatch(/OK: \d+ history events, the chain holds/);

      const r = new Database(target, { readonly: true });
      const inBackup = new Set((r.prepare('SELECT code FROM dossiers').all() as { code: string }[]).map((x) => x.code));
      r.close();
      const missing = before.filter((c) => !inBackup.has(c));
      expect(missing).toEqual([]);
      // Nothing the server does not have; everything in it was received by the server.
      const all = new Set((db.prepare('SELECT code FROM dossiers').all() as { code: string }[]).map((x) => x.code));
      expect([...inBackup].filter((c) => !all.has(c))).toEqual([]);
      expect(all.size).toBe(acked.length);
      expect(sent).toBe(acked.length);
      console.log(`drill: ${acked.length} intakes, ${before.length} acknowledged before the backup started, ${during.length} during it (${Math.round(backupEnded - backupStarted)} ms), ${inBackup.size} in the backup`);
    } finally {
      await app.close();
      db.close();
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        for (const l of process.listeners(signal)) if (!signalled[signal].includes(l)) process.removeListener(signal, l);
      }
    }
  }, 60_000);
});
