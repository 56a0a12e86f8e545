// What the kiosk records of each lookup (how it came in, what became of it, from which kind of client,
// never what was typed), and the wrong-key slowdown as a client meets it over HTTP.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dammCheckDigit, formatLookupKey } from '../../shared/lookup-key.ts';
import { type TestApp, intake, testApp } from '../../test/helpers.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
});
afterEach(() => t.close());

const KIOSK = '192.168.1.23';
const PHONE = '113.161.77.9';
const UNKNOWN_KEY = '000000000000001' + dammCheckDigit('000000000000001');
const UNKNOWN_CODE = '000.30.99.H56-261125-0999';

const lookup = (q: string, opts: { via?: string; from?: string } = {}) =>
  t.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${encodeURIComponent(q)}${opts.via ? `?via=${opts.via}` : ''}`, remoteAddress: opts.from ?? KIOSK });

interface Row {
  at: string;
  channel: string;
  outcome: string;
  tier: string | null;
  client: string;
  delay_ms: number;
  fictional: number;
  lookups: number;
}
const rows = async () => t.db.prepare('SELECT at, channel, outcome, tier, client, delay_ms, fictional, lookups FROM kiosk_lookups ORDER BY id').all() as Row[];
const wrongKey = (key: string) => key.slice(0, 15) + String((Number(key[15]) + 1) % 10);

describe('each lookup is recorded', () => {
  it('with its channel, outcome and tier, at the centre’s time', async () => {
    const { code, lookupKey } = (await intake(t)).json();
    t.clock.set('2026-11-25T10:15:30+07:00');
    expect((await lookup(lookupKey, { via: 'scanner' })).statusCode).toBe(200);
    expect((await lookup(formatLookupKey(lookupKey), { via: 'camera' })).statusCode).toBe(200);
    expect((await lookup(lookupKey, { via: 'link' })).statusCode).toBe(200);
    expect((await lookup(code, { via: 'code' })).statusCode).toBe(200);
    expect((await lookup(wrongKey(lookupKey), { via: 'keypad' })).statusCode).toBe(400);
    expect((await lookup(UNKNOWN_KEY, { via: 'keypad' })).statusCode).toBe(404);
    expect((await lookup('hello', { via: 'keypad' })).statusCode).toBe(400);
    expect((await rows()).map((r) => [r.channel, r.outcome, r.tier])).toEqual([
      ['scanner', 'found', 'detail'],
      ['camera', 'found', 'detail'],
      ['link', 'found', 'detail'],
      ['code', 'found', 'summary'],
      ['keypad', 'invalid', null],
      ['keypad', 'not_found', null],
      ['keypad', 'invalid', null],
    ]);
    expect(new Set((await rows()).map((r) => r.at))).toEqual(new Set(['2026-11-25T10:15:30+07:00']));
    expect((await rows()).every((r) => r.delay_ms === 0 && r.fictional === 0 && r.lookups === 1)).toBe(true);
  });

  it('lookups alike in the same second waiting for their batch are one row with their number', async () => {
    await t.close();
    const unwritten: (() => void)[] = [];
    t = await testApp({ now: '2026-11-25T09:00:00+07:00', scheduleRecords: (flush) => unwritten.push(flush) });
    const { lookupKey } = (await intake(t)).json();
    t.clock.set('2026-11-25T10:15:30+07:00');
    for (let i = 0; i < 5; i++) await lookup(lookupKey, { via: 'scanner' });
    await lookup(lookupKey, { via: 'scanner', from: PHONE });
    await lookup(wrongKey(lookupKey), { via: 'scanner' });
    t.clock.set('2026-11-25T10:15:31+07:00');
    await lookup(lookupKey, { via: 'scanner' });
    for (const flush of unwritten.splice(0)) flush();
    expect((await rows()).map((r) => [r.at.slice(11, 19), r.outcome, r.client, r.lookups])).toEqual([
      ['10:15:30', 'found', KIOSK, 5],
      ['10:15:30', 'found', 'internet', 1],
      ['10:15:30', 'invalid', KIOSK, 1],
      ['10:15:31', 'found', KIOSK, 1],
    ]);
  });

  it('without `via`, the channel is guessed from the shape: a dossier code or the keypad', async () => {
    const { code, lookupKey } = (await intake(t)).json();
    await lookup(code.toLowerCase());
    await lookup(UNKNOWN_CODE);
    await lookup(lookupKey);
    await lookup('12345');
    expect((await rows()).map((r) => [r.channel, r.outcome])).toEqual([
      ['code', 'found'],
      ['code', 'not_found'],
      ['keypad', 'found'],
      ['keypad', 'invalid'],
    ]);
  });

  it('keeps the client’s address only for a kiosk on the centre’s network; a phone is just “internet”', async () => {
    const { lookupKey } = (await intake(t)).json();
    for (const from of [KIOSK, '10.1.2.3', '127.0.0.1', PHONE, '::ffff:113.161.77.9', '2001:ee0:4141::1']) await lookup(lookupKey, { from });
    expect((await rows()).map((r) => r.client)).toEqual([KIOSK, '10.1.2.3', '127.0.0.1', 'internet', 'internet', 'internet']);
  });

  it('holds no key, no code, no dossier and nothing about the applicant', async () => {
    const created = (await intake(t)).json();
    await lookup(created.lookupKey, { from: PHONE });
    await lookup(created.code, { from: PHONE });
    await lookup(wrongKey(created.lookupKey), { from: PHONE });
    const columns = (t.db.prepare('SELECT name FROM pragma_table_info(?)').all('kiosk_lookups') as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(['id', 'at', 'channel', 'outcome', 'tier', 'client', 'delay_ms', 'fictional', 'lookups']);
    await rows();
    const stored = JSON.stringify(t.db.prepare('SELECT * FROM kiosk_lookups').all());
    for (const secret of [created.lookupKey, created.lookupKey.slice(0, 8), created.code, created.code.slice(-11), 'Nguyễn', '038190012345', '0912', PHONE, '113.161']) {
      expect(stored).not.toContain(secret);
    }
  });

  it('records still waiting for their batch are written when the server closes', async () => {
    await t.close();
    t = await testApp({ now: '2026-11-25T09:00:00+07:00', scheduleRecords: () => {} }); // never written but on close
    const { lookupKey } = (await intake(t)).json();
    await lookup(lookupKey, { via: 'scanner' });
    expect(await rows()).toEqual([]);
    await t.app.close();
    expect((await rows()).map((r) => [r.channel, r.outcome])).toEqual([['scanner', 'found']]);
  });

  it('a bad `via` is refused in the one error shape, and nothing is looked up or recorded', async () => {
    const { lookupKey } = (await intake(t)).json();
    for (const via of ['printer', 'SCANNER', '']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${lookupKey}?via=${via}`, remoteAddress: KIOSK });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: { code: 'INVALID_QUERY', message: expect.any(String), details: [expect.objectContaining({ field: '/via' })] } });
    }
    const twice = await t.app.inject({ method: 'GET', url: `/api/kiosk/lookup/${lookupKey}?via=camera&via=scanner`, remoteAddress: KIOSK });
    expect(twice.statusCode).toBe(400);
    expect(await rows()).toEqual([]);
  });
});

