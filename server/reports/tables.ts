/**
 * The reports as plain tables, the one shape the CSV and the XLSX are written from (the PDF lays out
 * the same model itself). A cell keeps its type — a count, a rate 0..1, a time — so the spreadsheet
 * gets numbers and dates, and the CSV the very values of the JSON API.
 */
import type { Figures, SupervisionDossierRow, SupervisionScores } from '../../shared/contracts.ts';
import { RATING_LEVELS, RATING_LEVEL_KEYS } from '../../shared/kiosk.ts';
import { REFUSED_SUPPLEMENTS, REFUSED_SUPPLEMENT_KEYS } from '../../shared/supervision.ts';
import type { RatingsRow, ScoresReport, WeeklyReport } from './model.ts';
import { periodLabel, weekLabel } from './model.ts';

/** text; int; rate (0..1, shown as %); decimal (1–2 places); time (ISO +07:00); day (YYYY-MM-DD). */
export type CellType = 'text' | 'int' | 'rate' | 'decimal' | 'time' | 'day';
export type Cell = string | number | null;

export interface Column {
  /** The same key means the same thing in every table: the CSV puts all tables under one header by key. */
  readonly key: string;
  readonly header: string;
  readonly type: CellType;
  /** Width in characters in the spreadsheet. */
  readonly width: number;
}

