import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkLookupKey } from '../../shared/lookup-key.ts';
import { type TestApp, anIntake, intake, testApp } from '../../test/helpers.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
});
afterEach(() => t.close());

const count = (table: string) => (t.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const ISO_VN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;

describe('POST /api/dossiers', () => {
  it('a dossier received with only a name and an ID number reads back whole to the clerk (its empty fields empty, not a 500 from the answer’s schema)', async () => {
    const body = anIntake();
    const res = await t.app.inject({ method: 'POST', url: '/api/dossiers', headers: await t.as('clerk'), payload: { ...body, applicant: { fullName: 'Lò Văn Pó', idNumber: '038095004321' } } });
    expect(res.statusCode).toBe(201);
    const detail = await t.app.inject({ method: 'GET', url: `/api/dossiers/${res.json().code}`, headers: await t.as('clerk') });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().applicant).toEqual({ fullName: 'Lò Văn Pó', idNumber: '038095004321', phone: '', address: '', email: '' });
  });

  it('receives a dossier: code, lookup key, appointment and every step’s due time', async () => {
    const res = await intake(t);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.code).toBe('000.30.99.H56-261125-0001');
    expect(body.lookupKey).toMatch(/^\d{16}$/);
    expect(checkLookupKey(body.lookupKey)).toBe('valid');
    expect(body.lookupKeyFormatted).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(body.receivedAt).toBe('2026-11-25T09:00:00+07:00');
    // Birth registration is a same-day procedure: received before 15:00, the result is due at closing.
    expect(body.dueAt).toBe('2026-11-25T17:00:00+07:00');
    // The four steps (0.5 + 5.5 + 1.5 + 0.5 h) share the 6 working hours left in the day in proportion.
    expect(body.steps.map((s: { dueAt: string }) => s.dueAt)).toEqual([
      '2026-11-25T09:23:00+07:00',
      '2026-11-25T15:30:00+07:00',
      '2026-11-25T16:38:00+07:00',
      '2026-11-25T17:00:00+07:00',
    ]);
    expect(body.steps[0]).toMatchObject({ seq: 1, state: 'in_progress', department: { code: 'TTPVHCC' } });
    expect(body.steps[1]).toMatchObject({ state: 'pending', department: { code: 'VP-TPHT' } });
    expect(body.receiptUrl).toBe('/api/dossiers/000.30.99.H56-261125-0001/receipt.pdf');
    for (const s of body.steps) expect(s.dueAt).toMatch(ISO_VN);
    expect(res.headers.location).toBe('/api/dossiers/000.30.99.H56-261125-0001');
  });

  it('numbers dossiers per day from 0001 and restarts the next Vietnam day', async () => {
    expect((await intake(t)).json().code).toMatch(/-261125-0001$/);
    expect((await intake(t)).json().code).toMatch(/-261125-0002$/);
    t.clock.set('2026-11-25T17:30:00Z'); // 00:30 on the 26th in Vietnam
    const next = (await intake(t)).json();
    expect(next.code).toMatch(/-261126-0001$/);
    expect(next.receivedAt).toBe('2026-11-26T00:30:00+07:00');
    // Received outside office hours: counting starts at the next opening (07:00), so 8 h ends at 17:00.
    expect(next.dueAt).toBe('2026-11-26T17:00:00+07:00');
  });

  it('gives a same-day procedure received after 15:00 on a Friday its result on Monday', async () => {
    t.clock.set('2026-11-27T15:00:00+07:00');
    expect((await intake(t)).json().dueAt).toBe('2026-11-27T17:00:00+07:00'); // 15:00 itself is not after 15:00
    t.clock.set('2026-11-27T15:01:00+07:00');
    expect((await intake(t)).json().dueAt).toBe('2026-11-30T17:00:00+07:00');
  });

  it('rolls a Friday afternoon appointment of a 3-day procedure over the weekend, to the minute', async () => {
    t.clock.set('2026-11-27T16:00:00+07:00');
    expect((await intake(t, anIntake({ procedureCode: '1.004873' }))).json().dueAt).toBe('2026-12-02T16:00:00+07:00');
  });

  it('stores text as NFC whatever the keyboard sent', async () => {
    const nfd = (s: string) => s.normalize('NFD');
    const res = await intake(t, anIntake({ applicant: { fullName: nfd('Trần Thị Ánh Tuyết') }, documents: [{ name: nfd('Giấy chứng sinh'), originals: 1, copies: 0 }] }));
    expect(res.statusCode).toBe(201);
    const row = t.db.prepare('SELECT applicant_name, documents FROM dossiers').get() as { applicant_name: string; documents: string };
    expect(row.applicant_name).toBe('Trần Thị Ánh Tuyết'.normalize('NFC'));
    expect(row.applicant_name).not.toBe(nfd('Trần Thị Ánh Tuyết'));
    expect(JSON.parse(row.documents)[0].name).toBe('Giấy chứng sinh'.normalize('NFC'));
  });

  it('tidies white space in names, addresses and documents but keeps the letters as typed', async () => {
    await intake(t, anIntake({ applicant: { fullName: '  Lê   Văn  Tám ', address: 'Thôn  Đông ' }, documents: [{ name: ' Tờ  khai ', originals: 1, copies: 0 }] }));
    const row = t.db.prepare('SELECT applicant_name, applicant_address, documents FROM dossiers').get() as Record<string, string>;
    expect(row).toEqual({ applicant_name: 'Lê Văn Tám', applicant_address: 'Thôn Đông', documents: '[{"name":"Tờ khai","originals":1,"copies":0}]' });
  });

  it('appends a "received" event to the history and shows it in the staff detail', async () => {
    const { code } = (await intake(t)).json();
    // The clerk who received it (an officer sees the particulars once the dossier reaches their department: privacy.test.ts).
    const res = await t.app.inject({ method: 'GET', url: `/api/dossiers/${code}`, headers: await t.as('clerk') });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.applicant.fullName).toBe('Nguyễn Thị Hồng Nhung');
    expect(d.dueAt).toBe('2026-11-25T17:00:00+07:00');
    expect(d.history).toHaveLength(1);
    expect(d.history[0]).toMatchObject({ kind: 'received', actor: { username: 'clerk' } });
    // Reading personal data is logged.
    expect(t.db.prepare("SELECT action FROM audit_log WHERE action = 'view_dossier'").all()).toHaveLength(1);
  });
});

