// Personal data by need over the HTTP API (the rule: shared/privacy.ts): who reads an applicant's
// particulars on a staff screen, a reprint or the register, that those reads are in the audit log,
// and that a masked answer carries nothing of them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, anIntake, intake, testApp } from '../../test/helpers.ts';

let t: TestApp;
const dir = mkdtempSync(join(tmpdir(), 'motcua-privacy-'));
beforeEach(async () => {
  t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
});
afterEach(async () => t.close());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const applicant = { fullName: 'Nguyễn Thị Hồng Nhung', idNumber: '038190012345', phone: '0912 345 678', address: 'Số 5, thôn Đông, xã Minh An, tỉnh Thanh Hóa', email: 'nhung@example.com' };
/** Everything that would identify the applicant, as stored and as typed; the key opens the kiosk's view. */
const secretsOf = (lookupKey: string) => [applicant.fullName, 'Hồng Nhung', applicant.idNumber, '0912345678', '0912 345 678', 'thôn Đông', applicant.email, lookupKey];

async function act(code: string, user: TestUser, body: object) {
  const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(user), payload: body });
  if (res.statusCode !== 200) throw new Error(`${JSON.stringify(body)} by ${user}: ${res.statusCode} ${res.body}`);
  return res;
}
const read = async (code: string, user: TestUser) => t.app.inject({ method: 'GET', url: `/api/dossiers/${code}`, headers: await t.as(user) });
const fullReads = (user: TestUser) =>
  (t.db.prepare("SELECT a.detail FROM audit_log a JOIN staff s ON s.id = a.staff_id WHERE a.action = 'view_dossier' AND s.username = ?").all(user) as { detail: string }[]).map((r) => JSON.parse(r.detail) as { basis: string });

/** A birth registration received by `clerk2` (the centre → VP-TPHT → LD-UBND → the centre), moved on `to` a step. */
async function aDossier(to: 1 | 2 | 3 | 'ready' = 1): Promise<{ code: string; lookupKey: string }> {
  const created = (await intake(t, anIntake({ applicant }), 'clerk2')).json() as { code: string; lookupKey: string };
  if (to === 1) return created;
  t.clock.set('2026-11-25T09:20:00+07:00');
  await act(created.code, 'clerk2', { type: 'complete-step' });
  if (to === 2) return created;
  t.clock.set('2026-11-25T14:00:00+07:00');
  await act(created.code, 'officer', { type: 'complete-step' });
  if (to === 3) return created;
  t.clock.set('2026-11-25T15:00:00+07:00');
  await act(created.code, 'leader', { type: 'complete-step' });
  t.clock.set('2026-11-25T15:30:00+07:00');
  await act(created.code, 'clerk2', { type: 'result-ready' });
  return created;
}

async function expectFull(code: string, user: TestUser, basis: string) {
  const res = await read(code, user);
  expect(res.statusCode).toBe(200);
  const body = res.json();
  expect(body.personalData).toMatchObject({ shown: true, basis });
  expect(body.applicant).toEqual({ ...applicant, phone: '0912345678' });
  expect(body.lookupKey).toMatch(/^\d{16}$/);
  // The read is an access to personal data, and says on what basis.
  expect(fullReads(user).at(-1)).toEqual({ basis });
}

async function expectMasked(code: string, lookupKey: string, user: TestUser, basis: string) {
  const before = fullReads(user).length;
  const res = await read(code, user);
  expect(res.statusCode).toBe(200);
  const body = res.json();
  expect(body.personalData).toEqual({ shown: false, basis, message: expect.objectContaining({ vi: expect.stringMatching(/^Thông tin cá nhân chỉ hiển thị cho bộ phận đang\/đã xử lý hồ sơ/) }) });
  expect(body.applicant).toBeNull();
  expect(body.lookupKey).toBeNull();
  expect(body.applicantMasked).toBe('N*** T*** H*** N***');
  // The handling is all there (steps, history); of the applicant, nothing — not even the intake event's digest.
  expect(body.steps).toHaveLength(4);
  expect(body.history[0].kind).toBe('received');
  expect(body.history.some((e: { data: object }) => 'applicant' in e.data)).toBe(false);
  for (const secret of secretsOf(lookupKey)) expect(res.body).not.toContain(secret);
  // A masked read is not logged as an access to personal data.
  expect(fullReads(user)).toHaveLength(before);
}

