/**
 * GET /api/training for every screen (the banner and the centre's clock); POST /api/training/clock
 * for an administrator, registered only in training mode: on a live database there is no way to set
 * the clock, the address does not exist (404).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TrainingClockRequest, TrainingState } from '../../shared/contracts.ts';
import { parseIsoInstant } from '../../shared/time.ts';
import { requirePermission, staffOf } from '../auth/guard.ts';
import { AppError } from '../errors.ts';
import type { TrainingService } from './service.ts';

export const trainingRoutes: FastifyPluginAsyncTypebox<{ training: TrainingService }> = async (app, opts) => {
  const { training } = opts;

  app.get('/api/training', { schema: { response: { 200: TrainingState } } }, async (_request, reply) => {
    // The time moves: a cached answer would show a stale clock on the banner.
    reply.header('Cache-Control', 'no-store');
    return training.state();
  });

  if (!training.state().training) return;

  app.post('/api/training/clock', { onRequest: requirePermission('setTrainingClock'), schema: { body: TrainingClockRequest, response: { 200: TrainingState } } }, async (request) => {
    const at = parseIsoInstant(request.body.now);
    if (!at) throw new AppError('INVALID_TIME', { field: 'now' });
    return training.setClock(at, staffOf(request));
  });
};
