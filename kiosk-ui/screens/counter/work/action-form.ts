/**
 * The action dialog's form as data: what each action asks for, the checks made before sending (the
 * server makes them again), the request body, and where the server's field problems belong.
 */
import type { ActionRequest } from '../../../../shared/contracts.ts';
import type { FieldProblem } from '../../../../shared/errors.ts';
import type { ActionType } from '../../../../shared/processing.ts';
import { parseIsoInstant, toVnIso, vnParts } from '../../../../shared/time.ts';
import type { ReturnMethod } from '../../../../shared/vocabulary.ts';

export interface SupplementDoc {
  readonly id: string;
  readonly name: string;
  /** From the procedure's published list (no legal basis needed) or typed in ("other": basis required). */
  readonly listed: boolean;
  readonly checked: boolean;
  readonly basis: string;
  readonly originals: string;
  readonly copies: string;
}

export interface ActionForm {
  readonly note: string;
  readonly reason: string;
  readonly contact: string;
  readonly docs: readonly SupplementDoc[];
  /** The apology's new appointment, as typed: `YYYY-MM-DD` and `HH:MM`, Vietnam time. */
  readonly date: string;
  readonly time: string;
  /** How the result goes back, in the intake's vocabulary: the method the applicant asked for, to start with. */
  readonly method: ReturnMethod;
}

/** Field key → message; document rows by `doc:<id>`. */
export type FormErrors = Record<string, string>;

export const NEEDS_REASON: readonly ActionType[] = ['return-step', 'request-supplement', 'apologize', 'refuse', 'stop'];
export const TAKES_NOTE: readonly ActionType[] = ['complete-step', 'result-ready'];

let nextId = 0;
export const newDocId = () => `sd${++nextId}`;

export function listedDocs(names: readonly string[]): SupplementDoc[] {
  return names.map((name) => ({ id: newDocId(), name, listed: true, checked: false, basis: '', originals: '1', copies: '0' }));
}

export function otherDoc(): SupplementDoc {
  return { id: newDocId(), name: '', listed: false, checked: true, basis: '', originals: '1', copies: '0' };
}

export function emptyActionForm(contact: string, method: ReturnMethod = 'at_centre'): ActionForm {
  return { note: '', reason: '', contact, docs: [], date: '', time: '', method };
}

/** `2026-12-03T16:00:00+07:00` from the date and time inputs (Vietnam time whatever the device's zone). */
export function newDueIso(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const iso = `${date}T${time}:00+07:00`;
  return parseIsoInstant(iso) ? iso : null;
}

/** The date and time inputs' values for an instant, in Vietnam time. */
export function dateTimeInputs(iso: string): { date: string; time: string } | null {
  const at = parseIsoInstant(iso);
  if (!at) return null;
  const p = vnParts(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

const count = (text: string): number | null => {
  const t = text.trim();
  if (t === '') return 0;
  return /^\d{1,2}$/.test(t) ? Number(t) : null;
};

/** The checks a person can be told about before anything is sent. */
export function checkForm(action: ActionType, form: ActionForm, currentDueAt: string): FormErrors {
  const errors: FormErrors = {};
  if (NEEDS_REASON.includes(action) && form.reason.trim().length < 3) {
    errors.reason =
      action === 'apologize' ? 'Ghi rõ lý do chậm trả kết quả (ít nhất 3 ký tự).' : action === 'request-supplement' ? 'Ghi rõ lý do cần bổ sung (ít nhất 3 ký tự).' : 'Ghi rõ lý do (ít nhất 3 ký tự).';
  }
  if (action === 'request-supplement') {
    const chosen = form.docs.filter((d) => d.checked);
    if (chosen.length === 0) errors.documents = 'Chọn ít nhất một giấy tờ cần bổ sung. Chỉ được yêu cầu một lần, nên liệt kê đầy đủ.';
    for (const d of chosen) {
      if (!d.listed && d.name.trim() === '') errors[`doc:${d.id}`] = 'Ghi tên giấy tờ.';
      else if (!d.listed && d.basis.trim().length < 3) errors[`doc:${d.id}`] = 'Giấy tờ ngoài thành phần hồ sơ đã công bố: ghi căn cứ pháp lý yêu cầu.';
      else if (count(d.originals) === null || count(d.copies) === null) errors[`doc:${d.id}`] = 'Số bản là số từ 0 đến 99.';
    }
  }
  if (action === 'apologize') {
    const iso = newDueIso(form.date, form.time);
    const current = parseIsoInstant(currentDueAt);
    if (!iso) errors.newDueAt = 'Chọn ngày và giờ hẹn trả mới.';
    else if (current && parseIsoInstant(iso)!.getTime() <= current.getTime()) errors.newDueAt = 'Ngày hẹn mới phải sau ngày hẹn hiện tại.';
  }
  return errors;
}

/**
 * The request body, and which document row each sent document came from (for the server's problems).
 * `step` is the step the person saw: a double tap, or a colleague acting first, is then refused
 * (409 STEP_MOVED_ON) instead of passing the dossier on twice.
 */
export function toRequest(action: ActionType, form: ActionForm, step: number | null = null): { body: ActionRequest; docIds: string[] } {
  const body: { -readonly [K in keyof ActionRequest]: ActionRequest[K] } = { type: action, ...(step !== null ? { step } : {}) };
  const docIds: string[] = [];
  if (TAKES_NOTE.includes(action) && form.note.trim()) body.note = form.note.trim();
  if (NEEDS_REASON.includes(action)) body.reason = form.reason.trim();
  if (action === 'request-supplement') {
    const chosen = form.docs.filter((d) => d.checked);
    body.documents = chosen.map((d) => ({
      name: d.name.trim(),
      ...(d.basis.trim() ? { basis: d.basis.trim() } : {}),
      originals: count(d.originals) ?? 0,
      copies: count(d.copies) ?? 0,
    }));
    docIds.push(...chosen.map((d) => d.id));
    if (form.contact.trim()) body.contact = form.contact.trim();
  }
  if (action === 'apologize') {
    const iso = newDueIso(form.date, form.time);
    if (iso) body.newDueAt = toVnIso(parseIsoInstant(iso)!);
  }
  if (action === 'return-result') body.method = form.method;
  return { body, docIds };
}

/** The server's field problems (`/reason`, `/documents/2/basis`) placed on the form's fields. */
export function placeProblems(problems: readonly FieldProblem[], docIds: readonly string[]): { errors: FormErrors; unplaced: FieldProblem[] } {
  const errors: FormErrors = {};
  const unplaced: FieldProblem[] = [];
  for (const p of problems) {
    const doc = /^\/documents\/(\d+)/.exec(p.field);
    const key = doc ? (docIds[Number(doc[1])] ? `doc:${docIds[Number(doc[1])]}` : 'documents') : p.field.replace(/^\//, '');
    if (['reason', 'note', 'contact', 'documents', 'newDueAt', 'method'].includes(key) || key.startsWith('doc:')) errors[key] ??= p.message;
    else unplaced.push(p);
  }
  return { errors, unplaced };
}
