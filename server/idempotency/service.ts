/**
 * Idempotent writes: a client sends an `Idempotency-Key` with a write (intake, a dossier action);
 * the first answer (status, body and the headers that matter) is kept in the same transaction as the
 * write itself, so a retry with the same key — after a timeout, a dropped connection, a crash of the
 * counter's PC — gets that answer again instead of making a second dossier or acting twice.
 *
 * - A key belongs to the signed-in member of staff: another's same key is another request.
 * - The same key with another request (another route, dossier or body) is refused: 422.
 * - Refusals (4xx) and failures are not kept: nothing was written, so a retry is simply run again
 *   and gets whatever answer holds then (the same refusal, usually).
 * - Keys are kept 24 hours, purged by a later write.
 *
 * Two identical requests arriving together cannot both write: the write handlers are synchronous and
 * the key is looked up and stored inside one BEGIN IMMEDIATE transaction around the whole write, so
 * the second runs only after the first has committed, and finds its answer.
 */
import { createHash } from 'node:crypto';
import { toVnIso } from '../../shared/time.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { AppError } from '../errors.ts';
import type { IdempotencyRepo } from './repo.ts';

/** A UUID, or any 16–128 characters that need no escaping anywhere (RFC 3986 unreserved). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._~-]{16,128}$/;
export const KEEP_HOURS = 24;

export interface Answer {
  readonly status: number;
  /** Headers to give again on a replay (a Location); never cookies. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** What the route hands over: who asks, with which key, for what. */
export interface KeyedRequest {
  readonly staffId: number;
  /** The header's value; undefined when none was sent. */
  readonly key: string | string[] | undefined;
  /** Method and route pattern, e.g. `POST /api/dossiers/:code/actions` (stored, for the reader). */
  readonly route: string;
  /** Method, path and body: what makes two requests "the same". */
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
}

export interface Outcome {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as JSON text: byte for byte what the first answer sent. */
  readonly json: string;
  readonly replayed: boolean;
}

export type IdempotencyService = ReturnType<typeof idempotencyService>;

export function idempotencyService({ db, repo, clock }: { db: Db; repo: IdempotencyRepo; clock: Clock }) {
  const fingerprintOf = (r: KeyedRequest) => createHash('sha256').update(`${r.method} ${r.url}\n${JSON.stringify(r.body ?? null)}`).digest('hex');

  return {
    /**
     * Runs `write` (synchronous: it must not wait between its reads and writes) once per key. Without
     * a key it just runs, as before. A refusal thrown by `write` goes to the caller, and what `write`
     * chose to keep of a refused attempt (its own transaction rolled back) is kept.
     */
    run(request: KeyedRequest, write: () => Answer): Outcome {
      const key = checkKey(request.key);
      if (key === null) {
        const answer = write();
        return { status: answer.status, headers: answer.headers ?? {}, json: JSON.stringify(answer.body), replayed: false };
      }
      const fingerprint = fingerprintOf(request);
      db.exec('BEGIN IMMEDIATE');
      let outcome: Outcome;
      try {
        const now = clock();
        repo.purge(toVnIso(new Date(now.getTime() - KEEP_HOURS * 3_600_000)));
        const kept = repo.find(request.staffId, key);
        if (kept) {
          if (kept.fingerprint !== fingerprint) throw new AppError('IDEMPOTENCY_KEY_REUSED', { firstRequest: kept.request, at: kept.created_at });
          outcome = { status: kept.status, headers: JSON.parse(kept.headers) as Record<string, string>, json: kept.body, replayed: true };
        } else {
          let answer: Answer;
          try {
            answer = write();
          } catch (e) {
            // The write's own transaction (a savepoint inside this one) has rolled back; anything it
            // recorded afterwards on purpose (a refused supplement request) is committed, as without a key.
            db.exec('COMMIT');
            throw e;
          }
          const json = JSON.stringify(answer.body);
          outcome = { status: answer.status, headers: answer.headers ?? {}, json, replayed: false };
          if (answer.status < 400) {
            repo.insert({ staff_id: request.staffId, key, request: request.route, fingerprint, status: answer.status, headers: JSON.stringify(outcome.headers), body: json, created_at: toVnIso(now) });
          }
        }
        db.exec('COMMIT');
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw e;
      }
      return outcome;
    },
  };
}

/** The key, or null when none was sent; anything malformed (or sent twice) is a 400 before any write. */
export function checkKey(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value)) throw new AppError('IDEMPOTENCY_KEY_INVALID');
  return value;
}
