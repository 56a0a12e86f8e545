/**
 * Private files: the centre's database holds every applicant's personal data and every lookup key,
 * so whatever MotCua writes of it (the database with its -wal and -shm, backups, the manifest) is
 * readable by the server's account only, whatever the umask; folders it creates for them are 0700.
 * Writes that must survive a power cut go through a temporary name, fsync, rename, fsync of the folder.
 */
import { chmodSync, closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** Creates a folder (and its missing parents) 0700; an existing one is left as it is. Returns whether it was made. */
export function makePrivateDir(dir: string): boolean {
  if (existsSync(dir)) return false;
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  // mkdir's mode passes through the umask: set it exactly.
  chmodSync(dir, PRIVATE_DIR);
  return true;
}

/**
 * Before SQLite opens a database file: a missing one is created empty and 0600 (SQLite then gives
 * its -wal and -shm the same mode), an existing one and its -wal and -shm are tightened to 0600.
 * Returns the files that were readable by others and no longer are.
 */
export function privateDbFiles(path: string): string[] {
  if (!existsSync(path)) {
    closeSync(openSync(path, 'a', PRIVATE_FILE));
    chmodSync(path, PRIVATE_FILE);
    return [];
  }
  const tightened: string[] = [];
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    let mode: number;
    try {
      mode = statSync(file).mode & 0o777;
    } catch {
      continue;
    }
    if (mode & 0o077) {
      chmodSync(file, mode & 0o700);
      tightened.push(file);
    }
  }
  return tightened;
}

export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename or a new file in the folder durable. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(1 << 20);
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** A temporary name beside `path`, hidden, with the process id: never taken for a finished file. */
export function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
}

/** Writes a whole file or nothing: a temporary file 0600, fsync, rename over `path`, fsync of the folder. */
export function writePrivateFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = temporaryName(path);
  const fd = openSync(temporary, 'wx', PRIVATE_FILE);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw e;
  }
  closeSync(fd);
  chmodSync(temporary, PRIVATE_FILE);
  renameSync(temporary, path);
  fsyncDir(dirname(path));
}

/**
 * Copies a file to `target` the same way (temporary 0600, fsync, rename, fsync of the folder) and
 * compares the copy's sha256 with `sha256` before it takes the final name. Throws when they differ.
 */
export function copyPrivateFile(source: string, target: string, sha256: string): void {
  const temporary = temporaryName(target);
  const input = openSync(source, 'r');
  let output: number | undefined;
  try {
    output = openSync(temporary, 'wx', PRIVATE_FILE);
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(input, buffer, 0, buffer.length, null);
      if (n === 0) break;
      let written = 0;
      while (written < n) written += writeSync(output, buffer, written, n - written);
    }
    fsyncSync(output);
    if (fstatSync(output).size !== fstatSync(input).size) throw new Error('the copy is not the size of the original');
    closeSync(output);
    output = undefined;
    const copied = sha256File(temporary);
    if (copied !== sha256) throw new Error(`the copy's checksum ${copied.slice(0, 16)} differs from the original's ${sha256.slice(0, 16)}`);
    chmodSync(temporary, PRIVATE_FILE);
    renameSync(temporary, target);
    fsyncDir(dirname(target));
  } catch (e) {
    if (output !== undefined) closeSync(output);
    rmSync(temporary, { force: true });
    throw e;
  } finally {
    closeSync(input);
  }
}
