import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LoginRequest, NoContent, SessionAnswer } from '../../shared/contracts.ts';
import type { AuthService } from './service.ts';
import { AppError } from '../errors.ts';
import { SESSION_COOKIE, toMe } from './service.ts';

export const authRoutes: FastifyPluginAsyncTypebox<{ auth: AuthService; loginPerMinute: number }> = async (app, opts) => {
  const { auth } = opts;

  app.post(
    '/api/session',
    {
      schema: { body: LoginRequest, response: { 200: SessionAnswer } },
      // Per address and per minute: slows down password guessing without locking out a busy counter.
      config: { rateLimit: { max: opts.loginPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      let session: Awaited<ReturnType<typeof auth.login>>;
      try {
        session = await auth.login(request.body.username, request.body.password, request.ip);
      } catch (e) {
        // A locked name says when to try again, in the header clients and proxies understand too.
        if (e instanceof AppError && e.code === 'ACCOUNT_LOCKED') reply.header('Retry-After', String((e.details as { retryAfterSeconds: number }).retryAfterSeconds));
        throw e;
      }
      const { token, staff, expiresAt } = session;
      // Over HTTPS (`serve --https`) the cookie is never sent back in clear; plain HTTP on the centre's
      // network (or localhost) still needs it without the flag.
      reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', expires: expiresAt, secure: request.protocol === 'https' });
      return { staff: toMe(staff) };
    },
  );

  app.get('/api/session', { schema: { response: { 200: SessionAnswer } } }, async (request) => {
    if (!request.staff) throw new AppError('NOT_AUTHENTICATED');
    return { staff: toMe(request.staff) };
  });

  app.delete('/api/session', { schema: { response: { 204: NoContent } } }, async (request, reply) => {
    auth.logout(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
};
