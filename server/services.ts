/**
 * The composition root: every app service, built once from the database. The server (app.ts), the
 * command line and the benches build them here alike, and each route plugin is handed only the
 * services it uses, so no area depends on the whole graph (and nothing imports app.ts back).
 */
import type { FastifyBaseLogger } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { apologyRepo } from './apologies/repo.ts';
import { apologyBoardService } from './apologies/service.ts';
import { auditRepo } from './audit/repo.ts';
import { authRepo } from './auth/repo.ts';
import { authService } from './auth/service.ts';
import { catalogueFor } from './catalogue/service.ts';
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db/types.ts';
import { actionService } from './dossiers/actions.ts';
import { dossierRepo } from './dossiers/repo.ts';
import { dossierService } from './dossiers/service.ts';
import { isStorageFull } from './errors.ts';
import { historyFingerprint } from './history/chains.ts';
import { idempotencyRepo } from './idempotency/repo.ts';
import { idempotencyService } from './idempotency/service.ts';
import { kioskRepo } from './kiosk/repo.ts';
import { kioskService } from './kiosk/service.ts';
import { wrongKeyThrottle } from './kiosk/throttle.ts';
import { counterRepo } from './printing/repo.ts';
import { printingService } from './printing/service.ts';
import { receiptService } from './receipts/service.ts';
import { reportRepo } from './reports/repo.ts';
import { reportService } from './reports/service.ts';
import { staffRepo } from './staff/repo.ts';
import { staffService } from './staff/service.ts';
import { supervisionRepo } from './supervision/repo.ts';
import { supervisionService } from './supervision/service.ts';
import { type TrainingClock, trainingClock } from './training/clock.ts';
import { databaseMode } from './training/mode.ts';
import { trainingRepo } from './training/repo.ts';
import { trainingService } from './training/service.ts';

/** What the services are built from (app.ts's AppDeps adds what only the HTTP server needs). */
export interface ServiceDeps {
  readonly db: Db;
  readonly clock?: Clock;
  /** Source of the 15 random digits of a lookup key (tests make it deterministic). */
  readonly randomDigits?: () => string;
  /**
   * The settable clock of a training database (main.ts starts it at --clock). A training database
   * without one gets a clock that starts at `clock`'s time; a live database refuses one.
   */
  readonly trainingClock?: TrainingClock;
  /** How the kiosk holds back an answer to a client sending wrong keys (tests note the delay instead of waiting). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** When the kiosk's lookup records are written (server/kiosk/recorder.ts; tests write them at once). */
  readonly scheduleRecords?: (flush: () => void) => void;
}

export function buildServices(deps: ServiceDeps, config: Config, log?: FastifyBaseLogger) {
  const { db } = deps;
  // The mode is the database's, decided when it was set up (migration 006), never a flag alone: a
  // live database gets no settable clock and no training marks, whatever the caller passes.
  const training = databaseMode(db) === 'training';
  if (!training && deps.trainingClock) throw new Error('a training clock for a live database');
  const realClock = deps.clock ?? systemClock;
  const centreClock = training ? (deps.trainingClock ?? trainingClock(realClock)) : null;
  const clock = centreClock?.now ?? realClock;
  const catalogue = catalogueFor(db);
  const dossiers = dossierRepo(db);
  const audit = auditRepo(db);
  const receipts = receiptService({ db, repo: dossiers, audit, catalogue, clock, training });
  const supervision = supervisionService({ db, repo: supervisionRepo(db), dossiers, audit, catalogue, clock });
  return {
    /** The centre's clock (a training database's settable one). */
    clock,
    // Sessions last real hours (and their cookie expires in the browser's real time), wherever the
    // training clock has been moved.
    auth: authService({ db, repo: authRepo(db), audit, clock: realClock, sessionHours: config.sessionHours }),
    catalogue,
    dossiers: dossierService({ db, repo: dossiers, audit, catalogue, clock, ...(deps.randomDigits ? { randomDigits: deps.randomDigits } : {}) }),
    receipts,
    actions: actionService({ db, repo: dossiers, catalogue, clock }),
    printing: printingService({ counters: counterRepo(db), receipts, dossiers, clock, cupsServer: config.cupsServer }),
    kiosk: kioskService({
      db,
      repo: dossiers,
      kiosk: kioskRepo(db),
      audit,
      catalogue,
      clock,
      // Real time, like sessions: an administrator moving a training clock must not release or punish anyone.
      throttle: wrongKeyThrottle(realClock),
      sleep: deps.sleep ?? ((ms) => sleep(ms)),
      viewCacheSize: config.kioskViewCacheSize,
      ...(deps.scheduleRecords ? { scheduleRecords: deps.scheduleRecords } : {}),
      // A record batch the disk refused: a warning line in the log (the citizen had the answer).
      ...(log ? { onRecordError: (err: unknown, lost: number) => log.warn({ err, lost }, isStorageFull(err) ? 'storage full: kiosk lookup records not written' : 'kiosk lookup records not written') } : {}),
    }),
    // The public apology board: on the centre's clock, and marked when the database is a training one.
    apologies: apologyBoardService({ repo: apologyRepo(db), catalogue, clock, training }),
    supervision,
    // The leaders' papers read the supervision service's figures, so a paper never disagrees with the
    // screen; a training database's papers are stamped so on every page, like its receipts.
    reports: reportService({
      supervision,
      repo: reportRepo(db),
      audit,
      centre: () => catalogue.centre(),
      training,
      historyKey: () => historyFingerprint(db),
    }),
    // Accounts and sessions live in real time, like auth's (a training clock never moves them).
    staff: staffService({ db, repo: staffRepo(db), audit, clock: deps.clock ?? systemClock }),
    training: trainingService({ repo: trainingRepo(db), audit, clock, training: centreClock, calendarYears: () => catalogue.calendar().range }),
    // Kept answers expire in real time, like sessions (a training clock never moves them).
    idempotency: idempotencyService({ db, repo: idempotencyRepo(db), clock: realClock }),
  };
}
export type Services = ReturnType<typeof buildServices>;
