/**
 * One wording per status, shared by the kiosk, the counter, printed slips and the API. Vietnamese
 * first, English second (the kiosk shows both). Code compares the keys, never the words.
 */
import { dayNumber, vnParts } from './time.ts';

export type Lang = 'vi' | 'en';
export type Wording = { readonly vi: string; readonly en: string };

export const DOSSIER_STATUSES = {
  received: { vi: 'Đã tiếp nhận', en: 'Received' },
  processing: { vi: 'Đang giải quyết', en: 'Being processed' },
  awaiting_supplement: { vi: 'Chờ bổ sung hồ sơ', en: 'Waiting for additional documents' },
  ready: { vi: 'Đã có kết quả, chờ trả', en: 'Result ready for collection' },
  returned: { vi: 'Đã trả kết quả', en: 'Result handed over' },
  refused: { vi: 'Từ chối giải quyết', en: 'Refused' },
  withdrawn: { vi: 'Dừng giải quyết', en: 'Processing stopped' },
} as const satisfies Record<string, Wording>;
export type DossierStatus = keyof typeof DOSSIER_STATUSES;
export const DOSSIER_STATUS_KEYS = Object.keys(DOSSIER_STATUSES) as DossierStatus[];

/** Statuses in which the centre still owes the applicant a result, so the appointment can be missed. */
export const OPEN_STATUSES: readonly DossierStatus[] = ['received', 'processing', 'awaiting_supplement'];
/** Statuses that end a dossier without its remaining steps being carried out. */
export const ENDED_EARLY_STATUSES: readonly DossierStatus[] = ['refused', 'withdrawn'];
export function isOpen(status: DossierStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export const STEP_STATES = {
  pending: { vi: 'Chưa đến bước này', en: 'Not started' },
  in_progress: { vi: 'Đang xử lý', en: 'In progress' },
  done: { vi: 'Đã xong', en: 'Done' },
  // Shown, never stored: a step unfinished when its dossier was refused or stopped will not be done.
  skipped: { vi: 'Không thực hiện', en: 'Not carried out' },
} as const satisfies Record<string, Wording>;
export type StepState = keyof typeof STEP_STATES;
export const STEP_STATE_KEYS = Object.keys(STEP_STATES) as StepState[];

/** Circular 01/2018: each dossier and each stage is judged early / on time / late against its due time. */
export const TIMELINESS = {
  early: { vi: 'Trước hạn', en: 'Early' },
  on_time: { vi: 'Đúng hạn', en: 'On time' },
  late: { vi: 'Quá hạn', en: 'Late' },
} as const satisfies Record<string, Wording>;
export type Timeliness = keyof typeof TIMELINESS;

/**
 * What each kind of event in a dossier's history records, in the words of the staff screens, the
 * kiosk and the papers that retell a history. A kind missing here (a newer server) is shown by its key.
 */
export const EVENT_KINDS = {
  received: { vi: 'Tiếp nhận hồ sơ', en: 'Dossier received' },
  step_accepted: { vi: 'Nhận hồ sơ để xử lý', en: 'Taken for processing' },
  step_completed: { vi: 'Hoàn thành bước, chuyển tiếp', en: 'Step finished and passed on' },
  step_returned: { vi: 'Trả lại bước trước', en: 'Sent back one step' },
  supplement_requested: { vi: 'Yêu cầu bổ sung hồ sơ', en: 'Additional documents requested' },
  supplement_request_refused: { vi: 'Yêu cầu bổ sung không được chấp nhận', en: 'Supplement request not allowed' },
  supplement_received: { vi: 'Đã nhận hồ sơ bổ sung', en: 'Additional documents received' },
  apologized: { vi: 'Xin lỗi, hẹn lại ngày trả kết quả', en: 'Apology and new appointment' },
  refused: { vi: 'Từ chối giải quyết', en: 'Refused' },
  result_ready: { vi: 'Đã có kết quả', en: 'Result ready' },
  returned: { vi: 'Đã trả kết quả', en: 'Result handed over' },
  stopped: { vi: 'Dừng giải quyết', en: 'Processing stopped' },
  rated: { vi: 'Người dân đánh giá mức độ hài lòng', en: 'Rated by the applicant' },
  lateness_reviewed: { vi: 'Giám sát xem xét lý do chậm', en: 'Lateness reviewed by supervision' },
  apology_reviewed: { vi: 'Xem xét lý do xin lỗi, hẹn lại', en: 'Apology reviewed' },
  printed: { vi: 'In giấy tờ', en: 'Printed' },
  print_failed: { vi: 'In không thành công', en: 'Printing failed' },
  status_changed: { vi: 'Chuyển trạng thái', en: 'Status changed' },
} as const satisfies Record<string, Wording>;
export type EventKind = keyof typeof EVENT_KINDS;

export function eventKindLabel(kind: string): Wording {
  return (EVENT_KINDS as Record<string, Wording | undefined>)[kind] ?? { vi: kind, en: kind };
}

/** The papers a dossier's history mentions (printed, print_failed), by the names the API gives them. */
export const PAPERS = {
  receipt: { vi: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', en: 'Receipt and appointment' },
  'control-sheet': { vi: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', en: 'Processing control sheet' },
  'supplement-request': { vi: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', en: 'Request for additional documents' },
  refusal: { vi: 'Phiếu từ chối giải quyết hồ sơ', en: 'Refusal notice' },
  apology: { vi: 'Văn bản xin lỗi và hẹn lại ngày trả kết quả', en: 'Apology and new appointment' },
  'stop-notice': { vi: 'Thông báo dừng giải quyết hồ sơ', en: 'Notice of stopped processing' },
} as const satisfies Record<string, Wording>;
export type Paper = keyof typeof PAPERS;

export function paperLabel(paper: string): Wording {
  return (PAPERS as Record<string, Wording | undefined>)[paper] ?? { vi: paper, en: paper };
}

export const CHANNELS = {
  in_person: { vi: 'Trực tiếp', en: 'In person' },
  post: { vi: 'Qua dịch vụ bưu chính', en: 'By post' },
  online: { vi: 'Trực tuyến', en: 'Online' },
} as const satisfies Record<string, Wording>;
export type Channel = keyof typeof CHANNELS;
export const CHANNEL_KEYS = Object.keys(CHANNELS) as Channel[];

export const RETURN_METHODS = {
  at_centre: { vi: 'Nhận trực tiếp tại Trung tâm', en: 'Collect at the centre' },
  post: { vi: 'Nhận qua dịch vụ bưu chính', en: 'By post' },
  online: { vi: 'Nhận kết quả điện tử', en: 'Electronic result' },
} as const satisfies Record<string, Wording>;
export type ReturnMethod = keyof typeof RETURN_METHODS;
export const RETURN_METHOD_KEYS = Object.keys(RETURN_METHODS) as ReturnMethod[];

/**
 * One vocabulary for how a result goes back, promised at intake and recorded at the return. Before
 * migration 013 the return action said 'counter' for 'at_centre': older clients may still send it and
 * older history events keep it (history is never rewritten), so both are read through this.
 */
export const RETURN_METHOD_INPUTS = [...RETURN_METHOD_KEYS, 'counter'] as (ReturnMethod | 'counter')[];
export function returnMethodOf(method: string): ReturnMethod | null {
  if (method === 'counter') return 'at_centre';
  return (RETURN_METHOD_KEYS as string[]).includes(method) ? (method as ReturnMethod) : null;
}

export const ROLES = {
  clerk: { vi: 'Cán bộ tiếp nhận', en: 'Intake clerk' },
  officer: { vi: 'Chuyên viên xử lý', en: 'Processing officer' },
  leader: { vi: 'Lãnh đạo', en: 'Leader' },
  supervisor: { vi: 'Giám sát', en: 'Supervisor' },
  admin: { vi: 'Quản trị hệ thống', en: 'Administrator' },
} as const satisfies Record<string, Wording>;
export type Role = keyof typeof ROLES;
export const ROLE_KEYS = Object.keys(ROLES) as Role[];

/** Who may do what. Admin may do everything; the rest is the job each role does at the centre. */
export const PERMISSIONS = {
  intake: ['clerk', 'admin'],
  viewDossier: ['clerk', 'officer', 'leader', 'supervisor', 'admin'],
  register: ['clerk', 'leader', 'supervisor', 'admin'],
  supervise: ['supervisor', 'leader', 'admin'],
  /** Judging whether a late step had a valid reason: the supervision team and the leaders (not the system's administrator). */
  reviewLateness: ['supervisor', 'leader'],
  /** The work queue and the actions on dossiers (each action's own rules are in processing.ts). */
  process: ['clerk', 'officer', 'leader'],
  setTrainingClock: ['admin'],
  manageStaff: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/**
 * How the lateness rule reads a due time (one-stop rules §5): to the minute under working-hour
 * arithmetic, or by the day — as officials count a dossier (the centre's `timeliness` setting), and
 * always under the Civil Code convention (a day-based period ends at the end of its last day, so it
 * is met by anything done on that day).
 */
export type JudgedBy = 'minute' | 'day';

export function timelinessOf(doneAt: Date, dueAt: Date, by: JudgedBy = 'minute'): Timeliness {
  if (by === 'day') {
    // By the Vietnam day alone: before the due day early, on it on time, after it late.
    const done = dayNumber(vnParts(doneAt));
    const due = dayNumber(vnParts(dueAt));
    return done > due ? 'late' : done < due ? 'early' : 'on_time';
  }
  const diff = dueAt.getTime() - doneAt.getTime();
  if (diff < 0) return 'late';
  // [design] Early needs something in hand: a working minute (a result handed over at 16:59:30 for a
  // 17:00 appointment is on time, not early).
  return diff >= 60_000 ? 'early' : 'on_time';
}

/**
 * The centre's `timeliness` setting: how a DOSSIER's result is judged against its appointment in the
 * headline figures, the scores, the reports and the kiosk. By the day (the default) as officials
 * count it — a result ready before the appointment's day is early, on that day on time, after it
 * late — or to the minute. The lateness amount stays in working minutes either way; a step's own
 * judgement (an officer against the step's due time) is always to the minute.
 */
export const TIMELINESS_MODES = {
  day: {
    vi: 'Đúng hạn tính theo ngày',
    en: 'On time by the day',
    rule: {
      vi: 'Có kết quả trước ngày hẹn: trước hạn; trong ngày hẹn: đúng hạn; sau ngày hẹn: trễ hạn.',
      en: 'Result ready before the appointment’s day: early; on that day: on time; after it: late.',
    },
  },
  minute: {
    vi: 'Đúng hạn tính đến từng phút',
    en: 'On time to the minute',
    rule: {
      vi: 'Có kết quả trước giờ hẹn ít nhất 1 phút: trước hạn; đến đúng giờ hẹn: đúng hạn; sau giờ hẹn: trễ hạn.',
      en: 'Result ready at least a minute before the appointment: early; up to its time: on time; after it: late.',
    },
  },
} as const satisfies Record<string, Wording & { rule: Wording }>;
export type TimelinessMode = keyof typeof TIMELINESS_MODES;
export const TIMELINESS_MODE_KEYS = Object.keys(TIMELINESS_MODES) as TimelinessMode[];
export const DEFAULT_TIMELINESS_MODE: TimelinessMode = 'day';
export const isTimelinessMode = (value: unknown): value is TimelinessMode => typeof value === 'string' && (TIMELINESS_MODE_KEYS as string[]).includes(value);
/** The setting as the API names it: its mode, its label and what it means. */
export function timelinessRuleOf(mode: TimelinessMode): { mode: TimelinessMode; label: Wording; rule: Wording } {
  const m = TIMELINESS_MODES[mode];
  return { mode, label: { vi: m.vi, en: m.en }, rule: m.rule };
}
