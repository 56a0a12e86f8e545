// The centre's CA and server certificate, checked from outside our code: openssl verifies the chain
// and reads the extensions back.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CertNames, NameError, dnsName, hostOrAddress, ipAddress, machineNames } from './names.ts';
import { type InitOptions, initTls } from './service.ts';
import { TlsError, inspectTls, loadServerTls } from './store.ts';

const NOW = new Date('2026-11-25T01:00:00Z');
const DAY = 86_400_000;
const MACHINE: CertNames = { dns: ['motcua-server'], ips: ['192.0.2.10', '2001:db8::10'] };

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-tls-'));
  dirs.push(dir);
  return join(dir, 'tls');
}

function anInit(overrides: Partial<InitOptions> = {}): InitOptions {
  return {
    dir: overrides.dir ?? tempDir(),
    mode: 'new',
    centreName: 'Trung tâm Phục vụ hành chính công xã Minh An',
    machineLabel: 'motcua-server',
    machine: MACHINE,
    extra: { dns: [], ips: [] },
    now: NOW,
    ...overrides,
  };
}

const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });
/** `openssl verify` at the test's clock, not the machine's. */
const verify = (dir: string, at: Date) => openssl('verify', '-attime', String(Math.floor(at.getTime() / 1000)), '-CAfile', join(dir, 'ca.crt'), join(dir, 'server.crt')).trim();
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const mode = (dir: string, file: string) => statSync(join(dir, file)).mode & 0o777;

