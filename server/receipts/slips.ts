/**
 * The other official papers, from the same layout engine as the receipt: the control sheet that
 * travels with the dossier (Mẫu 05, Mẫu 06 from 01/07/2025) and the register of dossiers for a date
 * range (Mẫu 06, Mẫu 07 from 01/07/2025; A4 landscape). Each takes the form set in force on the date
 * of what it records (shared/forms.ts).
 */
import type { CentreInfo } from '../../shared/contracts.ts';
import { formOn } from '../../shared/forms.ts';
import { formatVnFormal, formatVnShort, toVnDate, vnParts } from '../../shared/time.ts';
import { RETURN_METHODS, TIMELINESS, type ReturnMethod, type Timeliness } from '../../shared/vocabulary.ts';
import { type Doc, type Layout, contentWidth, pageBottom, pageNumbers, renderPdf, trainingLine } from './layout.ts';

const two = (n: number) => String(n).padStart(2, '0');
type L = Layout & { cw: number };

/** The two header blocks every form carries, the form's number, title and code. */
function officialHeader(doc: Doc, l: L, h: { centre: CentreInfo; formNumber: string | null; title: string; date: Date; lines: string[]; training: boolean }) {
  // A5 sets the same blocks smaller, as the printed forms do.
  const k = l.width < 500 ? 0.8 : 1;
  // A paper the form set in force had no form for (a stop notice before 01/07/2025) carries no number.
  if (h.formNumber !== null) doc.font('I').fontSize(9 * k).text(`Mẫu số ${h.formNumber}`, l.margin.left, Math.max(l.margin.top - 16, 6), { width: l.cw, align: 'right' });
  const leftW = l.cw * 0.44;
  const rightX = l.margin.left + leftW;
  const rightW = l.cw - leftW;
  const top = l.margin.top;
  doc.font('R').fontSize(11 * k).text(h.centre.parentAuthority.toLocaleUpperCase('vi'), l.margin.left, top, { width: leftW, align: 'center' });
  doc.font('B').text(h.centre.name.toLocaleUpperCase('vi'), { width: leftW, align: 'center' });
  const leftBottom = doc.y;
  doc.font('B').fontSize(11 * k).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, top, { width: rightW, align: 'center' });
  doc.font('B').fontSize(12 * k).text('Độc lập - Tự do - Hạnh phúc', { width: rightW, align: 'center' });
  const y = doc.y + 2;
  doc.moveTo(rightX + rightW / 2 - 78 * k, y).lineTo(rightX + rightW / 2 + 78 * k, y).lineWidth(0.6).stroke();
  const p = vnParts(h.date);
  doc.font('I').fontSize(11 * k).text(`${h.centre.place || h.centre.name}, ngày ${two(p.day)} tháng ${two(p.month)} năm ${p.year}`, rightX, y + 5, { width: rightW, align: 'center' });
  doc.y = Math.max(leftBottom, doc.y) + 12;
  doc.font('B').fontSize(14 * k).text(h.title, l.margin.left, doc.y, { width: l.cw, align: 'center' });
  for (const line of h.lines) doc.font('B').fontSize(12 * k).text(line, { width: l.cw, align: 'center' });
  if (h.training) trainingLine(doc, l, 10.5 * k);
  if (h.centre.fictional) {
    doc.font('B').fontSize(9 * k).fillColor('#a00000').text('DỮ LIỆU MINH HỌA: hư cấu, không có giá trị pháp lý (demo data, fictional)', { width: l.cw, align: 'center' });
    doc.fillColor('#000000');
  }
  doc.moveDown(0.6);
}

