/**
 * The simulated centre: its staff (fictional, marked so), the procedures' mix, each department's
 * usual lateness, and how many dossiers arrive on each working day of the year.
 */
import type { OfficialCalendar } from '../../shared/calendar.ts';
import { dateOfDayNumber, dayNumber, toVnIso } from '../../shared/time.ts';
import { authRepo } from '../../server/auth/repo.ts';
import { hashPasswordSync } from '../../server/auth/password.ts';
import type { Db } from '../../server/db/types.ts';
import { DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M } from '../../server/demo/names.ts';
import type { Rand } from '../../shared/prng.ts';
import type { Person } from './life.ts';

export { DEMO_PASSWORD as SIMULATED_PASSWORD };

/**
 * Staff of a busy commune centre: clerks at the centre's counters, officers in each department that
 * processes dossiers, the head of each department, the leaderships (the commune's chairman and
 * vice-chairmen; the land-registry branch's directors) who sign, two supervisors and an administrator.
 * Two officers are chronically late (their steps overrun six times as often as their colleagues'),
 * so the supervisors' thresholds have someone to catch.
 */
const ROSTER: readonly { prefix: string; role: Person['role']; department: string | null; count: number }[] = [
  { prefix: 'clerk', role: 'clerk', department: 'TTPVHCC', count: 10 },
  { prefix: 'officer.tpht', role: 'officer', department: 'VP-TPHT', count: 8 },
  { prefix: 'officer.kt', role: 'officer', department: 'P-KT', count: 4 },
  { prefix: 'officer.vhxh', role: 'officer', department: 'P-VHXH', count: 3 },
  { prefix: 'officer.dkdd', role: 'officer', department: 'CN-VPDKDD', count: 3 },
  { prefix: 'officer.snv', role: 'officer', department: 'SNV', count: 2 },
  { prefix: 'head.ttpvhcc', role: 'leader', department: 'TTPVHCC', count: 1 },
  { prefix: 'head.tpht', role: 'leader', department: 'VP-TPHT', count: 1 },
  { prefix: 'head.kt', role: 'leader', department: 'P-KT', count: 1 },
  { prefix: 'head.vhxh', role: 'leader', department: 'P-VHXH', count: 1 },
  { prefix: 'head.dkdd', role: 'leader', department: 'CN-VPDKDD', count: 1 },
  { prefix: 'head.snv', role: 'leader', department: 'SNV', count: 1 },
  { prefix: 'leader.ubnd', role: 'leader', department: 'LD-UBND', count: 3 },
  { prefix: 'leader.dkdd', role: 'leader', department: 'LD-CN-VPDKDD', count: 2 },
  { prefix: 'supervisor', role: 'supervisor', department: 'TTPVHCC', count: 2 },
  { prefix: 'admin', role: 'admin', department: null, count: 1 },
];
export const CHRONICALLY_LATE = ['officer.tpht03', 'officer.kt02'];
const CHRONIC_FACTOR = 6;

/** A department's usual share of steps finished late: the land registry and the provincial office overrun most. */
const LATE_RATE: Record<string, number> = {
  TTPVHCC: 0.01, 'VP-TPHT': 0.03, 'LD-UBND': 0.03, 'P-KT': 0.07, 'P-VHXH': 0.05, 'CN-VPDKDD': 0.14, 'LD-CN-VPDKDD': 0.05, SNV: 0.12,
};
export const lateRateOf = (department: string) => LATE_RATE[department] ?? 0.05;

/**
 * The procedures' mix at a commune centre: certified copies and signatures, then civil status (birth
 * registration above all), then a little business, land and social work.
 */
export const PROCEDURE_WEIGHTS: Record<string, number> = {
  '2.000815': 30, '2.000884': 9, '1.001193': 15, '2.000635': 10, '1.004873': 8, '1.000894': 4, '1.000656': 3,
  '2.001035': 4, '1.001612': 3, '1.004884': 1.5, '1.001731': 1, '1.014359': 0.3, '1.013225': 0.7, '1.115520': 0.8, '1.115490': 0.5,
};

