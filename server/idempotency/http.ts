/** The HTTP side of idempotent writes: reads the Idempotency-Key header, sends the (kept) answer. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { staffOf } from '../auth/guard.ts';
import type { Answer, IdempotencyService } from './service.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Set on an answer given again from the kept one (the name Stripe and others use). */
export const REPLAYED_HEADER = 'idempotent-replayed';

export function sendIdempotent(request: FastifyRequest, reply: FastifyReply, service: IdempotencyService, write: () => Answer): FastifyReply {
  const outcome = service.run(
    {
      staffId: staffOf(request).id,
      key: request.headers[IDEMPOTENCY_HEADER],
      route: `${request.method} ${request.routeOptions.url ?? ''}`,
      method: request.method,
      url: request.url,
      body: request.body,
    },
    write,
  );
  reply.status(outcome.status).headers(outcome.headers).header('Cache-Control', 'no-store');
  if (outcome.replayed) reply.header(REPLAYED_HEADER, 'true');
  return reply.type('application/json; charset=utf-8').send(outcome.json);
}
