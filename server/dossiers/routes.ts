import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { checkLookupKey, stripLookupInput } from '../../shared/lookup-key.ts';
import { LAYOUTS } from '../receipts/layout.ts';
import { type ReceiptService, SLIP_KINDS, type SlipKind } from '../receipts/service.ts';
import { ActionRequest, DossierCreated, DossierDetail, IntakePreview, IntakeRequest, WorkQueue } from '../../shared/contracts.ts';
import { normaliseDossierCode } from '../../shared/dossier-code.ts';
import { requirePermission, staffOf } from '../auth/guard.ts';
import { AppError } from '../errors.ts';
import { sendIdempotent } from '../idempotency/http.ts';
import type { IdempotencyService } from '../idempotency/service.ts';
import type { ActionService } from './actions.ts';
import type { DossierService } from './service.ts';

const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });

export function codeOf(text: string): string {
  const code = normaliseDossierCode(text);
  if (!code) throw new AppError('DOSSIER_NOT_FOUND');
  return code;
}

export const dossierRoutes: FastifyPluginAsyncTypebox<{ dossiers: DossierService; receipts: ReceiptService; actions: ActionService; idempotency: IdempotencyService }> = async (app, opts) => {
  const { dossiers, receipts, actions, idempotency } = opts;

  app.get(
    '/api/intake/preview',
    {
      onRequest: requirePermission('intake'),
      schema: { querystring: Type.Object({ procedureCode: Type.String({ minLength: 1, maxLength: 64 }), timeLimitVariant: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) }), response: { 200: IntakePreview } },
    },
    async (request) => dossiers.preview(request.query.procedureCode, request.query.timeLimitVariant),
  );

  // With an Idempotency-Key (the counter sends one per save), a retry gets the first answer, not a second dossier.
  app.post('/api/dossiers', { onRequest: requirePermission('intake'), schema: { body: IntakeRequest, response: { 201: DossierCreated } } }, async (request, reply) =>
    sendIdempotent(request, reply, idempotency, () => {
      const created = dossiers.create(request.body, staffOf(request));
      return { status: 201, headers: { Location: `/api/dossiers/${encodeURIComponent(created.code)}` }, body: created };
    }),
  );

  // A code, or the receipt's 16-digit key scanned at a staff desk (the counter's scanner reads the
  // receipt's barcode; staff lookups are not the public kiosk's and are not counted among its lookups).
  app.get('/api/dossiers/:code', { onRequest: requirePermission('viewDossier'), schema: { params: CodeParams, response: { 200: DossierDetail } } }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    const key = stripLookupInput(request.params.code);
    const code = checkLookupKey(key) === 'valid' ? dossiers.codeOfKey(key) : codeOf(request.params.code);
    return dossiers.detail(code, staffOf(request));
  });

  // Every action on a dossier after intake; the answer is the dossier as it now stands.
  // An Idempotency-Key makes a retried action act once (the answer is the dossier as the first one left it).
  app.post('/api/dossiers/:code/actions', { onRequest: requirePermission('process'), schema: { params: CodeParams, body: ActionRequest, response: { 200: DossierDetail } } }, async (request, reply) =>
    sendIdempotent(request, reply, idempotency, () => {
      const code = codeOf(request.params.code);
      actions.act(code, request.body, staffOf(request));
      return { status: 200, body: dossiers.detail(code, staffOf(request)) };
    }),
  );

  app.get('/api/work-queue', { onRequest: requirePermission('process'), schema: { response: { 200: WorkQueue } } }, async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return actions.queue(staffOf(request));
  });

  app.get(
    '/api/dossiers/:code/receipt.pdf',
    {
      // A HEAD (a browser's preview, a link checker) must not count as a print in the history.
      exposeHeadRoute: false,
      onRequest: requirePermission('viewDossier'),
      schema: {
        params: CodeParams,
        querystring: Type.Object({ copy: Type.Optional(Type.Enum(['applicant', 'file'])), layout: Type.Optional(Type.Enum([...LAYOUTS])) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const code = codeOf(request.params.code);
      const layout = request.query.layout ?? 'a4';
      const { pdf, reprint } = await receipts.receiptPdf(code, { layout, copy: request.query.copy ?? 'applicant', fallbackBaseUrl: `${request.protocol}://${request.host}` }, staffOf(request));
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `inline; filename="giay-hen-${code}${reprint ? `-in-lai-${reprint}` : ''}-${layout}.pdf"`)
        .header('Cache-Control', 'no-store')
        .send(pdf);
    },
  );

  app.get(
    '/api/dossiers/:code/slips/:kind',
    {
      // A HEAD (a browser's preview, a link checker) must not count as a print in the history.
      exposeHeadRoute: false,
      onRequest: requirePermission('viewDossier'),
      schema: {
        params: Type.Object({ code: Type.String({ maxLength: 64 }), kind: Type.String({ maxLength: 40 }) }),
        querystring: Type.Object({ layout: Type.Optional(Type.Enum([...LAYOUTS])) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const code = codeOf(request.params.code);
      const kind = request.params.kind.replace(/\.pdf$/, '') as SlipKind;
      if (!SLIP_KINDS.includes(kind)) throw new AppError('NOT_FOUND');
      const layout = request.query.layout ?? 'a4';
      const pdf = await receipts.slipPdf(code, kind, layout, staffOf(request));
      return reply.type('application/pdf').header('Content-Disposition', `inline; filename="${kind}-${code}-${layout}.pdf"`).header('Cache-Control', 'no-store').send(pdf);
    },
  );

  app.get(
    '/api/register.pdf',
    {
      // A HEAD (a browser's preview, a link checker) must not count as a print in the history.
      exposeHeadRoute: false,
      // Every applicant's address and phone for the range: the counter and those who supervise, not
      // every officer.
      onRequest: requirePermission('register'),
      schema: { querystring: Type.Object({ from: Type.String({ maxLength: 10 }), to: Type.String({ maxLength: 10 }) }, { additionalProperties: false }) },
    },
    async (request, reply) => {
      const pdf = await receipts.registerPdf(request.query.from, request.query.to, staffOf(request));
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `inline; filename="so-theo-doi-ho-so-${request.query.from}-${request.query.to}.pdf"`)
        .header('Cache-Control', 'no-store')
        .send(pdf);
    },
  );
};
