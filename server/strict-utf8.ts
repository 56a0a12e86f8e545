/**
 * Text files typed by people (a calendar notice, office hours) are read as UTF-8 and refused when they
 * are not: a file saved in another encoding (Windows-1258, TCVN3) would otherwise have its Vietnamese
 * letters silently replaced by U+FFFD and printed so on official paper.
 */

export class Utf8Error extends Error {
  constructor(
    /** Offset of the first byte that is not UTF-8, from 0. */
    readonly offset: number,
    /** Its line (from 1) and byte within the line (from 1). */
    readonly line: number,
    readonly column: number,
    readonly byte: number,
  ) {
    super(
      `not UTF-8 text: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at line ${line}, byte ${column} (offset ${offset}) is not valid UTF-8; save the file as UTF-8 (Unicode) and try again`,
    );
  }
}

const valid = (bytes: Uint8Array, end: number, complete: boolean) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: !complete });
    return true;
  } catch {
    return false;
  }
};

/** The text of `bytes` (a leading byte-order mark dropped), or Utf8Error naming the first bad byte. */
export function decodeUtf8(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // The longest prefix that is UTF-8 (a sequence cut at its end still counts as unfinished, not bad):
    // validity of a prefix is monotonic, so a binary search finds the first bad byte in ~20 decodes.
    let lo = 0;
    let hi = bytes.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (valid(bytes, mid, false)) lo = mid;
      else hi = mid - 1;
    }
    // Bytes 0..lo-1 read as UTF-8 (perhaps ending inside a sequence); byte lo is where it broke, or the
    // file ended. A sequence left unfinished there is the culprit: report its first byte.
    let offset = lo;
    if (!valid(bytes, lo, true)) {
      for (let k = lo - 1; k >= Math.max(0, lo - 3); k--) {
        if (bytes[k]! < 0x80) break;
        if (bytes[k]! >= 0xc0) {
          if (valid(bytes, k, true)) offset = k;
          break;
        }
      }
    }
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      if (bytes[i] !== 0x0a) continue;
      line++;
      lineStart = i + 1;
    }
    throw new Utf8Error(offset, line, offset - lineStart + 1, bytes[Math.min(offset, bytes.length - 1)]!);
  }
  return text;
}
