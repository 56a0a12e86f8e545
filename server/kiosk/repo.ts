/** SQL for the kiosk's own records: the lookups (no personal data) and the ratings (once per dossier). */
import type { LookupChannel, LookupOutcome, RatingLevel, RatingReason } from '../../shared/kiosk.ts';
import type { Db } from '../db/open.ts';

export interface LookupRecord {
  at: string;
  channel: LookupChannel;
  outcome: LookupOutcome;
  tier: 'detail' | 'summary' | null;
  /** A LAN address or 'internet' (client.ts): never a citizen's address. */
  client: string;
  delay_ms: number;
  fictional: number;
}

export interface RatingRow {
  dossier_id: number;
  level: RatingLevel;
  /** JSON array of RatingReason. */
  reasons: string;
  at: string;
  channel: LookupChannel | null;
}

export type KioskRepo = ReturnType<typeof kioskRepo>;

export function kioskRepo(db: Db) {
  const insertLookup = db.prepare(
    `INSERT INTO kiosk_lookups (at, channel, outcome, tier, client, delay_ms, fictional)
     VALUES (@at, @channel, @outcome, @tier, @client, @delay_ms, @fictional)`,
  );
  const insertRating = db.prepare('INSERT INTO ratings (dossier_id, level, reasons, at, channel) VALUES (@dossier_id, @level, @reasons, @at, @channel)');
  const ratingOf = db.prepare<[number], { level: RatingLevel; at: string }>('SELECT level, at FROM ratings WHERE dossier_id = ?');
  const recordLookups = db.transaction((rows: readonly LookupRecord[]) => {
    for (const row of rows) insertLookup.run(row);
  });
  return {
    /** Many records in one transaction (recorder.ts batches them). */
    recordLookups: (rows: readonly LookupRecord[]) => recordLookups(rows),
    /** Call inside the rating's transaction; a second rating of a dossier fails here whatever the caller checked. */
    insertRating: (row: Omit<RatingRow, 'reasons'> & { reasons: readonly RatingReason[] }) => insertRating.run({ ...row, reasons: JSON.stringify(row.reasons) }),
    ratingOf: (dossierId: number) => ratingOf.get(dossierId),
  };
}
