/**
 * A simulated year of a busy centre, for the supervisors' dashboards and their benchmark:
 *
 *   npm run simulate -- --db FILE [--dossiers 200000] [--year 2026] [--seed 1] [--until YYYY-MM-DD]
 *
 * Builds a NEW database through the project's own migrations and set-up (openDb, initDatabase: the
 * shipped catalogue and calendar), adds fictional staff (scripts/simulate/centre.ts) and a year of
 * fictional dossiers with their whole history (scripts/simulate/life.ts), every row marked
 * fictional. Deterministic for a seed. `now` for the simulation is --until's 16:30 (default: the
 * year's last working day): dossiers of the last weeks are still open, some overdue.
 *
 * THIS IS A GENERATED DATABASE, never a centre's register: to fill it in minutes rather than hours it
 * is written with the journal in memory and synchronous=OFF (a crash mid-fill leaves a file to throw
 * away), then set back to WAL and synchronous=FULL as openDb leaves every database.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { dayNumber, vnMidnightMs, dateOfDayNumber, toVnIso } from '../shared/time.ts';
import { dossierDateKey, formatDossierCode, MAX_DAILY_SEQUENCE } from '../shared/dossier-code.ts';
import { makeLookupKey } from '../shared/lookup-key.ts';
import { catalogueFor, timeLimitOf } from '../server/catalogue/service.ts';
import { initDatabase } from '../server/db/init.ts';
import type { Db } from '../server/db/types.ts';
import { openDb } from '../server/db/open.ts';
import { applicantDigest } from '../server/dossiers/consistency.ts';
import { HAMLETS, FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M } from '../server/demo/names.ts';
import { CHRONICALLY_LATE, PROCEDURE_WEIGHTS, SIMULATED_PASSWORD, arrivalMinutes, arrivalsPerDay, createStaff, lateRateOf } from './simulate/centre.ts';
import { type Intake, type LifeEvent, type Person, type ProcedureDef, type World, live } from './simulate/life.ts';
import { prng } from '../shared/prng.ts';
import { progressBar } from './simulate/progress.ts';
import { simulationStore } from './simulate/store.ts';

export interface SimulateOptions {
  readonly dossiers: number;
  readonly year: number;
  readonly seed?: number;
  /** The simulation's last day (YYYY-MM-DD); its "now" is 16:30 that day. Default: the year's last working day. */
  readonly until?: string;
  readonly onProgress?: (done: number) => void;
}

export interface SimulateSummary {
  readonly dossiers: number;
  readonly events: number;
  readonly staff: number;
  readonly asOf: string;
  readonly byStatus: Record<string, number>;
  readonly chronicallyLate: readonly string[];
}

const AS_OF_MINUTE = 16 * 60 + 30;
/** 07:00 on the year's first day: when the simulated centre's database and accounts were set up. */
export const yearStart = (year: number) => new Date(vnMidnightMs(dayNumber({ year, month: 1, day: 1 })) + 7 * 3_600_000);

/** The simulation's "now": 16:30 on `until`, or on the year's last working day. */
export function simulationNow(db: Db, year: number, until?: string): Date {
  const calendar = catalogueFor(db).calendar();
  let day = until ? dayNumber(parseDay(until)) : dayNumber({ year, month: 12, day: 31 });
  if (!until) while (calendar.periodsOn(dateOfDayNumber(day)).length === 0) day--;
  return new Date(vnMidnightMs(day) + AS_OF_MINUTE * 60_000);
}

