import { describe, expect, it } from 'vitest';
import { dossierDateKey, formatDossierCode, normaliseDossierCode, parseDossierCode } from './dossier-code.ts';
import { parseIsoInstant } from './time.ts';

describe('dossier code', () => {
  it('follows <agency>-<YYMMDD>-<XXXX> as in the rules’ example', () => {
    expect(formatDossierCode('000.17.22.H56', parseIsoInstant('2021-05-31T08:00:00+07:00')!, 1)).toBe('000.17.22.H56-210531-0001');
  });

  it('takes the date in Vietnam time: 23:30 UTC is already the next day', () => {
    expect(dossierDateKey(new Date('2026-11-27T23:30:00Z'))).toBe('261128');
  });

  it('refuses a sequence outside 1–9999 and a malformed agency identifier', () => {
    const at = parseIsoInstant('2026-11-27T08:00:00+07:00')!;
    expect(() => formatDossierCode('000.30.99.H56', at, 0)).toThrow(RangeError);
    expect(() => formatDossierCode('000.30.99.H56', at, 10_000)).toThrow(RangeError);
    expect(() => formatDossierCode('H56', at, 1)).toThrow(RangeError);
  });

  it('parses what a citizen types, lower case and spaces included', () => {
    expect(parseDossierCode(' 000.30.99.h56-261127-0042 ')).toEqual({ agencyId: '000.30.99.H56', dateKey: '261127', sequence: 42 });
    expect(normaliseDossierCode('000.30.99.h56-261127-0042')).toBe('000.30.99.H56-261127-0042');
    expect(parseDossierCode('000.30.99.H56-261327-0001')).toBeNull();
    expect(parseDossierCode('000.30.99.H56-261127-0000')).toBeNull();
    expect(parseDossierCode('1234567890123456')).toBeNull();
  });
});
