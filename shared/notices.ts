/**
 * What a citizen is told about their dossier's events, in plain Vietnamese and English: a supplement
 * request (what is missing), an apology (why, the original and the new appointment, which office), the
 * result's readiness, its return, a refusal or a stop. One wording for the kiosk, the phone lookup and
 * the counter's screens; the slips print the same facts in the forms' own wording.
 *
 * Pure: built from the events' recorded data (server/dossiers/actions.ts writes them).
 */
import { formatVnShort, parseIsoInstant, weekdayName } from './time.ts';
import type { Wording } from './vocabulary.ts';

export type NoticeKind = 'supplement' | 'supplement_received' | 'apology' | 'ready' | 'returned' | 'refused' | 'stopped';

export interface Notice {
  readonly kind: NoticeKind;
  readonly at: string;
  readonly title: Wording;
  readonly text: Wording;
  /** Supplement: the documents to bring. */
  readonly documents?: string[];
  /** Apology: the appointment first given and the new one. */
  readonly originalDueAt?: string;
  readonly newDueAt?: string;
  /** The office responsible (apology, refusal). */
  readonly department?: string;
}

/** The event data a notice reads (a subset of what actions.ts records). */
export interface NoticeEvent {
  readonly at: string;
  readonly kind: string;
  readonly data: Record<string, unknown>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** "Thứ Năm, 03/12/2026 lúc 16:00" / "Thursday 03/12/2026 at 16:00". */
export function appointmentWords(iso: string, lang: 'vi' | 'en'): string {
  const d = parseIsoInstant(iso);
  if (!d) return iso;
  const [time, date] = formatVnShort(d).split(' ');
  return lang === 'vi' ? `${weekdayName(d, 'vi')}, ${date} lúc ${time}` : `${weekdayName(d, 'en')} ${date} at ${time}`;
}

function docsOf(data: Record<string, unknown>): string[] {
  const list = Array.isArray(data.documents) ? data.documents : [];
  return list.map((d) => (typeof d === 'string' ? d : str((d as { name?: unknown }).name))).filter(Boolean);
}

/** The notice for one event, or null for events a citizen is not told about (internal handovers, prints). */
export function noticeOf(e: NoticeEvent, returnMethod: 'at_centre' | 'post' | 'online' = 'at_centre'): Notice | null {
  const d = e.data;
  const reason = str(d.reason);
  switch (e.kind) {
    case 'supplement_requested': {
      const documents = docsOf(d);
      const resume = d.clock === 'resume';
      return {
        kind: 'supplement',
        at: e.at,
        title: { vi: 'Cần bổ sung hồ sơ', en: 'Documents needed' },
        text: {
          vi: `Hồ sơ cần bổ sung ${documents.length} giấy tờ${reason ? `. Lý do: ${reason}` : ''}. Vui lòng nộp bổ sung tại quầy tiếp nhận của Trung tâm (chỉ yêu cầu một lần); ${resume ? 'thời hạn giải quyết tạm dừng và tính tiếp phần còn lại' : 'thời hạn giải quyết được tính lại từ đầu'} khi nhận đủ.`,
          en: `${documents.length} document${documents.length === 1 ? ' is' : 's are'} needed${reason ? `. Reason: ${reason}` : ''}. Please bring them to the centre's reception counter (this is asked only once); the time limit ${resume ? 'is paused and the time left runs again' : 'starts again from the beginning'} once they are in.`,
        },
        documents,
      };
    }
    case 'supplement_received':
      return {
        kind: 'supplement_received',
        at: e.at,
        title: { vi: 'Đã nhận hồ sơ bổ sung', en: 'Additional documents received' },
        text: {
          vi: `Trung tâm đã nhận đủ hồ sơ bổ sung. Ngày hẹn trả kết quả mới: ${appointmentWords(str(d.dueAt), 'vi')}.`,
          en: `The centre has received the additional documents. New appointment: ${appointmentWords(str(d.dueAt), 'en')}.`,
        },
      };
    case 'apologized': {
      const department = str(d.department);
      return {
        kind: 'apology',
        at: e.at,
        title: { vi: 'Thư xin lỗi và hẹn lại ngày trả kết quả', en: 'Apology and new appointment' },
        text: {
          vi: `${department || 'Cơ quan giải quyết'} thành thật xin lỗi vì hồ sơ chưa có kết quả đúng hẹn ${appointmentWords(str(d.originalDueAt || d.previousDueAt), 'vi')}. Lý do: ${reason}. Ngày hẹn trả kết quả mới: ${appointmentWords(str(d.newDueAt), 'vi')}.`,
          en: `${department || 'The office in charge'} sincerely apologises: the result will not be ready by ${appointmentWords(str(d.originalDueAt || d.previousDueAt), 'en')}. Reason: ${reason}. New appointment: ${appointmentWords(str(d.newDueAt), 'en')}.`,
        },
        originalDueAt: str(d.originalDueAt || d.previousDueAt),
        newDueAt: str(d.newDueAt),
        ...(department ? { department } : {}),
      };
    }
    case 'result_ready':
      return {
        kind: 'ready',
        at: e.at,
        title: { vi: 'Đã có kết quả', en: 'Result ready' },
        text:
          returnMethod === 'post'
            ? { vi: 'Đã có kết quả. Kết quả sẽ được gửi qua dịch vụ bưu chính đến địa chỉ đã đăng ký.', en: 'The result is ready and will be sent by post to the address given.' }
            : { vi: 'Đã có kết quả. Mời Ông/Bà mang giấy hẹn (và giấy ủy quyền nếu nhận thay) đến quầy trả kết quả của Trung tâm.', en: 'The result is ready. Please bring your receipt (and an authorisation if collecting for someone else) to the centre’s counter.' },
      };
    case 'returned':
      return {
        kind: 'returned',
        at: e.at,
        title: { vi: 'Đã trả kết quả', en: 'Result handed over' },
        text: d.method === 'post' ? { vi: 'Kết quả đã được gửi qua dịch vụ bưu chính.', en: 'The result was sent by post.' } : { vi: 'Kết quả đã được trả tại quầy.', en: 'The result was handed over at the counter.' },
      };
    case 'refused':
      return {
        kind: 'refused',
        at: e.at,
        title: { vi: 'Từ chối giải quyết', en: 'Refused' },
        text: { vi: `Hồ sơ không được giải quyết. Lý do: ${reason}. Văn bản trả lời được trả tại quầy.`, en: `The request was refused. Reason: ${reason}. The written reply is at the counter.` },
        ...(str(d.departmentName) ? { department: str(d.departmentName) } : {}),
      };
    case 'stopped':
      return {
        kind: 'stopped',
        at: e.at,
        title: { vi: 'Dừng giải quyết hồ sơ', en: 'Processing stopped' },
        text: { vi: `Hồ sơ đã dừng giải quyết. Lý do: ${reason}.`, en: `Processing has stopped. Reason: ${reason}.` },
      };
    default:
      return null;
  }
}

/** The notices of a dossier, oldest first. */
export function noticesOf(events: readonly NoticeEvent[], returnMethod: 'at_centre' | 'post' | 'online' = 'at_centre'): Notice[] {
  return events.flatMap((e) => {
    const n = noticeOf(e, returnMethod);
    return n ? [n] : [];
  });
}