function parseDay(text: string) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new Error(`--until takes YYYY-MM-DD (got "${text}")`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** Fills a new, initialised database with the year; refuses one that holds dossiers. */
export function simulateYear(db: Db, options: SimulateOptions): SimulateSummary {
  const existing = (db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n;
  if (existing > 0) throw new Error(`the database already holds ${existing} dossiers: a simulated year goes only into a new database`);
  const rand = prng(options.seed ?? 1);
  const asOf = simulationNow(db, options.year, options.until);
  const catalogue = catalogueFor(db);
  const calendar = catalogue.calendar();
  const agencyId = catalogue.centre().agencyId;
  const ledBy = new Map((db.prepare('SELECT code, led_by FROM departments').all() as { code: string; led_by: string | null }[]).map((r) => [r.code, r.led_by]));
  const leaderships = new Set([...ledBy.values()].filter((x): x is string => x !== null));

  const store = simulationStore(db);
  // Accounts made as the year began (the centre was already running).
  const staff = db.transaction(() => createStaff(db, rand, yearStart(options.year)))();
  const clerks = staff.filter((p) => p.role === 'clerk');
  const workersCache = new Map<string, Person[]>();
  const headsCache = new Map<string, Person[]>();
  const world: World = {
    calendar,
    policy: catalogue.policy(),
    timelinessMode: catalogue.timelinessMode(),
    supplementWindowMinutes: (code) => catalogue.supplementWindowMinutes(code),
    asOf,
    rand,
    clerks,
    lateRate: lateRateOf,
    // A leadership's steps are signatures (its leaders'); the centre's are the clerks'; the rest its officers'.
    workers: (dept) => {
      let list = workersCache.get(dept);
      if (!list) {
        const role = leaderships.has(dept) ? 'leader' : dept === 'TTPVHCC' ? 'clerk' : 'officer';
        list = staff.filter((p) => p.department === dept && p.role === role);
        if (!list.length) list = staff.filter((p) => p.department === dept && p.role === 'leader');
        workersCache.set(dept, list);
      }
      return list;
    },
    // processing.ts heads(): a leader of the department itself or of the leadership heading it.
    heads: (dept) => {
      let list = headsCache.get(dept);
      if (!list) {
        list = staff.filter((p) => p.role === 'leader' && p.department !== null && (p.department === dept || ledBy.get(dept) === p.department));
        headsCache.set(dept, list);
      }
      return list;
    },
  };

  const procedures: ProcedureDef[] = catalogue.procedures().map((p) => ({
    code: p.code,
    name: p.name,
    limit: timeLimitOf(p),
    supplementClock: p.supplementClock,
    documents: p.documents,
    steps: p.steps.map((s) => ({ name: s.name, department: s.department.code, departmentName: s.department.name, allotted: Math.round(s.allottedHours * 60) })),
  }));
  const weighted: ProcedureDef[] = [];
  for (const p of procedures) for (let k = 0; k < Math.round((PROCEDURE_WEIGHTS[p.code] ?? 1) * 10); k++) weighted.push(p);

  const firstDay = dayNumber({ year: options.year, month: 1, day: 1 });
  const lastDay = Math.floor((asOf.getTime() + 7 * 3_600_000) / 86_400_000);
  const perDay = arrivalsPerDay(calendar, options.year, lastDay, options.dossiers, rand);
  // Events wait in their day's bucket until that day is written, then go in time order: ids (the
  // chain's order) follow time across all dossiers, as they would in the centre's real database.
  const buckets = new Map<number, { e: LifeEvent; dossierId: number; n: number }[]>();
  const keys = new Set<string>();
  let order = 0;
  let registerNo = 0;
  let done = 0;
  const byStatus: Record<string, number> = {};

  db.exec('BEGIN');
  for (let day = firstDay; day <= lastDay; day++) {
    const date = dateOfDayNumber(day);
    const count = perDay.get(day) ?? 0;
    if (count > MAX_DAILY_SEQUENCE) throw new Error(`${count} dossiers on one day: the dossier code's daily number stops at ${MAX_DAILY_SEQUENCE}; ask for fewer dossiers`);
    const until = day === lastDay ? AS_OF_MINUTE : 24 * 60;
    const minutes = count ? arrivalMinutes(calendar.periodsOn(date), count, until, rand) : [];
    let sequence = 0;
    for (const minute of minutes) {
      const receivedAt = new Date(Math.round((vnMidnightMs(day) + minute * 60_000) / 1000) * 1000);
      const procedure = rand.pick(weighted);
      sequence++;
      registerNo++;
      let lookupKey = makeLookupKey(rand.digits(15));
      while (keys.has(lookupKey)) lookupKey = makeLookupKey(rand.digits(15));
      keys.add(lookupKey);
      const female = rand.next() < 0.5;
      const name = `${rand.pick(FAMILY)} ${rand.pick(female ? MIDDLE_F : MIDDLE_M)} ${rand.pick(female ? GIVEN_F : GIVEN_M)}`;
      const idNumber = `999${rand.digits(9)}`;
      const phone = `0999${rand.digits(6)}`;
      const address = `${rand.pick(HAMLETS)}, xã Minh An, tỉnh Thanh Hóa (địa chỉ minh họa)`;
      const docs = procedure.documents.slice(0, rand.int(1, Math.min(3, Math.max(1, procedure.documents.length))));
      const intake: Intake = {
        code: formatDossierCode(agencyId, receivedAt, sequence),
        lookupKey,
        procedure,
        receivedAt,
        clerk: rand.pick(clerks),
        applicant: { name, idNumber, phone, address, email: '', digest: applicantDigest({ name, idNumber, phone, address, email: '' }) },
        documents: (docs.length ? docs : ['Tờ khai']).map((doc, i) => {
          const originals = i === 0 ? 1 : rand.int(0, 1);
          return { name: doc, originals, copies: rand.int(originals === 0 ? 1 : 0, 2) };
        }),
        channel: rand.next() < 0.85 ? 'in_person' : rand.next() < 0.5 ? 'post' : 'online',
        returnMethod: rand.next() < 0.9 ? 'at_centre' : 'post',
        registerYear: options.year,
        registerNo,
      };
      const life = live(world, intake);
      const id = store.dossier(life.row, life.steps);
      byStatus[life.row.status] = (byStatus[life.row.status] ?? 0) + 1;
      for (const e of life.events) {
        const d = Math.floor((e.t + 7 * 3_600_000) / 86_400_000);
        let bucket = buckets.get(d);
        if (!bucket) buckets.set(d, (bucket = []));
        bucket.push({ e, dossierId: id, n: order++ });
      }
      done++;
      options.onProgress?.(done);
    }
    if (sequence) store.sequence(agencyId, dossierDateKey(new Date(vnMidnightMs(day) + 12 * 3_600_000)), sequence);
    const today = buckets.get(day);
    if (today) {
      today.sort((a, b) => a.e.t - b.e.t || a.n - b.n);
      for (const { e, dossierId } of today) {
        const at = toVnIso(new Date(e.t));
        store.event({ dossier_id: dossierId, at, kind: e.kind, actor_id: e.actor, data: e.data });
        if (e.rating) store.rating({ dossier_id: dossierId, level: e.rating.level, reasons: e.rating.reasons, at, channel: e.rating.channel });
      }
      buckets.delete(day);
    }
    // Commit now and then: one huge transaction would hold the whole year's journal in memory.
    if (day % 7 === 0) {
      db.exec('COMMIT');
      db.exec('BEGIN');
    }
  }
  db.exec('COMMIT');
  if (buckets.size) throw new Error('events left after the last day: the simulation wrote past its "now"');
  return { dossiers: done, events: store.events(), staff: staff.length, asOf: toVnIso(asOf), byStatus, chronicallyLate: CHRONICALLY_LATE };
}

/** The fill's pragmas (a generated database: see the header), and openDb's again afterwards. */
export function relaxForFill(db: Db): () => void {
  db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('temp_store = MEMORY');
  return () => {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('cache_size = -2000');
  };
}

const USAGE = `npm run simulate -- --db FILE [--dossiers 200000] [--year 2026] [--seed 1] [--until YYYY-MM-DD]

  Makes a NEW database holding a simulated year of a busy centre (fictional staff and dossiers with
  their whole history), for the supervisors' screens and their benchmark (npm run bench -- --supervision).
  --db        the file to create (refused if it exists)
  --dossiers  how many dossiers in the year (default 200000)
  --year      the year (default 2026)
  --seed      the random seed: the same seed gives the same database (default 1)
  --until     the simulation's last day, its "now" at 16:30 (default: the year's last working day)
  Staff sign in with the demo password (${SIMULATED_PASSWORD}), e.g. as "supervisor".`;

async function cli(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, dossiers: { type: 'string' }, year: { type: 'string' }, seed: { type: 'string' }, until: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (e) {
    console.error(`simulate: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) return void console.log(USAGE), 0;
  const int = (text: string | undefined, fallback: number, name: string) => {
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a whole number (got "${text}")`);
    return n;
  };
  try {
    if (!values.db) throw new Error('--db FILE is required (a new file)');
    if (existsSync(values.db)) throw new Error(`${values.db} exists: a simulated year goes only into a new database (remove it or choose another name)`);
    const dossiers = int(values.dossiers, 200_000, 'dossiers');
    const year = int(values.year, 2026, 'year');
    const seed = int(values.seed, 1, 'seed');
    const db = openDb(values.db);
    try {
      const started = performance.now();
      initDatabase(db, { clock: () => yearStart(year) });
      const restore = relaxForFill(db);
      const bar = progressBar(dossiers, 'dossiers');
      const summary = simulateYear(db, { dossiers, year, seed, ...(values.until ? { until: values.until } : {}), onProgress: (n) => bar.tick(n) });
      bar.finish(summary.dossiers);
      restore();
      const seconds = (performance.now() - started) / 1000;
      console.log(
        [
          `Simulated ${summary.dossiers.toLocaleString('en-US')} dossiers (${summary.events.toLocaleString('en-US')} history events, ${summary.staff} staff) of ${year} in ${values.db}, in ${seconds.toFixed(0)} s (${Math.round(summary.dossiers / seconds).toLocaleString('en-US')} dossiers/s).`,
          `Now, for the simulation: ${summary.asOf}. By status: ${Object.entries(summary.byStatus).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
          `Chronically late officers: ${summary.chronicallyLate.join(', ')}. All data fictional; sign in as "supervisor" with ${SIMULATED_PASSWORD}.`,
          `Check it: motcua audit verify --db ${values.db}`,
        ].join('\n'),
      );
    } finally {
      db.close();
    }
    return 0;
  } catch (e) {
    console.error(`simulate: ${(e as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await cli(process.argv.slice(2));
  if (code !== 0) process.exit(code);
}
