/**
 * The weekly report for the leaders' briefing (one-stop rules §7: "weekly printed reports of task
 * results go to the leaders before their briefing"), A4 portrait. Page 1 is the summary a leader
 * reads in a minute: the centre's week, the on-time rate of each department as bars, and who has
 * passed a discipline threshold. Then a page per department with its figures, officers, late
 * dossiers with the officer responsible and the reason (or "chưa có lý do"), its apologies with the
 * reason and the new date, and the citizens' ratings.
 */
import type { Figures, SupervisionDossierRow } from '../../shared/contracts.ts';
import { renderPdf } from '../receipts/layout.ts';
import { type DepartmentSection, type WeeklyReport, decimal, dmy, hmDmy, onTimeOrEarlyRate, percent, weekLabel, workingDuration } from './model.ts';
import { DEMO_RED, GREY, INK, type L, REPORT_A4, RULE, type TableColumn, figureColumns, footers, note, reportHeader, section, table, withWidth } from './paper.ts';
import type { Doc } from '../receipts/layout.ts';

const BAR = '#1f4e79';

export function renderWeeklyPdf(r: WeeklyReport): Promise<Buffer> {
  const title = `Báo cáo tuần ${r.week}`;
  return renderPdf(REPORT_A4, { Title: `${title} — ${r.centre.name}`, Author: r.centre.name, Subject: weekLabel(r.week) }, (doc) => {
    const l = withWidth(REPORT_A4);
    const { indexAt, signed } = summaryPage(doc, l, r);
    // A busy department runs over several pages: page 1 says where each one's pages are, once known.
    const starts = r.departments.map((d, i) => {
      doc.addPage();
      const first = doc.bufferedPageRange().count;
      departmentPage(doc, l, r, d, i + 1);
      return first;
    });
    // A page 1 full of flags leaves the signatures for the end of the report, on a page of their own if need be.
    if (!signed && !signatures(doc, l)) {
      doc.addPage();
      signatures(doc, l);
    }
    historyKeyNote(doc, l, r.historyKey ?? null);
    if (indexAt !== null && r.departments.length) {
      const total = doc.bufferedPageRange().count;
      const ranges = r.departments.map((d, i) => {
        const last = (starts[i + 1] ?? total + 1) - 1;
        return `${d.department.code} ${starts[i] === last ? `trang ${last}` : `trang ${starts[i]}–${last}`}`;
      });
      doc.switchToPage(0);
      doc.font('I').fontSize(8.5).fillColor(GREY).text(`Chi tiết từng phòng ban: ${ranges.join('; ')}.`, l.margin.left, indexAt, { width: l.cw });
      doc.fillColor(INK);
    }
    footers(doc, l, `Báo cáo ${weekLabel(r.week).replace('Tuần', 'tuần')}`, r.centre.fictional);
  }, { training: r.training });
}

/**
 * The fingerprint of the key that signs the history: the leaders keep it (and later the province), and
 * `motcua audit verify --public-key` is checked against it. Printed on the last page.
 */
function historyKeyNote(doc: Doc, l: L, fingerprint: string | null) {
  const text = fingerprint
    ? `Khóa bảo vệ lịch sử hồ sơ — dấu vân tay SHA-256 (History key fingerprint): ${fingerprint}. Lưu giữ để đối chiếu khi kiểm tra (motcua audit verify --public-key).`
    : 'Lịch sử hồ sơ chưa được bảo vệ bằng khóa ký (History not protected by a signing key: motcua audit keygen).';
  if (doc.y + 30 > l.height! - l.margin.bottom) doc.addPage();
  doc.y += 8;
  note(doc, l, text, 7.5);
}

const countRate = (n: number, rate: number | null) => (rate === null ? `${n}` : `${n} (${percent(rate)})`);

