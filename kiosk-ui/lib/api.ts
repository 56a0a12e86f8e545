/**
 * The one way the screens talk to the server. Every call is typed with the shared contracts, and every
 * failure — an API error, a dropped network, a page that is not JSON — becomes an ApiError with a
 * code, so screens branch on `code` and never on message text.
 */
import type {
  ActionRequest,
  CentreInfo,
  CounterInfo,
  DossierCreated,
  DossierDetail,
  PrintResult,
  IntakePreview,
  IntakeRequest,
  KioskReport,
  KioskView,
  LoginRequest,
  PublicApologies,
  Procedure,
  RatingGiven,
  RatingRequest,
  StaffMe,
  SupervisionChanges,
  SupervisionDossiers,
  SupervisionDossiersQuery,
  SupervisionFlags,
  SupervisionOverview,
  SupervisionRecord,
  SupervisionScores,
  SupervisionSummary,
  SupervisionWarnings,
  LatenessDecision,
  LatenessReviewRequest,
  ApologyDecision,
  ApologyReviewRequest,
  DepartmentList,
  StaffAccount,
  StaffChanged,
  StaffCreateRequest,
  StaffList,
  StaffUpdateRequest,
  WorkQueue,
  TrainingState,
} from '../../shared/contracts.ts';
import { retryUnanswered } from './idempotency.ts';
import { ERRORS, type FieldProblem } from '../../shared/errors.ts';
import type { LookupChannel } from '../../shared/kiosk.ts';

/** Codes the client adds for failures that never reached (or never came back from) the API. */
export type ClientErrorCode = 'NETWORK' | 'BAD_RESPONSE';

const CLIENT_ERRORS: Record<ClientErrorCode, { vi: string; en: string }> = {
  NETWORK: {
    vi: 'Không kết nối được với máy chủ. Vui lòng kiểm tra mạng và thử lại.',
    en: 'Cannot reach the server. Please check the network and try again.',
  },
  BAD_RESPONSE: {
    vi: 'Máy chủ trả lời không đúng định dạng. Vui lòng thử lại hoặc báo quản trị.',
    en: 'The server sent an unexpected answer. Please try again or tell the administrator.',
  },
};

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    /** An ErrorCode from shared/errors.ts or a ClientErrorCode; typed as string because a newer server may add codes. */
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** The English wording of the code, for the screens that show both languages. */
  get messageEn(): string | undefined {
    // A lock says until when, as the Vietnamese message does (the server gives the instant in details).
    const retryAt = (this.details as { retryAt?: unknown } | undefined)?.retryAt;
    if (this.code === 'ACCOUNT_LOCKED' && typeof retryAt === 'string' && /T\d{2}:\d{2}/.test(retryAt)) {
      return `This account is locked after repeated failed logins: try again after ${retryAt.slice(11, 16)}, or ask an administrator to unlock it.`;
    }
    return (ERRORS as Record<string, { en: string } | undefined>)[this.code]?.en ?? (CLIENT_ERRORS as Record<string, { en: string } | undefined>)[this.code]?.en;
  }

  /** Per-field problems of a validation error (`[{field: "/applicant/fullName", message}]`). */
  get fieldProblems(): FieldProblem[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is FieldProblem => typeof d === 'object' && d !== null && typeof (d as FieldProblem).field === 'string' && typeof (d as FieldProblem).message === 'string',
    );
  }
}

function clientError(status: number, code: ClientErrorCode, cause?: unknown): ApiError {
  const err = new ApiError(status, code, CLIENT_ERRORS[code].vi);
  if (cause !== undefined) Object.defineProperty(err, 'cause', { value: cause });
  return err;
}

interface RequestOptions {
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** Sent as Idempotency-Key: the server acts once for any number of requests with it (lib/idempotency.ts). */
  readonly idempotencyKey?: string;
}

async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: {
      ...(options.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' }),
      ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
    },
  };
  if (options.body !== undefined) init.body = JSON.stringify(options.body);
  if (options.signal) init.signal = options.signal;

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    // An abort is the caller's decision, not a failure to report: let it through unchanged.
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw clientError(0, 'NETWORK', e);
  }
  if (response.status === 204) return undefined as T;

  let payload: unknown;
  try {
    payload = await response.json();
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw clientError(response.status, 'BAD_RESPONSE', e);
  }
  if (!response.ok) {
    const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      throw new ApiError(response.status, error.code, error.message, error.details);
    }
    throw clientError(response.status, 'BAD_RESPONSE');
  }
  return payload as T;
}

/** The slips GET /api/dossiers/:code/slips/:kind.pdf serves. */
export type SlipKind = 'supplement-request' | 'refusal' | 'apology' | 'stop-notice' | 'control-sheet';

