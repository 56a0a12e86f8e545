/**
 * `motcua tls init`: the centre's CA and a server certificate it signs, or (`--renew`) a new server
 * certificate from the CA the kiosks already trust — new addresses, or the old one near its end —
 * without anyone touching a kiosk.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import { CaKeyError, createCa, issueServerCertificate, type KeyPair } from './certificates.ts';
import { type CertNames, LOOPBACK, mergeNames, nameList, namesIn } from './names.ts';
import { type CertSummary, TLS_FILES, TlsError, existingFiles, parseCertificate, readTlsFile, summarise, writeTlsFiles } from './store.ts';

/** new: refuse to replace anything; force: a new CA too; renew: a new server certificate from the CA there. */
export type InitMode = 'new' | 'force' | 'renew';

export interface InitResult {
  readonly dir: string;
  readonly madeCa: boolean;
  readonly ca: CertSummary;
  readonly server: CertSummary;
  /** Names the replaced server certificate carried that this machine no longer reports: kept (--renew). */
  readonly kept: readonly string[];
  /** The server certificate ends with the CA, sooner than its usual two years. */
  readonly cappedByCa: boolean;
}

export interface InitOptions {
  readonly dir: string;
  readonly mode: InitMode;
  readonly centreName: string;
  /** This machine's name, written into the CA's name so that kiosks' lists tell CAs apart. */
  readonly machineLabel: string;
  /** This machine's current names and addresses (names.ts `machineNames()`). */
  readonly machine: CertNames;
  /** --host and --ip. */
  readonly extra: CertNames;
  readonly now: Date;
}

export async function initTls(o: InitOptions): Promise<InitResult> {
  let ca: KeyPair;
  let previous: CertNames = { dns: [], ips: [] };
  if (o.mode === 'renew') {
    ca = existingCa(o.dir, o.now);
    // Names given before (--host motcua.local) stay: kiosks may be set up with them.
    if (existingFiles(o.dir).includes(TLS_FILES.serverCert)) {
      try {
        previous = namesIn(new X509Certificate(readTlsFile(o.dir, 'serverCert')));
      } catch {
        // An unreadable old certificate is being replaced: nothing to carry over.
      }
    }
  } else {
    const present = existingFiles(o.dir);
    if (o.mode === 'new' && present.length) {
      throw new TlsError(
        `${o.dir} already holds ${present.join(', ')}; nothing was changed. Kiosks may already trust this CA: ` +
          `for a new server certificate from it (new addresses, or before it expires) run "motcua tls init --renew"; ` +
          `to replace the CA as well, "motcua tls init --force" — every kiosk must then install the new ca.crt.`,
      );
    }
    ca = await createCa({ centreName: o.centreName, machine: o.machineLabel, now: o.now });
  }
  const current = mergeNames(o.machine, o.extra, LOOPBACK);
  const names = mergeNames(current, previous);
  const currentList = new Set(nameList(current));
  let server: Awaited<ReturnType<typeof issueServerCertificate>>;
  try {
    server = await issueServerCertificate({ ca, names, now: o.now });
  } catch (e) {
    if (e instanceof CaKeyError) throw new TlsError(`${join(o.dir, TLS_FILES.caKey)}: ${e.message}`);
    throw e;
  }
  writeTlsFiles(o.dir, {
    ...(o.mode === 'renew' ? {} : { caCert: ca.cert, caKey: ca.key }),
    serverCert: server.cert,
    serverKey: server.key,
  });
  return {
    dir: o.dir,
    madeCa: o.mode !== 'renew',
    ca: summarise(new X509Certificate(ca.cert)),
    server: summarise(new X509Certificate(server.cert)),
    kept: nameList(previous).filter((n) => !currentList.has(n)),
    cappedByCa: server.cappedByCa,
  };
}

/** The CA in `dir`, checked before anything is made with it: present, its key its own, not expired. */
function existingCa(dir: string, now: Date): KeyPair {
  const present = existingFiles(dir);
  const missing = [TLS_FILES.caCert, TLS_FILES.caKey].filter((f) => !present.includes(f));
  if (missing.length) throw new TlsError(`--renew needs the CA in ${dir}, but ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing: run "motcua tls init" (without --renew) to make one`);
  const cert = readTlsFile(dir, 'caCert');
  const key = readTlsFile(dir, 'caKey');
  const parsed = parseCertificate(cert, join(dir, TLS_FILES.caCert));
  let matches: boolean;
  try {
    matches = parsed.checkPrivateKey(createPrivateKey(key));
  } catch {
    throw new TlsError(`${join(dir, TLS_FILES.caKey)} is not a private key`);
  }
  if (!matches) throw new TlsError(`${join(dir, TLS_FILES.caKey)} is not the key of ${TLS_FILES.caCert}: nothing was changed`);
  if (!parsed.ca) throw new TlsError(`${join(dir, TLS_FILES.caCert)} is not a CA certificate`);
  if (new Date(parsed.validTo).getTime() <= now.getTime()) {
    throw new TlsError(`the CA in ${dir} expired on ${parsed.validTo}: make a new one with "motcua tls init --force" and install its ca.crt on every kiosk`);
  }
  return { cert, key };
}
