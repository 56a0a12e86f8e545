/**
 * Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Circular 01/2018/TT-VPCP; kept as form 01 by
 * Circular 03/2025/TT-VPCP), on A4, A5 or an 80 mm roll, with the lookup key as a Code 128 barcode
 * for the kiosk and the public lookup address as a QR code for a phone.
 */
import type { CentreInfo, ReceivedDocument } from '../../shared/contracts.ts';
import { formatLookupKey } from '../../shared/lookup-key.ts';
import { formatVnFormal, vnParts } from '../../shared/time.ts';
import { RETURN_METHODS, type ReturnMethod } from '../../shared/vocabulary.ts';
import { workingDaysLabel } from '../../shared/working-time.ts';
import { QR_QUIET_ZONE_MODULES, QUIET_ZONE_MODULES, code128, drawBarcode, drawMatrix, qrMatrix } from './barcode.ts';
import { type Doc, type Layout, contentWidth, pageBottom, pageNumbers, renderPdf, trainingLine } from './layout.ts';

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
  /** The time-limit variant picked at intake (a mountain commune, a case needing verification), named on the receipt. */
  readonly timeLimitVariant?: { readonly vi: string } | null;
  readonly receivedAt: Date;
  readonly dueAt: Date;
  readonly returnMethod: ReturnMethod;
  readonly registerYear: number;
  readonly registerNo: number;
  readonly receivedBy: string;
  /** The public lookup address printed as a QR code: <public base URL>/k/<lookup key>. */
  readonly lookupUrl: string;
  /** 0 for the original; n for the n-th reprint ("Bản in lại lần n"). */
  readonly reprint: number;
  /** From a training database: stamped "ĐÀO TẠO / TRAINING" on every page. */
  readonly training: boolean;
}

const two = (n: number) => String(n).padStart(2, '0');

export function renderReceiptPdf(data: ReceiptData, layout: Layout): Promise<Buffer> {
  const info = { Title: `Giấy tiếp nhận hồ sơ và hẹn trả kết quả ${data.code}`, Author: data.centre.name, Subject: data.procedure.name };
  return renderPdf(layout, info, (doc) => {
    const L = { ...layout, cw: contentWidth(layout) };
    header(doc, data, L);
    // The tracking box sits under the title, so a long document list can never push the barcode off
    // the first page (the page the applicant keeps folded in a pocket).
    tracking(doc, data, L);
    body(doc, data, L);
    signatures(doc, data, L);
    notes(doc, data, L);
    // A long document list can run over: every page then says which it is and whose receipt.
    pageNumbers(doc, layout, `Mã hồ sơ ${data.code}`, pt(L, 9));
  }, { training: data.training });
}

type L = Layout & { cw: number };

/** Type sizes scale with the layout's body size: 11 pt on A4 is the reference. */
const pt = (l: L, a4Size: number) => (a4Size * l.size.body) / 11;

