/**
 * How long a verified backup takes, and how big it is: on a copy of a database, once alone and once
 * while another process writes every 5 ms (as a busy server would). Prints figures; asserts nothing.
 *
 *   node --import tsx scripts/bench-backup.ts --db FILE [--writer-ms 5]
 *
 * FILE is copied first (its copy is written to; FILE is not touched). A year to try it on:
 * npm run simulate -- --db /tmp/year.db --dossiers 200000.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { takeBackup } from '../server/backup/backup.ts';
import { systemClock } from '../server/clock.ts';
import { PROJECT_ROOT } from '../server/config.ts';
import { listMigrations, openDb } from '../server/db/open.ts';

const { values } = parseArgs({ options: { db: { type: 'string' }, 'writer-ms': { type: 'string', default: '5' } } });
if (!values.db) {
  console.error('usage: node --import tsx scripts/bench-backup.ts --db FILE [--writer-ms 5]');
  process.exit(2);
}
const writerMs = Number(values['writer-ms']);
const work = mkdtempSync(join(tmpdir(), 'motcua-bench-backup-'));
const copy = join(work, 'motcua.db');
try {
  const source = new Database(resolve(values.db), { readonly: true, fileMustExist: true });
  source.prepare('VACUUM INTO ?').run(copy);
  source.close();
  const db = openDb(copy, { migrate: false });
  db.exec('CREATE TABLE IF NOT EXISTS bench_writes (id INTEGER PRIMARY KEY, at TEXT NOT NULL, pad TEXT NOT NULL)');
  const schema = listMigrations().length;
  const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
  const run = (label: string, dir: string) => {
    const r = takeBackup(db, { dir: join(work, dir), kind: 'manual', clock: systemClock, programSchema: schema });
    console.log(`${label}: ${r.ms} ms for ${mb(r.entry.bytes)} MB (${r.entry.dossiers} dossiers, ${r.entry.events} events)`);
    console.log(`  VACUUM INTO + fsync ${r.phases.snapshotMs} ms; verification (integrity, chain, rows against history, last link) ${r.phases.verifyMs} ms; sha256 ${r.phases.checksumMs} ms`);
    return r;
  };
  console.log(`database ${values.db}: ${mb(statSync(copy).size)} MB`);
  run('backup, nothing else writing', 'alone');

  // Another process writing one row every `writerMs` ms, each its own transaction (synchronous=FULL, WAL).
  const writer = spawn(
    process.execPath,
    [
      '-e',
      `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(copy)}); db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL'); db.pragma('busy_timeout = 5000');
       const ins = db.prepare('INSERT INTO bench_writes (at, pad) VALUES (?, ?)'); let n = 0, slow = 0;
       setInterval(() => { const t = performance.now(); ins.run(new Date().toISOString(), 'x'.repeat(200)); n++; if (performance.now() - t > 50) slow++; }, ${writerMs});
       process.on('SIGTERM', () => { console.log(JSON.stringify({ n, slow })); process.exit(0); });`,
    ],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  writer.stdout.on('data', (c: Buffer) => void (out += c.toString()));
  await new Promise((r) => setTimeout(r, 1000));
  const before = (db.prepare('SELECT count(*) AS n FROM bench_writes').get() as { n: number }).n;
  const r = run(`backup, another process writing every ${writerMs} ms`, 'busy');
  const after = (db.prepare('SELECT count(*) AS n FROM bench_writes').get() as { n: number }).n;
  writer.kill('SIGTERM');
  await new Promise((done) => writer.on('close', done));
  const stats = JSON.parse(out.trim() || '{}') as { n?: number; slow?: number };
  console.log(`  the writer committed ${after - before} rows while the backup ran (${stats.n ?? '?'} in all, ${stats.slow ?? '?'} of them took > 50 ms); the backup holds ${(new Database(r.path, { readonly: true }).prepare('SELECT count(*) AS n FROM bench_writes').get() as { n: number }).n} of them`);
  db.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
