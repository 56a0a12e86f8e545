// `motcua tls` and `motcua serve --https` as an administrator types them, run through the CLI's entry
// point inside the test process (no database is needed, except where the audit log is the point).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDb } from '../test/helpers.ts';
import { runCli } from '../test/fixtures/cli.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-cli-tls-'));
  dirs.push(dir);
  return dir;
}

/** The command line in this process, with these variables added to the environment. */
const motcua = (env: NodeJS.ProcessEnv, ...args: string[]) => runCli(args, { ...process.env, ...env });

describe('motcua tls', () => {
  it('init makes the files and says what to do next; a second init refuses; --renew keeps the CA; show reads them back', async () => {
    const root = tempDir();
    const env = { MOTCUA_DB: join(root, 'absent.db') };
    const dir = join(root, 'tls');
    const made = await motcua(env, 'tls', 'init', '--dir', dir, '--host', 'motcua.local', '--ip', '10.9.8.7', '--host', '10.9.8.8');
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    const fingerprint = execFileSync('openssl', ['x509', '-in', join(dir, 'ca.crt'), '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' }).trim().replace('sha256 Fingerprint=', '');
    expect(made.stdout).toContain(`SHA-256 fingerprint ${fingerprint}`);
    const names = /^ {9}for (.*)$/m.exec(made.stdout)![1]!.split(', ');
    expect(names).toEqual(expect.arrayContaining(['motcua.local', 'localhost', '10.9.8.7', '10.9.8.8', '127.0.0.1', '::1']));
    expect(made.stdout).toMatch(/Server: {2}valid \d{4}-\d\d-\d\d → \d{4}-\d\d-\d\d \(730 days left\)/);
    expect(made.stdout).toContain('CN=MotCua — Trung tâm Phục vụ hành chính công xã Minh An CA');
    expect(made.stdout).toContain('Next steps:');
    expect(made.stdout).toContain(`Install ${join(dir, 'ca.crt')} on every kiosk`);
    // Its own --dir is named again, as serve will need it.
    expect(made.stdout).toContain(`motcua serve --tls-dir ${dir} --host 0.0.0.0`);
    expect(existsSync(env.MOTCUA_DB), 'tls init created a database').toBe(false);

    const again = await motcua(env, 'tls', 'init', '--dir', dir);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`motcua: ${dir} already holds ca.crt, ca.key, server.crt, server.key; nothing was changed`);
    expect(again.stderr).toContain('motcua tls init --renew');

    const ca = readFileSync(join(dir, 'ca.crt'), 'utf8');
    const server = readFileSync(join(dir, 'server.crt'), 'utf8');
    const renewed = await motcua(env, 'tls', 'init', '--dir', dir, '--renew');
    expect(renewed.status).toBe(0);
    expect(renewed.stdout).toContain('Made a new server certificate with the CA in');
    expect(renewed.stdout).toContain('motcua.local');
    expect(renewed.stdout).toContain('kiosks need nothing new');
    expect(readFileSync(join(dir, 'ca.crt'), 'utf8')).toBe(ca);
    expect(readFileSync(join(dir, 'server.crt'), 'utf8')).not.toBe(server);

    const shown = await motcua(env, 'tls', 'show', '--dir', dir);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain(`SHA-256 fingerprint ${fingerprint}`);
    expect(shown.stdout).toContain('OK: the server certificate is valid for this machine, signed by this CA.');

    unlinkSync(join(dir, 'server.key'));
    const broken = await motcua(env, 'tls', 'show', '--dir', dir);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('the HTTPS set-up needs attention:\n  - server.key is missing');

    const none = await motcua(env, 'tls', 'show', '--dir', join(root, 'nothing'));
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('no TLS files in');
  });

  it.each([
    [['tls', 'init', '--force', '--renew'], 'not both'],
    [['tls', 'init', '--ip', 'motcua.local'], '"motcua.local" is not an IP address'],
    [['tls', 'init', '--host', 'a b'], '"a b" is not a host name'],
    [['tls', 'show', '--host', 'x'], 'tls show takes only --dir'],
    [['tls', 'revoke'], 'unknown tls command "revoke"'],
    [['serve', '--https', '--tls-dir'], "Option '--tls-dir <value>' argument missing"],
  ])('refuses %j with a clear message and exit 2', async (args, message) => {
    const root = tempDir();
    const r = await motcua({ MOTCUA_DB: join(root, 'absent.db') }, ...args, ...(args[0] === 'tls' && args[1] === 'init' ? ['--dir', join(root, 'tls')] : []));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(existsSync(join(root, 'tls')), 'a refused command wrote files').toBe(false);
  });

  it('prints its help', async () => {
    for (const args of [['tls'], ['tls', '--help'], ['help', 'tls'], ['tls', 'init', '--help']]) {
      const r = await motcua({}, ...args);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('motcua tls init [--host NAME]... [--ip ADDR]... [--dir DIR] [--force | --renew]');
    }
    expect((await motcua({}, 'serve', '--help')).stdout).toContain('--https');
  });

  it("records who made the CA in the centre's audit log, with its fingerprint, and puts the files beside the database", async () => {
    const { db, path, cleanup } = freshDb();
    db.close();
    dirs.push(join(path, '..'));
    const r = await motcua({}, 'tls', 'init', '--db', path);
    expect(r.status).toBe(0);
    expect(existsSync(join(path, '..', 'tls', 'ca.crt'))).toBe(true);
    const fingerprint = /SHA-256 fingerprint ([0-9A-F:]+)/.exec(r.stdout)![1];
    const renew = await motcua({}, 'tls', 'init', '--db', path, '--renew');
    expect(renew.status).toBe(0);
    const { openDb } = await import('../server/db/open.ts');
    const check = openDb(path);
    try {
      const rows = check.prepare("SELECT action, detail FROM audit_log WHERE action LIKE 'tls_%' ORDER BY id").all() as { action: string; detail: string }[];
      expect(rows.map((row) => row.action)).toEqual(['tls_init', 'tls_renew']);
      expect(JSON.parse(rows[0]!.detail)).toMatchObject({ caFingerprint: fingerprint, newCa: true, dir: join(path, '..', 'tls') });
      expect(JSON.parse(rows[1]!.detail)).toMatchObject({ caFingerprint: fingerprint, newCa: false });
      expect(JSON.parse(rows[0]!.detail).by).toEqual(expect.any(String));
    } finally {
      check.close();
      cleanup();
    }
  });
});

describe('motcua serve --https', () => {
  it('without a certificate stops at once, saying to run motcua tls init, and touches no database', async () => {
    const root = tempDir();
    const db = join(root, 'centre.db');
    const r = await motcua({}, 'serve', '--https', '--db', db, '--port', '0');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`motcua: no HTTPS certificate in ${join(root, 'tls')} (server.crt and server.key missing). Create them with "motcua tls init --dir ${join(root, 'tls')}" (or serve without --https).`);
    expect(r.stdout).toBe('');
    expect(existsSync(db)).toBe(false);
    const elsewhere = await motcua({}, 'serve', '--tls-dir', join(root, 'certs'), '--db', db, '--port', '0');
    expect(elsewhere.status).toBe(1);
    expect(elsewhere.stderr).toContain(`no HTTPS certificate in ${join(root, 'certs')}`);
  });
});