function header(doc: Doc, d: ReceiptData, l: L) {
  // The form's number as the Circular prints it (Mẫu số 01, kept by Circular 03/2025/TT-VPCP).
  doc.font('I').fontSize(pt(l, 9)).text('Mẫu số 01', l.margin.left, Math.max(l.margin.top - pt(l, 16), 6), { width: l.cw, align: 'right' });
  const p = vnParts(d.receivedAt);
  const place = d.centre.place || d.centre.name;
  const dateLine = `${place}, ngày ${two(p.day)} tháng ${two(p.month)} năm ${p.year}`;
  const number = `Số: ${String(d.registerNo).padStart(4, '0')}/${d.registerYear}`;
  const rule = (cx: number, y: number, half: number) => doc.moveTo(cx - half, y).lineTo(cx + half, y).lineWidth(0.6).stroke();
  if (l.narrow) {
    // One column on a roll: the agency, then the national motto, each centred.
    const cx = l.margin.left + l.cw / 2;
    doc.font('R').fontSize(pt(l, 11)).text(d.centre.parentAuthority.toLocaleUpperCase('vi'), l.margin.left, l.margin.top + pt(l, 6), { width: l.cw, align: 'center' });
    doc.font('B').text(d.centre.name.toLocaleUpperCase('vi'), { width: l.cw, align: 'center' });
    doc.font('B').fontSize(pt(l, 10.5)).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', l.margin.left, doc.y + 4, { width: l.cw, align: 'center' });
    doc.font('B').fontSize(pt(l, 11)).text('Độc lập - Tự do - Hạnh phúc', { width: l.cw, align: 'center' });
    rule(cx, doc.y + 2, 50);
    doc.font('R').fontSize(pt(l, 10.5)).text(number, l.margin.left, doc.y + 5, { width: l.cw, align: 'center' });
    doc.font('I').text(dateLine, { width: l.cw, align: 'center' });
  } else {
    const leftW = l.cw * 0.44;
    const rightX = l.margin.left + leftW;
    const rightW = l.cw - leftW;
    const top = l.margin.top;
    doc.font('R').fontSize(pt(l, 11)).text(d.centre.parentAuthority.toLocaleUpperCase('vi'), l.margin.left, top, { width: leftW, align: 'center' });
    doc.font('B').text(d.centre.name.toLocaleUpperCase('vi'), { width: leftW, align: 'center' });
    let y = doc.y + 2;
    rule(l.margin.left + leftW / 2, y, pt(l, 40));
    doc.font('R').text(number, l.margin.left, y + 5, { width: leftW, align: 'center' });
    const leftBottom = doc.y;
    doc.font('B').fontSize(pt(l, 11)).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, top, { width: rightW, align: 'center' });
    doc.font('B').fontSize(pt(l, 12)).text('Độc lập - Tự do - Hạnh phúc', { width: rightW, align: 'center' });
    y = doc.y + 2;
    rule(rightX + rightW / 2, y, pt(l, 78));
    doc.font('I').fontSize(pt(l, 11)).text(dateLine, rightX, y + 5, { width: rightW, align: 'center' });
    doc.y = Math.max(leftBottom, doc.y);
  }
  doc.y += pt(l, 12);
  doc.font('B').fontSize(l.size.title).text('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', l.margin.left, doc.y, { width: l.cw, align: 'center' });
  // The code printed large: the clerk reads it out, the applicant quotes it on the phone.
  doc.font('B').fontSize(pt(l, l.narrow ? 13 : 15)).text(`Mã hồ sơ: ${d.code}`, { width: l.cw, align: 'center' });
  const copy = d.copy === 'applicant' ? 'Liên: giao người nộp hồ sơ' : 'Liên: lưu tại Trung tâm';
  doc.font('I').fontSize(pt(l, 10.5)).text(`(${copy})`, { width: l.cw, align: 'center' });
  if (d.reprint > 0) {
    // A reprint says so, and which: a citizen holding two papers can tell the original.
    doc.font('B').fontSize(pt(l, 10.5)).text(`BẢN IN LẠI — lần ${d.reprint}`, { width: l.cw, align: 'center' });
  }
  if (d.training) trainingLine(doc, l, pt(l, 10.5));
  if (d.centre.fictional) {
    doc.font('B').fontSize(pt(l, 9)).fillColor('#a00000').text('DỮ LIỆU MINH HỌA: hư cấu, không có giá trị pháp lý (demo data, fictional)', { width: l.cw, align: 'center' });
    doc.fillColor('#000000');
  }
  doc.moveDown(0.5);
}

function line(doc: Doc, l: L, label: string, value: string, options: { bold?: boolean } = {}) {
  doc.font('R').fontSize(l.size.body).text(label, l.margin.left, doc.y, { continued: true, width: l.cw });
  doc.font(options.bold ? 'B' : 'R').text(value || '…………………………', { width: l.cw });
}

