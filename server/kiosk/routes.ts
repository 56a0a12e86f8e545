import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { KioskDetail, KioskSummary, LookupVia, RatingGiven, RatingRequest } from '../../shared/contracts.ts';
import { checkLookupKey } from '../../shared/lookup-key.ts';
import type { Services } from '../app.ts';

/**
 * Who asks and with what, worked out once per request: the rate limit reads both twice (its bucket and
 * its maximum) and the lookup the address again, and Fastify's request.ip parses X-Forwarded-For
 * anew on every read behind a trusted proxy.
 */
const asked = new WeakMap<FastifyRequest, { readonly ip: string; readonly validKey: boolean }>();
const askerOf = (request: FastifyRequest) => {
  let a = asked.get(request);
  if (!a) {
    a = { ip: request.ip, validKey: checkLookupKey((request.params as { query?: string }).query ?? '') === 'valid' };
    asked.set(request, a);
  }
  return a;
};

/** The two tiers' response schemas, each compiled once into its own serializer (the route's union is the contract). */
const TIER_SCHEMAS = { detail: KioskDetail, summary: KioskSummary } as unknown as Record<'detail' | 'summary', Record<string, unknown>>;

// Only `via` is read; other parameters (a cache-buster) are let through rather than refused.
const ViaQuery = Type.Object({ via: Type.Optional(LookupVia) });

export const kioskRoutes: FastifyPluginAsyncTypebox<{ services: Services; perMinute: number }> = async (app, opts) => {
  const { kiosk } = opts.services;
  const serialized = new WeakMap<object, Buffer>();

  app.get(
    '/api/kiosk/lookup/:query',
    {
      // The response schema is the privacy contract: fields not in it (a name, an ID number) are never
      // serialised, even if a future change put them on the object. A bad `via` is refused (400) by
      // the schema, before anything is looked up or recorded.
      schema: { params: Type.Object({ query: Type.String() }), querystring: ViaQuery, response: { 200: Type.Union([KioskDetail, KioskSummary]) } },
      config: {
        rateLimit: {
          timeWindow: 60_000,
          // Two buckets per client address. Dossier codes are sequential, so typed codes (and
          // malformed input) share a tight limit: that is what a crawler would walk. A valid
          // 16-digit key is one of 10^15 and proves a receipt in hand, so a kiosk or a centre's
          // Wi-Fi scanning receipts all morning is never locked out; its bucket is a flood guard.
          keyGenerator: (request: FastifyRequest) => {
            const { ip, validKey } = askerOf(request);
            return `${ip}|${validKey ? 'key' : 'other'}`;
          },
          max: (request: FastifyRequest) => (askerOf(request).validKey ? opts.perMinute * 10 : opts.perMinute),
          // No x-ratelimit-* headers on an answer within the limit (nothing reads them; three more
          // headers on every lookup); a refusal (429) still says them and when to retry.
          addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
        },
      },
    },
    async (request, reply) => {
      // Public and personal: never cached by a shared proxy or the kiosk's browser.
      reply.header('Cache-Control', 'no-store');
      const view = await kiosk.deliver(kiosk.lookup(request.params.query, { via: request.query.via, address: askerOf(request).ip }));
      // Each tier through its own closed schema, compiled once: the union's serializer would run a
      // validator over every answer to find which of the two it is (a tenth of a lookup's time). An
      // answer kept while it stays true (view-cache.ts) is the same object: its bytes are kept with it,
      // made by the same serializer (the schema is still what decides what leaves).
      let body = serialized.get(view);
      if (!body) {
        body = Buffer.from(reply.compileSerializationSchema(TIER_SCHEMAS[view.view], '200')(view));
        serialized.set(view, body);
      }
      // Bytes are sent as they are (Fastify serialises only objects): the type provider knows objects only.
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(body);
    },
  );

  app.post(
    '/api/kiosk/rating',
    {
      schema: { body: RatingRequest, querystring: ViaQuery, response: { 201: RatingGiven } },
      // A rating is given once per dossier: a citizen needs a handful a minute at most, and a script
      // trying keys here is held to the lookups' tight bucket (and slowed by the same wrong-key count).
      config: { rateLimit: { timeWindow: 60_000, keyGenerator: (request: FastifyRequest) => `${request.ip}|rating`, max: opts.perMinute } },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      const given = await kiosk.deliver(kiosk.rate(request.body, { via: request.query.via, address: request.ip }));
      return reply.status(201).send(given);
    },
  );
};
