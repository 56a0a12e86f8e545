/**
 * What the kiosk tells a citizen first, in plain words: where the dossier is ("Hồ sơ đang được thẩm
 * định tại Phòng Kinh tế"), what they have to do, and how long is left. One wording, built here from
 * the dossier's status and current step, so the kiosk, the phone view and any other reader say the
 * same thing. Also the vocabularies of the kiosk's records: how a lookup came in, and the citizens'
 * satisfaction ratings.
 *
 * Pure: no clock, no I/O (the working minutes left are computed by the caller with the calendar).
 */
import { MINUTES_PER_WORKING_DAY } from './working-time.ts';
import type { DossierStatus, Timeliness, TimelinessMode, Wording } from './vocabulary.ts';

/** How a lookup reached the kiosk: recorded (with its outcome, never the key) so supervisors see a failing scanner. */
export const LOOKUP_CHANNELS = {
  scanner: { vi: 'Máy quét mã vạch', en: 'Barcode scanner' },
  camera: { vi: 'Camera', en: 'Camera' },
  keypad: { vi: 'Bàn phím số (16 chữ số)', en: 'Keypad (16 digits)' },
  code: { vi: 'Nhập mã hồ sơ', en: 'Typed dossier code' },
  link: { vi: 'Mã QR trên giấy hẹn (điện thoại)', en: 'Receipt QR code (phone)' },
} as const satisfies Record<string, Wording>;
export type LookupChannel = keyof typeof LOOKUP_CHANNELS;
export const LOOKUP_CHANNEL_KEYS = Object.keys(LOOKUP_CHANNELS) as LookupChannel[];

/** What became of a lookup. */
export const LOOKUP_OUTCOMES = {
  found: { vi: 'Tìm thấy', en: 'Found' },
  not_found: { vi: 'Không có hồ sơ', en: 'No such dossier' },
  invalid: { vi: 'Mã sai (chữ số kiểm tra)', en: 'Wrong key (check digit)' },
  throttled: { vi: 'Bị làm chậm do nhập sai nhiều lần', en: 'Slowed after many wrong keys' },
} as const satisfies Record<string, Wording>;
export type LookupOutcome = keyof typeof LOOKUP_OUTCOMES;
export const LOOKUP_OUTCOME_KEYS = Object.keys(LOOKUP_OUTCOMES) as LookupOutcome[];

/** The 5-level scale (one-stop rules §6), best first. `score` is what averages are taken of. */
export const RATING_LEVELS = {
  very_satisfied: { vi: 'Rất hài lòng', en: 'Very satisfied', score: 5 },
  satisfied: { vi: 'Hài lòng', en: 'Satisfied', score: 4 },
  neutral: { vi: 'Bình thường', en: 'Neither', score: 3 },
  dissatisfied: { vi: 'Không hài lòng', en: 'Dissatisfied', score: 2 },
  very_dissatisfied: { vi: 'Rất không hài lòng', en: 'Very dissatisfied', score: 1 },
} as const satisfies Record<string, Wording & { score: number }>;
export type RatingLevel = keyof typeof RATING_LEVELS;
export const RATING_LEVEL_KEYS = Object.keys(RATING_LEVELS) as RatingLevel[];

/**
 * Optional reasons, from a fixed list (free text would invite names and complaints about named
 * officers onto a public screen). The aspects Decree 61 art. 29 has citizens judge: the return time,
 * visits, published information, staff attitude, fees.
 */
export const RATING_REASONS = {
  on_time: { vi: 'Trả kết quả đúng hẹn', en: 'Result on time' },
  late: { vi: 'Trả kết quả trễ hẹn', en: 'Result late' },
  one_visit: { vi: 'Không phải đi lại nhiều lần', en: 'No repeated visits' },
  many_visits: { vi: 'Phải đi lại nhiều lần', en: 'Had to come back several times' },
  clear_information: { vi: 'Thông tin thủ tục rõ ràng', en: 'Clear information about the procedure' },
  unclear_information: { vi: 'Thông tin thủ tục chưa rõ, chưa đúng', en: 'Procedure information unclear or wrong' },
  helpful_staff: { vi: 'Cán bộ tận tình, lịch sự', en: 'Helpful, polite staff' },
  unhelpful_staff: { vi: 'Thái độ cán bộ chưa tốt', en: 'Staff attitude poor' },
  fees_wrong: { vi: 'Phí, lệ phí không đúng quy định', en: 'Fees not as published' },
  long_wait: { vi: 'Chờ lâu tại quầy', en: 'Long wait at the counter' },
} as const satisfies Record<string, Wording>;
export type RatingReason = keyof typeof RATING_REASONS;
export const RATING_REASON_KEYS = Object.keys(RATING_REASONS) as RatingReason[];

/** A citizen may rate once the result is in their hands (or in the post). */
export function ratingOpen(status: DossierStatus): boolean {
  return status === 'returned';
}

