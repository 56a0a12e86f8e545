/** Public calendar endpoints: a due time with its explanation, and a year's days off and make-up days. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CalendarDue, CalendarYearView } from '../../shared/contracts.ts';
import { computeDeadline } from '../../shared/deadline.ts';
import { explainDeadline } from '../../shared/explain.ts';
import { nfc } from '../../shared/text.ts';
import { parseIsoInstant, toVnIso, vnParts } from '../../shared/time.ts';
import { MINUTES_PER_WORKING_DAY } from '../../shared/working-time.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import { timeLimitOf } from '../catalogue/service.ts';
import { AppError } from '../errors.ts';

const NUMBER = /^\d+(\.\d+)?$/;

export const calendarRoutes: FastifyPluginAsyncTypebox<{ catalogue: CatalogueService }> = async (app, opts) => {
  const { catalogue } = opts;

  /** The amount asked for: days or hours as given, or a procedure's own limit (same-day flag included). */
  function limitFrom(query: { days?: string; hours?: string; procedure?: string }) {
    const given = [query.days, query.hours, query.procedure].filter((x) => x !== undefined);
    if (given.length !== 1) throw new AppError('INVALID_AMOUNT');
    if (query.procedure !== undefined) {
      const procedure = catalogue.procedure(nfc(query.procedure).trim());
      if (!procedure) throw new AppError('UNKNOWN_PROCEDURE', { field: 'procedure' });
      return timeLimitOf(procedure);
    }
    const text = (query.days ?? query.hours)!;
    if (!NUMBER.test(text)) throw new AppError('INVALID_AMOUNT');
    const minutes = Number(text) * (query.days !== undefined ? MINUTES_PER_WORKING_DAY : 60);
    // Half days (4 h) and quarter hours are fine; fractions of a minute are a typo, not a time limit.
    const whole = Math.round(minutes);
    if (!(whole > 0) || whole > 1000 * MINUTES_PER_WORKING_DAY || Math.abs(minutes - whole) > 1e-6) throw new AppError('INVALID_AMOUNT');
    return { minutes: whole };
  }

  app.get(
    '/api/calendar/due',
    {
      schema: {
        querystring: Type.Object(
          { from: Type.String(), days: Type.Optional(Type.String()), hours: Type.Optional(Type.String()), procedure: Type.Optional(Type.String()) },
          { additionalProperties: false },
        ),
        response: { 200: CalendarDue },
      },
    },
    async (request) => {
      const from = parseIsoInstant(request.query.from);
      if (!from) throw new AppError('INVALID_TIME', { field: 'from' });
      const limit = limitFrom(request.query);
      const calendar = catalogue.calendar();
      // Outside the years the calendar knows, a due time would count weekends only: refuse, and say
      // which years can be asked about.
      const { first, last } = calendar.range;
      const outside = (at: Date) => vnParts(at).year < first || vnParts(at).year > last;
      const refuse = (): never => {
        throw new AppError('OUT_OF_CALENDAR', { field: 'from', firstYear: first, lastYear: last }, `Chỉ tính được thời hạn trong các năm ${first}–${last} (lịch làm việc của Trung tâm).`);
      };
      if (outside(from)) refuse();
      // The same computation as an intake at `from`: the centre's convention and cut-off apply.
      let deadline;
      try {
        deadline = computeDeadline(from, limit, catalogue.policy(), calendar);
      } catch (e) {
        if (e instanceof RangeError) refuse();
        throw e;
      }
      if (outside(deadline.dueAt)) refuse();
      const explanation = explainDeadline(deadline, calendar);
      return {
        from: toVnIso(from),
        due: toVnIso(deadline.dueAt),
        countedFrom: toVnIso(deadline.countFrom),
        rule: deadline.rule,
        workingHours: limit.minutes / 60,
        explanation: explanation.vi,
        explanationEn: explanation.en,
      };
    },
  );

  app.get('/api/calendar/:year', { schema: { params: Type.Object({ year: Type.String({ pattern: '^\\d{4}$' }) }), response: { 200: CalendarYearView } } }, async (request) => {
    const year = catalogue.calendar().year(Number(request.params.year));
    if (!year) throw new AppError('CALENDAR_YEAR_NOT_FOUND');
    return year;
  });
};
