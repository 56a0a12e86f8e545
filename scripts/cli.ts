/**
 * `motcua`: the centre server's command line. Every command has --help; a bad argument prints what is
 * wrong and the usage, and exits with status 2 (1 for a failure after the arguments were accepted).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ROLE_KEYS } from '../shared/vocabulary.ts';
import { authRepo } from '../server/auth/repo.ts';
import { addStaffAccount } from '../server/auth/service.ts';
import { catalogueRepo } from '../server/catalogue/repo.ts';
import { catalogueFor } from '../server/catalogue/service.ts';
import { systemClock } from '../server/clock.ts';
import { ConfigError, DEFAULT_CONFIG, DEFAULT_DB_PATH, makeConfig, parsePort } from '../server/config.ts';
import { initDatabase } from '../server/db/init.ts';
import { openDb } from '../server/db/open.ts';
import { AppError } from '../server/errors.ts';
import { serve } from '../server/main.ts';

const USAGE = `motcua — the dossier desk of a one-stop public-service centre

Usage:
  motcua serve [--host HOST] [--port PORT] [--db PATH] [--demo]
  motcua users add --username U --password P --role ROLE [--department CODE] [--name NAME] [--db PATH]
  motcua users list [--db PATH]
  motcua calendar show YEAR [--db PATH]
  motcua help [serve | users | calendar]

Run "motcua COMMAND --help" for the details of a command.`;

const SERVE_HELP = `motcua serve — run the centre server (API and the /kiosk, /counter, /supervisor screens)

Options:
  --host HOST   address to listen on (env HOST; default ${DEFAULT_CONFIG.host}; 0.0.0.0 for the centre's LAN)
  --port PORT   port (env PORT; default ${DEFAULT_CONFIG.port})
  --db PATH     the centre's SQLite database (env MOTCUA_DB; default data/motcua.db in the checkout).
                A new database gets the schema and the shipped catalogue (data/catalogue/).
  --demo        add fictional demo staff and a few hundred fictional dossiers (once; never on top of
                existing demo data)
  --help        this text`;

const USERS_HELP = `motcua users — staff accounts

  motcua users add --username U --password P --role ROLE [--department CODE] [--name NAME] [--db PATH]
      ROLE is one of: ${ROLE_KEYS.join(', ')}.
      --password-stdin reads the password from standard input instead of --password
      (keeps it out of the shell history and the process list).
      --department is a department code from data/catalogue/departments.json (e.g. TTPVHCC).
      --name is the name printed on receipts (default: the username).
  motcua users list [--db PATH]
      lists the accounts (never the passwords).

  --db PATH defaults to env MOTCUA_DB, then data/motcua.db in the checkout.`;

const CALENDAR_HELP = `motcua calendar — the working calendar deadlines are counted on

  motcua calendar show YEAR [--db PATH]
      prints the year's days off and make-up working days, each with its legal basis, and whether
      the year is official (from the government's notice, data/calendar/YEAR.json) or unconfirmed
      (computed from the Labour Code). --db picks the centre whose office hours apply (default as
      for serve).`;

class UsageError extends Error {}
/** A refused action after the arguments were understood: exit 1. */
class CliFailure extends Error {}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean' } }, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[\w+\]: /, ''));
  }
}

function dbPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolve(flag ?? env.MOTCUA_DB ?? DEFAULT_DB_PATH);
}

async function cmdServe(args: string[], env: NodeJS.ProcessEnv) {
  const v = parse(args, { host: { type: 'string' }, port: { type: 'string' }, db: { type: 'string' }, demo: { type: 'boolean' } });
  if (v.help) return void console.log(SERVE_HELP);
  let port: number;
  try {
    port = v.port !== undefined ? parsePort(v.port, '--port') : env.PORT ? parsePort(env.PORT, 'PORT') : DEFAULT_CONFIG.port;
  } catch (e) {
    throw new UsageError((e as ConfigError).message);
  }
  const host = v.host ?? env.HOST ?? DEFAULT_CONFIG.host;
  if (!host.trim()) throw new UsageError('--host must not be empty');
  const config = makeConfig({ host, port, dbPath: dbPath(v.db, env), demo: v.demo ?? false, logger: env.MOTCUA_LOG === '1' });
  await serve(config);
}

