/**
 * The centre's own certificate authority and the server certificate it signs, made with
 * @peculiar/x509 over Node's WebCrypto (ECDSA P-256 with SHA-256: quick to make, accepted by every
 * browser a kiosk runs). Reading certificates back is Node's own `X509Certificate` (store.ts).
 */
// @peculiar/x509 registers its algorithms with tsyringe, which needs the Reflect metadata API first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import { type CertNames, nameList } from './names.ts';

const crypto = webcrypto as unknown as Crypto;
const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY_MS = 86_400_000;

export const CA_DAYS = 3652;
/**
 * About two years. Apple's systems refuse a TLS server certificate valid for more than 825 days
 * whoever issued it (an iPad used as a kiosk); Chromium's 398-day limit binds only public CAs, not
 * one the centre installed itself.
 */
export const SERVER_DAYS = 730;
/**
 * Certificates start a day before they are made: a kiosk whose clock runs behind the server's would
 * otherwise refuse a fresh certificate as "not yet valid" for as long as its clock lags.
 */
const BACKDATE_MS = DAY_MS;

/** A certificate and its private key, both PEM (the key PKCS#8). */
export interface KeyPair {
  readonly cert: string;
  readonly key: string;
}

/** The CA's key cannot sign: not the ECDSA P-256 key `motcua tls init` writes, or not a key at all. */
export class CaKeyError extends Error {}

// Positive, 16 random bytes (RFC 5280 allows 20 octets; the top bit clear keeps it positive).
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x10;
  return bytes.toString('hex');
}

// At most 64 characters: the limit X.520 sets for a common name or an organisation.
const upTo64 = (text: string) => (text.length <= 64 ? text : `${text.slice(0, 63)}…`);

async function pkcs8Pem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/**
 * A self-signed CA for one centre, allowed to sign server certificates only (path length 0). The
 * organisational unit names the machine and the day it was made, so that two CAs of the same centre
 * (after a `--force`) can be told apart in a kiosk's list of trusted certificates.
 */
export async function createCa(options: { centreName: string; machine: string; now: Date }): Promise<KeyPair> {
  const keys = (await crypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const day = options.now.toISOString().slice(0, 10);
  const name = new x509.Name([
    { CN: [{ utf8String: upTo64(`MotCua — ${options.centreName} CA`) }] },
    { O: [{ utf8String: upTo64(options.centreName) }] },
    { OU: [{ utf8String: upTo64(`MotCua CA made ${day} on ${options.machine}`) }] },
  ]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name,
      keys,
      signingAlgorithm: EC_P256,
      notBefore: new Date(options.now.getTime() - BACKDATE_MS),
      notAfter: new Date(options.now.getTime() + CA_DAYS * DAY_MS),
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { cert: cert.toString('pem'), key: await pkcs8Pem(keys.privateKey) };
}

/** The CA's key as WebCrypto wants it, from its PEM (PKCS#8, or the SEC 1 form openssl writes). */
async function caSigningKey(pem: string): Promise<CryptoKey> {
  let der: Uint8Array<ArrayBuffer>;
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new CaKeyError(`the CA key is ${key.asymmetricKeyType ?? 'unknown'}${key.asymmetricKeyDetails?.namedCurve ? ` (${key.asymmetricKeyDetails.namedCurve})` : ''}, not the ECDSA P-256 key motcua makes`);
    }
    der = new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
  } catch (e) {
    if (e instanceof CaKeyError) throw e;
    throw new CaKeyError(`the CA key cannot be read: ${(e as Error).message}`);
  }
  return crypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
}

/**
 * A server certificate for `names`, signed by the CA. It never outlives the CA (a browser would refuse
 * it from then on anyway): `cappedByCa` says when the CA's end cut it short.
 */
export async function issueServerCertificate(options: { ca: KeyPair; names: CertNames; now: Date }): Promise<KeyPair & { cappedByCa: boolean }> {
  const all = nameList(options.names);
  if (!all.length) throw new Error('a server certificate needs at least one name');
  const caCert = new x509.X509Certificate(options.ca.cert);
  const signingKey = await caSigningKey(options.ca.key);
  const keys = (await crypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const wanted = options.now.getTime() + SERVER_DAYS * DAY_MS;
  const notAfter = new Date(Math.min(wanted, caCert.notAfter.getTime()));
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: new x509.Name([{ CN: [{ utf8String: upTo64(all[0]!) }] }]),
      issuer: caCert.subjectName,
      publicKey: keys.publicKey,
      signingKey,
      signingAlgorithm: EC_P256,
      notBefore: new Date(Math.max(options.now.getTime() - BACKDATE_MS, caCert.notBefore.getTime())),
      notAfter,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        // ECDSA keys only sign in TLS 1.2/1.3 (no key encipherment).
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([
          ...options.names.dns.map((value) => ({ type: 'dns' as const, value })),
          ...options.names.ips.map((value) => ({ type: 'ip' as const, value })),
        ]),
        await x509.AuthorityKeyIdentifierExtension.create(caCert, false, crypto),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { cert: cert.toString('pem'), key: await pkcs8Pem(keys.privateKey), cappedByCa: notAfter.getTime() < wanted };
}
