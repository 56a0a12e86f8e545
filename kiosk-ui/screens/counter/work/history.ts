/**
 * A dossier's history in words: what each event was (shared/vocabulary.ts EVENT_KINDS) and the facts
 * it carries (the step, the reason, the documents asked for, the new appointment). The event data is
 * whatever the server recorded at the time, so every field is read defensively: an old event without
 * a field simply says less.
 */
import type { DossierDetail } from '../../../../shared/contracts.ts';
import { ERRORS } from '../../../../shared/errors.ts';
import { CHANNELS, DOSSIER_STATUSES, RETURN_METHODS, TIMELINESS, type Wording, eventKindLabel, paperLabel, returnMethodOf } from '../../../../shared/vocabulary.ts';
import { shortTime, workingDuration } from '../../../lib/format.ts';

export type HistoryEvent = DossierDetail['history'][number];

export interface EventWords {
  readonly title: Wording;
  /** Facts, one per line, in Vietnamese (the staff read the record in the language it was written in). */
  readonly lines: readonly string[];
  /** Events that change where the dossier stands are set apart from prints. */
  readonly tone: 'normal' | 'good' | 'warn' | 'bad' | 'quiet';
}

type Data = Record<string, unknown>;
const obj = (v: unknown): Data | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Data) : null);
const str = (d: Data | null, key: string): string | null => (d && typeof d[key] === 'string' && d[key] !== '' ? (d[key] as string) : null);
const num = (d: Data | null, key: string): number | null => (d && typeof d[key] === 'number' ? (d[key] as number) : null);

function wording<T extends Record<string, Wording>>(table: T, key: string | null): Wording | null {
  return key && key in table ? (table as Record<string, Wording>)[key]! : null;
}

/** "Bước 2: Thẩm tra, trình ký — Văn phòng HĐND và UBND xã" */
function stepLine(d: Data | null, prefix = 'Bước'): string | null {
  const seq = num(d, 'seq');
  const name = str(d, 'step');
  if (seq === null && !name) return null;
  const dept = str(d, 'departmentName');
  return `${prefix} ${seq ?? ''}${name ? `: ${name}` : ''}${dept ? ` — ${dept}` : ''}`.replace(/\s+:/, ':');
}

function judged(d: Data | null, timelinessKey: string, lateKey: string): string | null {
  const t = wording(TIMELINESS, str(d, timelinessKey));
  if (!t) return null;
  const late = num(d, lateKey);
  return late && late > 0 ? `${t.vi} ${workingDuration(late, 'vi')} làm việc` : t.vi;
}

const reasonLine = (d: Data | null, label = 'Lý do'): string | null => {
  const r = str(d, 'reason');
  return r ? `${label}: ${r}` : null;
};

function documentLines(d: Data | null): string[] {
  const docs = d && Array.isArray(d.documents) ? d.documents : [];
  return docs.map((x) => {
    if (typeof x === 'string') return `• ${x}`;
    const doc = obj(x);
    const name = str(doc, 'name') ?? '';
    const counts = [num(doc, 'originals') ? `${num(doc, 'originals')} bản chính` : '', num(doc, 'copies') ? `${num(doc, 'copies')} bản sao` : ''].filter(Boolean).join(', ');
    const basis = str(doc, 'basis');
    return `• ${name}${counts ? ` (${counts})` : ''}${basis ? ` — căn cứ: ${basis}` : ''}`;
  });
}