describe('a burst of wrong keys from one client', () => {
  it('is slowed from the sixth lookup on, doubling to 8 s, while another client is not', async () => {
    const { lookupKey } = (await intake(t)).json();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await lookup(UNKNOWN_KEY, { from: PHONE })).statusCode);
      t.clock.advanceMinutes(0.2); // the answer came, then the next try: the wait has passed
    }
    // Still answered: the same 404, only later.
    expect(statuses).toEqual(Array(10).fill(404));
    expect(t.delays).toEqual([500, 1000, 2000, 4000, 8000]);
    expect((await rows()).map((r) => r.delay_ms)).toEqual([0, 0, 0, 0, 0, 500, 1000, 2000, 4000, 8000]);
    // Its own receipt still works, after the wait; the kiosk next to it is not slowed.
    expect((await lookup(lookupKey, { from: PHONE })).statusCode).toBe(200);
    expect((await lookup(lookupKey, { from: KIOSK })).statusCode).toBe(200);
    expect(t.delays.at(-1)).toBe(8000);
    expect((await rows()).slice(-2).map((r) => [r.client, r.outcome, r.delay_ms])).toEqual([
      ['internet', 'found', 8000],
      [KIOSK, 'found', 0],
    ]);
  });

  it('mistypes and misreads count, a few of them slow nobody, and ten minutes later all is forgotten', async () => {
    const { lookupKey } = (await intake(t)).json();
    for (const q of [wrongKey(lookupKey), '1234 5678', UNKNOWN_CODE, UNKNOWN_KEY]) await lookup(q);
    expect((await lookup(lookupKey)).statusCode).toBe(200);
    expect(t.delays).toEqual([]);
    await lookup(wrongKey(lookupKey)); // the fifth wrong one
    await lookup(lookupKey);
    expect(t.delays).toEqual([500]);
    t.clock.advanceMinutes(10);
    await lookup(lookupKey);
    expect(t.delays).toEqual([500]);
  });

  it('is written to the audit log once, with the client as the records name it', async () => {
    for (let i = 0; i < 12; i++) await lookup(UNKNOWN_CODE, { from: PHONE });
    for (let i = 0; i < 6; i++) await lookup(UNKNOWN_CODE, { from: KIOSK });
    const audit = t.db.prepare("SELECT at, staff_id, dossier_id, detail FROM audit_log WHERE action = 'kiosk_wrong_keys' ORDER BY id").all() as { at: string; staff_id: null; dossier_id: null; detail: string }[];
    expect(audit.map((a) => ({ ...a, detail: JSON.parse(a.detail) }))).toEqual([
      { at: '2026-11-25T09:00:00+07:00', staff_id: null, dossier_id: null, detail: { client: 'internet', count: 5, windowMinutes: 10, since: '2026-11-25T09:00:00+07:00' } },
      { at: '2026-11-25T09:00:00+07:00', staff_id: null, dossier_id: null, detail: { client: KIOSK, count: 5, windowMinutes: 10, since: '2026-11-25T09:00:00+07:00' } },
    ]);
    expect(JSON.stringify(audit)).not.toContain(PHONE);
  });

  it('sent all at once, queues behind itself and past 30 s is refused (429, recorded as throttled)', async () => {
    for (let i = 0; i < 9; i++) {
      await lookup(UNKNOWN_KEY, { from: PHONE });
      t.clock.advanceMinutes(0.2);
    }
    const before = t.delays.length;
    const res = await Promise.all(Array.from({ length: 5 }, () => lookup(UNKNOWN_KEY, { from: PHONE })));
    expect(res.map((r) => r.statusCode)).toEqual([404, 404, 404, 429, 429]);
    expect(res[3]!.json().error.code).toBe('RATE_LIMITED');
    expect(t.delays.slice(before)).toEqual([8000, 16000, 24000]);
    expect((await rows()).slice(-5).map((r) => [r.outcome, r.tier, r.delay_ms])).toEqual([
      ['not_found', null, 8000],
      ['not_found', null, 16000],
      ['not_found', null, 24000],
      ['throttled', null, 0],
      ['throttled', null, 0],
    ]);
  });
});
