/**
 * The intake form's state and its translation to and from the API: the request it sends, the few
 * checks made before sending (the server remains the authority), and the server's per-field problems
 * placed back next to the fields they concern. Pure: no Preact, no fetch.
 */
import type { IntakeRequest, Procedure } from '../../../shared/contracts.ts';
import type { FieldProblem } from '../../../shared/errors.ts';
import type { Channel, ReturnMethod } from '../../../shared/vocabulary.ts';

export interface DocRow {
  readonly id: string;
  readonly name: string;
  /** In the procedure's list (a checkbox) or added by the clerk (a text field). */
  readonly listed: boolean;
  readonly checked: boolean;
  readonly originals: string;
  readonly copies: string;
}

export interface ApplicantFields {
  readonly fullName: string;
  readonly idNumber: string;
  readonly phone: string;
  readonly address: string;
  readonly email: string;
}

export interface IntakeForm {
  readonly procedureCode: string;
  readonly applicant: ApplicantFields;
  readonly docs: readonly DocRow[];
  readonly channel: Channel;
  readonly returnMethod: ReturnMethod;
  readonly sets: string;
  /** The procedure's time-limit variant picked ('' or absent, as in a draft from before: the standard limit). */
  readonly timeLimitVariant?: string;
}

/** Error text by field path (`/applicant/fullName`, `/documents`) or document row (`doc:<id>`). */
export type FieldErrors = Readonly<Record<string, string>>;

export const EMPTY_APPLICANT: ApplicantFields = { fullName: '', idNumber: '', phone: '', address: '', email: '' };

let rowSeq = 0;
export const newRowId = (): string => `r${++rowSeq}`;

export function listedDocs(procedure: Procedure | undefined): DocRow[] {
  return (procedure?.documents ?? []).map((name) => ({ id: newRowId(), name, listed: true, checked: false, originals: '1', copies: '0' }));
}

export function extraDoc(): DocRow {
  return { id: newRowId(), name: '', listed: false, checked: true, originals: '1', copies: '0' };
}

export function emptyForm(channel: Channel, returnMethod: ReturnMethod): IntakeForm {
  return { procedureCode: '', applicant: EMPTY_APPLICANT, docs: [], channel, returnMethod, sets: '1', timeLimitVariant: '' };
}

/**
 * Nothing typed yet: no procedure, no applicant detail, no document row, one set. (The channel and the
 * return method are remembered preferences, not typing.)
 */
export function isBlankForm(form: IntakeForm): boolean {
  return (
    !form.procedureCode &&
    Object.values(form.applicant).every((v) => !v.trim()) &&
    form.docs.length === 0 &&
    form.sets.trim() === '1'
  );
}

const isCount = (text: string) => /^\d{1,2}$/.test(text.trim());
const included = (row: DocRow) => (row.listed ? row.checked : row.name.trim() !== '');

/** The checks worth making before a round trip; everything else is the server's to judge. */
export function checkBeforeSending(form: IntakeForm): FieldErrors {
  const errors: Record<string, string> = {};
  if (!form.procedureCode) errors['/procedureCode'] = 'Chọn thủ tục hành chính.';
  if (!form.applicant.fullName.trim()) errors['/applicant/fullName'] = 'Nhập họ và tên người nộp hồ sơ.';
  if (!form.applicant.idNumber.trim()) errors['/applicant/idNumber'] = 'Nhập số định danh cá nhân/CCCD hoặc số hộ chiếu.';
  if (form.procedureCode && !form.docs.some(included)) errors['/documents'] = 'Đánh dấu ít nhất một giấy tờ đã nhận.';
  for (const row of form.docs) {
    if (included(row) && (!isCount(row.originals) || !isCount(row.copies))) errors[`doc:${row.id}`] = 'Số bản là số nguyên từ 0 đến 99.';
  }
  if (!/^\d{1,2}$/.test(form.sets.trim()) || Number(form.sets) < 1 || Number(form.sets) > 20) errors['/sets'] = 'Số bộ hồ sơ từ 1 đến 20.';
  return errors;
}

/** The request, and for each of its documents the form row it came from (to place errors back). */
export function toRequest(form: IntakeForm): { request: IntakeRequest; rowIds: string[] } {
  const rows = form.docs.filter(included);
  const a = form.applicant;
  // Optional fields left blank are left out: an empty phone would fail the phone pattern.
  const applicant: IntakeRequest['applicant'] = {
    fullName: a.fullName.trim(),
    idNumber: a.idNumber.trim(),
    ...(a.phone.trim() ? { phone: a.phone.trim() } : {}),
    ...(a.address.trim() ? { address: a.address.trim() } : {}),
    ...(a.email.trim() ? { email: a.email.trim() } : {}),
  };
  return {
    request: {
      procedureCode: form.procedureCode,
      applicant,
      documents: rows.map((r) => ({ name: r.name.trim(), originals: Number(r.originals), copies: Number(r.copies) })),
      channel: form.channel,
      returnMethod: form.returnMethod,
      sets: Number(form.sets),
      ...(form.timeLimitVariant ? { timeLimitVariant: form.timeLimitVariant } : {}),
    },
    rowIds: rows.map((r) => r.id),
  };
}

/**
 * Places the server's problems next to their fields. `/documents/2/copies` belongs to the third
 * document sent, which is not the third row on screen (unticked rows are not sent). Problems with no
 * field on screen are returned as `unplaced`, for the error box.
 */
export function placeProblems(problems: readonly FieldProblem[], rowIds: readonly string[]): { errors: FieldErrors; unplaced: FieldProblem[] } {
  const errors: Record<string, string> = {};
  const unplaced: FieldProblem[] = [];
  // One message per field: a union (the e-mail may be an address or empty) fails as several issues
  // at once, and the first is the one a clerk can act on.
  const add = (key: string, message: string) => {
    errors[key] ??= message;
  };
  for (const p of problems) {
    const doc = /^\/documents\/(\d+)(?:\/|$)/.exec(p.field);
    if (doc) {
      const id = rowIds[Number(doc[1])];
      if (id) add(`doc:${id}`, p.message);
      else unplaced.push(p);
      continue;
    }
    if (ON_SCREEN.has(p.field)) add(p.field, p.message);
    else unplaced.push(p);
  }
  return { errors, unplaced };
}

const ON_SCREEN = new Set([
  '/procedureCode',
  '/applicant/fullName',
  '/applicant/idNumber',
  '/applicant/phone',
  '/applicant/address',
  '/applicant/email',
  '/documents',
  '/channel',
  '/returnMethod',
  '/sets',
]);

/** Lower case without Vietnamese marks, so "khai sinh", "Khai Sinh" and "khai sinh" all match. */
export function searchable(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}
