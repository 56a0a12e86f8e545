import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../app.ts';
import { requirePermission } from '../auth/guard.ts';

export const supervisionRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, opts) => {
  app.get('/api/supervision/overview', { onRequest: requirePermission('supervise') }, async () => opts.services.supervision.overview());
};
