/**
 * The dossier code (mã hồ sơ): `<agency identifier>-<YYMMDD>-<XXXX>` (Decree 61/2018 art. 26, kept by
 * Decree 118/2025), e.g. `000.17.22.H56-210531-0001`. YYMMDD is the receipt date in Vietnam time and
 * XXXX a sequence per receiving agency per day from 0001. The server owns the sequence; this module
 * only formats and parses.
 */
import { vnParts } from './time.ts';

/**
 * Agency identifier under QCVN 102:2016/BTTTT: four dot-separated levels written lowest first, the
 * highest a letter and two digits (H56 = Thanh Hóa), unused levels as 00 / 000.
 */
export const AGENCY_ID_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
export const DOSSIER_CODE_PATTERN = /^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{6})-(\d{4})$/;
export const MAX_DAILY_SEQUENCE = 9999;

export function isAgencyId(text: string): boolean {
  return AGENCY_ID_PATTERN.test(text);
}

/** `YYMMDD` of the Vietnam date of an instant. */
export function dossierDateKey(instant: Date): string {
  const p = vnParts(instant);
  return `${String(p.year % 100).padStart(2, '0')}${String(p.month).padStart(2, '0')}${String(p.day).padStart(2, '0')}`;
}

export function formatDossierCode(agencyId: string, receivedAt: Date, sequence: number): string {
  if (!isAgencyId(agencyId)) throw new RangeError(`not an agency identifier: ${agencyId}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) {
    throw new RangeError(`dossier sequence out of range: ${sequence}`);
  }
  return `${agencyId}-${dossierDateKey(receivedAt)}-${String(sequence).padStart(4, '0')}`;
}

export interface ParsedDossierCode {
  readonly agencyId: string;
  readonly dateKey: string;
  readonly sequence: number;
}

/** Accepts surrounding spaces and a lower-case agency letter (typed at a kiosk); null if not a code. */
export function parseDossierCode(text: string): ParsedDossierCode | null {
  const m = DOSSIER_CODE_PATTERN.exec(text.trim().toUpperCase());
  if (!m) return null;
  const [, agencyId = '', dateKey = '', seq = ''] = m;
  const month = Number(dateKey.slice(2, 4));
  const day = Number(dateKey.slice(4, 6));
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(seq) < 1) return null;
  return { agencyId, dateKey, sequence: Number(seq) };
}

export function normaliseDossierCode(text: string): string | null {
  const p = parseDossierCode(text);
  return p ? `${p.agencyId}-${p.dateKey}-${String(p.sequence).padStart(4, '0')}` : null;
}
