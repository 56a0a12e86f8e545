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
