/**
 * `/api/health`: is the server able to do the centre's work? Public (a monitor, a load balancer and
 * `motcua serve`'s own start-up check read it without a login), so it says nothing sensitive: no
 * path, no error text, no personal data — a status, the database's schema version and mode, the free
 * space of the disk holding the database, and the age of the last backup.
 *
 * `ok`: all well. `warning` (still 200): the disk is nearly full, or the backup is late or failing —
 * someone must act soon. `failing` (503): the database does not answer.
 */
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { toVnIso } from '../../shared/time.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { databaseMode } from '../training/mode.ts';
import { opsRepo } from './repo.ts';

/** What the backup engine says of itself (injected: server/app.ts's AppDeps.backupStatus). */
export interface BackupStatus {
  readonly lastOkAt: Date | null;
  readonly lastError: string | null;
}

/** A backup older than this is late (the schedule makes one every hour; a day's gap is a problem). */
export const BACKUP_LATE_HOURS = 25;
/** The disk's figures are read again after this long (a request never waits for statfs twice a second). */
const DISK_TTL_MS = 5_000;
/** The database is asked at most this often (a monitor polls every few seconds; a load test must not measure SQLite). */
const DATABASE_TTL_MS = 1_000;
/** A low disk is logged at most this often (the periodic check and every health read would repeat it). */
const DISK_WARN_EVERY_MS = 10 * 60_000;

export interface DiskState {
  readonly freeBytes: number;
  readonly totalBytes: number;
  readonly low: boolean;
}

export interface Health {
  status: 'ok' | 'warning' | 'failing';
  database: { ok: true; schemaVersion: number; mode: string } | { ok: false };
  disk: { freeBytes: number; totalBytes: number; freePercent: number; low: boolean } | null;
  backup?: { lastOkAt: string | null; ageSeconds: number | null; lastFailed: boolean };
  /** What needs doing, Vietnamese first. */
  warnings: string[];
}

export function healthService(deps: {
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
  diskWarnBytes: number;
  diskWarnPercent: number;
  backupStatus?: () => BackupStatus;
}) {
  const { db, clock, log } = deps;
  const repo = opsRepo(db);
  const mode = databaseMode(db);
  // The database's own file (better-sqlite3 knows it), so the disk is the one it lives on.
  const dir = db.name && db.name !== ':memory:' ? dirname(db.name) : null;
  let disk: { at: number; state: DiskState | null } | null = null;
  let reading: Promise<DiskState | null> | null = null;
  let warnedAt = -Infinity;
  let asked: { at: number; database: Health['database'] } | null = null;

  /** Whether a query answers, and the schema version it reads; remembered for a second when it does. */
  function databaseState(): Health['database'] {
    const now = Date.now();
    if (asked && now - asked.at < DATABASE_TTL_MS) return asked.database;
    try {
      const database = { ok: true as const, schemaVersion: repo.schemaVersion(), mode };
      asked = { at: now, database };
      return database;
    } catch (err) {
      log.error({ err }, 'health: the database does not answer');
      asked = null;
      return { ok: false };
    }
  }

  async function readDisk(): Promise<DiskState | null> {
    if (!dir) return null;
    try {
      const s = await statfs(dir);
      const freeBytes = s.bavail * s.bsize;
      const totalBytes = s.blocks * s.bsize;
      const low = freeBytes < deps.diskWarnBytes || (totalBytes > 0 && (freeBytes / totalBytes) * 100 < deps.diskWarnPercent);
      return { freeBytes, totalBytes, low };
    } catch (err) {
      log.warn({ err }, 'disk: cannot read the free space of the database disk');
      return null;
    }
  }

  /** The disk's figures, read at most every few seconds; a low disk is logged as a warning. */
  async function diskState(): Promise<DiskState | null> {
    const now = Date.now();
    if (disk && now - disk.at < DISK_TTL_MS) return disk.state;
    reading ??= readDisk().finally(() => (reading = null));
    const state = await reading;
    disk = { at: now, state };
    if (state?.low && now - warnedAt >= DISK_WARN_EVERY_MS) {
      warnedAt = now;
      log.warn({ freeBytes: state.freeBytes, totalBytes: state.totalBytes }, 'disk: the disk holding the database is nearly full');
    }
    return state;
  }

  async function check(): Promise<Health> {
    const warnings: string[] = [];
    const database = databaseState();
    const state = await diskState();
    if (state?.low) warnings.push('Ổ đĩa chứa cơ sở dữ liệu sắp đầy: cần giải phóng chỗ trống. (The disk holding the database is nearly full.)');
    const health: Health = {
      status: 'ok',
      database,
      disk: state ? { freeBytes: state.freeBytes, totalBytes: state.totalBytes, freePercent: state.totalBytes ? Math.round((state.freeBytes / state.totalBytes) * 1000) / 10 : 0, low: state.low } : null,
      warnings,
    };
    if (deps.backupStatus) {
      const { lastOkAt, lastError } = deps.backupStatus();
      const ageSeconds = lastOkAt ? Math.max(0, Math.round((clock().getTime() - lastOkAt.getTime()) / 1000)) : null;
      health.backup = { lastOkAt: lastOkAt ? toVnIso(lastOkAt) : null, ageSeconds, lastFailed: lastError !== null };
      if (lastError !== null) warnings.push('Lần sao lưu gần nhất bị lỗi: xem nhật ký máy chủ. (The last backup failed: see the server log.)');
      if (ageSeconds === null) warnings.push('Chưa có bản sao lưu nào. (No backup yet.)');
      else if (ageSeconds > BACKUP_LATE_HOURS * 3600) warnings.push(`Bản sao lưu gần nhất đã quá ${BACKUP_LATE_HOURS} giờ. (The last backup is over ${BACKUP_LATE_HOURS} hours old.)`);
    }
    health.status = !database.ok ? 'failing' : warnings.length ? 'warning' : 'ok';
    return health;
  }

  return { check, diskState };
}