/**
 * What a step's name says is being done, as "is being …": step names are the catalogue's ("Thẩm định
 * hồ sơ, kiểm tra thực địa, dự thảo giấy phép"), so the headline keys on their first words. Order
 * matters: "Thẩm tra" before "Thẩm định" is not needed (distinct), but "Trình" must not catch "Trích".
 */
const STEP_VERBS: readonly { readonly prefix: string; readonly vi: string; readonly en: string }[] = [
  { prefix: 'tiếp nhận', vi: 'đang được tiếp nhận, kiểm tra', en: 'is being received and checked' },
  { prefix: 'thẩm định', vi: 'đang được thẩm định', en: 'is being assessed' },
  { prefix: 'thẩm tra', vi: 'đang được thẩm tra', en: 'is being examined' },
  { prefix: 'trích lục/kiểm tra trích đo', vi: 'đang được đo đạc, xác minh', en: 'is being surveyed and verified' },
  { prefix: 'tra cứu', vi: 'đang được xác minh', en: 'is being verified' },
  { prefix: 'kiểm tra', vi: 'đang được kiểm tra', en: 'is being checked' },
  { prefix: 'trình', vi: 'đang được trình ký', en: 'is going for signature' },
  { prefix: 'ký', vi: 'đang chờ ký duyệt', en: 'is awaiting signature' },
  { prefix: 'người yêu cầu ký', vi: 'đang chờ người yêu cầu ký', en: 'is waiting for the applicant to sign' },
  { prefix: 'thu phí, trả kết quả', vi: 'đang chờ trả kết quả', en: 'is waiting to be handed over' },
  { prefix: 'trả', vi: 'đang chờ trả kết quả', en: 'is waiting to be handed over' },
  { prefix: 'trao', vi: 'đang chờ trả kết quả', en: 'is waiting to be handed over' },
];

function stepVerb(stepName: string): { vi: string; en: string } {
  const name = stepName.normalize('NFC').toLocaleLowerCase('vi');
  // Longest prefix wins ("người yêu cầu ký" over nothing, "thu phí, trả kết quả" over "trả").
  const match = [...STEP_VERBS].sort((a, b) => b.prefix.length - a.prefix.length).find((v) => name.startsWith(v.prefix));
  if (match) return match;
  return { vi: `đang ở bước “${stepName}”`, en: `is at the step “${stepName}”` };
}

export interface HeadlineInput {
  readonly status: DossierStatus;
  /** The step in progress (or next) and the office that holds it; null when the dossier has none. */
  readonly step: { readonly name: string; readonly departmentName: string } | null;
  readonly returnMethod?: 'at_centre' | 'post' | 'online';
}

/** The one sentence a citizen reads first. Department names stay in Vietnamese in both languages (they are names). */
export function headlineOf({ status, step, returnMethod = 'at_centre' }: HeadlineInput): Wording {
  switch (status) {
    case 'received':
    case 'processing': {
      if (!step) return { vi: 'Hồ sơ đang được giải quyết', en: 'Your dossier is being processed' };
      const verb = stepVerb(step.name);
      return { vi: `Hồ sơ ${verb.vi} tại ${step.departmentName}`, en: `Your dossier ${verb.en} at ${step.departmentName}` };
    }
    case 'awaiting_supplement':
      return { vi: 'Hồ sơ đang chờ ông/bà nộp bổ sung giấy tờ', en: 'Your dossier is waiting for more documents from you' };
    case 'ready':
      return returnMethod === 'post'
        ? { vi: 'Đã có kết quả, đang gửi qua bưu điện', en: 'Your result is ready and will be posted to you' }
        : { vi: 'Đã có kết quả, mời ông/bà đến nhận', en: 'Your result is ready for you to collect' };
    case 'returned':
      return { vi: 'Đã trả kết quả, hồ sơ đã hoàn thành', en: 'The result has been handed over: your dossier is complete' };
    case 'refused':
      return { vi: 'Hồ sơ không được giải quyết', en: 'Your request was refused' };
    case 'withdrawn':
      return { vi: 'Hồ sơ đã dừng giải quyết', en: 'Processing of your dossier has stopped' };
  }
}

export const TODO_KINDS = ['nothing', 'bring_documents', 'collect', 'wait_post', 'ask_counter', 'rate', 'done'] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

