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
import { DEMO_PASSWORD, demoAccounts, realRecords, seedDemo } from './demo/seed.ts';
import { type TrainingClock, trainingClock } from './training/clock.ts';
import { checkServeMode } from './training/mode.ts';
import { trainingRepo } from './training/repo.ts';
import { clockRefusal } from './training/service.ts';
import { notifyReady } from './ops/notify.ts';
import { machineNames } from './tls/names.ts';
import { type ServerTls, TLS_FILES, describeNames, loadServerTls } from './tls/store.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export async function serve(config: Config, clock: Clock = systemClock, out: (line: string) => void = console.log) {
  // Before the database is opened: a missing or broken certificate stops the start with what to run.
  const tls = config.tlsDir ? loadServerTls(config.tlsDir, clock(), machineNames()) : null;
  const db = openDb(config.dbPath);
  let training: TrainingClock | undefined;
  let created: boolean;
  let rejudged: { dossiers: number; changed: number } | undefined;
  try {
    ({ created, rejudged } = initDatabase(db, { mode: config.training ? 'training' : 'live', clock }));
    checkServeMode(db, config.dbPath, config.training);
    if (config.training) training = startTrainingClock(db, config, clock);
  } catch (e) {
    db.close();
    throw e;
  }
  out(`${created ? 'Created' : 'Opened'} database ${config.dbPath}${training ? ' (TRAINING / ĐÀO TẠO)' : ''}`);
  if (rejudged) out(`Upgraded to two clocks per step: ${rejudged.dossiers} dossiers replayed, ${rejudged.changed} with a holder's judgement changed (recorded in their history)`);
  if (config.demo) {
    const demo = seedDemo(db, training?.now ?? clock);
    if (demo.created) out(`Added demo data (fictional): ${demo.dossiers} dossiers and the demo staff accounts`);
    if (demo.refused) out(`Not adding demo data: ${demo.refused}.`);
  }
  const app = await buildApp({ db, clock, config, ...(training ? { trainingClock: training } : {}), ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}) });
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
    out(`  npx motcua users add --db ${config.dbPath} --username admin --role admin --password-stdin`);
  }
  out('');
  out('Stop with Ctrl+C.');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    out(`\n${signal}: closing…`);
    await app.close();
    db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return { app, db };
}

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
