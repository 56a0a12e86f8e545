/**
 * The simulation's writes: whole rows, final state included, through prepared statements. The real
 * services write a dossier in many small transactions (intake, then one per action); for a year of a
 * busy centre that would take hours, so the simulation decides each dossier's whole life first and
 * writes its rows once, and its events in the order they happened (by time, across all dossiers, as
 * the real centre would have appended them), each sealed into the hash chain exactly as
 * server/dossiers/repo.ts seals it (linkHash over the same fields), so `motcua audit verify` holds.
 */
import type { Db } from '../../server/db/types.ts';
import { GENESIS, linkHash } from '../../server/dossiers/chain.ts';

export interface DossierInsert {
  code: string;
  lookup_key: string;
  procedure_code: string;
  procedure_name: string;
  applicant_name: string;
  applicant_id_number: string;
  applicant_phone: string;
  applicant_address: string;
  applicant_email: string;
  documents: string;
  sets: number;
  channel: string;
  return_method: string;
  status: string;
  received_at: string;
  received_by: number;
  time_limit_minutes: number;
  original_due_at: string;
  due_at: string;
  due_rule: string;
  counted_from: string;
  due_explanation: string;
  completed_at: string | null;
  register_year: number;
  register_no: number;
  paused_at: string | null;
  status_before_pause: string | null;
  returned_at: string | null;
  returned_by_method: string | null;
}

export interface StepInsert {
  seq: number;
  name: string;
  department_code: string;
  allotted_minutes: number;
  due_at: string;
  state: string;
  started_at: string | null;
  completed_at: string | null;
  held_by: number | null;
  completed_by: number | null;
  timeliness: string | null;
  late_minutes: number | null;
}

export interface EventInsert {
  dossier_id: number;
  at: string;
  kind: string;
  actor_id: number | null;
  data: string;
}

export interface RatingInsert {
  dossier_id: number;
  level: string;
  reasons: string;
  at: string;
  channel: string | null;
}

export type SimulationStore = ReturnType<typeof simulationStore>;

export function simulationStore(db: Db) {
  const insertDossier = db.prepare(
    `INSERT INTO dossiers (code, lookup_key, procedure_code, procedure_name, applicant_name, applicant_id_number,
       applicant_phone, applicant_address, applicant_email, documents, sets, channel, return_method, status,
       received_at, received_by, time_limit_minutes, original_due_at, due_at, due_rule, counted_from, due_explanation,
       completed_at, register_year, register_no, fictional, paused_at, status_before_pause, returned_at, returned_by_method)
     VALUES (@code, @lookup_key, @procedure_code, @procedure_name, @applicant_name, @applicant_id_number,
       @applicant_phone, @applicant_address, @applicant_email, @documents, @sets, @channel, @return_method, @status,
       @received_at, @received_by, @time_limit_minutes, @original_due_at, @due_at, @due_rule, @counted_from, @due_explanation,
       @completed_at, @register_year, @register_no, 1, @paused_at, @status_before_pause, @returned_at, @returned_by_method)`,
  );
  const insertStep = db.prepare(
    `INSERT INTO dossier_steps (dossier_id, seq, name, department_code, allotted_minutes, due_at, state, started_at, completed_at, held_by, completed_by, timeliness, late_minutes,
       share_minutes, milestone_at, own_due_at, taken_at, plan_timeliness, plan_late_minutes)
     VALUES (@dossier_id, @seq, @name, @department_code, @allotted_minutes, @due_at, @state, @started_at, @completed_at, @held_by, @completed_by, @timeliness, @late_minutes,
       @share_minutes, @milestone_at, @own_due_at, @taken_at, @plan_timeliness, @plan_late_minutes)`,
  );
  const insertEvent = db.prepare('INSERT INTO dossier_events (dossier_id, at, kind, actor_id, data) VALUES (@dossier_id, @at, @kind, @actor_id, @data)');
  const seal = db.prepare('INSERT INTO dossier_event_chain (event_id, prev_hash, hash) VALUES (?, ?, ?)');
  const insertRating = db.prepare('INSERT INTO ratings (dossier_id, level, reasons, at, channel) VALUES (@dossier_id, @level, @reasons, @at, @channel)');
  const putSequence = db.prepare('INSERT INTO dossier_sequences (agency_id, date_key, last) VALUES (?, ?, ?) ON CONFLICT (agency_id, date_key) DO UPDATE SET last = excluded.last');
  const head = db.prepare<[], { hash: string }>('SELECT hash FROM dossier_event_chain ORDER BY event_id DESC LIMIT 1');
  let prev = head.get()?.hash ?? GENESIS;
  let events = 0;
  // A received event linked after migration 018 also covers its dossier's received_at and lookup_key (server/history/repo.ts).
  const linkedFrom = (db.prepare('SELECT events_through FROM history_upgrade').get() as { events_through: number }).events_through;
  const receivedOf = db.prepare<[number], { received_at: string; lookup_key: string }>('SELECT received_at, lookup_key FROM dossiers WHERE id = ?');

  return {
    dossier(row: DossierInsert, steps: readonly StepInsert[]): number {
      const id = Number(insertDossier.run(row).lastInsertRowid);
      for (const s of steps) insertStep.run({ dossier_id: id, ...s });
      return id;
    },
    /** Appends one event and its link; the caller appends in id order (the chain's order). */
    event(e: EventInsert): number {
      const id = Number(insertEvent.run(e).lastInsertRowid);
      const hash = linkHash(prev, { id, ...e, ...(e.kind === 'received' && id > linkedFrom ? receivedOf.get(e.dossier_id) : {}) });
      seal.run(id, prev, hash);
      prev = hash;
      events++;
      return id;
    },
    rating: (r: RatingInsert) => insertRating.run(r),
    /** The day's last dossier number, so that a real intake on that day would continue after it. */
    sequence: (agencyId: string, dateKey: string, last: number) => putSequence.run(agencyId, dateKey, last),
    events: () => events,
  };
}
