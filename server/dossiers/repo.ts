/** SQL for dossiers, their steps, their history and the daily code sequence. */
import type { Db } from '../db/types.ts';
import { historyRepoOf, sealEvents } from '../history/chains.ts';
import type { DueRule } from '../../shared/deadline.ts';
import type { Channel, DossierStatus, ReturnMethod, StepState } from '../../shared/vocabulary.ts';

export interface DossierRow {
  id: number;
  code: string;
  lookup_key: string;
  procedure_code: string;
  procedure_name: string;
  procedure_field: string;
  applicant_name: string;
  applicant_id_number: string;
  applicant_phone: string;
  applicant_address: string;
  applicant_email: string;
  documents: string;
  sets: number;
  channel: Channel;
  return_method: ReturnMethod;
  status: DossierStatus;
  received_at: string;
  received_by: number;
  received_by_username: string;
  received_by_name: string;
  time_limit_minutes: number;
  original_due_at: string;
  due_at: string;
  /** How the appointment was computed: the rule lateness is judged by. */
  due_rule: DueRule;
  /** Where counting started (the receipt, the next opening or the next working day). */
  counted_from: string | null;
  /** JSON {vi, en}, worded at intake. */
  due_explanation: string | null;
  completed_at: string | null;
  register_year: number;
  register_no: number;
  /** When the clock stopped for a supplement; null while it runs. */
  paused_at: string | null;
  status_before_pause: 'received' | 'processing' | null;
  returned_at: string | null;
  returned_by_method: ReturnMethod | null;
  /** JSON VariantRef of the time-limit variant received under (migration 013); null: the standard limit. */
  time_limit_variant: string | null;
}

export type NewDossierRow = Omit<DossierRow, 'id' | 'procedure_field' | 'received_by_username' | 'received_by_name' | 'completed_at' | 'paused_at' | 'status_before_pause' | 'returned_at' | 'returned_by_method'> & {
  fictional: number;
};

export interface StepRow {
  dossier_id: number;
  seq: number;
  name: string;
  department_code: string;
  department_name: string;
  allotted_minutes: number;
  due_at: string;
  state: StepState;
  started_at: string | null;
  completed_at: string | null;
  /** Who took the step (accept-step), or who finished it when nobody took it first. */
  held_by: number | null;
  held_by_username: string | null;
  held_by_name: string | null;
  completed_by: number | null;
  /** Judged when the step finished, on the holder's own clock (against own_due_at). */
  timeliness: 'early' | 'on_time' | 'late' | null;
  late_minutes: number | null;
  /** The allotment on the holder's clock, in working minutes (null only before the upgrade's replay). */
  share_minutes: number | null;
  /** The plan's milestone the holder's clock is held to (moved by a pause, never by an apology). */
  milestone_at: string | null;
  /** The holder's own due time (null until the step is reached). */
  own_due_at: string | null;
  /** When its current holder took it. */
  taken_at: string | null;
  /** Judged when the step finished, against the plan's milestone (due_at). */
  plan_timeliness: 'early' | 'on_time' | 'late' | null;
  plan_late_minutes: number | null;
}

export interface EventRow {
  id: number;
  at: string;
  kind: string;
  actor_username: string | null;
  actor_name: string | null;
  data: string;
}

const DOSSIER_SELECT = `
  SELECT d.*, p.field AS procedure_field, s.username AS received_by_username, s.display_name AS received_by_name
  FROM dossiers d JOIN procedures p ON p.code = d.procedure_code JOIN staff s ON s.id = d.received_by`;

export type DossierRepo = ReturnType<typeof dossierRepo>;