/** A table with ruled cells whose rows grow to their text; the head repeats on each new page. */
function table(doc: Doc, l: L, widths: readonly number[], head: readonly string[], rows: readonly (readonly string[])[], size = 10) {
  const total = widths.reduce((a, b) => a + b, 0);
  const cols = widths.map((w) => (w / total) * l.cw);
  const draw = (cells: readonly string[], font: 'R' | 'B') => {
    doc.font(font).fontSize(size);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: cols[i]! - 6 }))) + 6;
    if (doc.y + h > pageBottom(l, doc)) {
      doc.addPage();
      if (font === 'R') draw(head, 'B');
      doc.font(font).fontSize(size);
    }
    const y = doc.y;
    let x = l.margin.left;
    cells.forEach((c, i) => {
      doc.rect(x, y, cols[i]!, h).lineWidth(0.5).stroke();
      doc.text(c, x + 3, y + 3, { width: cols[i]! - 6, align: font === 'B' ? 'center' : 'left' });
      x += cols[i]!;
    });
    doc.x = l.margin.left;
    doc.y = y + h;
  };
  draw(head, 'B');
  for (const r of rows) draw(r, 'R');
}

const BLANK_TIME = '….. giờ ….. phút, ngày …../…../……';

/** The short form of a dossier's latest history link (`motcua audit verify` checks the whole chain). */
function historyLine(doc: Doc, l: L, hash: string | null) {
  if (!hash) return;
  doc.moveDown(0.4);
  doc.font('I').fontSize(l.width < 500 ? 7 : 8.5).text(`Mã kiểm tra lịch sử hồ sơ: ${hash.slice(0, 16)} (đối chiếu với lịch sử điện tử của hồ sơ)`, l.margin.left, doc.y, { width: l.cw });
}

/** From a training database: stamped "ĐÀO TẠO / TRAINING" on every page. */
interface Training {
  readonly training: boolean;
}

export interface ControlSheetData extends Training {
  readonly historyHash: string | null;
  readonly centre: CentreInfo;
  readonly code: string;
  readonly applicantName: string;
  readonly procedureName: string;
  readonly receivedAt: Date;
  readonly dueAt: Date;
  readonly steps: readonly {
    readonly name: string;
    readonly department: string;
    readonly dueAt: Date;
    readonly completedAt: Date | null;
    readonly timeliness: Timeliness | null;
    /** Who held the step (took it or finished it): the giver of its row, the receiver of the row before. */
    readonly heldBy: string | null;
    /** The holder's own clock (shared/step-clocks.ts); null for a step not reached. */
    readonly holder: {
      readonly arrivedAt: Date;
      readonly takenAt: Date | null;
      readonly allottedMinutes: number;
      readonly heldMinutes: number;
      readonly dueAt: Date;
      readonly timeliness: Timeliness | null;
      readonly lateMinutes: number | null;
    } | null;
  }[];
}

/** "1 ngày 2 giờ", "45 phút": working time as the forms read it. */
function workingSpan(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const days = Math.floor(m / 480);
  const hours = Math.floor((m % 480) / 60);
  const mins = m % 60;
  const parts = [days ? `${days} ngày` : '', hours ? `${hours} giờ` : '', mins || (!days && !hours) ? `${mins} phút` : ''].filter(Boolean);
  return parts.join(' ');
}

/** A step on both clocks, for the control sheet's notes: the plan's milestone, then the holder's own time. */
function stepClocksText(s: ControlSheetData['steps'][number]): string {
  const h = s.holder;
  const lines = [`${s.name}. Mốc kế hoạch: ${formatVnShort(s.dueAt)}`];
  if (h) {
    lines.push(`Đến bộ phận: ${formatVnShort(h.arrivedAt)}${h.takenAt ? `; nhận: ${formatVnShort(h.takenAt)}` : ''}${s.completedAt ? `; xong: ${formatVnShort(s.completedAt)}` : ''}`);
    lines.push(`Đã giữ ${workingSpan(h.heldMinutes)} / định mức ${workingSpan(h.allottedMinutes)}; hạn riêng ${formatVnShort(h.dueAt)}`);
  }
  return lines.join('\n');
}

/** The result column: the step against the plan, and its holder on their own clock. */
function stepResultText(s: ControlSheetData['steps'][number]): string {
  if (!s.completedAt) return 'Trước hạn / Đúng hạn / Quá hạn';
  const own = s.holder?.timeliness;
  const plan = s.timeliness ? TIMELINESS[s.timeliness].vi : '';
  const mine = own ? `${TIMELINESS[own].vi}${own === 'late' && s.holder?.lateMinutes ? ` ${workingSpan(s.holder.lateMinutes)}` : ''}` : '';
  return [plan && `Theo kế hoạch: ${plan}`, mine && `Người xử lý: ${mine}`].filter(Boolean).join('\n');
}