describe('tls init', () => {
  it('makes a CA and a server certificate that openssl verifies, naming the machine, localhost and every address given', async () => {
    const r = await initTls(anInit({ extra: { dns: ['motcua.local'], ips: ['10.1.2.3'] } }));
    expect(verify(r.dir, NOW)).toBe(`${join(r.dir, 'server.crt')}: OK`);

    const server = openssl('x509', '-in', join(r.dir, 'server.crt'), '-noout', '-text');
    const san = /X509v3 Subject Alternative Name: *\n\s*(.*)/.exec(server)![1]!.split(', ');
    expect(san).toEqual(
      expect.arrayContaining(['DNS:motcua-server', 'DNS:motcua.local', 'DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:0:0:0:0:0:0:0:1', 'IP Address:192.0.2.10', 'IP Address:2001:DB8:0:0:0:0:0:10', 'IP Address:10.1.2.3']),
    );
    expect(san).toHaveLength(8);
    expect(server).toMatch(/Extended Key Usage: *\n\s*TLS Web Server Authentication/);
    expect(server).toMatch(/Basic Constraints: critical\n\s*CA:FALSE/);
    expect(server).toMatch(/Key Usage: critical\n\s*Digital Signature\n/);
    expect(server).toContain('NIST CURVE: P-256');

    const ca = openssl('x509', '-in', join(r.dir, 'ca.crt'), '-noout', '-text', '-nameopt', 'utf8,sep_comma_plus');
    expect(ca).toMatch(/Basic Constraints: critical\n\s*CA:TRUE, pathlen:0/);
    expect(ca).toMatch(/Key Usage: critical\n\s*Certificate Sign, CRL Sign/);
    expect(ca).toContain('Subject: CN=MotCua — Trung tâm Phục vụ hành chính công xã Minh An CA,O=Trung tâm Phục vụ hành chính công xã Minh An');

    // The fingerprint printed for comparing with what a kiosk shows is openssl's.
    expect(openssl('x509', '-in', join(r.dir, 'ca.crt'), '-noout', '-fingerprint', '-sha256').trim()).toBe(`sha256 Fingerprint=${r.ca.fingerprint}`);
    const days = (end: Date) => Math.round((end.getTime() - NOW.getTime()) / DAY);
    expect(days(r.ca.notAfter)).toBe(3652);
    expect(days(r.server.notAfter)).toBe(730);
    // Back-dated a day, for kiosks whose clock lags the server's.
    expect(r.server.notBefore.getTime()).toBe(NOW.getTime() - DAY);

    expect(mode(r.dir, 'ca.key')).toBe(0o600);
    expect(mode(r.dir, 'server.key')).toBe(0o600);
    expect(mode(r.dir, 'ca.crt')).toBe(0o644);
    expect(mode(r.dir, 'server.crt')).toBe(0o644);
    // Each key is the key of its certificate.
    const pub = (args: string[]) => openssl(...args, '-pubout');
    expect(pub(['pkey', '-in', join(r.dir, 'server.key')])).toBe(openssl('x509', '-in', join(r.dir, 'server.crt'), '-noout', '-pubkey'));
    expect(pub(['pkey', '-in', join(r.dir, 'ca.key')])).toBe(openssl('x509', '-in', join(r.dir, 'ca.crt'), '-noout', '-pubkey'));
  });

  it('refuses to replace files already there, and changes nothing', async () => {
    const first = await initTls(anInit());
    const before = ['ca.crt', 'ca.key', 'server.crt', 'server.key'].map((f) => read(first.dir, f));
    await expect(initTls(anInit({ dir: first.dir }))).rejects.toThrow(TlsError);
    await expect(initTls(anInit({ dir: first.dir }))).rejects.toThrow(/already holds ca\.crt, ca\.key, server\.crt, server\.key; nothing was changed.*--renew.*--force/);
    expect(['ca.crt', 'ca.key', 'server.crt', 'server.key'].map((f) => read(first.dir, f))).toEqual(before);
  });

  it('--renew signs a new server certificate with the same CA, for the addresses the machine has now, keeping names given before', async () => {
    const first = await initTls(anInit({ extra: { dns: ['motcua.local'], ips: [] } }));
    const ca = [read(first.dir, 'ca.crt'), read(first.dir, 'ca.key')];
    const oldServer = read(first.dir, 'server.crt');
    const moved: CertNames = { dns: ['motcua-server'], ips: ['192.0.2.77'] };
    const later = new Date(NOW.getTime() + 700 * DAY);
    const renewed = await initTls(anInit({ dir: first.dir, mode: 'renew', machine: moved, now: later }));
    expect(renewed.madeCa).toBe(false);
    expect([read(first.dir, 'ca.crt'), read(first.dir, 'ca.key')]).toEqual(ca);
    expect(read(first.dir, 'server.crt')).not.toBe(oldServer);
    expect(renewed.ca.fingerprint).toBe(first.ca.fingerprint);
    expect(verify(first.dir, later)).toBe(`${join(first.dir, 'server.crt')}: OK`);
    expect(renewed.server.names.ips).toContain('192.0.2.77');
    expect(renewed.server.names.dns).toContain('motcua.local');
    expect(renewed.kept).toEqual(['motcua.local', '192.0.2.10', '2001:db8::10']);
    expect(mode(first.dir, 'server.key')).toBe(0o600);
    expect(Math.round((renewed.server.notAfter.getTime() - later.getTime()) / DAY)).toBe(730);
  });

  it('--renew near the end of the CA makes a certificate that ends with it', async () => {
    const first = await initTls(anInit());
    const late = new Date(first.ca.notAfter.getTime() - 100 * DAY);
    const renewed = await initTls(anInit({ dir: first.dir, mode: 'renew', now: late }));
    expect(renewed.cappedByCa).toBe(true);
    expect(renewed.server.notAfter.getTime()).toBe(first.ca.notAfter.getTime());
    await expect(initTls(anInit({ dir: first.dir, mode: 'renew', now: new Date(first.ca.notAfter.getTime() + DAY) }))).rejects.toThrow(/the CA .* expired .*--force/);
  });

  it('--force makes a new CA; --renew refuses without a CA or with a key of another CA', async () => {
    const first = await initTls(anInit());
    const forced = await initTls(anInit({ dir: first.dir, mode: 'force' }));
    expect(forced.ca.fingerprint).not.toBe(first.ca.fingerprint);

    await expect(initTls(anInit({ mode: 'renew' }))).rejects.toThrow(/--renew needs the CA in .*ca\.crt and ca\.key are missing.*motcua tls init/);
    const other = await initTls(anInit());
    writeFileSync(join(first.dir, 'ca.key'), read(other.dir, 'ca.key'));
    const server = read(first.dir, 'server.crt');
    await expect(initTls(anInit({ dir: first.dir, mode: 'renew' }))).rejects.toThrow(/ca\.key is not the key of ca\.crt: nothing was changed/);
    expect(read(first.dir, 'server.crt')).toBe(server);
  });
});

