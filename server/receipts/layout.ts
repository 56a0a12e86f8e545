/**
 * The paper an official document is printed on. One set of drawing code serves every layout; the
 * layout says the page, the margins, the type sizes and how big a barcode module is.
 *
 * - A4: the counter's laser printer, two receipts per A4 folded, or one on its own.
 * - A5: the forms' official size (Circular 01/2018 prints them A5).
 * - thermal: an 80 mm receipt printer, 72 mm printable; the page is as long as its content.
 */
import type PDFDocumentClass from 'pdfkit';
import { fontsForNewDocument } from './fonts.ts';

export type LayoutName = 'a4' | 'a5' | 'thermal';
export const LAYOUTS: readonly LayoutName[] = ['a4', 'a5', 'thermal'];

const MM = 72 / 25.4;
/** One dot of a 203 dpi thermal head, in points: barcode modules are whole dots or they blur. */
const THERMAL_DOT = 72 / 203;

export interface Layout {
  readonly name: LayoutName;
  readonly width: number;
  /** null: as long as the content (a roll). */
  readonly height: number | null;
  readonly margin: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number };
  /** Body, small print, title. */
  readonly size: { readonly body: number; readonly small: number; readonly title: number };
  /** Code 128 module width and bar height; QR module size. */
  readonly barcode: { readonly module: number; readonly height: number; readonly qrModule: number };
  /** Narrow paper stacks what A4 sets side by side (header blocks, signatures). */
  readonly narrow: boolean;
}

export const LAYOUT: Record<LayoutName, Layout> = {
  a4: {
    name: 'a4',
    width: 595.28,
    height: 841.89,
    margin: { left: 62, right: 45, top: 34, bottom: 34 },
    // The forms' 13–14 pt Times is set for A5-folded A4; 11 pt keeps Mẫu 01 on one A4 page.
    size: { body: 11, small: 9.5, title: 14 },
    // 1.35 pt (0.48 mm) per module: well above what kiosk scanners and phone cameras resolve.
    barcode: { module: 1.35, height: 50, qrModule: 2.2 },
    narrow: false,
  },
  a5: {
    name: 'a5',
    width: 419.53,
    height: 595.28,
    margin: { left: 36, right: 28, top: 24, bottom: 20 },
    size: { body: 8, small: 7, title: 11 },
    barcode: { module: 1.1, height: 40, qrModule: 1.7 },
    narrow: false,
  },
  thermal: {
    name: 'thermal',
    width: 80 * MM,
    height: null,
    // 72 mm printable, centred on the 80 mm roll.
    margin: { left: 4 * MM, right: 4 * MM, top: 3 * MM, bottom: 8 * MM },
    size: { body: 8.2, small: 7.2, title: 10 },
    barcode: { module: 3 * THERMAL_DOT, height: 40, qrModule: 4 * THERMAL_DOT },
    narrow: true,
  },
};

/** Registers and reports: A4 turned sideways for their many columns. */
export const A4_LANDSCAPE: Layout = { ...LAYOUT.a4, width: LAYOUT.a4.height!, height: LAYOUT.a4.width, margin: { left: 36, right: 36, top: 34, bottom: 34 } };

export type Doc = PDFKit.PDFDocument;

export const contentWidth = (l: Layout) => l.width - l.margin.left - l.margin.right;
/** Where content must stop on the page (a roll has no bottom). */
export const pageBottom = (l: Layout, doc: Doc) => doc.page.height - l.margin.bottom;

/**
 * "<label> — Trang i/n" at the foot of every page, once the length is known; nothing on a one-page
 * paper. Written inside the bottom margin on one line: a footer must never start a page of its own.
 */
