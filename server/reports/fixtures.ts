/**
 * Test builders for the reports' renderers: a week and a score table in the contract's shapes, with
 * Vietnamese names in every place a letter could be lost (ư, ơ, ạ, ễ, Đ …).
 */
import type { CentreInfo, Figures, SupervisionDossierRow, SupervisionFlags, SupervisionScores, SupervisionSummary } from '../../shared/contracts.ts';
import { RATING_LEVELS, RATING_LEVEL_KEYS } from '../../shared/kiosk.ts';
import { AGENCY_GRADES, OFFICIAL_GRADES, SCORE_INDEX_KEYS } from '../../shared/supervision.ts';
import { timelinessRuleOf } from '../../shared/vocabulary.ts';
import type { DepartmentSection, RatingsRow, ScoresReport, WeeklyReport } from './model.ts';

export const aCentre = (over: Partial<CentreInfo> = {}): CentreInfo => ({
  name: 'Trung tâm Phục vụ hành chính công xã Minh An',
  parentAuthority: 'Ủy ban nhân dân xã Minh An',
  agencyId: 'H56.1',
  address: 'Thôn Đông, xã Minh An, tỉnh Thanh Hóa',
  place: 'Minh An',
  phone: '0237 3 123 456',
  fictional: true,
  ...over,
});

export function aFigures(over: Partial<Figures> = {}): Figures {
  const f = { received: 12, finished: 10, early: 3, onTime: 5, late: 2, openNow: 7, overdueNow: 1, dueWithinOneDay: 2, apologies: 1, supplementRequests: 2, secondSupplementAttempts: 1, supplementAttemptsAfterApology: 0, supplementAttemptsAfterWindow: 1, supplementAttemptsAfterDue: 2, averageHandlingDays: 2.4, p90HandlingDays: 5.1, ...over };
  const rate = (n: number) => (f.finished ? n / f.finished : null);
  return { earlyRate: rate(f.early), onTimeRate: rate(f.onTime), lateRate: rate(f.late), ...f, ...over };
}

const DEPTS = [
  { code: 'TTPVHCC', name: 'Trung tâm Phục vụ hành chính công xã' },
  { code: 'VP-TPHT', name: 'Văn phòng HĐND và UBND xã (Tư pháp - Hộ tịch)' },
  { code: 'LD-UBND', name: 'Lãnh đạo UBND xã (Chủ tịch/Phó Chủ tịch)' },
  { code: 'P-KT', name: 'Phòng Kinh tế (Phòng Kinh tế, Hạ tầng và Đô thị ở phường)' },
  { code: 'SNV', name: 'Sở Nội vụ tỉnh Thanh Hóa' },
];

export const anOfficer = (username: string, displayName: string, dept = DEPTS[1]!) => ({ username, displayName, department: dept });

export function aLateRow(over: Partial<SupervisionDossierRow> = {}): SupervisionDossierRow {
  return {
    code: 'H56.1-261124-0007',
    procedure: { code: '1.001193', name: 'Đăng ký khai sinh' },
    applicantMasked: 'N*** T*** H***',
    status: 'returned',
    statusLabel: { vi: 'Đã trả kết quả', en: 'Returned' },
    receivedAt: '2026-11-20T09:15:00+07:00',
    originalDueAt: '2026-11-24T09:15:00+07:00',
    dueAt: '2026-11-24T09:15:00+07:00',
    completedAt: '2026-11-25T14:30:00+07:00',
    timeliness: 'late',
    lateMinutes: 600,
    step: { seq: 2, name: 'Thẩm định hồ sơ, trình ký', department: DEPTS[1]! },
    officer: { username: 'officer', displayName: 'Nguyễn Thị Ngọc Ánh' },
    lateness: null,
    ...over,
  };
}

