/**
 * `motcua`: the centre server's command line. Every command has --help; a bad argument prints what is
 * wrong and the usage, and exits with status 2 (1 for a failure after the arguments were accepted).
 */
import { constants as fsConstants, accessSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CalendarDay, CalendarYear, OfficialCalendar } from '../shared/calendar.ts';
import { toVnDate, toVnIso } from '../shared/time.ts';
import { ROLE_KEYS, type Role, TIMELINESS_MODES, TIMELINESS_MODE_KEYS, isTimelinessMode } from '../shared/vocabulary.ts';
import { DEFAULT_WEEKLY_HOURS, minutesToHhmm } from '../shared/working-time.ts';
import { auditRepo } from '../server/audit/repo.ts';
import { type CalendarImportRow, calendarRepo } from '../server/calendar/repo.ts';
import { buildCalendar, compareYears, loadOfficialYears, parseCalendarFile, recordCalendarImport } from '../server/calendar/service.ts';
import { CalendarFileError } from '../server/calendar/validate.ts';
import { CONVENTIONS, type OfficeHoursFile, SettingsError, THRESHOLD_SETTINGS, type ThresholdSetting, checkCutoffInHours, parseApologyBoardDays, parseCutoff, parseOfficeHours, parseThreshold } from '../server/catalogue/settings.ts';
import { supervisionRepo } from '../server/supervision/repo.ts';
import { dossierRepo } from '../server/dossiers/repo.ts';
import { AUDIT_HELP, attachHistoryKeyFromEnv, cmdAudit, historyFlags } from './audit-cli.ts';
import { countersService } from '../server/printing/counters.ts';
import { counterRepo } from '../server/printing/repo.ts';
import { authRepo } from '../server/auth/repo.ts';
import { type StaffActor, staffService } from '../server/staff/service.ts';
import { staffRepo } from '../server/staff/repo.ts';
import { cmdUsersUnlock } from './cli-unlock.ts';
import { PASSWORD_MIN_LENGTH } from '../shared/accounts.ts';
import { ERRORS, type FieldProblem } from '../shared/errors.ts';
import { catalogueRepo } from '../server/catalogue/repo.ts';
import { CATALOGUE_DIR, catalogueFor } from '../server/catalogue/service.ts';
import { systemClock } from '../server/clock.ts';
import { ConfigError, DEFAULT_CONFIG, DEFAULT_DB_PATH, DEFAULT_HTTPS_PORT, DEFAULT_SERVE_LOG_LEVEL, LOG_LEVELS, type LogLevel, dataDirPaths, makeConfig, parseLogLevel, parsePort, parseTrustProxy } from '../server/config.ts';
import { BACKUP_HELP, RESTORE_HELP, SERVE_BACKUP_OPTIONS, cmdBackup, cmdRestore, serveBackup, serveDatabase } from './cli-backup.ts';
import { initDatabase } from '../server/db/init.ts';
import { openDb } from '../server/db/open.ts';
import { AppError } from '../server/errors.ts';
import { parseClockFlag } from '../server/training/clock.ts';
import { type CertNames, NameError, hostOrAddress, ipAddress, machineNames, mergeNames } from '../server/tls/names.ts';
import { CA_WARN_DAYS, type CertSummary, SERVER_WARN_DAYS, TLS_FILES, TlsError, defaultTlsDir, describeNames, inspectTls } from '../server/tls/store.ts';
import { decodeUtf8 } from '../server/strict-utf8.ts';

const USAGE = `motcua — the dossier desk of a one-stop public-service centre

Usage:
  motcua serve [--host HOST] [--port PORT] [--db PATH] [--demo] [--training [--clock ISO]] [--https [--tls-dir DIR]]  [--log-level L]
  motcua users add --username U --password P --role ROLE [--department CODE] [--name NAME] [--db PATH]
  motcua users list [--db PATH]
  motcua users set --username U [--role ROLE] [--department CODE|none] [--name NAME] [--db PATH]
  motcua users reset-password --username U --password P [--db PATH]
  motcua users deactivate|activate --username U [--db PATH]
  motcua users unlock --username U [--db PATH]
  motcua calendar show YEAR [--db PATH]
  motcua calendar import FILE [--dry-run] [--db PATH]
  motcua settings show [--db PATH]
  motcua settings set convention|cutoff|office-hours|public-url|supplement-window|discipline-late-steps|serious-apologies|apology-board-days|timeliness VALUE [--db PATH]
  motcua counters add CODE --name NAME [--queue CUPS_QUEUE] [--layout a4|a5|thermal] [--db PATH]
  motcua counters list [--db PATH]
  motcua audit verify [--db PATH]
  motcua tls init [--host NAME]... [--ip ADDR]... [--dir DIR] [--force | --renew]
  motcua tls show [--dir DIR]
  motcua report weekly [--week YYYY-Www] --out FILE.pdf|.csv|.xlsx [--db PATH]
  motcua report scores --month YYYY-MM|--quarter YYYY-Qn|--year YYYY --out FILE.pdf|.csv|.xlsx [--db PATH]
  motcua backup [--db PATH | --data-dir DIR] [--to DIR] [--copy-to DIR]... [--keep-hourly N] [--keep-daily N] [--keep-monthly N]
  motcua restore FILE [--db PATH | --data-dir DIR]
  motcua audit keygen --key PATH
  motcua service install [--user motcua] [--port PORT] [--host HOST] [--dry-run] | uninstall
  motcua help [serve | users | calendar | settings | counters | audit | tls | report | backup | restore | service]

Run "motcua COMMAND --help" for the details of a command.`;

const SERVE_HELP = `motcua serve — run the centre server (API and the /kiosk, /counter, /supervisor screens)

Options:
  --host HOST   address to listen on (env HOST; default ${DEFAULT_CONFIG.host}; 0.0.0.0 for the centre's LAN)
  --port PORT   port (env PORT; default ${DEFAULT_CONFIG.port})
  --db PATH     the centre's SQLite database (env MOTCUA_DB; default data/motcua.db in the checkout).
                A new database gets the schema and the shipped catalogue (data/catalogue/).
  --data-dir DIR  an installed centre's data directory (env MOTCUA_DATA), e.g. /var/lib/motcua: the
                database is DIR/motcua.db, backups go to DIR/backups; created 0700. --db wins.
  --backup-every 30m|1h|6h|1d|off  verified backups while serving, in a child process (see
                "motcua backup"): every hour by default with a data directory, off otherwise.
  --backup-dir DIR  where they go (implies every hour unless --backup-every); default backups/ beside
                the database. --keep-hourly/--keep-daily/--keep-monthly N and --backup-copy-to DIR
                (repeatable) as for "motcua backup". A failed backup is logged.
  --demo        add fictional demo staff and a few hundred fictional dossiers (once; never on top of
                existing demo data)
  --training    training mode, for clerk training, demonstrations and end-to-end tests: a new
                database is marked training for good; every screen and paper says "ĐÀO TẠO /
                TRAINING"; an admin may move the clock (POST /api/training/clock). A training
                database starts only with --training, and a live (real) one never does.
  --clock ISO   with --training: the centre's clock starts at this instant and runs, e.g.
                2026-11-25T08:00:00+07:00 (ISO 8601 with its offset). Without it: the real time.
  --https       serve HTTPS (port ${DEFAULT_HTTPS_PORT} unless --port or PORT) with the server certificate
                "motcua tls init" made: kiosks reaching the server over the network get the camera
                only over HTTPS. Without it, plain HTTP as before.
  --tls-dir DIR where server.crt and server.key are (implies --https; default tls/ beside the database)
  --trust-proxy ADDRS  behind a reverse proxy: its address(es) or ranges, comma-separated (e.g.
                127.0.0.1). Its X-Forwarded-For then gives the client's address for the kiosk's
                rate limits and lookup records; without it every kiosk would look like the proxy.
  --history-key PATH  the history key (env MOTCUA_HISTORY_KEY_FILE; made by "motcua audit keygen",
                outside the data directory): links tagged and anchors signed with it, so someone
                who can write the database cannot rewrite the history unseen. Without it the
                server warns once and links the history as before.
  --anchor-minutes N  minutes between signed anchors (env MOTCUA_ANCHOR_MINUTES; default ${DEFAULT_CONFIG.anchorMinutes})
  --log-level L how much to log, one JSON line per request on stdout (env MOTCUA_LOG_LEVEL; default
                ${DEFAULT_SERVE_LOG_LEVEL}; one of ${LOG_LEVELS.join(', ')}). Lines carry the route's pattern,
                method, status and time, never a lookup key, a name or a client address.
  --help        this text

GET /api/health (public): database, disk free space, backup age. GET /metrics (Prometheus): from
this machine (loopback) or an admin's/supervisor's session.`;