/** Mẫu 05 (06 from 01/07/2025): one row per handover, filled from the history where it happened. */
export function renderControlSheetPdf(d: ControlSheetData, layout: Layout): Promise<Buffer> {
  const form = formOn('controlSheet', toVnDate(d.receivedAt));
  return renderPdf(layout, { Title: `${form.title} ${d.code}`, Author: d.centre.name }, (doc) => {
    const l = { ...layout, cw: contentWidth(layout) };
    officialHeader(doc, l, { centre: d.centre, formNumber: form.number, title: form.title, date: d.receivedAt, lines: [`Mã hồ sơ: ${d.code}`], training: d.training });
    const lead = d.steps.find((s, i) => i > 0 && s.department !== d.steps[0]?.department)?.department ?? d.steps[0]?.department ?? '';
    const helpers = [...new Set(d.steps.map((s) => s.department))].filter((x) => x !== lead && x !== d.steps[0]?.department);
    const a5 = layout.name === 'a5';
    const line = (label: string, value: string) => {
      doc.font('R').fontSize(a5 ? 8.5 : 11).text(label, l.margin.left, doc.y, { continued: true, width: l.cw });
      doc.font('B').text(value, { width: l.cw });
    };
    line('(Kèm theo hồ sơ của) Ông/Bà: ', d.applicantName);
    line('Nội dung yêu cầu giải quyết: ', d.procedureName);
    line('Thời gian nhận hồ sơ: ', formatVnFormal(d.receivedAt));
    line('Thời gian trả kết quả giải quyết hồ sơ: ', formatVnFormal(d.dueAt));
    line('Cơ quan (bộ phận) giải quyết hồ sơ: ', lead);
    line('Cơ quan phối hợp giải quyết hồ sơ: ', helpers.join('; ') || 'không');
    doc.moveDown(0.5);
    // Row i: step i's holder hands the dossier to step i+1's; the stage it closes is step i.
    const rows = d.steps.slice(0, -1).map((s, i) => {
      const next = d.steps[i + 1]!;
      return [
        `${i + 1}. Giao: ${s.department}\nNhận: ${next.department}`,
        `${s.completedAt ? formatVnFormal(s.completedAt) : BLANK_TIME}\nNgười giao (ký): ${s.completedAt ? s.heldBy ?? '' : ''}\n\nNgười nhận (ký): ${s.completedAt ? next.heldBy ?? '' : ''}\n`,
        stepResultText(s),
        stepClocksText(s),
      ];
    });
    table(doc, l, [24, 28, 17, 31], ['TÊN CƠ QUAN', 'THỜI GIAN GIAO, NHẬN HỒ SƠ', 'KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)', 'GHI CHÚ'], rows, a5 ? 7.5 : 10);
    doc.moveDown(0.5);
    const last = d.steps.at(-1);
    if (last) {
      doc.font('R').fontSize(a5 ? 7.5 : 9.5).text(`Bước cuối — ${stepClocksText(last).replace(/\n/g, '; ')}${last.completedAt ? `. ${stepResultText(last).replace(/\n/g, '; ')}` : ''}.`, l.margin.left, doc.y, { width: l.cw });
      doc.moveDown(0.3);
    }
    doc.font('I').fontSize(a5 ? 7 : 9).text(`Ghi chú: mỗi lần giao, nhận ghi thời gian và ký; mốc kế hoạch của từng bước in ở cột Ghi chú (${form.basis}). Mỗi bước được đánh giá theo hai đồng hồ: theo mốc kế hoạch của hồ sơ, và theo thời gian người xử lý thực có (từ khi hồ sơ đến bộ phận, cộng định mức của bước).`, l.margin.left, doc.y, { width: l.cw });
    historyLine(doc, l, d.historyHash);
    pageNumbers(doc, l, `Mã hồ sơ ${d.code}`, 8);
  }, { training: d.training });
}

