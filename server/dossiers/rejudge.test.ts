// The upgrade to two clocks per step (migration 011): a database whose steps were judged only against
// the plan is replayed from its history. The demo centre is seeded with today's code (both clocks kept
// live by the actions), put back into the shape an older database has, and replayed: the replay must
// give back exactly what the actions kept, record each changed judgement in the history, and leave
// `audit verify` (chain and consistency) passing.
import { describe, expect, it } from 'vitest';
import { tempDbPath, vn } from '../../test/helpers.ts';
import { catalogueFor } from '../catalogue/service.ts';
import { initDatabase } from '../db/init.ts';
import { openDb } from '../db/open.ts';
import { seedDemo } from '../demo/seed.ts';
import { verifyChain } from './chain.ts';
import { checkState } from './consistency.ts';
import { rejudgeUpgradedSteps } from './rejudge.ts';
import { dossierRepo } from './repo.ts';

const COLUMNS = 'dossier_id, seq, due_at, share_minutes, milestone_at, own_due_at, timeliness, late_minutes, plan_timeliness, plan_late_minutes, taken_at, state';

describe('the upgrade to the holders’ own clocks', () => {
  it('replays the demo centre to what the actions keep live, records each changed judgement, and audit verify passes', () => {
    const tmp = tempDbPath();
    const db = openDb(tmp.path);
    try {
      initDatabase(db);
      const now = vn('2026-12-06T10:00:00+07:00');
      seedDemo(db, () => now);
      const live = db.prepare(`SELECT ${COLUMNS} FROM dossier_steps ORDER BY dossier_id, seq`).all();
      // The demo has the cascade the two clocks are for: steps late against the plan, on time on their own.
      const cascade = db.prepare("SELECT count(*) AS n FROM dossier_steps WHERE plan_timeliness = 'late' AND timeliness <> 'late'").get() as { n: number };
      expect(cascade.n).toBeGreaterThan(0);

      // An older database: the plan's judgement in `timeliness`, no own clock, no re-plan after an
      // apology (the open steps' milestones were left where intake put them — here: as kept now).
      db.exec(`UPDATE dossier_steps SET timeliness = plan_timeliness, late_minutes = plan_late_minutes,
        share_minutes = NULL, milestone_at = NULL, own_due_at = NULL, taken_at = NULL, plan_timeliness = NULL, plan_late_minutes = NULL`);
      const events = (db.prepare('SELECT count(*) AS n FROM dossier_events').get() as { n: number }).n;

      const result = rejudgeUpgradedSteps(db, catalogueFor(db), () => now);
      expect(result.dossiers).toBe((db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n);
      expect(db.prepare(`SELECT ${COLUMNS} FROM dossier_steps ORDER BY dossier_id, seq`).all()).toEqual(live);
      // One event per dossier whose holders' judgement changed, naming the steps and their new judgement.
      const rejudged = db.prepare("SELECT dossier_id, data FROM dossier_events WHERE kind = 'steps_rejudged'").all() as { dossier_id: number; data: string }[];
      expect(rejudged.length).toBe(result.changed);
      expect(result.changed).toBeGreaterThanOrEqual(cascade.n > 0 ? 1 : 0);
      expect((db.prepare('SELECT count(*) AS n FROM dossier_events').get() as { n: number }).n).toBe(events + result.changed);
      const first = JSON.parse(rejudged[0]!.data) as { rule: string; steps: { seq: number; timeliness: string; planTimeliness: string }[] };
      expect(first.rule).toBe('holder-own-clock');
      expect(first.steps.length).toBeGreaterThan(0);
      expect(first.steps.every((s) => ['early', 'on_time', 'late'].includes(s.timeliness) && ['early', 'on_time', 'late'].includes(s.planTimeliness))).toBe(true);

      const { rows, length } = dossierRepo(db).chain();
      expect(verifyChain(rows, length)).toMatchObject({ ok: true });
      expect(checkState(db).mismatches).toEqual([]);
      // Done once: a second start finds nothing left to replay.
      expect(rejudgeUpgradedSteps(db, catalogueFor(db), () => now)).toEqual({ dossiers: 0, changed: 0 });
    } finally {
      db.close();
      tmp.cleanup();
    }
  }, 120_000);

  it('audit verify names a step whose own judgement was changed in the row but not in its history', () => {
    const tmp = tempDbPath();
    const db = openDb(tmp.path);
    try {
      initDatabase(db);
      seedDemo(db, () => vn('2026-12-06T10:00:00+07:00'));
      const late = db.prepare("SELECT d.code, s.dossier_id, s.seq FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id WHERE s.timeliness = 'late' LIMIT 1").get() as { code: string; dossier_id: number; seq: number };
      db.prepare("UPDATE dossier_steps SET timeliness = 'early', late_minutes = 0 WHERE dossier_id = ? AND seq = ?").run(late.dossier_id, late.seq);
      expect(checkState(db).mismatches.filter((m) => m.code === late.code).map((m) => m.field)).toContain(`step ${late.seq} timeliness`);
    } finally {
      db.close();
      tmp.cleanup();
    }
  }, 120_000);
});