const USERS_HELP = `motcua users — staff accounts (the same rules as the /admin screen)

  motcua users add --username U --password P --role ROLE [--department CODE] [--name NAME] [--db PATH]
      ROLE is one of: ${ROLE_KEYS.join(', ')}.
      --password-stdin reads the password from standard input instead of --password
      (keeps it out of the shell history and the process list).
      --department is a department code from data/catalogue/departments.json (e.g. VP-TPHT):
      required for officers and leaders; a clerk always works at the department that receives
      the dossiers (TTPVHCC in the shipped catalogue), given or not.
      --name is the name printed on receipts (default: the username).
  motcua users list [--db PATH]
      lists the accounts (never the passwords).
  motcua users set --username U [--role ROLE] [--department CODE|none] [--name NAME] [--db PATH]
      changes an account's role, department or name (at least one of them).
  motcua users reset-password --username U --password P [--db PATH]
      sets a new password (at least ${PASSWORD_MIN_LENGTH} characters; --password-stdin as for add) and
      signs the account out everywhere.
  motcua users deactivate --username U [--db PATH]
      the account can no longer sign in, and its open sessions end at once.
  motcua users activate --username U [--db PATH]
      lets a deactivated account sign in again.
  motcua users unlock --username U [--db PATH]
      lifts the lock that repeated failed logins put on an account (after 5 in a row: 1 minute, then
      2, 4, 8 … up to an hour for each further failure) and forgets its failures.

  The last active admin can be neither deactivated nor given another role. Every change is recorded
  in the audit log with the operating-system account that made it (never a password).
  --db PATH defaults to env MOTCUA_DB, then data/motcua.db in the checkout; only add creates it.`;

const CALENDAR_HELP = `motcua calendar — the working calendar deadlines are counted on

  motcua calendar show YEAR [--db PATH]
      prints the year's days off and make-up working days, each with its legal basis, and whether
      the year is official (from the government's notice, data/calendar/YEAR.json) or unconfirmed
      (computed from the Labour Code), and every import of it.
  motcua calendar import FILE [--dry-run]
      loads a year's official notice, typed into a JSON file of the shape of data/calendar/2026.json:
        {"year": 2027, "source": "the notice's number", "daysOff": [{"date": "2027-02-05",
         "name": "Tết Nguyên đán", "basis": "the notice's number"}, …], "workingDays": […]}
      A make-up day worked with other hours than the weekdays' takes "hours":
        [{"start": "07:30", "end": "11:30"}].
      Every problem in the file is listed and nothing is imported until it is fixed. The import
      replaces the shipped or computed year, is recorded (who, when, file, checksum) and shows what
      changes. Appointments already promised never move: they were stored when promised.
      --dry-run checks the file and shows the changes without importing.

  --db PATH: the centre's database (default as for serve).`;

const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const SETTINGS_HELP = `motcua settings — the centre's rules for counting deadlines

  motcua settings show
      office hours (and seasons), the day convention, the afternoon cut-off.
  motcua settings set convention working-hours|civil-code
      working-hours: due = receipt + N × 8 working hours, to the minute (the default);
      civil-code: a limit of N days starts the next working day and ends at the close of its
      N-th working day (Bộ luật Dân sự 2015 art. 147–148).
  motcua settings set cutoff HH:MM|none
      dossiers of every procedure received after HH:MM count from the next working day.
      Same-day procedures always keep their own cut-off (15:00, from the national catalogue).
  motcua settings set supplement-window DAYS
      how many working days after receipt a department may still ask for a supplement (once):
      3 by default (Decree 61/2018 art. 19(4)); a sectoral law may set another (0.5–30, halves allowed).
  motcua settings set public-url URL|none
      the address printed in every receipt's QR code (URL/k/<lookup key>), one a citizen's phone can
      open; none: the address the printing screen used to reach the server.
  motcua settings set discipline-late-steps N
      the supervisors' flag: an officer or department with N or more late steps without a valid
      reason in a period is listed for review (discipline or transfer); 2 by default.
  motcua settings set serious-apologies N
      N or more apologies (re-appointments) without a valid reason in a period: listed for serious handling; 3 by default
      (Thanh Hóa practice, one-stop rules §7; 1–100).
  motcua settings set apology-board-days N
      how many days an apology stays on the public board (the kiosk's "Thư xin lỗi" tab, /cong-khai,
      GET /api/public/apologies) after the day it was made: 30 by default (1–365).
  motcua settings set timeliness day|minute
      how a dossier's result is judged against its appointment on the dashboard, in the scores, the
      reports and on the kiosk: day (the default, as officials count it): ready before the
      appointment's day early, on that day on time, after it late; minute: to the minute of the
      appointment. Lateness is still measured in working minutes; Civil Code limits are judged by the
      day either way, and a step's own judgement (its holder against its due time) is to the minute.
  motcua settings set office-hours FILE
      weekly hours and seasons from a JSON file:
        {"weekdays": [1,2,3,4,5], "periods": [{"start": "07:00", "end": "11:30"}, {"start": "13:30", "end": "17:00"}],
         "seasons": [{"from": "10-01", "to": "03-31", "periods": [...], "basis": "the province's decision"}]}

  Every change is recorded in the audit log with the account that made it. Appointments already
  promised keep their times. --db PATH: the centre's database (default as for serve).`;

export class UsageError extends Error {}
/** A refused action after the arguments were understood: exit 1. */
export class CliFailure extends Error {}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  return parseWithPositionals(args, options, false).values;
}

/** node:util parseArgs with --help added and its errors turned into usage errors (exit 2). */
function parseWithPositionals<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean' } }, strict: true, allowPositionals });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[\w+\]: /, ''));
  }
}

