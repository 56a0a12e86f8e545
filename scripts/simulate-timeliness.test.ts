// One judgement of a finished dossier, wherever it is made: the history's result_ready event and the
// kiosk (judgeDossier in shared/deadline.ts) and the supervisors' figures (DOSSIER_TIMELINESS_SQL, in
// SQLite) agree on every dossier of a simulated year, by the day and to the minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DueRule, judgeDossier } from '../shared/deadline.ts';
import { parseIsoInstant } from '../shared/time.ts';
import { catalogueFor } from '../server/catalogue/service.ts';
import { initDatabase } from '../server/db/init.ts';
import type { Db } from '../server/db/types.ts';
import { openDb } from '../server/db/open.ts';
import { DOSSIER_TIMELINESS_SQL } from '../server/supervision/figures-repo.ts';
import { tempDbPath } from '../test/helpers.ts';
import { relaxForFill, simulateYear, yearStart } from './simulate-year.ts';

let db: Db;
let cleanup: () => void;
beforeAll(() => {
  const tmp = tempDbPath();
  db = openDb(tmp.path);
  initDatabase(db, { clock: () => yearStart(2026) });
  const restore = relaxForFill(db);
  simulateYear(db, { dossiers: 600, year: 2026, seed: 11 });
  restore();
  cleanup = () => (db.close(), tmp.cleanup());
});
afterAll(() => cleanup());

interface Row {
  completed_at: string;
  original_due_at: string;
  due_rule: DueRule;
  t: 'early' | 'on_time' | 'late';
  data: string;
}
const rows = () =>
  db
    .prepare(
      `SELECT d.completed_at, d.original_due_at, d.due_rule, ${DOSSIER_TIMELINESS_SQL} AS t, e.data
       FROM dossiers d JOIN dossier_events e ON e.dossier_id = d.id AND e.kind = 'result_ready'`,
    )
    .all() as Row[];
const at = (iso: string) => parseIsoInstant(iso)!;

describe('a dossier’s timeliness, in SQL and in the history', () => {
  it('is the same for every result of the year, by the day (the default) and to the minute', () => {
    const calendar = catalogueFor(db).calendar();
    const byDay = rows();
    expect(byDay.length).toBeGreaterThan(300);
    const count = { early: 0, on_time: 0, late: 0 };
    for (const r of byDay) {
      const data = JSON.parse(r.data) as { dossierTimeliness: string; dossierLateMinutes: number; timelinessMode: string };
      const judged = judgeDossier(at(r.completed_at), at(r.original_due_at), r.due_rule, 'day', calendar);
      expect(data).toMatchObject({ timelinessMode: 'day', dossierTimeliness: judged.timeliness, dossierLateMinutes: judged.lateMinutes });
      expect(r.t).toBe(judged.timeliness);
      count[r.t]++;
    }
    // By the day a believable share is on time, not almost none.
    expect(count.on_time / byDay.length).toBeGreaterThan(0.1);

    db.prepare("UPDATE centre SET timeliness = 'minute'").run();
    try {
      let onTime = 0;
      for (const r of rows()) {
        expect(r.t).toBe(judgeDossier(at(r.completed_at), at(r.original_due_at), r.due_rule, 'minute', calendar).timeliness);
        if (r.t === 'on_time') onTime++;
      }
      // To the minute almost nothing is "on time": what the issue saw as "Đúng hạn 0 %".
      expect(onTime).toBeLessThan(count.on_time);
    } finally {
      db.prepare("UPDATE centre SET timeliness = 'day'").run();
    }
  });
});
