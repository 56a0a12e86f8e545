/**
 * Password hashes with scrypt (node:crypto), stored as `scrypt$N$r$p$salt$hash` so the cost can be
 * raised later without invalidating existing hashes.
 *
 * The server hashes on libuv's thread pool (`scrypt` with a callback), never on the event loop: a
 * hash costs tens of milliseconds of CPU, and run synchronously a storm of wrong logins froze every
 * kiosk lookup behind it (1 req/s instead of thousands). The command line may hash synchronously.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';

const N = 16384; // 2^14: ~30 ms a login on this hardware, cheap for staff, costly for a brute force
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/**
 * Off the event loop is not enough on a small machine: four pool threads hashing flat out take both
 * cores of a 2-core centre PC from the loop that answers the kiosks. So hashes run at most one per two
 * cores at once, and a queue longer than MAX_WAITING (a storm: staff log in a few times a day) is
 * refused at once rather than grown without end — the kiosks keep their latency, a login in a storm
 * waits up to a couple of seconds or is asked to try again (HashQueueFull).
 */
export const HASH_CONCURRENCY = Math.max(1, Math.floor(availableParallelism() / 2));
export const MAX_WAITING = 32;

export class HashQueueFull extends Error {
  constructor() {
    super('too many password checks waiting');
    this.name = 'HashQueueFull';
  }
}

let running = 0;
const waiting: (() => void)[] = [];

async function inHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running < HASH_CONCURRENCY) running++;
  else {
    if (waiting.length >= MAX_WAITING) throw new HashQueueFull();
    await new Promise<void>((resolve) => waiting.push(resolve)); // the finishing hash hands over its slot
  }
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function scryptAsync(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return inHashSlot(() => new Promise((resolve, reject) => scrypt(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key)))));
}

/** How many hashes run and wait now (for tests and figures). */
export const hashQueue = () => ({ running, waiting: waiting.length });

const format = (salt: Buffer, hash: Buffer) => `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;

/** A new hash, computed on the thread pool (request paths). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return format(salt, await scryptAsync(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P }));
}

/** The same on the calling thread: for the command line and seeding, never in the server's request paths. */
export function hashPasswordSync(password: string): string {
  const salt = randomBytes(16);
  return format(salt, scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P }));
}

function parse(stored: string) {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  return { salt: Buffer.from(salt, 'base64'), expected: Buffer.from(hash, 'base64'), options: { N: Number(n), r: Number(r), p: Number(p) } };
}

/** Whether `password` matches `stored`, computed on the thread pool. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = await scryptAsync(password.normalize('NFC'), parsed.salt, parsed.expected.length, parsed.options);
  return timingSafeEqual(actual, parsed.expected);
}

// Spent on unknown usernames so that a wrong name and a wrong password take the same time.
export const DUMMY_HASH = hashPasswordSync('not-a-real-password');
