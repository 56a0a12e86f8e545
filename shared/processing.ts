/**
 * Who may do what to a dossier after intake, and when (one-stop rules §4): the rules the server
 * enforces and the screens use to offer only the buttons that will work. Pure: the dossier, the
 * member of staff, the organisation chart, the calendar and the time are passed in.
 *
 * Checks run in a fixed order, so every refusal names the first thing wrong:
 *   1. the role may take this kind of action at all (403 FORBIDDEN);
 *   2. the dossier's state allows it (409 ACTION_NOT_ALLOWED, naming the state);
 *   3. the step the request was made for is still the current one (409 STEP_MOVED_ON: a double click,
 *      a retry or a colleague acting first must not pass the dossier on twice);
 *   4. the member of staff belongs to, or heads, the department holding the dossier (403
 *      NOT_YOUR_DEPARTMENT); a leadership's own step (a signature) is a leader's (403 LEADER_STEP);
 *   5. the once-only and timing rules (409 with their own codes).
 */
import type { ErrorCode } from './errors.ts';
import { type DossierStatus, type Role, type StepState, type Wording, DOSSIER_STATUSES } from './vocabulary.ts';
import { MINUTES_PER_WORKING_DAY, type WorkCalendar, addWorkingMinutes, workingMinutesBetween } from './working-time.ts';

export const ACTIONS = {
  'accept-step': { vi: 'Nhận hồ sơ', en: 'Take the dossier' },
  'complete-step': { vi: 'Hoàn thành bước, chuyển tiếp', en: 'Finish the step, pass it on' },
  'return-step': { vi: 'Trả lại bước trước', en: 'Send back one step' },
  'request-supplement': { vi: 'Yêu cầu bổ sung hồ sơ', en: 'Ask for additional documents' },
  'receive-supplement': { vi: 'Đã nhận hồ sơ bổ sung', en: 'Additional documents received' },
  apologize: { vi: 'Xin lỗi, hẹn lại ngày trả', en: 'Apologise and set a new date' },
  refuse: { vi: 'Từ chối giải quyết', en: 'Refuse' },
  'result-ready': { vi: 'Đã có kết quả', en: 'Result ready' },
  'return-result': { vi: 'Trả kết quả', en: 'Hand over the result' },
  stop: { vi: 'Dừng giải quyết (công dân rút hồ sơ)', en: 'Stop (the applicant withdraws)' },
} as const satisfies Record<string, Wording>;
export type ActionType = keyof typeof ACTIONS;
export const ACTION_TYPES = Object.keys(ACTIONS) as ActionType[];

/** How a dossier stands, as far as the rules care. */
export interface DossierState {
  readonly status: DossierStatus;
  /** In order; `department` is the department's code. */
  readonly steps: readonly { readonly seq: number; readonly department: string; readonly state: StepState; readonly heldBy: number | null; readonly leadership?: boolean }[];
  readonly supplementRequested: boolean;
  readonly apologized: boolean;
}

export interface Actor {
  readonly id: number;
  readonly role: Role;
  /** The actor's department code, if any. */
  readonly department: string | null;
}

/** The organisation chart: which department's leaders head a department (null: only its own). */
export type LedBy = (department: string) => string | null;

type Who = 'department' | 'leadership' | 'centre';
/**
 * The roles that may take each action, and whose department counts: `department` — a member of the
 * department holding the dossier (or a leader heading it); `leadership` — a leader of, or heading, that
 * department; `centre` — anyone in the role, wherever the dossier is (the counter's own acts).
 * [design] Administrators and supervisors take no action on dossiers: every act must be the act of the
 * person accountable for it, and a supervisor who could act would be watching themselves.
 */
const RULES: Record<ActionType, { roles: readonly Role[]; who: Who; states: readonly DossierStatus[] }> = {
  'accept-step': { roles: ['clerk', 'officer', 'leader'], who: 'department', states: ['received', 'processing'] },
  'complete-step': { roles: ['clerk', 'officer', 'leader'], who: 'department', states: ['received', 'processing'] },
  'return-step': { roles: ['clerk', 'officer', 'leader'], who: 'department', states: ['received', 'processing'] },
  // Awaiting a supplement is listed so that a second request there is named for what it is (once only).
  'request-supplement': { roles: ['officer', 'leader'], who: 'department', states: ['received', 'processing', 'awaiting_supplement'] },
  'receive-supplement': { roles: ['clerk'], who: 'centre', states: ['awaiting_supplement'] },
  apologize: { roles: ['leader'], who: 'leadership', states: ['received', 'processing'] },
  refuse: { roles: ['leader'], who: 'leadership', states: ['received', 'processing', 'awaiting_supplement'] },
  'result-ready': { roles: ['clerk', 'officer', 'leader'], who: 'department', states: ['received', 'processing'] },
  'return-result': { roles: ['clerk'], who: 'centre', states: ['ready'] },
  stop: { roles: ['clerk', 'leader'], who: 'centre', states: ['received', 'processing', 'awaiting_supplement'] },
};

