/**
 * `motcua service install|uninstall`: MotCua as a systemd service (the unit: server/ops/systemd.ts).
 * scripts/cli.ts only dispatches here.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { compiledIsCurrent } from '../bin/compiled.js';
import { ConfigError, DEFAULT_CONFIG, DEFAULT_SERVE_LOG_LEVEL, PROJECT_ROOT, parseLogLevel, parsePort } from '../server/config.ts';
import { generateKeyFile } from '../server/history/keys.ts';
import { DEFAULT_DATA_DIR, DEFAULT_HISTORY_KEY, DEFAULT_SERVICE_USER, DEFAULT_UNIT_DIR, DEFAULT_UNIT_NAME, checkoutProblem, serviceUnit } from '../server/ops/systemd.ts';

const SERVICE_PORT_DEFAULT = DEFAULT_CONFIG.port;

export const SERVICE_HELP = `motcua service — run MotCua as a systemd service (restarted after a crash, started at boot)

  motcua service install [--user motcua] [--port ${SERVICE_PORT_DEFAULT}] [--host 0.0.0.0] [--data-dir ${DEFAULT_DATA_DIR}]
                         [--log-level ${DEFAULT_SERVE_LOG_LEVEL}] [--unit-dir ${DEFAULT_UNIT_DIR}]
                         [--history-key ${DEFAULT_HISTORY_KEY} | none] [--dry-run]
      As root, from the installed checkout (e.g. /opt/motcua, after npm ci and npm run build):
      creates the system user (no login, no home) if missing and the data directory (0700, the
      database at DATA/motcua.db), writes ${DEFAULT_UNIT_DIR}/${DEFAULT_UNIT_NAME}, then (where
      systemd runs) enables and starts it. --unit-dir elsewhere only writes the file (packaging). --host defaults to 0.0.0.0: the counters and kiosks are
      on the centre's network. --dry-run prints the unit and changes nothing.
  motcua service uninstall [--unit-dir ${DEFAULT_UNIT_DIR}]
      stops and disables the service and removes the unit; the data directory and the user stay.

Logs: journalctl -u motcua -o cat (one JSON line per request). Health: curl http://127.0.0.1:PORT/api/health`;

class ServiceError extends Error {}
/** A wrong command or option: exit 2 and the help, as the rest of the command line does. */
class ServiceUsageError extends ServiceError {}

const systemdRuns = () => existsSync('/run/systemd/system');

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function idOf(user: string): { uid: number; gid: number } | null {
  try {
    return { uid: Number(run('id', ['-u', user]).trim()), gid: Number(run('id', ['-g', user]).trim()) };
  } catch {
    return null;
  }
}

