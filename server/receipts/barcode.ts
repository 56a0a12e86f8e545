/**
 * Code 128 drawn as vector bars into the PDF (sharp at any printer resolution, unlike a scaled PNG).
 * bwip-js encodes; we only draw its bar/space widths.
 */
import bwipjs from 'bwip-js/node';

export interface LinearBarcode {
  /** Alternating bar, space, bar… widths in modules, starting with a bar. */
  readonly widths: readonly number[];
  readonly modules: number;
}

export function code128(text: string): LinearBarcode {
  const raw = (bwipjs as unknown as { raw(o: object): { sbs: number[] }[] }).raw({ bcid: 'code128', text });
  const widths = raw[0]?.sbs ?? [];
  return { widths, modules: widths.reduce((a, b) => a + b, 0) };
}

/** A scanner needs at least 10 modules of white on each side of a Code 128 symbol (ISO/IEC 15417). */
export const QUIET_ZONE_MODULES = 10;

interface Drawable {
  rect(x: number, y: number, w: number, h: number): Drawable;
  fill(color?: string): Drawable;
}

/** Draws bars from (x, y); returns the width drawn (without quiet zones). */
export function drawBarcode(doc: Drawable, code: LinearBarcode, x: number, y: number, moduleWidth: number, height: number): number {
  let cursor = x;
  code.widths.forEach((w, i) => {
    if (i % 2 === 0) doc.rect(cursor, y, w * moduleWidth, height);
    cursor += w * moduleWidth;
  });
  doc.fill('#000000');
  return cursor - x;
}

export interface Matrix {
  /** Modules per side. */
  readonly size: number;
  /** Row-major, 1 = dark. */
  readonly dark: readonly number[];
}

/** A QR code (error correction M: a crease or a coffee stain still scans) as a module matrix. */
export function qrMatrix(text: string): Matrix {
  const raw = (bwipjs as unknown as { raw(o: object): { pixs: number[]; pixx: number; pixy: number }[] }).raw({ bcid: 'qrcode', text, eclevel: 'M' });
  const m = raw[0]!;
  return { size: m.pixx, dark: m.pixs };
}

/** A QR symbol needs 4 modules of white around it (ISO/IEC 18004). */
export const QR_QUIET_ZONE_MODULES = 4;

/** Draws the dark modules from (x, y), one filled path; runs of a row merge into one rectangle. */
export function drawMatrix(doc: Drawable, m: Matrix, x: number, y: number, moduleSize: number): void {
  for (let row = 0; row < m.size; row++) {
    let col = 0;
    while (col < m.size) {
      if (!m.dark[row * m.size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < m.size && m.dark[row * m.size + col]) col++;
      doc.rect(x + start * moduleSize, y + row * moduleSize, (col - start) * moduleSize, moduleSize);
    }
  }
  doc.fill('#000000');
}
