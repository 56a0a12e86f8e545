/**
 * Which backups to keep: the newest of each of the last N hours, N days and N months that have a
 * backup (hours, days and months in the centre's time, +07:00), like restic's and borg's "keep
 * hourly/daily/monthly". The newest backup is always kept, so pruning never deletes the only copy.
 */
import { vnParts } from '../../shared/time.ts';

export interface Keep {
  readonly hourly: number;
  readonly daily: number;
  readonly monthly: number;
}

/** Two days of hours, two weeks of days, a year of months. */
export const DEFAULT_KEEP: Keep = Object.freeze({ hourly: 24, daily: 14, monthly: 12 });

const pad = (n: number) => String(n).padStart(2, '0');

/** `items` in any order; returns the files to keep (every other one may be deleted). */
export function backupsToKeep<T extends { readonly file: string; readonly takenAt: Date }>(items: readonly T[], keep: Keep): Set<string> {
  const newestFirst = [...items].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || b.file.localeCompare(a.file));
  const kept = new Set<string>();
  if (newestFirst[0]) kept.add(newestFirst[0].file);
  const buckets: [number, (d: Date) => string][] = [
    [keep.hourly, (d) => { const p = vnParts(d); return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(Math.floor(p.minuteOfDay / 60))}`; }],
    [keep.daily, (d) => { const p = vnParts(d); return `${p.year}-${pad(p.month)}-${pad(p.day)}`; }],
    [keep.monthly, (d) => { const p = vnParts(d); return `${p.year}-${pad(p.month)}`; }],
  ];
  for (const [count, bucketOf] of buckets) {
    const seen = new Set<string>();
    for (const item of newestFirst) {
      if (seen.size >= count) break;
      const bucket = bucketOf(item.takenAt);
      if (seen.has(bucket)) continue;
      seen.add(bucket);
      kept.add(item.file);
    }
  }
  return kept;
}