describe('bad intake input changes nothing', () => {
  const rejected = async (payload: string | object, status: number, code: string, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/dossiers',
      payload,
      headers: { 'content-type': 'application/json', ...(await t.as('clerk')), ...headers },
    });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(typeof res.json().error.message).toBe('string');
    expect(count('dossiers')).toBe(0);
    expect(count('dossier_sequences')).toBe(0);
    return res.json().error;
  };

  it('malformed JSON → 400 INVALID_JSON', () => rejected('{"procedureCode": ', 400, 'INVALID_JSON'));
  it('an empty body → 400 INVALID_JSON', () => rejected('', 400, 'INVALID_JSON'));

  it('a missing applicant name → 400 VALIDATION_FAILED naming the field', async () => {
    const body = anIntake();
    delete (body.applicant as Partial<typeof body.applicant>).fullName;
    const err = await rejected(body, 400, 'VALIDATION_FAILED');
    expect(err.message).toContain('họ và tên');
    expect(err.details).toContainEqual(expect.objectContaining({ field: '/applicant/fullName' }));
  });

  it.each([
    ['a number as the name', { applicant: { fullName: 42 } }],
    ['an ID number of 10 digits', { applicant: { idNumber: '0381900123' } }],
    ['a malformed e-mail', { applicant: { email: 'not-an-email' } }],
    ['no documents', { documents: [] }],
    ['negative copies', { documents: [{ name: 'Tờ khai', originals: 1, copies: -1 }] }],
    ['an unknown channel', { channel: 'pigeon' }],
    ['an unknown field', { notes: 'x' }],
  ])('%s → 400 VALIDATION_FAILED', async (_name, patch) => {
    const base = anIntake() as unknown as Record<string, unknown>;
    const body = { ...base, ...patch, applicant: { ...(base.applicant as object), ...((patch as { applicant?: object }).applicant ?? {}) } };
    await rejected(body, 400, 'VALIDATION_FAILED');
  });

  it.each([
    ['a NUL inside the name', 'Lê\u0000Văn'],
    ['a line break inside the name', 'Lê\nVăn'],
    ['a right-to-left override', '\u202eNguyễn Văn'],
    ['a zero-width space', 'Nguyễn\u200bVăn'],
    ['a lone surrogate', 'Nguyễn \ud800'],
    ['an emoji', 'Nguyễn Văn 😀'],
    ['only spaces', '     '],
  ])('%s in the name → 400 VALIDATION_FAILED, one problem for the field', async (_n, fullName) => {
    const err = await rejected(JSON.stringify(anIntake()).replace('"Nguyễn Thị Hồng Nhung"', JSON.stringify(fullName)), 400, 'VALIDATION_FAILED');
    expect(err.details).toEqual([{ field: '/applicant/fullName', message: expect.stringContaining('Họ và tên') }]);
  });

  it('a document line with neither an original nor a copy → 400 naming the line', async () => {
    const err = await rejected(anIntake({ documents: [{ name: 'Tờ khai', originals: 1, copies: 0 }, { name: 'Giấy chứng sinh', originals: 0, copies: 0 }] }), 400, 'VALIDATION_FAILED');
    expect(err.details).toEqual([{ field: '/documents/1', message: expect.any(String) }]);
  });

  it('a JSON body sent as text/plain → 415', () => rejected(JSON.stringify(anIntake()), 415, 'UNSUPPORTED_MEDIA_TYPE', { 'content-type': 'text/plain' }));

  it('checks the login before the body: no cookie → 401, wrong role → 403, whatever the body', async () => {
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/dossiers', payload: {} });
    expect(anonymous.statusCode).toBe(401);
    const officer = await t.app.inject({ method: 'POST', url: '/api/dossiers', payload: '{not json', headers: { 'content-type': 'application/json', ...(await t.as('officer')) } });
    expect(officer.statusCode).toBe(403);
  });

  it('an unknown procedure → 400 UNKNOWN_PROCEDURE', () => rejected(anIntake({ procedureCode: '9.999999' }), 400, 'UNKNOWN_PROCEDURE'));

  it('an oversized body → 413 PAYLOAD_TOO_LARGE', () =>
    rejected(anIntake({ applicant: { address: 'x'.repeat(100_000) } }), 413, 'PAYLOAD_TOO_LARGE'));

  it('a non-JSON content type → 415', () => rejected('procedureCode=1', 415, 'UNSUPPORTED_MEDIA_TYPE', { 'content-type': 'application/x-www-form-urlencoded' }));

  it('without a login → 401 NOT_AUTHENTICATED', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/dossiers', payload: anIntake() });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('NOT_AUTHENTICATED');
    expect(count('dossiers')).toBe(0);
  });

  it('a role that does not receive dossiers → 403 FORBIDDEN', async () => {
    const res = await intake(t, anIntake(), 'officer');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    expect(count('dossiers')).toBe(0);
  });

  it('after rejected attempts the next good intake still gets 0001', async () => {
    await intake(t, anIntake({ procedureCode: 'nope' }));
    await intake(t, { ...anIntake(), documents: [] });
    expect((await intake(t)).json().code).toMatch(/-0001$/);
  });
});

