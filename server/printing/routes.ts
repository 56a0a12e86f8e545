/** The counters and their printers; printing a dossier's document to the counter's queue. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CounterList, PrintResult } from '../../shared/contracts.ts';
import { requirePermission, staffOf } from '../auth/guard.ts';
import { codeOf } from '../dossiers/routes.ts';
import { LAYOUTS } from '../receipts/layout.ts';
import { SLIP_KINDS } from '../receipts/service.ts';
import type { PrintingService } from './service.ts';

export const printingRoutes: FastifyPluginAsyncTypebox<{ printing: PrintingService }> = async (app, opts) => {
  const { printing } = opts;

  app.get('/api/counters', { onRequest: requirePermission('intake'), schema: { response: { 200: CounterList } } }, async () => printing.counters());

  app.post(
    '/api/dossiers/:code/print',
    {
      onRequest: requirePermission('intake'),
      schema: {
        params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
        body: Type.Object(
          {
            document: Type.Enum(['receipt', ...SLIP_KINDS]),
            counter: Type.String({ minLength: 1, maxLength: 32 }),
            layout: Type.Optional(Type.Enum([...LAYOUTS])),
            copy: Type.Optional(Type.Enum(['applicant', 'file'])),
          },
          { additionalProperties: false },
        ),
        response: { 200: PrintResult },
      },
    },
    async (request) => printing.print(codeOf(request.params.code), request.body, staffOf(request), `${request.protocol}://${request.host}`),
  );
};
