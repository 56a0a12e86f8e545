/**
 * The pieces the reports' PDFs share, in the style of the official papers in server/receipts/ (Noto
 * Serif, the two header blocks of a Vietnamese administrative document, ruled tables): the header,
 * section titles, tables whose head repeats on a new page, and the footer on every page —
 * "Trang i/n", and "Dữ liệu minh họa" when the centre is the fictional demo one.
 */
import type { CentreInfo } from '../../shared/contracts.ts';
import { parseIsoInstant, vnParts } from '../../shared/time.ts';
import { type Doc, type Layout, LAYOUT, contentWidth, trainingLine } from '../receipts/layout.ts';

/** A4 portrait with room in the bottom margin for the footer line. */
export const REPORT_A4: Layout = { ...LAYOUT.a4, margin: { left: 56, right: 42, top: 40, bottom: 46 } };

export type L = Layout & { cw: number };
export const withWidth = (l: Layout): L => ({ ...l, cw: contentWidth(l) });

export const INK = '#000000';
export const GREY = '#555555';
export const RULE = '#999999';
export const HEAD_FILL = '#e6e6e6';
export const DEMO_RED = '#a00000';

const two = (n: number) => String(n).padStart(2, '0');

/** The agency block on the left, the national motto and the place and date on the right; then the title lines. */
export function reportHeader(doc: Doc, l: L, h: { centre: CentreInfo; at: string; title: string; subtitles: readonly string[]; note: string; training: boolean }): void {
  const leftW = l.cw * 0.42;
  const rightX = l.margin.left + leftW;
  const rightW = l.cw - leftW;
  const top = l.margin.top;
  doc.fillColor(INK);
  doc.font('R').fontSize(10.5).text(h.centre.parentAuthority.toLocaleUpperCase('vi'), l.margin.left, top, { width: leftW, align: 'center' });
  doc.font('B').fontSize(10.5).text(h.centre.name.toLocaleUpperCase('vi'), { width: leftW, align: 'center' });
  let y = doc.y + 2;
  doc.moveTo(l.margin.left + leftW / 2 - 30, y).lineTo(l.margin.left + leftW / 2 + 30, y).lineWidth(0.6).strokeColor(INK).stroke();
  doc.font('R').fontSize(10.5).text('Số:        /BC', l.margin.left, y + 5, { width: leftW, align: 'center' });
  const leftBottom = doc.y;
  doc.font('B').fontSize(10.5).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, top, { width: rightW, align: 'center' });
  doc.font('B').fontSize(11.5).text('Độc lập - Tự do - Hạnh phúc', { width: rightW, align: 'center' });
  y = doc.y + 2;
  doc.moveTo(rightX + rightW / 2 - 72, y).lineTo(rightX + rightW / 2 + 72, y).lineWidth(0.6).stroke();
  const p = vnParts(parseIsoInstant(h.at)!);
  doc.font('I').fontSize(10.5).text(`${h.centre.place || h.centre.name}, ngày ${two(p.day)} tháng ${two(p.month)} năm ${p.year}`, rightX, y + 5, { width: rightW, align: 'center' });
  doc.y = Math.max(leftBottom, doc.y) + 12;
  doc.font('B').fontSize(14).text(h.title, l.margin.left, doc.y, { width: l.cw, align: 'center' });
  for (const s of h.subtitles) doc.font('B').fontSize(12).text(s, l.margin.left, doc.y, { width: l.cw, align: 'center' });
  doc.font('I').fontSize(9.5).text(h.note, l.margin.left, doc.y + 2, { width: l.cw, align: 'center' });
  if (h.training) trainingLine(doc, l, 10);
  if (h.centre.fictional) {
    doc.font('B').fontSize(9).fillColor(DEMO_RED).text('DỮ LIỆU MINH HỌA: hư cấu, không có giá trị pháp lý (demo data, fictional)', l.margin.left, doc.y + 1, { width: l.cw, align: 'center' });
    doc.fillColor(INK);
  }
  doc.y += 8;
}

/** A numbered section title ("I. TỔNG HỢP"), kept with at least `keep` points of what follows. */
export function section(doc: Doc, l: L, title: string, keep = 60): void {
  if (doc.y + 18 + keep > l.height! - l.margin.bottom) doc.addPage();
  doc.font('B').fontSize(11.5).fillColor(INK).text(title, l.margin.left, doc.y + 4, { width: l.cw });
  doc.y += 3;
}

