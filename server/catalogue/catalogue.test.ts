import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../test/helpers.ts';
import { CATALOGUE_DIR } from './service.ts';

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(() => t.close());

describe('the shipped catalogue', () => {
  it('serves at least 10 commune procedures in the agreed JSON shape, without login', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/procedures' });
    expect(res.statusCode).toBe(200);
    const list = res.json();
    expect(list.length).toBeGreaterThanOrEqual(10);
    for (const p of list) {
      expect(p).toMatchObject({ code: expect.stringMatching(/^\d\.\d{6}$/), name: expect.any(String), field: expect.any(String), timeLimitHours: expect.any(Number) });
      expect(p.documents.length).toBeGreaterThan(0);
      expect(p.steps.length).toBeGreaterThanOrEqual(3);
      expect(p.steps.reduce((h: number, s: { allottedHours: number }) => h + s.allottedHours, 0)).toBe(p.timeLimitHours);
      for (const s of p.steps) expect(s).toEqual({ name: expect.any(String), department: { code: expect.any(String), name: expect.any(String) }, allottedHours: expect.any(Number) });
      expect(p.source).not.toBe('');
      expect(p.stepsSource).not.toBe('');
    }
    // Receive → specialist department → leader signs → return.
    const birth = list.find((p: { code: string }) => p.code === '1.001193');
    expect(birth.steps.map((s: { department: { code: string } }) => s.department.code)).toEqual(['TTPVHCC', 'VP-TPHT', 'LD-UBND', 'TTPVHCC']);
    expect(birth.steps.map((s: { allottedHours: number }) => s.allottedHours)).toEqual([0.5, 5.5, 1.5, 0.5]);
  });

  it('answers one procedure by code, and 404 PROCEDURE_NOT_FOUND for an unknown one', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/procedures/1.115520' })).json().timeLimitHours).toBe(104);
    const res = await t.app.inject({ method: 'GET', url: '/api/procedures/0.000000' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('PROCEDURE_NOT_FOUND');
  });

  it('marks the demo centre as fictional', async () => {
    const centre = (await t.app.inject({ method: 'GET', url: '/api/centre' })).json();
    expect(centre).toMatchObject({ agencyId: '000.30.99.H56', fictional: true });
    expect(JSON.parse(readFileSync(join(CATALOGUE_DIR, 'centre.json'), 'utf8')).$comment).toMatch(/FICTIONAL/);
  });

  it('is stored as NFC text', () => {
    const raw = readFileSync(join(CATALOGUE_DIR, 'procedures.json'), 'utf8');
    expect(raw).toBe(raw.normalize('NFC'));
  });
});
