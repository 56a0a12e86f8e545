/**
 * The centre's history key: an Ed25519 private key in a file readable by the service account only,
 * kept OUTSIDE the data directory (someone who can write the database must not be able to read it).
 * From it: the signing key for anchors, the public key (printed in the weekly report, kept by the
 * leaders and later the province), and a secret for the links' tags (HKDF, never stored).
 */
import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';
import { closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, realpathSync, statSync, writeSync } from 'node:fs';
import { dirname, relative, resolve, isAbsolute } from 'node:path';

export class HistoryKeyError extends Error {}

export interface PublicHistoryKey {
  readonly publicKey: KeyObject;
  /** SPKI PEM: what `--public-key` reads back. */
  readonly publicPem: string;
  /** SHA-256 of the public key (SPKI DER), hex in groups of four. */
  readonly fingerprint: string;
}

export interface HistoryKey extends PublicHistoryKey {
  readonly privateKey: KeyObject;
  /** The secret the links' tags are made with (derived; never written anywhere). */
  readonly tagSecret: Buffer;
}

export function fingerprintOf(publicKey: KeyObject): string {
  const hex = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
  return hex.match(/.{4}/g)!.join(' ');
}

function publicPart(publicKey: KeyObject): PublicHistoryKey {
  return { publicKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), fingerprint: fingerprintOf(publicKey) };
}

function fromPrivate(privateKey: KeyObject): HistoryKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new HistoryKeyError('the history key is not an Ed25519 key');
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  const tagSecret = Buffer.from(hkdfSync('sha256', der, 'motcua history', 'link tag v1', 32));
  return { privateKey, tagSecret, ...publicPart(createPublicKey(privateKey)) };
}

/** True when `path` is `dir` or inside it (symbolic links resolved where they exist). */
export function isInside(path: string, dir: string): boolean {
  const real = (p: string) => {
    let cur = resolve(p);
    const tail: string[] = [];
    while (!existsSync(cur) && dirname(cur) !== cur) {
      tail.unshift(cur.slice(dirname(cur).length + 1));
      cur = dirname(cur);
    }
    return resolve(realpathSync(cur), ...tail);
  };
  const rel = relative(real(dir), real(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Makes a new key file (0600, created exclusively: an existing file is never overwritten). Refuses a
 * place inside any of `forbiddenDirs` (the database's directory, the data directory).
 */
export function generateKeyFile(path: string, forbiddenDirs: readonly string[]): HistoryKey {
  const target = resolve(path);
  for (const dir of forbiddenDirs) {
    if (isInside(target, dir)) throw new HistoryKeyError(`${target} is inside ${resolve(dir)}, beside the database: anyone who can write the database could read the key there. Keep it elsewhere, e.g. /etc/motcua/history.key`);
  }
  if (existsSync(target)) throw new HistoryKeyError(`${target} already exists: not overwritten (a new key cannot check the tags made with the old one)`);
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const fd = openSync(target, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, pem);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return fromPrivate(privateKey);
}

/** Reads a key file; refuses one that others may read (as ssh does), or one that is not an Ed25519 key. */
export function loadHistoryKey(path: string): HistoryKey {
  const target = resolve(path);
  if (!existsSync(target)) throw new HistoryKeyError(`no history key at ${target} (make one with: motcua audit keygen --key ${target})`);
  const mode = statSync(target).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new HistoryKeyError(`${target} can be read by other accounts (mode ${mode.toString(8)}): chmod 600 ${target}`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(target));
  } catch (e) {
    throw new HistoryKeyError(`${target} is not a private key file: ${(e as Error).message}`);
  }
  return fromPrivate(key);
}

/** A public key given as a PEM file's path, as PEM text, or as base64 of its DER (what keygen prints). */
export function loadPublicKey(text: string): PublicHistoryKey {
  let source: string | Buffer = text.trim();
  if (!source.startsWith('-----BEGIN') && existsSync(source)) source = readFileSync(source, 'utf8');
  let key: KeyObject;
  try {
    key = typeof source === 'string' && !source.startsWith('-----BEGIN')
      ? createPublicKey({ key: Buffer.from(source, 'base64'), format: 'der', type: 'spki' })
      : createPublicKey(source);
  } catch (e) {
    throw new HistoryKeyError(`not a public key (a PEM file, PEM text or base64 DER as keygen printed it): ${(e as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new HistoryKeyError('the public key is not an Ed25519 key');
  return publicPart(key);
}

export function publicKeyBase64(k: PublicHistoryKey): string {
  return k.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}

export function signText(key: HistoryKey, text: string): string {
  return sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64');
}

export function verifyText(key: PublicHistoryKey, text: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), key.publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** A link's tag: the link under the key's secret, bound to its chain and row. */
export function tagOf(secret: Buffer, chain: 'events' | 'audit', id: number, link: string): string {
  return createHmac('sha256', secret).update(`${chain}\n${id}\n${link}`).digest('hex');
}
