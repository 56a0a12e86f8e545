/** SQL for the kiosk's own records: the lookups (no personal data) and the ratings (once per dossier). */
import type { LookupChannel, LookupOutcome, RatingLevel, RatingReason } from '../../shared/kiosk.ts';
import type { Db } from '../db/types.ts';
import type { DossierRow, EventRow } from '../dossiers/repo.ts';
import type { PublicStepRow } from '../dossiers/views.ts';

/** The columns of a dossier a lookup shows (or masks): read alone, a lookup costs a fraction of the staff row's. */
export type KioskDossierRow = Pick<
  DossierRow,
  'id' | 'code' | 'procedure_code' | 'procedure_name' | 'status' | 'due_at' | 'return_method' | 'applicant_name' | 'received_at' | 'original_due_at' | 'due_explanation' | 'completed_at' | 'due_rule'
>;
/** What a lookup's answer was made from (view-cache.ts): read first, the dossier's row only when the answer is not kept. */
export interface KioskStamp {
  readonly id: number;
  /** The dossier's latest history event: its answer changes only with one. */
  readonly version: number | null;
  /** The centre's settings an answer depends on (calendar imports, timeliness, office hours), as one text. */
  readonly settings: string;
}
export type KioskEventRow = Pick<EventRow, 'at' | 'kind' | 'data'>;

export interface LookupRecord {
  at: string;
  channel: LookupChannel;
  outcome: LookupOutcome;
  tier: 'detail' | 'summary' | null;
  /** A LAN address or 'internet' (client.ts): never a citizen's address. */
  client: string;
  delay_ms: number;
  fictional: number;
  /** How many lookups alike in every column above this row stands for (recorder.ts; migration 019). */
  lookups: number;
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
    `INSERT INTO kiosk_lookups (at, channel, outcome, tier, client, delay_ms, fictional, lookups)
     VALUES (@at, @channel, @outcome, @tier, @client, @delay_ms, @fictional, @lookups)`,
  );
  const insertRating = db.prepare('INSERT INTO ratings (dossier_id, level, reasons, at, channel) VALUES (@dossier_id, @level, @reasons, @at, @channel)');
  const ratingOf = db.prepare<[number], { level: RatingLevel; at: string }>('SELECT level, at FROM ratings WHERE dossier_id = ?');
  // The lookup's reads take only what the public view needs: the staff statements (dossiers/repo.ts)
  // read every column and join the staff, several times the cost of a lookup's own work.
  const KIOSK_STAMP = `SELECT id, (SELECT max(e.id) FROM dossier_events e WHERE e.dossier_id = dossiers.id) AS version,
       (SELECT coalesce((SELECT max(id) FROM calendar_imports), 0) || '|' || c.timeliness || '|' || c.office_hours FROM centre c WHERE c.id = 1) AS settings
     FROM dossiers`;
  const stampByKey = db.prepare<[string], KioskStamp>(`${KIOSK_STAMP} WHERE lookup_key = ?`);
  const stampByCode = db.prepare<[string], KioskStamp>(`${KIOSK_STAMP} WHERE code = ?`);
  const dossierById = db.prepare<[number], KioskDossierRow>(
    `SELECT id, code, procedure_code, procedure_name, status, due_at, return_method, applicant_name, received_at, original_due_at, due_explanation, completed_at, due_rule
     FROM dossiers WHERE id = ?`,
  );
  const stepsOf = db.prepare<[number], PublicStepRow>(
    `SELECT s.seq, s.name, s.department_code, dep.name AS department_name, s.due_at, s.completed_at, s.state, s.plan_timeliness
     FROM dossier_steps s JOIN departments dep ON dep.code = s.department_code WHERE s.dossier_id = ? ORDER BY s.seq`,
  );
  const eventsOf = db.prepare<[number], KioskEventRow>('SELECT at, kind, data FROM dossier_events WHERE dossier_id = ? ORDER BY id');
  // What has changed in the database (ownChanges, otherCommits).
  const totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  /** Rows the lookup records added through this connection: they change no answer. */
  let recorded = 0;
  const recordLookups = db.transaction((rows: readonly LookupRecord[]) => {
    for (const row of rows) recorded += insertLookup.run(row).changes;
  });
  const synchronous = db.prepare<[], number>('PRAGMA synchronous').pluck();
  return {
    /**
     * A number that grows with every row written through this connection (SQLite's total_changes,
     * which counts even a rolled-back write), except the lookup records' own rows. The same number:
     * this server has written nothing since. No table is read (no read transaction, no lock).
     */
    ownChanges: (): number => totalChanges.get()! - recorded,
    /** A number that changes with every commit by another connection or process (PRAGMA data_version). */
    otherCommits: (): number => dataVersion.get()!,
    /** A dossier by its lookup key or code: its id and what its answer depends on (a third of the row's read). */
    stampByKey: (key: string) => stampByKey.get(key),
    stampByCode: (code: string) => stampByCode.get(code),
    dossierById: (id: number) => dossierById.get(id),
    stepsOf: (dossierId: number) => stepsOf.all(dossierId),
    eventsOf: (dossierId: number) => eventsOf.all(dossierId),
    /**
     * Many records in one transaction (recorder.ts batches them), committed without waiting for the
     * disk (synchronous=NORMAL for this commit only: in WAL mode the database stays whole, and the next
     * durable commit, an intake's, makes these rows durable too; SQLite allows the change only outside
   * a transaction). A statistic is not worth an fsync
     * that blocks the server; a power cut loses at most the last records, never an intake.
     */
    recordLookups: (rows: readonly LookupRecord[]): void => {
      // Inside a caller's transaction (the demo seed) the rows are the caller's commit, as it is.
      if (db.inTransaction) {
        recordLookups(rows);
        return;
      }
      const was = synchronous.get()!;
      db.pragma('synchronous = NORMAL');
      try {
        recordLookups(rows);
      } finally {
        db.pragma(`synchronous = ${was}`);
      }
    },
    /** Call inside the rating's transaction; a second rating of a dossier fails here whatever the caller checked. */
    insertRating: (row: Omit<RatingRow, 'reasons'> & { reasons: readonly RatingReason[] }) => insertRating.run({ ...row, reasons: JSON.stringify(row.reasons) }),
    ratingOf: (dossierId: number) => ratingOf.get(dossierId),
  };
}