describe('tls show and serve --https', () => {
  it('warns when the server certificate ends within 30 days, misses an address of the machine, or was signed by another CA', async () => {
    const r = await initTls(anInit());
    expect(inspectTls(r.dir, NOW, MACHINE).warnings).toEqual([]);
    const soon = new Date(r.server.notAfter.getTime() - 10 * DAY);
    expect(inspectTls(r.dir, soon, MACHINE).warnings).toEqual([expect.stringMatching(/^the server certificate expires in 10 day\(s\).*--renew/)]);
    const after = new Date(r.server.notAfter.getTime() + DAY);
    expect(inspectTls(r.dir, after, MACHINE).warnings).toEqual([expect.stringMatching(/^the server certificate EXPIRED/)]);
    const moved = inspectTls(r.dir, NOW, { dns: ['motcua-server'], ips: ['192.0.2.10', '198.51.100.4'] }).warnings;
    expect(moved).toEqual([expect.stringMatching(/does not cover 198\.51\.100\.4 .*kiosks using it will be refused.*--renew/)]);

    // A CA key kept off the server until the next --renew is no fault.
    unlinkSync(join(r.dir, 'ca.key'));
    expect(inspectTls(r.dir, NOW, MACHINE).warnings).toEqual([]);
    const other = await initTls(anInit());
    writeFileSync(join(r.dir, 'ca.key'), read(r.dir, 'server.key'));
    writeFileSync(join(r.dir, 'ca.crt'), read(other.dir, 'ca.crt'));
    expect(inspectTls(r.dir, NOW, MACHINE).warnings).toEqual([
      'ca.key is not the key of ca.crt',
      expect.stringMatching(/server\.crt was not signed by this ca\.crt/),
    ]);
    expect(() => inspectTls(tempDir(), NOW, MACHINE)).toThrow(/no TLS files in .*motcua tls init/);
  });

  it('serve --https refuses missing or mismatched files with what to run', async () => {
    const dir = tempDir();
    expect(() => loadServerTls(dir, NOW, MACHINE)).toThrow(new TlsError(`no HTTPS certificate in ${dir} (server.crt and server.key missing). Create them with "motcua tls init --dir ${dir}" (or serve without --https).`));
    const r = await initTls(anInit({ dir }));
    expect(loadServerTls(dir, NOW, MACHINE).cert).toBe(read(dir, 'server.crt'));
    const other = await initTls(anInit());
    writeFileSync(join(r.dir, 'server.key'), read(other.dir, 'server.key'));
    expect(() => loadServerTls(dir, NOW, MACHINE)).toThrow(/server\.key and server\.crt cannot be used together .*--renew/);
  });
});

describe('certificate names', () => {
  it('takes host names in their certificate spelling and refuses what is not one', () => {
    expect(dnsName('MotCua-Server.')).toBe('motcua-server');
    expect(dnsName('máy-chủ.local')).toBe('xn--my-ch-xqa0294c.local');
    for (const bad of ['', 'a b', 'http://x', 'x:8443', '*.local', '-x', 'a'.repeat(64)]) expect(() => dnsName(bad), bad).toThrow(NameError);
    expect(ipAddress('2001:DB8:0:0::1')).toBe('2001:db8::1');
    expect(ipAddress('[::1]')).toBe('::1');
    for (const bad of ['999.1.1.1', '010.1.1.1', 'fe80::1%eth0', 'motcua.local']) expect(() => ipAddress(bad), bad).toThrow(NameError);
    expect(hostOrAddress('192.168.1.10')).toEqual({ ip: '192.168.1.10' });
    expect(hostOrAddress('Motcua.LOCAL')).toEqual({ dns: 'motcua.local' });
  });

  it("lists the machine's name and its addresses, without loopback or IPv6 link-local ones", () => {
    const names = machineNames({
      hostname: () => 'MOTCUA-PC',
      networkInterfaces: () => ({
        lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
        eth0: [
          { address: '192.168.1.20', family: 'IPv4', internal: false },
          { address: 'fe80::1', family: 'IPv6', internal: false },
          { address: 'fd00::20', family: 'IPv6', internal: false },
        ],
        wlan0: [{ address: '192.168.1.20', family: 'IPv4', internal: false }],
      }),
    });
    expect(names).toEqual({ dns: ['motcua-pc'], ips: ['192.168.1.20', 'fd00::20'] });
    expect(machineNames({ hostname: () => 'bad name', networkInterfaces: () => ({}) })).toEqual({ dns: [], ips: [] });
  });
});