export interface RegisterRow {
  readonly registerNo: number;
  readonly code: string;
  readonly procedureName: string;
  readonly applicantName: string;
  readonly applicantContact: string;
  readonly leadDepartment: string;
  readonly receivedAt: Date;
  readonly dueAt: Date;
  readonly returnedAt: Date | null;
  readonly returnMethod: ReturnMethod;
}

/** Mẫu 06 (07 from 01/07/2025): the register for a date range, A4 landscape. */
export function renderRegisterPdf(d: Training & { centre: CentreInfo; from: string; to: string; printedAt: Date; rows: readonly RegisterRow[] }, layout: Layout): Promise<Buffer> {
  const form = formOn('register', d.to);
  const dmy = (iso: string) => iso.split('-').reverse().join('/');
  return renderPdf(layout, { Title: `${form.title} ${d.from}–${d.to}`, Author: d.centre.name }, (doc) => {
    const l = { ...layout, cw: contentWidth(layout) };
    officialHeader(doc, l, { centre: d.centre, formNumber: form.number, title: form.title, date: d.printedAt, lines: [`Từ ngày ${dmy(d.from)} đến ngày ${dmy(d.to)}`], training: d.training });
    const rows = d.rows.map((r) => [
      `${r.registerNo}`,
      r.code,
      r.procedureName,
      r.applicantName,
      r.applicantContact,
      r.leadDepartment,
      formatVnShort(r.receivedAt),
      formatVnShort(r.dueAt),
      r.returnedAt ? formatVnShort(r.returnedAt) : '',
      RETURN_METHODS[r.returnMethod].vi,
      '',
    ]);
    if (!rows.length) doc.font('I').fontSize(11).text('Không có hồ sơ nào được tiếp nhận trong khoảng thời gian này.', l.margin.left, doc.y, { width: l.cw, align: 'center' });
    else table(doc, l, [5, 18, 15, 11, 12, 11, 8, 8, 8, 8, 7], ['STT', 'Mã hồ sơ', 'Tên thủ tục hành chính', 'Người nộp', 'Địa chỉ, số điện thoại', 'Cơ quan chủ trì', 'Ngày nhận', 'Ngày hẹn trả', 'Ngày trả kết quả', 'Hình thức nhận kết quả', 'Ký nhận'], rows, 8);
    pageNumbers(doc, l, `${form.title} ${dmy(d.from)}–${dmy(d.to)}`, 8);
  }, { training: d.training });
}

/** The act a slip records, as the processing actions store it in the dossier's history. */
export type Act =
  | { readonly kind: 'supplement'; readonly at: Date; readonly reason: string; readonly documents: readonly { name: string; basis?: string; originals?: number; copies?: number }[]; readonly contact: string; readonly officer: string }
  | { readonly kind: 'refusal'; readonly at: Date; readonly reason: string; readonly officer: string }
  | { readonly kind: 'apology'; readonly at: Date; readonly reason: string; readonly newDueAt: Date; readonly department: string; readonly officer: string }
  | { readonly kind: 'stop'; readonly at: Date; readonly reason: string; readonly officer: string };

export interface ActSlipData extends Training {
  readonly historyHash: string | null;
  readonly centre: CentreInfo;
  readonly code: string;
  readonly applicant: { readonly fullName: string; readonly address: string; readonly phone: string; readonly email: string };
  readonly procedureName: string;
  readonly receivedAt: Date;
  readonly originalDueAt: Date;
  readonly act: Act;
}

