import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { PublicApologies, PublicApologiesQuery } from '../../shared/contracts.ts';
import type { ApologyBoardService } from './service.ts';

export const apologyRoutes: FastifyPluginAsyncTypebox<{ apologies: ApologyBoardService; perMinute: number }> = async (app, opts) => {
  const { apologies } = opts;

  app.get(
    '/api/public/apologies',
    {
      // No login: the kiosk's tab, /cong-khai on a phone, or anyone. The response schema is the
      // privacy contract (closed; no field for a name, a code or a key).
      schema: { querystring: PublicApologiesQuery, response: { 200: PublicApologies } },
      config: {
        rateLimit: {
          timeWindow: 60_000,
          // Public and anonymous like the kiosk's lookups, but nothing to guess here: the board's own
          // bucket per client, as roomy as the lookups' valid-key one (a centre's Wi-Fi shares one address).
          keyGenerator: (request: FastifyRequest) => `${request.ip}|apologies`,
          max: opts.perMinute * 10,
        },
      },
    },
    async (request, reply) => {
      // The same for everyone, and changes only when an apology is made or leaves the window.
      reply.header('Cache-Control', 'no-cache');
      const { offset, limit } = request.query;
      return apologies.list({ ...(offset !== undefined ? { offset: Number(offset) } : {}), ...(limit !== undefined ? { limit: Number(limit) } : {}) });
    },
  );
};
