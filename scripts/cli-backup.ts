/**
 * `motcua backup` and `motcua restore`: verified snapshots of the live database, and putting one back.
 * The server's schedule runs `motcua backup --scheduled --json` in a child process (the same code an
 * administrator runs by hand).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BackupError, type BackupResult, takeBackup } from '../server/backup/backup.ts';
import { DEFAULT_KEEP, type Keep } from '../server/backup/generations.ts';
import { restoreBackup } from '../server/backup/restore.ts';
import { systemClock } from '../server/clock.ts';
import { type BackupSchedule, ConfigError, DEFAULT_BACKUP_EVERY_MS, dataDirPaths, parseEvery, parseKeepCount } from '../server/config.ts';
import { defaultBackupDir, listMigrations, openDb } from '../server/db/open.ts';
import { CliFailure, UsageError, dbPath } from './cli.ts';

export const BACKUP_HELP = `motcua backup — a verified copy of the centre's database, safe to take while the server runs

  motcua backup [--db PATH | --data-dir DIR] [--to DIR] [--copy-to DIR]... [--keep-hourly N] [--keep-daily N] [--keep-monthly N]
      writes a snapshot with SQLite's VACUUM INTO (consistent while the server keeps writing) to
      a temporary file, fsyncs it, opens it read-only and verifies it: SQLite's integrity check, the
      history chain and the dossiers against their history (what "motcua audit verify" checks), and
      that its last history event has the same link as in the database; only then renames it to
      DIR/motcua-<time>.db (e.g. motcua-2026-12-06T10-15-00+0700.db, the centre's time). A backup
      that fails is deleted: exit 1 with the reason. Files are readable by this account only (0600), the folder 0700.
      --to DIR       the backup folder; default backups/ beside the database (DATA/backups with a data
                     directory). It holds manifest.json: each backup's sha256, schema version, last event
                     and link, dossier count, when taken and verified.
      --copy-to DIR  after verification, also copy it to DIR (another disk, a mounted share; repeatable):
                     written under a temporary name, fsynced, compared by sha256, then renamed. A failed
                     copy is reported (exit 1) and the local backup stays.
      --keep-hourly N, --keep-daily N, --keep-monthly N
                     generations kept in each folder: the newest backup of each of the last N hours
                     (default ${DEFAULT_KEEP.hourly}), days (${DEFAULT_KEEP.daily}) and months (${DEFAULT_KEEP.monthly}) that have one; the rest are
                     deleted. The newest is always kept; backups taken before a migration are never pruned.
  The running server also backs up on a timer (motcua serve --backup-every, README "Backups and restore").
  --db PATH / --data-dir DIR: the database (default as for serve).`;

export const RESTORE_HELP = `motcua restore — put a backup in the database's place

  motcua restore FILE [--db PATH | --data-dir DIR]
      verifies FILE as a backup is verified (integrity, history chain, dossiers against their history,
      its checksum against the manifest beside it) and refuses it, changing nothing, when it fails or
      its schema is newer than this program. Refuses while a server is using the database (the server
      holds a lock on <database>.serving for as long as it runs): stop the server first. The database
      it replaces is checkpointed and kept as <database>.replaced-<time> (never deleted). Then says
      what it restored: when the backup was taken, its dossiers, last event and schema. An older
      schema is upgraded when the server next starts (after a backup of its own).`;

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean' } }, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[\w+\]: /, ''));
  }
}

/** The database: --db, else --data-dir's motcua.db, else as every command finds it (MOTCUA_DB, MOTCUA_DATA, the checkout's). */
function databaseOf(v: { db?: string | undefined; 'data-dir'?: string | undefined }, env: NodeJS.ProcessEnv): string {
  if (v.db !== undefined && v['data-dir'] !== undefined) throw new UsageError('give --db or --data-dir, not both');
  return v['data-dir'] !== undefined ? dataDirPaths(v['data-dir']).dbPath : dbPath(v.db, env);
}