export function dossierRepo(db: Db) {
  const nextSequence = db.prepare<{ agency_id: string; date_key: string }, { last: number }>(
    `INSERT INTO dossier_sequences (agency_id, date_key, last) VALUES (@agency_id, @date_key, 1)
     ON CONFLICT (agency_id, date_key) DO UPDATE SET last = last + 1 RETURNING last`,
  );
  const nextRegisterNo = db.prepare<[number], { n: number }>(
    'SELECT COALESCE(MAX(register_no), 0) + 1 AS n FROM dossiers WHERE register_year = ?',
  );
  const keyTaken = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM dossiers WHERE lookup_key = ?');
  const insertDossier = db.prepare(
    `INSERT INTO dossiers (code, lookup_key, procedure_code, procedure_name, applicant_name, applicant_id_number,
       applicant_phone, applicant_address, applicant_email, documents, sets, channel, return_method, status,
       received_at, received_by, time_limit_minutes, original_due_at, due_at, due_rule, counted_from, due_explanation, register_year, register_no, fictional,
       time_limit_variant)
     VALUES (@code, @lookup_key, @procedure_code, @procedure_name, @applicant_name, @applicant_id_number,
       @applicant_phone, @applicant_address, @applicant_email, @documents, @sets, @channel, @return_method, @status,
       @received_at, @received_by, @time_limit_minutes, @original_due_at, @due_at, @due_rule, @counted_from, @due_explanation, @register_year, @register_no, @fictional,
       @time_limit_variant)`,
  );
  const insertStep = db.prepare(
    `INSERT INTO dossier_steps (dossier_id, seq, name, department_code, allotted_minutes, due_at, state, started_at, completed_at, share_minutes, milestone_at, own_due_at)
     VALUES (@dossier_id, @seq, @name, @department_code, @allotted_minutes, @due_at, @state, @started_at, @completed_at, @share_minutes, @milestone_at, @own_due_at)`,
  );
  const insertEvent = db.prepare(
    'INSERT INTO dossier_events (dossier_id, at, kind, actor_id, data) VALUES (@dossier_id, @at, @kind, @actor_id, @data)',
  );
  // The chain's head (sealing: server/history/chains.ts, which also tags the link when a key protects the history).
  const chainHead = db.prepare<[], { event_id: number; hash: string }>('SELECT event_id, hash FROM dossier_event_chain ORDER BY event_id DESC LIMIT 1');
  const chainLength = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM dossier_event_chain');
  const linkOf = db.prepare<[number], { hash: string }>('SELECT hash FROM dossier_event_chain WHERE event_id = ?');
  const dossierHead = db.prepare<[number], { hash: string }>(
    'SELECT c.hash FROM dossier_event_chain c JOIN dossier_events e ON e.id = c.event_id WHERE e.dossier_id = ? ORDER BY c.event_id DESC LIMIT 1',
  );
  const append = db.transaction((row: { dossier_id: number; at: string; kind: string; actor_id: number | null; data: string }) => {
    sealEvents(db, Number(insertEvent.run(row).lastInsertRowid));
  });
  const byCode = db.prepare<[string], DossierRow>(`${DOSSIER_SELECT} WHERE d.code = ?`);
  const byKey = db.prepare<[string], DossierRow>(`${DOSSIER_SELECT} WHERE d.lookup_key = ?`);
  const receivedBetween = db.prepare<[string, string], DossierRow>(
    `${DOSSIER_SELECT} WHERE d.received_at >= ? AND d.received_at < ? ORDER BY d.register_year, d.register_no LIMIT 5000`,
  );
  const stepsOf = db.prepare<[number], StepRow>(
    `SELECT s.*, dep.name AS department_name, h.username AS held_by_username, h.display_name AS held_by_name
     FROM dossier_steps s JOIN departments dep ON dep.code = s.department_code LEFT JOIN staff h ON h.id = s.held_by
     WHERE s.dossier_id = ? ORDER BY s.seq`,
  );
  // The two copies of a receipt (the applicant's and the file's) are each an original the first time.
  const countEvents = db.prepare<[number, string, string, string], { n: number }>(
    "SELECT count(*) AS n FROM dossier_events WHERE dossier_id = ? AND kind = ? AND json_extract(data, '$.document') = ? AND coalesce(json_extract(data, '$.copy'), '') = ?",
  );
  const eventsOf = db.prepare<[number], EventRow>(
    `SELECT e.id, e.at, e.kind, st.username AS actor_username, st.display_name AS actor_name, e.data
     FROM dossier_events e LEFT JOIN staff st ON st.id = e.actor_id WHERE e.dossier_id = ? ORDER BY e.id`,
  );
  const updateStep = db.prepare(
    `UPDATE dossier_steps SET state = @state, started_at = @started_at, completed_at = @completed_at
     WHERE dossier_id = @dossier_id AND seq = @seq`,
  );
  const updateStatus = db.prepare('UPDATE dossiers SET status = @status, completed_at = @completed_at WHERE id = @id');
  const openDueFrom = db.prepare<[string], { n: number }>(
    `SELECT count(*) AS n FROM dossiers WHERE status IN ('received', 'processing', 'awaiting_supplement') AND due_at >= ?`,
  );
  const countDossiers = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM dossiers');

  // ——— Processing (actions after intake) ———
  const holdStep = db.prepare('UPDATE dossier_steps SET held_by = @held_by, taken_at = @taken_at WHERE dossier_id = @dossier_id AND seq = @seq');
  const finishStep = db.prepare(
    // A step finished a second time (after a return) keeps its first judgements: lateness is attributed
    // once, to whoever held it when it first finished; each pass is in the history. `timeliness` is the
    // holder's own clock, `plan_timeliness` the plan's milestone (shared/step-clocks.ts).
    `UPDATE dossier_steps SET state = 'done', completed_at = @completed_at, completed_by = @completed_by, held_by = @held_by,
       timeliness = COALESCE(timeliness, @timeliness), late_minutes = COALESCE(late_minutes, @late_minutes),
       plan_timeliness = COALESCE(plan_timeliness, @plan_timeliness), plan_late_minutes = COALESCE(plan_late_minutes, @plan_late_minutes)
     WHERE dossier_id = @dossier_id AND seq = @seq`,
  );
  const startStep = db.prepare(
    `UPDATE dossier_steps SET state = 'in_progress', started_at = @started_at, completed_at = NULL, completed_by = NULL, own_due_at = @own_due_at, taken_at = NULL
     WHERE dossier_id = @dossier_id AND seq = @seq`,
  );
  const unstartStep = db.prepare(
    `UPDATE dossier_steps SET state = 'pending', started_at = NULL, held_by = NULL, own_due_at = NULL, taken_at = NULL WHERE dossier_id = @dossier_id AND seq = @seq`,
  );
  const setStepDue = db.prepare('UPDATE dossier_steps SET due_at = @due_at WHERE dossier_id = @dossier_id AND seq = @seq');
  const setStepClock = db.prepare(
    'UPDATE dossier_steps SET share_minutes = @share_minutes, milestone_at = @milestone_at, own_due_at = @own_due_at WHERE dossier_id = @dossier_id AND seq = @seq',
  );
  const pause = db.prepare(`UPDATE dossiers SET status = 'awaiting_supplement', paused_at = @paused_at, status_before_pause = status WHERE id = @id`);
  const resume = db.prepare(
    `UPDATE dossiers SET status = status_before_pause, paused_at = NULL, status_before_pause = NULL, due_at = @due_at,
       original_due_at = @due_at, counted_from = @counted_from, due_explanation = @due_explanation WHERE id = @id`,
  );
  const reappoint = db.prepare('UPDATE dossiers SET due_at = @due_at WHERE id = @id');
  const returned = db.prepare(`UPDATE dossiers SET status = 'returned', returned_at = @returned_at, returned_by_method = @method WHERE id = @id`);
  const hasEvent = db.prepare<[number, string], { one: number }>('SELECT 1 AS one FROM dossier_events WHERE dossier_id = ? AND kind = ? LIMIT 1');
  const lastEventAt = db.prepare<[number], { at: string }>('SELECT max(at) AS at FROM dossier_events WHERE dossier_id = ?');
  const ledBy = db.prepare<[], { code: string; led_by: string | null }>('SELECT code, led_by FROM departments');
  const departmentsLedBy = db.prepare<[string, string, string], { code: string; name: string }>('SELECT code, name FROM departments WHERE code = ? OR led_by = ? ORDER BY code = ? DESC, code');
  // Open dossiers whose current step (the first not done) is in one of the departments, and, for the
  // counter, those waiting for a supplement or ready to hand over. Bounded: a queue is read by a person.
  const queue = db.prepare<[string, number], DossierRow & { step_seq: number | null }>(
    `${DOSSIER_SELECT.replace('SELECT d.*', 'SELECT d.*, cur.seq AS step_seq')}
     LEFT JOIN dossier_steps cur ON cur.dossier_id = d.id AND cur.seq = (SELECT min(seq) FROM dossier_steps x WHERE x.dossier_id = d.id AND x.state <> 'done')
     WHERE (d.status IN ('received', 'processing', 'awaiting_supplement') AND cur.department_code IN (SELECT value FROM json_each(?)))
        OR (? = 1 AND d.status IN ('awaiting_supplement', 'ready'))
     ORDER BY d.due_at LIMIT 500`,
  );

  return {
    /** The next XXXX for an agency and day; call inside the intake transaction. */
    nextSequence: (agency_id: string, date_key: string) => nextSequence.get({ agency_id, date_key })!.last,
    nextRegisterNo: (year: number) => nextRegisterNo.get(year)!.n,
    lookupKeyTaken: (key: string) => keyTaken.get(key) !== undefined,
    /** Open dossiers whose appointment is at or after a date (YYYY-MM-DD): those a calendar change would concern. */
    openDueFrom: (date: string) => openDueFrom.get(date)?.n ?? 0,
    insertDossier: (row: NewDossierRow) => Number(insertDossier.run(row).lastInsertRowid),
    insertStep: (row: Omit<StepRow, 'department_name' | 'held_by' | 'held_by_username' | 'held_by_name' | 'completed_by' | 'timeliness' | 'late_minutes' | 'taken_at' | 'plan_timeliness' | 'plan_late_minutes'>) => insertStep.run(row),
    /** Appends an event and seals it into the history chain, in one transaction. */
    appendEvent: (row: { dossier_id: number; at: string; kind: string; actor_id: number | null; data: unknown }) =>
      append.immediate({ ...row, data: JSON.stringify(row.data ?? {}) }),
    /** Every event with its link, in id order, for `motcua audit verify`. */
    chain: () => ({ rows: historyRepoOf(db).eventRows(), length: chainLength.get()?.n ?? 0 }),
    /** One event's link (an anchor recorded away from the machine is checked against it). */
    linkOf: (eventId: number) => linkOf.get(eventId)?.hash ?? null,
    /** The chain's latest link: the anchor `audit verify` prints. */
    lastLink: () => chainHead.get() ?? null,
    /** The latest link of a dossier's history: printed (short) on its slips so paper can be checked. */
    historyHash: (dossierId: number) => dossierHead.get(dossierId)?.hash ?? null,
    byCode: (code: string) => byCode.get(code),
    /** Dossiers received in [from, to), ISO instants in +07:00, in register order. */
    receivedBetween: (from: string, to: string) => receivedBetween.all(from, to),
    byLookupKey: (key: string) => byKey.get(key),
    stepsOf: (dossierId: number) => stepsOf.all(dossierId),
    eventsOf: (dossierId: number) => eventsOf.all(dossierId),
    /** How many times a document (receipt, a slip) has been printed for a dossier. */
    printsOf: (dossierId: number, document: string, copy = '') => countEvents.get(dossierId, 'printed', document, copy)?.n ?? 0,
    updateStep: (row: { dossier_id: number; seq: number; state: StepState; started_at: string | null; completed_at: string | null }) =>
      updateStep.run(row),
    updateStatus: (row: { id: number; status: DossierStatus; completed_at: string | null }) => updateStatus.run(row),
    count: () => countDossiers.get()!.n,
    holdStep: (row: { dossier_id: number; seq: number; held_by: number; taken_at: string }) => holdStep.run(row),
    finishStep: (row: {
      dossier_id: number;
      seq: number;
      completed_at: string;
      completed_by: number;
      held_by: number;
      timeliness: string;
      late_minutes: number;
      plan_timeliness: string;
      plan_late_minutes: number;
    }) => finishStep.run(row),
    startStep: (row: { dossier_id: number; seq: number; started_at: string; own_due_at: string }) => startStep.run(row),
    unstartStep: (row: { dossier_id: number; seq: number }) => unstartStep.run(row),
    setStepDue: (row: { dossier_id: number; seq: number; due_at: string }) => setStepDue.run(row),
    /** A step's allotment and own due time on its holder's clock (after a supplement's pause). */
    setStepClock: (row: { dossier_id: number; seq: number; share_minutes: number; milestone_at: string; own_due_at: string | null }) => setStepClock.run(row),
    /** The clock stops for a supplement; the status to come back to is kept. */
    pause: (id: number, pausedAt: string) => pause.run({ id, paused_at: pausedAt }),
    /** The supplement is in: the clock runs again towards the new legal due time. */
    resume: (row: { id: number; due_at: string; counted_from: string; due_explanation: string }) => resume.run(row),
    /** An apology's new appointment; original_due_at keeps the one lateness is judged by. */
    reappoint: (id: number, dueAt: string) => reappoint.run({ id, due_at: dueAt }),
    markReturned: (row: { id: number; returned_at: string; method: ReturnMethod }) => returned.run(row),
    hasEvent: (dossierId: number, kind: string) => hasEvent.get(dossierId, kind) !== undefined,
    lastEventAt: (dossierId: number) => lastEventAt.get(dossierId)?.at ?? null,
    /** The organisation chart: department → the department whose leaders head it. */
    ledBy: () => new Map(ledBy.all().map((r) => [r.code, r.led_by] as const)),
    /** A department and those it heads (a leadership's departments), its own first. */
    departmentsHeadedBy: (code: string) => departmentsLedBy.all(code, code, code),
    workQueue: (departments: readonly string[], counter: boolean) => queue.all(JSON.stringify(departments), counter ? 1 : 0),
  };
}
