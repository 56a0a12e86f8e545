/**
 * Personal data by need (Decree 13/2023/NĐ-CP; one-stop rules §8: full details only to authorised
 * staff). Who may read an applicant's particulars — the name unmasked, the ID number, phone, address
 * and e-mail, and the receipt's lookup key — on one dossier. Everyone else gets the masked record: the
 * name masked as the kiosk masks it, nothing else of the applicant's. Pure: the reader, the dossier as
 * far as this rule cares and the organisation chart are passed in; the server decides with it what a
 * staff read, a reprint or a register line shows, and the screens say why from its answer.
 *
 * - An officer sees the particulars of the dossiers their department holds or has held: a step of the
 *   dossier in that department is in hand, done, or was started (the history counts too: a step sent
 *   back is no longer "started" in the steps table). A leader: also the departments they head
 *   (`heads`, the same chart as the processing rules).
 * - A clerk sees those at their counter. [design] The reception desk's clerks receive the dossier,
 *   take in the supplement and hand over the result; the counters with printers (server/printing) are
 *   places, not people, and nothing ties a clerk to one. So "at their counter" is: the dossier stands at
 *   a step of the clerk's own department (reception, return), or waits at the counter for a supplement
 *   or for its result to be collected — the clerk's work queue — or the clerk received it, or took in
 *   its supplement, handed over its result, recorded its withdrawal or held one of its steps. A clerk
 *   does not see every dossier the centre ever received: the reception step being done is "has held"
 *   for an officer, but for the counter it would be every dossier.
 * - Whoever received the dossier (they took the particulars down; an administrator may receive too).
 * - Supervisors and administrators otherwise never: they watch the handling, not the applicant.
 */
import { type Actor, type LedBy, currentStep, heads } from './processing.ts';
import { type DossierStatus, type StepState, type Wording, isOpen } from './vocabulary.ts';

/** A dossier as the rule needs it: its state and steps, and who of the counter has handled it. */
export interface DossierForPrivacy {
  readonly status: DossierStatus;
  /** The member of staff who received it at the counter. */
  readonly receivedBy: number;
  /** In order; `department` is the department's code; `started`: the steps table has a start time. */
  readonly steps: readonly { readonly department: string; readonly state: StepState; readonly started: boolean; readonly heldBy: number | null }[];
  /** Departments the history shows the dossier reached (handed on to, or sent back from). */
  readonly reached: readonly string[];
  /** Staff who recorded a counter act on it: the supplement taken in, the result handed over, the withdrawal. */
  readonly counterActs: readonly number[];
}

export const PERSONAL_DATA_BASES = {
  department_holds: { vi: 'Bộ phận của bạn đang xử lý hồ sơ này.', en: 'Your department holds this dossier.' },
  department_held: { vi: 'Bộ phận của bạn đã xử lý hồ sơ này.', en: 'Your department has handled this dossier.' },
  at_counter: { vi: 'Hồ sơ đang ở quầy tiếp nhận và trả kết quả.', en: 'The dossier is at the reception counter.' },
  received_by_you: { vi: 'Bạn là người tiếp nhận hồ sơ này.', en: 'You received this dossier.' },
  handled_by_you: { vi: 'Bạn đã trực tiếp xử lý hồ sơ này tại quầy.', en: 'You handled this dossier at the counter.' },
  not_your_department: {
    vi: 'Thông tin cá nhân chỉ hiển thị cho bộ phận đang/đã xử lý hồ sơ: bộ phận của bạn chưa xử lý hồ sơ này.',
    en: 'Personal data is shown only to the departments that hold or have held the dossier: yours has not.',
  },
  not_at_your_counter: {
    vi: 'Thông tin cá nhân chỉ hiển thị cho bộ phận đang/đã xử lý hồ sơ: hồ sơ không ở quầy của bạn (bạn không tiếp nhận, hồ sơ không chờ bổ sung hay trả kết quả).',
    en: 'Personal data is shown only to those handling the dossier: it is not at your counter (you did not receive it; it awaits no supplement or hand-over).',
  },
  not_your_role: {
    vi: 'Thông tin cá nhân chỉ hiển thị cho bộ phận đang/đã xử lý hồ sơ: tài khoản giám sát và quản trị chỉ thấy tên đã che.',
    en: 'Personal data is shown only to the departments handling the dossier: supervisors and administrators see the masked name.',
  },
} as const satisfies Record<string, Wording>;
export type PersonalDataBasis = keyof typeof PERSONAL_DATA_BASES;
export const PERSONAL_DATA_BASIS_KEYS = Object.keys(PERSONAL_DATA_BASES) as PersonalDataBasis[];

export interface PersonalDataAccess {
  readonly shown: boolean;
  readonly basis: PersonalDataBasis;
}

/** Whether `reader` may see the applicant's particulars on this dossier, and on what basis (or why not). */
export function personalDataAccess(reader: Actor, dossier: DossierForPrivacy, ledBy: LedBy): PersonalDataAccess {
  // Whoever received it took the particulars down from the applicant (an administrator may receive too).
  if (dossier.receivedBy === reader.id) return { shown: true, basis: 'received_by_you' };
  const step = isOpen(dossier.status) ? currentStep(dossier.steps) : null;
  switch (reader.role) {
    case 'officer':
    case 'leader': {
      const ours = (department: string) => (reader.role === 'leader' ? heads(reader, department, ledBy) : reader.department !== null && reader.department === department);
      if (step && step.state !== 'pending' && ours(step.department)) return { shown: true, basis: 'department_holds' };
      const held = dossier.steps.some((s) => ours(s.department) && (s.state !== 'pending' || s.started)) || dossier.reached.some(ours);
      return held ? { shown: true, basis: 'department_held' } : { shown: false, basis: 'not_your_department' };
    }
    case 'clerk': {
      const waitsAtCounter = dossier.status === 'awaiting_supplement' || dossier.status === 'ready';
      const atOwnStep = step !== null && step.state !== 'pending' && reader.department !== null && step.department === reader.department;
      if (waitsAtCounter || atOwnStep) return { shown: true, basis: 'at_counter' };
      const own = dossier.counterActs.includes(reader.id) || dossier.steps.some((s) => s.heldBy === reader.id);
      return own ? { shown: true, basis: 'handled_by_you' } : { shown: false, basis: 'not_at_your_counter' };
    }
    default:
      return { shown: false, basis: 'not_your_role' };
  }
}