export const ratingsOf = (counts: readonly number[]): RatingsRow => {
  const levels = RATING_LEVEL_KEYS.map((level, i) => ({ level, label: RATING_LEVELS[level].vi, score: RATING_LEVELS[level].score, count: counts[i] ?? 0 }));
  const count = levels.reduce((n, l) => n + l.count, 0);
  return { count, average: count ? Math.round((levels.reduce((s, l) => s + l.score * l.count, 0) / count) * 100) / 100 : null, levels };
};

export function aWeeklyReport(over: Partial<WeeklyReport> = {}): WeeklyReport {
  const officers = [
    { officer: anOfficer('officer', 'Nguyễn Thị Ngọc Ánh'), figures: aFigures({ received: 6, finished: 5, early: 1, onTime: 2, late: 2 }) },
    { officer: anOfficer('officer2', 'Trần Văn Dũng'), figures: aFigures({ received: 4, finished: 4, early: 2, onTime: 2, late: 0 }) },
    { officer: anOfficer('clerk', 'Lê Thị Hoa', DEPTS[0]), figures: aFigures() },
  ];
  const byDepartment = DEPTS.map((department, i) => ({ department, figures: i === 4 ? aFigures({ received: 0, finished: 0, early: 0, onTime: 0, late: 0, openNow: 0, overdueNow: 0, dueWithinOneDay: 0, apologies: 0, supplementRequests: 0, secondSupplementAttempts: 0, supplementAttemptsAfterApology: 0, supplementAttemptsAfterWindow: 0, supplementAttemptsAfterDue: 0, averageHandlingDays: null, p90HandlingDays: null }) : i === 3 ? aFigures({ finished: 0, early: 0, onTime: 0, late: 0, averageHandlingDays: null, p90HandlingDays: null }) : aFigures({ finished: 10 + i, early: 2 + i, onTime: 6, late: 2 }) }));
  const summary: SupervisionSummary = {
    from: '2026-11-23',
    to: '2026-11-29',
    asOf: '2026-11-30T07:45:00+07:00',
    totals: aFigures({ received: 42, finished: 38, early: 10, onTime: 20, late: 8, openNow: 55, overdueNow: 3, dueWithinOneDay: 4, apologies: 2, supplementRequests: 5, secondSupplementAttempts: 1, supplementAttemptsAfterApology: 1, supplementAttemptsAfterWindow: 2, supplementAttemptsAfterDue: 3, averageHandlingDays: 3.2, p90HandlingDays: 6 }),
    byDepartment,
    byOfficer: officers,
    byProcedure: [{ procedure: { code: '1.001193', name: 'Đăng ký khai sinh' }, figures: aFigures() }],
    weekly: [{ week: '2026-W48', from: '2026-11-23', to: '2026-11-29', finished: 38, onTimeOrEarly: 30, onTimeRate: 30 / 38 }],
    timeliness: timelinessRuleOf('day'),
  };
  const flags: SupervisionFlags = {
    from: '2026-11-23',
    to: '2026-11-29',
    thresholds: { lateSteps: 2, apologies: 3 },
    flags: [
      {
        kind: 'officer',
        officer: anOfficer('officer', 'Nguyễn Thị Ngọc Ánh'),
        level: 'discipline_review',
        levelLabel: { vi: 'Xem xét kỷ luật, điều chuyển', en: 'Review for discipline or transfer' },
        lateWithoutValidReason: 2,
        apologies: 0,
        dossiers: [
          { code: 'H56.1-261124-0007', seq: 2, stepName: 'Thẩm định hồ sơ, trình ký', lateMinutes: 600, apologized: false, reason: null },
          { code: 'H56.1-261124-0011', seq: 2, stepName: 'Thẩm định hồ sơ, trình ký', lateMinutes: 90, apologized: false, reason: 'Thiếu người trực' },
        ],
      },
    ],
  };
  const section = (i: number, extra: Partial<DepartmentSection> = {}): DepartmentSection => ({
    department: DEPTS[i]!,
    figures: byDepartment[i]!.figures,
    officers: officers.filter((o) => o.officer.department.code === DEPTS[i]!.code),
    late: [],
    overdueNow: [],
    truncated: false,
    apologies: [],
    ratings: ratingsOf([]),
    ...extra,
  });
  return {
    centre: aCentre(),
    training: false,
    week: '2026-W48',
    from: '2026-11-23',
    to: '2026-11-29',
    asOf: '2026-11-30T07:45:00+07:00',
    summary,
    flags,
    departments: [
      section(0, { ratings: ratingsOf([12, 5, 1, 1, 0]) }),
      section(1, {
        late: [aLateRow(), aLateRow({ code: 'H56.1-261124-0011', lateMinutes: 90, lateness: { valid: false, reason: 'Thiếu người trực', decidedBy: { username: 'supervisor', displayName: 'Phạm Quốc Việt' }, decidedAt: '2026-11-27T10:00:00+07:00' } })],
        overdueNow: [aLateRow({ code: 'H56.1-261126-0003', status: 'processing', statusLabel: { vi: 'Đang xử lý', en: 'Processing' }, completedAt: null, timeliness: null, lateMinutes: 240 })],
        apologies: [
          {
            code: 'H56.1-261120-0002',
            procedureName: 'Cấp bản sao trích lục hộ tịch',
            stepName: 'Thẩm định hồ sơ, trình ký',
            at: '2026-11-25T16:00:00+07:00',
            by: 'Đỗ Minh Đức',
            reason: 'Cần xác minh thêm thông tin tại nơi đăng ký trước đây',
            originalDueAt: '2026-11-26T16:00:00+07:00',
            previousDueAt: '2026-11-26T16:00:00+07:00',
            newDueAt: '2026-12-02T10:00:00+07:00',
          },
        ],
        ratings: ratingsOf([6, 3, 1, 0, 1]),
      }),
      section(2),
      section(3),
    ],
    quiet: [DEPTS[4]!],
    ...over,
  };
}

