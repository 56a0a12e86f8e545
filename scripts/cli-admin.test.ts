// The administrator's commands that change how deadlines are counted, against a running server's
// database (split from cli.test.ts so the two run side by side). The commands run in the test process
// (runCli), on their own connection to the database, except one successful calendar import and one
// settings change, each a real process (spawnCli): what an administrator does beside a running server.
// /dev/zero is given to a real process too: should the file check ever fail, it is that process that
// reads without end (and is killed), not the test's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anIntake, intake, testApp } from '../test/helpers.ts';
import { cliBesideServer } from '../test/fixtures/cli.ts';

const { motcua, inProcess, closeAfter } = cliBesideServer();

describe('motcua calendar import and settings', () => {
  it('imports a year’s notice: new intakes use it at once, appointments already promised never move', async () => {
    // Wednesday 30 Dec 2026; 2027 is computed (1 Jan off). A 3-day procedure: due Tuesday 5 Jan 09:00.
    const t = await testApp({ now: '2026-12-30T09:00:00+07:00' });
    closeAfter(() => void t.close());
    const before = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json();
    expect(before.dueAt).toBe('2027-01-05T09:00:00+07:00');
    expect((await t.app.inject({ method: 'GET', url: '/api/calendar/2027' })).json().status).toBe('unconfirmed');

    const file = join(t.path, '..', '2027.json');
    const notice = (extra: object) => JSON.stringify({ year: 2027, source: 'TB 0000/TB-BNV (test notice)', daysOff: [
      { date: '2027-01-01', name: 'Tết Dương lịch', basis: 'TB 0000/TB-BNV' },
      { date: '2027-01-04', name: 'Nghỉ hoán đổi, làm bù thứ Bảy 09/01/2027', basis: 'TB 0000/TB-BNV' },
      ...['2027-04-16', '2027-04-30', '2027-09-02', '2027-11-24'].map((date) => ({ date, name: 'Ngày lễ', basis: 'TB 0000/TB-BNV' })),
    ], workingDays: [{ date: '2027-01-09', name: 'Làm bù', basis: 'TB 0000/TB-BNV' }], ...extra });
    writeFileSync(file, notice({ extra: true }));
    const bad = await inProcess('calendar', 'import', file, '--db', t.path);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('was not imported');
    expect(bad.stderr).toContain('must not have additional properties (extra)');
    const device = motcua('calendar', 'import', '/dev/zero', '--db', t.path);
    expect(device.status).toBe(1);
    expect(device.stderr).toContain('not a regular file');
    const nope = await inProcess('calendar', 'import', t.path + '-nope', '--db', t.path);
    expect(nope.status).toBe(1);
    expect(nope.stderr).toContain('no such file');
    // A notice without the days the law names is a typing slip.
    writeFileSync(file, JSON.stringify({ year: 2027, source: 'TB 0000/TB-BNV', daysOff: [], workingDays: [] }));
    const empty = await inProcess('calendar', 'import', file, '--db', t.path);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain('/daysOff: 2027-01-01 (Tết Dương lịch, Bộ luật Lao động 2019 điều 112) is missing');
    expect(empty.stderr).toContain('2027-04-16 (Giỗ Tổ Hùng Vương');

    writeFileSync(file, notice({}));
    const dry = await inProcess('calendar', 'import', file, '--dry-run', '--db', t.path);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('days off added: 2027-01-04');
    expect(dry.stdout).toContain('1 open dossier(s) have appointments from 2027-01-04 on');
    expect(dry.stdout).toContain('Dry run: nothing imported.');
    expect((await t.app.inject({ method: 'GET', url: '/api/calendar/2027' })).json().status).toBe('unconfirmed');

    // A real process, as an administrator imports beside the running server, which sees it without a restart.
    const ok = motcua('calendar', 'import', file, '--db', t.path);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const y = (await t.app.inject({ method: 'GET', url: '/api/calendar/2027' })).json();
    expect(y).toMatchObject({ status: 'official', source: 'TB 0000/TB-BNV (test notice)' });
    const after = (await intake(t, anIntake({ procedureCode: '1.004873' }))).json();
    // Monday 4 Jan off, Saturday 9 Jan worked: Thu 31 Dec, Tue 5 Jan, Wed 6 Jan.
    expect(after.dueAt).toBe('2027-01-06T09:00:00+07:00');
    const promised = (await t.app.inject({ method: 'GET', url: `/api/dossiers/${before.code}`, headers: await t.as('officer') })).json();
    expect(promised.dueAt).toBe('2027-01-05T09:00:00+07:00');
    expect((await inProcess('calendar', 'show', '2027', '--db', t.path)).stdout).toMatch(/Imported .* by .* from 2027\.json \(sha256 [0-9a-f]{12}…\)/);
    const audit = t.db.prepare("SELECT detail FROM audit_log WHERE action = 'import_calendar'").all() as { detail: string }[];
    expect(audit).toHaveLength(1);
  }, 60_000); // two real processes beside the other test files

  it('changes the deadline settings, checked and audited, for dossiers received from then on', async () => {
    const t = await testApp({ now: '2026-11-25T16:00:00+07:00' }); // Wednesday, after 15:00
    closeAfter(() => void t.close());
    const due = async () => (await intake(t, anIntake({ procedureCode: '1.004873' }))).json().dueAt;
    expect(await due()).toBe('2026-11-30T16:00:00+07:00');
    // A real process, as an administrator changes a setting beside the running server; the rest in process.
    const set = motcua('settings', 'set', 'cutoff', '15:00', '--db', t.path);
    expect(set.status).toBe(0);
    expect(set.stdout).toContain('cut-off:       15:00 for all procedures');
    // Counted from Thursday 07:00: Thursday, Friday, Monday.
    expect(await due()).toBe('2026-11-30T17:00:00+07:00');
    expect((await inProcess('settings', 'set', 'convention', 'civil-code', '--db', t.path)).status).toBe(0);
    expect(await due()).toBe('2026-11-30T17:00:00+07:00');

    const hours = join(t.path, '..', 'hours.json');
    writeFileSync(hours, JSON.stringify({ weekdays: [1, 2, 3, 4, 5], periods: [{ start: '07:00', end: '11:30' }, { start: '13:30', end: '17:00' }], seasons: [
      { from: '10-01', to: '03-31', basis: 'QĐ thử nghiệm', periods: [{ start: '07:30', end: '11:30' }, { start: '13:30', end: '17:30' }] },
      { from: '03-15', to: '04-30', basis: 'chồng lấn', periods: [{ start: '07:30', end: '11:30' }] },
    ] }));
    const overlap = await inProcess('settings', 'set', 'office-hours', hours, '--db', t.path);
    expect(overlap.status).toBe(1);
    expect(overlap.stderr).toContain('is in more than one season');
    writeFileSync(hours, JSON.stringify({ weekdays: [1, 2, 3, 4, 5], periods: [{ start: '07:00', end: '11:30' }, { start: '13:30', end: '17:00' }], seasons: [
      { from: '10-01', to: '03-31', basis: 'QĐ thử nghiệm', periods: [{ start: '07:30', end: '11:30' }, { start: '13:30', end: '17:30' }] },
    ] }));
    expect((await inProcess('settings', 'set', 'office-hours', hours, '--db', t.path)).status).toBe(0);
    // Refused, changing nothing: an hour a day, a six-day week, a cut-off outside the day, a bad convention.
    writeFileSync(join(t.path, '..', 'short.json'), JSON.stringify({ weekdays: [1, 2, 3, 4, 5], periods: [{ start: '07:00', end: '08:00' }] }));
    writeFileSync(join(t.path, '..', 'six.json'), JSON.stringify({ weekdays: [1, 2, 3, 4, 5, 6], periods: [{ start: '07:00', end: '11:30' }, { start: '13:30', end: '17:00' }] }));
    for (const [args, message] of [
      [['office-hours', join(t.path, '..', 'short.json')], 'not 8 working hours a day'],
      [['office-hours', join(t.path, '..', 'six.json')], 'Monday to Friday'],
      [['cutoff', '18:00'], 'outside the working day (07:00–17:00)'],
      [['cutoff', '06:00'], 'outside the working day'],
      [['convention', 'lunar'], 'convention must be one of: working-hours, civil-code'],
    ] as const) {
      const r = await inProcess('settings', 'set', ...args, '--db', t.path);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toContain(message);
    }
    expect((await inProcess('settings', 'show', '--db', t.path)).stdout).toContain('season 10-01 → 03-31: 07:30–11:30, 13:30–17:30 (QĐ thử nghiệm)');
    // Winter hours close at 17:30.
    expect(await due()).toBe('2026-11-30T17:30:00+07:00');
    // The QR code's address.
    expect((await inProcess('settings', 'set', 'public-url', 'javascript:alert(1)', '--db', t.path)).status).toBe(1);
    expect((await inProcess('settings', 'set', 'public-url', 'https://motcua.minhan.example/', '--db', t.path)).status).toBe(0);
    expect(t.db.prepare('SELECT public_base_url AS u FROM centre').get()).toEqual({ u: 'https://motcua.minhan.example' });
    // The supplement window, in working days (halves allowed).
    expect((await inProcess('settings', 'set', 'supplement-window', '0', '--db', t.path)).stderr).toContain('from 0.5 to 30');
    expect((await inProcess('settings', 'set', 'supplement-window', '5', '--db', t.path)).status).toBe(0);
    expect(t.db.prepare('SELECT supplement_window_minutes AS m FROM centre').get()).toEqual({ m: 2400 });
    const changes = t.db.prepare("SELECT detail FROM audit_log WHERE action = 'change_setting' ORDER BY id").all() as { detail: string }[];
    expect(changes.map((c) => JSON.parse(c.detail).setting)).toEqual(['cutoff', 'convention', 'office-hours', 'public-url', 'supplement-window']);
  }, 60_000); // a real process beside the other test files

  it('refuses a make-up day longer than a working day and a file that is not UTF-8, changing nothing (issue 13)', async () => {
    // Friday 8 January 2027, 08:00: a 2-working-day procedure is due Tuesday 12 January 08:00 with
    // Saturday 9 January off. A make-up Saturday of 00:00–23:59 made it Saturday 09:00.
    const t = await testApp({ now: '2027-01-08T08:00:00+07:00' });
    closeAfter(() => void t.close());
    const due = async () => (await t.app.inject({ method: 'GET', url: `/api/calendar/due?from=${encodeURIComponent('2027-01-08T08:00:00+07:00')}&days=2` })).json().due;
    const before = await due();
    const file = join(t.path, '..', '2027-long.json');
    const notice = (hours: object[], name = 'Làm bù') => JSON.stringify({ year: 2027, source: 'TB 0000/TB-BNV (test notice)', daysOff: [
      ...['2027-01-01', '2027-04-16', '2027-04-30', '2027-09-02', '2027-11-24'].map((date) => ({ date, name: 'Ngày lễ', basis: 'TB 0000/TB-BNV' })),
    ], workingDays: [{ date: '2027-01-09', name, basis: 'TB 0000/TB-BNV', hours }] }, null, 2);
    writeFileSync(file, notice([{ start: '00:00', end: '23:59' }]));
    const long = await inProcess('calendar', 'import', file, '--db', t.path);
    expect(long.status).toBe(1);
    expect(long.stderr).toContain('/workingDays/0/hours: the sessions add up to 23:59, more than 8 working hours a day (QĐ 188/1999/QĐ-TTg)');
    // "Làm bù" saved as Windows-1258 would be 'L', 0xE0, 'm': refused, not read as "L\uFFFDm".
    const text = notice([{ start: '07:30', end: '11:30' }], 'L@m bù');
    const bytes = Buffer.from(text);
    bytes[bytes.indexOf('@')] = 0xe0;
    writeFileSync(file, bytes);
    const encoded = await inProcess('calendar', 'import', file, '--db', t.path);
    expect(encoded.status).toBe(1);
    expect(encoded.stderr).toMatch(/not UTF-8 text: byte 0xE0 at line \d+, byte \d+ \(offset \d+\)/);
    const hours = join(t.path, '..', 'hours-1258.json');
    writeFileSync(hours, Buffer.concat([Buffer.from('{"weekdays":[1,2,3,4,5],"periods":[{"start":"07:00","end":"11:00"},{"start":"13:00","end":"17:00"}],"source":"Quy'), Buffer.from([0xf5]), Buffer.from('t \u0111\u1ecbnh"}')]));
    const settings = await inProcess('settings', 'set', 'office-hours', hours, '--db', t.path);
    expect(settings.status).toBe(1);
    expect(settings.stderr).toContain('not UTF-8 text: byte 0xF5 at line 1');
    expect(t.db.prepare('SELECT count(*) AS n FROM calendar_imports').get()).toEqual({ n: 0 });
    expect(await due()).toBe(before);
    // The same notice with the morning only is a make-up day.
    writeFileSync(file, notice([{ start: '07:30', end: '11:30' }]));
    expect((await inProcess('calendar', 'import', file, '--db', t.path)).status).toBe(0);
    // Friday 7 hours (08:00–11:30, 13:30–17:00), Saturday 4, Monday the last 5: 07:00–11:30 and 13:30–14:00.
    expect(await due()).toBe('2027-01-11T14:00:00+07:00');
    expect(before).toBe('2027-01-12T08:00:00+07:00');
  });
});
