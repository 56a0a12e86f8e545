/**
 * Configuration, read once from the command line and the environment and then frozen. Nothing else in
 * the server reads process.env.
 */
import proxyAddr from '@fastify/proxy-addr';
import { isIP } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout's root: the nearest folder above this module with a package.json. Walking up (rather
 * than "one folder up") gives the same answer from server/config.ts and from the compiled start-up
 * file (dist/node/cli.mjs, scripts/build-server.ts).
 */
function projectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(start, '..');
  }
}

export const PROJECT_ROOT = projectRoot(dirname(fileURLToPath(import.meta.url)));
export const DEFAULT_DB_PATH = resolve(PROJECT_ROOT, 'data', 'motcua.db');
export const DEFAULT_UI_DIR = resolve(PROJECT_ROOT, 'dist', 'ui');

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** The level `motcua serve` logs at unless told otherwise. */
export const DEFAULT_SERVE_LOG_LEVEL: LogLevel = 'info';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dbPath: string;
  readonly demo: boolean;
  /** Serve a training database (`--training`): created so if new, refused if it is a live one. */
  readonly training: boolean;
  /** Where the training clock starts (`--clock`); null: the real time. Only with `training`. */
  readonly trainingClockStart: Date | null;
  readonly uiDir: string;
  /**
   * How much the server logs (pino's JSON lines on stdout, one per request: server/ops/logging.ts).
   * `motcua serve` logs at `info` unless told otherwise (--log-level, MOTCUA_LOG_LEVEL); an app built
   * without a level (tests, benchmarks) is silent.
   */
  readonly logLevel: LogLevel;
  /** /api/health warns when the disk holding the database has less free than this many bytes… */
  readonly diskWarnBytes: number;
  /** …or less than this share of the disk free (percent). */
  readonly diskWarnPercent: number;
  readonly sessionHours: number;
  /** Kiosk lookups per minute per client address: stops anyone walking through dossier codes. */
  readonly kioskLookupsPerMinute: number;
  /** Kiosk answers kept while they stay true (server/kiosk/view-cache.ts); 0: none. */
  readonly kioskViewCacheSize: number;
  /**
   * The supervisors' big reads answered in a worker thread (server/supervision/reader.ts), off the
   * event loop; false: in the server's own thread (the unit tests, a database in memory).
   */
  readonly supervisionReadsInWorker: boolean;
  readonly loginAttemptsPerMinute: number;
  readonly bodyLimitBytes: number;
  /** The CUPS server `lp` talks to (host, host:port or a socket path); null: CUPS's own default. */
  readonly cupsServer: string | null;
  /**
   * Serve HTTPS with server.crt and server.key from this directory (`serve --https`, made by
   * `motcua tls init`): kiosks on the LAN get the camera only in a secure context. null: plain HTTP.
   */
  readonly tlsDir: string | null;
  /**
   * The reverse proxies (addresses or CIDR ranges, `serve --trust-proxy`) whose X-Forwarded-For is
   * believed: the client address then is the one the proxy saw, for the kiosk's rate limits and its
   * lookup records. Empty: the TCP peer, and X-Forwarded-For is ignored (anyone can write it).
   */
  readonly trustProxy: readonly string[];
  /**
   * Verified backups on a timer while serving (server/backup/schedule.ts), in a child process: on by
   * default when the database is in a data directory (--data-dir, MOTCUA_DATA), every hour into its
   * backups/; null: none (the demo's default, data/motcua.db in the checkout).
   */
  readonly backup: BackupSchedule | null;
  /**
   * The history key file (`serve --history-key`, MOTCUA_HISTORY_KEY_FILE; `motcua audit keygen`):
   * outside the data directory, readable by the service account only. null: the history is linked
   * without a secret, as before, and the server warns once.
   */
  readonly historyKeyFile: string | null;
  /** Minutes between signed anchors of the history (with a key). */
  readonly anchorMinutes: number;
  /** systemd's notification socket (NOTIFY_SOCKET, under `Type=notify`): readiness is sent there once listening. */
  readonly notifySocket: string | null;
}

export interface BackupSchedule {
  readonly dir: string;
  readonly everyMs: number;
  readonly keep: { readonly hourly: number; readonly daily: number; readonly monthly: number };
  readonly copyTo: readonly string[];
}