export interface TableColumn {
  readonly header: string;
  /** Relative width. */
  readonly width: number;
  readonly align?: 'left' | 'center' | 'right';
}

/** Columns of figures, by header and relative width: right-aligned, so the digits line up. */
export const figureColumns = (columns: readonly (readonly [header: string, width: number])[]): TableColumn[] => columns.map(([header, width]) => ({ header, width, align: 'right' }));

export interface TableOptions {
  readonly size?: number;
  /** Rows drawn bold (a total). */
  readonly bold?: ReadonlySet<number>;
  /** Stop before this y and return the rows left undrawn, instead of opening a page. */
  readonly stopAt?: number;
}

/** A ruled table; rows grow to their text, the head repeats on each new page. Returns how many rows were drawn. */
export function table(doc: Doc, l: L, columns: readonly TableColumn[], rows: readonly (readonly string[])[], options: TableOptions = {}): number {
  const size = options.size ?? 9;
  const total = columns.reduce((a, c) => a + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * l.cw);
  const pad = 3;
  const bottom = l.height! - l.margin.bottom;
  const heightOf = (cells: readonly string[], font: 'R' | 'B') => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
  };
  const draw = (cells: readonly string[], font: 'R' | 'B', head: boolean) => {
    const h = heightOf(cells, font);
    const y = doc.y;
    let x = l.margin.left;
    cells.forEach((c, i) => {
      if (head) doc.rect(x, y, widths[i]!, h).fillColor(HEAD_FILL).fill();
      doc.rect(x, y, widths[i]!, h).lineWidth(0.5).strokeColor(INK).stroke();
      doc.fillColor(INK).font(font).fontSize(size).text(c, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: head ? 'center' : (columns[i]!.align ?? 'left') });
      x += widths[i]!;
    });
    doc.x = l.margin.left;
    doc.y = y + h;
  };
  const head = columns.map((c) => c.header);
  if (doc.y + heightOf(head, 'B') + heightOf(rows[0] ?? head, 'R') > (options.stopAt ?? bottom)) {
    if (options.stopAt !== undefined) return 0;
    doc.addPage();
  }
  draw(head, 'B', true);
  let drawn = 0;
  for (const [i, r] of rows.entries()) {
    const font = options.bold?.has(i) ? 'B' : 'R';
    const h = heightOf(r, font);
    if (doc.y + h > (options.stopAt ?? bottom)) {
      if (options.stopAt !== undefined) return drawn;
      doc.addPage();
      draw(head, 'B', true);
    }
    draw(r, font, false);
    drawn++;
  }
  return drawn;
}

/** A line of small italic text under a table or section. */
export function note(doc: Doc, l: L, text: string, size = 8.5): void {
  doc.font('I').fontSize(size).fillColor(GREY).text(text, l.margin.left, doc.y + 2, { width: l.cw });
  doc.fillColor(INK);
}

/** The footer of every page: what the paper is, "Dữ liệu minh họa" for the demo centre, "Trang i/n". */
export function footers(doc: Doc, l: L, label: string, fictional: boolean): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // a footer written in the margin must not open a page of its own
    const y = doc.page.height - l.margin.bottom + 14;
    doc.moveTo(l.margin.left, y - 4).lineTo(l.margin.left + l.cw, y - 4).lineWidth(0.4).strokeColor(RULE).stroke();
    doc.font('I').fontSize(8).fillColor(GREY).text(label, l.margin.left, y, { width: l.cw / 2, lineBreak: false });
    if (fictional) doc.font('B').fontSize(8).fillColor(DEMO_RED).text('Dữ liệu minh họa', l.margin.left + l.cw / 2 - 60, y, { width: 120, align: 'center', lineBreak: false });
    doc.font('I').fontSize(8).fillColor(GREY).text(`Trang ${i - start + 1}/${count}`, l.margin.left + l.cw - 100, y, { width: 100, align: 'right', lineBreak: false });
    doc.fillColor(INK).strokeColor(INK);
    doc.page.margins.bottom = bottom;
  }
}