export function describeEvent(event: HistoryEvent): EventWords {
  const d = obj(event.data);
  const title = eventKindLabel(event.kind);
  const lines = (...xs: (string | null | undefined | false)[]) => xs.filter((x): x is string => typeof x === 'string' && x !== '');
  const when = (key: string) => {
    const v = str(d, key);
    return v ? shortTime(v) : null;
  };
  switch (event.kind) {
    case 'received': {
      const channel = wording(CHANNELS, str(d, 'channel'));
      const docs = num(d, 'documents');
      return {
        title,
        tone: 'normal',
        lines: lines(when('dueAt') && `Hẹn trả kết quả: ${when('dueAt')}`, [docs !== null ? `${docs} loại giấy tờ` : null, channel?.vi].filter(Boolean).join(' · ')),
      };
    }
    case 'step_accepted':
      return { title, tone: 'quiet', lines: lines(stepLine(d), str(d, 'from') && `Nhận lại từ ${str(d, 'from')}`) };
    case 'step_completed': {
      const to = obj(d?.to);
      return {
        title,
        tone: str(d, 'timeliness') === 'late' ? 'warn' : 'normal',
        lines: lines(stepLine(d), judged(d, 'timeliness', 'lateMinutes'), to && stepLine(to, 'Chuyển tới bước'), str(d, 'note') && `Ghi chú: ${str(d, 'note')}`),
      };
    }
    case 'step_returned': {
      const from = obj(d?.from);
      const to = obj(d?.to);
      return { title, tone: 'warn', lines: lines(from && stepLine(from, 'Từ bước'), to && stepLine(to, 'Về bước'), reasonLine(d)) };
    }
    case 'supplement_requested':
      return {
        title,
        tone: 'warn',
        lines: lines(reasonLine(d), ...(documentLines(d).length ? ['Giấy tờ cần bổ sung:', ...documentLines(d)] : []), str(d, 'contact') && `Liên hệ: ${str(d, 'contact')}`),
      };
    case 'supplement_request_refused': {
      const why = str(d, 'why');
      const message = why && why in ERRORS ? ERRORS[why as keyof typeof ERRORS].vi : why;
      return { title, tone: 'bad', lines: lines(message, reasonLine(d, 'Lý do đã nêu'), ...documentLines(d)) };
    }
    case 'supplement_received': {
      const resumed = str(d, 'mode') === 'resume';
      const remaining = num(d, 'remainingMinutes');
      return {
        title,
        tone: 'good',
        lines: lines(
          resumed ? `Thời hạn tiếp tục${remaining !== null ? `, còn ${workingDuration(remaining, 'vi')} làm việc` : ''}` : 'Thời hạn giải quyết tính lại từ đầu',
          when('previousDueAt') && when('dueAt') && `Hẹn trả: ${when('previousDueAt')} → ${when('dueAt')}`,
        ),
      };
    }
    case 'apologized':
      return { title, tone: 'warn', lines: lines(reasonLine(d), when('newDueAt') && `Hẹn trả: ${when('previousDueAt') ?? '…'} → ${when('newDueAt')}`, str(d, 'department') && `Bộ phận: ${str(d, 'department')}`) };
    case 'refused':
    case 'stopped':
      return { title, tone: 'bad', lines: lines(reasonLine(d), stepLine(d, 'Tại bước')) };
    case 'result_ready': {
      const overall = judged(d, 'dossierTimeliness', 'dossierLateMinutes');
      // The rule it was judged by (the centre's `timeliness` setting), recorded since it became a setting.
      const mode = str(d, 'timelinessMode');
      const by = mode === 'day' ? ' (tính theo ngày)' : mode === 'minute' ? ' (tính đến từng phút)' : '';
      return { title, tone: 'good', lines: lines(overall && `Hồ sơ: ${overall} so với ngày hẹn ban đầu${by}`, str(d, 'note') && `Ghi chú: ${str(d, 'note')}`) };
    }
    case 'returned': {
      // Older events say 'counter' for 'at_centre': read through the one vocabulary.
      const method = returnMethodOf(str(d, 'method') ?? '');
      return { title, tone: 'good', lines: lines(method && RETURN_METHODS[method].vi) };
    }
    case 'printed': {
      const reprint = num(d, 'reprint');
      const paper = str(d, 'document');
      return { title, tone: 'quiet', lines: lines(paper && paperLabel(paper).vi, reprint ? `Bản in lại lần ${reprint}` : 'Bản in lần đầu') };
    }
    case 'print_failed': {
      const paper = str(d, 'document');
      return { title, tone: 'bad', lines: lines(paper && paperLabel(paper).vi, str(d, 'queue') && `Máy in ${str(d, 'queue')}${str(d, 'error') ? `: ${str(d, 'error')}` : ''}`) };
    }
    case 'status_changed': {
      const from = wording(DOSSIER_STATUSES, str(d, 'from'));
      const to = wording(DOSSIER_STATUSES, str(d, 'to'));
      return { title, tone: 'normal', lines: lines(from && to && `${from.vi} → ${to.vi}`) };
    }
    default:
      return { title, tone: 'normal', lines: [] };
  }
}
