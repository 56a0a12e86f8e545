/**
 * Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Circular 01/2018/TT-VPCP; kept as form 01 by
 * Circular 03/2025/TT-VPCP), on A4, with the lookup key as a Code 128 barcode for the kiosk.
 * The receipts issue refines the layouts (A5, 80 mm thermal); this is the complete A4 content.
 */
import PDFDocument from 'pdfkit';
import type { CentreInfo, ReceivedDocument } from '../../shared/contracts.ts';
import { formatLookupKey } from '../../shared/lookup-key.ts';
import { formatVnFormal, vnParts } from '../../shared/time.ts';
import { RETURN_METHODS, type ReturnMethod } from '../../shared/vocabulary.ts';
import { workingDaysLabel } from '../../shared/working-time.ts';
import { QUIET_ZONE_MODULES, code128, drawBarcode } from './barcode.ts';
import { receiptFonts } from './fonts.ts';

export interface ReceiptData {
  readonly centre: CentreInfo;
  readonly code: string;
  readonly lookupKey: string;
  readonly copy: 'applicant' | 'file';
  readonly applicant: { fullName: string; idNumber: string; address: string; phone: string; email: string };
  readonly procedure: { code: string; name: string };
  readonly documents: readonly ReceivedDocument[];
  readonly sets: number;
  readonly timeLimitMinutes: number;
  readonly receivedAt: Date;
  readonly dueAt: Date;
  readonly returnMethod: ReturnMethod;
  readonly registerYear: number;
  readonly registerNo: number;
  readonly receivedBy: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { left: 62, right: 45, top: 34, bottom: 34 };
const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const BODY = 11; // pt: the forms' 13–14 pt Times is set for A5-folded A4; 11 pt keeps Mẫu 01 on one A4 page
const two = (n: number) => String(n).padStart(2, '0');

type Doc = PDFKit.PDFDocument;

export function renderReceiptPdf(data: ReceiptData): Promise<Buffer> {
  const fonts = receiptFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    lang: 'vi-VN',
    bufferPages: true, // to number the pages once the length is known
    info: {
      Title: `Giấy tiếp nhận hồ sơ và hẹn trả kết quả ${data.code}`,
      Author: data.centre.name,
      Subject: data.procedure.name,
      Creator: 'MotCua',
    },
  }) as Doc;
  // @types/pdfkit does not know that registerFont accepts a parsed fontkit Font (STACK.md).
  const register = doc.registerFont.bind(doc) as unknown as (name: string, font: unknown) => void;
  register('R', fonts.regular);
  register('B', fonts.bold);
  register('I', fonts.italic);

  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  header(doc, data);
  // The tracking box sits under the title, so a long document list can never push the barcode off
  // the first page (the page the applicant keeps folded in a pocket).
  tracking(doc, data);
  body(doc, data);
  signatures(doc, data);
  notes(doc, data);
  pageNumbers(doc, data);
  doc.end();
  return done;
}

/** A long document list can run over: every page then says which it is and whose receipt. */
function pageNumbers(doc: Doc, d: ReceiptData) {
  const { start, count } = doc.bufferedPageRange();
  if (count < 2) return;
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not start yet another page
    doc.font('I').fontSize(9).text(`Mã hồ sơ ${d.code} — Trang ${i - start + 1}/${count}`, MARGIN.left, A4.height - 24, { width: CONTENT_WIDTH, align: 'center' });
    doc.page.margins.bottom = bottom;
  }
}

function header(doc: Doc, d: ReceiptData) {
  // The form's number as the Circular prints it (Mẫu số 01, kept by Circular 03/2025/TT-VPCP).
  doc.font('I').fontSize(9).text('Mẫu số 01', MARGIN.left, 16, { width: CONTENT_WIDTH, align: 'right' });
  const leftW = CONTENT_WIDTH * 0.44;
  const rightX = MARGIN.left + leftW;
  const rightW = CONTENT_WIDTH - leftW;
  const top = MARGIN.top;
  doc.font('R').fontSize(11).text(d.centre.parentAuthority.toLocaleUpperCase('vi'), MARGIN.left, top, { width: leftW, align: 'center' });
  doc.font('B').fontSize(11).text(d.centre.name.toLocaleUpperCase('vi'), { width: leftW, align: 'center' });
  let y = doc.y + 2;
  doc.moveTo(MARGIN.left + leftW / 2 - 40, y).lineTo(MARGIN.left + leftW / 2 + 40, y).lineWidth(0.6).stroke();
  doc.font('R').fontSize(11).text(`Số: ${String(d.registerNo).padStart(4, '0')}/${d.registerYear}`, MARGIN.left, y + 5, { width: leftW, align: 'center' });
  const leftBottom = doc.y;

  doc.font('B').fontSize(11).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, top, { width: rightW, align: 'center' });
  doc.font('B').fontSize(12).text('Độc lập - Tự do - Hạnh phúc', { width: rightW, align: 'center' });
  y = doc.y + 2;
  doc.moveTo(rightX + rightW / 2 - 78, y).lineTo(rightX + rightW / 2 + 78, y).lineWidth(0.6).stroke();
  const p = vnParts(d.receivedAt);
  const place = d.centre.place || d.centre.name;
  doc.font('I').fontSize(11).text(`${place}, ngày ${two(p.day)} tháng ${two(p.month)} năm ${p.year}`, rightX, y + 5, { width: rightW, align: 'center' });

  doc.y = Math.max(leftBottom, doc.y) + 12;
  doc.font('B').fontSize(14).text('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', MARGIN.left, doc.y, { width: CONTENT_WIDTH, align: 'center' });
  doc.font('B').fontSize(12).text(`Mã hồ sơ: ${d.code}`, { width: CONTENT_WIDTH, align: 'center' });
  const copy = d.copy === 'applicant' ? 'Liên: giao người nộp hồ sơ' : 'Liên: lưu tại Trung tâm';
  doc.font('I').fontSize(10.5).text(`(${copy})`, { width: CONTENT_WIDTH, align: 'center' });
  if (d.centre.fictional) {
    doc.font('B').fontSize(9).fillColor('#a00000')
      .text('DỮ LIỆU MINH HỌA: hư cấu, không có giá trị pháp lý (demo data, fictional)', { width: CONTENT_WIDTH, align: 'center' });
    doc.fillColor('#000000');
  }
  doc.moveDown(0.5);
}