function body(doc: Doc, d: ReceiptData, l: L) {
  doc.font('R').fontSize(l.size.body).text(`${d.centre.name} đã tiếp nhận hồ sơ của:`, l.margin.left, doc.y, { width: l.cw });
  doc.moveDown(0.2);
  line(doc, l, 'Ông/Bà: ', d.applicant.fullName, { bold: true });
  line(doc, l, 'Số định danh cá nhân/CCCD/Hộ chiếu: ', d.applicant.idNumber);
  line(doc, l, 'Địa chỉ: ', d.applicant.address);
  if (l.narrow) {
    line(doc, l, 'Số điện thoại: ', d.applicant.phone);
    line(doc, l, 'Thư điện tử: ', d.applicant.email);
  } else {
    doc.font('R').fontSize(l.size.body).text(`Số điện thoại: ${d.applicant.phone || '…………………'}`, l.margin.left, doc.y, { continued: true, width: l.cw });
    doc.text(`        Thư điện tử: ${d.applicant.email || '…………………'}`);
  }
  line(doc, l, 'Nội dung yêu cầu giải quyết: ', `${d.procedure.name} (mã thủ tục ${d.procedure.code})`);
  doc.moveDown(0.3);
  doc.font('R').fontSize(l.size.body).text('1. Thành phần hồ sơ nộp gồm:', l.margin.left, doc.y);
  documentsTable(doc, d.documents, l);
  doc.moveDown(0.3);
  line(doc, l, '2. Số lượng hồ sơ: ', `${two(d.sets)} (bộ)`);
  const days = workingDaysLabel(d.timeLimitMinutes, 'vi');
  // The case the limit comes from, named in the same line (its basis is in the published catalogue):
  // a receipt stays on one page.
  const variant = d.timeLimitVariant ? `, trường hợp: ${d.timeLimitVariant.vi}` : '';
  line(doc, l, '3. Thời gian giải quyết hồ sơ theo quy định là: ', `${days} (${d.timeLimitMinutes / 60} giờ làm việc)${variant}`);
  line(doc, l, '4. Thời gian nhận hồ sơ: ', formatVnFormal(d.receivedAt));
  line(doc, l, '5. Thời gian trả kết quả giải quyết hồ sơ: ', formatVnFormal(d.dueAt), { bold: true });
  const where = d.returnMethod === 'at_centre' ? `${RETURN_METHODS.at_centre.vi} — ${d.centre.address}` : RETURN_METHODS[d.returnMethod].vi;
  line(doc, l, '6. Đăng ký nhận kết quả: ', where);
  doc.font('R').fontSize(l.size.body).text(`Vào Sổ theo dõi hồ sơ: quyển số ${d.registerYear}, số thứ tự ${d.registerNo}.`, l.margin.left, doc.y, { width: l.cw });
}

function documentsTable(doc: Doc, documents: readonly ReceivedDocument[], l: L) {
  const num = pt(l, 28);
  const count = l.narrow ? pt(l, 40) : pt(l, 62);
  const cols = [num, l.cw - num - 2 * count, count, count];
  const heads = ['STT', 'Tên giấy tờ', 'Bản chính', 'Bản sao'];
  const size = pt(l, 10.5);
  const pad = pt(l, 4);
  const row = (cells: string[], font: 'R' | 'B') => {
    doc.font(font).fontSize(size);
    const heights = cells.map((c, i) => doc.heightOfString(c, { width: cols[i]! - 2 * pad }));
    const h = Math.max(...heights) + pt(l, 6);
    if (doc.y + h > pageBottom(l, doc)) {
      doc.addPage();
      // The column heads again, so the continued list reads on its own.
      if (font === 'R') row(heads, 'B');
      doc.font(font).fontSize(size);
    }
    const y = doc.y;
    let x = l.margin.left;
    cells.forEach((c, i) => {
      doc.rect(x, y, cols[i]!, h).lineWidth(0.5).stroke();
      doc.text(c, x + pad, y + pt(l, 3), { width: cols[i]! - 2 * pad, align: i === 1 ? 'left' : 'center' });
      x += cols[i]!;
    });
    doc.y = y + h;
  };
  doc.moveDown(0.2);
  row(heads, 'B');
  documents.forEach((d, i) => row([String(i + 1), d.name, String(d.originals), String(d.copies)], 'R'));
  doc.x = l.margin.left;
}