export const DEFAULT_CONFIG: Config = Object.freeze({
  host: '127.0.0.1',
  port: 8080,
  dbPath: DEFAULT_DB_PATH,
  demo: false,
  training: false,
  trainingClockStart: null,
  uiDir: DEFAULT_UI_DIR,
  logLevel: 'silent',
  diskWarnBytes: 1024 ** 3,
  diskWarnPercent: 5,
  sessionHours: 12,
  kioskLookupsPerMinute: 60,
  kioskViewCacheSize: 5_000,
  supervisionReadsInWorker: true,
  loginAttemptsPerMinute: 10,
  bodyLimitBytes: 64 * 1024,
  cupsServer: null,
  tlsDir: null,
  trustProxy: [],
  backup: null,
  historyKeyFile: null,
  anchorMinutes: 15,
  notifySocket: null,
});

/** An installed centre's files: DATA/motcua.db, its backups in DATA/backups (DATA from --data-dir or MOTCUA_DATA). */
export function dataDirPaths(dataDir: string): { dbPath: string; backupDir: string } {
  const dir = resolve(dataDir);
  return { dbPath: join(dir, 'motcua.db'), backupDir: join(dir, 'backups') };
}

/** The scheduled backups' default period. */
export const DEFAULT_BACKUP_EVERY_MS = 3_600_000;

/** `30m`, `1h`, `6h`, `1d` (at least 1 minute); `off` gives null. */
export function parseEvery(text: string, from: string): number | null {
  if (text === 'off') return null;
  const m = /^(\d+)(m|h|d)$/.exec(text);
  const ms = m ? Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'] : NaN;
  if (!(ms >= 60_000 && ms <= 7 * 86_400_000)) throw new ConfigError(`${from}: a period like 30m, 1h, 6h or 1d (1 minute to 7 days), or off; got "${text}"`);
  return ms;
}

/** How many backups a generation keeps: a whole number 0–1000. */
export function parseKeepCount(text: string, from: string): number {
  if (!/^\d{1,4}$/.test(text) || Number(text) > 1000) throw new ConfigError(`${from}: a whole number 0–1000, got "${text}"`);
  return Number(text);
}

/** `serve --https` without --port: the usual alternative HTTPS port, beside HTTP's 8080. */
export const DEFAULT_HTTPS_PORT = 8443;

export class ConfigError extends Error {}

export function parsePort(text: string, from: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new ConfigError(`${from}: port must be a number 0–65535, got "${text}"`);
  return Number(text);
}

export function makeConfig(overrides: Partial<Config>): Config {
  return Object.freeze({ ...DEFAULT_CONFIG, ...overrides });
}

export function parseLogLevel(text: string, from: string): LogLevel {
  const level = LOG_LEVELS.find((l) => l === text.trim().toLowerCase());
  if (!level) throw new ConfigError(`${from}: the log level is one of ${LOG_LEVELS.join(', ')}, got "${text}"`);
  return level;
}

/**
 * `--trust-proxy 127.0.0.1,10.0.0.0/8`: each an IPv4 or IPv6 address, optionally with a prefix
 * length; anything else is refused rather than trusted by accident.
 */
export function parseTrustProxy(text: string): string[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new ConfigError('--trust-proxy needs at least one address, e.g. 127.0.0.1');
  for (const item of items) {
    const [address, prefix, ...rest] = item.split('/');
    const family = isIP(address ?? '');
    const max = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
    if (!family || !prefixOk || rest.length) throw new ConfigError(`--trust-proxy: "${item}" is not an address or an address/prefix (e.g. 127.0.0.1 or 10.0.0.0/8)`);
  }
  return items;
}

/**
 * The proxies whose X-Forwarded-For is believed, as the check Fastify asks for each hop: proxy-addr's
 * (the library Fastify itself uses: addresses, ranges, IPv4-mapped IPv6), with its verdict kept per
 * address. That check parses the address anew each time, on every kiosk lookup; the addresses it is
 * asked about are the proxies' own few (the chain stops at the first address not trusted), and the
 * memory is cleared past 1,000 whatever a client writes in the header.
 */
export function trustedProxies(list: readonly string[]): (address: string, hop: number) => boolean {
  const trusted = proxyAddr.compile([...list]);
  const verdicts = new Map<string, boolean>();
  return (address, hop) => {
    let verdict = verdicts.get(address);
    if (verdict === undefined) {
      verdict = trusted(address, hop);
      if (verdicts.size >= 1_000) verdicts.clear();
      verdicts.set(address, verdict);
    }
    return verdict;
  };
}
