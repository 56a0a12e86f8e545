/**
 * Every error the API can answer, with its HTTP status and the words a clerk or a citizen reads.
 * The wire shape is always `{"error": {"code", "message", "details"?}}`; code branches on `code`.
 */
import type { Lang, Wording } from './vocabulary.ts';

export const ERRORS = {
  INVALID_JSON: { status: 400, vi: 'Dữ liệu gửi lên không phải JSON hợp lệ.', en: 'The request body is not valid JSON.' },
  VALIDATION_FAILED: { status: 400, vi: 'Thông tin nhập chưa đúng hoặc còn thiếu.', en: 'Some fields are missing or invalid.' },
  UNKNOWN_PROCEDURE: { status: 400, vi: 'Không có thủ tục hành chính với mã này trong danh mục của Trung tâm.', en: 'No procedure with this code in the centre’s catalogue.' },
  UNKNOWN_DOCUMENT: { status: 400, vi: 'Giấy tờ không thuộc thành phần hồ sơ của thủ tục này.', en: 'This document is not part of the procedure’s dossier.' },
  UNKNOWN_TIME_LIMIT_VARIANT: { status: 400, vi: 'Thủ tục này không có trường hợp thời hạn như đã chọn; chọn một trường hợp trong danh mục hoặc thời hạn chung.', en: 'This procedure has no such time-limit case; pick one from the catalogue, or the standard limit.' },
  INVALID_LOOKUP_KEY: { status: 400, vi: 'Mã tra cứu không đúng. Mã gồm 16 chữ số in dưới mã vạch; vui lòng kiểm tra lại.', en: 'This lookup key is not valid. It is the 16 digits printed under the barcode; please check it.' },
  INVALID_LOOKUP_QUERY: { status: 400, vi: 'Hãy quét mã vạch trên giấy hẹn, hoặc nhập 16 chữ số tra cứu hay mã hồ sơ.', en: 'Scan the barcode on your receipt, or enter the 16-digit key or the dossier code.' },
  INVALID_QUERY: { status: 400, vi: 'Tham số truy vấn không hợp lệ.', en: 'Invalid query parameters.' },
  INVALID_TIME: { status: 400, vi: 'Thời điểm không hợp lệ: cần dạng ISO 8601 có múi giờ, ví dụ 2026-11-27T09:15:00+07:00.', en: 'Invalid time: use ISO 8601 with an offset, e.g. 2026-11-27T09:15:00+07:00.' },
  INVALID_AMOUNT: { status: 400, vi: 'Thời hạn không hợp lệ: cho đúng một trong days, hours hoặc procedure (mã thủ tục); days/hours là số dương (tối đa 1000 ngày), tính được ra phút.', en: 'Invalid amount: give exactly one of days, hours or procedure (a procedure code); days/hours a positive number (at most 1000 days) that is a whole number of minutes.' },
  OUT_OF_CALENDAR: { status: 400, vi: 'Thời điểm này nằm ngoài lịch làm việc của Trung tâm, nên không tính được thời hạn.', en: 'This time is outside the centre’s working calendar, so no due time can be computed.' },
  CALENDAR_YEAR_NOT_FOUND: { status: 404, vi: 'Chưa có lịch làm việc của năm này.', en: 'No working calendar for this year.' },
  SLIP_NOT_AVAILABLE: { status: 404, vi: 'Hồ sơ này không có phiếu loại này (chưa có yêu cầu bổ sung, từ chối hay xin lỗi nào).', en: 'This dossier has no such slip (no supplement request, refusal or apology was made).' },
  LAYOUT_NOT_AVAILABLE: { status: 400, vi: 'Phiếu này chỉ in trên khổ A4 hoặc A5.', en: 'This slip prints on A4 or A5 only.' },
  UNKNOWN_COUNTER: { status: 400, vi: 'Không có quầy này trong danh sách quầy của Trung tâm.', en: 'No such counter at this centre.' },
  NO_PRINTER_QUEUE: { status: 409, vi: 'Quầy này chưa gắn máy in: hãy mở tệp PDF và in bằng trình duyệt.', en: 'This counter has no printer queue: open the PDF and print from the browser.' },
  PRINTER_FAILED: { status: 502, vi: 'Máy in không nhận lệnh in. Kiểm tra máy in (giấy, nguồn, kết nối) rồi in lại.', en: 'The printer did not take the job. Check it (paper, power, cable) and print again.' },
  ACTION_NOT_ALLOWED: { status: 409, vi: 'Trạng thái hiện tại của hồ sơ không cho phép việc này.', en: 'The dossier’s current state does not allow this.' },
  NOT_YOUR_DEPARTMENT: { status: 403, vi: 'Hồ sơ đang ở bộ phận khác: chỉ cán bộ (hoặc lãnh đạo) của bộ phận đang giữ hồ sơ mới thực hiện được việc này.', en: 'Another department holds this dossier: only its staff (or its leaders) may do this.' },
  PERSONAL_DATA_WITHHELD: { status: 403, vi: 'Giấy này in thông tin cá nhân của người nộp hồ sơ: chỉ bộ phận đang/đã xử lý hồ sơ (hoặc quầy đang giữ hồ sơ) mới in được.', en: 'This paper prints the applicant’s personal data: only the departments that hold or have held the dossier (or the counter holding it) may print it.' },
  LEADER_STEP: { status: 403, vi: 'Bước này là bước lãnh đạo ký duyệt: chỉ tài khoản lãnh đạo mới thực hiện được.', en: 'This is a leadership’s signing step: only a leader may take it.' },
  STEP_ALREADY_HELD: { status: 409, vi: 'Bạn đã nhận hồ sơ ở bước này rồi.', en: 'You have already taken this dossier at this step.' },
  USE_RESULT_READY: { status: 409, vi: 'Đây là bước trả kết quả: hãy dùng «Đã có kết quả» khi kết quả về đến Trung tâm.', en: 'This is the result step: use “Result ready” once the result reaches the centre.' },
  CANNOT_RETURN_FIRST_STEP: { status: 409, vi: 'Hồ sơ đang ở bước đầu tiên, không có bước trước để trả lại.', en: 'The dossier is at its first step: there is no step to send it back to.' },
  RESULT_NOT_AT_LAST_STEP: { status: 409, vi: 'Hồ sơ chưa qua hết các bước xử lý, chưa thể báo có kết quả.', en: 'The dossier has not been through every processing step yet.' },
  SUPPLEMENT_ALREADY_REQUESTED: { status: 409, vi: 'Hồ sơ này đã được yêu cầu bổ sung một lần. Theo quy định chỉ yêu cầu bổ sung một lần; lần yêu cầu này đã được ghi lại để giám sát.', en: 'This dossier has already had its one supplement request. The attempt has been recorded for the supervisors.' },
  SUPPLEMENT_WINDOW_PASSED: { status: 409, vi: 'Đã quá thời hạn được yêu cầu bổ sung hồ sơ (tính từ ngày tiếp nhận). Lần yêu cầu này đã được ghi lại để giám sát.', en: 'The time for asking for a supplement (counted from receipt) has passed. The attempt has been recorded for the supervisors.' },
  SUPPLEMENT_AFTER_APOLOGY: { status: 409, vi: 'Hồ sơ đã có văn bản xin lỗi, hẹn lại: không yêu cầu bổ sung được nữa.', en: 'An apology has been issued for this dossier: no supplement can be asked for now.' },
  SUPPLEMENT_DOCUMENT_NEEDS_BASIS: { status: 400, vi: 'Giấy tờ này không có trong thành phần hồ sơ đã công bố của thủ tục: phải ghi căn cứ pháp lý yêu cầu.', en: 'This document is not in the procedure’s published list: give the legal basis for asking for it.' },
  STEP_MOVED_ON: { status: 409, vi: 'Hồ sơ đã chuyển sang bước khác (có thể do bấm hai lần hoặc đồng nghiệp vừa xử lý). Tải lại để xem hồ sơ đang ở đâu.', en: 'The dossier has moved to another step (a double click, or a colleague just acted). Reload to see where it is.' },
  IDEMPOTENCY_KEY_INVALID: { status: 400, vi: 'Mã chống gửi trùng (Idempotency-Key) không hợp lệ: cần một UUID hoặc 16–128 ký tự chữ, số, «-», «_», «.», «~».', en: 'Invalid Idempotency-Key: use a UUID or 16–128 letters, digits, "-", "_", "." or "~".' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, vi: 'Mã chống gửi trùng (Idempotency-Key) này đã dùng cho một yêu cầu khác: mỗi lần lưu mới cần một mã mới.', en: 'This Idempotency-Key was already used for a different request: each new save needs a new key.' },
  SUPPLEMENT_AFTER_DUE: { status: 409, vi: 'Hồ sơ đã quá hạn trả kết quả: không yêu cầu bổ sung để tính lại thời hạn được nữa. Lần yêu cầu này đã được ghi lại để giám sát.', en: 'The appointment has already passed: a supplement can no longer restart the clock. The attempt has been recorded for the supervisors.' },
  REASON_HAS_PERSONAL_DATA: { status: 400, vi: 'Nội dung này hiển thị công khai trên ki-ốt tra cứu: không ghi họ tên, số định danh, số điện thoại, địa chỉ hay thư điện tử của người nộp hồ sơ.', en: 'This text is shown on the public kiosk: leave out the applicant’s name, ID number, phone, address and e-mail.' },
  APOLOGY_TOO_LATE: { status: 409, vi: 'Chỉ được xin lỗi, hẹn lại chậm nhất 01 ngày làm việc trước ngày hẹn trả kết quả.', en: 'An apology must come at least one working day before the appointment.' },
  APOLOGY_ALREADY_ISSUED: { status: 409, vi: 'Hồ sơ này đã được xin lỗi và hẹn lại một lần; ngày hẹn chỉ được điều chỉnh một lần.', en: 'This dossier has already been re-appointed once with an apology; that can happen only once.' },
  INVALID_NEW_DUE: { status: 400, vi: 'Ngày hẹn mới phải sau ngày hẹn hiện tại, trong giờ làm việc của Trung tâm, và không xa hơn thời hạn giải quyết của thủ tục (tối thiểu 10 ngày làm việc) tính từ ngày hẹn hiện tại.', en: 'The new date must be after the current appointment, within office hours, and no further from it than the procedure’s time limit (at least 10 working days).' },
  CLOCK_BEFORE_HISTORY: { status: 409, vi: 'Không lùi đồng hồ đào tạo về trước sự kiện cuối cùng đã ghi trong lịch sử hồ sơ được: lịch sử không được đi ngược thời gian.', en: 'The training clock cannot go back before the latest event in the dossiers’ history: history never runs backwards.' },
  ALREADY_RATED: { status: 409, vi: 'Hồ sơ này đã được đánh giá. Cảm ơn ông/bà đã góp ý.', en: 'This dossier has already been rated. Thank you for your feedback.' },
  RATING_NOT_OPEN: { status: 409, vi: 'Ông/bà có thể đánh giá sau khi nhận kết quả.', en: 'You can rate the service once you have received the result.' },
  INVALID_PERIOD: { status: 400, vi: 'Khoảng thời gian không hợp lệ: cần từ ngày và đến ngày dạng YYYY-MM-DD (đến ngày không trước từ ngày, không quá 400 ngày); tuần dạng 2026-W48, tháng 2026-11, quý 2026-Q4, năm 2026.', en: 'Invalid period: give from and to as YYYY-MM-DD (to not before from, at most 400 days); a week as 2026-W48, a month 2026-11, a quarter 2026-Q4, a year 2026.' },
  STEP_NOT_FOUND: { status: 404, vi: 'Hồ sơ không có bước xử lý này.', en: 'This dossier has no such step.' },
  OWN_CASE: { status: 403, vi: 'Việc của chính ông/bà: người khác quyết định. Không ai tự xem xét lý do trễ hạn của bước mình đã giữ hay văn bản xin lỗi mình đã ký; việc của lãnh đạo do lãnh đạo khác hoặc cán bộ giám sát xem xét.', en: 'Your own case: someone else decides. Nobody reviews the lateness of a step they held or an apology they signed; a leader’s own case goes to another leader or a supervisor.' },
  APOLOGY_NOT_FOUND: { status: 404, vi: 'Hồ sơ này không có văn bản xin lỗi, hẹn lại nào để xem xét.', en: 'This dossier has no apology to review.' },
  STEP_NOT_LATE: { status: 409, vi: 'Chỉ xem xét lý do chậm cho bước đã hoàn thành quá hạn hoặc đang quá hạn.', en: 'Only a step that finished late, or is overdue now, can have its lateness reviewed.' },
  INVALID_SETTING: { status: 400, vi: 'Giá trị cài đặt không hợp lệ.', en: 'Invalid setting value.' },
  BAD_REQUEST: { status: 400, vi: 'Yêu cầu không hợp lệ.', en: 'Bad request.' },
  NOT_AUTHENTICATED: { status: 401, vi: 'Vui lòng đăng nhập.', en: 'Please sign in.' },
  INVALID_CREDENTIALS: { status: 401, vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
  FORBIDDEN: { status: 403, vi: 'Tài khoản của bạn không có quyền thực hiện việc này.', en: 'Your account may not do this.' },
  NOT_FOUND: { status: 404, vi: 'Không tìm thấy địa chỉ yêu cầu.', en: 'Not found.' },
  DOSSIER_NOT_FOUND: { status: 404, vi: 'Không tìm thấy hồ sơ. Vui lòng kiểm tra lại mã trên giấy hẹn.', en: 'No dossier found. Please check the code on your receipt.' },
  PROCEDURE_NOT_FOUND: { status: 404, vi: 'Không tìm thấy thủ tục.', en: 'Procedure not found.' },
  STAFF_NOT_FOUND: { status: 404, vi: 'Không có tài khoản cán bộ với tên đăng nhập này.', en: 'No staff account with this username.' },
  USERNAME_TAKEN: { status: 409, vi: 'Tên đăng nhập này đã có người dùng; hãy chọn tên khác.', en: 'This username is taken; choose another.' },
  LAST_ADMIN: { status: 409, vi: 'Đây là tài khoản quản trị hệ thống cuối cùng còn hoạt động: hãy cấp quyền quản trị cho một tài khoản khác trước.', en: 'This is the last active administrator: make another account an administrator first.' },
  CANNOT_DEACTIVATE_SELF: { status: 409, vi: 'Không thể tự khóa tài khoản đang dùng để đăng nhập. Nhờ một quản trị viên khác làm việc này.', en: 'You cannot deactivate the account you are signed in with. Ask another administrator.' },
  UNKNOWN_DEPARTMENT: { status: 400, vi: 'Không có phòng ban này trong danh sách phòng ban của Trung tâm.', en: 'No such department in the centre’s list of departments.' },
  DEPARTMENT_REQUIRED: { status: 400, vi: 'Chuyên viên xử lý và lãnh đạo phải thuộc một phòng ban: hãy chọn phòng ban.', en: 'Processing officers and leaders belong to a department: choose one.' },
  CLERK_DEPARTMENT: { status: 400, vi: 'Cán bộ tiếp nhận làm việc tại bộ phận tiếp nhận hồ sơ của Trung tâm: chọn bộ phận đó hoặc để trống.', en: 'Intake clerks work at the centre’s intake department: choose it or leave the department empty.' },
  ACCOUNT_LOCKED: { status: 429, vi: 'Tài khoản tạm khóa vì đăng nhập sai nhiều lần liên tiếp. Thử lại sau ít phút, hoặc nhờ quản trị viên mở khóa.', en: 'This account is locked for a while after repeated failed logins. Try again later, or ask an administrator to unlock it.' },
  LOGIN_BUSY: { status: 503, vi: 'Máy chủ đang kiểm tra quá nhiều mật khẩu cùng lúc (nhiều lượt đăng nhập). Vui lòng thử lại sau vài giây.', en: 'The server is checking too many passwords at once (a burst of logins). Please try again in a few seconds.' },
  PAYLOAD_TOO_LARGE: { status: 413, vi: 'Dữ liệu gửi lên quá lớn.', en: 'The request is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, vi: 'Dữ liệu phải gửi dạng JSON (Content-Type: application/json).', en: 'Send JSON (Content-Type: application/json).' },
  RATE_LIMITED: { status: 429, vi: 'Quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.', en: 'Too many requests. Please try again in a few minutes.' },
  SEQUENCE_EXHAUSTED: { status: 503, vi: 'Đã hết số thứ tự hồ sơ trong ngày (9999). Liên hệ quản trị hệ thống.', en: 'The day’s dossier numbers (9999) are used up. Contact the administrator.' },
  STORAGE_FULL: { status: 503, vi: 'Máy chủ hết chỗ lưu trữ nên chưa ghi được; việc vừa làm CHƯA được lưu. Báo quản trị giải phóng ổ đĩa rồi thử lại.', en: 'The server’s disk is full, so nothing was saved. Tell the administrator to free space, then try again.' },
  INTERNAL: { status: 500, vi: 'Lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị.', en: 'Internal error. Please try again or tell the administrator.' },
} as const satisfies Record<string, { status: number } & Wording>;

export type ErrorCode = keyof typeof ERRORS;

export interface FieldProblem {
  /** JSON pointer-like path of the field, e.g. `/applicant/fullName`. */
  readonly field: string;
  readonly message: string;
}

export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string; readonly details?: unknown };
}

export function errorMessage(code: ErrorCode, lang: Lang = 'vi'): string {
  return ERRORS[code][lang];
}

export function errorStatus(code: ErrorCode): number {
  return ERRORS[code].status;
}