/** Actions on the current step: a request naming the step it was meant for is refused once the dossier has moved on. */
const STEP_ACTIONS: readonly ActionType[] = ['accept-step', 'complete-step', 'return-step', 'request-supplement', 'result-ready'];

/** The step the dossier is at: the first one not done (null once every step is done). */
export function currentStep<S extends { readonly state: StepState }>(steps: readonly S[]): S | null {
  return steps.find((s) => s.state !== 'done') ?? null;
}

export function heads(actor: Actor, department: string, ledBy: LedBy): boolean {
  return actor.role === 'leader' && actor.department !== null && (actor.department === department || ledBy(department) === actor.department);
}

function belongsTo(actor: Actor, department: string, ledBy: LedBy): boolean {
  return actor.department === department || heads(actor, department, ledBy);
}

export interface Refusal {
  readonly code: ErrorCode;
  readonly message?: string;
  readonly details?: Record<string, unknown>;
}

/**
 * Whether `actor` may take `action` on the dossier now, leaving out the rules that need the clock
 * (the supplement window, the apology's last day): those are `supplementWindowOpen` and
 * `apologyInTime`. Null when allowed.
 */
export function refusalOf(action: ActionType, dossier: DossierState, actor: Actor, ledBy: LedBy, expectedStep?: number): Refusal | null {
  const rule = RULES[action];
  if (!rule.roles.includes(actor.role)) return { code: 'FORBIDDEN', details: { action, role: actor.role } };
  if (!rule.states.includes(dossier.status)) {
    const label = DOSSIER_STATUSES[dossier.status];
    return {
      code: 'ACTION_NOT_ALLOWED',
      message: `Hồ sơ đang ở trạng thái «${label.vi}»: không thể «${ACTIONS[action].vi}». (The dossier is “${label.en}”: “${ACTIONS[action].en}” is not possible.)`,
      details: { action, status: dossier.status, statusLabel: label },
    };
  }
  const step = currentStep(dossier.steps);
  const last = dossier.steps.at(-1);
  // Before the department: a colleague who acted first has moved the dossier on, maybe to another department.
  if (expectedStep !== undefined && STEP_ACTIONS.includes(action) && step?.seq !== expectedStep) {
    return { code: 'STEP_MOVED_ON', details: { expected: expectedStep, current: step?.seq ?? null } };
  }
  // A leader stops a dossier for the departments they head; a clerk records a withdrawal at any counter.
  const who: Who = action === 'stop' && actor.role === 'leader' ? 'leadership' : rule.who;
  if (who !== 'centre' && step) {
    const ok = who === 'leadership' ? heads(actor, step.department, ledBy) : belongsTo(actor, step.department, ledBy);
    if (!ok) return { code: 'NOT_YOUR_DEPARTMENT', details: { action, department: step.department } };
    // A leadership's own step is its signature: an officer placed in that department may not sign.
    if (who === 'department' && step.leadership && actor.role !== 'leader') return { code: 'LEADER_STEP', details: { action, department: step.department } };
  }
  switch (action) {
    case 'accept-step':
      if (step?.heldBy === actor.id) return { code: 'STEP_ALREADY_HELD', details: { seq: step.seq } };
      break;
    case 'complete-step':
      if (step && step === last) return { code: 'USE_RESULT_READY', details: { seq: step.seq } };
      break;
    case 'return-step':
      if (!step || step.seq === dossier.steps[0]?.seq) return { code: 'CANNOT_RETURN_FIRST_STEP' };
      break;
    case 'result-ready':
      if (!step || step !== last) return { code: 'RESULT_NOT_AT_LAST_STEP', details: { seq: step?.seq ?? null } };
      break;
    case 'request-supplement':
      if (dossier.supplementRequested) return { code: 'SUPPLEMENT_ALREADY_REQUESTED' };
      // A supplement after an apology would restart the clock the apology already admitted was missed.
      if (dossier.apologized) return { code: 'SUPPLEMENT_AFTER_APOLOGY' };
      break;
    case 'apologize':
      if (dossier.apologized) return { code: 'APOLOGY_ALREADY_ISSUED' };
      break;
  }
  return null;
}

/**
 * The actions `actor` may take now (what the work queue offers), the clock's rules included: every
 * timing rule the action service enforces is here (supplementTimingRefusal, apologyInTime), so the
 * queue never offers a button that would be refused.
 */
export function allowedActions(dossier: DossierState, actor: Actor, ledBy: LedBy, timing: Timing): ActionType[] {
  return ACTION_TYPES.filter((a) => {
    if (refusalOf(a, dossier, actor, ledBy)) return false;
    if (a === 'request-supplement') return supplementTimingRefusal(timing) === null;
    if (a === 'apologize') return apologyInTime(timing.now, timing.dueAt, timing.calendar);
    return true;
  });
}

