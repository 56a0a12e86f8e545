/**
 * The staff forms' rules on the screen: the same as the server's (server/staff/service.ts), checked
 * here first so a mistake is shown beside its field before anything is sent, and the server's own
 * refusals put beside the same fields.
 */
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USERNAME_PATTERN } from '../../../shared/accounts.ts';
import type { DepartmentRef } from '../../../shared/contracts.ts';
import type { Role } from '../../../shared/vocabulary.ts';
import type { ApiError } from '../../lib/api.ts';

export type StaffField = 'username' | 'displayName' | 'role' | 'department' | 'password';
export type FieldErrors = Partial<Record<StaffField, string>>;

/**
 * Which department a role takes: a clerk's is the intake department (fixed, when the catalogue names
 * one), officers and leaders must have one, supervisors and administrators may.
 */
export function departmentRule(role: Role | '', intake: DepartmentRef | null): 'intake' | 'required' | 'optional' {
  if (role === 'clerk' && intake) return 'intake';
  return role === 'officer' || role === 'leader' ? 'required' : 'optional';
}

const USERNAME = new RegExp(USERNAME_PATTERN);
// Control and format characters, private use and emoji: what the server refuses in a printed name.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Extended_Pictographic}]/u;

export function usernameProblem(username: string): string | undefined {
  if (!username.trim()) return 'Nhập tên đăng nhập.';
  if (!USERNAME.test(username.trim())) return 'Tên đăng nhập: 3–64 chữ cái không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang (ví dụ lan.nt).';
  return undefined;
}

export function nameProblem(name: string): string | undefined {
  const length = [...name.trim().replace(/\s+/g, ' ')].length;
  if (length === 0) return 'Nhập họ và tên cán bộ.';
  if (length < 2 || length > 120) return 'Họ và tên: 2–120 ký tự.';
  if (UNPRINTABLE.test(name)) return 'Họ và tên không được chứa ký tự điều khiển, ký tự ẩn hay biểu tượng cảm xúc (tên được in trên giấy hẹn).';
  return undefined;
}

export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length === 0) return 'Nhập mật khẩu.';
  if (length < PASSWORD_MIN_LENGTH) return `Mật khẩu cần ít nhất ${PASSWORD_MIN_LENGTH} ký tự (đang có ${length}).`;
  if (length > PASSWORD_MAX_LENGTH) return `Mật khẩu dài quá ${PASSWORD_MAX_LENGTH} ký tự.`;
  if (!/\S/.test(password)) return 'Mật khẩu không được chỉ có dấu cách.';
  return undefined;
}

export function departmentProblem(role: Role | '', department: string, intake: DepartmentRef | null): string | undefined {
  return departmentRule(role, intake) === 'required' && !department ? 'Chuyên viên xử lý và lãnh đạo phải thuộc một phòng ban: hãy chọn phòng ban.' : undefined;
}

/** Drops the fields without a problem, so `Object.keys(errors).length` says whether the form may be sent. */
export function compact(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([, v]) => v !== undefined)) as FieldErrors;
}

const FIELD_OF_CODE: Partial<Record<string, StaffField>> = {
  USERNAME_TAKEN: 'username',
  UNKNOWN_DEPARTMENT: 'department',
  DEPARTMENT_REQUIRED: 'department',
  CLERK_DEPARTMENT: 'department',
};

/** The server's refusal beside the field it is about; what belongs to no field stays for the form's error box. */
export function fieldErrorsFrom(error: ApiError): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of error.fieldProblems) {
    const field = p.field.split('/').pop() as StaffField;
    if (['username', 'displayName', 'role', 'department', 'password'].includes(field)) errors[field] ??= p.message;
  }
  const byCode = FIELD_OF_CODE[error.code];
  if (byCode) errors[byCode] = error.message;
  return errors;
}

/** Search without diacritics or case: "hoa" finds "Lê Thị Hòa", "duc" finds "Trần Minh Đức". */
export function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}
