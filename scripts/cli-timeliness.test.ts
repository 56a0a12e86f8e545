// `motcua settings set timeliness day|minute` beside a running server: how a dossier's result is judged
// against its appointment. The server reads it live (no restart): its dashboard names the rule and
// judges by it at once; a wrong value changes nothing.
import { describe, expect, it } from 'vitest';
import { testApp } from '../test/helpers.ts';
import { cliBesideServer } from '../test/fixtures/cli.ts';

const { inProcess, closeAfter } = cliBesideServer();

describe('motcua settings set timeliness', () => {
  it('is by the day unless set, lists it, changes it (audited), refuses anything else, and the server follows at once', async () => {
    const t = await testApp({ now: '2026-12-02T09:00:00+07:00' });
    closeAfter(() => void t.close());
    const summaryRule = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/supervision/summary?from=2026-11-30&to=2026-12-02', headers: await t.as('supervisor') })).json().timeliness;
    expect((await summaryRule()).mode).toBe('day');
    const shown = await inProcess('settings', 'show', '--db', t.path);
    expect(shown.stdout).toContain('timeliness:    day — on time by the day: Result ready before the appointment’s day: early; on that day: on time; after it: late.');

    for (const value of ['hour', 'Day', '']) {
      const r = await inProcess('settings', 'set', 'timeliness', value, '--db', t.path);
      expect(r.status, value).toBe(1);
      expect(r.stderr).toContain(`timeliness must be one of: day, minute (got "${value}")`);
    }
    expect(t.db.prepare('SELECT timeliness FROM centre').get()).toEqual({ timeliness: 'day' });

    const set = await inProcess('settings', 'set', 'timeliness', 'minute', '--db', t.path);
    expect(set.status).toBe(0);
    expect(set.stdout).toContain('timeliness:    minute — on time to the minute');
    expect(t.db.prepare('SELECT timeliness FROM centre').get()).toEqual({ timeliness: 'minute' });
    expect(await summaryRule()).toMatchObject({ mode: 'minute', label: { vi: 'Đúng hạn tính đến từng phút' } });
    const audit = t.db.prepare("SELECT detail FROM audit_log WHERE action = 'change_setting' ORDER BY id DESC LIMIT 1").get() as { detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({ setting: 'timeliness', from: 'day', to: 'minute' });

    expect((await inProcess('settings', 'set', 'timeliness', 'day', '--db', t.path)).status).toBe(0);
    expect((await summaryRule()).mode).toBe('day');
    // The help names it.
    expect((await inProcess('help', 'settings')).stdout).toContain('motcua settings set timeliness day|minute');
  });
});
