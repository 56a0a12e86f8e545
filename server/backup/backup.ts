/**
 * Backups of the live database. `VACUUM INTO` writes a consistent snapshot from one read transaction
 * while the server keeps writing (better-sqlite3's `.backup()` restarts at every write of another
 * connection and may never finish; a `cp` of the file misses what is still in the -wal). The snapshot
 * goes to a temporary name, is fsynced, opened read-only and verified like `motcua audit verify`
 * does, plus: its last history event has the same link as in the source; only then is it renamed to
 * its final name (and the folder fsynced). A snapshot that fails is deleted and reported. Kept backups are listed in the folder's manifest.json
 * (sha256, schema, last event, dossiers, when, verified) and pruned by generations.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseIsoInstant, toVnIso } from '../../shared/time.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { checkHistory, historyProblem } from '../dossiers/history-check.ts';
import { verifyHistory } from '../history/verify.ts';
import { hasHistoryChain, hasHistoryProtection, historyRepo } from '../dossiers/history-repo.ts';
import { PRIVATE_FILE, copyPrivateFile, fsyncDir, fsyncFile, makePrivateDir, sha256File, temporaryName, writePrivateFileAtomic } from './files.ts';
import { DEFAULT_KEEP, type Keep, backupsToKeep } from './generations.ts';
import { holdExclusiveLock, vacuumInto } from './repo.ts';

/** A backup that could not be made or did not verify (deleted), or a file that must not be restored: the message says why. */
export class BackupError extends Error {}

export type BackupKind = 'manual' | 'scheduled' | 'pre-migration';

export interface SnapshotFacts {
  /** PRAGMA user_version: the migrations applied. */
  readonly schema: number;
  readonly dossiers: number;
  /** The history's last sealed event and its link; null for a database without history. */
  readonly lastEvent: { readonly id: number; readonly link: string } | null;
  /** When the history's last event happened (a restore says how recent the backup is). */
  readonly lastEventAt: string | null;
  readonly events: number;
  /** Whether the dossiers' rows were checked against their history (only at the program's own schema). */
  readonly stateChecked: boolean;
}

export interface BackupEntry extends SnapshotFacts {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly kind: BackupKind;
  /** When the snapshot was taken (ISO 8601, +07:00). */
  readonly takenAt: string;
  readonly verifiedAt: string;
  readonly verified: true;
}

export interface Manifest {
  readonly format: 1;
  readonly backups: readonly BackupEntry[];
}

export const MANIFEST = 'manifest.json';
const LOCK = '.motcua-backup.lock';

/**
 * Opens a backup read-only and checks it: integrity, a schema this program knows, the history chain
 * and (at the program's schema) the rows against the history; with `source`, the backup's last event
 * must have the same link in the source (the source is append-only: that is the source's state at
 * the snapshot). Throws BackupError with the reason.
 */
export function verifySnapshot(file: string, options: { programSchema: number; source?: Db }): SnapshotFacts {
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new BackupError(`${file} cannot be opened as a SQLite database: ${(e as Error).message}`);
  }
  try {
    let integrity: string;
    try {
      integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    } catch (e) {
      throw new BackupError(`${file} is not a sound SQLite database: ${(e as Error).message}`);
    }
    if (integrity !== 'ok') throw new BackupError(`${file} fails SQLite's integrity check: ${integrity.slice(0, 300)}`);
    const schema = db.pragma('user_version', { simple: true }) as number;
    if (schema > options.programSchema) throw new BackupError(`${file} is at schema version ${schema}, newer than this program (${options.programSchema}): upgrade MotCua first`);
    if (schema === 0) throw new BackupError(`${file} is not a MotCua database (no schema version)`);
    // A database from before the history chain (migration 004): its integrity is all there is to check.
    if (!hasHistoryChain(db)) return { schema, dossiers: historyRepo(db).dossierCount(), lastEvent: null, lastEventAt: null, events: 0, stateChecked: false };
    const stateChecked = schema === options.programSchema;
    let lastEvent: { id: number; link: string } | null;
    let events: number;
    if (hasHistoryProtection(db)) {
      // Everything `motcua audit verify` checks: both chains, the signed anchors against the public key
      // recorded in the file, the staff states, and (at this program's schema) the rows against history.
      const verdict = verifyHistory(db, { state: stateChecked });
      if (!verdict.ok) throw new BackupError(`${file}: ${verdict.problems.slice(0, 3).map((p) => p.message).join('; ')}`);
      lastEvent = verdict.events.head;
      events = verdict.events.rows;
    } else {
      // From before the history's protection (a backup taken before that migration): its chain, as
      // that version linked it.
      const check = checkHistory(db, { state: false });
      const problem = historyProblem(check);
      if (problem) throw new BackupError(`${file}: ${problem}`);
      lastEvent = check.lastLink ? { id: check.lastLink.event_id, link: check.lastLink.hash } : null;
      events = check.chain.events;
    }
    const repo = historyRepo(db);
    if (options.source && lastEvent) {
      const sourceLink = historyRepo(options.source).linkOf(lastEvent.id);
      if (sourceLink !== lastEvent.link) {
        throw new BackupError(`${file}: its last event #${lastEvent.id} has the link ${lastEvent.link.slice(0, 16)}, the database ${sourceLink ? `has ${sourceLink.slice(0, 16)}` : 'has no such event'}: the snapshot is not the database's history`);
      }
    }
    return { schema, dossiers: repo.dossierCount(), lastEvent, lastEventAt: repo.lastEvent()?.at ?? null, events, stateChecked };
  } finally {
    db.close();
  }
}