/** What the citizen has to do now: the question people ask the counter right after reading the status. */
export function todoOf(status: DossierStatus, overdue: boolean, returnMethod: 'at_centre' | 'post' | 'online' = 'at_centre'): { kind: TodoKind; text: Wording } {
  switch (status) {
    case 'received':
    case 'processing':
      return overdue
        ? {
            kind: 'ask_counter',
            text: { vi: 'Đã quá ngày hẹn. Ông/bà có thể hỏi quầy tiếp nhận; cơ quan giải quyết phải xin lỗi và hẹn lại bằng văn bản.', en: 'The appointment has passed. You may ask at the reception counter; the office must apologise and set a new date in writing.' },
          }
        : { kind: 'nothing', text: { vi: 'Ông/bà chưa cần làm gì. Vui lòng đến nhận kết quả theo ngày hẹn.', en: 'Nothing to do for now. Please come for the result on the appointment date.' } };
    case 'awaiting_supplement':
      return { kind: 'bring_documents', text: { vi: 'Mang các giấy tờ dưới đây đến quầy tiếp nhận của Trung tâm, nộp một lần cho đủ.', en: 'Bring the documents listed below to the centre’s reception counter, all at once.' } };
    case 'ready':
      return returnMethod === 'post'
        ? { kind: 'wait_post', text: { vi: 'Ông/bà không cần đến Trung tâm: kết quả được gửi đến địa chỉ đã đăng ký.', en: 'No need to come: the result is sent to the address you gave.' } }
        : { kind: 'collect', text: { vi: 'Mang giấy hẹn (và giấy tờ tùy thân) đến quầy trả kết quả để nhận.', en: 'Bring this receipt (and your ID) to the counter to collect the result.' } };
    case 'returned':
      return { kind: 'rate', text: { vi: 'Mời ông/bà đánh giá sự phục vụ của Trung tâm đối với hồ sơ này.', en: 'Please rate how the centre handled this dossier.' } };
    case 'refused':
      return { kind: 'ask_counter', text: { vi: 'Nhận văn bản trả lời (nêu rõ lý do) tại quầy tiếp nhận.', en: 'Collect the written reply, with the reasons, at the reception counter.' } };
    case 'withdrawn':
      return { kind: 'done', text: { vi: 'Không cần làm gì thêm. Nếu cần hỗ trợ, vui lòng hỏi quầy tiếp nhận.', en: 'Nothing more to do. Ask at the reception counter if you need help.' } };
  }
}

/**
 * "Còn 3 ngày làm việc" / "Quá hẹn 1,5 ngày làm việc", from working minutes left (negative when
 * past). Rounded to half days, which is how the counter speaks; up to one working day it says hours
 * ("1 day left" at nine in the morning of a same-day procedure would read as tomorrow).
 */
export function timeLeftWording(workingMinutesLeft: number, pastTheTime = false): Wording {
  const past = workingMinutesLeft < 0;
  // Past the appointment's clock time but with no working time since (the evening after a 17:00 appointment).
  if (!past && workingMinutesLeft === 0 && pastTheTime) return { vi: 'Đã quá giờ hẹn', en: 'Past the appointment time' };
  const minutes = Math.abs(workingMinutesLeft);
  if (minutes <= MINUTES_PER_WORKING_DAY) {
    const hours = Math.max(1, Math.ceil(minutes / 60));
    if (!past && minutes === 0) return { vi: 'Đến hạn ngay bây giờ', en: 'Due now' };
    return past
      ? { vi: `Quá hẹn ${hours} giờ làm việc`, en: `${hours} working hour${hours === 1 ? '' : 's'} past the appointment` }
      : { vi: `Còn ${hours} giờ làm việc`, en: `${hours} working hour${hours === 1 ? '' : 's'} left` };
  }
  const days = Math.round((minutes / MINUTES_PER_WORKING_DAY) * 2) / 2;
  const vi = String(days).replace('.', ',');
  return past
    ? { vi: `Quá hẹn ${vi} ngày làm việc`, en: `${days} working day${days === 1 ? '' : 's'} past the appointment` }
    : { vi: `Còn ${vi} ngày làm việc`, en: `${days} working day${days === 1 ? '' : 's'} left` };
}

/**
 * How the result came against the appointment first printed, in the citizen's words, judged as the
 * centre counts (its `timeliness` setting): by the day ("đúng ngày hẹn") or to the minute ("đúng giờ
 * hẹn"). A late one says by how much, in working time as the counter speaks (timeLeftWording).
 */
export function outcomeWording(timeliness: Timeliness, mode: TimelinessMode, lateMinutes: number): Wording {
  const byDay = mode === 'day';
  switch (timeliness) {
    case 'early':
      return byDay
        ? { vi: 'Có kết quả trước ngày hẹn', en: 'Result ready before the appointment day' }
        : { vi: 'Có kết quả trước giờ hẹn', en: 'Result ready before the appointment time' };
    case 'on_time':
      return byDay ? { vi: 'Có kết quả đúng ngày hẹn', en: 'Result ready on the appointment day' } : { vi: 'Có kết quả đúng hẹn', en: 'Result ready on time' };
    case 'late': {
      const by = lateMinutes > 0 ? timeLeftWording(-lateMinutes) : null;
      return {
        vi: `Có kết quả trễ hẹn${by ? ` (${by.vi.toLocaleLowerCase('vi')})` : ''}`,
        en: `Result ready late${by ? ` (${by.en})` : ''}`,
      };
    }
  }
}