function figureRows(f: Figures, unit: 'hồ sơ' | 'bước'): string[][] {
  const left = [
    [unit === 'bước' ? 'Bước nhận xử lý trong tuần' : 'Tiếp nhận trong tuần', `${f.received}`],
    ['Đã giải quyết xong', `${f.finished}`],
    ['   – trước hạn', countRate(f.early, f.earlyRate)],
    ['   – đúng hạn', countRate(f.onTime, f.onTimeRate)],
    ['   – quá hạn', countRate(f.late, f.lateRate)],
    ['Thời gian giải quyết bình quân', f.averageHandlingDays === null ? '—' : `${decimal(f.averageHandlingDays)} ngày (90 % trong ${decimal(f.p90HandlingDays)})`],
    ['Xin lỗi, hẹn lại trong tuần', `${f.apologies}`],
    ['Yêu cầu bổ sung hồ sơ', `${f.supplementRequests}`],
  ];
  const right = [
    [unit === 'bước' ? 'Đang giữ, chưa xong' : 'Đang giải quyết', `${f.openNow}`],
    ['   – trong đó đã quá hạn', `${f.overdueNow}`],
    ['   – đến hạn trong 01 ngày làm việc', `${f.dueWithinOneDay}`],
    // Refused requests, each under its own reason (a second request is not one after the window).
    ['Yêu cầu bổ sung bị chặn, đã ghi nhận:', ''],
    ['   – lần hai (đã yêu cầu một lần)', `${f.secondSupplementAttempts}`],
    ['   – sau khi đã xin lỗi, hẹn lại', `${f.supplementAttemptsAfterApology}`],
    ['   – quá thời hạn được yêu cầu bổ sung', `${f.supplementAttemptsAfterWindow}`],
    ['   – khi đã quá ngày hẹn trả', `${f.supplementAttemptsAfterDue}`],
  ];
  return left.map((row, i) => [...row, ...right[i]!]);
}

function figuresTable(doc: Doc, l: L, f: Figures, unit: 'hồ sơ' | 'bước') {
  const n = unit === 'hồ sơ' ? 'Số hồ sơ' : 'Số bước';
  table(
    doc,
    l,
    [
      { header: 'Giải quyết trong tuần', width: 2.5 },
      { header: n, width: 2.1, align: 'right' },
      { header: 'Tình hình hiện tại, kỷ cương', width: 3.1 },
      { header: n, width: 0.8, align: 'right' },
    ],
    figureRows(f, unit),
    { size: 9.5 },
  );
}

const lowerFirst = (text: string) => text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);

/** Page 1; returns where the index of department pages goes. */
function summaryPage(doc: Doc, l: L, r: WeeklyReport): { indexAt: number | null; signed: boolean } {
  const s = r.summary;
  reportHeader(doc, l, {
    centre: r.centre,
    at: r.asOf,
    title: 'BÁO CÁO',
    subtitles: ['Kết quả giải quyết hồ sơ thủ tục hành chính', weekLabel(r.week)],
    note: `(Phục vụ giao ban lãnh đạo. Số liệu "đang giải quyết", "quá hạn" tính đến ${hmDmy(r.asOf)})`,
    training: r.training,
  });

  section(doc, l, 'I. KẾT QUẢ CHUNG CỦA TRUNG TÂM');
  figuresTable(doc, l, s.totals, 'hồ sơ');
  note(doc, l, `Tính theo hồ sơ; trước hạn, đúng hạn, quá hạn so với ngày hẹn trả ghi trên giấy tiếp nhận (hồ sơ đã xin lỗi, hẹn lại vẫn tính quá hạn). ${s.timeliness.label.vi}: ${lowerFirst(s.timeliness.rule.vi)} Thời gian tính bằng ngày làm việc.`);

  section(doc, l, 'II. TỶ LỆ GIẢI QUYẾT ĐÚNG HẠN THEO PHÒNG BAN', 120);
  barChart(doc, l, s.byDepartment.filter((d) => !r.quiet.some((q) => q.code === d.department.code)).map((d) => ({ label: d.department.name, figures: d.figures })));
  note(doc, l, 'Tỷ lệ các bước xử lý hoàn thành trong tuần đúng hạn hoặc trước hạn, trên tổng số bước hoàn thành của phòng ban.');
  if (r.quiet.length) note(doc, l, `Không phát sinh hồ sơ trong tuần: ${r.quiet.map((q) => q.name).join('; ')}.`);

  section(doc, l, 'III. CÁN BỘ, ĐƠN VỊ VƯỢT NGƯỠNG XEM XÉT XỬ LÝ', 50);
  const t = r.flags.thresholds;
  doc.font('R').fontSize(9.5).fillColor(INK).text(
    `Ngưỡng: từ ${t.lateSteps} bước trễ hạn không có lý do chính đáng trở lên (cột "Trễ") — xem xét kỷ luật, điều chuyển; từ ${t.apologies} lần phải xin lỗi không có lý do chính đáng trở lên — xử lý nghiêm.`,
    l.margin.left,
    doc.y + 1,
    { width: l.cw },
  );
  doc.y += 3;
  const flags = r.flags.flags;
  if (!flags.length) {
    doc.font('I').fontSize(10).text('Không có cán bộ, đơn vị nào vượt ngưỡng trong tuần.', l.margin.left, doc.y + 2, { width: l.cw });
  } else {
    // One or two lines a row, so page 1 holds as many as it can: the department by its code, one
    // dossier and how many more (the department pages and the CSV/XLSX list every one).
    const rows = flags.map((f, i) => [
      `${i + 1}`,
      f.kind === 'officer' ? `${f.officer?.displayName ?? ''}${f.officer?.department ? ` (${f.officer.department.code})` : ''}` : `Đơn vị ${f.department?.name ?? ''}`,
      f.levelLabel.vi,
      `${f.lateWithoutValidReason}`,
      `${f.apologies}`,
      `${f.dossiers[0]?.code ?? ''}${f.dossiers.length > 1 ? ` (+${f.dossiers.length - 1})` : ''}`,
    ]);
    const drawn = table(
      doc,
      l,
      [
        { header: 'STT', width: 0.5, align: 'center' },
        { header: 'Cán bộ / đơn vị', width: 2.8 },
        { header: 'Mức', width: 2.7 },
        { header: 'Trễ', width: 0.5, align: 'right' },
        { header: 'Xin lỗi', width: 0.75, align: 'right' },
        { header: 'Hồ sơ', width: 3.1 },
      ],
      rows,
      { size: 8.5, stopAt: l.height! - l.margin.bottom - 40 },
    );
    if (drawn < rows.length) {
      const more = drawn ? `… và ${rows.length - drawn} trường hợp khác` : `${rows.length} trường hợp`;
      doc.font('B').fontSize(8.5).fillColor(DEMO_RED).text(`${more}: xem trang từng phòng ban và bảng "Vượt ngưỡng kỷ luật" (CSV, XLSX).`, l.margin.left, doc.y + 2, { width: l.cw });
      doc.fillColor(INK);
    }
  }
  // Room for the index of department pages, written once they are laid out (renderWeeklyPdf).
  const indexAt = doc.y + 2;
  doc.y += 26;
  return { indexAt, signed: signatures(doc, l) };
}