/**
 * The clock's rules for a supplement request, in the order the action service checks them: within
 * the window after receipt (409 SUPPLEMENT_WINDOW_PASSED), and not once the current appointment has
 * passed (409 SUPPLEMENT_AFTER_DUE: a supplement restarts the clock, which would turn a late dossier
 * into an early one). Null when both allow it.
 */
export function supplementTimingRefusal(timing: Timing): 'SUPPLEMENT_WINDOW_PASSED' | 'SUPPLEMENT_AFTER_DUE' | null {
  if (!supplementWindowOpen(timing.receivedAt, timing.now, timing.supplementWindowMinutes, timing.calendar)) return 'SUPPLEMENT_WINDOW_PASSED';
  if (timing.now.getTime() > timing.dueAt.getTime()) return 'SUPPLEMENT_AFTER_DUE';
  return null;
}

export interface Timing {
  readonly now: Date;
  readonly receivedAt: Date;
  readonly dueAt: Date;
  readonly supplementWindowMinutes: number;
  readonly calendar: WorkCalendar;
}

// ——— Nobody decides their own case (issue 12) ————————————————————————————————————————————————

/**
 * Whose case a review is: a late step's (its holder and department are judged by it) or an apology's
 * (it counts against the holder and department of the step it names, not the leader who signed it).
 */
export interface ReviewCase {
  /** Everyone who held the step: its holder, whoever finished it, whoever took it in its history. */
  readonly holders: readonly number[];
  /** The leader who signed the apology, when an apology is reviewed. */
  readonly apologizedBy?: number | null;
  /** The active staff placed in the step's department (deciding for it is deciding for them). */
  readonly members: readonly number[];
}

export const OWN_CASE_REASONS = {
  held: { vi: 'Việc của chính ông/bà (ông/bà đã giữ bước này): người khác quyết định.', en: 'Your own case (you held this step): someone else decides.' },
  apologized: { vi: 'Việc của chính ông/bà (ông/bà đã ký văn bản xin lỗi này): người khác quyết định.', en: 'Your own case (you signed this apology): someone else decides.' },
  'only-member': { vi: 'Việc của chính ông/bà (ông/bà là người duy nhất của bộ phận này): người khác quyết định.', en: 'Your own case (you are the only member of this department): someone else decides.' },
} as const satisfies Record<string, Wording>;
export type OwnCase = keyof typeof OWN_CASE_REASONS;

/**
 * Whether `reviewer` may decide that a late step or an apology had a valid reason (null when allowed):
 * only supervisors and leaders review (403 FORBIDDEN), and nobody their own case (403 OWN_CASE) —
 * whoever held the step, signed the apology, or is the only member of the department it counts
 * against. A leader's own step is thus decided by another leader or a supervisor. The server enforces
 * it and sends the screens its answer for each step, so they never offer a decision that would be refused.
 */
export function reviewRefusal(reviewer: Actor, c: ReviewCase): (Refusal & { readonly why?: OwnCase }) | null {
  if (reviewer.role !== 'supervisor' && reviewer.role !== 'leader') return { code: 'FORBIDDEN', details: { role: reviewer.role } };
  const own = (why: OwnCase) => ({ code: 'OWN_CASE' as const, why, message: `${OWN_CASE_REASONS[why].vi} (${OWN_CASE_REASONS[why].en})`, details: { why } });
  if (c.holders.includes(reviewer.id)) return own('held');
  if (c.apologizedBy === reviewer.id) return own('apologized');
  if (c.members.length > 0 && c.members.every((m) => m === reviewer.id)) return own('only-member');
  return null;
}

/** Decree 61 art. 19(4): a supplement may be asked for only within the window after receipt (default 3 working days). */
export function supplementWindowOpen(receivedAt: Date, now: Date, windowMinutes: number, calendar: WorkCalendar): boolean {
  return workingMinutesBetween(receivedAt, now, calendar) <= windowMinutes;
}

/** Decree 61 art. 19(9): the apology comes at least one working day before the appointment. */
export function apologyInTime(now: Date, dueAt: Date, calendar: WorkCalendar): boolean {
  return workingMinutesBetween(now, dueAt, calendar) >= MINUTES_PER_WORKING_DAY;
}

/** The last moment an apology can still be made for an appointment (one working day before it), seen from `now`; null once it has passed. */
export function apologyDeadline(now: Date, dueAt: Date, calendar: WorkCalendar): Date | null {
  const left = workingMinutesBetween(now, dueAt, calendar);
  return left >= MINUTES_PER_WORKING_DAY ? addWorkingMinutes(now, left - MINUTES_PER_WORKING_DAY, calendar) : null;
}
