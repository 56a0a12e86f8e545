// `motcua report weekly|scores` in process (main(argv, env)): the file written in the format its
// extension says, the same figures as the API, clear refusals for a bad week or an unwritable path.
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, intake, testApp } from '../test/helpers.ts';
import { formatDay, weekRange } from '../shared/periods.ts';
import { lastFullWeek } from '../server/reports/model.ts';
import { runCli } from '../test/fixtures/cli.ts';

let t: TestApp;
let dir: string;
beforeEach(async () => {
  t = await testApp({ now: '2026-11-25T09:00:00+07:00' });
  dir = mkdtempSync(join(tmpdir(), 'motcua-cli-report-'));
});
afterEach(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A birth registration received and made ready on one day (the same-day procedure), so the week has something finished. */
async function finishedOn(day: string) {
  t.clock.set(`${day}T09:00:00+07:00`);
  const { code } = (await intake(t)).json();
  for (const user of ['clerk', 'officer', 'leader'] as const) {
    const res = await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as(user), payload: { type: 'complete-step' } });
    if (res.statusCode !== 200) throw new Error(res.body);
  }
  await t.app.inject({ method: 'POST', url: `/api/dossiers/${code}/actions`, headers: await t.as('clerk'), payload: { type: 'result-ready' } });
  return code as string;
}

/** The command line in this process, on the test app's database. */
const run = (...argv: string[]) => runCli(argv, { ...process.env, MOTCUA_DB: t.path });

// Several reports rendered and read back per test, beside other test files' processes: more than the default 20 s under load.
describe('motcua report', { timeout: 90_000 }, () => {
  it('writes the weekly report as PDF, CSV or XLSX by the extension, and records it', async () => {
    await finishedOn('2026-11-25');
    await intake(t);
    const pdf = join(dir, 'tuan-48.pdf');
    const r = await run('report', 'weekly', '--week', '2026-W48', '--out', pdf);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Wrote the weekly report for 2026-W48 to ${pdf}`);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Tuần 48 (23/11–29/11/2026)');

    const csv = join(dir, 'tuan-48.CSV');
    expect((await run('report', 'weekly', '--week', '2026-W48', '--out', csv)).status).toBe(0);
    const bytes = readFileSync(csv);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Fields here hold no line breaks; a few hold a comma, quoted.
    const rows = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean).map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].slice(0, -1).map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')));
    const head = rows[0]!;
    const centre = rows.find((r) => r[0] === 'Tổng hợp' && r[head.indexOf('Cấp')] === 'Toàn trung tâm')!;
    const json = (await t.app.inject({ method: 'GET', url: '/api/supervision/summary?from=2026-11-23&to=2026-11-29', headers: await t.as('supervisor') })).json();
    expect(Number(centre[head.indexOf('Tiếp nhận')])).toBe(json.totals.received);
    expect(json.totals.received).toBe(2);

    const xlsx = join(dir, 'tuan-48.xlsx');
    expect((await run('report', 'weekly', '--week', '2026-W48', '--out', xlsx)).status).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.getWorksheet('Tổng hợp')!.getRow(2).getCell(5).value).toBe(2);

    const audit = t.db.prepare("SELECT staff_id, detail FROM audit_log WHERE action = 'download_report' ORDER BY id").all() as { staff_id: number | null; detail: string }[];
    expect(audit).toHaveLength(3);
    expect(audit[0]!.staff_id).toBeNull();
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ report: 'weekly', period: '2026-W48', by: expect.any(String) });
  });

  it('the score table for a month or a year', async () => {
    const out = join(dir, 'diem.pdf');
    const r = await run('report', 'scores', '--month', '2026-11', '--out', out);
    expect(r.status).toBe(0);
    expect(execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' })).toContain('BẢNG ĐIỂM THI ĐUA');
    expect((await run('report', 'scores', '--year', '2026', '--out', join(dir, 'nam.xlsx'))).status).toBe(0);
    expect(existsSync(join(dir, 'nam.xlsx'))).toBe(true);
  });

  it('refuses a bad week, a missing or unknown format and a bad period with the usage (exit 2)', async () => {
    for (const argv of [
      ['report', 'weekly', '--week', '2026-W60', '--out', join(dir, 'x.pdf')],
      ['report', 'weekly', '--week', '48', '--out', join(dir, 'x.pdf')],
      ['report', 'weekly', '--week', '2026-W48'],
      ['report', 'weekly', '--week', '2026-W48', '--out', join(dir, 'x.docx')],
      ['report', 'scores', '--out', join(dir, 'x.pdf')],
      ['report', 'scores', '--month', '2026-13', '--out', join(dir, 'x.pdf')],
      ['report', 'scores', '--month', '2026-11', '--year', '2026', '--out', join(dir, 'x.pdf')],
      ['report', 'monthly', '--out', join(dir, 'x.pdf')],
    ]) {
      const r = await run(...argv);
      expect(r.status, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain('motcua report');
    }
    const week = await run('report', 'weekly', '--week', '2026-W60', '--out', join(dir, 'x.pdf'));
    expect(week.stderr).toContain('--week 2026-W48');
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
  });

  it('says where it cannot write, before making anything (exit 1)', async () => {
    const missing = await run('report', 'weekly', '--week', '2026-W48', '--out', join(dir, 'no-such-folder', 'r.pdf'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('does not exist');
    mkdirSync(join(dir, 'a.pdf'));
    const folder = await run('report', 'weekly', '--week', '2026-W48', '--out', join(dir, 'a.pdf'));
    expect(folder.status).toBe(1);
    expect(folder.stderr).toContain('not a regular file');
    expect(t.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'download_report'").get()).toEqual({ n: 0 });
    const noDb = await run('report', 'weekly', '--out', join(dir, 'r.pdf'), '--db', join(dir, 'absent.db'));
    expect(noDb.status).toBe(1);
    expect(noDb.stderr).toContain('no database at');
    expect(existsSync(join(dir, 'absent.db'))).toBe(false);
  });

  it('defaults to the last full week and has its help', async () => {
    const help = await run('report', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('default: the last full week');
    expect((await run('help', 'report')).stdout).toContain('motcua report weekly');
    // The last full week by the machine's clock (not the test's): a dossier finished on its Wednesday.
    const week = lastFullWeek(new Date());
    await finishedOn(formatDay(weekRange(week)!.from + 2));
    const r = await run('report', 'weekly', '--out', join(dir, 'last.csv'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`weekly report for ${week}`);
  });
});
