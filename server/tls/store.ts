/**
 * The TLS directory (by default `tls/` beside the database): the centre's CA and the server
 * certificate, as files an administrator can copy and inspect with openssl. Read with Node's own
 * `X509Certificate`, so serving over HTTPS never loads the certificate-making library.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { type CertNames, namesIn, nameList, uncovered } from './names.ts';

export const TLS_FILES = { caCert: 'ca.crt', caKey: 'ca.key', serverCert: 'server.crt', serverKey: 'server.key' } as const;
export type TlsFile = keyof typeof TLS_FILES;
const PRIVATE: readonly TlsFile[] = ['caKey', 'serverKey'];

/** Warn this long before the server certificate ends: time to renew it and restart the server. */
export const SERVER_WARN_DAYS = 30;
/** The CA's end needs longer notice: every kiosk must then install a new one. */
export const CA_WARN_DAYS = 90;
const DAY_MS = 86_400_000;

/** A TLS set-up the administrator has to fix (files missing, unreadable or not matching): its message says how. */
export class TlsError extends Error {}

export function defaultTlsDir(dbPath: string): string {
  return join(dirname(dbPath), 'tls');
}

export function existingFiles(dir: string): string[] {
  return Object.values(TLS_FILES).filter((f) => existsSync(join(dir, f)));
}

/**
 * Writes the given files, each whole or not at all (a temporary file renamed over the old one); the
 * private keys readable by their owner only (0600), whatever the umask.
 */
export function writeTlsFiles(dir: string, files: Partial<Record<TlsFile, string>>): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const [which, text] of Object.entries(files) as [TlsFile, string][]) {
    const path = join(dir, TLS_FILES[which]);
    const temporary = `${path}.${process.pid}.tmp`;
    const mode = PRIVATE.includes(which) ? 0o600 : 0o644;
    writeFileSync(temporary, text, { mode });
    chmodSync(temporary, mode);
    renameSync(temporary, path);
  }
}

export function readTlsFile(dir: string, which: TlsFile): string {
  const path = join(dir, TLS_FILES[which]);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TlsError(`${path} is missing`);
    if (code === 'EACCES') throw new TlsError(`${path} cannot be read by this account: run as the account that ran "motcua tls init", or give it read access`);
    throw new TlsError(`${path} cannot be read: ${(e as Error).message}`);
  }
}

export interface CertSummary {
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SHA-256 over the certificate, colon-separated hex, as browsers and `openssl x509 -fingerprint -sha256` show it. */
  readonly fingerprint: string;
  readonly names: CertNames;
}

export function parseCertificate(pem: string, path: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new TlsError(`${path} is not a PEM certificate`);
  }
}

export function summarise(cert: X509Certificate): CertSummary {
  return {
    // Node separates the parts with new lines; one line reads better in a terminal.
    subject: cert.subject.split('\n').join(', '),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    fingerprint: cert.fingerprint256,
    names: namesIn(cert),
  };
}

const daysLeft = (end: Date, now: Date) => Math.floor((end.getTime() - now.getTime()) / DAY_MS);

export interface TlsState {
  readonly dir: string;
  readonly ca: CertSummary | null;
  readonly server: CertSummary | null;
  /** What will make kiosks refuse the connection now or soon, each with what to do. */
  readonly warnings: readonly string[];
}

/**
 * What the TLS directory holds and what is wrong with it for this machine now: expiry, a server
 * certificate that does not name the machine's current addresses, keys that do not belong to their
 * certificates, a server certificate the CA did not sign.
 */
