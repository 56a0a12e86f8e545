/**
 * Demo content, all of it fictional and marked so (`fictional = 1`, names chosen at random, ID numbers
 * and phones in ranges no real person has). Dossiers are received through the real intake service at
 * past times, then moved along their steps by a deterministic simulation acting through the real
 * processing actions (server/dossiers/actions.ts), so every screen has
 * content in every state: fresh, in progress, waiting for documents, ready, returned, refused,
 * stopped, and some late; and kiosk lookups and citizens' ratings (./kiosk.ts).
 */
import type { ActionRequest, IntakeRequest } from '../../shared/contracts.ts';
import { apologyInTime, supplementWindowOpen } from '../../shared/processing.ts';
import { toVnIso, vnInstant, vnParts } from '../../shared/time.ts';
import { addWorkingMinutes } from '../../shared/working-time.ts';
import { auditRepo } from '../audit/repo.ts';
import { authRepo } from '../auth/repo.ts';
import { type Staff, addStaffAccount, toStaff } from '../auth/service.ts';
import { catalogueRepo } from '../catalogue/repo.ts';
import { catalogueFor } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { dossierRepo } from '../dossiers/repo.ts';
import { actionService } from '../dossiers/actions.ts';
import { dossierService } from '../dossiers/service.ts';
import { instant } from '../dossiers/views.ts';
import { seedKioskDemo } from './kiosk.ts';
import { FAMILY, GIVEN_F, GIVEN_M, HAMLETS, MIDDLE_F, MIDDLE_M } from './names.ts';
import { prng } from '../../shared/prng.ts';

export const DEMO_PASSWORD = 'demo1234';

export const DEMO_ACCOUNTS = [
  { username: 'clerk', role: 'clerk', displayName: 'Lê Thị Hoa', department: 'TTPVHCC' },
  { username: 'clerk2', role: 'clerk', displayName: 'Phạm Văn Quý', department: 'TTPVHCC' },
  { username: 'officer', role: 'officer', displayName: 'Trần Minh Đức', department: 'VP-TPHT' },
  { username: 'officer.kt', role: 'officer', displayName: 'Ngô Thị Lan', department: 'P-KT' },
  { username: 'officer.vhxh', role: 'officer', displayName: 'Đỗ Quang Huy', department: 'P-VHXH' },
  { username: 'leader', role: 'leader', displayName: 'Nguyễn Văn Thành', department: 'LD-UBND' },
  { username: 'officer.cn', role: 'officer', displayName: 'Vũ Văn Khánh', department: 'CN-VPDKDD' },
  { username: 'leader.cn', role: 'leader', displayName: 'Lò Thị Mai', department: 'LD-CN-VPDKDD' },
  { username: 'officer.snv', role: 'officer', displayName: 'Mai Đức Long', department: 'SNV' },
  { username: 'supervisor', role: 'supervisor', displayName: 'Hoàng Thu Trang', department: 'TTPVHCC' },
  { username: 'admin', role: 'admin', displayName: 'Quản trị hệ thống' },
] as const;


// Commune centres see mostly civil-status and certification work, some land and business, few others.
const WEIGHTS: Record<string, number> = {
  '1.001193': 14, '1.000894': 6, '1.000656': 4, '2.000635': 10, '1.004873': 8, '1.004884': 2,
  '2.000815': 18, '2.000884': 10, '2.001035': 6, '1.001612': 4, '1.013225': 4, '1.115520': 6,
  '1.115490': 4, '1.001731': 2, '1.014359': 2,
};

export interface DemoResult {
  readonly created: boolean;
  readonly dossiers: number;
  /** Why nothing was added, when the database holds real records. */
  readonly refused?: string;
}

/** Real (not fictional) records: demo data must never be mixed into a centre's real register. */
export function realRecords(db: Db): { dossiers: number; staff: number } {
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    dossiers: count('SELECT count(*) AS n FROM dossiers WHERE fictional = 0'),
    staff: count('SELECT count(*) AS n FROM staff WHERE fictional = 0'),
  };
}