/** "Nơi nhận" and the preparer's signature, as an administrative report ends, at the foot of the page; false when the page has no room for them. */
function signatures(doc: Doc, l: L): boolean {
  const need = 92;
  const bottom = l.height! - l.margin.bottom;
  if (doc.y + need > bottom) return false;
  const y = Math.max(doc.y + 14, bottom - need);
  const half = l.cw / 2;
  doc.font('B').fontSize(9.5).fillColor(INK).text('Nơi nhận:', l.margin.left, y, { width: half });
  doc.font('R').fontSize(8.5).text('- Lãnh đạo UBND (để chỉ đạo);\n- Các phòng ban (để thực hiện);\n- Tổ giám sát của Trung tâm;\n- Lưu: VT.', { width: half });
  doc.font('B').fontSize(10.5).text('NGƯỜI LẬP BÁO CÁO', l.margin.left + half, y, { width: half, align: 'center' });
  doc.font('I').fontSize(9.5).text('(Ký, ghi rõ họ tên)', { width: half, align: 'center' });
  return true;
}

/** Horizontal bars, 0–100 %, one per department; a department that finished nothing says so. */
function barChart(doc: Doc, l: L, items: readonly { label: string; figures: Figures }[]) {
  const labelW = 205;
  const valueW = 92;
  const x0 = l.margin.left + labelW + 8;
  const barW = l.cw - labelW - valueW - 16;
  const size = 8.5;
  doc.font('R').fontSize(size);
  const heights = items.map((it) => Math.max(15, doc.heightOfString(it.label, { width: labelW }) + 3));
  const chartH = heights.reduce((a, b) => a + b, 0);
  if (doc.y + chartH + 24 > l.height! - l.margin.bottom) doc.addPage();
  const top = doc.y + 4;
  // The grid first, so bars draw over it.
  for (const pct of [0, 25, 50, 75, 100]) {
    const x = x0 + (barW * pct) / 100;
    doc.moveTo(x, top).lineTo(x, top + chartH).lineWidth(pct === 0 ? 0.8 : 0.4).strokeColor(pct === 0 ? INK : RULE).stroke();
    doc.font('R').fontSize(7.5).fillColor(GREY).text(`${pct} %`, x - 15, top + chartH + 2, { width: 30, align: 'center', lineBreak: false });
  }
  let y = top;
  items.forEach((it, i) => {
    const h = heights[i]!;
    const rate = onTimeOrEarlyRate(it.figures);
    doc.font('R').fontSize(size).fillColor(INK).text(it.label, l.margin.left, y + (h - doc.heightOfString(it.label, { width: labelW })) / 2, { width: labelW, align: 'right' });
    const f = it.figures;
    if (rate === null) {
      doc.font('I').fontSize(size).fillColor(GREY).text('chưa có bước hoàn thành', x0 + 4, y + (h - size) / 2 - 1, { width: barW, lineBreak: false });
    } else {
      const w = Math.max(barW * rate, 0.8);
      doc.rect(x0, y + (h - 10) / 2, w, 10).fillColor(BAR).fill();
      doc.font('B').fontSize(size).fillColor(INK).text(`${percent(rate)}`, x0 + barW + 6, y + (h - size) / 2 - 1, { width: valueW, continued: true, lineBreak: false });
      doc.font('R').fillColor(GREY).text(` (${f.early + f.onTime}/${f.finished})`, { lineBreak: false });
    }
    y += h;
  });
  doc.fillColor(INK).strokeColor(INK);
  doc.x = l.margin.left;
  doc.y = top + chartH + 14;
}