function line(doc: Doc, label: string, value: string, options: { bold?: boolean } = {}) {
  doc.font('R').fontSize(BODY).text(label, MARGIN.left, doc.y, { continued: true, width: CONTENT_WIDTH });
  doc.font(options.bold ? 'B' : 'R').text(value || '…………………………', { width: CONTENT_WIDTH });
}

function body(doc: Doc, d: ReceiptData) {
  doc.font('R').fontSize(BODY).text(`${d.centre.name} đã tiếp nhận hồ sơ của:`, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.2);
  line(doc, 'Ông/Bà: ', d.applicant.fullName, { bold: true });
  line(doc, 'Số định danh cá nhân/CCCD/Hộ chiếu: ', d.applicant.idNumber);
  line(doc, 'Địa chỉ: ', d.applicant.address);
  doc.font('R').fontSize(BODY).text(`Số điện thoại: ${d.applicant.phone || '…………………'}`, MARGIN.left, doc.y, { continued: true, width: CONTENT_WIDTH });
  doc.text(`        Thư điện tử: ${d.applicant.email || '…………………'}`);
  line(doc, 'Nội dung yêu cầu giải quyết: ', `${d.procedure.name} (mã thủ tục ${d.procedure.code})`);
  doc.moveDown(0.3);
  doc.font('R').fontSize(BODY).text('1. Thành phần hồ sơ nộp gồm:', MARGIN.left, doc.y);
  documentsTable(doc, d.documents);
  doc.moveDown(0.3);
  line(doc, '2. Số lượng hồ sơ: ', `${two(d.sets)} (bộ)`);
  const days = workingDaysLabel(d.timeLimitMinutes, 'vi');
  line(doc, '3. Thời gian giải quyết hồ sơ theo quy định là: ', `${days} (${d.timeLimitMinutes / 60} giờ làm việc)`);
  line(doc, '4. Thời gian nhận hồ sơ: ', formatVnFormal(d.receivedAt));
  line(doc, '5. Thời gian trả kết quả giải quyết hồ sơ: ', formatVnFormal(d.dueAt), { bold: true });
  const where = d.returnMethod === 'at_centre' ? `${RETURN_METHODS.at_centre.vi} — ${d.centre.address}` : RETURN_METHODS[d.returnMethod].vi;
  line(doc, '6. Đăng ký nhận kết quả: ', where);
  doc.font('R').fontSize(BODY).text(`Vào Sổ theo dõi hồ sơ: quyển số ${d.registerYear}, số thứ tự ${d.registerNo}.`, MARGIN.left, doc.y);
}

function documentsTable(doc: Doc, documents: readonly ReceivedDocument[]) {
  const cols = [28, CONTENT_WIDTH - 28 - 62 - 62, 62, 62];
  const heads = ['STT', 'Tên giấy tờ', 'Bản chính', 'Bản sao'];
  const x0 = MARGIN.left;
  const row = (cells: string[], font: 'R' | 'B') => {
    doc.font(font).fontSize(10.5);
    const heights = cells.map((c, i) => doc.heightOfString(c, { width: cols[i]! - 8 }));
    const h = Math.max(...heights) + 6;
    if (doc.y + h > A4.height - MARGIN.bottom) {
      doc.addPage();
      // The column heads again, so the continued list reads on its own.
      if (font === 'R') row(heads, 'B');
      doc.font(font).fontSize(10.5);
    }
    const y = doc.y;
    let x = x0;
    cells.forEach((c, i) => {
      doc.rect(x, y, cols[i]!, h).lineWidth(0.5).stroke();
      doc.text(c, x + 4, y + 3, { width: cols[i]! - 8, align: i === 1 ? 'left' : 'center' });
      x += cols[i]!;
    });
    doc.y = y + h;
  };
  doc.moveDown(0.2);
  row(heads, 'B');
  documents.forEach((d, i) => row([String(i + 1), d.name, String(d.originals), String(d.copies)], 'R'));
  doc.x = MARGIN.left;
}

