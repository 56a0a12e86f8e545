/**
 * GET /api/reports/weekly.{pdf,csv,xlsx}?week=YYYY-Www and
 * GET /api/reports/scores.{pdf,csv,xlsx}?month=YYYY-MM | quarter=YYYY-Qn | year=YYYY —
 * for those who may supervise; each download recorded in the audit log.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { requirePermission, staffOf } from '../auth/guard.ts';
import { REPORT_FORMATS, type ReportFile, type ReportFormat, type ReportRequest, type ReportService, checkScoresPeriod, checkWeek } from './service.ts';

// Patterns are the service's to check: a bad week is one 400 INVALID_PERIOD with words a supervisor reads.
const WeekQuery = Type.Object({ week: Type.Optional(Type.String({ maxLength: 16 })) }, { additionalProperties: false });
const ScoresQuery = Type.Object(
  { month: Type.Optional(Type.String({ maxLength: 16 })), quarter: Type.Optional(Type.String({ maxLength: 16 })), year: Type.Optional(Type.String({ maxLength: 16 })) },
  { additionalProperties: false },
);

export const reportRoutes: FastifyPluginAsyncTypebox<{ reports: ReportService }> = async (app, opts) => {
  const { reports } = opts;

  const send = (reply: FastifyReply, file: ReportFile, format: ReportFormat) => {
    // ASCII file names (bao-cao-tuan-2026-W48.pdf): safe in every browser and file system; a PDF opens in the tablet's viewer.
    return reply.header('Content-Disposition', `${format === 'pdf' ? 'inline' : 'attachment'}; filename="${file.fileName}"`).header('Cache-Control', 'no-store').type(file.contentType).send(file.body);
  };

  for (const format of REPORT_FORMATS) {
    app.get(`/api/reports/weekly.${format}`, { onRequest: requirePermission('supervise'), schema: { querystring: WeekQuery } }, async (request, reply) => {
      const req: ReportRequest = { kind: 'weekly', week: checkWeek(request.query.week) };
      const file = await reports.render(req, format);
      reports.record({ staffId: staffOf(request).id }, req, file);
      return send(reply, file, format);
    });
    app.get(`/api/reports/scores.${format}`, { onRequest: requirePermission('supervise'), schema: { querystring: ScoresQuery } }, async (request, reply) => {
      const req: ReportRequest = { kind: 'scores', period: checkScoresPeriod(request.query) };
      const file = await reports.render(req, format);
      reports.record({ staffId: staffOf(request).id }, req, file);
      return send(reply, file, format);
    });
  }
};
