/**
 * Test builders: a fresh database per test (a temp file, so WAL applies as in production), the shipped
 * catalogue, staff in every role, and an app with a fixed clock.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IntakeRequest } from '../shared/contracts.ts';
import { parseIsoInstant } from '../shared/time.ts';
import { type AppDeps, buildApp } from '../server/app.ts';
import { authRepo } from '../server/auth/repo.ts';
import { addStaffAccount } from '../server/auth/service.ts';
import { catalogueRepo } from '../server/catalogue/repo.ts';
import type { Config } from '../server/config.ts';
import { initDatabase } from '../server/db/init.ts';
import type { Db } from '../server/db/types.ts';
import { openDb } from '../server/db/open.ts';

export const PASSWORD = 'correct-horse-1';
export const ROLES_FOR_TESTS = ['clerk', 'officer', 'leader', 'supervisor', 'admin'] as const;
/**
 * Every test database's staff: one account per role, named after it, in the departments the shipped
 * procedures pass through (a birth registration: the centre → VP-TPHT → LD-UBND → the centre), and a
 * few in other departments, for the rules that look at who holds a dossier.
 */
export const TEST_STAFF = [
  { username: 'clerk', role: 'clerk', department: 'TTPVHCC' },
  { username: 'officer', role: 'officer', department: 'VP-TPHT' },
  { username: 'leader', role: 'leader', department: 'LD-UBND' },
  { username: 'supervisor', role: 'supervisor', department: 'TTPVHCC' },
  { username: 'admin', role: 'admin', department: undefined },
  { username: 'clerk2', role: 'clerk', department: 'TTPVHCC' },
  { username: 'officer2', role: 'officer', department: 'VP-TPHT' },
  { username: 'officer.kt', role: 'officer', department: 'P-KT' },
  { username: 'leader.cn', role: 'leader', department: 'LD-CN-VPDKDD' },
] as const;
export type TestUser = (typeof TEST_STAFF)[number]['username'];

export function vn(iso: string): Date {
  const d = parseIsoInstant(iso);
  if (!d) throw new Error(`bad test time ${iso}`);
  return d;
}

/** A clock the test moves by hand. */
export function manualClock(start: string) {
  let now = vn(start);
  const clock = () => now;
  clock.set = (iso: string) => void (now = vn(iso));
  clock.advanceMinutes = (m: number) => void (now = new Date(now.getTime() + m * 60_000));
  return clock;
}

export function tempDbPath(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-test-'));
  return { path: join(dir, 'test.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function initTestDb(db: Db, training: boolean): void {
  initDatabase(db, { mode: training ? 'training' : 'live' });
  const auth = authRepo(db);
  const exists = (code: string) => catalogueRepo(db).department(code) !== undefined;
  for (const s of TEST_STAFF) {
    addStaffAccount(auth, exists, () => new Date(0), { username: s.username, password: PASSWORD, role: s.role, displayName: `Cán bộ ${s.username}`, department: s.department });
  }
}

/**
 * One initialised database per test process and mode, copied for each test: the migrations, the
 * catalogue and nine scrypt password hashes cost most of a second, hundreds of times over a run.
 * The copy is the same file a fresh initialisation makes (checkpointed, so the copy is whole).
 */
const templates = new Map<boolean, string>();
function templateDb(training: boolean): string {
  let path = templates.get(training);
  if (!path) {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-template-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    path = join(dir, 'template.db');
    const db = openDb(path);
    initTestDb(db, training);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    templates.set(training, path);
  }
  return path;
}

export function freshDb(path?: string, options: { training?: boolean } = {}): { db: Db; path: string; cleanup: () => void } {
  const training = options.training ?? false;
  if (path) {
    const db = openDb(path);
    initTestDb(db, training);
    return { db, path, cleanup: () => db.close() };
  }
  const tmp = tempDbPath();
  copyFileSync(templateDb(training), tmp.path);
  const db = openDb(tmp.path);
  return { db, path: tmp.path, cleanup: () => { db.close(); tmp.cleanup(); } };
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  /** The database file, for a second connection or a CLI process on the same centre. */
  path: string;
  clock: ReturnType<typeof manualClock>;
  /** The delays the kiosk's wrong-key slowdown asked for, in ms: noted, not waited (a test stays fast). */
  delays: number[];
  /** Session cookie header for a role (logs in at the current test time). */
  as(user: TestUser): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** `training`: on a training database (the app's clock then starts at `now` and an admin may move it). */
export async function testApp(
  options: { now?: string; config?: Partial<Config>; randomDigits?: () => string; training?: boolean; scheduleRecords?: (flush: () => void) => void; deps?: Pick<AppDeps, 'logStream' | 'backupStatus'> } = {},
): Promise<TestApp> {
  const { db, path, cleanup } = freshDb(undefined, { training: options.training ?? false });
  const clock = manualClock(options.now ?? '2026-11-25T09:00:00+07:00');
  const delays: number[] = [];
  const sleep = async (ms: number) => void delays.push(ms);
  // Kiosk lookup records written as they happen, so a test reads them at once (batching: recorder.test.ts).
  const scheduleRecords = options.scheduleRecords ?? ((flush: () => void) => flush());
  const app = await buildApp({ db, clock, sleep, scheduleRecords, ...options.deps, ...(options.randomDigits ? { randomDigits: options.randomDigits } : {}), config: { uiDir: '/nonexistent', kioskLookupsPerMinute: 10_000, loginAttemptsPerMinute: 10_000, supervisionReadsInWorker: false, ...options.config } });
  return {
    app,
    db,
    path,
    clock,
    delays,
    // A new session each time: sessions expire with the test's clock, as they would for real.
    async as(role) {
      const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username: role, password: PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login as ${role} failed: ${res.body}`);
      const c = res.cookies.find((x) => x.name === 'motcua_session');
      return { cookie: `motcua_session=${c!.value}` };
    },
    async close() {
      await app.close();
      cleanup();
    },
  };
}

/** An intake body with sensible defaults; override what the test is about. */
export function anIntake(overrides: Omit<Partial<IntakeRequest>, 'applicant'> & { applicant?: Partial<IntakeRequest['applicant']> } = {}): IntakeRequest {
  const { applicant, ...rest } = overrides;
  return {
    procedureCode: '1.001193',
    documents: [
      { name: 'Tờ khai đăng ký khai sinh', originals: 1, copies: 0 },
      { name: 'Giấy chứng sinh', originals: 1, copies: 1 },
    ],
    channel: 'in_person',
    returnMethod: 'at_centre',
    ...rest,
    applicant: {
      fullName: 'Nguyễn Thị Hồng Nhung',
      idNumber: '038190012345',
      phone: '0912 345 678',
      address: 'Số 5, thôn Đông, xã Minh An, tỉnh Thanh Hóa',
      email: 'nhung@example.com',
      ...applicant,
    },
  };
}

export async function intake(t: TestApp, body: unknown = anIntake(), role: TestUser = 'clerk') {
  const opts: InjectOptions = { method: 'POST', url: '/api/dossiers', payload: body as object, headers: await t.as(role) };
  return t.app.inject(opts);
}