/** Creates the roster's accounts (fictional, the demo's password) and returns them as the simulation sees them. */
export function createStaff(db: Db, rand: Rand, at: Date): Person[] {
  const auth = authRepo(db);
  // One hash for every account: they all have the demo's published password, so separate salts would
  // protect nothing, and 44 scrypt hashes cost seconds (more than a small test's whole fill).
  const passwordHash = hashPasswordSync(DEMO_PASSWORD);
  const people: Person[] = [];
  for (const r of ROSTER) {
    for (let n = 1; n <= r.count; n++) {
      const username = r.count === 1 && (r.role === 'admin' || r.role === 'leader') ? r.prefix : r.role === 'supervisor' && n === 1 ? 'supervisor' : `${r.prefix}${String(n).padStart(2, '0')}`;
      const female = rand.next() < 0.5;
      const displayName = r.role === 'admin' ? 'Quản trị hệ thống' : `${rand.pick(FAMILY)} ${rand.pick(female ? MIDDLE_F : MIDDLE_M)} ${rand.pick(female ? GIVEN_F : GIVEN_M)}`;
      const id = auth.addStaff({ username, display_name: displayName, role: r.role, department_code: r.department, password_hash: passwordHash, fictional: 1, created_at: toVnIso(at) });
      people.push({ id, username, role: r.role, department: r.department, lateFactor: CHRONICALLY_LATE.includes(username) ? CHRONIC_FACTOR : 1 });
    }
  }
  return people;
}

/**
 * How many dossiers arrive on each working day of the year, `total` in all: more on Mondays, fewer
 * on Fridays and make-up Saturdays; a rush in the two weeks before Tết and a quiet week after it;
 * busier in July–August (school enrolment: birth-certificate copies and certifications) and after
 * each holiday; a little day-to-day noise. Days off get none.
 */
export function arrivalsPerDay(calendar: OfficialCalendar, year: number, lastDay: number, total: number, rand: Rand): Map<number, number> {
  const first = dayNumber({ year, month: 1, day: 1 });
  const tet = (calendar.year(year)?.daysOff ?? []).filter((d) => d.name.includes('Nguyên đán')).map((d) => dayNumber(parseDate(d.date)));
  const tetStart = tet.length ? Math.min(...tet) : null;
  const tetEnd = tet.length ? Math.max(...tet) : null;
  const MONTH = [1.1, 0.95, 1.0, 0.95, 1.0, 1.05, 1.15, 1.1, 0.95, 1.0, 1.0, 1.05];
  const WEEKDAY = [0, 1.25, 1.1, 1.0, 0.95, 0.85, 0.6];
  const weights = new Map<number, number>();
  let afterHoliday = false;
  for (let d = first; d <= lastDay; d++) {
    const date = dateOfDayNumber(d);
    const working = calendar.periodsOn(date).length > 0;
    const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    if (!working) {
      // A day off on a weekday: the next working day catches up.
      if (weekday >= 1 && weekday <= 5) afterHoliday = true;
      continue;
    }
    let w = MONTH[date.month - 1]! * (WEEKDAY[weekday] ?? 1) * (0.9 + rand.next() * 0.2);
    if (tetStart !== null && d < tetStart && tetStart - d <= 14) w *= 1.35;
    if (tetEnd !== null && d > tetEnd && d - tetEnd <= 7) w *= 0.45;
    if (afterHoliday) w *= 1.2;
    afterHoliday = false;
    weights.set(d, w);
  }
  // Largest remainders: exactly `total`, deterministic.
  const sum = [...weights.values()].reduce((a, b) => a + b, 0);
  const shares = [...weights.entries()].map(([d, w]) => ({ d, exact: (w / sum) * total }));
  const counts = new Map(shares.map((s) => [s.d, Math.floor(s.exact)]));
  let left = total - [...counts.values()].reduce((a, b) => a + b, 0);
  for (const s of [...shares].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || a.d - b.d)) {
    if (left-- <= 0) break;
    counts.set(s.d, counts.get(s.d)! + 1);
  }
  return counts;
}

function parseDate(text: string) {
  const [y, m, d] = text.split('-').map(Number);
  return { year: y!, month: m!, day: d! };
}

/**
 * Arrival minutes in a day's sessions (before `until`, minutes since midnight): the morning busier
 * than the afternoon and busiest in its first hours.
 */
export function arrivalMinutes(periods: readonly { start: number; end: number }[], count: number, until: number, rand: Rand): number[] {
  const open = periods.map((p) => ({ start: p.start, end: Math.min(p.end, until) })).filter((p) => p.end - p.start > 5);
  if (!open.length) return [];
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const morning = open.length > 1 && open[0]!.start < 12 * 60 ? rand.next() < 0.6 : true;
    const p = morning ? open[0]! : open[1 + Math.floor(rand.next() * (open.length - 1))]!;
    const u = (rand.next() + rand.next()) / 2;
    const shape = p === open[0] ? u ** 1.4 : u;
    out.push(p.start + Math.floor(shape * (p.end - p.start - 3)) + rand.int(0, 59) / 60);
  }
  return out.sort((a, b) => a - b);
}
