import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dammCheckDigit, formatLookupKey } from '../../shared/lookup-key.ts';
import { type TestApp, anIntake, intake, testApp } from '../../test/helpers.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
});
afterEach(() => t.close());

const lookup = (q: string) => t.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${encodeURIComponent(q)}` });
const applicant = anIntake().applicant;

describe('GET /api/kiosk/lookup/:query', () => {
  it('a lookup key gives the detail view with every step, without logging in', async () => {
    const created = (await intake(t)).json();
    const res = await lookup(created.lookupKey);
    expect(res.statusCode).toBe(200);
    const v = res.json();
    expect(v.view).toBe('detail');
    expect(v).toMatchObject({
      code: created.code,
      procedure: { code: '1.001193', name: 'Thủ tục đăng ký khai sinh' },
      status: 'received',
      statusLabel: { vi: 'Đã tiếp nhận', en: 'Received' },
      receivedAt: '2026-11-25T09:00:00+07:00',
      dueAt: '2026-11-25T17:00:00+07:00',
      applicantMasked: 'N*** T*** H*** N***',
      overdue: false,
    });
    // "Why this date", as the counter worded it when the appointment was promised.
    expect(v.dueExplanation.vi).toMatch(/^Thủ tục giải quyết trong ngày; hồ sơ nhận lúc 09:00 25\/11\/2026, chưa quá 15:00,/);
    expect(v.dueExplanation.en).toContain('Same-day procedure');
    expect(v.steps).toHaveLength(4);
    expect(v.steps[1]).toMatchObject({ seq: 2, department: { code: 'VP-TPHT', name: expect.stringContaining('Tư pháp') }, state: 'pending', completedAt: null });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('once the result is ready, says how it came against the appointment, judged by the day unless the centre counts to the minute', async () => {
    // A marital-status certificate (3 working days): received Wed 25 Nov 09:00, due Mon 30 Nov 09:00.
    const created = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json();
    expect(created.dueAt).toBe('2026-11-30T09:00:00+07:00');
    expect((await lookup(created.lookupKey)).json().outcome).toBeNull();
    const act = async (user: 'clerk' | 'officer' | 'leader', body: object) => {
      const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${created.code}/actions`, headers: await t.as(user), payload: body });
      expect(res.statusCode, res.body).toBe(200);
    };
    t.clock.set('2026-11-25T10:00:00+07:00');
    await act('clerk', { type: 'complete-step' });
    await act('officer', { type: 'accept-step' });
    await act('officer', { type: 'complete-step' });
    await act('leader', { type: 'complete-step' });
    // Ready at 16:00 on the appointment day: on time by the day, seven hours after 09:00 by the clock.
    t.clock.set('2026-11-30T16:00:00+07:00');
    await act('clerk', { type: 'result-ready' });
    const byDay = (await lookup(created.lookupKey)).json();
    expect(byDay.outcome).toEqual({
      timeliness: 'on_time',
      lateMinutes: 0,
      text: { vi: 'Có kết quả đúng ngày hẹn', en: 'Result ready on the appointment day' },
      rule: expect.objectContaining({ mode: 'day', label: { vi: 'Đúng hạn tính theo ngày', en: 'On time by the day' } }),
    });
    // The history records the judgement and the rule it was made by.
    const ready = t.db.prepare("SELECT data FROM dossier_events WHERE kind = 'result_ready'").get() as { data: string };
    expect(JSON.parse(ready.data)).toMatchObject({ dossierTimeliness: 'on_time', dossierLateMinutes: 0, timelinessMode: 'day', originalDueAt: '2026-11-30T09:00:00+07:00' });
    // The summary tier (a typed code) does not carry it.
    expect((await lookup(created.code)).json().outcome).toBeUndefined();

    // To the minute: 09:00–11:30 and 13:30–16:00, 300 working minutes late.
    t.db.prepare("UPDATE centre SET timeliness = 'minute'").run();
    const byMinute = (await lookup(created.lookupKey)).json();
    expect(byMinute.outcome).toMatchObject({
      timeliness: 'late',
      lateMinutes: 300,
      text: { vi: 'Có kết quả trễ hẹn (quá hẹn 5 giờ làm việc)', en: 'Result ready late (5 working hours past the appointment)' },
      rule: { mode: 'minute' },
    });
  });

  it('accepts the key as printed (groups of four), or with dashes', async () => {
    const { lookupKey } = (await intake(t)).json();
    expect((await lookup(formatLookupKey(lookupKey))).json().view).toBe('detail');
    expect((await lookup(lookupKey.replace(/(\d{4})(?=\d)/g, '$1-'))).json().view).toBe('detail');
  });

  it('a dossier code gives only the summary: procedure, status, appointment', async () => {
    const { code } = (await intake(t)).json();
    const v = (await lookup(code.toLowerCase())).json();
    expect(v).toEqual({
      view: 'summary',
      code,
      procedure: { code: '1.001193', name: 'Thủ tục đăng ký khai sinh' },
      status: 'received',
      statusLabel: { vi: 'Đã tiếp nhận', en: 'Received' },
      dueAt: '2026-11-25T17:00:00+07:00',
      overdue: false,
      headline: {
        vi: 'Hồ sơ đang được tiếp nhận, kiểm tra tại Trung tâm Phục vụ hành chính công xã',
        en: 'Your dossier is being received and checked at Trung tâm Phục vụ hành chính công xã',
      },
      timeLeft: { workingMinutes: 360, text: { vi: 'Còn 6 giờ làm việc', en: '6 working hours left' } },
    });
  });

  it('never contains the applicant’s name, ID number, phone, address or e-mail', async () => {
    const created = (await intake(t)).json();
    for (const q of [created.lookupKey, created.code]) {
      const body = (await lookup(q)).body;
      for (const secret of [applicant.fullName, 'Nguyễn', 'Nhung', applicant.idNumber, '0912345678', '0912 345 678', 'thôn Đông', applicant.email!]) {
        expect(body).not.toContain(secret);
      }
    }
  });

  it('a wrong check digit → 400 INVALID_LOOKUP_KEY', async () => {
    const { lookupKey } = (await intake(t)).json();
    const wrong = lookupKey.slice(0, 15) + String((Number(lookupKey[15]) + 1) % 10);
    const res = await lookup(wrong);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_LOOKUP_KEY');
  });

  it('a key of the wrong length → 400 INVALID_LOOKUP_KEY', async () => {
    const res = await lookup('1234 5678');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_LOOKUP_KEY');
  });

  it('an unknown but valid key, or an unknown code → 404 DOSSIER_NOT_FOUND', async () => {
    await intake(t);
    const unknownKey = '000000000000001' + dammCheckDigit('000000000000001');
    for (const q of [unknownKey, '000.30.99.H56-261125-0999']) {
      const res = await lookup(q);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'DOSSIER_NOT_FOUND', message: expect.any(String) } });
    }
  });

  it('anything else, however long → 400 INVALID_LOOKUP_QUERY', async () => {
    for (const q of ['hello', 'x'.repeat(300)]) {
      const res = await lookup(q);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('INVALID_LOOKUP_QUERY');
    }
  });

  it('a refused or stopped dossier shows its unfinished steps as not carried out', async () => {
    const { code, lookupKey } = (await intake(t)).json();
    t.db.prepare("UPDATE dossiers SET status = 'withdrawn', completed_at = '2026-11-25T10:00:00+07:00' WHERE code = ?").run(code);
    const steps = (await lookup(lookupKey)).json().steps;
    expect(steps.map((s: { state: string }) => s.state)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(steps[1].stateLabel).toEqual({ vi: 'Không thực hiện', en: 'Not carried out' });
    expect(steps[1].timeliness).toBeNull();
  });

  it('limits lookups per client so codes cannot be walked', async () => {
    const limited = await testApp({ config: { kioskLookupsPerMinute: 5 } });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await limited.app.inject({ method: 'GET', url: '/api/kiosk/lookup/000.30.99.H56-261125-0001' })).statusCode);
      expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
      const res = await limited.app.inject({ method: 'GET', url: '/api/kiosk/lookup/000.30.99.H56-261125-0001' });
      expect(res.json().error.code).toBe('RATE_LIMITED');
      // A refusal says when to retry (the window started at the first lookup); answers within the limit say nothing.
      expect(res.headers).toMatchObject({ 'retry-after': '60', 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0' });
      const within = await t.app.inject({ method: 'GET', url: '/api/kiosk/lookup/000.30.99.H56-261125-0001' });
      expect(within.statusCode).toBe(404);
      expect(Object.keys(within.headers).filter((h) => h.startsWith('x-ratelimit') || h === 'retry-after')).toEqual([]);
      // Scanning receipts (valid keys) is counted apart, with room for a busy kiosk.
      const { lookupKey } = (await intake(limited)).json();
      const scans = [];
      for (let i = 0; i < 12; i++) scans.push((await limited.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${lookupKey}` })).statusCode);
      expect(scans).toEqual(Array(12).fill(200));
      // A minute after the first lookup the tight bucket starts again; ratings have a bucket of their own.
      limited.clock.advanceMinutes(1);
      expect((await limited.app.inject({ method: 'GET', url: '/api/kiosk/lookup/000.30.99.H56-261125-0099' })).statusCode).toBe(404);
      const ratings = [];
      for (let i = 0; i < 6; i++) ratings.push((await limited.app.inject({ method: 'POST', url: '/api/kiosk/rating', payload: { key: lookupKey, level: 5 } })).statusCode);
      expect(ratings.slice(5)).toEqual([429]);
    } finally {
      await limited.close();
    }
  });
});