function ensureSpace(doc: Doc, l: L, height: number) {
  if (doc.y + height > pageBottom(l, doc)) doc.addPage();
}

function signatures(doc: Doc, d: ReceiptData, l: L) {
  ensureSpace(doc, l, pt(l, 100));
  doc.moveDown(0.4);
  if (l.narrow) {
    // A roll is too narrow for two blocks side by side: one under the other, each with room to sign.
    for (const [title, name] of [['NGƯỜI NỘP HỒ SƠ', ''], ['NGƯỜI TIẾP NHẬN HỒ SƠ', d.receivedBy]] as const) {
      doc.font('B').fontSize(pt(l, 11)).text(title, l.margin.left, doc.y, { width: l.cw, align: 'center' });
      doc.font('I').fontSize(pt(l, 10)).text('(Ký và ghi rõ họ tên)', { width: l.cw, align: 'center' });
      doc.font('R').fontSize(pt(l, 11)).text(name || ' ', l.margin.left, doc.y + pt(l, 30), { width: l.cw, align: 'center' });
      doc.moveDown(0.6);
    }
    return;
  }
  const y = doc.y;
  const half = l.cw / 2;
  doc.font('B').fontSize(pt(l, 11)).text('NGƯỜI NỘP HỒ SƠ', l.margin.left, y, { width: half, align: 'center' });
  doc.font('I').fontSize(pt(l, 10)).text('(Ký và ghi rõ họ tên)', { width: half, align: 'center' });
  doc.font('B').fontSize(pt(l, 11)).text('NGƯỜI TIẾP NHẬN HỒ SƠ', l.margin.left + half, y, { width: half, align: 'center' });
  doc.font('I').fontSize(pt(l, 10)).text('(Ký và ghi rõ họ tên)', { width: half, align: 'center' });
  doc.font('R').fontSize(pt(l, 11)).text(d.receivedBy, l.margin.left + half, doc.y + pt(l, 34), { width: half, align: 'center' });
  doc.x = l.margin.left;
  doc.moveDown(0.5);
}

const TRACKING_VI =
  'Quét mã vạch tại máy tra cứu của Trung tâm, hoặc nhập 16 chữ số dưới mã vạch, để xem hồ sơ đang ở bước nào, bộ phận nào giữ và ngày hẹn trả. Xin giữ kín mã này.';
const TRACKING_QR_VI = 'Hoặc quét mã QR bằng điện thoại.';
const TRACKING_SHORT_VI = 'Quét mã vạch tại máy tra cứu, hoặc mã QR bằng điện thoại, để theo dõi hồ sơ. Xin giữ kín mã này.';
const TRACKING_SHORT_EN = 'Scan at the kiosk or with a phone to follow your dossier.';
const TRACKING_EN = 'Scan the barcode at the centre’s kiosk, or type the 16 digits, or scan the QR code with a phone, to follow your dossier.';

