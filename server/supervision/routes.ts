import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { KioskReport } from '../../shared/contracts.ts';
import type { Services } from '../app.ts';
import { requirePermission } from '../auth/guard.ts';

export const supervisionRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, opts) => {
  app.get('/api/supervision/overview', { onRequest: requirePermission('supervise') }, async () => opts.services.supervision.overview());
  app.get(
    '/api/supervision/kiosk',
    {
      onRequest: requirePermission('supervise'),
      schema: {
        querystring: Type.Object({ from: Type.Optional(Type.String({ maxLength: 10 })), to: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: false }),
        response: { 200: KioskReport },
      },
    },
    async (request) => opts.services.supervision.kiosk(request.query),
  );
};