export interface Table {
  readonly key: string;
  /** The sheet's name: at most 31 characters, none of : \ / ? * [ ]. */
  readonly title: string;
  readonly columns: readonly Column[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}

const col = (key: string, header: string, type: CellType, width = type === 'text' ? 24 : type === 'time' ? 17 : 12): Column => ({ key, header, type, width });

// ——— columns shared by several tables ————————————————————————————————————————————————————————

const C = {
  item: col('item', 'Mục', 'text', 30),
  value: col('value', 'Giá trị', 'text', 60),
  level: col('level', 'Cấp', 'text', 16),
  unit: col('unit', 'Đơn vị tính', 'text', 14),
  deptCode: col('deptCode', 'Mã đơn vị', 'text', 14),
  dept: col('dept', 'Đơn vị', 'text', 40),
  username: col('username', 'Tên đăng nhập', 'text', 16),
  officer: col('officer', 'Cán bộ', 'text', 24),
  procCode: col('procCode', 'Mã thủ tục', 'text', 12),
  procedure: col('procedure', 'Thủ tục', 'text', 40),
  dossier: col('dossier', 'Mã hồ sơ', 'text', 22),
  state: col('state', 'Tình trạng', 'text', 22),
  seq: col('seq', 'Bước số', 'int', 8),
  stepName: col('stepName', 'Bước xử lý', 'text', 30),
  receivedAt: col('receivedAt', 'Tiếp nhận lúc', 'time'),
  originalDueAt: col('originalDueAt', 'Hẹn trả ban đầu', 'time'),
  dueAt: col('dueAt', 'Hẹn trả hiện tại', 'time'),
  completedAt: col('completedAt', 'Hoàn thành lúc', 'time'),
  stepArrivedAt: col('stepArrivedAt', 'Bước đến bộ phận lúc', 'time'),
  stepDueAt: col('stepDueAt', 'Hạn của người xử lý', 'time'),
  stepCompletedAt: col('stepCompletedAt', 'Bước hoàn thành lúc', 'time'),
  lateMinutes: col('lateMinutes', 'Trễ (phút làm việc)', 'int', 12),
  reason: col('reason', 'Lý do', 'text', 40),
  reasonValid: col('reasonValid', 'Lý do chính đáng', 'text', 12),
  decidedBy: col('decidedBy', 'Người xem xét', 'text', 20),
  apologizedAt: col('apologizedAt', 'Xin lỗi lúc', 'time'),
  apologizedBy: col('apologizedBy', 'Người xin lỗi', 'text', 22),
  previousDueAt: col('previousDueAt', 'Hẹn trả trước khi xin lỗi', 'time'),
  newDueAt: col('newDueAt', 'Hẹn trả mới', 'time'),
  kind: col('kind', 'Đối tượng', 'text', 10),
  flagLevel: col('flagLevel', 'Mức', 'text', 26),
  lateWithoutValidReason: col('lateWithoutValidReason', 'Bước trễ không có lý do chính đáng', 'int', 14),
  flagApologies: col('flagApologies', 'Số lần xin lỗi', 'int', 12),
  flagDossiers: col('flagDossiers', 'Hồ sơ', 'text', 60),
  ratings: col('ratings', 'Lượt đánh giá', 'int', 10),
  ratingAverage: col('ratingAverage', 'Điểm hài lòng bình quân (1–5)', 'decimal', 14),
  dossiers: col('dossiers', 'Số hồ sơ', 'int', 10),
  score: col('score', 'Điểm', 'decimal', 10),
  grade: col('grade', 'Xếp loại', 'text', 18),
} as const;

const FIGURE_COLUMNS: readonly (readonly [keyof Figures, Column])[] = [
  ['received', col('received', 'Tiếp nhận', 'int', 10)],
  ['finished', col('finished', 'Đã giải quyết', 'int', 10)],
  ['early', col('early', 'Trước hạn', 'int', 10)],
  ['onTime', col('onTime', 'Đúng hạn', 'int', 10)],
  ['late', col('late', 'Quá hạn', 'int', 10)],
  ['earlyRate', col('earlyRate', 'Tỷ lệ trước hạn', 'rate', 10)],
  ['onTimeRate', col('onTimeRate', 'Tỷ lệ đúng hạn', 'rate', 10)],
  ['lateRate', col('lateRate', 'Tỷ lệ quá hạn', 'rate', 10)],
  ['openNow', col('openNow', 'Đang giải quyết', 'int', 10)],
  ['overdueNow', col('overdueNow', 'Đang quá hạn', 'int', 10)],
  ['dueWithinOneDay', col('dueWithinOneDay', 'Đến hạn trong 1 ngày làm việc', 'int', 12)],
  ['apologies', col('apologies', 'Xin lỗi, hẹn lại', 'int', 10)],
  ['supplementRequests', col('supplementRequests', 'Yêu cầu bổ sung', 'int', 10)],
  // Refused supplement requests, each under its own reason.
  ...REFUSED_SUPPLEMENT_KEYS.map((k) => [k, col(k, REFUSED_SUPPLEMENTS[k].vi, 'int', 14)] as const),
  ['averageHandlingDays', col('averageHandlingDays', 'Thời gian giải quyết bình quân (ngày làm việc)', 'decimal', 14)],
  ['p90HandlingDays', col('p90HandlingDays', 'Thời gian giải quyết 90 % (ngày làm việc)', 'decimal', 14)],
];

const figureCells = (f: Figures): Record<string, Cell> => Object.fromEntries(FIGURE_COLUMNS.map(([k, c]) => [c.key, f[k]]));

const LEVEL_COLUMNS = RATING_LEVEL_KEYS.map((level) => col(`rating_${level}`, RATING_LEVELS[level].vi, 'int', 10));
const ratingCells = (r: RatingsRow | SupervisionScores['ratings']): Record<string, Cell> => ({
  ratings: r.count,
  ratingAverage: r.average,
  ...Object.fromEntries(RATING_LEVEL_KEYS.map((level) => [`rating_${level}`, r.levels.find((l) => l.level === level)?.count ?? 0])),
});

const dataNote = (fictional: boolean, training: boolean) =>
  [fictional ? 'Dữ liệu minh họa (hư cấu, không có giá trị pháp lý)' : 'Dữ liệu thật của Trung tâm', training ? 'ĐÀO TẠO / TRAINING — không có giá trị pháp lý' : ''].filter(Boolean).join('; ');

// ——— weekly report —————————————————————————————————————————————————————————————————————————————

function lateRow(dept: { code: string; name: string }, r: SupervisionDossierRow, state: string): Record<string, Cell> {
  return {
    deptCode: dept.code,
    dept: dept.name,
    state,
    dossier: r.code,
    procCode: r.procedure.code,
    procedure: r.procedure.name,
    seq: r.step?.seq ?? null,
    stepName: r.step?.name ?? null,
    username: r.officer?.username ?? null,
    officer: r.officer?.displayName ?? null,
    receivedAt: r.receivedAt,
    originalDueAt: r.originalDueAt,
    dueAt: r.dueAt,
    completedAt: r.completedAt,
    stepArrivedAt: r.step?.arrivedAt ?? null,
    stepDueAt: r.step?.ownDueAt ?? null,
    stepCompletedAt: r.step?.completedAt ?? null,
    lateMinutes: r.lateMinutes,
    reason: r.lateness?.reason ?? 'chưa có lý do',
    reasonValid: r.lateness ? (r.lateness.valid ? 'Có' : 'Không') : null,
    decidedBy: r.lateness?.decidedBy.displayName ?? null,
  };
}

export const LATE_FINISHED = 'Đã xong, quá hạn';
export const LATE_OPEN = 'Đang quá hạn';

export function weeklyTables(r: WeeklyReport): Table[] {
  const s = r.summary;
  const info: Table = {
    key: 'info',
    title: 'Thông tin',
    columns: [C.item, C.value],
    rows: [
      ['Báo cáo', 'Báo cáo tuần kết quả giải quyết hồ sơ thủ tục hành chính (phục vụ giao ban lãnh đạo)'],
      ['Cơ quan chủ quản', r.centre.parentAuthority],
      ['Trung tâm', r.centre.name],
      ['Tuần', `${r.week} — ${weekLabel(r.week)}`],
      ['Từ ngày', r.from],
      ['Đến ngày', r.to],
      ['Số liệu "đang giải quyết", "đang quá hạn" tính tại', r.asOf],
      ['Cách tính', 'Toàn trung tâm: theo hồ sơ (quá hạn so với hẹn trả ban đầu; hồ sơ đã xin lỗi, hẹn lại vẫn tính quá hạn). Phòng ban, cán bộ: theo bước xử lý.'],
      ['Đúng hạn (hồ sơ)', `${s.timeliness.label.vi}. ${s.timeliness.rule.vi}`],
      ['Dữ liệu', dataNote(r.centre.fictional, r.training)],
    ].map(([item, value]) => ({ item: item!, value: value! })),
  };
  const figures: Table = {
    key: 'figures',
    title: 'Tổng hợp',
    columns: [C.level, C.deptCode, C.dept, C.unit, ...FIGURE_COLUMNS.map(([, c]) => c)],
    rows: [
      { level: 'Toàn trung tâm', deptCode: null, dept: r.centre.name, unit: 'hồ sơ', ...figureCells(s.totals) },
      ...s.byDepartment.map((d) => ({ level: 'Phòng ban', deptCode: d.department.code, dept: d.department.name, unit: 'bước xử lý', ...figureCells(d.figures) })),
    ],
  };
  const officers: Table = {
    key: 'officers',
    title: 'Cán bộ',
    columns: [C.deptCode, C.dept, C.username, C.officer, ...FIGURE_COLUMNS.map(([, c]) => c)],
    rows: s.byOfficer.map((o) => ({ deptCode: o.officer.department?.code ?? null, dept: o.officer.department?.name ?? null, username: o.officer.username, officer: o.officer.displayName, ...figureCells(o.figures) })),
  };
  const procedures: Table = {
    key: 'procedures',
    title: 'Thủ tục',
    columns: [C.procCode, C.procedure, ...FIGURE_COLUMNS.map(([, c]) => c)],
    rows: s.byProcedure.map((p) => ({ procCode: p.procedure.code, procedure: p.procedure.name, ...figureCells(p.figures) })),
  };
  const late: Table = {
    key: 'late',
    title: 'Hồ sơ trễ hạn',
    columns: [C.deptCode, C.dept, C.state, C.dossier, C.procCode, C.procedure, C.seq, C.stepName, C.username, C.officer, C.stepArrivedAt, C.stepDueAt, C.stepCompletedAt, C.lateMinutes, C.receivedAt, C.originalDueAt, C.dueAt, C.completedAt, C.reason, C.reasonValid, C.decidedBy],
    rows: r.departments.flatMap((d) => [...d.late.map((x) => lateRow(d.department, x, LATE_FINISHED)), ...d.overdueNow.map((x) => lateRow(d.department, x, LATE_OPEN))]),
  };
  const apologies: Table = {
    key: 'apologies',
    title: 'Xin lỗi, hẹn lại',
    columns: [C.deptCode, C.dept, C.dossier, C.procedure, C.stepName, C.apologizedAt, C.apologizedBy, C.reason, C.originalDueAt, C.previousDueAt, C.newDueAt],
    rows: r.departments.flatMap((d) =>
      d.apologies.map((a) => ({
        deptCode: d.department.code,
        dept: d.department.name,
        dossier: a.code,
        procedure: a.procedureName,
        stepName: a.stepName,
        apologizedAt: a.at,
        apologizedBy: a.by,
        reason: a.reason,
        originalDueAt: a.originalDueAt || null,
        previousDueAt: a.previousDueAt || null,
        newDueAt: a.newDueAt || null,
      })),
    ),
  };
  const flags: Table = {
    key: 'flags',
    title: 'Vượt ngưỡng kỷ luật',
    columns: [C.kind, C.deptCode, C.dept, C.username, C.officer, C.flagLevel, C.lateWithoutValidReason, C.flagApologies, C.flagDossiers],
    rows: r.flags.flags.map((f) => {
      const dept = f.officer?.department ?? f.department ?? null;
      return {
        kind: f.kind === 'officer' ? 'Cán bộ' : 'Đơn vị',
        deptCode: dept?.code ?? null,
        dept: dept?.name ?? null,
        username: f.officer?.username ?? null,
        officer: f.officer?.displayName ?? null,
        flagLevel: f.levelLabel.vi,
        lateWithoutValidReason: f.lateWithoutValidReason,
        flagApologies: f.apologies,
        flagDossiers: f.dossiers.map((x) => `${x.code} (bước ${x.seq}${x.apologized ? ', xin lỗi' : ''}): ${x.reason ?? 'chưa có lý do'}`).join('; '),
      };
    }),
  };
  const ratings: Table = {
    key: 'ratings',
    title: 'Đánh giá của người dân',
    columns: [C.deptCode, C.dept, C.ratings, C.ratingAverage, ...LEVEL_COLUMNS],
    rows: r.departments.map((d) => ({ deptCode: d.department.code, dept: d.department.name, ...ratingCells(d.ratings) })),
  };
  return [info, figures, officers, procedures, late, apologies, flags, ratings];
}

// ——— emulation scores ——————————————————————————————————————————————————————————————————————————

export function scoresTables(r: ScoresReport): Table[] {
  const s = r.scores;
  const indexColumns = s.indices.map((i) => col(`index_${i.key}`, `${i.label.vi} (điểm bình quân 0–2)`, 'decimal', 12));
  const indexCells = (rows: SupervisionScores['centre']['indices']): Record<string, Cell> => Object.fromEntries(rows.map((i) => [`index_${i.key}`, i.average]));
  const info: Table = {
    key: 'info',
    title: 'Thông tin',
    columns: [C.item, C.value],
    rows: [
      ['Báo cáo', 'Bảng điểm thi đua giải quyết thủ tục hành chính (Thông tư 01/2018/TT-VPCP, Điều 13)'],
      ['Cơ quan chủ quản', r.centre.parentAuthority],
      ['Trung tâm', r.centre.name],
      ['Kỳ', `${s.period} — ${periodLabel(s.period)}`],
      ['Từ ngày', s.from],
      ['Đến ngày', s.to],
      ['Số liệu tính tại', s.asOf],
      ['Thang điểm', `Cán bộ: ${s.scale.official} điểm (≥ 5 hoàn thành tốt; 3,5 đến dưới 5 hoàn thành; dưới 3,5 chưa hoàn thành). Cơ quan: ${s.scale.agency} điểm (≥ 15 xuất sắc; 12 đến dưới 15 tốt; 9 đến dưới 12 khá; 6 đến dưới 9 trung bình; dưới 6 yếu).`],
      ...s.indices.map((i) => [`Chỉ số: ${i.label.vi}`, `${i.appliesTo.map((a) => (a === 'official' ? 'cán bộ' : 'cơ quan')).join(', ')} — ${i.basis}`]),
      ['Đúng hạn (hồ sơ)', `${s.timeliness.label.vi}. ${s.timeliness.rule.vi}`],
      ['Dữ liệu', dataNote(r.centre.fictional, r.training)],
    ].map(([item, value]) => ({ item: item!, value: value! })),
  };
  const agencies: Table = {
    key: 'agencies',
    title: 'Cơ quan, đơn vị',
    columns: [C.level, C.deptCode, C.dept, C.dossiers, ...indexColumns, C.score, C.grade, C.ratings, C.ratingAverage, ...LEVEL_COLUMNS],
    rows: [
      { level: 'Toàn trung tâm', deptCode: null, dept: r.centre.name, dossiers: s.centre.dossiers, ...indexCells(s.centre.indices), score: s.centre.score, grade: s.centre.gradeLabel?.vi ?? null, ...ratingCells(s.ratings) },
      ...s.agencies.map((a) => ({ level: 'Cơ quan, đơn vị', deptCode: a.department.code, dept: a.department.name, dossiers: a.dossiers, ...indexCells(a.indices), score: a.score, grade: a.gradeLabel?.vi ?? null, ...ratingCells(a.ratings) })),
    ],
  };
  const officials: Table = {
    key: 'officials',
    title: 'Cán bộ, công chức',
    columns: [C.deptCode, C.dept, C.username, C.officer, C.dossiers, ...indexColumns, C.score, C.grade, C.ratings, C.ratingAverage, ...LEVEL_COLUMNS],
    rows: s.officials.map((o) => ({
      deptCode: o.officer.department?.code ?? null,
      dept: o.officer.department?.name ?? null,
      username: o.officer.username,
      officer: o.officer.displayName,
      dossiers: o.dossiers,
      ...indexCells(o.indices),
      score: o.score,
      grade: o.gradeLabel?.vi ?? null,
      ...ratingCells(o.ratings),
    })),
  };
  return [info, agencies, officials];
}
