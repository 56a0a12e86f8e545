/**
 * The upgrade to two clocks per step (migration 011): dossiers whose steps were judged only against
 * the plan's milestones (so one slow step made every later one "late") are judged again on each
 * holder's own clock, replayed from their history (shared/step-clocks.ts replayStepClocks, the same
 * arithmetic the actions now use live). The old judgement becomes the plan's; where a holder's
 * judgement changes, a `steps_rejudged` event records the new one in the hash-chained history (the
 * history is appended to, never rewritten), so `audit verify` can match the rows to it.
 *
 * Runs once, at start-up (initDatabase), for the steps the migration left without an allotment; a
 * dossier is done in one transaction with its event, a few hundred to a transaction.
 */
import { type ReplayEvent, replayStepClocks } from '../../shared/step-clocks.ts';
import { toVnIso } from '../../shared/time.ts';
import { timelinessOf } from '../../shared/vocabulary.ts';
import { classify } from '../../shared/working-time.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { dossierRepo } from './repo.ts';
import { instant } from './views.ts';

interface OldStep {
  seq: number;
  allotted_minutes: number;
  due_at: string;
  state: string;
  completed_at: string | null;
  timeliness: 'early' | 'on_time' | 'late' | null;
  late_minutes: number | null;
  plan_timeliness: string | null;
}

/** What the upgrade did: dossiers replayed, and those whose holders' judgements changed (each with its event). */
export interface Rejudged {
  readonly dossiers: number;
  readonly changed: number;
}

export function rejudgeUpgradedSteps(db: Db, catalogue: Pick<CatalogueService, 'calendar'>, clock: Clock, batch = 500): Rejudged {
  const pending = db.prepare<[number], { dossier_id: number }>('SELECT DISTINCT dossier_id FROM dossier_steps WHERE share_minutes IS NULL ORDER BY dossier_id LIMIT ?');
  const stepsOf = db.prepare<[number], OldStep>(
    'SELECT seq, allotted_minutes, due_at, state, completed_at, timeliness, late_minutes, plan_timeliness FROM dossier_steps WHERE dossier_id = ? ORDER BY seq',
  );
  const eventsOf = db.prepare<[number], { at: string; kind: string; data: string }>('SELECT at, kind, data FROM dossier_events WHERE dossier_id = ? ORDER BY id');
  const dossierOf = db.prepare<[number], { received_at: string; counted_from: string | null; original_due_at: string }>(
    'SELECT received_at, counted_from, original_due_at FROM dossiers WHERE id = ?',
  );
  const setClock = db.prepare(
    `UPDATE dossier_steps SET share_minutes = @share, milestone_at = @milestone_at, own_due_at = @own_due_at, taken_at = @taken_at,
       plan_timeliness = @plan_timeliness, plan_late_minutes = @plan_late_minutes, due_at = @due_at WHERE dossier_id = @dossier_id AND seq = @seq`,
  );
  const setJudgement = db.prepare('UPDATE dossier_steps SET timeliness = @timeliness, late_minutes = @late_minutes WHERE dossier_id = @dossier_id AND seq = @seq');
  const repo = dossierRepo(db);
  const calendar = catalogue.calendar();
  let dossiers = 0;
  let changed = 0;

  const one = (id: number) => {
    const row = dossierOf.get(id)!;
    const history = eventsOf.all(id).map((e) => ({ at: e.at, kind: e.kind, data: JSON.parse(e.data) as Record<string, unknown> }));
    const received = history.find((e) => e.kind === 'received');
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    // The deadline as promised at intake (later supplements moved it: the replay applies them).
    const intake = {
      countFrom: instant(str(received?.data.countedFrom) ?? row.received_at),
      dueAt: instant(str(received?.data.dueAt) ?? row.original_due_at),
    };
    const steps = stepsOf.all(id);
    const events: ReplayEvent[] = history.map((e) => ({ at: instant(e.at), kind: e.kind, data: e.data }));
    // Dossiers moved along before the actions existed (an old demo's `status_changed`) have no step history to replay.
    const replayable = !history.some((e) => e.kind === 'status_changed');
    const replayed = replayStepClocks(intake, steps.map((s) => ({ seq: s.seq, allottedMinutes: s.allotted_minutes })), replayable ? events : [], calendar);
    const rejudged: Record<string, unknown>[] = [];
    steps.forEach((s, i) => {
      const r = replayed[i]!;
      // The judgement stored so far was against the plan's milestone: it is the plan's from now on.
      const plan = s.completed_at ? (s.timeliness ?? timelinessOf(instant(s.completed_at), instant(s.due_at))) : null;
      setClock.run({
        dossier_id: id,
        seq: s.seq,
        share: r.shareMinutes,
        milestone_at: toVnIso(r.milestoneAt),
        own_due_at: r.ownDueAt && s.state !== 'pending' ? toVnIso(r.ownDueAt) : null,
        taken_at: r.takenAt && s.state !== 'pending' ? toVnIso(r.takenAt) : null,
        plan_timeliness: s.plan_timeliness ?? plan,
        plan_late_minutes: s.completed_at ? (s.late_minutes ?? 0) : null,
        // An open step shows the plan as it stands now (re-planned after a restart or an apology).
        due_at: s.state !== 'done' ? toVnIso(r.plannedDueAt) : s.due_at,
      });
      if (!s.completed_at || !r.finished || !replayable) return;
      const own = classify(r.finished.at, r.finished.ownDueAt, calendar, 'minute');
      const lateMinutes = Math.max(0, own.lateByWorkingMinutes);
      if (own.timeliness === s.timeliness && lateMinutes === s.late_minutes) return;
      setJudgement.run({ dossier_id: id, seq: s.seq, timeliness: own.timeliness, late_minutes: lateMinutes });
      rejudged.push({ seq: s.seq, ownDueAt: toVnIso(r.finished.ownDueAt), timeliness: own.timeliness, lateMinutes, planTimeliness: plan, planLateMinutes: s.late_minutes ?? 0 });
    });
    if (rejudged.length) {
      // Never before the dossier's latest event (as for every event: the history runs forwards).
      const now = clock();
      const last = repo.lastEventAt(id);
      const at = last && instant(last).getTime() > now.getTime() ? last : toVnIso(now);
      repo.appendEvent({ dossier_id: id, at, kind: 'steps_rejudged', actor_id: null, data: { rule: 'holder-own-clock', basis: 'migration 011', steps: rejudged } });
      changed++;
    }
    dossiers++;
  };

  const run = db.transaction((ids: number[]) => ids.forEach(one));
  for (;;) {
    const ids = pending.all(batch).map((r) => r.dossier_id);
    if (!ids.length) break;
    run.immediate(ids);
  }
  return { dossiers, changed };
}