describe('GET /api/intake/preview', () => {
  it('shows the same appointment the save will print', async () => {
    const headers = await t.as('clerk');
    const preview = (await t.app.inject({ method: 'GET', url: '/api/intake/preview?procedureCode=1.115520', headers })).json();
    const saved = (await intake(t, anIntake({ procedureCode: '1.115520' }))).json();
    expect(preview.dueAt).toBe(saved.dueAt);
    expect(preview.timeLimitLabel.vi).toBe('13 ngày làm việc');
    expect(preview.explanation.vi).toMatch(/^13 ngày làm việc \(104 giờ làm việc\) tính từ 09:00 25\/11\/2026/);
    expect(preview.steps.map((s: { dueAt: string }) => s.dueAt)).toEqual(saved.steps.map((s: { dueAt: string }) => s.dueAt));
  });

  it('refuses an unknown procedure and a missing parameter', async () => {
    const headers = await t.as('clerk');
    expect((await t.app.inject({ method: 'GET', url: '/api/intake/preview?procedureCode=x', headers })).json().error.code).toBe('UNKNOWN_PROCEDURE');
    const missing = await t.app.inject({ method: 'GET', url: '/api/intake/preview', headers });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('INVALID_QUERY');
  });
});

describe('GET /api/dossiers/:code', () => {
  it('answers 404 DOSSIER_NOT_FOUND for an unknown or malformed code', async () => {
    const headers = await t.as('officer');
    for (const code of ['000.30.99.H56-261125-0099', 'nonsense']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/dossiers/${code}`, headers });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('DOSSIER_NOT_FOUND');
    }
  });

  it('needs a login', async () => {
    const { code } = (await intake(t)).json();
    const res = await t.app.inject({ method: 'GET', url: `/api/dossiers/${code}` });
    expect(res.statusCode).toBe(401);
  });
});
