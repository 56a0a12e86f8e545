/**
 * The running server's backups on a timer. The snapshot and its verification take about a second on
 * a large database and are synchronous SQLite work, so they never run on the server's event loop:
 * each backup is `motcua backup --scheduled --json` in a child process with its own connection (the
 * same code an administrator runs). A failure is logged and kept for the health and metrics code
 * (`backupStatus()`); the next attempt comes at the next period.
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { parseIsoInstant } from '../../shared/time.ts';
import { type BackupSchedule, PROJECT_ROOT } from '../config.ts';
import { readManifest } from './backup.ts';

export interface BackupStatus {
  /** When the last verified backup was taken (from the manifest at start, then from each run); null: none yet. */
  readonly lastOkAt: Date | null;
  /** Why the last scheduled backup (or one of its copies) failed; null after a backup that fully succeeded. */
  readonly lastError: string | null;
  readonly lastFile: string | null;
}

export type BackupLog = (level: 'info' | 'error', message: string, details?: Record<string, unknown>) => void;

export interface BackupScheduler {
  status(): BackupStatus;
  /** Runs a backup now (waits for one already running instead of starting a second). */
  runNow(): Promise<BackupStatus>;
  /** Stops the timer; a backup under way is stopped too (its temporary file is cleared by the next one). */
  stop(): Promise<void>;
}

/** What one child run reported. */
export interface RunOutcome {
  readonly ok: boolean;
  readonly takenAt?: string;
  readonly file?: string;
  readonly error?: string;
  readonly copyErrors?: readonly string[];
  readonly ms?: number;
}

/** The first backup after a start, when none is due earlier: the start-up itself goes first. */
const FIRST_DELAY_MS = 60_000;
/** A backup still running after this long is stopped and reported. */
const RUN_TIMEOUT_MS = 30 * 60_000;

let current: BackupScheduler | null = null;

/** The running server's backups, for /metrics and /api/health ("backup age"); all null when no schedule runs. */
export function backupStatus(): BackupStatus {
  return current?.status() ?? { lastOkAt: null, lastError: null, lastFile: null };
}

export function startBackupSchedule(deps: { dbPath: string; schedule: BackupSchedule; log: BackupLog; run?: (args: string[]) => Promise<RunOutcome>; now?: () => Date }): BackupScheduler {
  const { schedule, log } = deps;
  const now = deps.now ?? (() => new Date());
  const run = deps.run ?? runCli;
  let lastOkAt: Date | null = null;
  let lastFile: string | null = null;
  let lastError: string | null = null;
  try {
    const newest = [...readManifest(schedule.dir).backups].sort((a, b) => b.takenAt.localeCompare(a.takenAt))[0];
    if (newest) {
      lastOkAt = parseIsoInstant(newest.takenAt);
      lastFile = join(schedule.dir, newest.file);
    }
  } catch (e) {
    lastError = (e as Error).message;
  }
  const args = [
    'backup', '--scheduled', '--json', '--db', deps.dbPath, '--to', schedule.dir,
    '--keep-hourly', String(schedule.keep.hourly), '--keep-daily', String(schedule.keep.daily), '--keep-monthly', String(schedule.keep.monthly),
    ...schedule.copyTo.flatMap((d) => ['--copy-to', d]),
  ];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<BackupStatus> | null = null;
  let stopped = false;
  const status = (): BackupStatus => ({ lastOkAt, lastError, lastFile });

  const once = async (): Promise<BackupStatus> => {
    const outcome = await run(args).catch((e: unknown): RunOutcome => ({ ok: false, error: (e as Error).message }));
    if (outcome.ok) {
      lastOkAt = (outcome.takenAt ? parseIsoInstant(outcome.takenAt) : null) ?? now();
      lastFile = outcome.file ?? null;
      lastError = outcome.copyErrors?.length ? outcome.copyErrors.join('; ') : null;
      if (lastError) log('error', `backup: ${lastFile} verified, but a copy failed: ${lastError}`, { file: lastFile });
      else log('info', `backup: ${lastFile} verified`, { file: lastFile, ms: outcome.ms });
    } else if (!stopped) {
      lastError = outcome.error ?? 'the backup failed';
      log('error', `backup FAILED: ${lastError}`, { dir: schedule.dir });
    }
    return status();
  };
  const runNow = () => {
    running ??= once().finally(() => {
      running = null;
    });
    return running;
  };
  const plan = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => void runNow().then(() => plan(schedule.everyMs)), delay);
    // The timer never keeps a stopping process alive.
    timer.unref();
  };
  const due = lastOkAt ? lastOkAt.getTime() + schedule.everyMs - now().getTime() : 0;
  plan(Math.max(due, FIRST_DELAY_MS));

  const scheduler: BackupScheduler = {
    status,
    runNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      stopRunning?.();
      await running?.catch(() => undefined);
      if (current === scheduler) current = null;
    },
  };
  let stopRunning: (() => void) | undefined;
  current = scheduler;
  return scheduler;

  /** `motcua backup --json` in a child process (at a lower priority: yieldToServer); its last stdout line is the outcome. */
  function runCli(cliArgs: string[]): Promise<RunOutcome> {
    return new Promise((resolve) => {
      // The command line as an administrator runs it (bin/motcua.js: the compiled file while it is
      // current, else tsx), with this process's Node, from the project's folder.
      const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'motcua.js'), ...cliArgs], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      yieldToServer(child.pid);
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => void (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => void (err += c.toString()));
      const kill = () => child.kill('SIGTERM');
      stopRunning = kill;
      const timeout = setTimeout(kill, RUN_TIMEOUT_MS).unref();
      child.on('error', (e) => resolve({ ok: false, error: e.message }));
      child.on('close', (code, signal) => {
        clearTimeout(timeout);
        stopRunning = undefined;
        const last = out.trim().split('\n').pop() ?? '';
        const reported = parseReport(last);
        if (reported?.ok) {
          return resolve({
            ok: true,
            ...(reported.entry ? { takenAt: reported.entry.takenAt } : {}),
            ...(reported.path ? { file: reported.path } : {}),
            ...(reported.ms !== undefined ? { ms: reported.ms } : {}),
            copyErrors: (reported.copies ?? []).filter((c) => !c.ok).map((c) => `copy to ${c.dir}: ${c.error}`),
          });
        }
        const why = reported?.error ?? (err.trim().split('\n').slice(-3).join(' ') || `the backup process ended with ${signal ?? `code ${code}`}`);
        resolve({ ok: false, error: why });
      });
    });
  }
}

interface ChildReport {
  ok?: boolean;
  error?: string;
  path?: string;
  entry?: { takenAt: string };
  copies?: { dir: string; ok: boolean; error?: string }[];
  ms?: number;
}

function parseReport(line: string): ChildReport | null {
  try {
    return JSON.parse(line) as ChildReport;
  } catch {
    return null;
  }
}

/**
 * How much lower a scheduled backup runs than the server (Unix niceness, 0–19): the snapshot and its
 * verification (every event's link and tag read again) take a core for a second or two, and on a
 * small server that core is the kiosk's and the counters'. A backup is never urgent; an answer is.
 */
export const BACKUP_NICENESS = 10;

/** Lowers a backup process's priority (where the system allows; a backup runs either way). */
export function yieldToServer(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    setPriority(pid, BACKUP_NICENESS);
  } catch {
    // Not permitted here (a restricted container): the backup runs at the server's priority.
  }
}