/** --db, else env MOTCUA_DB, else MOTCUA_DATA's motcua.db (an installed centre), else data/motcua.db in the checkout. */
export function dbPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolve(flag ?? env.MOTCUA_DB ?? (env.MOTCUA_DATA ? dataDirPaths(env.MOTCUA_DATA).dbPath : DEFAULT_DB_PATH));
}

async function cmdServe(args: string[], env: NodeJS.ProcessEnv) {
  const v = parse(args, {
    host: { type: 'string' },
    port: { type: 'string' },
    db: { type: 'string' },
    demo: { type: 'boolean' },
    training: { type: 'boolean' },
    clock: { type: 'string' },
    https: { type: 'boolean' },
    'tls-dir': { type: 'string' },
    'trust-proxy': { type: 'string' },
    ...SERVE_BACKUP_OPTIONS,
    'history-key': { type: 'string' },
    'anchor-minutes': { type: 'string' },
    'log-level': { type: 'string' },
  });
  if (v.help) return void console.log(SERVE_HELP);
  const database = serveDatabase(v, env);
  const https = v.https === true || v['tls-dir'] !== undefined;
  // A settable clock only ever comes with a training database: on a real one it would date real dossiers.
  if (v.clock !== undefined && !v.training) throw new UsageError('--clock is for training mode only: add --training (a real centre runs on the real time)');
  let trainingClockStart: Date | null = null;
  try {
    if (v.clock !== undefined) trainingClockStart = parseClockFlag(v.clock);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  let port: number;
  try {
    port = v.port !== undefined ? parsePort(v.port, '--port') : env.PORT ? parsePort(env.PORT, 'PORT') : https ? DEFAULT_HTTPS_PORT : DEFAULT_CONFIG.port;
  } catch (e) {
    throw new UsageError((e as ConfigError).message);
  }
  const host = v.host ?? env.HOST ?? DEFAULT_CONFIG.host;
  if (!host.trim()) throw new UsageError('--host must not be empty');
  const config = makeConfig({
    host,
    port,
    dbPath: database.dbPath,
    demo: v.demo ?? false,
    training: v.training ?? false,
    trainingClockStart,
    logLevel: logLevel(v['log-level'], env),
    notifySocket: env.NOTIFY_SOCKET || null,
    cupsServer: env.CUPS_SERVER || null,
    tlsDir: https ? resolve(v['tls-dir'] ?? defaultTlsDir(database.dbPath)) : null,
    trustProxy: trustProxy(v['trust-proxy']),
    backup: serveBackup(v, database),
    ...historyFlags(v['history-key'], v['anchor-minutes'], env),
  });
  // Loaded here, not at the top: the server pulls in Fastify, pdfkit and the rest, which the other
  // commands (and every --help) do not need.
  const { serve } = await import('../server/main.ts');
  try {
    await serve(config);
  } catch (e) {
    // A database served in the wrong mode, a training clock the centre cannot run at: the
    // command's arguments were wrong for this database.
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
}

function logLevel(flag: string | undefined, env: NodeJS.ProcessEnv): LogLevel {
  try {
    if (flag !== undefined) return parseLogLevel(flag, '--log-level');
    return env.MOTCUA_LOG_LEVEL ? parseLogLevel(env.MOTCUA_LOG_LEVEL, 'MOTCUA_LOG_LEVEL') : DEFAULT_SERVE_LOG_LEVEL;
  } catch (e) {
    throw new UsageError((e as ConfigError).message);
  }
}

function trustProxy(text: string | undefined): string[] {
  if (text === undefined) return [];
  try {
    return parseTrustProxy(text);
  } catch (e) {
    throw new UsageError((e as ConfigError).message);
  }
}

function readStdin(): string {
  return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
}

/** The staff rules of the /admin screen, for a terminal: the same service, the OS account as the actor. */
function staffAdmin(db: ReturnType<typeof openDb>, env: NodeJS.ProcessEnv) {
  const service = staffService({ db, repo: staffRepo(db), audit: auditRepo(db), clock: systemClock });
  const actor: StaffActor = { kind: 'os', user: osUser(env) };
  return { service, actor };
}

/** A refusal from the staff rules, in Vietnamese and English, each field's problem on its own line: exit 1. */
function refused(e: unknown): unknown {
  if (!(e instanceof AppError)) return e;
  const problems = e.code === 'VALIDATION_FAILED' && Array.isArray(e.details) ? (e.details as FieldProblem[]).map((p) => `\n  ${p.message}`).join('') : '';
  return new CliFailure(`${e.message}${problems}\n  (${ERRORS[e.code].en})`);
}

/** --password or --password-stdin, exactly one. */
function passwordFrom(v: { password?: string | undefined; 'password-stdin'?: boolean | undefined }): string {
  if (v.password !== undefined && v['password-stdin']) throw new UsageError('give either --password or --password-stdin, not both');
  if (v.password === undefined && !v['password-stdin']) throw new UsageError('missing --password (or --password-stdin)');
  return v['password-stdin'] ? readStdin() : v.password!;
}

function checkRoleFlag(role: string | undefined): void {
  if (role !== undefined && !(ROLE_KEYS as string[]).includes(role)) throw new UsageError(`--role must be one of: ${ROLE_KEYS.join(', ')} (got "${role}")`);
}

const sessionsNote = (n: number) => (n === 0 ? '' : `; ${n} open session${n === 1 ? '' : 's'} signed out`);

function cmdUsers(args: string[], env: NodeJS.ProcessEnv) {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === 'help') return void console.log(USERS_HELP);
  if (sub === 'add') {
    const v = parse(rest, {
      db: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      role: { type: 'string' },
      department: { type: 'string' },
      name: { type: 'string' },
    });
    if (v.help) return void console.log(USERS_HELP);
    const missing = ['username', 'role'].filter((k) => v[k as 'username' | 'role'] === undefined);
    if (v.password === undefined && !v['password-stdin']) missing.push('password');
    if (missing.length) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`);
    checkRoleFlag(v.role);
    const password = passwordFrom(v);
    const path = dbPath(v.db, env);
    const db = openDb(path);
    attachHistoryKeyFromEnv(db, env);
    try {
      // Adding the first account may be how a new centre starts: say so, so a mistyped path shows.
      if (initDatabase(db).created) console.log(`Created database ${path}`);
      const { service, actor } = staffAdmin(db, env);
      const staff = service.createSync(actor, { username: v.username!, password, role: v.role as Role, displayName: v.name ?? v.username!, department: v.department });
      console.log(`Added ${staff.role} "${staff.username}"${staff.department ? ` (${staff.department.code})` : ''} to ${path}`);
    } catch (e) {
      throw refused(e);
    } finally {
      db.close();
    }
    return;
  }
  if (sub === 'list') {
    const v = parse(rest, { db: { type: 'string' } });
    if (v.help) return void console.log(USERS_HELP);
    const path = dbPath(v.db, env);
    // Listing never creates: a mistyped path must not leave an empty database behind.
    if (!existsSync(path)) throw new CliFailure(`no database at ${path}`);
    const db = openDb(path);
    attachHistoryKeyFromEnv(db, env);
    try {
      const rows = authRepo(db).staff();
      if (rows.length === 0) console.log('No accounts yet. Add one with: motcua users add --username … --password … --role admin');
      for (const r of rows) console.log(`${r.username.padEnd(16)} ${r.role.padEnd(11)} ${(r.department_code ?? '-').padEnd(14)} ${r.display_name}${r.active ? '' : ' (disabled)'}`);
    } finally {
      db.close();
    }
    return;
  }
  if (sub === 'set' || sub === 'reset-password' || sub === 'deactivate' || sub === 'activate') {
    const v = parse(rest, {
      db: { type: 'string' },
      username: { type: 'string' },
      ...(sub === 'set' ? { role: { type: 'string' }, department: { type: 'string' }, name: { type: 'string' } } : {}),
      ...(sub === 'reset-password' ? { password: { type: 'string' }, 'password-stdin': { type: 'boolean' } } : {}),
    } as const) as { help?: boolean; db?: string; username?: string; role?: string; department?: string; name?: string; password?: string; 'password-stdin'?: boolean };
    if (v.help) return void console.log(USERS_HELP);
    if (v.username === undefined) throw new UsageError('missing --username');
    const username = v.username;
    let password = '';
    if (sub === 'set') {
      if (v.role === undefined && v.department === undefined && v.name === undefined) throw new UsageError('give at least one of --role, --department, --name');
      checkRoleFlag(v.role);
    }
    if (sub === 'reset-password') password = passwordFrom(v);
    // The account must exist already, so the database must too: a mistyped path creates nothing.
    withDb(v.db, env, 'read', (db) => {
      const { service, actor } = staffAdmin(db, env);
      try {
        if (sub === 'reset-password') {
          const { sessionsEnded } = service.resetPasswordSync(actor, username, password);
          return void console.log(`New password set for "${username}"${sessionsNote(sessionsEnded)}.`);
        }
        if (sub === 'set') {
          const before = service.list().find((s) => s.username.toLowerCase() === username.toLowerCase());
          const { staff } = service.update(actor, username, {
            ...(v.role !== undefined ? { role: v.role as Role } : {}),
            ...(v.department !== undefined ? { department: v.department === 'none' ? null : v.department } : {}),
            ...(v.name !== undefined ? { displayName: v.name } : {}),
          });
          const dept = (d: { code: string } | null | undefined) => d?.code ?? 'none';
          const changes = [
            before && before.role !== staff.role ? `role ${before.role} → ${staff.role}` : '',
            before && dept(before.department) !== dept(staff.department) ? `department ${dept(before.department)} → ${dept(staff.department)}` : '',
            before && before.displayName !== staff.displayName ? `name "${before.displayName}" → "${staff.displayName}"` : '',
          ].filter(Boolean);
          return void console.log(changes.length ? `Changed "${staff.username}": ${changes.join(', ')}.` : `No change: "${staff.username}" already has these.`);
        }
        const active = sub === 'activate';
        const { staff, sessionsEnded } = service.update(actor, username, { active });
        console.log(active ? `Activated "${staff.username}": it can sign in again.` : `Deactivated "${staff.username}": it can no longer sign in${sessionsNote(sessionsEnded)}.`);
      } catch (e) {
        throw refused(e);
      }
    });
    return;
  }
  if (sub === 'unlock') {
    const flags = parse(rest, { db: { type: 'string' }, username: { type: 'string' } });
    return cmdUsersUnlock({ flags, help: USERS_HELP, usage: (m) => new UsageError(m), withDb: (flag, run) => withDb(flag, env, 'read', run), staffAdmin: (db) => staffAdmin(db, env), refused });
  }
  throw new UsageError(`unknown users command "${sub}" (use: add, list, set, reset-password, deactivate, activate, unlock)`);
}

/**
 * Runs with the centre's database. Reading never creates one (a mistyped path must not leave an empty
 * database behind); a change may, as the first step of setting up a centre, and says so.
 */
function withDb<T>(flag: string | undefined, env: NodeJS.ProcessEnv, mode: 'read' | 'change', run: (db: ReturnType<typeof openDb>) => T): T {
  const path = dbPath(flag, env);
  if (mode === 'read' && !existsSync(path)) throw new CliFailure(`no database at ${path}`);
  const db = openDb(path);
  attachHistoryKeyFromEnv(db, env);
  try {
    if (initDatabase(db).created) console.log(`Created database ${path}`);
    return run(db);
  } finally {
    db.close();
  }
}

/** Who ran an administrative command, for the audit log (there is no staff session on the command line). */
function osUser(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}

/** A settings or calendar file: a regular file of at most 1 MB (a year's notice is a few kilobytes; /dev/zero is not one). */
function readSmallFile(path: string): Buffer {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new CliFailure(`cannot read ${path}: not a regular file`);
    size = st.size;
  } catch (e) {
    if (e instanceof CliFailure) throw e;
    throw new CliFailure(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (size > 1_000_000) throw new CliFailure(`cannot read ${path}: ${size} bytes is far too large for a calendar or settings file (at most 1 MB)`);
  return readFileSync(path);
}

const dayLine = (d: CalendarDay) => `  ${d.date}  ${d.name.padEnd(44)} ${d.basis}${d.hours ? `  (hours ${d.hours.map((h) => `${h.start}–${h.end}`).join(', ')})` : ''}`;

function printYear(year: CalendarYear) {
  console.log(`${year.year} — ${year.status === 'official' ? 'official' : 'UNCONFIRMED (computed from the Labour Code)'}; source: ${year.source}`);
  console.log('Days off (beyond weekends):');
  for (const d of year.daysOff) console.log(dayLine(d));
  console.log(year.workingDays.length ? 'Make-up working days:' : 'Make-up working days: none');
  for (const d of year.workingDays) console.log(dayLine(d));
}

function cmdCalendar(args: string[], env: NodeJS.ProcessEnv) {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === 'help') return void console.log(CALENDAR_HELP);
  if (sub !== 'show' && sub !== 'import') throw new UsageError(`unknown calendar command "${sub}" (use: show, import)`);
  const v = parseWithPositionals(rest, { db: { type: 'string' }, 'dry-run': { type: 'boolean' } });
  if (v.values.help) return void console.log(CALENDAR_HELP);
  const [arg, extra] = v.positionals;
  if (sub === 'show') {
    if (v.values['dry-run']) throw new UsageError('--dry-run is for import');
    if (!arg || extra !== undefined || !/^\d{4}$/.test(arg)) throw new UsageError('give one year, e.g. motcua calendar show 2026');
    const path = dbPath(v.values.db, env);
    const show = (calendar: OfficialCalendar, imports: readonly CalendarImportRow[]) => {
      const year = calendar.year(Number(arg));
      if (!year) throw new CliFailure(`no calendar for ${arg}: official years are in data/calendar/ or imported, the three after the last are computed`);
      printYear(year);
      for (const i of imports) console.log(`Imported ${i.imported_at} by ${i.imported_by} from ${i.file_name} (sha256 ${i.sha256.slice(0, 12)}…)`);
    };
    // Before a centre has a database, the shipped calendar is still worth reading.
    if (!existsSync(path)) {
      console.log(`(no database at ${path}: the shipped calendar, without any import)`);
      return show(buildCalendar(DEFAULT_WEEKLY_HOURS, loadOfficialYears()), []);
    }
    return withDb(v.values.db, env, 'read', (db) => show(catalogueFor(db).calendar(), calendarRepo(db).history(Number(arg))));
  }
  if (!arg || extra !== undefined) throw new UsageError('give one file, e.g. motcua calendar import 2027.json');
  const bytes = readSmallFile(arg);
  // A first check before the database is opened, so that a bad file changes (or creates) nothing; the
  // full check, against the centre's own working weekdays, follows.
  try {
    parseCalendarFile(bytes, DEFAULT_WEEKLY_HOURS);
  } catch (e) {
    if (e instanceof CalendarFileError) throw new CliFailure(`${arg} was not imported; fix these and try again:\n  ${e.problems.join('\n  ')}`);
    throw e;
  }
  withDb(v.values.db, env, v.values['dry-run'] ? 'read' : 'change', (db) => {
    const catalogue = catalogueFor(db);
    const { weekly } = parseOfficeHours(JSON.parse(catalogue.officeHoursJson()));
    let year: CalendarYear;
    try {
      year = parseCalendarFile(bytes, weekly);
    } catch (e) {
      if (e instanceof CalendarFileError) throw new CliFailure(`${arg} was not imported; fix these and try again:\n  ${e.problems.join('\n  ')}`);
      throw e;
    }
    const before = catalogue.calendar().year(year.year);
    const changes = compareYears(before, year);
    printYear(year);
    const was = before ? (before.status === 'official' ? 'the official year in force' : 'the year computed from the Labour Code') : 'nothing (no calendar for that year yet)';
    console.log(`\nAgainst ${was}:`);
    const list = (label: string, days: readonly CalendarDay[]) => days.length && console.log(`  ${label}: ${days.map((d) => d.date).join(', ')}`);
    list('days off added', changes.daysOff.added);
    list('days off removed', changes.daysOff.removed);
    list('make-up days added', changes.workingDays.added);
    list('make-up days removed', changes.workingDays.removed);
    const changed = [...changes.daysOff.added, ...changes.daysOff.removed, ...changes.workingDays.added, ...changes.workingDays.removed].map((d) => d.date).sort();
    if (!changed.length) console.log('  no day changes');
    else {
      const affected = dossierRepo(db).openDueFrom(changed[0]!);
      console.log(`  ${affected} open dossier(s) have appointments from ${changed[0]} on. They keep the time already promised on their receipts; only dossiers received from now on use the new calendar.`);
    }
    if (v.values['dry-run']) return void console.log('\nDry run: nothing imported.');
    const at = toVnIso(systemClock());
    const by = osUser(env);
    db.transaction(() => {
      recordCalendarImport(calendarRepo(db), year, { fileName: basename(arg), bytes, by, at });
      auditRepo(db).recordAdmin({ at, action: 'import_calendar', detail: { year: year.year, file: basename(arg), by, changes: changed } });
    }).immediate();
    console.log(`\nImported ${year.year} into ${dbPath(v.values.db, env)}; in force now (a running server picks it up at its next deadline).`);
  });
}

function cmdSettings(args: string[], env: NodeJS.ProcessEnv) {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === 'help') return void console.log(SETTINGS_HELP);
  if (sub !== 'show' && sub !== 'set') throw new UsageError(`unknown settings command "${sub}" (use: show, set)`);
  const v = parseWithPositionals(rest, { db: { type: 'string' } });
  if (v.values.help) return void console.log(SETTINGS_HELP);
  const show = (catalogue: ReturnType<typeof catalogueFor>, db: Parameters<typeof supervisionRepo>[0]) => {
    const hours = JSON.parse(catalogue.officeHoursJson()) as OfficeHoursFile;
    const sessions = (list: readonly { start: string; end: string }[]) => list.map((p) => `${p.start}–${p.end}`).join(', ');
    const policy = catalogue.policy();
    console.log(`office hours:  ${sessions(hours.periods)} on ${hours.weekdays.map((d) => WEEKDAY_NAMES[d]).join(' ')}`);
    for (const season of hours.seasons ?? []) console.log(`  season ${season.from} → ${season.to}: ${sessions(season.periods)} (${season.basis})`);
    console.log(`convention:    ${policy.convention}${policy.convention === 'civil-code' ? ' (day-based limits end at the close of their last working day)' : ' (due = start + N × 8 working hours, to the minute)'}`);
    console.log(`public url:    ${catalogue.publicBaseUrl() || '(not set: receipts use the address the printing screen used)'} — receipts' QR codes open <public url>/k/<key>`);
    console.log(`supplement:    asked at most once, within ${catalogue.supplementWindowMinutes() / 480} working day(s) of receipt (supplement-window), unless the procedure has its own window:`);
    for (const p of catalogue.procedures().filter((x) => x.supplementWindowBasis !== null)) console.log(`  ${p.code}: ${p.supplementWindowDays} working day(s) (${p.supplementWindowBasis})`);
    const t = supervisionRepo(db).thresholds();
    console.log(`flags:         ${t.lateSteps} or more late steps without a valid reason → review (discipline-late-steps); ${t.apologies} or more apologies without a valid reason → serious (serious-apologies)`);
    console.log(`apology board: each apology stays up ${catalogue.apologyBoardDays()} day(s) after the day it was made (apology-board-days)`);
    const mode = catalogue.timelinessMode();
    console.log(`timeliness:    ${mode} — ${TIMELINESS_MODES[mode].en.toLowerCase()}: ${TIMELINESS_MODES[mode].rule.en}`);
    console.log(`cut-off:       ${policy.cutoffForAll === null ? 'none for all procedures (same-day procedures keep their own, usually 15:00)' : `${minutesToHhmm(policy.cutoffForAll)} for all procedures`}`);
  };
  if (sub === 'show') {
    if (v.positionals.length) throw new UsageError('settings show takes no arguments');
    return withDb(v.values.db, env, 'read', (db) => show(catalogueFor(db), db));
  }
  const [key, value, extra] = v.positionals;
  if (!key || value === undefined || extra !== undefined) throw new UsageError('give a setting and its value, e.g. motcua settings set cutoff 15:00');
  // Checked before the database is opened: a typo must not touch (or create) anything.
  let to: unknown;
  try {
    switch (key) {
      case 'convention':
        if (!(CONVENTIONS as readonly string[]).includes(value)) throw new SettingsError([`convention must be one of: ${CONVENTIONS.join(', ')} (got "${value}")`]);
        to = value;
        break;
      case 'cutoff':
        parseCutoff(value);
        to = value === 'none' ? null : value;
        break;
      case 'office-hours':
        try {
          to = JSON.parse(decodeUtf8(readSmallFile(value)));
        } catch (e) {
          if (e instanceof CliFailure) throw e;
          throw new CliFailure(`cannot read ${value}: ${(e as Error).message}`);
        }
        parseOfficeHours(to);
        break;
      case 'public-url': {
        // Printed in every receipt's QR code: it must be an address a citizen's phone can open.
        let url: URL | null = null;
        try {
          url = value === 'none' ? null : new URL(value);
        } catch {
          throw new SettingsError([`public-url "${value}" is not an address (e.g. https://motcua.minhan.thanhhoa.gov.vn) or "none"`]);
        }
        if (url && (!/^https?:$/.test(url.protocol) || url.search || url.hash || url.username)) {
          throw new SettingsError([`public-url must be a plain http(s) address without query, fragment or credentials (got "${value}")`]);
        }
        to = url ? url.origin + url.pathname.replace(/\/+$/, '') : '';
        break;
      }
      case 'supplement-window': {
        const days = Number(value.replace(',', '.'));
        if (!/^\d+([.,]5|[.,]0)?$/.test(value) || !(days >= 0.5 && days <= 30)) throw new SettingsError([`supplement-window is a number of working days from 0.5 to 30, in halves (got "${value}")`]);
        to = Math.round(days * 480);
        break;
      }
      case 'discipline-late-steps':
      case 'serious-apologies':
        to = parseThreshold(key, value);
        break;
      case 'apology-board-days':
        to = parseApologyBoardDays(value);
        break;
      case 'timeliness':
        if (!isTimelinessMode(value)) throw new SettingsError([`timeliness must be one of: ${TIMELINESS_MODE_KEYS.join(', ')} (got "${value}")`]);
        to = value;
        break;
      default:
        throw new UsageError(`unknown setting "${key}" (use: convention, cutoff, office-hours, public-url, supplement-window, ${THRESHOLD_SETTINGS.join(', ')}, apology-board-days, timeliness)`);
    }
  } catch (e) {
    if (e instanceof SettingsError) throw new CliFailure(`${key} was not changed:\n  ${e.problems.join('\n  ')}`);
    throw e;
  }
  withDb(v.values.db, env, 'change', (db) => {
    const repo = catalogueRepo(db);
    const catalogue = catalogueFor(db);
    const centre = repo.centre()!;
    // The cut-off and the hours are checked together: each must still make sense with the other.
    const cutoff = parseCutoff(key === 'cutoff' ? (to as string | null) : centre.cutoff_for_all);
    try {
      if (cutoff !== null) checkCutoffInHours(cutoff, parseOfficeHours(key === 'office-hours' ? to : JSON.parse(centre.office_hours)));
    } catch (e) {
      if (e instanceof SettingsError) throw new CliFailure(`${key} was not changed:\n  ${e.problems.join('\n  ')}`);
      throw e;
    }
    const thresholds = supervisionRepo(db).thresholds();
    const from = key === 'timeliness' ? centre.timeliness : key === 'discipline-late-steps' ? thresholds.lateSteps : key === 'serious-apologies' ? thresholds.apologies : key === 'convention' ? centre.deadline_convention : key === 'cutoff' ? centre.cutoff_for_all : key === 'public-url' ? centre.public_base_url : key === 'supplement-window' ? centre.supplement_window_minutes : key === 'apology-board-days' ? centre.apology_board_days : JSON.parse(centre.office_hours);
    const change = { setting: key, from, to };
    const at = toVnIso(systemClock());
    db.transaction(() => {
      if (change.setting === 'convention') repo.setConvention(change.to as string);
      if (change.setting === 'cutoff') repo.setCutoffForAll(change.to as string | null);
      if (change.setting === 'office-hours') repo.setOfficeHours(JSON.stringify(change.to));
      if (change.setting === 'public-url') repo.setPublicBaseUrl(change.to as string);
      if (change.setting === 'supplement-window') repo.setSupplementWindow(change.to as number);
      if (change.setting === 'apology-board-days') repo.setApologyBoardDays(change.to as number);
      // A trigger (migration 015) forgets the supervisors' kept figures: every dossier is judged anew.
      if (change.setting === 'timeliness') repo.setTimeliness(change.to as string);
      if ((THRESHOLD_SETTINGS as readonly string[]).includes(change.setting)) supervisionRepo(db).setThreshold(change.setting as ThresholdSetting, change.to as number);
      auditRepo(db).recordAdmin({ at, action: 'change_setting', detail: { ...change, by: osUser(env) } });
    }).immediate();
    // The board's window moves nothing that was promised: it only decides what the public board lists.
    if (key === 'apology-board-days') console.log(`Changed ${key}; the public board (and a running server) uses it from its next request:`);
    else if (key === 'timeliness') {
      console.log(`Changed timeliness. The dashboard, the scores, the reports and the kiosk now judge every finished dossier this way (the kept figures are counted again); a result already recorded in a dossier's history keeps the judgement it was given. Settings now:`);
    } else console.log(`Changed ${key}. Appointments already promised keep their times; dossiers received from now on use:`);
    show(catalogue, db);
  });
}

const SERVICE_HELP_POINTER = 'motcua service install|uninstall: run "motcua service --help".';

function helpFor(command: string | undefined): string {
  return ({ service: SERVICE_HELP_POINTER, serve: SERVE_HELP, users: USERS_HELP, calendar: CALENDAR_HELP, settings: SETTINGS_HELP, counters: COUNTERS_HELP, audit: AUDIT_HELP, tls: TLS_HELP, report: REPORT_HELP, backup: BACKUP_HELP, restore: RESTORE_HELP } as Record<string, string>)[command ?? ''] ?? USAGE;
}

const TLS_HELP = `motcua tls — HTTPS for the kiosks: the centre's own certificate authority (CA) and the server's certificate

  motcua tls init [--host NAME]... [--ip ADDR]... [--dir DIR] [--force | --renew]
      makes the centre's CA ("MotCua — <centre name> CA", 10 years) and a server certificate it
      signs (2 years) for this machine's name, localhost, 127.0.0.1, ::1 and every address of its
      network interfaces, plus each --host NAME and --ip ADDR (repeatable: a name the kiosks use,
      e.g. motcua.local, or an address the machine will have). Writes ca.crt (to install on every
      kiosk), ca.key, server.crt and server.key (the keys readable by this account only), prints
      the CA's SHA-256 fingerprint and what to do next. Refuses when files are already there.
      --renew  a new server certificate from the CA already there, for the machine's names and
               addresses now (the old certificate's names are kept): after an address changed, or
               before the certificate ends. Kiosks keep the CA. Restart the server afterwards.
      --force  a new CA as well: every kiosk must then install the new ca.crt.
  motcua tls show [--dir DIR]
      the CA and the server certificate: names, validity, the CA's fingerprint. Exit 1, saying
      what to do, when the server certificate ends within ${SERVER_WARN_DAYS} days (the CA within ${CA_WARN_DAYS}),
      does not cover this machine's current name or addresses, or a key does not match.

  --dir DIR: where the files are; default tls/ beside the database (--db PATH, env MOTCUA_DB).
  Run it as the account that runs the server: only that account can read the keys.
  Then serve with: motcua serve --https --host 0.0.0.0 (README: "HTTPS for kiosks (camera)").`;

const day = (d: Date) => toVnDate(d);
const caLines = (ca: CertSummary) => [`CA:      ${ca.subject}`, `         valid ${day(ca.notBefore)} → ${day(ca.notAfter)}; SHA-256 fingerprint ${ca.fingerprint}`];
const serverLines = (server: CertSummary, now: Date) => [
  `Server:  valid ${day(server.notBefore)} → ${day(server.notAfter)} (${Math.round((server.notAfter.getTime() - now.getTime()) / 86_400_000)} days left)`,
  `         for ${describeNames(server.names)}`,
];

async function cmdTls(args: string[], env: NodeJS.ProcessEnv) {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === 'help') return void console.log(TLS_HELP);
  if (sub !== 'init' && sub !== 'show') throw new UsageError(`unknown tls command "${sub}" (use: init, show)`);
  const v = parse(rest, {
    dir: { type: 'string' },
    db: { type: 'string' },
    host: { type: 'string', multiple: true },
    ip: { type: 'string', multiple: true },
    force: { type: 'boolean' },
    renew: { type: 'boolean' },
  });
  if (v.help) return void console.log(TLS_HELP);
  const path = dbPath(v.db, env);
  const dir = resolve(v.dir ?? defaultTlsDir(path));
  const now = systemClock();
  if (sub === 'show') {
    if (v.host || v.ip || v.force || v.renew) throw new UsageError('tls show takes only --dir (or --db)');
    const state = inspectTls(dir, now, machineNames());
    console.log(`TLS files in ${dir}:`);
    if (state.ca) for (const line of caLines(state.ca)) console.log(line);
    if (state.server) for (const line of serverLines(state.server, now)) console.log(line);
    if (state.warnings.length) throw new CliFailure(`the HTTPS set-up needs attention:\n  - ${state.warnings.join('\n  - ')}`);
    return void console.log('OK: the server certificate is valid for this machine, signed by this CA.');
  }
  if (v.force && v.renew) throw new UsageError('give --force (a new CA) or --renew (a new server certificate from the CA there), not both');
  let extra: CertNames = { dns: [], ips: [] };
  try {
    for (const h of v.host ?? []) {
      const name = hostOrAddress(h);
      extra = mergeNames(extra, 'dns' in name ? { dns: [name.dns], ips: [] } : { dns: [], ips: [name.ip] });
    }
    extra = mergeNames(extra, { dns: [], ips: (v.ip ?? []).map(ipAddress) });
  } catch (e) {
    if (e instanceof NameError) throw new UsageError(e.message);
    throw e;
  }
  const mode = v.renew ? 'renew' : v.force ? 'force' : 'new';
  // The CA carries the centre's name: the database's when there is one (reading never creates it).
  const centreName = existsSync(path)
    ? withDb(v.db, env, 'read', (db) => catalogueRepo(db).centre()?.name)
    : (JSON.parse(readFileSync(resolve(CATALOGUE_DIR, 'centre.json'), 'utf8')) as { name: string }).name;
  // Loaded here: the certificate library is needed by this command only.
  const { initTls } = await import('../server/tls/service.ts');
  const machine = machineNames();
  const made = await initTls({ dir, mode, centreName: centreName ?? 'MotCua', machineLabel: machine.dns[0] ?? machine.ips[0] ?? 'localhost', machine, extra, now });
  // Who set up the trust every kiosk relies on, and which CA: in the audit log, when there is a database.
  if (existsSync(path)) {
    withDb(v.db, env, 'change', (db) =>
      auditRepo(db).recordAdmin({
        at: toVnIso(now),
        action: mode === 'renew' ? 'tls_renew' : 'tls_init',
        detail: { dir, caFingerprint: made.ca.fingerprint, newCa: made.madeCa, names: made.server.names, serverNotAfter: made.server.notAfter.toISOString(), by: osUser(env) },
      }),
    );
  }
  console.log(made.madeCa ? `Made the centre's CA and a server certificate in ${dir}:` : `Made a new server certificate with the CA in ${dir} (the kiosks keep trusting it):`);
  if (made.madeCa) {
    console.log(`  ${TLS_FILES.caCert}      the CA's certificate: install it on every kiosk`);
    console.log(`  ${TLS_FILES.caKey}      the CA's private key (mode 0600): never leaves this machine — whoever holds it can pass for any website to the kiosks`);
  }
  console.log(`  ${TLS_FILES.serverCert}  the server's certificate, signed by the CA; ${TLS_FILES.serverKey} its key (mode 0600)`);
  for (const line of [...caLines(made.ca), ...serverLines(made.server, now)]) console.log(line);
  if (made.kept.length) console.log(`Kept from the previous certificate: ${made.kept.join(', ')} (to drop them, delete ${TLS_FILES.serverCert} and run --renew again).`);
  if (made.cappedByCa) console.log(`Note: the CA ends on ${day(made.ca.notAfter)}, so this certificate ends with it. Plan "motcua tls init --force" and a new ca.crt on every kiosk before then.`);
  const lan = machine.ips.find((ip) => !ip.includes(':')) ?? machine.dns[0] ?? 'SERVER';
  console.log('\nNext steps:');
  if (made.madeCa) {
    console.log(`  1. Install ${resolve(dir, TLS_FILES.caCert)} on every kiosk, and compare the fingerprint above with`);
    console.log('     the one the kiosk shows (README: "HTTPS for kiosks (camera)").');
    // A --dir of one's own must be named again when serving (the default is found beside the database).
    console.log(`  2. Serve over HTTPS: motcua serve ${v.dir ? `--tls-dir ${dir}` : '--https'} --host 0.0.0.0${v.db ? ` --db ${path}` : ''} (restart a running server).`);
    console.log(`  3. On a kiosk: https://${lan}:${DEFAULT_HTTPS_PORT}/kiosk`);
  } else {
    console.log(`  Restart the server (motcua serve --https …) to use the new certificate; kiosks need nothing new.`);
  }
}

