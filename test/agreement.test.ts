// The promise is one promise: for any receipt time in 2024–2026 and any procedure, the appointment the
// counter previews, the one the intake stores, the one printed on the receipt (read back with
// pdftotext) and the one the public calendar API gives are the same minute.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toVnIso, vnParts } from '../shared/time.ts';
import { type TestApp, anIntake, testApp } from './helpers.ts';

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await testApp();
  dir = mkdtempSync(join(tmpdir(), 'motcua-agree-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const PROCEDURES = ['1.001193', '2.000815', '1.004873', '1.004884', '2.001035', '1.115520', '1.014359'];
// Whole minutes from 2024 to the end of 2026, weighted towards office hours and the 15:00 cut-off.
const times = fc.oneof(
  fc.integer({ min: Date.UTC(2023, 11, 31, 17) / 60_000, max: Date.UTC(2026, 11, 31, 16) / 60_000 }),
  fc.tuple(fc.integer({ min: 0, max: 1095 }), fc.constantFrom(6 * 60 + 59, 7 * 60, 11 * 60 + 30, 14 * 60 + 59, 15 * 60, 15 * 60 + 1, 16 * 60 + 59, 17 * 60)).map(
    ([day, minute]) => Date.UTC(2024, 0, 1 + day) / 60_000 + minute - 7 * 60,
  ),
);

/** "09 giờ 07 phút, ngày 30 tháng 11 năm 2026" as printed for an instant. */
const formal = (iso: string) => {
  const p = vnParts(new Date(iso));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(p.hour)} giờ ${two(p.minute)} phút, ngày ${two(p.day)} tháng ${two(p.month)} năm ${p.year}`;
};

describe('counter, receipt and API agree on the appointment', () => {
  it('for random receipt times in 2024–2026 and every kind of time limit', async () => {
    await fc.assert(
      fc.asyncProperty(times, fc.constantFrom(...PROCEDURES), async (minute, code) => {
        t.clock.set(toVnIso(new Date(minute * 60_000)));
        // Sessions live on the test's clock: sign in at each receipt time.
        const headers = await t.as('clerk');
        const preview = (await t.app.inject({ method: 'GET', url: `/api/intake/preview?procedureCode=${code}`, headers })).json();
        const created = await t.app.inject({ method: 'POST', url: '/api/dossiers', payload: anIntake({ procedureCode: code }), headers });
        expect(created.statusCode).toBe(201);
        const saved = created.json();
        const api = (await t.app.inject({ method: 'GET', url: `/api/calendar/due?from=${encodeURIComponent(saved.receivedAt)}&procedure=${code}` })).json();
        expect(preview.dueAt).toBe(saved.dueAt);
        expect(api.due).toBe(saved.dueAt);
        expect(preview.explanation.vi).toBe(api.explanation);

        const pdf = await t.app.inject({ method: 'GET', url: `/api/dossiers/${saved.code}/receipt.pdf`, headers });
        const file = join(dir, 'r.pdf');
        writeFileSync(file, pdf.rawPayload);
        const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
        expect(text).toContain(`Thời gian trả kết quả giải quyết hồ sơ: ${formal(saved.dueAt)}`);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
