// The discipline flags on a busy centre: counted in SQL, each listing only its most recent dossiers.
// Through the real actions, an officer late 22 times in a week is counted 22 times and shows the 20
// most recent; on generated histories (late steps, reversed decisions, apologies beside a late step
// and apart, steps nobody held), the flags answer what the rule over every row (buildFlags, over the
// rows the flags were read from before they were counted in SQL) answers.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, freshDb, intake, testApp } from '../../test/helpers.ts';
import { buildFlags } from '../../shared/supervision.ts';
import { buildServices } from '../services.ts';
import { makeConfig } from '../config.ts';
import type { Db } from '../db/types.ts';

describe('a flag with more dossiers than it lists', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  async function must(code: string, user: TestUser, body: object) {
    const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(user), payload: body });
    if (res.statusCode !== 200) throw new Error(`${JSON.stringify(body)} by ${user}: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  it('counts every late step, lists the 20 most recent first and says how many more', async () => {
    t = await testApp({ now: '2026-11-30T08:00:00+07:00' }); // a Monday of a week without holidays
    const codes: string[] = [];
    for (let i = 0; i < 22; i++) {
      t.clock.set(`2026-11-30T08:${String(i).padStart(2, '0')}:00+07:00`);
      const { code } = (await intake(t)).json(); // a birth registration: step 2 due the same afternoon
      await must(code, 'clerk', { type: 'complete-step' });
      await must(code, 'officer', { type: 'accept-step' });
      codes.push(code);
    }
    // Tuesday, one a minute: each finishes late, the last one most recently.
    for (const [i, code] of codes.entries()) {
      t.clock.set(`2026-12-01T08:${String(i).padStart(2, '0')}:00+07:00`);
      expect((await must(code, 'officer', { type: 'complete-step' })).steps[1].timeliness).toBe('late');
    }
    const res = await t.app.inject({ method: 'GET', url: '/api/supervision/flags?from=2026-11-30&to=2026-12-06', headers: await t.as('supervisor') });
    expect(res.statusCode, res.body).toBe(200);
    const flags = res.json().flags as { kind: string; officer?: { username: string }; department?: { code: string }; lateWithoutValidReason: number; dossiers: { code: string }[]; dossiersTotal: number; dossiersMore: number }[];
    const newestFirst = codes.toReversed().slice(0, 20);
    for (const f of [flags.find((x) => x.officer?.username === 'officer'), flags.find((x) => x.department?.code === 'VP-TPHT')]) {
      expect(f).toMatchObject({ lateWithoutValidReason: 22, dossiersTotal: 22, dossiersMore: 2 });
      expect(f!.dossiers.map((x) => x.code)).toEqual(newestFirst);
    }
  }, 60_000);
});

// ——— Generated histories against the rule over every row ———————————————————————————————————————

const FROM = '2026-11-30';
const TO = '2026-12-06';
const DEPARTMENTS = ['VP-TPHT', 'P-KT', 'LD-UBND'];
const HOLDERS = ['officer', 'officer2', 'officer.kt', null] as const;
/** Around the period, so some steps and apologies fall outside it. */
const TIMES = ['2026-11-29T16:00:00', '2026-11-30T00:00:00', '2026-11-30T09:00:00', '2026-12-02T10:30:00', '2026-12-06T23:59:59', '2026-12-07T00:00:00'].map((x) => `${x}+07:00`);

const aStep = fc.record({
  department: fc.constantFrom(...DEPARTMENTS),
  holder: fc.constantFrom(...HOLDERS),
  timeliness: fc.constantFrom('late', 'late', 'on_time', null),
  at: fc.constantFrom(...TIMES),
  lateMinutes: fc.integer({ min: 1, max: 900 }),
  /** Supervisors' decisions in order: true = valid reason. */
  decisions: fc.array(fc.boolean(), { maxLength: 3 }),
});
const anApology = fc.record({
  dossier: fc.nat(),
  /** Which step it names: one of the dossier's, or one it does not have. */
  seq: fc.integer({ min: 1, max: 4 }),
  /** The step's own department, another, or none in the history. */
  department: fc.constantFrom('own', 'own', ...DEPARTMENTS, null),
  reason: fc.option(fc.constantFrom('Cần xác minh thêm', 'Thiếu người trực'), { nil: undefined }),
  at: fc.constantFrom(...TIMES),
  /** Reviews of the apology in order (migration 014): true = a valid reason, not counted. */
  decisions: fc.array(fc.boolean(), { maxLength: 2 }),
});
const aHistory = fc.record({
  dossiers: fc.array(fc.array(aStep, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
  apologies: fc.array(anApology, { maxLength: 10 }),
  // Low thresholds, so that most groups are flagged and their dossiers compared.
  lateSteps: fc.integer({ min: 1, max: 2 }),
  seriousApologies: fc.integer({ min: 1, max: 2 }),
});
type History = typeof aHistory extends fc.Arbitrary<infer T> ? T : never;

/** Writes a generated history straight into the tables the flags read (not through the actions: any mix, quickly). */
function write(db: Db, h: History): void {
  const staff = new Map((db.prepare('SELECT id, username FROM staff').all() as { id: number; username: string }[]).map((s) => [s.username, s.id]));
  const clerk = staff.get('clerk')!;
  const dossier = db.prepare(
    `INSERT INTO dossiers (code, lookup_key, procedure_code, procedure_name, applicant_name, applicant_id_number, documents, channel, return_method, status,
       received_at, received_by, time_limit_minutes, original_due_at, due_at, register_year, register_no)
     VALUES (@code, @code, '1.001193', 'Đăng ký khai sinh', 'Nguyễn Văn A', '038190012345', '[]', 'in_person', 'at_centre', 'processing',
       '2026-11-20T08:00:00+07:00', @clerk, 480, '2026-11-20T17:00:00+07:00', '2026-11-20T17:00:00+07:00', 2026, @no)`,
  );
  const step = db.prepare(
    `INSERT INTO dossier_steps (dossier_id, seq, name, department_code, allotted_minutes, due_at, state, started_at, completed_at, held_by, timeliness, late_minutes)
     VALUES (@dossier, @seq, @name, @department, 60, '2026-11-20T17:00:00+07:00', 'done', '2026-11-20T08:00:00+07:00', @at, @holder, @timeliness, @late)`,
  );
  const event = db.prepare('INSERT INTO dossier_events (dossier_id, at, kind, actor_id, data) VALUES (?, ?, ?, ?, ?)');
  const decision = db.prepare(
    `INSERT INTO lateness_decisions (dossier_id, seq, valid, reason, decided_by, decided_at, event_id) VALUES (?, ?, ?, ?, ?, '2026-12-03T09:00:00+07:00', ?)`,
  );
  const apologyDecision = db.prepare(
    `INSERT INTO apology_decisions (dossier_id, apology_event_id, valid, reason, decided_by, decided_at, event_id) VALUES (?, ?, ?, ?, ?, '2026-12-03T09:00:00+07:00', ?)`,
  );
  db.transaction(() => {
    db.prepare('UPDATE centre SET discipline_late_steps = ?, serious_apologies = ?').run(h.lateSteps, h.seriousApologies);
    const ids: number[] = [];
    for (const [i, steps] of h.dossiers.entries()) {
      const id = Number(dossier.run({ code: `T-${String(i).padStart(3, '0')}`, clerk, no: 9000 + i }).lastInsertRowid);
      ids.push(id);
      for (const [j, s] of steps.entries()) {
        const late = s.timeliness === 'late';
        step.run({ dossier: id, seq: j + 1, name: `Bước ${j + 1}`, department: s.department, at: s.at, holder: s.holder && staff.get(s.holder)!, timeliness: s.timeliness, late: late ? s.lateMinutes : s.timeliness ? 0 : null });
        for (const valid of late ? s.decisions : []) {
          const ev = Number(event.run(id, '2026-12-03T09:00:00+07:00', 'lateness_reviewed', staff.get('supervisor')!, '{}').lastInsertRowid);
          decision.run(id, j + 1, valid ? 1 : 0, valid ? 'Lý do chính đáng' : 'Không chính đáng', staff.get('supervisor')!, ev);
        }
      }
    }
    for (const a of h.apologies) {
      const i = a.dossier % h.dossiers.length;
      const own = h.dossiers[i]![a.seq - 1]?.department ?? 'VP-TPHT';
      const data = { seq: a.seq, ...(a.department === null ? {} : { departmentCode: a.department === 'own' ? own : a.department }), ...(a.reason ? { reason: a.reason } : {}) };
      const apology = Number(event.run(ids[i]!, a.at, 'apologized', staff.get('leader')!, JSON.stringify(data)).lastInsertRowid);
      for (const valid of a.decisions) {
        const ev = Number(event.run(ids[i]!, '2026-12-03T09:00:00+07:00', 'apology_reviewed', staff.get('supervisor')!, '{}').lastInsertRowid);
        apologyDecision.run(ids[i]!, apology, valid ? 1 : 0, valid ? 'Lý do chính đáng' : 'Không chính đáng', staff.get('supervisor')!, ev);
      }
    }
  })();
}

/** The rows the flags were read from before they were counted in SQL: every late step and apology of the period. */
function everyRow(db: Db) {
  const window = { from: `${FROM}T00:00:00+07:00`, to: '2026-12-07T00:00:00+07:00' };
  const key = (id: number | null) => (id === null ? null : String(id));
  const late = db
    .prepare(
      `SELECT d.code, s.seq, s.name AS step_name, s.department_code, s.held_by, s.late_minutes, l.valid AS decision_valid, l.reason AS decision_reason
       FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id
       LEFT JOIN lateness_decisions l ON l.id = (SELECT max(x.id) FROM lateness_decisions x WHERE x.dossier_id = s.dossier_id AND x.seq = s.seq)
       WHERE s.completed_at >= @from AND s.completed_at < @to AND s.timeliness = 'late' ORDER BY s.completed_at, d.code, s.seq`,
    )
    .all(window) as { code: string; seq: number; step_name: string; department_code: string; held_by: number | null; late_minutes: number | null; decision_valid: 0 | 1 | null; decision_reason: string | null }[];
  const apologies = db
    .prepare(
      `SELECT d.code, json_extract(e.data, '$.seq') AS seq, json_extract(e.data, '$.departmentCode') AS department_code, json_extract(e.data, '$.reason') AS reason,
              s.name AS step_name, s.held_by, s.late_minutes, s.timeliness,
              (SELECT ad.valid FROM apology_decisions ad WHERE ad.apology_event_id = e.id ORDER BY ad.id DESC LIMIT 1) AS decision_valid
       FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
       LEFT JOIN dossier_steps s ON s.dossier_id = e.dossier_id AND s.seq = json_extract(e.data, '$.seq')
       WHERE e.kind = 'apologized' AND e.at >= @from AND e.at < @to ORDER BY e.id`,
    )
    .all(window) as { code: string; seq: number | null; department_code: string | null; reason: string | null; step_name: string | null; held_by: number | null; late_minutes: number | null; timeliness: string | null; decision_valid: 0 | 1 | null }[];
  return {
    late: late.map((r) => ({ code: r.code, seq: r.seq, stepName: r.step_name, department: r.department_code, officer: key(r.held_by), lateMinutes: r.late_minutes, valid: r.decision_valid === null ? null : r.decision_valid === 1, decisionReason: r.decision_reason })),
    apologies: apologies.map((r) => ({ code: r.code, seq: r.seq ?? 0, stepName: r.step_name ?? '', department: r.department_code, officer: key(r.held_by), reason: r.reason, lateMinutes: r.timeliness === 'late' ? r.late_minutes : null, valid: r.decision_valid === null ? null : r.decision_valid === 1 })),
  };
}

const byLine = (a: { code: string; seq: number; apologized: boolean; reason: string | null }, b: typeof a) =>
  a.code.localeCompare(b.code) || a.seq - b.seq || Number(a.apologized) - Number(b.apologized) || (a.reason ?? '').localeCompare(b.reason ?? '');

describe('the flags against the rule over every row', () => {
  it('flag the same officers and departments, at the same level, with the same counts and dossiers; a capped list is the head of the full one', () => {
    fc.assert(
      fc.property(aHistory, (h) => {
        const { db, cleanup } = freshDb();
        try {
          write(db, h);
          const supervision = buildServices({ db, clock: () => new Date('2026-12-10T08:00:00+07:00') }, makeConfig({ uiDir: '/nonexistent' })).supervision;
          const rows = everyRow(db);
          const expected = buildFlags(rows.late, rows.apologies, { lateSteps: h.lateSteps, apologies: h.seriousApologies });
          const all = supervision.flags(FROM, TO, { dossiersPerFlag: Infinity }).flags;
          const staffKey = new Map((db.prepare('SELECT id, username FROM staff').all() as { id: number; username: string }[]).map((s) => [s.username, String(s.id)]));
          const keyOf = (f: (typeof all)[number]) => (f.kind === 'officer' ? staffKey.get(f.officer!.username)! : f.department!.code);
          expect(all.map((f) => [f.kind, keyOf(f), f.level, f.lateWithoutValidReason, f.apologies])).toEqual(expected.map((f) => [f.kind, f.key, f.level, f.lateWithoutValidReason, f.apologies]));
          for (const [i, f] of all.entries()) {
            expect(f.dossiers.toSorted(byLine)).toEqual(expected[i]!.dossiers.toSorted(byLine));
            expect(f).toMatchObject({ dossiersTotal: f.dossiers.length, dossiersMore: 0 });
          }
          const capped = supervision.flags(FROM, TO, { dossiersPerFlag: 2 }).flags;
          for (const [i, f] of capped.entries()) {
            expect(f.dossiers).toEqual(all[i]!.dossiers.slice(0, 2));
            expect(f.dossiersTotal).toBe(all[i]!.dossiers.length);
            expect(f.dossiersMore).toBe(Math.max(0, all[i]!.dossiers.length - 2));
          }
        } finally {
          cleanup();
        }
      }),
      { numRuns: 50 },
    );
  }, 60_000);
});