describe('GET /api/dossiers/:code: the applicant’s particulars by need', () => {
  it('shows officers the dossiers their department holds now or has held, and not one it never had', async () => {
    const { code, lookupKey } = await aDossier(1);
    // Still at the counter: the justice office has not had it yet.
    await expectMasked(code, lookupKey, 'officer2', 'not_your_department');
    t.clock.set('2026-11-25T09:20:00+07:00');
    await act(code, 'clerk2', { type: 'complete-step' });
    // Holds now: any officer of the department, not only the one who will take it.
    await expectFull(code, 'officer2', 'department_holds');
    t.clock.set('2026-11-25T14:00:00+07:00');
    await act(code, 'officer', { type: 'complete-step' });
    // Held before: the dossier is at the leadership now.
    await expectFull(code, 'officer2', 'department_held');
    // Never held: the economic office.
    await expectMasked(code, lookupKey, 'officer.kt', 'not_your_department');
  });

  it('keeps a department that had the dossier before it was sent back among those who held it', async () => {
    const { code } = await aDossier(2);
    t.clock.set('2026-11-25T10:00:00+07:00');
    await act(code, 'officer', { type: 'return-step', reason: 'Cần kiểm tra lại tờ khai' });
    // The step is pending again in the table; the history says the justice office had it.
    expect(t.db.prepare('SELECT state FROM dossier_steps WHERE seq = 2').get()).toEqual({ state: 'pending' });
    await expectFull(code, 'officer2', 'department_held');
  });

  it('shows a leader the dossiers of the departments they head, and not another leadership’s', async () => {
    const { code, lookupKey } = await aDossier(2);
    // The commune's leadership heads the justice office: before it reaches the leader's signature.
    await expectFull(code, 'leader', 'department_holds');
    await expectMasked(code, lookupKey, 'leader.cn', 'not_your_department');
  });

  it('shows clerks the dossiers at the counter and those they received, not one received by a colleague and now in a department', async () => {
    const { code, lookupKey } = await aDossier(2);
    await expectFull(code, 'clerk2', 'received_by_you');
    await expectMasked(code, lookupKey, 'clerk', 'not_at_your_counter');
    const second = await aDossier(1);
    await expectFull(second.code, 'clerk', 'at_counter');
    const ready = await aDossier('ready');
    await expectFull(ready.code, 'clerk', 'at_counter');
    // Handed over by this clerk, who did not receive it: no longer at the counter, but theirs to look up.
    t.clock.set('2026-11-25T16:00:00+07:00');
    await act(ready.code, 'clerk', { type: 'return-result', method: 'counter' });
    await expectFull(ready.code, 'clerk', 'handled_by_you');
  });

  it('gives supervisors and administrators the masked record, wherever the dossier is', async () => {
    const { code, lookupKey } = await aDossier(1);
    // The supervisor's account sits in the centre's department: that is not the counter's work.
    await expectMasked(code, lookupKey, 'supervisor', 'not_your_role');
    await expectMasked(code, lookupKey, 'admin', 'not_your_role');
    // The supervisors' own record of it: the masked name too.
    const record = await t.app.inject({ method: 'GET', url: `/api/supervision/dossiers/${code}`, headers: await t.as('supervisor') });
    expect(record.statusCode).toBe(200);
    expect(record.json()).toMatchObject({ applicant: null, applicantMasked: 'N*** T*** H*** N***', personalData: { shown: false, basis: 'not_your_role' } });
    for (const secret of secretsOf(lookupKey)) expect(record.body).not.toContain(secret);
    // A leader whose department holds it reads the name there.
    const leader = await t.app.inject({ method: 'GET', url: `/api/supervision/dossiers/${(await aDossier(2)).code}`, headers: await t.as('leader') });
    expect(leader.json().applicant).toEqual({ fullName: applicant.fullName });
  });

  it('answers an action with the dossier as the actor may now see it', async () => {
    const { code } = await aDossier(1);
    t.clock.set('2026-11-25T09:20:00+07:00');
    // The clerk who passed it on held the counter's step: it stays theirs to see.
    const passed = await act(code, 'clerk', { type: 'complete-step' });
    expect(passed.json().personalData).toMatchObject({ shown: true, basis: 'handled_by_you' });
  });
});