export function inspectTls(dir: string, now: Date, machine: CertNames): TlsState {
  const present = existingFiles(dir);
  if (!present.length) throw new TlsError(`no TLS files in ${dir}: create them with "motcua tls init"`);
  const warnings: string[] = [];
  const load = (which: 'caCert' | 'serverCert') => {
    if (!present.includes(TLS_FILES[which])) return null;
    const path = join(dir, TLS_FILES[which]);
    return parseCertificate(readTlsFile(dir, which), path);
  };
  const matches = (cert: X509Certificate, which: 'caKey' | 'serverKey') => {
    let key: string;
    try {
      key = readTlsFile(dir, which);
    } catch (e) {
      // Serving needs no CA key: one kept away from the server's account (or off the machine until
      // the next --renew) is care, not a fault.
      if (which === 'serverKey') warnings.push(present.includes(TLS_FILES[which]) ? (e as Error).message : `${TLS_FILES[which]} is missing`);
      return;
    }
    try {
      if (!cert.checkPrivateKey(createPrivateKey(key))) warnings.push(`${TLS_FILES[which]} is not the key of ${which === 'caKey' ? TLS_FILES.caCert : TLS_FILES.serverCert}`);
    } catch {
      warnings.push(`${TLS_FILES[which]} is not a private key`);
    }
  };
  const ca = load('caCert');
  const server = load('serverCert');
  if (ca) {
    matches(ca, 'caKey');
    const left = daysLeft(new Date(ca.validTo), now);
    if (left < 0) warnings.push(`the CA expired on ${ca.validTo}: make a new one with "motcua tls init --force" and install its ca.crt on every kiosk`);
    else if (left < CA_WARN_DAYS) warnings.push(`the CA expires in ${left} day(s) (${ca.validTo}): make a new one with "motcua tls init --force" and install its ca.crt on every kiosk before then`);
  } else warnings.push(`${TLS_FILES.caCert} is missing: kiosks have nothing to install`);
  if (server) {
    matches(server, 'serverKey');
    const left = daysLeft(new Date(server.validTo), now);
    if (left < 0) warnings.push(`the server certificate EXPIRED on ${server.validTo}: kiosks refuse it. Renew: "motcua tls init --renew", then restart the server`);
    else if (left < SERVER_WARN_DAYS) warnings.push(`the server certificate expires in ${left} day(s) (${server.validTo}): renew with "motcua tls init --renew", then restart the server`);
    if (ca && !server.checkIssued(ca)) warnings.push(`${TLS_FILES.serverCert} was not signed by this ${TLS_FILES.caCert}: kiosks that installed ca.crt will refuse it. Make a new one: "motcua tls init --renew"`);
    const missing = uncovered(server, machine);
    if (missing.length) {
      warnings.push(`the server certificate does not cover ${missing.join(', ')} (this machine's name or address now): kiosks using ${missing.length === 1 ? 'it' : 'them'} will be refused. Add ${missing.length === 1 ? 'it' : 'them'}: "motcua tls init --renew", then restart the server`);
    }
  } else warnings.push(`${TLS_FILES.serverCert} is missing: make one with "motcua tls init --renew"`);
  return { dir, ca: ca && summarise(ca), server: server && summarise(server), warnings };
}

export interface ServerTls extends TlsState {
  readonly key: string;
  readonly cert: string;
  readonly server: CertSummary;
}

/**
 * The key and certificate `serve --https` listens with, checked before anything else starts so that a
 * missing or broken file is one clear sentence, not a TLS library's stack trace.
 */
export function loadServerTls(dir: string, now: Date, machine: CertNames): ServerTls {
  const fix = `Create them with "motcua tls init --dir ${dir}" (or serve without --https).`;
  const missing = [TLS_FILES.serverCert, TLS_FILES.serverKey].filter((f) => !existsSync(join(dir, f)));
  if (missing.length) throw new TlsError(`no HTTPS certificate in ${dir} (${missing.join(' and ')} missing). ${fix}`);
  const cert = readTlsFile(dir, 'serverCert');
  const key = readTlsFile(dir, 'serverKey');
  try {
    // What the HTTPS server would do with them at start: unreadable PEM, a key of another
    // certificate, all found here.
    createSecureContext({ key, cert });
  } catch (e) {
    throw new TlsError(`${join(dir, TLS_FILES.serverKey)} and ${TLS_FILES.serverCert} cannot be used together (${(e as Error).message}). Make a new pair with "motcua tls init --renew".`);
  }
  return { ...inspectTls(dir, now, machine), key, cert, server: summarise(parseCertificate(cert, join(dir, TLS_FILES.serverCert))) };
}

export const describeNames = (names: CertNames) => nameList(names).join(', ');
