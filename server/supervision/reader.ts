/**
 * The supervisors' big reads off the server's event loop: a worker thread (reader-worker.ts) with its
 * own connection answers them, one at a time, while the event loop goes on answering the kiosk and
 * the counters. Started at the first read; a worker that dies is replaced at the next one (the reads
 * waiting on it fail with a 500, logged). The server closes it on close.
 *
 * The worker is the compiled file beside the compiled command line (dist/node, scripts/build-server.ts)
 * when the server runs compiled, else the TypeScript through tsx's loader.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Clock } from '../clock.ts';
import { PROJECT_ROOT } from '../config.ts';
import { AppError } from '../errors.ts';
import type { ReadAnswer, ReadRequest } from './reader-worker.ts';
import { READS, type SupervisionReads } from './service.ts';

const COMPILED_WORKER = join(PROJECT_ROOT, 'dist', 'node', 'supervision-reader.mjs');
const SOURCE_WORKER = join(PROJECT_ROOT, 'server', 'supervision', 'reader-worker-tsx.mjs');

/** Each read answers the JSON text of its response (read-json.ts), made off the event loop. */
type AsJson<T> = { [K in keyof T]: T[K] extends (...args: infer A) => unknown ? (...args: A) => Promise<string> : never };
export type SupervisionReader = AsJson<SupervisionReads> & {
  /** Starts the worker now (a listening server: the first supervisor then waits for no start-up). */
  start(): void;
  close(): Promise<void>;
};

/** The worker's file: compiled when this code is (a .mjs), else the TypeScript through tsx. */
function workerFile(): string {
  return import.meta.url.endsWith('.mjs') && existsSync(COMPILED_WORKER) ? COMPILED_WORKER : SOURCE_WORKER;
}

export function supervisionReader(options: { dbPath: string; clock: Clock; onFailure?: (err: Error) => void }): SupervisionReader {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (json: string) => void; reject: (e: unknown) => void }>();

  const failAll = (err: Error) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };

  const spawnWorker = (): Worker => {
    // No --import of the server's own command line (a profiler's probe, tsx): the worker file is
    // compiled, or registers tsx itself.
    const w = new Worker(workerFile(), { workerData: { dbPath: options.dbPath }, execArgv: [] });
    w.on('message', (answer: ReadAnswer) => {
      const pending = waiting.get(answer.id);
      if (!pending) return;
      waiting.delete(answer.id);
      if ('json' in answer) pending.resolve(answer.json);
      else if ('appError' in answer) pending.reject(new AppError(answer.appError.code, answer.appError.details, answer.appError.message));
      else pending.reject(new Error(`supervision read failed in its worker: ${answer.failure}`));
    });
    w.on('error', (err) => {
      options.onFailure?.(err);
      failAll(err);
    });
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      if (waiting.size) failAll(new Error(`the supervision reader stopped (exit code ${code})`));
    });
    // An idle reader never keeps a finished process alive.
    w.unref();
    return w;
  };

  const call = (method: ReadRequest['method'], args: unknown[]) =>
    new Promise<string>((resolve, reject) => {
      worker ??= spawnWorker();
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, method, args, now: options.clock().getTime() } satisfies ReadRequest);
    });

  const reader = Object.fromEntries(READS.map((method) => [method, (...args: unknown[]) => call(method, args)])) as unknown as AsJson<SupervisionReads>;
  return {
    ...reader,
    start() {
      worker ??= spawnWorker();
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
      failAll(new Error('the server is closing'));
    },
  };
}