export function hasDemo(db: Db): boolean {
  return db.prepare('SELECT 1 FROM dossiers WHERE fictional = 1 LIMIT 1').get() !== undefined;
}

/** The demo accounts that really were created by the demo (and so have the demo password). */
export function demoAccounts(db: Db): { username: string; role: string }[] {
  return db.prepare('SELECT username, role FROM staff WHERE fictional = 1 ORDER BY id').all() as { username: string; role: string }[];
}

export function seedDemo(db: Db, clock: Clock, options: { days?: number } = {}): DemoResult {
  if (hasDemo(db)) return { created: false, dossiers: 0 };
  const real = realRecords(db);
  if (real.dossiers > 0 || real.staff > 0) {
    return {
      created: false,
      dossiers: 0,
      refused: `this database already holds real records (${real.dossiers} dossiers, ${real.staff} staff accounts); demo data goes only into a new database`,
    };
  }
  const now = clock();
  const rand = prng(20261127);
  const cat = catalogueFor(db);
  const calendar = cat.calendar();
  const procedures = cat.procedures();
  const auth = authRepo(db);
  const repo = dossierRepo(db);
  let simulated = now;
  const audit = auditRepo(db);
  const service = dossierService({ db, repo, audit, catalogue: cat, clock: () => simulated, randomDigits: () => rand.digits(15) });
  const actions = actionService({ db, repo, catalogue: cat, clock: () => simulated });
  const ledBy = repo.ledBy();
  const deptExists = (code: string) => catalogueRepo(db).department(code) !== undefined;

  let count = 0;
  const codes: string[] = [];
  db.transaction(() => {
    const staff = new Map<string, Staff>();
    for (const a of DEMO_ACCOUNTS) {
      // A centre that already has an account of that name keeps it (and its password) untouched.
      const existing = auth.staffByUsername(a.username);
      const s = existing
        ? toStaff(existing)
        : addStaffAccount(auth, deptExists, clock, { ...a, password: DEMO_PASSWORD, fictional: true, department: 'department' in a ? a.department : undefined });
      staff.set(a.username, s);
    }
    const clerks = [staff.get('clerk')!, staff.get('clerk2')!];

    const weighted = procedures.flatMap((p) => Array<typeof p>(WEIGHTS[p.code] ?? 1).fill(p));
    const days = options.days ?? 42;
    const today = vnParts(now);
    for (let back = days; back >= 0; back--) {
      const date = vnParts(new Date(vnInstant(today).getTime() - back * 86_400_000));
      const opens = calendar.periodsOn(date);
      if (opens.length === 0) continue;
      // Older days get fewer dossiers still open: a few long procedures from six weeks ago.
      const perDay = back > 28 ? rand.int(2, 4) : rand.int(10, 16);
      const times: Date[] = [];
      for (let i = 0; i < perDay; i++) {
        const period = rand.pick(opens);
        const minute = rand.int(period.start, period.end - 5);
        const at = new Date(vnInstant(date).getTime() + minute * 60_000 + rand.int(0, 59) * 1000);
        if (at.getTime() < now.getTime()) times.push(at);
      }
      times.sort((a, b) => a.getTime() - b.getTime());
      for (const at of times) {
        const procedure = back > 28 ? rand.pick(procedures.filter((p) => p.timeLimitHours >= 56)) : rand.pick(weighted);
        const female = rand.next() < 0.5;
        const fullName = `${rand.pick(FAMILY)} ${rand.pick(female ? MIDDLE_F : MIDDLE_M)} ${rand.pick(female ? GIVEN_F : GIVEN_M)}`;
        const docs = procedure.documents.slice(0, rand.int(1, Math.min(3, procedure.documents.length)));
        const input: IntakeRequest = {
          procedureCode: procedure.code,
          applicant: {
            fullName,
            idNumber: `999${rand.digits(9)}`,
            phone: `0999${rand.digits(6)}`,
            address: `${rand.pick(HAMLETS)}, xã Minh An, tỉnh Thanh Hóa (địa chỉ minh họa)`,
            email: '',
          },
          documents: docs.map((name, i) => {
            const originals = i === 0 ? 1 : rand.int(0, 1);
            return { name, originals, copies: rand.int(originals === 0 ? 1 : 0, 2) };
          }),
          channel: rand.next() < 0.85 ? 'in_person' : rand.pick(['post', 'online'] as const),
          returnMethod: rand.next() < 0.9 ? 'at_centre' : 'post',
        };
        simulated = at;
        codes.push(service.create(input, rand.pick(clerks), { fictional: true }).code);
      }
    }
    // The latest few stay at the counter, not yet handed over, whatever the hour the demo is made.
    const people = (dept: string) => [...staff.values()].filter((x) => x.department?.code === dept && x.role !== 'supervisor');
    for (const code of codes.slice(0, -4)) progress(code, now, people);
    // Its own generator: the dossiers' story above stays the same whatever the kiosk's draws.
    seedKioskDemo({ db, repo, audit, catalogue: cat, now, codes, rand: prng(20261206) });
    count = codes.length;
  })();
  return { created: true, dossiers: count };

  /**
   * Moves a dossier along its steps as a real centre might have, up to `now`, through the same action
   * service the screens use (so the history, the step judgements and the hash chain are the real
   * thing). Each dossier draws a fate first, so the mix of states does not depend on the hour the demo
   * is made: stuck (the department sits on it: open and soon late), a supplement asked for (some
   * brought back), an apology, withdrawn, refused, or normal; within normal, most steps finish early,
   * some overrun, and results often wait days for the applicant to collect them.
   */
  function progress(code: string, now: Date, people: (dept: string) => Staff[]) {
    const row = repo.byCode(code)!;
    const steps = repo.stepsOf(row.id);
    const fate = rand.next();
    const recent = now.getTime() - instant(row.received_at).getTime() < 16 * 86_400_000;
    const stuck = recent && fate < 0.12;
    const supplement = fate >= 0.12 && fate < 0.2;
    const withdrawn = fate >= 0.2 && fate < 0.22;
    const apology = fate >= 0.22 && fate < 0.32;
    let apologized = false;
    let apologizedAt: Date | null = null;
    const refused = fate >= 0.96;
    /** Acts at `at` if that is not in the future; false when it is (the dossier stays where it is). */
    const act = (at: Date, who: Staff, body: ActionRequest): boolean => {
      if (at.getTime() > now.getTime()) return false;
      simulated = at;
      actions.act(code, body, who);
      return true;
    };
    const someone = (dept: string, roles: readonly string[] = ['clerk', 'officer', 'leader']) => rand.pick(people(dept).filter((p) => roles.includes(p.role)));
    const leaderOf = (dept: string) => people(ledBy.get(dept) ?? dept).find((p) => p.role === 'leader') ?? people(dept).find((p) => p.role === 'leader')!;
    let cursor = instant(row.received_at);
    for (const [i, step] of steps.entries()) {
      const dept = step.department_code;
      const last = i === steps.length - 1;
      const worker = someone(dept);
      if (i === 1 && withdrawn) {
        // The applicant withdrew the request once it had reached the department (2025 form 05).
        act(addWorkingMinutes(cursor, rand.int(30, 600), calendar), rand.pick(people('TTPVHCC').filter((p) => p.role === 'clerk')), { type: 'stop', reason: 'Công dân có đơn xin rút hồ sơ (dữ liệu minh họa)' });
        return;
      }
      // The time this step's holder has (its allotment on their own clock: a same-day dossier's steps
      // share what is left of the day), and how this one goes: most finish early, some near the limit,
      // a few overrun — the demo's one chronically slow officer (`officer`) often, the counter and the
      // leaders' signatures seldom, so the supervisors' flags have someone to find and the fast
      // holders after a slow step are seen on time on their own clock.
      const current = repo.stepsOf(row.id);
      const planned = Math.max(5, current[i]!.share_minutes ?? current[i]!.allotted_minutes);
      const overrun = worker.username === 'officer' ? 0.3 : worker.role === 'officer' ? 0.06 : 0.015;
      const f = rand.next();
      const factor = f < 0.7 ? 0.15 + rand.next() * 0.7 : f < 1 - overrun ? 0.85 + rand.next() * 0.15 : 1.2 + rand.next() * 2.5;
      const took = Math.max(3, Math.round(planned * factor));
      if (rand.next() < 0.6 && !act(addWorkingMinutes(cursor, Math.max(1, Math.min(rand.int(3, 40), Math.floor(took / 3))), calendar), worker, { type: 'accept-step' })) return;
      if (i === 1 && supplement && supplementWindowOpen(instant(row.received_at), addWorkingMinutes(cursor, 900, calendar), cat.supplementWindowMinutes(row.procedure_code), calendar)) {
        const published = procedures.find((p) => p.code === row.procedure_code)?.documents ?? [];
        const asked = addWorkingMinutes(cursor, rand.int(60, 900), calendar);
        // Not once the appointment has passed (the rule refuses it: it would restart a missed clock).
        const stillAhead = asked.getTime() <= instant(repo.byCode(code)!.due_at).getTime();
        const officer = people(dept).find((p) => p.role === 'officer') ?? leaderOf(dept);
        const documents = [{ name: rand.pick(published.length ? published : ['Tờ khai']), basis: 'Thành phần hồ sơ đã công bố của thủ tục', originals: 1 }];
        if (stillAhead) {
          if (!act(asked, officer, { type: 'request-supplement', reason: 'Giấy tờ nộp kèm chưa hợp lệ (dữ liệu minh họa)', documents, contact: `${officer.displayName}, bộ phận ${dept}` })) return;
          if (rand.next() < 0.45 || !act(addWorkingMinutes(asked, rand.int(240, 2400), calendar), rand.pick(people('TTPVHCC').filter((p) => p.role === 'clerk')), { type: 'receive-supplement' })) return;
          cursor = simulated;
        }
      }
      if (i >= 1 && apology && !apologized) {
        const due = instant(repo.byCode(code)!.due_at);
        const at = addWorkingMinutes(cursor, rand.int(30, 240), calendar);
        if (apologyInTime(at, due, calendar)) {
          apologized = true;
          const newDue = addWorkingMinutes(due, rand.int(2, 5) * 480, calendar);
          if (!act(at, leaderOf(dept), { type: 'apologize', reason: rand.pick(APOLOGY_REASONS), newDueAt: toVnIso(newDue) })) return;
          apologizedAt = at;
        }
      }
      if (i === 2 && refused) {
        act(addWorkingMinutes(cursor, rand.int(30, 300), calendar), leaderOf(dept), { type: 'refuse', reason: 'Hồ sơ không đủ điều kiện theo quy định (dữ liệu minh họa)' });
        return;
      }
      if (i === 1 && stuck) return;
      // After a supplement the step starts again from its receipt (cursor); after an apology made during
      // this step, it finishes after the apology. (Not after a mere accept-step: the holder's time runs
      // from the step's arrival.)
      const done = addWorkingMinutes(apologizedAt && apologizedAt.getTime() > cursor.getTime() ? apologizedAt : cursor, took, calendar);
      apologizedAt = null;
      if (!act(done, worker, { type: last ? 'result-ready' : 'complete-step' })) return;
      cursor = done;
      if (last) {
        // The applicant comes to collect: often days after the result is ready.
        const collected = addWorkingMinutes(done, rand.next() < 0.35 ? rand.int(960, 7200) : rand.int(10, 600), calendar);
        act(collected, rand.pick(people('TTPVHCC').filter((p) => p.role === 'clerk')), { type: 'return-result', method: row.return_method });
      }
    }
  }
}

const APOLOGY_REASONS = [
  'Chờ kết quả xác minh từ cơ quan khác (dữ liệu minh họa)',
  'Cán bộ thụ lý nghỉ ốm đột xuất, đã phân công người thay (dữ liệu minh họa)',
  'Phần mềm chuyên ngành gián đoạn, không cập nhật được dữ liệu (dữ liệu minh họa)',
];
