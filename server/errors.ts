/**
 * One error shape for the whole API, produced here and nowhere else: `{"error":{"code","message","details"?}}`.
 * Services throw `AppError` with a code from shared/errors.ts; Fastify's own errors (bad JSON, body
 * too large, schema validation) are mapped to the same codes so a clerk never sees a stack trace.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, type FieldProblem, errorMessage, errorStatus } from '../shared/errors.ts';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? errorMessage(code));
    this.name = 'AppError';
  }
}

export function fail(code: ErrorCode, details?: unknown, message?: string): never {
  throw new AppError(code, details, message);
}

function send(reply: FastifyReply, code: ErrorCode, message: string, details?: unknown) {
  const body = { error: details === undefined ? { code, message } : { code, message, details } };
  return reply.status(errorStatus(code)).type('application/json; charset=utf-8').send(body);
}

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

const PRINTABLE_RULE = 'không chứa ký tự điều khiển, ký tự ẩn hay biểu tượng cảm xúc';
const PATTERN_MESSAGES: Record<string, string> = {
  idNumber: 'Số định danh gồm 12 chữ số (căn cước), 9 chữ số (CMND cũ) hoặc số hộ chiếu (chữ và số).',
  phone: 'Số điện thoại bắt đầu bằng 0 hoặc +84, 10–11 chữ số.',
  email: 'Thư điện tử chưa đúng dạng ten@mien.vn (có thể để trống).',
  fullName: `Họ và tên: 2–120 ký tự, ${PRINTABLE_RULE}.`,
  address: `Địa chỉ: tối đa 300 ký tự, ${PRINTABLE_RULE}.`,
  name: `Tên giấy tờ: 1–300 ký tự, ${PRINTABLE_RULE}.`,
  username: 'Tên đăng nhập: 3–64 chữ cái không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang (username: 3–64 letters, digits, ".", "_" or "-").',
  displayName: `Họ và tên cán bộ: 2–120 ký tự, ${PRINTABLE_RULE}; tên này được in trên giấy hẹn (name: 2–120 printable characters, printed on receipts).`,
  password: 'Mật khẩu: ít nhất 8 ký tự, không chỉ có dấu cách (password: at least 8 characters, not only spaces).',
};

/** Clerk-readable words for a schema failure, in Vietnamese with the field path for the developer. */
function describeIssue(issue: AjvIssue, context: string): FieldProblem {
  const base = issue.instancePath || '';
  const params = issue.params ?? {};
  switch (issue.keyword) {
    case 'required':
      return { field: `${base}/${String(params.missingProperty)}`, message: 'Bắt buộc nhập (required).' };
    case 'additionalProperties':
      return { field: `${base}/${String(params.additionalProperty)}`, message: 'Trường không được hỗ trợ (unknown field).' };
    case 'type':
      return { field: base || `/${context}`, message: `Sai kiểu dữ liệu, cần ${String(params.type)} (wrong type).` };
    case 'minLength':
      return { field: base, message: Number(params.limit) <= 1 ? 'Không được để trống (must not be empty).' : `Cần ít nhất ${String(params.limit)} ký tự.` };
    case 'maxLength':
      return { field: base, message: `Dài quá ${String(params.limit)} ký tự (too long).` };
    case 'minProperties':
      return { field: base || `/${context}`, message: 'Chưa có thay đổi nào để lưu (nothing to change).' };
    case 'minItems':
      return { field: base, message: `Cần ít nhất ${String(params.limit)} mục (at least ${String(params.limit)}).` };
    case 'maxItems':
      return { field: base, message: `Nhiều nhất ${String(params.limit)} mục (at most ${String(params.limit)}).` };
    case 'minimum':
    case 'maximum':
      return { field: base, message: `Giá trị ngoài khoảng cho phép (${issue.message ?? ''}).` };
    case 'enum':
      return { field: base, message: `Giá trị không hợp lệ; chọn một trong: ${(params.allowedValues as unknown[] | undefined)?.join(', ') ?? ''}.` };
    case 'pattern':
    case 'format': {
      const known = PATTERN_MESSAGES[base.split('/').pop() ?? ''];
      if (known) return { field: base, message: known };
      // A printable text field (shared/contracts.ts printableText) says its own length and rule.
      const length = /\{(\d+),(\d+)\}\$$/.exec(String(params.pattern ?? ''));
      if (length) return { field: base, message: `Từ ${length[1]} đến ${length[2]} ký tự, ${PRINTABLE_RULE} (${length[1]}–${length[2]} printable characters).` };
      return { field: base, message: 'Sai định dạng (invalid format).' };
    }
    default:
      return { field: base, message: issue.message ?? 'Không hợp lệ (invalid).' };
  }
}