/** Mẫu 02 (supplement request), 03 (refusal), 04 (apology), 05 (stop, 2025 set): the form in force on the act's date. */
export function renderActSlipPdf(d: ActSlipData, layout: Layout): Promise<Buffer> {
  const form = formOn(d.act.kind, toVnDate(d.act.at));
  return renderPdf(layout, { Title: `${form.title} ${d.code}`, Author: d.centre.name }, (doc) => {
    const l = { ...layout, cw: contentWidth(layout) };
    const size = layout.name === 'a5' ? 9 : 11;
    officialHeader(doc, l, { centre: d.centre, formNumber: form.number, title: form.title, date: d.act.at, lines: [`Mã hồ sơ: ${d.code}`], training: d.training });
    const para = (text: string, font: 'R' | 'B' | 'I' = 'R') => doc.font(font).fontSize(size).text(text, l.margin.left, doc.y, { width: l.cw, align: 'justify' });
    const line = (label: string, value: string) => {
      doc.font('R').fontSize(size).text(label, l.margin.left, doc.y, { continued: true, width: l.cw });
      doc.font('B').text(value || '…………………………', { width: l.cw });
    };
    line('Kính gửi Ông/Bà: ', d.applicant.fullName);
    line('Địa chỉ: ', d.applicant.address);
    line('Số điện thoại: ', d.applicant.phone);
    line('Thư điện tử: ', d.applicant.email);
    doc.moveDown(0.4);
    const received = `${d.centre.name} đã tiếp nhận hồ sơ đề nghị ${d.procedureName} lúc ${formatVnFormal(d.receivedAt)}, mã hồ sơ ${d.code}`;
    const act = d.act;
    switch (act.kind) {
      case 'supplement':
        para(`${received}.`);
        para('Hồ sơ của Ông/Bà cần được bổ sung, hoàn thiện các nội dung sau (yêu cầu một lần, đầy đủ):');
        doc.moveDown(0.3);
        table(doc, l, [6, 46, 28, 10, 10], ['STT', 'Giấy tờ cần bổ sung, hoàn thiện', 'Căn cứ', 'Bản chính', 'Bản sao'], act.documents.map((x, i) => [String(i + 1), x.name, x.basis ?? '', String(x.originals ?? ''), String(x.copies ?? '')]), size - 1);
        doc.moveDown(0.3);
        line('Lý do: ', act.reason);
        line('Mọi vướng mắc xin liên hệ: ', act.contact);
        break;
      case 'refusal':
        para(`${received}.`);
        para('Qua xem xét, hồ sơ của Ông/Bà không đủ điều kiện giải quyết. Cơ quan có thẩm quyền từ chối giải quyết với lý do cụ thể như sau:');
        line('Lý do: ', act.reason);
        para('Xin thông báo để Ông/Bà được biết và thực hiện.');
        break;
      case 'apology':
        para(`${received}; thời gian hẹn trả kết quả: ${formatVnFormal(d.originalDueAt)}.`);
        para('Đến nay, hồ sơ của Ông/Bà chưa giải quyết xong, chưa trả kết quả đúng hẹn.');
        line('Lý do: ', act.reason);
        para(`${act.department} xin lỗi Ông/Bà vì sự chậm trễ này và xin hẹn lại thời gian trả kết quả:`);
        line('Thời gian hẹn trả kết quả mới: ', formatVnFormal(act.newDueAt));
        para('Rất mong nhận được sự thông cảm của Ông/Bà.');
        break;
      case 'stop':
        para(`${received}.`);
        line('Việc giải quyết hồ sơ được dừng lại. Lý do: ', act.reason);
        break;
    }
    doc.moveDown(0.8);
    const y = doc.y;
    const half = l.cw / 2;
    doc.font('B').fontSize(size).text(act.kind === 'apology' ? 'Nơi nhận:' : '', l.margin.left, y, { width: half });
    if (act.kind === 'apology') doc.font('R').fontSize(size - 1).text('- Ông/Bà (người nộp hồ sơ);\n- Trung tâm Phục vụ hành chính công;\n- Lưu: VT.', { width: half });
    doc.font('B').fontSize(size).text(act.kind === 'apology' ? 'THỦ TRƯỞNG CƠ QUAN' : 'NGƯỜI LẬP PHIẾU', l.margin.left + half, y, { width: half, align: 'center' });
    doc.font('I').fontSize(size - 1).text('(Ký và ghi rõ họ tên)', { width: half, align: 'center' });
    doc.font('R').fontSize(size).text(act.officer, l.margin.left + half, doc.y + 34, { width: half, align: 'center' });
    historyLine(doc, l, d.historyHash);
    pageNumbers(doc, l, `Mã hồ sơ ${d.code}`, 8);
  }, { training: d.training });
}
