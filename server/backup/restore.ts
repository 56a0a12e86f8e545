/**
 * Puts a backup in the database's place. Refused, with nothing changed, when the file does not verify
 * (integrity, history, a schema newer than this program, a checksum other than its manifest's) or a
 * server is using the database. The database it replaces is checkpointed and kept aside under
 * `<database>.replaced-<time>` (with its -wal and -shm, if any remain), never deleted.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { toVnIso } from '../../shared/time.ts';
import type { Clock } from '../clock.ts';
import { BackupError, type SnapshotFacts, readManifest, takenAtOf, verifySnapshot } from './backup.ts';
import { copyPrivateFile, fsyncDir, makePrivateDir, privateDbFiles, sha256File } from './files.ts';
import { serveLockPath, tryServeLock } from './serve-lock.ts';

export interface RestoreReport {
  readonly file: string;
  readonly target: string;
  readonly takenAt: string;
  readonly sha256: string;
  readonly facts: SnapshotFacts;
  /** Where the replaced database (and its -wal/-shm) now are; empty when there was none. */
  readonly putAside: readonly string[];
}

export function restoreBackup(file: string, target: string, options: { programSchema: number; clock: Clock }): RestoreReport {
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`${file} is not a file`);
  if (resolve(file) === resolve(target) || resolve(file).startsWith(`${resolve(target)}-`)) throw new BackupError(`${file} is the database itself: give a backup file`);
  const facts = verifySnapshot(file, { programSchema: options.programSchema });
  const sha256 = sha256File(file);
  let manifest = null;
  try {
    manifest = readManifest(dirname(file));
  } catch {
    // A damaged manifest does not make the backup less whole: it has just verified on its own.
  }
  const listed = manifest?.backups.find((b) => b.file === basename(file));
  if (listed && listed.sha256 !== sha256) throw new BackupError(`${file} has changed since it was backed up: its sha256 is ${sha256.slice(0, 16)}, the manifest recorded ${listed.sha256.slice(0, 16)}`);
  makePrivateDir(dirname(target));
  const lock = tryServeLock(target, 'motcua restore');
  if (!lock) throw new BackupError(`a server is using ${target} (it holds ${serveLockPath(target)}): stop it first (e.g. systemctl stop motcua, or Ctrl+C), then restore`);
  try {
    const moved: [from: string, to: string][] = [];
    if (existsSync(target)) {
      // What the replaced database still had in its -wal goes into the file before it is put aside.
      try {
        // Its -wal and -shm, if SQLite makes them now, as private as the file.
        privateDbFiles(target);
        const old = new Database(target, { timeout: 5000 });
        try {
          old.pragma('wal_checkpoint(TRUNCATE)');
        } finally {
          old.close();
        }
      } catch {
        // A damaged database cannot be checkpointed: its -wal and -shm are moved with it below.
      }
      const aside = `${target}.replaced-${toVnIso(options.clock()).replace(/:/g, '-').replace('+07-00', '+0700')}`;
      // The -wal and -shm go first: a -wal left beside the restored file would be applied to it.
      for (const suffix of ['-wal', '-shm', '']) {
        if (!existsSync(`${target}${suffix}`)) continue;
        renameSync(`${target}${suffix}`, `${aside}${suffix}`);
        moved.push([`${target}${suffix}`, `${aside}${suffix}`]);
      }
      fsyncDir(dirname(target));
    }
    try {
      copyPrivateFile(file, target, sha256);
    } catch (e) {
      // The copy did not complete (a full disk): the replaced database goes back where it was.
      for (const [from, to] of moved) renameSync(to, from);
      throw new BackupError(`the backup could not be copied into place (${(e as Error).message}); the database was put back as it was`);
    }
    return { file, target, takenAt: takenAtOf(file, manifest), sha256, facts, putAside: moved.map(([, to]) => to).reverse() };
  } finally {
    lock.release();
  }
}
