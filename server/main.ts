/**
 * Runs a centre server: opens (and if new, initialises) the database, builds the app, listens, and
 * shuts down cleanly on SIGINT/SIGTERM so the last write is checkpointed.
 */
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { buildApp } from './app.ts';
import { initDatabase } from './db/init.ts';
import { openDb } from './db/open.ts';
import { DEMO_PASSWORD, demoAccounts, realRecords, seedDemo } from './demo/seed.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export async function serve(config: Config, clock: Clock = systemClock, out: (line: string) => void = console.log) {
  const db = openDb(config.dbPath);
  const { created } = initDatabase(db);
  out(`${created ? 'Created' : 'Opened'} database ${config.dbPath}`);
  if (config.demo) {
    const demo = seedDemo(db, clock);
    if (demo.created) out(`Added demo data (fictional): ${demo.dossiers} dossiers and the demo staff accounts`);
    if (demo.refused) out(`Not adding demo data: ${demo.refused}.`);
  }
  const app = await buildApp({ db, clock, config });
  if (!existsSync(join(config.uiDir, 'index.html'))) out('Warning: the screens are not built (run `npm run build`); serving the API only.');

  const address = await app.listen({ host: config.host, port: config.port });
  const base = address.replace('[::1]', 'localhost');
  out('');
  out(`MotCua is serving ${base}`);
  out(`  Kiosk (citizens):        ${base}/kiosk`);
  out(`  Counter (intake clerks): ${base}/counter`);
  out(`  Supervisor:              ${base}/supervisor`);
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
