/**
 * The emulation score table (monthly, quarterly or yearly; one-stop rules §7: "monthly and yearly
 * emulation scores come from those results"), A4 landscape: agencies, then officials, each with its
 * mean points per index of Circular 01/2018 art. 13, its score and grade, and the citizens' ratings
 * beside them. The figures are GET /api/supervision/scores' own.
 */
import type { SupervisionScores } from '../../shared/contracts.ts';
import { A4_LANDSCAPE, renderPdf } from '../receipts/layout.ts';
import { type ScoresReport, decimal, hmDmy, periodLabel } from './model.ts';
import { type TableColumn, figureColumns, footers, note, reportHeader, section, table, withWidth } from './paper.ts';

const LAYOUT = { ...A4_LANDSCAPE, margin: { left: 40, right: 36, top: 34, bottom: 44 } };

type Row = SupervisionScores['agencies'][number] | SupervisionScores['officials'][number];

export function renderScoresPdf(r: ScoresReport): Promise<Buffer> {
  const s = r.scores;
  const label = periodLabel(s.period);
  return renderPdf(LAYOUT, { Title: `Bảng điểm thi đua ${s.period} — ${r.centre.name}`, Author: r.centre.name, Subject: label }, (doc) => {
    const l = withWidth(LAYOUT);
    reportHeader(doc, l, {
      centre: r.centre,
      at: s.asOf,
      title: 'BẢNG ĐIỂM THI ĐUA',
      subtitles: [`Kết quả giải quyết thủ tục hành chính — ${label} (${s.from.split('-').reverse().join('/')}–${s.to.split('-').reverse().join('/')})`],
      note: `(Chấm điểm theo Điều 13 Thông tư 01/2018/TT-VPCP; số liệu đến ${hmDmy(s.asOf)})`,
      training: r.training,
    });
    const agencyIndices = s.indices.filter((i) => i.appliesTo.includes('agency'));
    const officialIndices = s.indices.filter((i) => i.appliesTo.includes('official'));

    section(doc, l, `I. CƠ QUAN, ĐƠN VỊ (thang ${decimal(s.scale.agency, 0)} điểm)`);
    const centreRow = [
      '',
      `Toàn Trung tâm`,
      `${s.centre.dossiers}`,
      ...agencyIndices.map((i) => decimal(s.centre.indices.find((x) => x.key === i.key)?.average ?? null, 2)),
      decimal(s.centre.score),
      s.centre.gradeLabel?.vi ?? '—',
      ...ratingCells(s.ratings),
    ];
    if (!s.agencies.length) note(doc, l, 'Không có hồ sơ nào hoàn thành trong kỳ.');
    table(doc, l, columns('Cơ quan, đơn vị', agencyIndices), [...s.agencies.map((a, i) => rowOf(a, i, 'department' in a ? a.department.name : '', agencyIndices)), centreRow], { size: 7.5, bold: new Set([s.agencies.length]) });

    section(doc, l, `II. CÁN BỘ, CÔNG CHỨC (thang ${decimal(s.scale.official, 0)} điểm)`);
    if (!s.officials.length) note(doc, l, 'Không có cán bộ nào xử lý hồ sơ hoàn thành trong kỳ.');
    else table(doc, l, columns('Cán bộ (đơn vị)', officialIndices), s.officials.map((o, i) => rowOf(o, i, 'officer' in o ? `${o.officer.displayName}${o.officer.department ? `\n${o.officer.department.name}` : ''}` : '', officialIndices)), { size: 7.5 });

    doc.moveDown(0.4);
    note(doc, l, `Xếp loại cán bộ: từ 5 điểm hoàn thành tốt; từ 3,5 đến dưới 5 hoàn thành; dưới 3,5 chưa hoàn thành. Cơ quan: từ 15 xuất sắc; 12 đến dưới 15 tốt; 9 đến dưới 12 khá; 6 đến dưới 9 trung bình; dưới 6 yếu. Điểm từng chỉ số là bình quân 2/1/0 điểm trên các hồ sơ.`);
    // Each index's source is spelled out in the XLSX/CSV ('Thông tin'): here the paper stays Vietnamese and short.
    note(doc, l, `Chỉ số thời gian giải quyết của hồ sơ (2/1/0 điểm): ${s.timeliness.label.vi.toLocaleLowerCase('vi')} — ${s.timeliness.rule.vi}`, 7.5);
    note(doc, l, `Chỉ số: ${s.indices.map((i) => i.label.vi).join('; ')}. Căn cứ của từng chỉ số: bảng "Thông tin" trong tệp CSV, XLSX cùng kỳ.`, 7.5);
    note(doc, l, 'Đánh giá của người dân (kiosk): Rất hài lòng 5 … Rất không hài lòng 1 điểm; mỗi lượt tính cho cán bộ, đơn vị đã xử lý hồ sơ.', 7.5);
    footers(doc, l, `Bảng điểm thi đua ${label}`, r.centre.fictional);
  }, { training: r.training });
}

function columns(name: string, indices: SupervisionScores['indices']): TableColumn[] {
  return [
    { header: 'STT', width: 0.5, align: 'center' },
    { header: name, width: 2.6 },
    ...figureColumns([['Số hồ sơ', 0.75], ...indices.map((i) => [i.label.vi, 0.95] as const), ['Điểm', 0.65]]),
    { header: 'Xếp loại', width: 1.1 },
    ...figureColumns([['Lượt đánh giá', 0.7], ['Điểm hài lòng', 0.7], ['Rất hài lòng', 0.75], ['Hài lòng', 0.75], ['Bình thường', 0.8], ['Không hài lòng', 0.75], ['Rất không hài lòng', 0.8]]),
  ];
}

function ratingCells(r: SupervisionScores['ratings']): string[] {
  const count = (level: string) => `${r.levels.find((x) => x.level === level)?.count ?? 0}`;
  return [`${r.count}`, decimal(r.average, 2), count('very_satisfied'), count('satisfied'), count('neutral'), count('dissatisfied'), count('very_dissatisfied')];
}

function rowOf(x: Row, i: number, name: string, indices: SupervisionScores['indices']): string[] {
  return [
    `${i + 1}`,
    name,
    `${x.dossiers}`,
    ...indices.map((k) => decimal(x.indices.find((v) => v.key === k.key)?.average ?? null, 2)),
    decimal(x.score),
    x.gradeLabel?.vi ?? '—',
    ...ratingCells(x.ratings),
  ];
}
