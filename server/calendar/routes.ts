/** Public calendar endpoints: a due time with its explanation, and a year's days off and make-up days. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { explainDue } from '../../shared/explain.ts';
import { parseIsoInstant, toVnIso } from '../../shared/time.ts';
import { MINUTES_PER_WORKING_DAY, addWorkingMinutes } from '../../shared/working-time.ts';
import type { Services } from '../app.ts';
import { AppError } from '../errors.ts';

const NUMBER = '^\\d+(\\.\\d+)?$';

export const calendarRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, opts) => {
  const { catalogue } = opts.services;

  app.get(
    '/api/calendar/due',
    { schema: { querystring: Type.Object({ from: Type.String(), days: Type.Optional(Type.String()), hours: Type.Optional(Type.String()) }, { additionalProperties: false }) } },
    async (request) => {
      const { from: fromText, days, hours } = request.query;
      const from = parseIsoInstant(fromText);
      if (!from) throw new AppError('INVALID_TIME', { field: 'from' });
      if ((days === undefined) === (hours === undefined)) throw new AppError('INVALID_AMOUNT');
      const text = (days ?? hours)!;
      if (!new RegExp(NUMBER).test(text)) throw new AppError('INVALID_AMOUNT');
      const minutes = Number(text) * (days !== undefined ? MINUTES_PER_WORKING_DAY : 60);
      // Half days (4 h) and quarter hours are fine; fractions of a minute are a typo, not a time limit.
      if (!(minutes > 0) || minutes > 1000 * MINUTES_PER_WORKING_DAY || !Number.isInteger(Math.round(minutes * 1e6) / 1e6)) throw new AppError('INVALID_AMOUNT');
      const calendar = catalogue.calendar();
      const due = addWorkingMinutes(from, minutes, calendar);
      const explanation = explainDue(from, due, minutes, calendar);
      return { from: toVnIso(from), due: toVnIso(due), workingHours: minutes / 60, explanation: explanation.vi, explanationEn: explanation.en };
    },
  );

  app.get('/api/calendar/:year', { schema: { params: Type.Object({ year: Type.String({ pattern: '^\\d{4}$' }) }) } }, async (request) => {
    const year = catalogue.calendar().year(Number(request.params.year));
    if (!year) throw new AppError('CALENDAR_YEAR_NOT_FOUND');
    return year;
  });
};