function tracking(doc: Doc, d: ReceiptData, l: L) {
  const barcode = code128(d.lookupKey);
  const qr = qrMatrix(d.lookupUrl);
  const { module, height, qrModule } = l.barcode;
  const codeWidth = barcode.modules * module;
  const qrSide = qr.size * qrModule;
  const keyText = formatLookupKey(d.lookupKey);
  if (l.narrow) {
    // On a roll: the barcode centred with its quiet zones, the key beneath, then the QR, then the words.
    ensureSpace(doc, l, height + qrSide + 80);
    const y = doc.y + 4;
    const bx = l.margin.left + (l.cw - codeWidth) / 2;
    drawBarcode(doc, barcode, bx, y, module, height);
    doc.font('B').fontSize(pt(l, 13)).text(keyText, l.margin.left, y + height + 3, { width: l.cw, align: 'center', characterSpacing: 1 });
    const qy = doc.y + QR_QUIET_ZONE_MODULES * qrModule;
    drawMatrix(doc, qr, l.margin.left + (l.cw - qrSide) / 2, qy, qrModule);
    doc.font('R').fontSize(l.size.small).text(`${TRACKING_VI} ${TRACKING_QR_VI}`, l.margin.left, qy + qrSide + QR_QUIET_ZONE_MODULES * qrModule, { width: l.cw, align: 'center' });
    doc.moveDown(0.6);
    return;
  }
  const quiet = QUIET_ZONE_MODULES * module;
  const bx = l.margin.left + quiet + pt(l, 6);
  const qx = l.margin.left + l.cw - qrSide - QR_QUIET_ZONE_MODULES * qrModule;
  const tx = bx + codeWidth + quiet + pt(l, 4);
  const tw = qx - QR_QUIET_ZONE_MODULES * qrModule - tx;
  // A5 has room between the two symbols for the short wording only.
  const [vi, en] = l.name === 'a5' ? [TRACKING_SHORT_VI, TRACKING_SHORT_EN] : [`${TRACKING_VI} ${TRACKING_QR_VI}`, TRACKING_EN];
  const textH =
    doc.font('B').fontSize(pt(l, 11)).heightOfString('TRA CỨU TÌNH TRẠNG HỒ SƠ', { width: tw }) +
    doc.font('R').fontSize(pt(l, 9.5)).heightOfString(vi, { width: tw }) +
    doc.font('I').fontSize(pt(l, 8.5)).heightOfString(en, { width: tw }) + 4;
  const boxH = Math.max(height + pt(l, 30), qrSide + 2 * QR_QUIET_ZONE_MODULES * qrModule, textH + pt(l, 16));
  const y = doc.y;
  doc.roundedRect(l.margin.left, y, l.cw, boxH, 4).lineWidth(0.8).stroke();
  const barY = y + (boxH - height - pt(l, 18)) / 2;
  drawBarcode(doc, barcode, bx, barY, module, height);
  doc.font('B').fontSize(pt(l, 12)).text(keyText, bx - 10, barY + height + pt(l, 4), { width: codeWidth + 20, align: 'center', characterSpacing: 0.8 });
  drawMatrix(doc, qr, qx, y + (boxH - qrSide) / 2, qrModule);
  doc.font('B').fontSize(pt(l, 11)).text('TRA CỨU TÌNH TRẠNG HỒ SƠ', tx, y + pt(l, 8), { width: tw });
  doc.font('R').fontSize(pt(l, 9.5)).text(vi, tx, doc.y + 2, { width: tw });
  doc.font('I').fontSize(pt(l, 8.5)).text(en, tx, doc.y + 2, { width: tw });
  doc.x = l.margin.left;
  doc.y = y + boxH + pt(l, 10);
}

function notes(doc: Doc, d: ReceiptData, l: L) {
  ensureSpace(doc, l, pt(l, 70));
  doc.font('B').fontSize(pt(l, 10)).text('Ghi chú:', l.margin.left, doc.y, { width: l.cw });
  const items = [
    'Kết quả có thể được trả trước thời hạn; khi đó Trung tâm sẽ báo trước cho người nộp hồ sơ.',
    'Khi đến nhận kết quả, xin mang theo Giấy tiếp nhận này; nếu nhận thay, mang theo văn bản ủy quyền.',
    `Nếu hồ sơ có thể trễ hẹn, cơ quan giải quyết phải gửi Phiếu xin lỗi và hẹn lại ngày trả kết quả.${d.centre.phone ? ` Điện thoại hỗ trợ: ${d.centre.phone}.` : ''}`,
  ];
  doc.font('R').fontSize(l.size.small).list(items, { width: l.cw, bulletRadius: 1.5, textIndent: 10 });
}