export function keepFrom(v: { 'keep-hourly'?: string | undefined; 'keep-daily'?: string | undefined; 'keep-monthly'?: string | undefined }): Keep {
  try {
    return {
      hourly: v['keep-hourly'] !== undefined ? parseKeepCount(v['keep-hourly'], '--keep-hourly') : DEFAULT_KEEP.hourly,
      daily: v['keep-daily'] !== undefined ? parseKeepCount(v['keep-daily'], '--keep-daily') : DEFAULT_KEEP.daily,
      monthly: v['keep-monthly'] !== undefined ? parseKeepCount(v['keep-monthly'], '--keep-monthly') : DEFAULT_KEEP.monthly,
    };
  } catch (e) {
    throw new UsageError((e as ConfigError).message);
  }
}

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

export function cmdBackup(args: string[], env: NodeJS.ProcessEnv): void {
  const v = parse(args, {
    db: { type: 'string' },
    'data-dir': { type: 'string' },
    to: { type: 'string' },
    'copy-to': { type: 'string', multiple: true },
    'keep-hourly': { type: 'string' },
    'keep-daily': { type: 'string' },
    'keep-monthly': { type: 'string' },
    scheduled: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (v.values.help) return void console.log(BACKUP_HELP);
  if (v.positionals.length) throw new UsageError(`unexpected "${v.positionals[0]}": the backup folder is given with --to DIR`);
  const keep = keepFrom(v.values);
  const path = databaseOf(v.values, env);
  if (!existsSync(path)) throw new CliFailure(`no database at ${path}`);
  const dir = resolve(v.values.to ?? defaultBackupDir(path));
  const copyTo = (v.values['copy-to'] ?? []).map((d) => resolve(d));
  // Never migrates: a backup takes the database as it is.
  const db = openDb(path, { migrate: false });
  let result: BackupResult;
  try {
    result = takeBackup(db, { dir, kind: v.values.scheduled ? 'scheduled' : 'manual', clock: systemClock, programSchema: listMigrations().length, keep, copyTo });
  } catch (e) {
    if (v.values.json) console.log(JSON.stringify({ ok: false, error: (e as Error).message }));
    if (e instanceof BackupError) throw new CliFailure(e.message);
    throw new CliFailure(`the backup failed: ${(e as Error).message}`);
  } finally {
    db.close();
  }
  const failedCopies = result.copies.filter((c) => !c.ok);
  if (v.values.json) {
    console.log(JSON.stringify({ ok: true, path: result.path, entry: result.entry, pruned: result.pruned, copies: result.copies, ms: result.ms }));
  } else {
    const e = result.entry;
    console.log(`Backed up ${path} to ${result.path} in ${(result.ms / 1000).toFixed(1)} s (${megabytes(e.bytes)}, sha256 ${e.sha256.slice(0, 16)}…, mode 0600).`);
    console.log(
      `Verified: integrity ok; schema ${e.schema}; ${e.dossiers} dossiers; the history chain holds (${e.events} events)${e.stateChecked ? ' and the dossiers agree with it' : ''}; ` +
        (e.lastEvent ? `last event #${e.lastEvent.id} (${e.lastEventAt}) has the link ${e.lastEvent.link.slice(0, 16)} in the database too.` : 'no history yet.'),
    );
    if (result.pruned.length) console.log(`Pruned ${result.pruned.length} older backup(s) by the generations (${keep.hourly} hourly, ${keep.daily} daily, ${keep.monthly} monthly): ${result.pruned.join(', ')}`);
    for (const c of result.copies) if (c.ok) console.log(`Copied to ${c.dir} (sha256 compared).`);
  }
  if (failedCopies.length) throw new CliFailure(`the backup is kept at ${result.path}, but ${failedCopies.map((c) => `the copy to ${c.dir} failed: ${c.error}`).join('; ')}`);
}

export function cmdRestore(args: string[], env: NodeJS.ProcessEnv): void {
  const v = parse(args, { db: { type: 'string' }, 'data-dir': { type: 'string' } });
  if (v.values.help) return void console.log(RESTORE_HELP);
  const [file, extra] = v.positionals;
  if (!file || extra !== undefined) throw new UsageError('give one backup file, e.g. motcua restore /var/lib/motcua/backups/motcua-2026-12-06T10-15-00+0700.db');
  const target = databaseOf(v.values, env);
  let report;
  try {
    report = restoreBackup(resolve(file), target, { programSchema: listMigrations().length, clock: systemClock });
  } catch (e) {
    if (e instanceof BackupError) throw new CliFailure(`not restored, nothing changed: ${e.message}`);
    throw e;
  }
  const f = report.facts;
  console.log(`Restored ${report.file} to ${report.target} (mode 0600).`);
  console.log(`  backup taken ${report.takenAt}; schema ${f.schema}; ${f.dossiers} dossiers; ${f.events} history events, the last #${f.lastEvent?.id ?? '-'} at ${f.lastEventAt ?? '-'} (link ${f.lastEvent?.link.slice(0, 16) ?? '-'}); sha256 ${report.sha256.slice(0, 16)}…`);
  if (report.putAside.length) console.log(`  the database it replaced is kept aside: ${report.putAside.join(', ')}`);
  else console.log('  there was no database there before.');
  if (f.schema < listMigrations().length) console.log(`  its schema ${f.schema} is older than this program's (${listMigrations().length}): the next start upgrades it, after a backup.`);
  console.log('Anything recorded after the backup was taken is not in it: enter it again from the paper receipts.');
}

/** serve's flags for where the database is and its scheduled backups. */
export const SERVE_BACKUP_OPTIONS = {
  'data-dir': { type: 'string' },
  'backup-dir': { type: 'string' },
  'backup-every': { type: 'string' },
  'backup-copy-to': { type: 'string', multiple: true },
  'keep-hourly': { type: 'string' },
  'keep-daily': { type: 'string' },
  'keep-monthly': { type: 'string' },
} as const;

interface ServeFlags {
  db?: string | undefined;
  'data-dir'?: string | undefined;
  'backup-dir'?: string | undefined;
  'backup-every'?: string | undefined;
  'backup-copy-to'?: string[] | undefined;
  'keep-hourly'?: string | undefined;
  'keep-daily'?: string | undefined;
  'keep-monthly'?: string | undefined;
}

/** The database serve opens, and whether it is in a data directory (which turns the schedule on by default). */
export function serveDatabase(v: ServeFlags, env: NodeJS.ProcessEnv): { dbPath: string; dataDir: string | null } {
  if (v.db !== undefined && v['data-dir'] !== undefined) throw new UsageError('give --db or --data-dir, not both');
  if (v['data-dir'] !== undefined) return { dbPath: dataDirPaths(v['data-dir']).dbPath, dataDir: resolve(v['data-dir']) };
  if (v.db === undefined && !env.MOTCUA_DB && env.MOTCUA_DATA) return { dbPath: dataDirPaths(env.MOTCUA_DATA).dbPath, dataDir: resolve(env.MOTCUA_DATA) };
  return { dbPath: dbPath(v.db, env), dataDir: null };
}

export function serveBackup(v: ServeFlags, database: { dbPath: string; dataDir: string | null }): BackupSchedule | null {
  let everyMs: number | null;
  try {
    everyMs = v['backup-every'] !== undefined ? parseEvery(v['backup-every'], '--backup-every') : database.dataDir || v['backup-dir'] ? DEFAULT_BACKUP_EVERY_MS : null;
  } catch (e) {
    throw new UsageError((e as ConfigError).message);
  }
  const keep = keepFrom(v);
  if (everyMs === null) {
    if (v['backup-dir'] !== undefined || v['backup-copy-to'] !== undefined) throw new UsageError('--backup-dir and --backup-copy-to need the schedule: not with --backup-every off');
    return null;
  }
  return { dir: resolve(v['backup-dir'] ?? defaultBackupDir(database.dbPath)), everyMs, keep, copyTo: (v['backup-copy-to'] ?? []).map((d) => resolve(d)) };
}
