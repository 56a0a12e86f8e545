/**
 * The supervisors' view of the kiosk: lookups per channel, per client and per day with their success
 * rate, the bursts of wrong keys, and the ratings. Figures only: the records hold no key, no dossier
 * and no citizen's address (migration 007), so neither does this.
 */
import type { KioskReport } from '../../shared/contracts.ts';
import { LOOKUP_CHANNELS, type LookupChannel, RATING_LEVELS, RATING_LEVEL_KEYS, RATING_REASONS, RATING_REASON_KEYS, type RatingReason } from '../../shared/kiosk.ts';
import { formatLocalDate, parseLocalDate } from '../../shared/calendar.ts';
import { dateOfDayNumber, dayNumber, toVnDate, toVnIso, vnInstant } from '../../shared/time.ts';
import type { AuditRepo } from '../audit/repo.ts';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { LookupCountRow, SupervisionRepo } from './repo.ts';

type Counts = KioskReport['totals'];

/**
 * [design] When a success rate asks for a supervisor's attention: at least 10 lookups (three typos in
 * a quiet week are not a pattern), and fewer than 60 % of them found. A working scanner reads nearly
 * every receipt; citizens typing 16 digits by hand find their dossier most of the time.
 */
export const ATTENTION_MIN_LOOKUPS = 10;
export const ATTENTION_BELOW = 0.6;
/** The longest range one report covers. */
const MAX_DAYS = 366;
/** The range when none is given: the last seven days, today included. */
const DEFAULT_DAYS = 7;

const zero = () => ({ lookups: 0, found: 0, notFound: 0, invalid: 0, throttled: 0, delayed: 0 });
type Tally = ReturnType<typeof zero>;

function add(t: Tally, r: LookupCountRow): void {
  t.lookups += r.lookups;
  t.found += r.found;
  t.notFound += r.not_found;
  t.invalid += r.invalid;
  t.throttled += r.throttled;
  t.delayed += r.delayed;
}

function finish(t: Tally): Counts {
  const successRate = t.lookups > 0 ? t.found / t.lookups : null;
  return { ...t, successRate, attention: successRate !== null && t.lookups >= ATTENTION_MIN_LOOKUPS && successRate < ATTENTION_BELOW };
}

/** Tallies rows under a key, keeping first-seen order (the caller sorts). */
function tallyBy<K>(rows: readonly LookupCountRow[], keyOf: (r: LookupCountRow) => K): Map<K, Tally> {
  const out = new Map<K, Tally>();
  for (const r of rows) {
    const k = keyOf(r);
    let t = out.get(k);
    if (!t) out.set(k, (t = zero()));
    add(t, r);
  }
  return out;
}

function range(query: { from?: string | undefined; to?: string | undefined }, today: string): { from: string; to: string } {
  const bad = (field: string, message: string): never => {
    throw new AppError('INVALID_QUERY', { field }, message);
  };
  const to = query.to ?? today;
  const end = parseLocalDate(to) ?? bad('to', 'Ngày không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ to=2026-11-29.');
  const from = query.from ?? formatLocalDate(dateOfDayNumber(dayNumber(end) - (DEFAULT_DAYS - 1)));
  const start = parseLocalDate(from) ?? bad('from', 'Ngày không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ from=2026-11-23.');
  if (dayNumber(end) < dayNumber(start)) bad('to', 'Khoảng ngày không hợp lệ: ngày cuối (to) phải từ ngày đầu (from) trở đi.');
  if (dayNumber(end) - dayNumber(start) >= MAX_DAYS) bad('to', `Khoảng ngày quá dài: tối đa ${MAX_DAYS} ngày.`);
  return { from: formatLocalDate(start), to: formatLocalDate(end) };
}

export function kioskReport(deps: { repo: SupervisionRepo; audit: AuditRepo; clock: Clock }, query: { from?: string | undefined; to?: string | undefined }): KioskReport {
  const now = deps.clock();
  const { from, to } = range(query, toVnDate(now));
  const start = parseLocalDate(from)!;
  const endDay = dayNumber(parseLocalDate(to)!);
  // [from 00:00, the day after `to` 00:00) in Vietnam time, as the stored times are.
  const fromIso = toVnIso(vnInstant(start));
  const toIso = toVnIso(vnInstant(dateOfDayNumber(endDay + 1)));

  const rows = deps.repo.lookupCounts(fromIso, toIso);
  const total = zero();
  for (const r of rows) add(total, r);
  const order = (a: Counts & { lookups: number }, b: Counts & { lookups: number }) => b.lookups - a.lookups;
  const channelIndex = (c: LookupChannel) => Object.keys(LOOKUP_CHANNELS).indexOf(c);

  const channels = [...tallyBy(rows, (r) => r.channel)].map(([channel, t]) => ({ channel, label: LOOKUP_CHANNELS[channel], ...finish(t) }));
  channels.sort((a, b) => channelIndex(a.channel) - channelIndex(b.channel));
  const clients = [...tallyBy(rows, (r) => r.client)].map(([client, t]) => ({ client, ...finish(t) })).sort(order);
  const groups = [...tallyBy(rows, (r) => `${r.channel}\u0000${r.client}`)]
    .map(([key, t]) => {
      const [channel, client] = key.split('\u0000') as [LookupChannel, string];
      return { channel, label: LOOKUP_CHANNELS[channel], client, ...finish(t) };
    })
    .sort((a, b) => channelIndex(a.channel) - channelIndex(b.channel) || b.lookups - a.lookups || a.client.localeCompare(b.client));
  const perDay = tallyBy(rows, (r) => r.day);
  const days = [];
  for (let d = dayNumber(start); d <= endDay; d++) {
    const date = formatLocalDate(dateOfDayNumber(d));
    days.push({ date, ...finish(perDay.get(date) ?? zero()) });
  }

  const bursts = deps.audit.systemEntries('kiosk_wrong_keys', fromIso, toIso).map(({ at, detail }) => {
    const d = (detail ?? {}) as { client?: unknown; count?: unknown; windowMinutes?: unknown };
    return { at, client: String(d.client ?? ''), count: Number(d.count ?? 0), windowMinutes: Number(d.windowMinutes ?? 0) };
  });

  const byLevel = new Map(deps.repo.ratingLevels(fromIso, toIso).map((r) => [r.level, r.n] as const));
  const levels = RATING_LEVEL_KEYS.map((level) => ({ level, label: { vi: RATING_LEVELS[level].vi, en: RATING_LEVELS[level].en }, score: RATING_LEVELS[level].score, count: byLevel.get(level) ?? 0 }));
  const count = levels.reduce((n, l) => n + l.count, 0);
  const average = count > 0 ? levels.reduce((n, l) => n + l.score * l.count, 0) / count : null;
  const byReason = new Map(deps.repo.ratingReasons(fromIso, toIso).map((r) => [r.reason, r.n] as const));
  const reasons = RATING_REASON_KEYS.map((reason: RatingReason) => ({ reason, label: RATING_REASONS[reason], count: byReason.get(reason) ?? 0 }));

  return {
    from,
    to,
    asOf: toVnIso(now),
    totals: finish(total),
    channels,
    clients,
    groups,
    days,
    bursts,
    ratings: { count, average, levels, reasons },
  };
}
