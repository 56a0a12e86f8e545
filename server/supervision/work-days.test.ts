// The working-days table SQLite joins gives the same working minutes as shared/working-time.ts, to
// the second, across the centre's real calendar (Tết, the 30 April–1 May holidays, weekends).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/helpers.ts';
import { toVnIso } from '../../shared/time.ts';
import { workingMinutesBetween } from '../../shared/working-time.ts';
import { catalogueFor } from '../catalogue/service.ts';
import type { Db } from '../db/types.ts';
import { joinDaySql, workDays, workingMinutesSql } from './work-days.ts';

let db: Db;
let cleanup: () => void;
beforeAll(() => ({ db, cleanup } = freshDb()));
afterAll(() => cleanup());

describe('the working-days table', () => {
  it('agrees with workingMinutesBetween for any two times of 2026 (property)', () => {
    const calendar = catalogueFor(db).calendar();
    const days = workDays(db);
    // No dossier yet: the table starts a week before "now".
    days.ensure(calendar, new Date('2025-12-20T00:00:00Z'));
    const stmt = db.prepare<{ a: string; b: string }, { m: number | null }>(
      `SELECT ${workingMinutesSql('x.a', 'wa', 'x.b', 'wb')} AS m FROM (SELECT @a AS a, @b AS b) x ${joinDaySql('x.a', 'wa')} ${joinDaySql('x.b', 'wb')}`,
    );
    const start = Date.parse('2026-01-01T00:00:00+07:00');
    const year = 365 * 86_400;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: year }), fc.integer({ min: 0, max: year }), (s1, s2) => {
        const a = new Date(start + Math.min(s1, s2) * 1000);
        const b = new Date(start + Math.max(s1, s2) * 1000);
        const sql = stmt.get({ a: toVnIso(a), b: toVnIso(b) })!.m!;
        return Math.abs(sql - workingMinutesBetween(a, b, calendar)) < 1e-6;
      }),
      { numRuns: 2000 },
    );
    // Tết 2026: Friday 13 Feb 16:00 → Monday 23 Feb 08:00 is 60 + 60 working minutes.
    expect(stmt.get({ a: '2026-02-13T16:00:00+07:00', b: '2026-02-23T08:00:00+07:00' })!.m).toBe(120);
  });
});