export function pageNumbers(doc: Doc, l: Layout, label: string, size: number): void {
  const { start, count } = doc.bufferedPageRange();
  if (count < 2) return;
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('I').fontSize(size).text(`${label} — Trang ${i - start + 1}/${count}`, l.margin.left, doc.page.height - l.margin.bottom + 4, { width: contentWidth(l), align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/** What a paper is printed for: a training database's papers say so on every page. */
export interface PaperMode {
  readonly training: boolean;
}

export const TRAINING_MARK = 'ĐÀO TẠO / TRAINING';
export const TRAINING_NOTE = 'không có giá trị pháp lý · not legally valid';

/**
 * The line a training paper carries under its title, in the text flow (so it never covers a field
 * and a roll grows to hold it); every page also gets the diagonal stamp of `stampTraining`.
 */
export function trainingLine(doc: Doc, l: Layout, size: number): void {
  doc.font('B').fontSize(size).fillColor('#a00000').text(`${TRAINING_MARK} — ${TRAINING_NOTE}`, l.margin.left, doc.y, { width: contentWidth(l), align: 'center' });
  doc.fillColor('#000000');
}

/**
 * A large translucent stamp across every page, drawn over the content once it is laid out: on a
 * sheet along its diagonal, on a roll (long and narrow) repeated down its length so any length torn
 * off still carries one. Translucent, so every field under it stays readable.
 */
function stampTraining(doc: Doc): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const { width: w, height: h } = doc.page;
    const roll = h / w > 2;
    const angle = roll ? 30 : (Math.atan2(h, w) * 180) / Math.PI;
    const reach = roll ? w / Math.cos((angle * Math.PI) / 180) : Math.hypot(w, h);
    doc.font('B').fontSize(10);
    const size = (10 * reach * (roll ? 0.78 : 0.62)) / doc.widthOfString(TRAINING_MARK);
    const stamps = roll ? Math.max(1, Math.floor(h / (w * 1.4))) : 1;
    const centres = Array.from({ length: stamps }, (_, k) => (h / stamps) * (k + 0.5));
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // text near the foot must not open a page of its own
    for (const cy of centres) {
      doc.save();
      doc.rotate(-angle, { origin: [w / 2, cy] });
      doc.font('B').fontSize(size).fillColor('#c00000', 0.16);
      doc.text(TRAINING_MARK, w / 2 - doc.widthOfString(TRAINING_MARK) / 2, cy - size * 0.62, { lineBreak: false });
      const small = size * 0.3;
      doc.font('B').fontSize(small);
      doc.text(TRAINING_NOTE, w / 2 - doc.widthOfString(TRAINING_NOTE) / 2, cy + size * 0.45, { lineBreak: false });
      doc.restore();
    }
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('#000000', 1);
}

const ROLL_DRAFT_HEIGHT = 5000;

/**
 * Renders with the receipt fonts registered as R, B, I. A roll is drawn twice: once on a very long
 * page to learn how long it is, then on a page of exactly that length. `mode` is required: a new
 * paper cannot forget the training stamp.
 */
export async function renderPdf(layout: Layout, info: PDFKit.DocumentInfo, draw: (doc: Doc) => void, mode: PaperMode): Promise<Buffer> {
  const PDFDocument = await pdfkit();
  if (mode.training) info = { ...info, Title: `[${TRAINING_MARK}] ${info.Title ?? ''}`.trim(), Keywords: TRAINING_MARK };
  let height = layout.height;
  if (height === null) {
    const draft = open(PDFDocument, layout, ROLL_DRAFT_HEIGHT, info);
    draw(draft);
    height = Math.ceil(draft.y + layout.margin.bottom);
    draft.end();
  }
  const doc = open(PDFDocument, layout, height, info);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  if (mode.training) stampTraining(doc);
  doc.end();
  return done;
}

/**
 * pdfkit, loaded at the first paper rather than at start-up: about 0.2 s of CPU a server restart
 * need not wait for (an import is cached: later papers do not pay it).
 */
let loaded: Promise<typeof PDFDocumentClass> | null = null;
function pdfkit(): Promise<typeof PDFDocumentClass> {
  loaded ??= import('pdfkit').then((m) => m.default);
  return loaded;
}

function open(PDFDocument: typeof PDFDocumentClass, layout: Layout, height: number, info: PDFKit.DocumentInfo): Doc {
  const fonts = fontsForNewDocument();
  const doc = new PDFDocument({
    size: [layout.width, height],
    margins: layout.margin,
    lang: 'vi-VN',
    // No Helvetica: it cannot write Vietnamese, and loading its metrics for every paper cost ~10 %.
    font: null as unknown as string,
    bufferPages: true, // to number the pages once the length is known
    info: { Creator: 'MotCua', ...info },
  }) as Doc;
  // @types/pdfkit does not know that registerFont accepts a parsed fontkit Font.
  const register = doc.registerFont.bind(doc) as unknown as (name: string, font: unknown) => void;
  register('R', fonts.regular);
  register('B', fonts.bold);
  register('I', fonts.italic);
  doc.font('R');
  return doc;
}
