/**
 * Prometheus metrics for a province's monitoring (`GET /metrics`, text format), from prom-client.
 * One registry per app (never prom-client's global one), so several apps in one process (the tests)
 * count apart.
 *
 * Who may read them: a client on this machine's loopback address (a Prometheus agent or node
 * exporter beside the server, `curl` on the server), or a signed-in admin or supervisor. Behind a
 * reverse proxy listed in --trust-proxy the address is the one the proxy saw, so the proxy does not
 * open them to the whole network. The figures hold no personal data and no lookup key: routes are
 * counted by their pattern.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { BackupStatus } from './health.ts';
import type { Answered } from './logging.ts';

const INTAKE_ROUTE = '/api/dossiers';
const LOOKUP_ROUTE = '/api/kiosk/lookup/:query';
const READERS = new Set(['admin', 'supervisor']);

export function appMetrics(options: { clock: Clock; backupStatus?: () => BackupStatus }) {
  const registry = new Registry();
  // The process's own: CPU, memory, heap, event-loop delay, open files, garbage collection.
  collectDefaultMetrics({ register: registry, prefix: 'motcua_' });
  const requests = new Counter({
    name: 'motcua_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'motcua_http_request_duration_seconds',
    help: 'Time from a request to its answer, by route pattern and method',
    labelNames: ['route', 'method'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const intakes = new Counter({ name: 'motcua_intakes_total', help: 'Dossiers received (intakes answered 201)', registers: [registry] });
  const lookups = new Counter({
    name: 'motcua_kiosk_lookups_total',
    help: 'Kiosk lookups, by outcome: found, not_found, refused (malformed or rate-limited)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  if (options.backupStatus) {
    const status = options.backupStatus;
    new Gauge({
      name: 'motcua_backup_age_seconds',
      help: 'Seconds since the last verified backup (+Inf: none yet)',
      registers: [registry],
      collect() {
        const at = status().lastOkAt;
        this.set(at ? Math.max(0, (options.clock().getTime() - at.getTime()) / 1000) : Infinity);
      },
    });
    new Gauge({
      name: 'motcua_backup_last_failed',
      help: '1 when the last backup attempt failed, else 0',
      registers: [registry],
      collect() {
        this.set(status().lastError ? 1 : 0);
      },
    });
  }

  // The lookups' three series, bound once (labels hashed at start-up, not on every lookup).
  const lookupsBy = { found: lookups.labels({ outcome: 'found' }), not_found: lookups.labels({ outcome: 'not_found' }), refused: lookups.labels({ outcome: 'refused' }) };

  return {
    registry,
    /** Counts an answered request (logging.ts calls it with what it logged). */
    observe({ route, method, status, ms }: Answered): void {
      requests.inc({ route, method, status: String(status) });
      latency.observe({ route, method }, ms / 1000);
      if (route === INTAKE_ROUTE && method === 'POST' && status === 201) intakes.inc();
      else if (route === LOOKUP_ROUTE && method === 'GET') lookupsBy[status === 200 ? 'found' : status === 404 ? 'not_found' : 'refused'].inc();
    },
  };
}
export type AppMetrics = ReturnType<typeof appMetrics>;

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** Loopback, or an admin's or a supervisor's session; anyone else is refused like any guarded route. */
function mayRead(request: FastifyRequest): void {
  if (isLoopback(request.ip)) return;
  if (!request.staff) throw new AppError('NOT_AUTHENTICATED');
  if (!READERS.has(request.staff.role)) throw new AppError('FORBIDDEN');
}

export function metricsRoute(app: FastifyInstance, metrics: AppMetrics): void {
  app.get('/metrics', { onRequest: async (request) => mayRead(request) }, async (_request, reply) => {
    reply.header('Cache-Control', 'no-store').type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