export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return { format: 1, backups: [] };
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    if (parsed.format !== 1 || !Array.isArray(parsed.backups)) throw new Error('not a MotCua backup manifest');
    return parsed;
  } catch (e) {
    throw new BackupError(`${path} cannot be read: ${(e as Error).message}. Move it aside; the backups beside it are still whole and each verifies on restore.`);
  }
}

function writeManifest(dir: string, manifest: Manifest): void {
  writePrivateFileAtomic(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Runs `fn` holding the folder's lock (an exclusive SQLite lock on a small file, released by the
 * system if the process dies): two backups into one folder, or a backup and a prune, never interleave.
 */
function withFolderLock<T>(dir: string, fn: () => T): T {
  const path = join(dir, LOCK);
  if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE));
  const lock = new Database(path, { timeout: 120_000 });
  try {
    holdExclusiveLock(lock, { pid: process.pid, what: 'motcua backup', since: new Date().toISOString() });
    return fn();
  } finally {
    lock.close();
  }
}

/** motcua-2026-12-06T10-15-00+0700.db: the centre's time, sortable, without a colon (for Windows shares). */
export function backupName(takenAt: Date, options: { preMigrationOf?: number; taken?: (name: string) => boolean } = {}): string {
  const stamp = toVnIso(takenAt).replace(/:/g, '-').replace('+07-00', '+0700');
  const suffix = options.preMigrationOf !== undefined ? `-schema${options.preMigrationOf}-pre-migration` : '';
  for (let n = 1; ; n++) {
    const name = `motcua-${stamp}${n > 1 ? `-${n}` : ''}${suffix}.db`;
    if (!options.taken?.(name)) return name;
  }
}

/** When a backup file was taken: its manifest entry, else its name, else its modification time. */
export function takenAtOf(file: string, manifest: Manifest | null): string {
  const entry = manifest?.backups.find((b) => b.file === basename(file));
  if (entry) return entry.takenAt;
  const m = /motcua-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})\+0700/.exec(basename(file));
  const fromName = m ? parseIsoInstant(`${m[1]}T${m[2]}:${m[3]}:${m[4]}+07:00`) : null;
  return toVnIso(fromName ?? statSync(file).mtime);
}

export interface CopyOutcome {
  readonly dir: string;
  readonly ok: boolean;
  readonly error?: string;
}

export interface BackupResult {
  readonly path: string;
  readonly entry: BackupEntry;
  /** Files pruned from the backup folder by the generations. */
  readonly pruned: readonly string[];
  readonly copies: readonly CopyOutcome[];
  readonly ms: number;
  /** Where the time went: the snapshot (VACUUM INTO and fsync), the verification, the checksum. */
  readonly phases: { readonly snapshotMs: number; readonly verifyMs: number; readonly checksumMs: number };
}

export interface BackupOptions {
  readonly dir: string;
  readonly kind: BackupKind;
  readonly clock: Clock;
  /** The number of migrations this program has (a newer backup is refused). */
  readonly programSchema: number;
  readonly keep?: Keep;
  /** Second places (another disk, a mounted share): each gets a copy after verification, checksummed. */
  readonly copyTo?: readonly string[];
  /** A pre-migration backup's name says the schema it was taken at. */
  readonly preMigrationOf?: number;
}

