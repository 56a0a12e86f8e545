/**
 * Runs a centre server: opens (and if new, initialises) the database, builds the app, listens, and
 * shuts down cleanly on SIGINT/SIGTERM so the last write is checkpointed.
 */
import { toVnIso } from '../shared/time.ts';
import { type Clock, systemClock } from './clock.ts';
import { type Config, ConfigError } from './config.ts';
import { buildApp } from './app.ts';
import { catalogueFor } from './catalogue/service.ts';
import { initDatabase } from './db/init.ts';
import { openDb } from './db/open.ts';
import { startAnchoring, writeAnchor } from './history/anchors.ts';
import { useHistoryKey } from './history/chains.ts';
import { HistoryKeyError, isInside, loadHistoryKey } from './history/keys.ts';
import { HOW_TO_PROTECT } from './history/verify.ts';
import { DEMO_PASSWORD, demoAccounts, realRecords, seedDemo } from './demo/seed.ts';
import { type TrainingClock, trainingClock } from './training/clock.ts';
import { checkServeMode } from './training/mode.ts';
import { trainingRepo } from './training/repo.ts';
import { clockRefusal } from './training/service.ts';
import { notifyReady } from './ops/notify.ts';
import { machineNames } from './tls/names.ts';
import { type ServerTls, TLS_FILES, describeNames, loadServerTls } from './tls/store.ts';
import { type BackupScheduler, backupStatus, startBackupSchedule } from './backup/schedule.ts';
import { serveLockPath, tryServeLock } from './backup/serve-lock.ts';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export async function serve(config: Config, clock: Clock = systemClock, out: (line: string) => void = console.log) {
  // Before the database is opened: a missing or broken certificate stops the start with what to run.
  const tls = config.tlsDir ? loadServerTls(config.tlsDir, clock(), machineNames()) : null;
  // The history key, before the database: a key beside the database protects nothing.
  if (config.historyKeyFile && isInside(config.historyKeyFile, dirname(config.dbPath))) {
    throw new ConfigError(`the history key ${config.historyKeyFile} is in the database's directory: anyone who can write the database could read it. Move it (e.g. /etc/motcua/history.key)`);
  }
  let historyKey;
  try {
    historyKey = config.historyKeyFile ? loadHistoryKey(config.historyKeyFile) : null;
  } catch (e) {
    if (e instanceof HistoryKeyError) throw new ConfigError(e.message);
    throw e;
  }
  // One server per database, and none while a restore swaps the files (server/backup/serve-lock.ts).
  const lock = tryServeLock(config.dbPath, 'motcua serve');
  if (!lock) throw new ConfigError(`another server (or a restore) is using ${config.dbPath}: it holds ${serveLockPath(config.dbPath)}. Stop it first.`);
  let db: ReturnType<typeof openDb>;
  try {
    db = openDb(config.dbPath, { backupDir: config.backup?.dir ?? null, notice: out });
  } catch (e) {
    lock.release();
    throw e;
  }
  let training: TrainingClock | undefined;
  let created: boolean;
  let rejudged: { dossiers: number; changed: number } | undefined;
  let protectedNow: boolean;
  try {
    try {
      ({ protectedNow } = useHistoryKey(db, historyKey, toVnIso(clock())));
    } catch (e) {
      if (e instanceof HistoryKeyError) throw new ConfigError(e.message);
      throw e;
    }
    ({ created, rejudged } = initDatabase(db, { mode: config.training ? 'training' : 'live', clock }));
    checkServeMode(db, config.dbPath, config.training);
    if (config.training) training = startTrainingClock(db, config, clock);
  } catch (e) {
    db.close();
    lock.release();
    throw e;
  }
  out(`${created ? 'Created' : 'Opened'} database ${config.dbPath}${training ? ' (TRAINING / ĐÀO TẠO)' : ''}`);
  let stopAnchoring = () => {};
  if (historyKey) {
    out(`History protected by the key ${historyKey.fingerprint}${protectedNow ? ' (from now on)' : ''}; signed anchors every ${config.anchorMinutes} min and at shutdown.`);
    writeAnchor(db, toVnIso(clock()), 'startup');
    stopAnchoring = startAnchoring(db, () => toVnIso(clock()), config.anchorMinutes, (e) => out(`Warning: could not sign an anchor of the history: ${e.message}`));
  } else {
    out(`Warning: the history is not protected against someone who can write the database file. To protect it, ${HOW_TO_PROTECT}.`);
  }
  if (rejudged) out(`Upgraded to two clocks per step: ${rejudged.dossiers} dossiers replayed, ${rejudged.changed} with a holder's judgement changed (recorded in their history)`);
  if (config.demo) {
    const demo = seedDemo(db, training?.now ?? clock);
    if (demo.created) out(`Added demo data (fictional): ${demo.dossiers} dossiers and the demo staff accounts`);
    if (demo.refused) out(`Not adding demo data: ${demo.refused}.`);
  }
  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp({ db, clock, config, ...(training ? { trainingClock: training } : {}), ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}), ...(config.backup ? { backupStatus } : {}) });
  } catch (e) {
    lock.release();
    throw e;
  }
  // Scheduled backups in a child process (never on this event loop); the lock goes with the server.
  let backups: BackupScheduler | null = null;
  app.addHook('onListen', async () => {
    if (config.backup) backups = startBackupSchedule({ dbPath: config.dbPath, schedule: config.backup, log: (level, message, details) => app.log[level](details ?? {}, message) });
  });
  app.addHook('onClose', async () => {
    await backups?.stop();
    lock.release();
  });
  if (!existsSync(join(config.uiDir, 'index.html'))) out('Warning: the screens are not built (run `npm run build`); serving the API only.');

  const address = await app.listen({ host: config.host, port: config.port });
  // Under systemd (Type=notify): ready once listening, so `systemctl start` returns when MotCua answers.
  if (config.notifySocket) await notifyReady(config.notifySocket, (message) => app.log.warn(message));
  const base = address.replace('[::1]', 'localhost');
  out('');
  out(`MotCua is serving ${base}`);
  out(`  Kiosk (citizens):        ${base}/kiosk`);
  out(`  Counter (intake clerks): ${base}/counter`);
  out(`  Supervisor:              ${base}/supervisor`);
  out(`  Staff accounts (admin):  ${base}/admin`);
  if (tls) printHttps(tls, config.host, Number(new URL(address).port), out);
  if (config.backup) out(`  Backups every ${describeEvery(config.backup.everyMs)} to ${config.backup.dir}${config.backup.copyTo.length ? `, copied to ${config.backup.copyTo.join(', ')}` : ''} (verified; "motcua backup --help").`);
  if (training) {
    out('');
    out(`TRAINING MODE (ĐÀO TẠO): every screen and paper says so; nothing here is the centre's real work.`);
    out(`  The centre's clock reads ${toVnIso(training.now())} and runs; an admin moves it with`);
    out(`  POST ${base}/api/training/clock {"now": "2026-11-25T14:00:00+07:00"} (never before the history's latest event).`);
  }
  const accounts = demoAccounts(db);
  if (accounts.length > 0) {
    out('');
    out(`Demo accounts (fictional), password "${DEMO_PASSWORD}" for each:`);
    for (const a of accounts) out(`  ${a.username.padEnd(13)} ${a.role}`);
  } else if (realRecords(db).staff === 0) {
    out('');
    out('No staff accounts yet. Add one (in another terminal):');
    // On a protected history a command that writes needs the key too (as the service's user, under systemd).
    const key = config.historyKeyFile ? `env MOTCUA_HISTORY_KEY_FILE=${config.historyKeyFile} ` : '';
    out(`  ${key}npx motcua users add --db ${config.dbPath} --username admin --role admin --password-stdin`);
  }
  out('');
  out('Stop with Ctrl+C.');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    out(`\n${signal}: closing…`);
    await app.close();
    stopAnchoring();
    try {
      writeAnchor(db, toVnIso(clock()), 'shutdown');
    } catch (e) {
      out(`Warning: could not sign the shutdown anchor: ${(e as Error).message}`);
    }
    db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return { app, db };
}

