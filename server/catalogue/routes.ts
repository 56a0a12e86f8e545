import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CentreInfo, Procedure, ProcedureList } from '../../shared/contracts.ts';
import type { CatalogueService } from './service.ts';
import { AppError } from '../errors.ts';

/** The catalogue is public information (procedures are published by law); no login needed. */
export const catalogueRoutes: FastifyPluginAsyncTypebox<{ catalogue: CatalogueService }> = async (app, opts) => {
  const { catalogue } = opts;
  app.get('/api/centre', { schema: { response: { 200: CentreInfo } } }, async () => catalogue.centre());
  app.get('/api/procedures', { schema: { response: { 200: ProcedureList } } }, async () => catalogue.procedures());
  app.get('/api/procedures/:code', { schema: { params: Type.Object({ code: Type.String({ maxLength: 64 }) }), response: { 200: Procedure } } }, async (request) => {
    const p = catalogue.procedure(request.params.code);
    if (!p) throw new AppError('PROCEDURE_NOT_FOUND');
    return p;
  });
};
