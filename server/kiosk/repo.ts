/** SQL for the kiosk's own records: the lookups (no personal data) and the ratings (once per dossier). */
import type { LookupChannel, LookupOutcome, RatingLevel, RatingReason } from '../../shared/kiosk.ts';
import type { Db } from '../db/open.ts';
import type { DossierRow, EventRow } from '../dossiers/repo.ts';
import type { PublicStepRow } from '../dossiers/views.ts';

/** The columns of a dossier a lookup shows (or masks): read alone, a lookup costs a fraction of the staff row's. */
export type KioskDossierRow = Pick<
  DossierRow,
  'id' | 'code' | 'procedure_code' | 'procedure_name' | 'status' | 'due_at' | 'return_method' | 'applicant_name' | 'received_at' | 'original_due_at' | 'due_explanation' | 'completed_at' | 'due_rule'
>& {
  /** The dossier's latest history event: its answer changes only with one (view-cache.ts). */
  readonly version: number | null;
};
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
  // The lookup's reads take only what the public view needs: the staff statements (dossiers/repo.ts)
  // read every column and join the staff, several times the cost of a lookup's own work.
  const KIOSK_DOSSIER =
    `SELECT id, code, procedure_code, procedure_name, status, due_at, return_method, applicant_name, received_at, original_due_at, due_explanation, completed_at, due_rule,
       (SELECT max(e.id) FROM dossier_events e WHERE e.dossier_id = dossiers.id) AS version FROM dossiers`;
  const dossierByKey = db.prepare<[string], KioskDossierRow>(`${KIOSK_DOSSIER} WHERE lookup_key = ?`);
  const dossierByCode = db.prepare<[string], KioskDossierRow>(`${KIOSK_DOSSIER} WHERE code = ?`);
  const stepsOf = db.prepare<[number], PublicStepRow>(
    `SELECT s.seq, s.name, s.department_code, dep.name AS department_name, s.due_at, s.completed_at, s.state, s.plan_timeliness
     FROM dossier_steps s JOIN departments dep ON dep.code = s.department_code WHERE s.dossier_id = ? ORDER BY s.seq`,
  );
  const eventsOf = db.prepare<[number], KioskEventRow>('SELECT at, kind, data FROM dossier_events WHERE dossier_id = ? ORDER BY id');
  const recordLookups = db.transaction((rows: readonly LookupRecord[]) => {
    for (const row of rows) insertLookup.run(row);
  });
  return {
    dossierByKey: (key: string) => dossierByKey.get(key),
    dossierByCode: (code: string) => dossierByCode.get(code),
    stepsOf: (dossierId: number) => stepsOf.all(dossierId),
    eventsOf: (dossierId: number) => eventsOf.all(dossierId),
    /** Many records in one transaction (recorder.ts batches them). */
    recordLookups: (rows: readonly LookupRecord[]) => recordLookups(rows),
    /** Call inside the rating's transaction; a second rating of a dossier fails here whatever the caller checked. */
    insertRating: (row: Omit<RatingRow, 'reasons'> & { reasons: readonly RatingReason[] }) => insertRating.run({ ...row, reasons: JSON.stringify(row.reasons) }),
    ratingOf: (dossierId: number) => ratingOf.get(dossierId),
  };
}