export interface SessionAnswer {
  readonly staff: StaffMe;
}

export const api = {
  health: () => request<{ status: string }>('GET', '/api/health'),
  centre: () => request<CentreInfo>('GET', '/api/centre'),

  session: () => request<SessionAnswer>('GET', '/api/session'),
  login: (body: LoginRequest) => request<SessionAnswer>('POST', '/api/session', { body }),
  logout: () => request<void>('DELETE', '/api/session'),

  /** Staff accounts (the /admin screen; administrators only). */
  staffList: () => request<StaffList>('GET', '/api/staff'),
  departments: () => request<DepartmentList>('GET', '/api/departments'),
  addStaff: (body: StaffCreateRequest) => request<{ staff: StaffAccount }>('POST', '/api/staff', { body }),
  updateStaff: (username: string, body: StaffUpdateRequest) => request<StaffChanged>('PATCH', `/api/staff/${encodeURIComponent(username)}`, { body }),
  /** Lifts a lock from repeated failed logins (audited). */
  unlockStaff: (username: string) => request<{ staff: StaffAccount; wasLocked: boolean }>('POST', `/api/staff/${encodeURIComponent(username)}/unlock`),
  resetStaffPassword: (username: string, password: string) =>
    request<StaffChanged>('POST', `/api/staff/${encodeURIComponent(username)}/password`, { body: { password } }),

  procedures: () => request<Procedure[]>('GET', '/api/procedures'),
  /** `timeLimitVariant`: one of the procedure's variant keys, or '' for the standard limit. */
  intakePreview: (procedureCode: string, timeLimitVariant: string, signal?: AbortSignal) =>
    request<IntakePreview>(
      'GET',
      `/api/intake/preview?procedureCode=${encodeURIComponent(procedureCode)}${timeLimitVariant ? `&timeLimitVariant=${encodeURIComponent(timeLimitVariant)}` : ''}`,
      signal ? { signal } : {},
    ),
  /** With a key (one per save), a request that got no answer is sent again with it: one dossier whatever happens. */
  createDossier: (body: IntakeRequest, idempotencyKey?: string) =>
    idempotencyKey ? retryUnanswered(() => request<DossierCreated>('POST', '/api/dossiers', { body, idempotencyKey })) : request<DossierCreated>('POST', '/api/dossiers', { body }),
  counters: () => request<CounterInfo[]>('GET', '/api/counters'),
  printReceipt: (code: string, counter: string) =>
    request<PrintResult>('POST', `/api/dossiers/${encodeURIComponent(code)}/print`, { body: { document: 'receipt', counter } }),
  printControlSheet: (code: string, counter: string) =>
    request<PrintResult>('POST', `/api/dossiers/${encodeURIComponent(code)}/print`, { body: { document: 'control-sheet', counter } }),

  /** The work queue and the processing actions (server/dossiers/actions.ts). */
  workQueue: () => request<WorkQueue>('GET', '/api/work-queue'),
  /** The applicant's particulars only by need (shared/privacy.ts): else `applicant` is null and `personalData` says why. */
  dossier: (code: string) => request<DossierDetail>('GET', `/api/dossiers/${encodeURIComponent(code)}`),
  /** A dossier for the supervisors' drill-down: the applicant's name only, masked unless the reader's departments held it. */
  supervisionRecord: (code: string) => request<SupervisionRecord>('GET', `/api/supervision/dossiers/${encodeURIComponent(code)}`),
  /** With a key (one per press), as createDossier: an action sent again after no answer acts once. */
  act: (code: string, body: ActionRequest, idempotencyKey?: string) =>
    idempotencyKey
      ? retryUnanswered(() => request<DossierDetail>('POST', `/api/dossiers/${encodeURIComponent(code)}/actions`, { body, idempotencyKey }))
      : request<DossierDetail>('POST', `/api/dossiers/${encodeURIComponent(code)}/actions`, { body }),
  procedure: (code: string) => request<Procedure>('GET', `/api/procedures/${encodeURIComponent(code)}`),
  printSlip: (code: string, document: SlipKind | 'receipt', counter: string) =>
    request<PrintResult>('POST', `/api/dossiers/${encodeURIComponent(code)}/print`, { body: { document, counter } }),
  /** The due time `days` working days after `from` under the centre's calendar (public). */
  dueAfter: (from: string, days: number) =>
    request<{ from: string; due: string; explanation: string; explanationEn: string }>('GET', `/api/calendar/due?from=${encodeURIComponent(from)}&days=${days}`),

  /** `via`: how the citizen came in (scanner, camera, keypad, code, link) — recorded for the supervisors' scan-health figures. */
  kioskLookup: (query: string, via: LookupChannel, signal?: AbortSignal) =>
    request<KioskView>('GET', `/api/kiosk/lookup/${encodeURIComponent(query)}?via=${via}`, signal ? { signal } : {}),

  /** The public apology board (no login), newest first, a page at a time. */
  publicApologies: (page: { offset?: number; limit?: number } = {}, signal?: AbortSignal) =>
    request<PublicApologies>('GET', `/api/public/apologies${Object.keys(page).length ? `?${query(page)}` : ''}`, signal ? { signal } : {}),

  /** A citizen's satisfaction rating, proved by the receipt's key: once per dossier, after the result is returned. */
  kioskRate: (body: RatingRequest) => request<RatingGiven>('POST', '/api/kiosk/rating', { body }),

  supervisionOverview: () => request<SupervisionOverview>('GET', '/api/supervision/overview'),
  /** Kiosk lookups and ratings over a range of days (YYYY-MM-DD, both included; the last seven when omitted). */
  supervisionKiosk: (range: { from?: string; to?: string } = {}) => {
    const q = new URLSearchParams(Object.entries(range).filter((e): e is [string, string] => typeof e[1] === 'string')).toString();
    return request<KioskReport>('GET', `/api/supervision/kiosk${q ? `?${q}` : ''}`);
  },

  /** Supervision over a period of Vietnam days (YYYY-MM-DD, both included; 400 INVALID_PERIOD past 400 days). */
  supervisionSummary: (period: { from: string; to: string }, signal?: AbortSignal) =>
    request<SupervisionSummary>('GET', `/api/supervision/summary?${query(period)}`, signal ? { signal } : {}),
  /** The dossiers behind one number of the summary (a metric, optionally for one department, officer or procedure). */
  supervisionDossiers: (q: SupervisionDossiersQuery, signal?: AbortSignal) =>
    request<SupervisionDossiers>('GET', `/api/supervision/dossiers?${query(q)}`, signal ? { signal } : {}),
  supervisionFlags: (period: { from: string; to: string }, signal?: AbortSignal) =>
    request<SupervisionFlags>('GET', `/api/supervision/flags?${query(period)}`, signal ? { signal } : {}),
  supervisionWarnings: (signal?: AbortSignal) => request<SupervisionWarnings>('GET', '/api/supervision/warnings', signal ? { signal } : {}),
  /** `period`: `2026-11`, `2026-Q4` or `2026`. */
  supervisionScores: (period: string, signal?: AbortSignal) =>
    request<SupervisionScores>('GET', `/api/supervision/scores?${query({ period })}`, signal ? { signal } : {}),
  /** A supervisor's or leader's decision on a late step; a later decision replaces it (the earlier ones stay in the history). */
  reviewLateness: (body: LatenessReviewRequest) => request<LatenessDecision>('POST', '/api/supervision/lateness', { body }),
  /** The same for a dossier's apology: valid reason or not (counted towards "serious handling" only without one). */
  reviewApology: (body: ApologyReviewRequest) => request<ApologyDecision>('POST', '/api/supervision/apology-review', { body }),
  /** Long poll: answers when a dossier event newer than `since` exists, else after up to 25 s with `changed: false`. */
  supervisionChanges: (since: number | null, signal?: AbortSignal) =>
    request<SupervisionChanges>('GET', `/api/supervision/changes${since === null ? '' : `?since=${since}`}`, signal ? { signal } : {}),

  training: () => request<TrainingState>('GET', '/api/training'),
};

/** The report downloads (PDF to print, CSV, XLSX): plain links, so the browser opens or saves them itself. */
export const reportUrls = {
  weekly: (week: string, format: 'pdf' | 'csv' | 'xlsx') => `/api/reports/weekly.${format}?${query({ week })}`,
  /** `period`: a month `2026-11`, a quarter `2026-Q4` or a year `2026`. */
  scores: (period: string, format: 'pdf' | 'csv' | 'xlsx') =>
    `/api/reports/scores.${format}?${query(/^\d{4}$/.test(period) ? { year: period } : /-Q\d$/.test(period) ? { quarter: period } : { month: period })}`,
};

function query(params: object): string {
  return new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => [k, String(v)]),
  ).toString();
}

let centrePromise: Promise<CentreInfo> | null = null;

/** The centre's name and address change only with a redeploy: ask once per page load. */
export function centreOnce(): Promise<CentreInfo> {
  centrePromise ??= api.centre().catch((e: unknown) => {
    centrePromise = null; // try again next time rather than remembering a failure
    throw e;
  });
  return centrePromise;
}

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

/** Any thrown value as an ApiError, so a screen has one shape to show. */
export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return clientError(0, 'BAD_RESPONSE', e);
}
