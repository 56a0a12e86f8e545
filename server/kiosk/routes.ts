import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { KioskDetail, KioskSummary, type KioskView, LookupVia, RatingGiven, RatingRequest } from '../../shared/contracts.ts';
import { checkLookupKey } from '../../shared/lookup-key.ts';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import { type FloodVerdict, floodLimit } from './flood.ts';
import type { KioskService } from './service.ts';

/** The two tiers' response schemas, each compiled once into its own serializer (the route's union is the contract). */
const TIER_SCHEMAS = { detail: KioskDetail, summary: KioskSummary } as unknown as Record<'detail' | 'summary', Record<string, unknown>>;

// Only `via` is read; other parameters (a cache-buster) are let through rather than refused.
const ViaQuery = Type.Object({ via: Type.Optional(LookupVia) });

/**
 * A request over its flood limit (flood.ts) is refused before anything else runs, with the headers
 * @fastify/rate-limit sends (how many, none left, when the window ends, when to retry); within the
 * limit, no headers at all (nothing reads them; three more headers on every lookup).
 */
function refusal(reply: FastifyReply, verdict: FloodVerdict): AppError | undefined {
  if (verdict.allowed) return undefined;
  reply.headers({ 'x-ratelimit-limit': verdict.limit, 'x-ratelimit-remaining': 0, 'x-ratelimit-reset': verdict.resetSeconds, 'retry-after': verdict.resetSeconds });
  return new AppError('RATE_LIMITED');
}

export const kioskRoutes: FastifyPluginAsyncTypebox<{ kiosk: KioskService; perMinute: number; clock: Clock }> = async (app, opts) => {
  const { kiosk } = opts;
  // Per server, in memory only: one-minute windows counted by client address.
  const flood = floodLimit(opts.clock, { windowMs: 60_000 });
  const serialized = new WeakMap<object, Buffer>();

  app.get(
    '/api/kiosk/lookup/:query',
    {
      // The response schema is the privacy contract: fields not in it (a name, an ID number) are never
      // serialised, even if a future change put them on the object. A bad `via` is refused (400) by
      // the schema, before anything is looked up or recorded.
      schema: { params: Type.Object({ query: Type.String() }), querystring: ViaQuery, response: { 200: Type.Union([KioskDetail, KioskSummary]) } },
    },
    (request, reply) => {
      // Two buckets per client address, counted before anything is looked up or recorded (a request
      // the schema refused never gets here: it looked nothing up). Dossier codes are sequential, so
      // typed codes (and malformed input) share a tight limit: that is what a crawler would walk. A
      // valid 16-digit key is one of 10^15 and proves a receipt in hand, so a kiosk or a centre's
      // Wi-Fi scanning receipts all morning is never locked out; its bucket is a flood guard.
      const ip = request.ip;
      const validKey = checkLookupKey(request.params.query) === 'valid';
      const refused = refusal(reply, flood.hit(validKey ? `${ip}|key` : `${ip}|other`, validKey ? opts.perMinute * 10 : opts.perMinute));
      if (refused) throw refused;
      // Public and personal: never cached by a shared proxy or the kiosk's browser.
      reply.header('Cache-Control', 'no-store');
      const answer = kiosk.lookup(request.params.query, { via: request.query.via, address: ip });
      // Answered at once unless the wrong-key slowdown holds it back: no promise to wait on for the
      // common case (an error is thrown here as from any handler).
      if (answer.waitMs === 0) send(reply, kiosk.deliverNow(answer));
      else return kiosk.deliver(answer).then((view) => send(reply, view));
    },
  );

  /**
   * Each tier through its own closed schema, compiled once: the union's serializer would run a
   * validator over every answer to find which of the two it is (a tenth of a lookup's time). An answer
   * kept while it stays true (view-cache.ts) is the same object: its bytes are kept with it, made by
   * the same serializer (the schema is still what decides what leaves).
   */
  function send(reply: FastifyReply, view: KioskView): void {
    let body = serialized.get(view);
    if (!body) {
      body = Buffer.from(reply.compileSerializationSchema(TIER_SCHEMAS[view.view], '200')(view));
      serialized.set(view, body);
    }
    // Bytes are sent as they are (Fastify serialises only objects).
    reply.header('content-type', 'application/json; charset=utf-8').send(body);
  }

  app.post(
    '/api/kiosk/rating',
    {
      schema: { body: RatingRequest, querystring: ViaQuery, response: { 201: RatingGiven } },
      // A rating is given once per dossier: a citizen needs a handful a minute at most, and a script
      // trying keys here is held to the lookups' tight limit (and slowed by the same wrong-key count).
      onRequest: (request, reply, done) => done(refusal(reply, flood.hit(`${request.ip}|rating`, opts.perMinute))),
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      const given = await kiosk.deliver(kiosk.rate(request.body, { via: request.query.via, address: request.ip }));
      return reply.status(201).send(given);
    },
  );
};
