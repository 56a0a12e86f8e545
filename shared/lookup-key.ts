/**
 * The lookup key printed as the receipt's barcode: 16 digits, 15 random and a Damm check digit.
 *
 * Why not the dossier code: codes are sequential, so anyone could walk the neighbours (USCIS has this
 * problem). A random key is proof of holding the receipt, which is what the detailed kiosk view
 * requires (Circular 01/2018 art. 16). Digits only, because a USB scanner types like a keyboard and
 * keyboard layouts, Caps Lock and Vietnamese input methods (Telex/VNI) rewrite letters; digits also
 * make the shortest Code 128 (code set C packs two digits per symbol).
 *
 * Damm rather than Luhn: it catches every single-digit error and every adjacent transposition.
 */
export const LOOKUP_KEY_LENGTH = 16;

// The totally anti-symmetric quasigroup of order 10 from H. Michael Damm's thesis (2004).
const DAMM: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

function dammInterim(digits: string): number {
  let interim = 0;
  for (const ch of digits) {
    const d = ch.charCodeAt(0) - 48;
    if (d < 0 || d > 9) throw new RangeError('digits only');
    interim = DAMM[interim]![d]!;
  }
  return interim;
}

export function dammCheckDigit(digits: string): string {
  return String(dammInterim(digits));
}

/** Builds a key from 15 random digits supplied by the caller (the server uses node:crypto). */
export function makeLookupKey(randomDigits: string): string {
  if (!/^\d{15}$/.test(randomDigits)) throw new RangeError('a lookup key needs exactly 15 random digits');
  return randomDigits + dammCheckDigit(randomDigits);
}

/** Removes what people and scanners add: spaces (the printed grouping), dashes, and dots. */
export function stripLookupInput(text: string): string {
  return text.replace(/[\s\-.]/g, '');
}

export type LookupKeyCheck = 'valid' | 'wrong-length' | 'bad-check-digit' | 'not-digits';

export function checkLookupKey(text: string): LookupKeyCheck {
  const digits = stripLookupInput(text);
  if (!/^\d+$/.test(digits)) return 'not-digits';
  if (digits.length !== LOOKUP_KEY_LENGTH) return 'wrong-length';
  return dammInterim(digits) === 0 ? 'valid' : 'bad-check-digit';
}

/** "1234 5678 9012 3456": the grouping printed under the barcode. */
export function formatLookupKey(key: string): string {
  return (stripLookupInput(key).match(/.{1,4}/g) ?? []).join(' ');
}
