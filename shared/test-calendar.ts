/**
 * For the tests of the pure core: a small official calendar — Mon 16 – Fri 20 February 2026 off (Tết)
 * and Saturday 10 January 2026 worked (a make-up day) — so that properties cross days off.
 */
import { officialCalendar } from './calendar.ts';
import { DEFAULT_WEEKLY_HOURS } from './working-time.ts';

export const TET_2026_TEST_CALENDAR = officialCalendar({
  weekly: DEFAULT_WEEKLY_HOURS,
  years: [
    {
      year: 2026,
      status: 'official',
      source: 'test',
      daysOff: ['16', '17', '18', '19', '20'].map((d) => ({ date: `2026-02-${d}`, name: 'Tết Nguyên đán', basis: 'test' })),
      workingDays: [{ date: '2026-01-10', name: 'Làm bù', basis: 'test' }],
    },
  ],
});