function readStdin(): string {
  return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
}

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
    if (v.password !== undefined && v['password-stdin']) throw new UsageError('give either --password or --password-stdin, not both');
    if (!(ROLE_KEYS as string[]).includes(v.role!)) throw new UsageError(`--role must be one of: ${ROLE_KEYS.join(', ')} (got "${v.role}")`);
    const password = v['password-stdin'] ? readStdin() : v.password!;
    const path = dbPath(v.db, env);
    const db = openDb(path);
    try {
      // Adding the first account may be how a new centre starts: say so, so a mistyped path shows.
      if (initDatabase(db).created) console.log(`Created database ${path}`);
      const staff = addStaffAccount(authRepo(db), (code) => catalogueRepo(db).department(code) !== undefined, systemClock, {
        username: v.username!,
        password,
        role: v.role!,
        displayName: v.name,
        department: v.department,
      });
      console.log(`Added ${staff.role} "${staff.username}"${staff.department ? ` (${staff.department.code})` : ''} to ${path}`);
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
    try {
      const rows = authRepo(db).staff();
      if (rows.length === 0) console.log('No accounts yet. Add one with: motcua users add --username … --password … --role admin');
      for (const r of rows) console.log(`${r.username.padEnd(16)} ${r.role.padEnd(11)} ${(r.department_code ?? '-').padEnd(14)} ${r.display_name}${r.active ? '' : ' (disabled)'}`);
    } finally {
      db.close();
    }
    return;
  }
  throw new UsageError(`unknown users command "${sub}" (use: add, list)`);
}

function cmdCalendar(args: string[], env: NodeJS.ProcessEnv) {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === 'help') return void console.log(CALENDAR_HELP);
  if (sub !== 'show') throw new UsageError(`unknown calendar command "${sub}" (use: show)`);
  let v;
  try {
    v = parseArgs({ args: rest, options: { db: { type: 'string' }, help: { type: 'boolean' } }, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[\w+\]: /, ''));
  }
  if (v.values.help) return void console.log(CALENDAR_HELP);
  const [yearText, extra] = v.positionals;
  if (!yearText || extra !== undefined || !/^\d{4}$/.test(yearText)) throw new UsageError('give one year, e.g. motcua calendar show 2026');
  const path = dbPath(v.values.db, env);
  const db = openDb(path);
  try {
    initDatabase(db);
    const year = catalogueFor(db).calendar().year(Number(yearText));
    if (!year) throw new CliFailure(`no calendar for ${yearText}: official years are in data/calendar/, the next ones are computed`);
    console.log(`${year.year} — ${year.status === 'official' ? 'official' : 'UNCONFIRMED (computed from the Labour Code)'}; source: ${year.source}`);
    console.log('Days off (Monday–Friday only; weekends are off anyway):');
    for (const d of year.daysOff) console.log(`  ${d.date}  ${d.name.padEnd(44)} ${d.basis}`);
    console.log(year.workingDays.length ? 'Make-up working days:' : 'Make-up working days: none');
    for (const d of year.workingDays) console.log(`  ${d.date}  ${d.name.padEnd(44)} ${d.basis}`);
  } finally {
    db.close();
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
        console.log(args[0] === 'serve' ? SERVE_HELP : args[0] === 'users' ? USERS_HELP : args[0] === 'calendar' ? CALENDAR_HELP : USAGE);
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
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`motcua: ${e.message}\n\n${command === 'serve' ? SERVE_HELP : command === 'users' ? USERS_HELP : command === 'calendar' ? CALENDAR_HELP : USAGE}`);
      return 2;
    }
    if (e instanceof AppError || e instanceof CliFailure) {
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
  const code = await main(process.argv.slice(2));
  if (code !== 0) process.exit(code);
}
