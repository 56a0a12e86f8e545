import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import {
  ApologyDecision,
  ApologyReviewRequest,
  ChangesQuery,
  KioskReport,
  LatenessDecision,
  LatenessReviewRequest,
  PeriodQuery,
  ScoresQuery,
  SupervisionChanges,
  SupervisionDossiers,
  SupervisionDossiersQuery,
  SupervisionFlags,
  SupervisionOverview,
  SupervisionRecord,
  SupervisionScores,
  SupervisionSummary,
  SupervisionWarnings,
} from '../../shared/contracts.ts';
import { requirePermission, staffOf } from '../auth/guard.ts';
import { codeOf } from '../dossiers/routes.ts';
import type { DossierService } from '../dossiers/service.ts';
import { changeWaiter } from './changes.ts';
import type { SupervisionReader } from './reader.ts';
import type { SupervisionService } from './service.ts';

export const supervisionRoutes: FastifyPluginAsyncTypebox<{
  supervision: SupervisionService;
  dossiers: DossierService;
  reads: SupervisionReader;
  longPollMs?: number;
  pollEveryMs?: number;
}> = async (app, opts) => {
  const { supervision, dossiers } = opts;
  // The big reads go through `reads` (reader.ts: a worker thread off the event loop, on a server).
  const { reads } = opts;
  // A read comes as its JSON text, made by its response schema where it was read (read-json.ts).
  const json = async (reply: FastifyReply, text: Promise<string>) => (reply as FastifyReply).type('application/json; charset=utf-8').send(await text);
  const supervise = { onRequest: requirePermission('supervise') };
  app.get('/api/supervision/overview', { ...supervise, schema: { response: { 200: SupervisionOverview } } }, async (_request, reply) => json(reply, reads.overview()));
  app.get(
    '/api/supervision/kiosk',
    {
      ...supervise,
      schema: {
        querystring: Type.Object({ from: Type.Optional(Type.String({ maxLength: 10 })), to: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: false }),
        response: { 200: KioskReport },
      },
    },
    async (request, reply) => json(reply, reads.kiosk(request.query)),
  );
  app.get('/api/supervision/summary', { ...supervise, schema: { querystring: PeriodQuery, response: { 200: SupervisionSummary } } }, async (request, reply) =>
    json(reply, reads.summary(request.query.from, request.query.to)),
  );
  app.get('/api/supervision/dossiers', { ...supervise, schema: { querystring: SupervisionDossiersQuery, response: { 200: SupervisionDossiers } } }, async (request) =>
    supervision.dossiers(request.query, staffOf(request)),
  );
  // One dossier's handling and history, behind a number (a read showing the applicant's name recorded in the audit log like any staff read).
  app.get(
    '/api/supervision/dossiers/:code',
    { ...supervise, schema: { params: Type.Object({ code: Type.String({ maxLength: 64 }) }), response: { 200: SupervisionRecord } } },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      const detail = dossiers.detail(codeOf(request.params.code), staffOf(request));
      // The intake event keeps a digest of the applicant's particulars (for the history's consistency
      // check): an unsalted hash of a 12-digit ID number is the number, so it stays on the server too.
      const history = detail.history.map((e) => (e.data && typeof e.data === 'object' && 'applicant' in e.data ? { ...e, data: { ...e.data, applicant: undefined } } : e));
      // What this person may decide here, by the rule the API enforces (nobody decides their own case);
      // the name unmasked only to a reader the personal-data rule lets see it (shared/privacy.ts).
      return { ...detail, history, applicant: detail.applicant ? { fullName: detail.applicant.fullName } : null, reviews: supervision.reviewRights(detail.code, staffOf(request)) };
    },
  );
  app.get('/api/supervision/flags', { ...supervise, schema: { querystring: PeriodQuery, response: { 200: SupervisionFlags } } }, async (request, reply) =>
    json(reply, reads.flags(request.query.from, request.query.to)),
  );
  app.get('/api/supervision/scores', { ...supervise, schema: { querystring: ScoresQuery, response: { 200: SupervisionScores } } }, async (request, reply) =>
    json(reply, reads.scores(request.query.period, { detail: request.query.detail === 'true' })),
  );
  app.get('/api/supervision/warnings', { ...supervise, schema: { response: { 200: SupervisionWarnings } } }, async (_request, reply) => json(reply, reads.warnings()));
  app.post(
    '/api/supervision/lateness',
    { onRequest: requirePermission('reviewLateness'), schema: { body: LatenessReviewRequest, response: { 200: LatenessDecision } } },
    async (request) => supervision.reviewLateness(request.body, staffOf(request)),
  );
  app.post(
    '/api/supervision/apology-review',
    { onRequest: requirePermission('reviewLateness'), schema: { body: ApologyReviewRequest, response: { 200: ApologyDecision } } },
    async (request) => supervision.reviewApology(request.body, staffOf(request)),
  );

  // Live refresh by long-polling: a plain GET the browser, a proxy and a test all handle, answered as
  // soon as the history moves past `since` (any dossier event, a lateness review included), or after
  // at most 25 s with changed: false, when the client simply asks again.
  const waiter = changeWaiter(() => supervision.lastEventId(), { pollEveryMs: opts.pollEveryMs ?? 500 });
  app.addHook('onClose', async () => waiter.close());
  app.get('/api/supervision/changes', { ...supervise, schema: { querystring: ChangesQuery, response: { 200: SupervisionChanges } } }, async (request, reply) => {
    const since = request.query.since === undefined ? undefined : Number(request.query.since);
    if (since === undefined) return { lastEventId: supervision.lastEventId(), changed: false };
    const controller = new AbortController();
    // The response's close, not the request's (which fires once a body is read): the client went away.
    reply.raw.once('close', () => controller.abort());
    const last = await waiter.wait(since, opts.longPollMs ?? 25_000, controller.signal);
    return { lastEventId: last, changed: last > since };
  });
};
