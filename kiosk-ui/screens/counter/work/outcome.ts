/**
 * What an action leaves behind: the sentence that confirms it, and the slip the applicant is owed
 * (a supplement request, a refusal, an apology, a stop notice), numbered in the form set in force on
 * the day of the act (shared/forms.ts).
 */
import type { DossierDetail } from '../../../../shared/contracts.ts';
import { type FormKind, formOn } from '../../../../shared/forms.ts';
import { type ActionType, currentStep } from '../../../../shared/processing.ts';
import { parseIsoInstant, toVnDate } from '../../../../shared/time.ts';
import { type Paper, paperLabel } from '../../../../shared/vocabulary.ts';
import type { SlipKind } from '../../../lib/api.ts';
import { shortTime } from '../../../lib/format.ts';

/** The slip each act produces (GET /api/dossiers/:code/slips/:kind.pdf). */
export const SLIP_OF: Partial<Record<ActionType, Exclude<SlipKind, 'control-sheet'>>> = {
  'request-supplement': 'supplement-request',
  apologize: 'apology',
  refuse: 'refusal',
  stop: 'stop-notice',
};

/** The history event that records each slip's act, to find which slips a dossier has. */
export const SLIP_EVENTS: Record<Exclude<SlipKind, 'control-sheet'>, string> = {
  'supplement-request': 'supplement_requested',
  apology: 'apologized',
  refusal: 'refused',
  'stop-notice': 'stopped',
};

/** A paper the dossier panel offers: the act slips, the control sheet, and the receipt (its current appointment). */
export type PanelPaper = SlipKind | 'receipt';

const FORM_KIND: Record<PanelPaper, FormKind> = {
  receipt: 'receipt',
  'supplement-request': 'supplement',
  apology: 'apology',
  refusal: 'refusal',
  'stop-notice': 'stop',
  'control-sheet': 'controlSheet',
};

/** "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)": the form number of the set in force on `atIso`. */
export function slipTitle(kind: PanelPaper, atIso: string): string {
  const name = paperLabel(kind satisfies Paper).vi;
  const at = parseIsoInstant(atIso);
  if (!at) return name;
  try {
    const number = formOn(FORM_KIND[kind], toVnDate(at)).number;
    return number === null ? name : `${name} (Mẫu ${number})`; // no form in that set: a plain notice
  } catch {
    return name; // a date before the first form set: the name alone
  }
}

/** The slips a dossier has, from its history (the act must exist for its slip to). */
export function slipsOf(detail: Pick<DossierDetail, 'history'>): { kind: SlipKind; at: string }[] {
  const found: { kind: SlipKind; at: string }[] = [];
  for (const [kind, event] of Object.entries(SLIP_EVENTS) as [Exclude<SlipKind, 'control-sheet'>, string][]) {
    const last = detail.history.filter((e) => e.kind === event).at(-1);
    if (last) found.push({ kind, at: last.at });
  }
  return found;
}

export function slipHref(code: string, kind: PanelPaper, layout: 'a4' | 'a5' | 'thermal' = 'a4'): string {
  if (kind === 'receipt') return `/api/dossiers/${encodeURIComponent(code)}/receipt.pdf?layout=${layout}`;
  return `/api/dossiers/${encodeURIComponent(code)}/slips/${kind}.pdf?layout=${layout === 'thermal' ? 'a4' : layout}`;
}

/** The confirmation after an action, from the dossier as the server now has it. */
export function doneMessage(action: ActionType, detail: DossierDetail): string {
  const code = detail.code;
  const step = currentStep(detail.steps);
  const where = step ? `bước ${step.seq} — ${step.department.name}` : '';
  switch (action) {
    case 'accept-step':
      return `Bạn đã nhận hồ sơ ${code} để xử lý${step ? ` (bước ${step.seq}: ${step.name})` : ''}.`;
    case 'complete-step':
      return `Đã hoàn thành bước và chuyển hồ sơ ${code} tới ${where}.`;
    case 'return-step':
      return `Đã trả hồ sơ ${code} về ${where}.`;
    case 'request-supplement':
      return `Đã gửi yêu cầu bổ sung hồ sơ ${code}. Thời hạn giải quyết tạm dừng cho đến khi nhận đủ hồ sơ bổ sung.`;
    case 'receive-supplement':
      return `Đã nhận hồ sơ bổ sung của hồ sơ ${code}. Hẹn trả kết quả mới: ${shortTime(detail.dueAt)}.`;
    case 'apologize':
      return `Đã xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${code}: ${shortTime(detail.dueAt)}.`;
    case 'refuse':
      return `Đã từ chối giải quyết hồ sơ ${code}.`;
    case 'result-ready':
      return `Hồ sơ ${code} đã có kết quả, chuyển về Trung tâm chờ trả cho công dân.`;
    case 'return-result':
      return `Đã trả kết quả hồ sơ ${code}.`;
    case 'stop':
      return `Đã dừng giải quyết hồ sơ ${code}.`;
  }
}