function ensureSpace(doc: Doc, height: number) {
  if (doc.y + height > A4.height - MARGIN.bottom) doc.addPage();
}

function signatures(doc: Doc, d: ReceiptData) {
  ensureSpace(doc, 100);
  doc.moveDown(0.4);
  const y = doc.y;
  const half = CONTENT_WIDTH / 2;
  doc.font('B').fontSize(11).text('NGƯỜI NỘP HỒ SƠ', MARGIN.left, y, { width: half, align: 'center' });
  doc.font('I').fontSize(10).text('(Ký và ghi rõ họ tên)', { width: half, align: 'center' });
  doc.font('B').fontSize(11).text('NGƯỜI TIẾP NHẬN HỒ SƠ', MARGIN.left + half, y, { width: half, align: 'center' });
  doc.font('I').fontSize(10).text('(Ký và ghi rõ họ tên)', { width: half, align: 'center' });
  doc.font('R').fontSize(11).text(d.receivedBy, MARGIN.left + half, doc.y + 34, { width: half, align: 'center' });
  doc.x = MARGIN.left;
  doc.moveDown(0.5);
}

const TRACKING_VI =
  'Quét mã vạch tại máy tra cứu của Trung tâm, hoặc nhập 16 chữ số dưới mã vạch, để xem hồ sơ đang ở bước nào, bộ phận nào giữ và ngày hẹn trả. Xin giữ kín mã này.';
const TRACKING_EN = 'Scan this barcode at the centre’s kiosk, or type the 16 digits, to follow your dossier.';

function tracking(doc: Doc, d: ReceiptData) {
  const barcode = code128(d.lookupKey);
  // 1.35 pt (0.48 mm) per module: well above what kiosk scanners and phone cameras resolve, and with
  // the quiet zones the symbol stays under 200 pt wide.
  const moduleWidth = 1.35;
  const codeWidth = barcode.modules * moduleWidth;
  const bx = MARGIN.left + QUIET_ZONE_MODULES * moduleWidth + 6;
  const tx = bx + codeWidth + QUIET_ZONE_MODULES * moduleWidth + 8;
  const tw = MARGIN.left + CONTENT_WIDTH - tx - 10;
  const textH =
    doc.font('B').fontSize(11).heightOfString('TRA CỨU TÌNH TRẠNG HỒ SƠ', { width: tw }) +
    doc.font('R').fontSize(10).heightOfString(TRACKING_VI, { width: tw }) +
    doc.font('I').fontSize(9).heightOfString(TRACKING_EN, { width: tw }) + 4;
  const boxH = Math.max(80, textH + 16);
  const y = doc.y;
  doc.roundedRect(MARGIN.left, y, CONTENT_WIDTH, boxH, 4).lineWidth(0.8).stroke();
  const barY = y + (boxH - 68) / 2;
  drawBarcode(doc, barcode, bx, barY, moduleWidth, 50);
  doc.font('B').fontSize(13).text(formatLookupKey(d.lookupKey), bx - 10, barY + 55, { width: codeWidth + 20, align: 'center', characterSpacing: 1 });
  doc.font('B').fontSize(11).text('TRA CỨU TÌNH TRẠNG HỒ SƠ', tx, y + 8, { width: tw });
  doc.font('R').fontSize(10).text(TRACKING_VI, tx, doc.y + 2, { width: tw });
  doc.font('I').fontSize(9).text(TRACKING_EN, tx, doc.y + 2, { width: tw });
  doc.x = MARGIN.left;
  doc.y = y + boxH + 10;
}

function notes(doc: Doc, d: ReceiptData) {
  ensureSpace(doc, 70);
  doc.font('B').fontSize(10).text('Ghi chú:', MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  const items = [
    'Kết quả có thể được trả trước thời hạn; khi đó Trung tâm sẽ báo trước cho người nộp hồ sơ.',
    'Khi đến nhận kết quả, xin mang theo Giấy tiếp nhận này; nếu nhận thay, mang theo văn bản ủy quyền.',
    `Nếu hồ sơ có thể trễ hẹn, cơ quan giải quyết phải gửi Phiếu xin lỗi và hẹn lại ngày trả kết quả.${d.centre.phone ? ` Điện thoại hỗ trợ: ${d.centre.phone}.` : ''}`,
  ];
  doc.font('R').fontSize(9.5).list(items, { width: CONTENT_WIDTH, bulletRadius: 1.5, textIndent: 10 });
}