const COUNTERS_HELP = `motcua counters — the centre's counters and the printer each prints to

  motcua counters add CODE --name NAME [--queue CUPS_QUEUE] [--layout a4|a5|thermal] [--db PATH]
      adds or changes a counter (e.g. Q1 "Quầy 1"). With --queue, the counter screen's Print button
      sends receipts straight to that CUPS queue (lpstat -p lists them; CUPS_SERVER picks the CUPS
      server); without it, the screen opens the PDF for the browser's print dialog. --layout is the
      counter's paper: a4 (default), a5, or thermal for an 80 mm receipt printer. Recorded in the
      audit log with the operating-system account and what the counter was before.
  motcua counters list [--db PATH]`;

function cmdCounters(args: string[], env: NodeJS.ProcessEnv) {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === 'help') return void console.log(COUNTERS_HELP);
  if (sub !== 'add' && sub !== 'list') throw new UsageError(`unknown counters command "${sub}" (use: add, list)`);
  const v = parseWithPositionals(rest, { db: { type: 'string' }, name: { type: 'string' }, queue: { type: 'string' }, layout: { type: 'string' } });
  if (v.values.help) return void console.log(COUNTERS_HELP);
  if (sub === 'list') {
    return withDb(v.values.db, env, 'read', (db) => {
      const rows = counterRepo(db).all();
      if (!rows.length) console.log('No counters yet. Add one with: motcua counters add Q1 --name "Quầy 1" [--queue PRINTER]');
      for (const c of rows) console.log(`${c.code.padEnd(8)} ${c.name.padEnd(20)} ${c.layout.padEnd(8)} ${c.cups_queue ?? '(browser print dialog)'}`);
    });
  }
  const [code, extra] = v.positionals;
  if (!code || extra !== undefined) throw new UsageError('give one counter code, e.g. motcua counters add Q1 --name "Quầy 1"');
  if (v.values.name === undefined) throw new UsageError('--name is required (at most 60 characters), e.g. --name "Quầy 1"');
  withDb(v.values.db, env, 'change', (db) => {
    const counters = countersService({ db, repo: counterRepo(db), audit: auditRepo(db), clock: systemClock });
    let done;
    try {
      done = counters.put({ code, name: v.values.name!, queue: v.values.queue ?? null, layout: v.values.layout ?? 'a4' }, osUser(env));
    } catch (e) {
      // The service's check, said as the command's usage (with its help), as before.
      if (e instanceof AppError && e.code === 'VALIDATION_FAILED') throw new UsageError(e.message);
      throw e;
    }
    const { before, after } = done;
    const was = before ? ` (was "${before.name}", ${before.layout}, ${before.cups_queue ?? 'browser'})` : '';
    console.log(`${before ? 'Changed' : 'Added'} counter ${after.code} "${after.name}": ${after.layout}, ${after.cups_queue ? `prints to CUPS queue ${after.cups_queue}` : 'prints through the browser'}${was}`);
    if (after.cups_queue) console.log(`Check the queue exists with: lpstat -p ${after.cups_queue}`);
  });
}

