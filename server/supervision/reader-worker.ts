/**
 * The supervisors' big reads, answered in a worker thread (reader.ts starts it): the overview, the
 * summary of a period, the flags, the scores, the warnings and the kiosk report. Each takes tens to
 * hundreds of milliseconds of CPU on a centre with months of history; on the server's event loop that
 * was every kiosk lookup and intake waiting behind it (the soak benchmark's kiosk p99 went from 88 to
 * 214 ms with a supervisor reading once a second).
 *
 * The worker has its own connection to the same database file (WAL: it reads committed data and never
 * waits for a writer) and builds the same supervision service on it; each call brings the centre's
 * time from the server (a training clock is moved there). An AppError goes back as its code, details
 * and message and is thrown again in the server, so a bad period is the same 400 as before.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { auditRepo } from '../audit/repo.ts';
import { catalogueFor } from '../catalogue/service.ts';
import { openDb } from '../db/open.ts';
import { dossierRepo } from '../dossiers/repo.ts';
import { AppError } from '../errors.ts';
import { readJson } from './read-json.ts';
import { supervisionRepo } from './repo.ts';
import { type SupervisionReads, READS, supervisionService } from './service.ts';

export interface ReadRequest {
  readonly id: number;
  readonly method: keyof SupervisionReads;
  readonly args: readonly unknown[];
  /** The centre's time of the call (ms since the epoch). */
  readonly now: number;
}
export type ReadAnswer =
  /** The answer as its response's JSON text (read-json.ts): a string crosses threads as one copy. */
  | { readonly id: number; readonly json: string }
  | { readonly id: number; readonly appError: { readonly code: AppError['code']; readonly details: unknown; readonly message: string } }
  | { readonly id: number; readonly failure: string };

const { dbPath } = workerData as { dbPath: string };
// The server has migrated it already; a reader never migrates nor backs up.
const db = openDb(dbPath, { migrate: false, backupDir: null });
let now = Date.now();
const service = supervisionService({ db, repo: supervisionRepo(db), dossiers: dossierRepo(db), audit: auditRepo(db), catalogue: catalogueFor(db), clock: () => new Date(now) });

parentPort!.on('message', (request: ReadRequest) => {
  let answer: ReadAnswer;
  try {
    if (!READS.includes(request.method)) throw new Error(`not a supervision read: ${String(request.method)}`);
    now = request.now;
    const read = service[request.method] as (...args: unknown[]) => unknown;
    answer = { id: request.id, json: readJson(request.method, read(...request.args)) };
  } catch (e) {
    answer = e instanceof AppError ? { id: request.id, appError: { code: e.code, details: e.details, message: e.message } } : { id: request.id, failure: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  parentPort!.postMessage(answer);
});
