import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../app.ts';

export const kioskRoutes: FastifyPluginAsyncTypebox<{ services: Services; perMinute: number }> = async (app, opts) => {
  app.get(
    '/api/kiosk/lookup/:query',
    {
      schema: { params: Type.Object({ query: Type.String({ maxLength: 100 }) }) },
      // Per client address: a kiosk or a phone looks up a handful of dossiers, a crawler thousands.
      config: { rateLimit: { max: opts.perMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      // Public and personal: never cached by a shared proxy or the kiosk's browser.
      reply.header('Cache-Control', 'no-store');
      return opts.services.kiosk.lookup(request.params.query);
    },
  );
};