const REPORT_HELP = `motcua report — the leaders' papers, from the same figures as the supervisor's screen

  motcua report weekly [--week YYYY-Www] --out FILE [--db PATH]
      the weekly report for the leaders' briefing: page 1 the centre's week (received, finished
      early / on time / late, open and overdue now, apologies, supplement requests), the on-time rate
      of each department, who is past a discipline threshold; then a page per department.
      --week is an ISO week, Monday to Sunday (2026-W48 = 23/11–29/11/2026); default: the last full week.
  motcua report scores --month YYYY-MM | --quarter YYYY-Qn | --year YYYY --out FILE [--db PATH]
      the emulation score table (Circular 01/2018 art. 13) of officials and agencies, with the
      citizens' ratings beside them.

  The format follows FILE's extension: .pdf (A4, to print), .csv (UTF-8 with BOM, one table with a
  "Bảng" column) or .xlsx (a sheet per table). An existing FILE is replaced. Each report is recorded
  in the audit log with the operating-system account. --db PATH: the centre's database (default as for serve).`;

async function cmdReport(args: string[], env: NodeJS.ProcessEnv) {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === 'help') return void console.log(REPORT_HELP);
  if (sub !== 'weekly' && sub !== 'scores') throw new UsageError(`unknown report "${sub}" (use: weekly, scores)`);
  const v = parse(rest, { db: { type: 'string' }, out: { type: 'string' }, week: { type: 'string' }, month: { type: 'string' }, quarter: { type: 'string' }, year: { type: 'string' } });
  if (v.help) return void console.log(REPORT_HELP);
  // Loaded here: pdfkit, exceljs and the app's services are for this command only.
  const reports = await import('../server/reports/service.ts');
  if (!v.out) throw new UsageError('missing --out FILE (its extension, .pdf, .csv or .xlsx, says the format)');
  const format = /\.(pdf|csv|xlsx)$/i.exec(v.out)?.[1]?.toLowerCase() as ReportFormatName | undefined;
  if (!format) throw new UsageError(`--out ${v.out}: the file must end in .pdf, .csv or .xlsx (the format follows the extension)`);
  let request: { kind: 'weekly'; week: string } | { kind: 'scores'; period: string };
  try {
    if (sub === 'weekly') {
      if (v.month || v.quarter || v.year) throw new UsageError('report weekly takes --week, not --month, --quarter or --year');
      request = { kind: 'weekly', week: reports.checkWeek(v.week ?? reports.lastFullWeek(systemClock())) };
    } else {
      if (v.week) throw new UsageError('report scores takes --month, --quarter or --year, not --week');
      request = { kind: 'scores', period: reports.checkScoresPeriod(v) };
    }
  } catch (e) {
    if (e instanceof AppError) throw new UsageError(e.message.replace(/week=/, '--week ').replace(/month=|quarter=|year=/g, (m) => `--${m.slice(0, -1)} `));
    throw e;
  }
  const out = resolve(v.out);
  // Checked before anything is read: a report that cannot be saved is not worth making.
  writableTarget(out);
  const path = dbPath(v.db, env);
  // Reading never creates a database (withDb's rule); the rendering awaits, so the database is held open here until it is done.
  if (!existsSync(path)) throw new CliFailure(`no database at ${path}`);
  const { buildServices } = await import('../server/services.ts');
  const db = openDb(path);
  attachHistoryKeyFromEnv(db, env);
  try {
    const service = buildServices({ db }, makeConfig({})).reports;
    const file = await service.render(request, format);
    try {
      writeFileSync(out, file.body);
    } catch (e) {
      throw new CliFailure(`cannot write ${out}: ${(e as Error).message}`);
    }
    service.record({ os: osUser(env) }, request, file);
    const what = request.kind === 'weekly' ? `weekly report for ${request.week}` : `emulation scores for ${request.period}`;
    console.log(`Wrote the ${what} to ${out} (${format.toUpperCase()}, ${file.body.length} bytes; open and overdue figures as of ${file.asOf}).`);
  } finally {
    db.close();
  }
}