/** A procedure's official name can run to five lines: the paper gives its start (the CSV and XLSX the whole). */
const short = (name: string, max = 70) => (name.length <= max ? name : `${name.slice(0, name.lastIndexOf(' ', max - 1) > 40 ? name.lastIndexOf(' ', max - 1) : max - 1)}…`);

/** A numbered list of dossiers, each by its code and the start of its procedure's name, then `columns`. */
function dossierTable(doc: Doc, l: L, columns: readonly TableColumn[], rows: readonly { code: string; procedure: string; cells: readonly string[] }[]) {
  table(
    doc,
    l,
    [{ header: 'STT', width: 0.55, align: 'center' }, { header: 'Mã hồ sơ, thủ tục', width: 2.75 }, ...columns],
    rows.map((r, i) => [`${i + 1}`, `${r.code}\n${short(r.procedure)}`, ...r.cells]),
    { size: 8.5 },
  );
}

const lateReason = (x: SupervisionDossierRow) => {
  if (!x.lateness) return 'chưa có lý do';
  return `${x.lateness.reason} (${x.lateness.valid ? 'chính đáng' : 'không chính đáng'}; ${x.lateness.decidedBy.displayName})`;
};

function departmentPage(doc: Doc, l: L, r: WeeklyReport, d: DepartmentSection, n: number) {
  doc.font('B').fontSize(12.5).fillColor(INK).text(`PHÒNG BAN ${n}/${r.departments.length}: ${d.department.name.toLocaleUpperCase('vi')}`, l.margin.left, l.margin.top, { width: l.cw });
  doc.font('I').fontSize(9).fillColor(GREY).text(`Mã đơn vị ${d.department.code} · ${weekLabel(r.week)} · tính theo bước xử lý của phòng ban`, { width: l.cw });
  doc.fillColor(INK);
  doc.y += 4;

  section(doc, l, '1. Số liệu trong tuần');
  figuresTable(doc, l, d.figures, 'bước');

  section(doc, l, '2. Cán bộ');
  const flagOf = (username: string) => r.flags.flags.find((f) => f.kind === 'officer' && f.officer?.username === username);
  const deptFlag = r.flags.flags.find((f) => f.kind === 'department' && f.department?.code === d.department.code);
  if (!d.officers.length) doc.font('I').fontSize(9.5).text('Không có cán bộ nào của phòng ban xử lý hồ sơ trong tuần.', l.margin.left, doc.y + 2, { width: l.cw });
  else {
    table(
      doc,
      l,
      [
        { header: 'STT', width: 0.55, align: 'center' },
        { header: 'Cán bộ', width: 2.4 },
        ...figureColumns([['Nhận', 0.65], ['Xong', 0.65], ['Trước hạn', 0.75], ['Đúng hạn', 0.75], ['Quá hạn', 0.7], ['Đang giữ', 0.7], ['Đang quá hạn', 0.75], ['Xin lỗi', 0.65]]),
        { header: 'Vượt ngưỡng', width: 1.5 },
      ],
      d.officers.map((o, i) => {
        const f = o.figures;
        return [`${i + 1}`, o.officer.displayName, `${f.received}`, `${f.finished}`, `${f.early}`, `${f.onTime}`, `${f.late}`, `${f.openNow}`, `${f.overdueNow}`, `${f.apologies}`, flagOf(o.officer.username)?.levelLabel.vi ?? ''];
      }),
      { size: 8.5 },
    );
  }
  if (deptFlag) {
    doc.font('B').fontSize(9).fillColor(DEMO_RED).text(`Phòng ban vượt ngưỡng: ${deptFlag.levelLabel.vi} (${deptFlag.lateWithoutValidReason} bước trễ không lý do chính đáng, ${deptFlag.apologies} lần xin lỗi).`, l.margin.left, doc.y + 2, { width: l.cw });
    doc.fillColor(INK);
  }

  section(doc, l, `3. Hồ sơ trễ hạn (${d.late.length} bước hoàn thành quá hạn trong tuần, ${d.overdueNow.length} bước đang quá hạn)`);
  const late = [...d.late.map((x) => ({ x, open: false })), ...d.overdueNow.map((x) => ({ x, open: true }))];
  if (!late.length) doc.font('I').fontSize(9.5).text('Không có hồ sơ trễ hạn.', l.margin.left, doc.y + 2, { width: l.cw });
  else {
    dossierTable(
      doc,
      l,
      [
        { header: 'Bước xử lý', width: 1.4 },
        { header: 'Cán bộ chịu trách nhiệm', width: 1.3 },
        { header: 'Hoàn thành', width: 1.05 },
        { header: 'Trễ hạn (thời gian làm việc)', width: 1.2, align: 'right' },
        { header: 'Lý do chậm', width: 2.1 },
      ],
      late.map(({ x, open }) => ({
        code: x.code,
        procedure: x.procedure.name,
        cells: [
          x.step ? `${x.step.seq}. ${x.step.name}` : '',
          x.officer?.displayName ?? 'chưa có người nhận',
          // The step's own finish (not the dossier's), as its lateness is the step holder's.
          open ? 'đang quá hạn' : (x.step?.completedAt ?? x.completedAt) ? hmDmy((x.step?.completedAt ?? x.completedAt)!) : '',
          workingDuration(x.lateMinutes),
          lateReason(x),
        ],
      })),
    );
    if (d.truncated) note(doc, l, 'Danh sách dài hơn giới hạn in: xem đủ trên màn hình giám sát.');
  }

  section(doc, l, `4. Xin lỗi, hẹn lại (${d.apologies.length})`);
  if (!d.apologies.length) doc.font('I').fontSize(9.5).text('Không có.', l.margin.left, doc.y + 2, { width: l.cw });
  else {
    dossierTable(
      doc,
      l,
      [
        { header: 'Lý do', width: 2.35 },
        { header: 'Hẹn trả ban đầu', width: 1.1 },
        { header: 'Hẹn trả mới', width: 1.1 },
        { header: 'Người xin lỗi, ngày', width: 1.5 },
      ],
      d.apologies.map((a) => ({
        code: a.code,
        procedure: a.procedureName,
        cells: [a.reason, a.originalDueAt ? hmDmy(a.originalDueAt) : '', a.newDueAt ? hmDmy(a.newDueAt) : '', `${a.by ?? ''}\n${dmy(a.at)}`],
      })),
    );
  }

  section(doc, l, `5. Đánh giá của người dân (${d.ratings.count} lượt)`, 40);
  if (!d.ratings.count) doc.font('I').fontSize(9.5).text('Chưa có đánh giá nào trong tuần cho hồ sơ phòng ban đã xử lý.', l.margin.left, doc.y + 2, { width: l.cw });
  else {
    table(
      doc,
      l,
      figureColumns([...d.ratings.levels.map((x) => [x.label, 1] as const), ['Tổng số', 0.8], ['Điểm bình quân (1–5)', 1.1]]),
      [[...d.ratings.levels.map((x) => `${x.count}`), `${d.ratings.count}`, decimal(d.ratings.average, 2)]],
      { size: 9 },
    );
    note(doc, l, 'Mỗi lượt đánh giá của một hồ sơ được tính cho mọi phòng ban đã xử lý hồ sơ đó.');
  }
}
