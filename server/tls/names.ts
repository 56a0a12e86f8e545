/**
 * The names a kiosk may type to reach this server, which the server certificate must list: a browser
 * refuses the certificate for any name or address it does not carry (and, for years now, looks only
 * at the subjectAltName, never at the common name).
 */
import { isIP } from 'node:net';
import { hostname as osHostname, networkInterfaces as osInterfaces } from 'node:os';
import type { X509Certificate } from 'node:crypto';

export interface CertNames {
  readonly dns: readonly string[];
  readonly ips: readonly string[];
}

/** A name or address given on the command line that cannot go into a certificate. */
export class NameError extends Error {}

/** The parts of `node:os` read here, so that tests can give a machine of their own. */
export interface MachineInfo {
  hostname(): string;
  networkInterfaces(): NodeJS.Dict<{ address: string; family: string | number; internal: boolean }[]>;
}
const thisMachine: MachineInfo = { hostname: osHostname, networkInterfaces: osInterfaces };

// Letters, digits, hyphens (and the underscores some Windows machine names carry), 63 per label.
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** A host name as certificates carry it: lower case, internationalised names in their xn-- form. */
export function dnsName(text: string): string {
  const trimmed = text.trim().replace(/\.$/, '');
  if (!trimmed || /[\s/:@[\]?#*%\\]/.test(trimmed)) throw new NameError(`"${text}" is not a host name (e.g. motcua-server or motcua.local)`);
  let ascii: string;
  try {
    ascii = new URL(`http://${trimmed}/`).hostname;
  } catch {
    throw new NameError(`"${text}" is not a host name (e.g. motcua-server or motcua.local)`);
  }
  if (ascii.length > 253 || !ascii.split('.').every((label) => LABEL.test(label))) {
    throw new NameError(`"${text}" is not a host name (e.g. motcua-server or motcua.local)`);
  }
  return ascii;
}

/** An IP address in one spelling (IPv6 compressed and in lower case), so the same address is never listed twice. */
export function ipAddress(text: string): string {
  const trimmed = text.trim().replace(/^\[(.*)\]$/, '$1');
  // A zone (fe80::1%eth0) names an interface of one machine: it has no place in a certificate.
  const version = trimmed.includes('%') ? 0 : isIP(trimmed);
  if (version === 4) return trimmed;
  if (version === 6) return new URL(`http://[${trimmed}]/`).hostname.slice(1, -1);
  throw new NameError(`"${text}" is not an IP address (e.g. 192.168.1.10); for a name use --host`);
}

/** --host takes a name, or an address typed there by habit. */
export function hostOrAddress(text: string): { dns: string } | { ip: string } {
  return isIP(text.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '')) ? { ip: ipAddress(text) } : { dns: dnsName(text) };
}

export function mergeNames(...lists: CertNames[]): CertNames {
  return {
    dns: [...new Set(lists.flatMap((l) => l.dns))],
    ips: [...new Set(lists.flatMap((l) => l.ips))],
  };
}

export const nameList = (names: CertNames): string[] => [...names.dns, ...names.ips];

/**
 * What this machine answers to now: its host name and every address of its network interfaces except
 * loopback (covered by localhost, 127.0.0.1 and ::1 anyway) and IPv6 link-local addresses (fe80::),
 * which a browser cannot open: a URL has no room for the interface they belong to.
 */
export function machineNames(machine: MachineInfo = thisMachine): CertNames {
  let dns: string[] = [];
  try {
    dns = [dnsName(machine.hostname())];
  } catch {
    // A host name a certificate cannot carry: the addresses still work, and --host can add a name.
  }
  const ips: string[] = [];
  for (const list of Object.values(machine.networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      const ip = ipAddress(a.address.replace(/%.*$/, ''));
      if (/^fe[89ab][0-9a-f]:/i.test(ip)) continue;
      ips.push(ip);
    }
  }
  return mergeNames({ dns, ips });
}

/** What a server certificate always covers: the server's own browser at localhost. */
export const LOOPBACK: CertNames = { dns: ['localhost'], ips: ['127.0.0.1', '::1'] };

/** The names a certificate carries, read back from it (Node's `X509Certificate`). */
export function namesIn(cert: X509Certificate): CertNames {
  const dns: string[] = [];
  const ips: string[] = [];
  for (const entry of (cert.subjectAltName ?? '').split(/, (?=[A-Za-z ]+:)/)) {
    if (entry.startsWith('DNS:')) dns.push(entry.slice(4));
    else if (entry.startsWith('IP Address:')) ips.push(ipAddress(entry.slice(11)));
  }
  return { dns, ips };
}

/** The machine's names that `cert` does not cover: kiosks using one of them would be refused. */
export function uncovered(cert: X509Certificate, machine: CertNames): string[] {
  return [
    ...machine.dns.filter((name) => cert.checkHost(name, { subject: 'never' }) === undefined),
    ...machine.ips.filter((ip) => cert.checkIP(ip) === undefined),
  ];
}