function options(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        user: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'log-level': { type: 'string' },
        'unit-dir': { type: 'string' },
        'history-key': { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (e) {
    throw new ServiceUsageError((e as Error).message.replace(/^TypeError \[\w+\]: /, ''));
  }
}

function install(args: string[], out: (line: string) => void): void {
  const v = options(args);
  const user = v.user ?? DEFAULT_SERVICE_USER;
  if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(user)) throw new ServiceUsageError(`--user: not a user name: "${user}"`);
  const dataDir = resolve(v['data-dir'] ?? DEFAULT_DATA_DIR);
  const unitDir = resolve(v['unit-dir'] ?? DEFAULT_UNIT_DIR);
  let port: number;
  let logLevel: string;
  try {
    port = v.port !== undefined ? parsePort(v.port, '--port') : SERVICE_PORT_DEFAULT;
    logLevel = v['log-level'] !== undefined ? parseLogLevel(v['log-level'], '--log-level') : DEFAULT_SERVE_LOG_LEVEL;
  } catch (e) {
    throw new ServiceUsageError((e as ConfigError).message);
  }
  const host = v.host ?? '0.0.0.0';
  if (!host.trim() || /\s/.test(host)) throw new ServiceUsageError('--host must be an address or a name');
  const keyFlag = v['history-key'] ?? DEFAULT_HISTORY_KEY;
  const historyKey = keyFlag === 'none' ? null : resolve(keyFlag);
  if (historyKey && (historyKey + sep).startsWith(dataDir + sep)) throw new ServiceUsageError(`--history-key: ${historyKey} is inside the data directory ${dataDir}: anyone who can write the database could read it there`);
  const unit = serviceUnit({ node: process.execPath, root: PROJECT_ROOT, user, dataDir, host, port, logLevel, historyKey });
  const problem = checkoutProblem(PROJECT_ROOT);
  if (v['dry-run']) {
    out(unit);
    if (problem) out(`# Warning: ${problem}`);
    return;
  }
  if (problem) throw new ServiceError(problem);

  let ids = idOf(user);
  if (!ids) {
    run('useradd', ['--system', '--user-group', '--home-dir', dataDir, '--no-create-home', '--shell', '/usr/sbin/nologin', user]);
    ids = idOf(user);
    if (!ids) throw new ServiceError(`could not create the user ${user}`);
    out(`Created the system user ${user} (no login, no home).`);
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  chownSync(dataDir, ids.uid, ids.gid);
  out(`Data directory ${dataDir} (0700, owned by ${user}); the database is ${join(dataDir, 'motcua.db')}.`);
  if (historyKey) {
    // The key that tags the history's links and signs its anchors: outside the data directory, readable
    // by the service's user only (ProtectSystem=strict leaves it readable, never writable, to the server).
    if (existsSync(historyKey)) out(`History key ${historyKey} kept as it is.`);
    else {
      const key = generateKeyFile(historyKey, [dataDir]);
      out(`Made the history key ${historyKey} (0600, owned by ${user}); its fingerprint ${key.fingerprint} is printed in the weekly report: keep a note of it away from this machine.`);
    }
    chownSync(dirname(historyKey), ids.uid, ids.gid);
    chmodSync(dirname(historyKey), 0o700);
    chownSync(historyKey, ids.uid, ids.gid);
    chmodSync(historyKey, 0o600);
  }
  mkdirSync(unitDir, { recursive: true });
  const unitPath = join(unitDir, DEFAULT_UNIT_NAME);
  writeFileSync(unitPath, unit, { mode: 0o644 });
  out(`Wrote ${unitPath}.`);
  if (!compiledIsCurrent(join(PROJECT_ROOT, 'dist', 'node'))) out('Warning: the compiled start-up file is missing or older than the sources: run `npm run build` (the service then starts about a second faster).');
  if (!existsSync(join(PROJECT_ROOT, 'dist', 'ui', 'index.html'))) out('Warning: the screens are not built: run `npm run build`.');
  // A unit written elsewhere (--unit-dir, for packaging or a test) is not one systemd loads: no systemctl.
  if (systemdRuns() && unitDir === DEFAULT_UNIT_DIR) {
    run('systemctl', ['daemon-reload']);
    run('systemctl', ['enable', '--now', DEFAULT_UNIT_NAME]);
    out(`Enabled and started ${DEFAULT_UNIT_NAME}. Check: systemctl status motcua; curl http://127.0.0.1:${port}/api/health`);
  } else if (unitDir === DEFAULT_UNIT_DIR) {
    out(`systemd is not running on this machine: start the service where it does (systemctl daemon-reload && systemctl enable --now ${DEFAULT_UNIT_NAME}).`);
  }
  const keyEnv = historyKey ? `MOTCUA_HISTORY_KEY_FILE=${historyKey} ` : '';
  out(`First administrator: sudo -u ${user} env ${keyEnv}${process.execPath} ${join(PROJECT_ROOT, 'bin', 'motcua.js')} users add --db ${join(dataDir, 'motcua.db')} --username admin --role admin --password-stdin`);
}

function uninstall(args: string[], out: (line: string) => void): void {
  const v = options(args);
  const unitDir = resolve(v['unit-dir'] ?? DEFAULT_UNIT_DIR);
  const unitPath = join(unitDir, DEFAULT_UNIT_NAME);
  const managed = systemdRuns() && unitDir === DEFAULT_UNIT_DIR;
  if (managed) {
    try {
      run('systemctl', ['disable', '--now', DEFAULT_UNIT_NAME]);
    } catch (e) {
      out(`systemctl disable --now: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  if (!existsSync(unitPath)) throw new ServiceError(`no unit at ${unitPath}: nothing to uninstall`);
  rmSync(unitPath);
  if (managed) run('systemctl', ['daemon-reload']);
  out(`Removed ${unitPath}. The data directory and the service's user are kept (remove them by hand once backed up).`);
}

/** Runs `motcua service …`; returns the exit code (2: a usage error, 1: it failed). */
export function cmdService(args: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
  const [sub, ...rest] = args;
  try {
    if (sub === undefined || sub === '--help' || sub === 'help' || rest.includes('--help')) {
      out(SERVICE_HELP);
      return 0;
    }
    if (sub === 'install') install(rest, out);
    else if (sub === 'uninstall') uninstall(rest, out);
    else throw new ServiceUsageError(`unknown service command "${sub}" (use: install, uninstall)`);
    return 0;
  } catch (e) {
    if (e instanceof ServiceError) {
      err(`motcua service: ${e.message}${e instanceof ServiceUsageError ? `\n\n${SERVICE_HELP}` : ''}`);
      return e instanceof ServiceUsageError ? 2 : 1;
    }
    const x = e as NodeJS.ErrnoException & { stderr?: string };
    err(`motcua service: ${x.code === 'EACCES' || x.code === 'EPERM' ? `${x.message} (run as root: sudo)` : (x.stderr?.trim() || x.message)}`);
    return 1;
  }
}