const FIELD_NAMES_VI: Record<string, string> = {
  procedureCode: 'mã thủ tục',
  fullName: 'họ và tên',
  idNumber: 'số định danh/CCCD',
  phone: 'số điện thoại',
  address: 'địa chỉ',
  email: 'thư điện tử',
  documents: 'giấy tờ',
  name: 'tên giấy tờ',
  originals: 'số bản chính',
  copies: 'số bản sao',
  channel: 'hình thức nộp',
  returnMethod: 'hình thức nhận kết quả',
  username: 'tên đăng nhập',
  password: 'mật khẩu',
  applicant: 'thông tin người nộp hồ sơ',
  sets: 'số bộ hồ sơ',
  body: 'dữ liệu gửi lên',
  query: 'mã tra cứu',
  displayName: 'họ và tên cán bộ',
  role: 'vai trò',
  department: 'phòng ban',
  active: 'trạng thái tài khoản',
};

function summarise(problems: FieldProblem[]): string {
  const names = [...new Set(problems.map((p) => p.field.split('/').filter((s) => !/^\d+$/.test(s)).pop() ?? ''))]
    .map((f) => FIELD_NAMES_VI[f] ?? f)
    .filter(Boolean);
  return names.length ? `${errorMessage('VALIDATION_FAILED')} Kiểm tra: ${names.join(', ')}.` : errorMessage('VALIDATION_FAILED');
}

/**
 * The refusal a route schema gives for a field, for the same rule checked outside a schema (the
 * command line goes through the services, not the routes): one wording either way.
 */
export function invalidField(name: string): never {
  const problem: FieldProblem = { field: `/${name}`, message: PATTERN_MESSAGES[name] ?? 'Không hợp lệ (invalid).' };
  throw new AppError('VALIDATION_FAILED', [problem], summarise([problem]));
}

/**
 * Fastify's own refusals before any route is found — a malformed percent-encoding (`/k/%FF`), a path
 * part over the router's limit — in our one shape rather than Fastify's (its `frameworkErrors` option).
 */
export function frameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const what = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'Địa chỉ quá dài (address too long).' : 'Địa chỉ có ký tự không hợp lệ (malformed address).';
  void send(reply, 'BAD_REQUEST', `${errorMessage('BAD_REQUEST')} ${what}`);
}

/** SQLite's "database or disk is full" (SQLITE_FULL), or the operating system's ENOSPC. */
export function isStorageFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) return send(reply, err.code, err.message, err.details);
    const fe = err as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
    if (fe.validation) {
      // One problem per field: with allErrors, ajv may report a field twice (length and pattern).
      const problems = [...new Map(fe.validation.map((i) => describeIssue(i, fe.validationContext ?? 'body')).map((p) => [p.field, p] as const)).values()];
      const code: ErrorCode = fe.validationContext === 'querystring' || fe.validationContext === 'params' ? 'INVALID_QUERY' : 'VALIDATION_FAILED';
      return send(reply, code, code === 'VALIDATION_FAILED' ? summarise(problems) : errorMessage(code), problems);
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, 'INVALID_JSON', errorMessage('INVALID_JSON'));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, 'PAYLOAD_TOO_LARGE', errorMessage('PAYLOAD_TOO_LARGE'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(reply, 'UNSUPPORTED_MEDIA_TYPE', errorMessage('UNSUPPORTED_MEDIA_TYPE'));
      case 'FST_ERR_RATE_LIMIT_EXCEEDED':
        return send(reply, 'RATE_LIMITED', errorMessage('RATE_LIMITED'));
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Any other client error a plugin raises (a malformed URL, a path outside the UI folder):
      // the nearest code of ours, in our shape.
      // The code and status only: a framework's message may quote the address (a lookup key in it).
      request.log.info({ code: fe.code, status: fe.statusCode, route: request.routeOptions.url ?? '(unmatched)' }, 'client error');
      const code: ErrorCode = fe.statusCode === 429 ? 'RATE_LIMITED' : fe.statusCode === 403 ? 'FORBIDDEN' : fe.statusCode === 404 || fe.statusCode === 405 ? 'NOT_FOUND' : 'BAD_REQUEST';
      return send(reply, code, errorMessage(code));
    }
    if (isStorageFull(err)) {
      // A write the disk (or SQLite's page limit) refused: nothing was stored, and the clerk is told so.
      request.log.warn({ err, route: request.routeOptions.url ?? '(unmatched)' }, 'storage full: a write failed');
      return send(reply, 'STORAGE_FULL', errorMessage('STORAGE_FULL'));
    }
    request.log.error({ err, route: request.routeOptions.url ?? '(unmatched)' }, 'unhandled error');
    return send(reply, 'INTERNAL', errorMessage('INTERNAL'));
  });

  app.setNotFoundHandler((request, reply) => send(reply, 'NOT_FOUND', `${errorMessage('NOT_FOUND')} (${request.method} ${request.url.split('?')[0]})`));
}