const describeEvery = (ms: number) => (ms % 86_400_000 === 0 ? `${ms / 86_400_000} d` : ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${ms / 60_000} min`);

/** Where the kiosks' CA is, how to reach the server by a name the certificate covers, and what needs fixing. */
function printHttps(tls: ServerTls, host: string, port: number, out: (line: string) => void) {
  out('');
  out(`HTTPS with ${join(tls.dir, TLS_FILES.serverCert)}, valid until ${toVnIso(tls.server.notAfter)}, for ${describeNames(tls.server.names)}.`);
  if (tls.ca) out(`  Kiosks must trust the centre's CA: install ${join(tls.dir, TLS_FILES.caCert)} on each (SHA-256 ${tls.ca.fingerprint}).`);
  // An address before a name: a bare machine name often does not resolve on a kiosk.
  const lan = tls.server.names.ips.find((ip) => !ip.includes(':') && !ip.startsWith('127.')) ?? tls.server.names.dns.find((n) => n !== 'localhost');
  if (/^(127\.|::1$|localhost$)/.test(host)) out(`  Listening on ${host} only: kiosks on the centre's network need --host 0.0.0.0.`);
  else if (lan) out(`  Kiosks open https://${lan}:${port}/kiosk`);
  for (const w of tls.warnings) out(`  Warning: ${w}`);
}

/** The training clock at --clock (or the real time), refused where the centre could not work. */
function startTrainingClock(db: ReturnType<typeof openDb>, config: Config, clock: Clock): TrainingClock {
  const training = trainingClock(clock, config.trainingClockStart ?? undefined);
  const at = training.now();
  const refusal = clockRefusal(at, trainingRepo(db).latestHistoryAt(), catalogueFor(db).calendar().range);
  if (!refusal) return training;
  const given = config.trainingClockStart ? `--clock ${toVnIso(at)}` : `the real time (${toVnIso(at)}; no --clock given)`;
  const details = refusal.details as { latestEventAt?: string; firstYear?: number; lastYear?: number };
  if (refusal.code === 'CLOCK_BEFORE_HISTORY') {
    throw new ConfigError(
      `${given} is before the latest event in this training database's history (${details.latestEventAt}); history never runs backwards. Give --clock ${details.latestEventAt} or later, or train on a new --db.`,
    );
  }
  throw new ConfigError(`${given} is outside the years of the centre's working calendar (${details.firstYear}–${details.lastYear}): no appointment could be given.`);
}