type ReportFormatName = 'pdf' | 'csv' | 'xlsx';

/** A file the report can be written to: its folder exists and is writable, and it is not a folder itself. */
function writableTarget(path: string): void {
  try {
    if (existsSync(path)) {
      if (!statSync(path).isFile()) throw new CliFailure(`cannot write ${path}: it is not a regular file`);
      accessSync(path, fsConstants.W_OK);
    } else {
      const dir = dirname(path);
      if (!existsSync(dir)) throw new CliFailure(`cannot write ${path}: the folder ${dir} does not exist`);
      accessSync(dir, fsConstants.W_OK);
    }
  } catch (e) {
    if (e instanceof CliFailure) throw e;
    throw new CliFailure(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
  }
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
        console.log(USAGE);
        return 0;
      case 'help':
        console.log(helpFor(args[0]));
        return 0;
      case 'serve':
        await cmdServe(args, env);
        return 0;
      case 'users':
        cmdUsers(args, env);
        return 0;
      case 'calendar':
        cmdCalendar(args, env);
        return 0;
      case 'settings':
        cmdSettings(args, env);
        return 0;
      case 'counters':
        cmdCounters(args, env);
        return 0;
      case 'audit':
        cmdAudit(args, { env, dbPath: (flag) => dbPath(flag, env), openDb: (path) => openDb(path, { migrate: false }), exists: existsSync, errors: { usage: (m) => new UsageError(m), failure: (m) => new CliFailure(m) } });
        return 0;
      case 'tls':
        await cmdTls(args, env);
        return 0;
      case 'report':
        await cmdReport(args, env);
        return 0;
      case 'backup':
        cmdBackup(args, env);
        return 0;
      case 'restore':
        cmdRestore(args, env);
        return 0;
      case 'service':
        return (await import('./service.ts')).cmdService(args);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`motcua: ${e.message}\n\n${helpFor(command)}`);
      return 2;
    }
    if (e instanceof AppError || e instanceof CliFailure || e instanceof TlsError) {
      console.error(`motcua: ${e.message}`);
      return 1;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') {
      console.error(`motcua: the port is already in use (${err.message}). Stop the other server or pass --port.`);
      return 1;
    }
    console.error(`motcua: ${err.message}`);
    return 1;
  }
}

// Run when executed directly (node --import tsx scripts/cli.ts …, or bin/motcua.js).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `motcua calendar show 2026 | head`: the reader leaving early is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const code = await main(process.argv.slice(2));
  if (code !== 0) process.exit(code);
}
