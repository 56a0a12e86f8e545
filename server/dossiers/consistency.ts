/**
 * The dossiers' present state checked against their history. The chain proves the events were not
 * edited; the screens, the kiosk and the control sheet read the dossier and step rows, which are
 * updated in place. Someone holding the database file could change those rows (a late step marked
 * early, an appointment moved, a name changed) and leave the chain whole: this replays each dossier's
 * events and names every row that says something its history does not.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/types.ts';

export interface Mismatch {
  readonly code: string;
  readonly field: string;
  readonly stored: unknown;
  readonly history: unknown;
}

/** A digest of the applicant's details as received, kept in the `received` event (not the details themselves). */
export function applicantDigest(a: { name: string; idNumber: string; phone: string; address: string; email: string }): string {
  return createHash('sha256').update(JSON.stringify([a.name, a.idNumber, a.phone, a.address, a.email])).digest('hex');
}

interface Row {
  id: number;
  code: string;
  status: string;
  due_at: string;
  original_due_at: string;
  applicant_name: string;
  applicant_id_number: string;
  applicant_phone: string;
  applicant_address: string;
  applicant_email: string;
}

const STATUS_AFTER: Record<string, string> = { refused: 'refused', stopped: 'withdrawn', result_ready: 'ready', returned: 'returned', supplement_requested: 'awaiting_supplement' };