export function aScoresReport(over: Partial<SupervisionScores> = {}): ScoresReport {
  const indices = SCORE_INDEX_KEYS.map((key) => ({ key, average: key === 'satisfaction' ? null : 1.5 }));
  const ratings = { count: 19, average: 4.47, levels: RATING_LEVEL_KEYS.map((level, i) => ({ level, label: { vi: RATING_LEVELS[level].vi, en: RATING_LEVELS[level].en }, score: RATING_LEVELS[level].score, count: [12, 5, 1, 1, 0][i]! })) };
  const scores: SupervisionScores = {
    period: '2026-11',
    from: '2026-11-01',
    to: '2026-11-30',
    asOf: '2026-12-01T08:00:00+07:00',
    indices: SCORE_INDEX_KEYS.map((key) => ({ key, label: { vi: `Chỉ số ${key === 'total_time' ? 'tổng thời gian giải quyết' : key}`, en: key }, appliesTo: key === 'agencies' ? ['agency'] : ['official', 'agency'], basis: 'Thông tư 01/2018/TT-VPCP, Điều 13' })),
    scale: { official: 6, agency: 18 },
    officials: [
      { officer: anOfficer('officer', 'Nguyễn Thị Ngọc Ánh'), dossiers: 14, indices, score: 5.2, grade: 'full', gradeLabel: OFFICIAL_GRADES.full, ratings },
      { officer: anOfficer('officer2', 'Trần Văn Dũng'), dossiers: 9, indices, score: 3.1, grade: 'not_met', gradeLabel: OFFICIAL_GRADES.not_met, ratings },
    ],
    agencies: [{ department: DEPTS[1]!, dossiers: 23, indices, score: 15.5, grade: 'excellent', gradeLabel: AGENCY_GRADES.excellent, ratings }],
    centre: { dossiers: 40, indices, score: 13.25, grade: 'good', gradeLabel: AGENCY_GRADES.good },
    ratings,
    timeliness: timelinessRuleOf('day'),
    ...over,
  };
  return { centre: aCentre(), training: false, scores };
}