/**
 * Takes a verified backup of `source` into `options.dir` (created 0700), records it in the
 * manifest, prunes by generations (never a pre-migration backup, never the newest) and copies it to
 * each `copyTo` folder (which keeps its own manifest and generations). A failed copy is reported in
 * the result; the local backup stays. Synchronous: run it in a process or thread of its own, never
 * on the server's event loop.
 */
export function takeBackup(source: Db, options: BackupOptions): BackupResult {
  const started = performance.now();
  makePrivateDir(options.dir);
  return withFolderLock(options.dir, () => {
    clearStaleTemporaries(options.dir);
    const takenAt = options.clock();
    const name = backupName(takenAt, { ...(options.preMigrationOf !== undefined ? { preMigrationOf: options.preMigrationOf } : {}), taken: (n) => existsSync(join(options.dir, n)) });
    const path = join(options.dir, name);
    const temporary = temporaryName(path);
    // VACUUM INTO takes an empty file: made 0600 first, so the snapshot is never readable by others.
    closeSync(openSync(temporary, 'wx', PRIVATE_FILE));
    const t0 = performance.now();
    try {
      vacuumInto(source, temporary);
      fsyncFile(temporary);
    } catch (e) {
      rmSync(temporary, { force: true });
      throw new BackupError(`the snapshot could not be written to ${options.dir}: ${(e as Error).message}`);
    }
    const t1 = performance.now();
    // Verified before it gets its final name: a backup stopped half-way (the server shutting down)
    // leaves only a temporary file, cleared by the next one, never an unverified motcua-….db.
    let facts: SnapshotFacts;
    try {
      facts = verifySnapshot(temporary, { programSchema: options.programSchema, source });
    } catch (e) {
      rmSync(temporary, { force: true });
      throw e instanceof BackupError ? new BackupError(`the backup failed verification and was deleted: ${e.message.replaceAll(temporary, path)}`) : e;
    }
    const t2 = performance.now();
    const sha256 = sha256File(temporary);
    const t3 = performance.now();
    renameSync(temporary, path);
    fsyncDir(options.dir);
    const entry: BackupEntry = {
      file: name,
      sha256,
      bytes: statSync(path).size,
      kind: options.kind,
      takenAt: toVnIso(takenAt),
      verifiedAt: toVnIso(options.clock()),
      verified: true,
      ...facts,
    };
    const keep = options.keep ?? DEFAULT_KEEP;
    const pruned = record(options.dir, entry, keep);
    const copies = (options.copyTo ?? []).map((dir): CopyOutcome => {
      try {
        makePrivateDir(dir);
        withFolderLock(dir, () => {
          clearStaleTemporaries(dir);
          copyPrivateFile(path, join(dir, name), entry.sha256);
          record(dir, entry, keep);
        });
        return { dir, ok: true };
      } catch (e) {
        return { dir, ok: false, error: (e as Error).message };
      }
    });
    const phases = { snapshotMs: Math.round(t1 - t0), verifyMs: Math.round(t2 - t1), checksumMs: Math.round(t3 - t2) };
    return { path, entry, pruned, copies, ms: Math.round(performance.now() - started), phases };
  });
}

/** Temporary files of a backup or copy that was stopped (the folder's lock is held: none is in progress). */
function clearStaleTemporaries(dir: string): void {
  for (const f of readdirSync(dir)) if (/^\.motcua-.*\.tmp$/.test(f) || /^\.manifest\.json\..*\.tmp$/.test(f)) rmSync(join(dir, f), { force: true });
}

/** Adds `entry` to the folder's manifest, deletes the backups the generations no longer keep, writes the manifest. */
function record(dir: string, entry: BackupEntry, keep: Keep): string[] {
  // Entries whose file is gone (deleted by hand) are dropped: the manifest lists what is there.
  const present = readManifest(dir).backups.filter((b) => b.file !== entry.file && existsSync(join(dir, b.file)));
  const all = [...present, entry];
  // Only the schedule's own backups rotate: one taken before a migration, or by an administrator
  // (before an upgrade, say), stays until removed by hand.
  const rotating = all.filter((b) => b.kind === 'scheduled');
  const kept = backupsToKeep(rotating.map((b) => ({ file: b.file, takenAt: parseIsoInstant(b.takenAt) ?? new Date(0) })), keep);
  const pruned = rotating.filter((b) => !kept.has(b.file)).map((b) => b.file);
  // The manifest first: it never lists a file that is gone.
  writeManifest(dir, { format: 1, backups: all.filter((b) => !pruned.includes(b.file)) });
  for (const file of pruned) rmSync(join(dir, file), { force: true });
  if (pruned.length) fsyncDir(dir);
  return pruned;
}