export function checkState(db: Db): { dossiers: number; mismatches: Mismatch[] } {
  const dossiers = db.prepare<[], Row>('SELECT id, code, status, due_at, original_due_at, applicant_name, applicant_id_number, applicant_phone, applicant_address, applicant_email FROM dossiers ORDER BY id');
  const events = db.prepare<[number], { id: number; at: string; kind: string; data: string }>('SELECT id, at, kind, data FROM dossier_events WHERE dossier_id = ? ORDER BY id');
  const steps = db.prepare<[number], { seq: number; state: string; completed_at: string | null; timeliness: string | null; late_minutes: number | null; plan_timeliness: string | null; plan_late_minutes: number | null }>(
    'SELECT seq, state, completed_at, timeliness, late_minutes, plan_timeliness, plan_late_minutes FROM dossier_steps WHERE dossier_id = ? ORDER BY seq',
  );
  // A citizen's rating (migration 007): the row the reports read, against the `rated` event.
  const ratingOf = db.prepare<[number], { level: string; reasons: string; at: string }>('SELECT level, reasons, at FROM ratings WHERE dossier_id = ?');
  // Supervisors' lateness decisions (migration 008): each row against its `lateness_reviewed` event.
  const decisionsOf = db.prepare<[number], { event_id: number; seq: number; valid: number; reason: string; decided_at: string }>(
    'SELECT event_id, seq, valid, reason, decided_at FROM lateness_decisions WHERE dossier_id = ? ORDER BY id',
  );
  // Apology decisions (migration 014): each row against its `apology_reviewed` event.
  const apologyDecisionsOf = db.prepare<[number], { event_id: number; apology_event_id: number; valid: number; reason: string; decided_at: string }>(
    'SELECT event_id, apology_event_id, valid, reason, decided_at FROM apology_decisions WHERE dossier_id = ? ORDER BY id',
  );
  const apologyText = (d: { apology: unknown; valid: unknown; reason: unknown; at: unknown }) => `apology ${String(d.apology)} ${d.valid ? 'valid' : 'not valid'}: ${String(d.reason)} at ${String(d.at)}`;
  const decisionText = (d: { seq: unknown; valid: unknown; reason: unknown; at: unknown }) => `step ${String(d.seq)} ${d.valid ? 'valid' : 'not valid'}: ${String(d.reason)} at ${String(d.at)}`;
  const ratingText = (r: { level: unknown; reasons: unknown; at: unknown }) => `${String(r.level)} ${JSON.stringify(r.reasons)} at ${String(r.at)}`;
  const mismatches: Mismatch[] = [];
  let count = 0;
  for (const d of dossiers.iterate()) {
    count++;
    const history = events.all(d.id).map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));
    // Dossiers moved along before the actions existed (an old demo) carry other events: not judged.
    if (history.some((e) => e.kind === 'status_changed')) continue;
    const differ = (field: string, stored: unknown, expected: unknown) => {
      if (expected !== undefined && stored !== expected) mismatches.push({ code: d.code, field, stored, history: expected });
    };
    let status: string | undefined;
    let beforePause = 'received';
    let due: unknown;
    let original: unknown;
    let rated: string | null = null;
    const firstJudgement = new Map<number, { timeliness: unknown; lateMinutes: unknown }>();
    const firstPlan = new Map<number, { timeliness: unknown; lateMinutes: unknown }>();
    const lastDone = new Map<number, string | null>();
    for (const e of history) {
      switch (e.kind) {
        case 'received':
          status = 'received';
          due = original = e.data.dueAt;
          if (typeof e.data.applicant === 'string') {
            differ('applicant', applicantDigest({ name: d.applicant_name, idNumber: d.applicant_id_number, phone: d.applicant_phone, address: d.applicant_address, email: d.applicant_email }), e.data.applicant);
          }
          break;
        case 'step_completed':
        case 'result_ready': {
          const seq = Number(e.data.seq);
          if (!firstJudgement.has(seq)) firstJudgement.set(seq, { timeliness: e.data.timeliness, lateMinutes: e.data.lateMinutes });
          // Both clocks since migration 011: the plan's judgement beside the holder's.
          if (!firstPlan.has(seq) && e.data.planTimeliness !== undefined) firstPlan.set(seq, { timeliness: e.data.planTimeliness, lateMinutes: e.data.planLateMinutes });
          lastDone.set(seq, e.at);
          if (e.kind === 'step_completed') status = 'processing';
          break;
        }
        case 'steps_rejudged':
          // The upgrade to the holders' own clocks (migration 011, rejudge.ts) judged these steps again.
          for (const r of (e.data.steps as { seq: number; timeliness: unknown; lateMinutes: unknown; planTimeliness: unknown; planLateMinutes: unknown }[] | undefined) ?? []) {
            firstJudgement.set(Number(r.seq), { timeliness: r.timeliness, lateMinutes: r.lateMinutes });
            firstPlan.set(Number(r.seq), { timeliness: r.planTimeliness, lateMinutes: r.planLateMinutes });
          }
          break;
        case 'step_returned': {
          const from = e.data.from as { seq: number };
          const to = e.data.to as { seq: number };
          lastDone.set(from.seq, null);
          lastDone.set(to.seq, null);
          status = to.seq === 1 ? 'received' : 'processing';
          break;
        }
        case 'supplement_requested':
          beforePause = status ?? 'processing';
          break;
        case 'supplement_received':
          status = beforePause;
          due = original = e.data.dueAt;
          break;
        case 'apologized':
          due = e.data.newDueAt;
          break;
        case 'rated':
          rated = ratingText({ level: e.data.level, reasons: e.data.reasons, at: e.at });
          break;
      }
      if (STATUS_AFTER[e.kind]) status = STATUS_AFTER[e.kind];
    }
    differ('status', d.status, status);
    differ('due_at', d.due_at, due);
    differ('original_due_at', d.original_due_at, original);
    const rating = ratingOf.get(d.id);
    const stored = rating ? ratingText({ level: rating.level, reasons: JSON.parse(rating.reasons) as unknown, at: rating.at }) : null;
    if (stored !== rated) mismatches.push({ code: d.code, field: 'rating', stored, history: rated });
    const reviews = new Map(history.filter((e) => e.kind === 'lateness_reviewed').map((e) => [e.id, decisionText({ seq: e.data.seq, valid: e.data.valid, reason: e.data.reason, at: e.at })]));
    for (const row of decisionsOf.all(d.id)) {
      const text = decisionText({ seq: row.seq, valid: row.valid === 1, reason: row.reason, at: row.decided_at });
      if (reviews.get(row.event_id) !== text) mismatches.push({ code: d.code, field: 'lateness decision', stored: text, history: reviews.get(row.event_id) ?? null });
      reviews.delete(row.event_id);
    }
    for (const missing of reviews.values()) mismatches.push({ code: d.code, field: 'lateness decision', stored: null, history: missing });
    const apologyReviews = new Map(history.filter((e) => e.kind === 'apology_reviewed').map((e) => [e.id, apologyText({ apology: e.data.apology, valid: e.data.valid, reason: e.data.reason, at: e.at })]));
    for (const row of apologyDecisionsOf.all(d.id)) {
      const text = apologyText({ apology: row.apology_event_id, valid: row.valid === 1, reason: row.reason, at: row.decided_at });
      if (apologyReviews.get(row.event_id) !== text) mismatches.push({ code: d.code, field: 'apology decision', stored: text, history: apologyReviews.get(row.event_id) ?? null });
      apologyReviews.delete(row.event_id);
    }
    for (const missing of apologyReviews.values()) mismatches.push({ code: d.code, field: 'apology decision', stored: null, history: missing });
    for (const s of steps.all(d.id)) {
      const judged = firstJudgement.get(s.seq);
      if (judged && s.timeliness !== null) {
        differ(`step ${s.seq} timeliness`, s.timeliness, judged.timeliness);
        differ(`step ${s.seq} late minutes`, s.late_minutes, judged.lateMinutes);
      }
      const plan = firstPlan.get(s.seq);
      if (plan && s.plan_timeliness !== null) {
        differ(`step ${s.seq} plan timeliness`, s.plan_timeliness, plan.timeliness);
        differ(`step ${s.seq} plan late minutes`, s.plan_late_minutes, plan.lateMinutes);
      }
      const done = lastDone.get(s.seq);
      if (done !== undefined) differ(`step ${s.seq} completed at`, s.completed_at, done);
      else if (s.state === 'done') differ(`step ${s.seq} state`, s.state, 'not finished in the history');
    }
  }
  return { dossiers: count, mismatches };
}
