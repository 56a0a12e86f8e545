/**
 * The operations side of the app: the one log line per request, the metrics, /api/health and
 * /metrics, and a disk check every minute while the server listens (a nearly full disk is logged
 * before a write fails).
 */
import type { FastifyInstance } from 'fastify';
import { HealthReport } from '../../shared/contracts.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/types.ts';
import { type BackupStatus, healthService } from './health.ts';
import { logRequests } from './logging.ts';
import { appMetrics, metricsRoute } from './metrics.ts';

const DISK_CHECK_EVERY_MS = 60_000;

export function registerOps(app: FastifyInstance, deps: { db: Db; clock: Clock; config: Config; backupStatus?: () => BackupStatus }): void {
  const metrics = appMetrics({ clock: deps.clock, ...(deps.backupStatus ? { backupStatus: deps.backupStatus } : {}) });
  logRequests(app, metrics.observe);
  const health = healthService({
    db: deps.db,
    clock: deps.clock,
    log: app.log,
    diskWarnBytes: deps.config.diskWarnBytes,
    diskWarnPercent: deps.config.diskWarnPercent,
    ...(deps.backupStatus ? { backupStatus: deps.backupStatus } : {}),
  });

  app.get('/api/health', { schema: { response: { 200: HealthReport, 503: HealthReport } } }, async (_request, reply) => {
    const result = await health.check();
    return reply.status(result.status === 'failing' ? 503 : 200).header('Cache-Control', 'no-store').send(result);
  });
  metricsRoute(app, metrics);

  let timer: NodeJS.Timeout | undefined;
  app.addHook('onListen', async () => {
    void health.diskState();
    timer = setInterval(() => void health.diskState(), DISK_CHECK_EVERY_MS).unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}
