/**
 * Demo kiosk activity, so the supervisor's kiosk section has something to show: two weeks of lookups
 * from two kiosks on the centre's network and from citizens' phones, and ratings of the dossiers that
 * were handed over. All through the real kiosk service (the records, the slowdown and the history
 * events are the real thing), at simulated times, the lookups marked fictional.
 *
 * The story it tells: kiosk 1's scanner reads nearly every receipt; kiosk 2's camera misreads often
 * (the supervisor's table flags it); phones open the receipt's QR link or type a code; one afternoon
 * someone on the internet walks dossier codes and is slowed down.
 */
import { RATING_LEVEL_KEYS, type RatingLevel, type RatingReason } from '../../shared/kiosk.ts';
import { vnInstant, vnParts } from '../../shared/time.ts';
import type { AuditRepo } from '../audit/repo.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Db } from '../db/types.ts';
import type { DossierRepo } from '../dossiers/repo.ts';
import { instant } from '../dossiers/views.ts';
import { kioskRepo } from '../kiosk/repo.ts';
import { kioskService } from '../kiosk/service.ts';
import { wrongKeyThrottle } from '../kiosk/throttle.ts';

export const DEMO_KIOSKS = { scanner: '192.168.1.21', camera: '192.168.1.22' } as const;
// Documentation-range addresses (RFC 5737): stored as 'internet' like any phone's.
const PHONES = ['203.0.113.15', '203.0.113.47', '198.51.100.23', '198.51.100.80'];
const CRAWLER = '198.51.100.200';

interface Rand {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(list: readonly T[]): T;
}

const GOOD: readonly RatingReason[] = ['on_time', 'one_visit', 'clear_information', 'helpful_staff'];
const BAD: readonly RatingReason[] = ['many_visits', 'unclear_information', 'unhelpful_staff', 'long_wait'];

export function seedKioskDemo(deps: { db: Db; repo: DossierRepo; audit: AuditRepo; catalogue: CatalogueService; now: Date; codes: readonly string[]; rand: Rand; days?: number }): { lookups: number; ratings: number } {
  const { db, repo, audit, catalogue, now, codes, rand } = deps;
  let simulated = now;
  const clock = () => simulated;
  const kiosk = kioskService({ db, repo, kiosk: kioskRepo(db), audit, catalogue, clock, throttle: wrongKeyThrottle(clock), sleep: async () => {}, scheduleRecords: () => {} });
  const rows = codes.map((code) => repo.byCode(code)!);
  const calendar = catalogue.calendar();

  // Ratings: most citizens who collected a result rate it, a little after; the late ones less kindly.
  let ratings = 0;
  for (const row of rows) {
    if (row.status !== 'returned' || !row.returned_at || rand.next() < 0.35) continue;
    const at = new Date(instant(row.returned_at).getTime() + rand.int(2, 40) * 60_000);
    if (at.getTime() > now.getTime()) continue;
    const late = row.completed_at !== null && instant(row.completed_at).getTime() > instant(row.original_due_at).getTime();
    const f = rand.next();
    const level: RatingLevel = late
      ? (['satisfied', 'neutral', 'dissatisfied', 'very_dissatisfied'] as const)[Math.min(3, Math.floor(f * 4))]!
      : f < 0.45 ? 'very_satisfied' : f < 0.8 ? 'satisfied' : f < 0.93 ? 'neutral' : f < 0.98 ? 'dissatisfied' : 'very_dissatisfied';
    const good = RATING_LEVEL_KEYS.indexOf(level) <= 1;
    const reasons = new Set<RatingReason>();
    reasons.add(late ? 'late' : 'on_time');
    for (let i = rand.int(0, 2); i > 0; i--) reasons.add(rand.pick(good ? GOOD : BAD));
    simulated = at;
    const answer = kiosk.rate({ key: row.lookup_key, level, reasons: [...reasons] }, { via: rand.next() < 0.7 ? 'scanner' : 'link', address: rand.next() < 0.7 ? DEMO_KIOSKS.scanner : rand.pick(PHONES) });
    if (answer.error) throw answer.error;
    ratings++;
  }

  // Lookups over the last two weeks' working days, in time order (the slowdown counts in real order).
  const lookups: { at: Date; query: string; via: 'scanner' | 'camera' | 'keypad' | 'code' | 'link'; address: string }[] = [];
  const today = vnParts(now);
  const wrongDigit = (key: string) => key.slice(0, 15) + String((Number(key[15]) + rand.int(1, 9)) % 10);
  for (let back = deps.days ?? 14; back >= 0; back--) {
    const date = vnParts(new Date(vnInstant(today).getTime() - back * 86_400_000));
    const opens = calendar.periodsOn(date);
    if (opens.length === 0) continue;
    const dayStart = vnInstant(date).getTime();
    const received = rows.filter((r) => instant(r.received_at).getTime() < dayStart);
    if (received.length === 0) continue;
    for (let i = rand.int(16, 26); i > 0; i--) {
      const period = rand.pick(opens);
      const at = new Date(dayStart + rand.int(period.start, period.end - 1) * 60_000 + rand.int(0, 59) * 1000);
      const row = rand.pick(received);
      const k = rand.next();
      if (k < 0.3) lookups.push({ at, query: rand.next() < 0.97 ? row.lookup_key : wrongDigit(row.lookup_key), via: 'scanner', address: DEMO_KIOSKS.scanner });
      else if (k < 0.6) lookups.push({ at, query: rand.next() < 0.35 ? row.lookup_key : wrongDigit(row.lookup_key), via: 'camera', address: DEMO_KIOSKS.camera });
      else if (k < 0.72) lookups.push({ at, query: rand.next() < 0.8 ? row.lookup_key : wrongDigit(row.lookup_key), via: 'keypad', address: rand.pick(Object.values(DEMO_KIOSKS)) });
      else if (k < 0.88) lookups.push({ at, query: row.lookup_key, via: 'link', address: rand.pick(PHONES) });
      // A typed code: sometimes with the wrong number at the end.
      else lookups.push({ at, query: rand.next() < 0.85 ? row.code : `${row.code.slice(0, -4)}${String(rand.int(1, 9999)).padStart(4, '0')}`, via: 'code', address: rand.pick(PHONES) });
    }
    if (back === 2) {
      // Someone walks the day's codes from one address, a request every 20 seconds: slowed after the fifth miss.
      const first = rows.find((r) => r.received_at.slice(0, 10) === rows.at(-1)!.received_at.slice(0, 10)) ?? rows.at(-1)!;
      const start = dayStart + (opens.at(-1)!.start + 30) * 60_000;
      for (let n = 0; n < 14; n++) {
        lookups.push({ at: new Date(start + n * 20_000), query: `${first.code.slice(0, -4)}${String(9000 + n).padStart(4, '0')}`, via: 'code', address: CRAWLER });
      }
    }
  }
  lookups.sort((a, b) => a.at.getTime() - b.at.getTime());
  let recorded = 0;
  for (const l of lookups) {
    if (l.at.getTime() > now.getTime()) continue;
    simulated = l.at;
    kiosk.lookup(l.query, { via: l.via, address: l.address, fictional: true });
    recorded++;
  }
  // Inside the seed's transaction, not after it: the caller may close the database next.
  kiosk.flushRecords();
  return { lookups: recorded, ratings };
}