async function pdf(url: string, user: TestUser): Promise<{ status: number; code?: string; text: string }> {
  const res = await t.app.inject({ method: 'GET', url, headers: await t.as(user) });
  if (res.statusCode !== 200) return { status: res.statusCode, code: res.json().error.code, text: '' };
  const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, res.rawPayload);
  const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  rmSync(file);
  return { status: 200, text };
}
const prints = (code: string) => (t.db.prepare("SELECT count(*) AS n FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = ? AND e.kind = 'printed'").get(code) as { n: number }).n;

describe('papers with the applicant’s particulars follow the same rule', () => {
  it('refuses a receipt reprint (and an act’s slip) to those who may not see them, printing and recording nothing', async () => {
    const { code } = await aDossier(2);
    t.clock.set('2026-11-25T10:00:00+07:00');
    await act(code, 'officer', { type: 'request-supplement', reason: 'Giấy chứng sinh bị tẩy xóa', documents: [{ name: 'Giấy chứng sinh', originals: 1 }] });
    const before = prints(code);
    const audited = (t.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action IN ('print_receipt', 'print_slip')").get() as { n: number }).n;
    for (const user of ['supervisor', 'admin', 'officer.kt', 'leader.cn'] as const) {
      expect(await pdf(`/api/dossiers/${code}/receipt.pdf`, user)).toMatchObject({ status: 403, code: 'PERSONAL_DATA_WITHHELD' });
      expect(await pdf(`/api/dossiers/${code}/slips/supplement-request.pdf`, user)).toMatchObject({ status: 403, code: 'PERSONAL_DATA_WITHHELD' });
    }
    expect(prints(code)).toBe(before);
    expect((t.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action IN ('print_receipt', 'print_slip')").get() as { n: number }).n).toBe(audited);
    // The department that holds it and the counter (awaiting the supplement) print them.
    const receipt = await pdf(`/api/dossiers/${code}/receipt.pdf`, 'officer');
    expect(receipt.status).toBe(200);
    expect(receipt.text).toContain(applicant.idNumber);
    expect((await pdf(`/api/dossiers/${code}/slips/supplement-request.pdf`, 'clerk')).status).toBe(200);
  });

  it('prints the control sheet with the masked name for those who may not see it', async () => {
    const { code } = await aDossier(2);
    const masked = await pdf(`/api/dossiers/${code}/slips/control-sheet.pdf`, 'supervisor');
    expect(masked.status).toBe(200);
    expect(masked.text).toContain('N*** T*** H*** N***');
    expect(masked.text).not.toContain('Nhung');
    const entries = t.db.prepare("SELECT detail FROM audit_log WHERE action = 'print_slip'").all() as { detail: string }[];
    expect(entries.map((e) => JSON.parse(e.detail))).toEqual([{ kind: 'control-sheet', layout: 'a4', masked: true }]);
    expect((await pdf(`/api/dossiers/${code}/slips/control-sheet.pdf`, 'officer')).text).toContain(applicant.fullName);
  });

  it('masks the register’s lines the reader may not see: name masked, no address or phone', async () => {
    await aDossier(2);
    const supervisor = await pdf('/api/register.pdf?from=2026-11-25&to=2026-11-25', 'supervisor');
    expect(supervisor.status).toBe(200);
    expect(supervisor.text).toContain('N*** T*** H*** N***');
    for (const secret of ['Nhung', '0912345678', 'thôn Đông']) expect(supervisor.text).not.toContain(secret);
    const audit = t.db.prepare("SELECT detail FROM audit_log WHERE action = 'print_register'").all() as { detail: string }[];
    expect(JSON.parse(audit.at(-1)!.detail)).toMatchObject({ dossiers: 1, particularsShown: 0 });
    // The clerk who received it: the line in full.
    const clerk = await pdf('/api/register.pdf?from=2026-11-25&to=2026-11-25', 'clerk2');
    expect(clerk.text).toContain(applicant.fullName);
    expect(clerk.text).toContain('0912345678');
  });
});
