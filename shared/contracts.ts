/**
 * The API's contracts: TypeBox schemas (the server validates with them) and their static types (the
 * UI's API client and the server's services use them). All times are ISO 8601 strings with +07:00.
 */
import { Type, type Static } from 'typebox';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USERNAME_PATTERN } from './accounts.ts';
import {
  CHANNEL_KEYS,
  DOSSIER_STATUS_KEYS,
  RETURN_METHOD_INPUTS,
  RETURN_METHOD_KEYS,
  ROLE_KEYS,
  STEP_STATE_KEYS,
  TIMELINESS_MODE_KEYS,
} from './vocabulary.ts';
import { ACTION_TYPES } from './processing.ts';
import { LOOKUP_CHANNEL_KEYS, RATING_LEVEL_KEYS, RATING_REASON_KEYS, TODO_KINDS } from './kiosk.ts';
import { AGENCY_GRADE_KEYS, FLAG_LEVELS, OFFICIAL_GRADE_KEYS, SCORE_INDEX_KEYS, SUPERVISION_METRICS } from './supervision.ts';
import { PERSONAL_DATA_BASIS_KEYS } from './privacy.ts';
import type { CalendarYear } from './calendar.ts';

const Text = (maxLength: number, minLength = 1) => Type.String({ minLength, maxLength });

/**
 * Text a person typed and a paper will print. Refused: control characters (a NUL or a bell in a
 * name), format characters (right-to-left overrides that flip the kiosk's text, zero-width spaces
 * that make two names look alike), lone surrogates (invalid UTF-8 in the database) and private-use
 * code points, and pictographs (emoji), which no official form or its font can print. One pattern
 * per field, so a mistake gives one clear error. `min`/`max` count code points (after NFC).
 */
export const PRINTABLE = '[^\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}\\p{Extended_Pictographic}]';
export function printableText(min: number, max: number) {
  // A lookahead for one non-space character when the field is required.
  return Type.String({ pattern: `^${min > 0 ? '(?=.*\\S)' : ''}${PRINTABLE}{${min},${max}}$` });
}
const VnTime = Type.String({ description: 'ISO 8601 with +07:00' });
const Wording = Type.Object({ vi: Type.String(), en: Type.String() });
/** How finished dossiers are judged against their appointment: the centre's `timeliness` setting, named. */
const TimelinessRule = Type.Object({
  mode: Type.Enum(TIMELINESS_MODE_KEYS),
  /** "Đúng hạn tính theo ngày" / "On time by the day". */
  label: Wording,
  /** What early, on time and late mean under it, in a sentence. */
  rule: Wording,
});

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});

// ——— Catalogue ———————————————————————————————————————————————————————————————————————————————

export const DepartmentRef = Type.Object({ code: Type.String(), name: Type.String() });
export type DepartmentRef = Static<typeof DepartmentRef>;

export const ProcedureStep = Type.Object({
  name: Type.String(),
  department: DepartmentRef,
  allottedHours: Type.Number(),
});

/**
 * A time limit the law gives a procedure in some cases (a mountain or island commune, a case needing
 * verification, another kind of works): the clerk picks it at intake; counted in working hours.
 */
export const TimeLimitVariant = Type.Object({
  key: Type.String(),
  name: Wording,
  timeLimitHours: Type.Number(),
  /** The steps' hours under this variant, in the template's order (they add up to the limit). */
  stepHours: Type.Array(Type.Number()),
  basis: Type.String(),
  /** Whether the basis was read in a source; false: a proposal awaiting confirmation. */
  sourced: Type.Boolean(),
});
export type TimeLimitVariant = Static<typeof TimeLimitVariant>;

/** The variant a dossier was received under, as it was worded then (null: the standard limit). */
export const VariantRef = Type.Object({ key: Type.String(), vi: Type.String(), en: Type.String(), basis: Type.String() });
export type VariantRef = Static<typeof VariantRef>;

export const Procedure = Type.Object({
  code: Type.String(),
  name: Type.String(),
  field: Type.String(),
  timeLimitHours: Type.Number(),
  timeLimitText: Type.String(),
  /** Same-day procedures: received after this time (HH:MM), the result is due the next working day. */
  sameDayCutoff: Type.Union([Type.String(), Type.Null()]),
  /** After a supplement the time limit restarts from zero or resumes where it stopped. */
  supplementClock: Type.Union([Type.Literal('restart'), Type.Literal('resume')]),
  /** The other time limits the law gives this procedure (empty: the standard limit only). */
  timeLimitVariants: Type.Array(TimeLimitVariant),
  /** How long after receipt a supplement may be asked for, in working days (Decree 61 art. 19(4)). */
  supplementWindowDays: Type.Number(),
  /** The procedure's own basis for that window; null: the centre's setting (3 working days by default). */
  supplementWindowBasis: Type.Union([Type.String(), Type.Null()]),
  decidedBy: Type.String(),
  fee: Type.String(),
  documents: Type.Array(Type.String()),
  steps: Type.Array(ProcedureStep),
  source: Type.String(),
  stepsSource: Type.String(),
});
export type Procedure = Static<typeof Procedure>;

// ——— Intake ——————————————————————————————————————————————————————————————————————————————————

// Căn cước (12 digits), the old chứng minh nhân dân (9 digits), or a passport (letters and digits).
const ID_NUMBER = '^(?:[0-9]{9}|[0-9]{12}|(?=[0-9]*[A-Za-z])[A-Za-z0-9]{6,20})$';
// Vietnamese numbers: 0xx… or +84…, spaces and dots allowed as people write them.
const PHONE = '^(?:\\+84|0)[0-9][0-9 .]{7,13}$';
const EMAIL = '^(?:|[^\\s@]+@[^\\s@]+\\.[^\\s@]+)$';

export const Applicant = Type.Object(
  {
    fullName: printableText(2, 120),
    idNumber: Type.String({ pattern: ID_NUMBER }),
    phone: Type.Optional(Type.String({ pattern: PHONE })),
    address: Type.Optional(printableText(0, 300)),
    // Empty allowed (many applicants have none); one pattern rather than a union so a mistake is one clear error.
    email: Type.Optional(Type.String({ maxLength: 200, pattern: EMAIL })),
  },
  { additionalProperties: false },
);
export type Applicant = Static<typeof Applicant>;

export const ReceivedDocument = Type.Object(
  {
    name: printableText(1, 300),
    originals: Type.Integer({ minimum: 0, maximum: 99 }),
    copies: Type.Integer({ minimum: 0, maximum: 99 }),
  },
  { additionalProperties: false },
);
export type ReceivedDocument = Static<typeof ReceivedDocument>;

export const IntakeRequest = Type.Object(
  {
    procedureCode: Text(64),
    applicant: Applicant,
    documents: Type.Array(ReceivedDocument, { minItems: 1, maxItems: 60 }),
    channel: Type.Optional(Type.Enum(CHANNEL_KEYS)),
    returnMethod: Type.Optional(Type.Enum(RETURN_METHOD_KEYS)),
    sets: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
    /** The key of one of the procedure's time-limit variants; absent: the standard limit. */
    timeLimitVariant: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type IntakeRequest = Static<typeof IntakeRequest>;

export const DossierStep = Type.Object({
  seq: Type.Integer(),
  name: Type.String(),
  department: DepartmentRef,
  allottedHours: Type.Number(),
  dueAt: VnTime,
  startedAt: Type.Union([VnTime, Type.Null()]),
  completedAt: Type.Union([VnTime, Type.Null()]),
  state: Type.Enum(STEP_STATE_KEYS),
  stateLabel: Wording,
  /** The step against the plan's milestone (`dueAt`): the citizen's timeline and the dossier's lateness. */
  timeliness: Type.Union([Type.Enum(['early', 'on_time', 'late']), Type.Null()]),
  /** Who held the step (took it, or finished it): the officer its lateness is attributed to. */
  heldBy: Type.Union([Type.Object({ username: Type.String(), displayName: Type.String() }), Type.Null()]),
  /** Working minutes past the plan's milestone when it finished (0 on time); null while open. */
  lateMinutes: Type.Union([Type.Integer(), Type.Null()]),
  /**
   * The holder's own clock (shared/step-clocks.ts): what a person and a department are judged on. Null
   * for a step not reached yet.
   */
  holder: Type.Union([
    Type.Object({
      /** When the step reached its department (the previous step's completion, or intake). */
      arrivedAt: VnTime,
      /** When its holder took it (accept-step); null when nobody took it before finishing it. */
      takenAt: Type.Union([VnTime, Type.Null()]),
      /** The step's allotment in working minutes: its share of the appointment's window. */
      allottedMinutes: Type.Integer(),
      /** Arrival (or the start of counting) plus the allotment, never before the plan's milestone (before any apology), moved by a supplement's pause. */
      dueAt: VnTime,
      /** Working time since it arrived (to its completion, or until now; a supplement's pause included). */
      heldMinutes: Type.Integer(),
      /** Finished: judged on this clock; open: "late" once past its own due time; else null. */
      timeliness: Type.Union([Type.Enum(['early', 'on_time', 'late']), Type.Null()]),
      /** Working minutes past the own due time (0 when not late; null while open and not late). */
      lateMinutes: Type.Union([Type.Integer(), Type.Null()]),
    }),
    Type.Null(),
  ]),
});
export type DossierStep = Static<typeof DossierStep>;

export const IntakePreview = Type.Object({
  procedure: Type.Object({ code: Type.String(), name: Type.String() }),
  receivedAt: VnTime,
  /** Where counting starts: the receipt, the next opening, or the next working day after a cut-off. */
  countedFrom: VnTime,
  dueAt: VnTime,
  timeLimitHours: Type.Number(),
  timeLimitLabel: Wording,
  /** The variant the limit comes from (null: the standard limit). */
  timeLimitVariant: Type.Union([VariantRef, Type.Null()]),
  /** Why this date: the days off and make-up days between receipt and appointment. */
  explanation: Wording,
  steps: Type.Array(Type.Object({ seq: Type.Integer(), name: Type.String(), department: DepartmentRef, allottedHours: Type.Number(), dueAt: VnTime })),
});
export type IntakePreview = Static<typeof IntakePreview>;

export const DossierCreated = Type.Object({
  code: Type.String(),
  lookupKey: Type.String(),
  lookupKeyFormatted: Type.String(),
  status: Type.Enum(DOSSIER_STATUS_KEYS),
  procedure: Type.Object({ code: Type.String(), name: Type.String() }),
  receivedAt: VnTime,
  dueAt: VnTime,
  steps: Type.Array(DossierStep),
  receiptUrl: Type.String(),
});
export type DossierCreated = Static<typeof DossierCreated>;

export const DossierEvent = Type.Object({
  seq: Type.Integer(),
  at: VnTime,
  kind: Type.String(),
  actor: Type.Union([Type.Object({ username: Type.String(), displayName: Type.String() }), Type.Null()]),
  data: Type.Unknown(),
});

/**
 * Whether the reader sees the applicant's particulars on this dossier, on what basis or why not
 * (shared/privacy.ts), worded for the screen to say plainly.
 */
/**
 * The applicant as stored and shown to staff: no input patterns here (an answer is not a form; a field
 * left empty at intake is null or empty, and one value not matching today's pattern must not make
 * the whole dossier unreadable).
 */
export const ApplicantRecord = Type.Object({
  fullName: Type.String(),
  idNumber: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
});
export type ApplicantRecord = Static<typeof ApplicantRecord>;

export const PersonalDataNotice = Type.Object({ shown: Type.Boolean(), basis: Type.Enum(PERSONAL_DATA_BASIS_KEYS), message: Wording });
export type PersonalDataNotice = Static<typeof PersonalDataNotice>;

/**
 * A dossier for staff. The applicant's particulars and the receipt's lookup key only to those who
 * need them (shared/privacy.ts): for anyone else `applicant` and `lookupKey` are null and
 * `personalData` says why; `applicantMasked` is always there.
 */
export const DossierDetail = Type.Object({
  code: Type.String(),
  lookupKey: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(DOSSIER_STATUS_KEYS),
  statusLabel: Wording,
  procedure: Type.Object({ code: Type.String(), name: Type.String(), field: Type.String(), timeLimitHours: Type.Number() }),
  applicant: Type.Union([ApplicantRecord, Type.Null()]),
  applicantMasked: Type.String(),
  personalData: PersonalDataNotice,
  documents: Type.Array(ReceivedDocument),
  sets: Type.Integer(),
  channel: Type.Enum(CHANNEL_KEYS),
  returnMethod: Type.Enum(RETURN_METHOD_KEYS),
  /** The time-limit variant the dossier was received under (null: the standard limit). */
  timeLimitVariant: Type.Union([VariantRef, Type.Null()]),
  receivedAt: VnTime,
  receivedBy: Type.Object({ username: Type.String(), displayName: Type.String() }),
  /** The current appointment. */
  dueAt: VnTime,
  /** The appointment printed at intake; differs from dueAt after an apology re-appointment. */
  originalDueAt: VnTime,
  dueExplanation: Type.Union([Wording, Type.Null()]),
  completedAt: Type.Union([VnTime, Type.Null()]),
  overdue: Type.Boolean(),
  steps: Type.Array(DossierStep),
  history: Type.Array(DossierEvent),
});
export type DossierDetail = Static<typeof DossierDetail>;

/**
 * A dossier as the supervisors' drill-down shows it: everything about its handling, and of the
 * applicant the name only — unmasked only to a reader the personal-data rule allows (a leader whose
 * department held it), else null beside the masked name. Their ID number, phone, address and e-mail,
 * and the receipt's lookup key, are never sent here (the response schema drops them).
 */
const { applicant: _applicant, lookupKey: _lookupKey, ...handling } = DossierDetail.properties;
/**
 * Whether the member of staff asking may decide a lateness or apology review (shared/processing.ts
 * reviewRefusal): whyNot says why not when it is their own case (null otherwise, or when allowed).
 */
export const ReviewRight = Type.Object({ allowed: Type.Boolean(), whyNot: Type.Union([Wording, Type.Null()]) });
export type ReviewRight = Static<typeof ReviewRight>;

export const SupervisionRecord = Type.Object({
  ...handling,
  applicant: Type.Union([Type.Object({ fullName: Applicant.properties.fullName }), Type.Null()]),
  /** What the member of staff asking may decide on this dossier: each step's lateness, and its apology (null: none). */
  reviews: Type.Object({
    steps: Type.Array(Type.Object({ seq: Type.Integer(), ...ReviewRight.properties })),
    apology: Type.Union([Type.Object({ seq: Type.Union([Type.Integer(), Type.Null()]), ...ReviewRight.properties }), Type.Null()]),
  }),
});
export type SupervisionRecord = Static<typeof SupervisionRecord>;

// ——— Processing actions ——————————————————————————————————————————————————————————————————————

/**
 * One body for every action, checked field by field per type by the service (so a missing reason is
 * one clear message, not a list of every variant the body failed to match).
 */
export const ActionRequest = Type.Object(
  {
    type: Type.Enum(ACTION_TYPES),
    /** The step the user saw (its seq): a step action is refused (409 STEP_MOVED_ON) if the dossier has moved on since. */
    step: Type.Optional(Type.Integer({ minimum: 1, maximum: 99 })),
    note: Type.Optional(printableText(0, 1000)),
    reason: Type.Optional(printableText(0, 1000)),
    documents: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: printableText(1, 300),
            basis: Type.Optional(printableText(0, 300)),
            originals: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
            copies: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 30 },
      ),
    ),
    /** Contact officer and phone printed on the supplement request (Mẫu 02). */
    contact: Type.Optional(printableText(0, 200)),
    newDueAt: Type.Optional(Type.String({ maxLength: 40 })),
    /**
     * How the result went back, in the intake's vocabulary (RETURN_METHODS: at_centre, post, online);
     * 'counter', the older name of 'at_centre', is still accepted.
     */
    method: Type.Optional(Type.Enum(RETURN_METHOD_INPUTS)),
  },
  { additionalProperties: false },
);
export type ActionRequest = Static<typeof ActionRequest>;

/** What every list of dossiers starts a row with (server/dossiers/views.ts dossierHead): the name masked, as lists are read over shoulders. */
const DossierHead = {
  code: Type.String(),
  procedure: Type.Object({ code: Type.String(), name: Type.String() }),
  applicantMasked: Type.String(),
  status: Type.Enum(DOSSIER_STATUS_KEYS),
  statusLabel: Wording,
  receivedAt: VnTime,
};

/** A dossier in an officer's work queue. */
export const WorkItem = Type.Object({
  ...DossierHead,
  dueAt: VnTime,
  step: Type.Union([
    Type.Object({
      seq: Type.Integer(),
      name: Type.String(),
      department: DepartmentRef,
      /** The plan's milestone (what the citizen was promised for this step). */
      dueAt: VnTime,
      /** The holder's own due time: when it reached the department plus its allotment (shared/step-clocks.ts). */
      ownDueAt: VnTime,
      startedAt: Type.Union([VnTime, Type.Null()]),
      heldBy: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  /** Working minutes left before the holder's own due time (negative: late by that much); null while the clock is stopped. */
  minutesLeft: Type.Union([Type.Integer(), Type.Null()]),
  urgency: Type.Enum(['late', 'today', 'tomorrow', 'fine', 'paused', 'waiting']),
  actions: Type.Array(Type.Enum(ACTION_TYPES)),
  supplementRequested: Type.Boolean(),
  apologized: Type.Boolean(),
});
export type WorkItem = Static<typeof WorkItem>;
export const WorkQueue = Type.Object({ asOf: VnTime, departments: Type.Array(DepartmentRef), items: Type.Array(WorkItem) });
export type WorkQueue = Static<typeof WorkQueue>;

// ——— Kiosk (public: never the applicant's name, ID number, phone, address or e-mail) ———————————

const KioskCommon = {
  code: Type.String(),
  procedure: Type.Object({ code: Type.String(), name: Type.String() }),
  status: Type.Enum(DOSSIER_STATUS_KEYS),
  statusLabel: Wording,
  dueAt: VnTime,
  overdue: Type.Boolean(),
  /** The one sentence read first: "Hồ sơ đang được thẩm định tại Phòng Kinh tế" (shared/kiosk.ts). */
  headline: Wording,
  /** Working time to the appointment (negative: past it); null when no clock runs (paused, finished, ended). */
  timeLeft: Type.Union([Type.Object({ workingMinutes: Type.Integer(), text: Wording }), Type.Null()]),
};

/** How the citizen came in (recorded with the outcome, never the key): `?via=` on a lookup. */
export const LookupVia = Type.Enum(LOOKUP_CHANNEL_KEYS);

export const KioskSummary = Type.Object({ view: Type.Literal('summary'), ...KioskCommon });
export type KioskSummary = Static<typeof KioskSummary>;

export const KioskDetail = Type.Object({
  view: Type.Literal('detail'),
  ...KioskCommon,
  applicantMasked: Type.String(),
  receivedAt: VnTime,
  originalDueAt: VnTime,
  /** "Why this date", worded when the appointment was promised. */
  dueExplanation: Type.Union([Wording, Type.Null()]),
  completedAt: Type.Union([VnTime, Type.Null()]),
  /** What the citizen has to do now. */
  todo: Type.Object({ kind: Type.Enum(TODO_KINDS), text: Wording }),
  /** The satisfaction rating: open once the result is returned, given at most once. */
  rating: Type.Object({
    open: Type.Boolean(),
    given: Type.Union([Type.Object({ level: Type.Enum(RATING_LEVEL_KEYS), at: VnTime }), Type.Null()]),
  }),
  /** What the applicant is told: supplement requests, apologies, readiness, return, refusal, stop (oldest first). */
  notices: Type.Array(
    Type.Object({
      kind: Type.Enum(['supplement', 'supplement_received', 'apology', 'ready', 'returned', 'refused', 'stopped']),
      at: VnTime,
      title: Wording,
      text: Wording,
      documents: Type.Optional(Type.Array(Type.String())),
      originalDueAt: Type.Optional(VnTime),
      newDueAt: Type.Optional(VnTime),
      department: Type.Optional(Type.String()),
    }),
  ),
  steps: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      name: Type.String(),
      department: DepartmentRef,
      dueAt: VnTime,
      completedAt: Type.Union([VnTime, Type.Null()]),
      state: Type.Enum(STEP_STATE_KEYS),
      stateLabel: Wording,
      timeliness: Type.Union([Type.Enum(['early', 'on_time', 'late']), Type.Null()]),
    }),
  ),
  /**
   * Once there is a result (ready, returned): how it came against the appointment first printed,
   * judged as the centre counts (by the day or to the minute, `rule`); lateMinutes in working minutes,
   * 0 unless late. Null before.
   */
  outcome: Type.Union([
    Type.Object({ timeliness: Type.Enum(['early', 'on_time', 'late']), lateMinutes: Type.Integer({ minimum: 0 }), text: Wording, rule: TimelinessRule }),
    Type.Null(),
  ]),
});
export type KioskDetail = Static<typeof KioskDetail>;
export type KioskView = KioskSummary | KioskDetail;

/** A citizen's rating, proved by the receipt's lookup key (the same proof as the detail view). */
export const RatingRequest = Type.Object(
  {
    key: Type.String({ maxLength: 64 }),
    level: Type.Enum(RATING_LEVEL_KEYS),
    reasons: Type.Array(Type.Enum(RATING_REASON_KEYS), { maxItems: RATING_REASON_KEYS.length, uniqueItems: true, default: [] }),
  },
  { additionalProperties: false },
);
export type RatingRequest = Static<typeof RatingRequest>;
export const RatingGiven = Type.Object({ level: Type.Enum(RATING_LEVEL_KEYS), at: VnTime });
export type RatingGiven = Static<typeof RatingGiven>;

// ——— The public apology board (no login: nothing that names, identifies or finds an applicant) ——————
// Agencies apologise publicly for late results (Decree 61/2018 art. 19(9); Thanh Hóa practice). Each
// entry says who apologised, for which procedure, why, and the appointment before and after — never
// the applicant's name, ID number, phone, address, e-mail, the dossier's code or its lookup key. The
// schemas are closed (additionalProperties: false) and the route serialises with them, so a field
// added to the service's objects by mistake is never sent.

export const PublicApology = Type.Object(
  {
    /** The day the apology was made (Vietnam date, YYYY-MM-DD): the day, not the minute, is public. */
    date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    /** The department (agency) responsible for the late step, as recorded with the apology. */
    department: Type.String(),
    procedure: Type.String(),
    /** As the officer gave it; personal data is refused when it is typed (server/dossiers/actions.ts). */
    reason: Type.String(),
    originalDueAt: VnTime,
    newDueAt: VnTime,
    /** Demo data (serve --demo). */
    fictional: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type PublicApology = Static<typeof PublicApology>;

export const PublicApologiesQuery = Type.Object(
  {
    /** How many to skip (newest first); at most 10 000. */
    offset: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,3}|10000)$' })),
    /** How many to send: 1–100, 20 by default. */
    limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]?|100)$' })),
  },
  { additionalProperties: false },
);
export type PublicApologiesQuery = Static<typeof PublicApologiesQuery>;

export const PublicApologies = Type.Object(
  {
    asOf: VnTime,
    /** How many days an apology stays up (the centre's setting `apology-board-days`). */
    days: Type.Integer(),
    /** The oldest moment shown: the start of the day `days` days before today. */
    since: VnTime,
    /** The demo centre, or a training database: what the board lists is not real. */
    fictional: Type.Boolean(),
    training: Type.Boolean(),
    /** Apologies in the window, all pages together. */
    total: Type.Integer(),
    offset: Type.Integer(),
    limit: Type.Integer(),
    apologies: Type.Array(PublicApology),
  },
  { additionalProperties: false },
);
export type PublicApologies = Static<typeof PublicApologies>;

// ——— Staff session ———————————————————————————————————————————————————————————————————————————

export const LoginRequest = Type.Object(
  { username: Text(64), password: Text(200) },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

export const StaffMe = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  role: Type.Enum(ROLE_KEYS),
  department: Type.Union([DepartmentRef, Type.Null()]),
});
export type StaffMe = Static<typeof StaffMe>;

// ——— Staff accounts (the administrator's screen, /api/staff) ————————————————————————————————————

const NewPassword = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, pattern: '\\S' });
/** Printed on receipts as the receiving officer's name. */
const StaffName = printableText(2, 120);
const DepartmentCode = Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Null()]);

export const StaffAccount = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  role: Type.Enum(ROLE_KEYS),
  roleLabel: Wording,
  department: Type.Union([DepartmentRef, Type.Null()]),
  active: Type.Boolean(),
  /** Sessions signed in and not yet expired: someone is using the account now. */
  openSessions: Type.Integer(),
  createdAt: VnTime,
  /** Demo accounts (serve --demo). */
  fictional: Type.Boolean(),
  /** Until when repeated failed logins lock the account; null: not locked. */
  lockedUntil: Type.Union([VnTime, Type.Null()]),
});
export type StaffAccount = Static<typeof StaffAccount>;

export const StaffList = Type.Object({ staff: Type.Array(StaffAccount) });
export type StaffList = Static<typeof StaffList>;

export const StaffCreateRequest = Type.Object(
  {
    username: Type.String({ pattern: USERNAME_PATTERN }),
    displayName: StaffName,
    role: Type.Enum(ROLE_KEYS),
    /** Required for officers and leaders; a clerk's is the centre's intake department (given or not). */
    department: Type.Optional(DepartmentCode),
    password: NewPassword,
  },
  { additionalProperties: false },
);
export type StaffCreateRequest = Static<typeof StaffCreateRequest>;

export const StaffUpdateRequest = Type.Object(
  {
    displayName: Type.Optional(StaffName),
    role: Type.Optional(Type.Enum(ROLE_KEYS)),
    department: Type.Optional(DepartmentCode),
    /** false: the account can no longer sign in and its sessions end; true: it can again. */
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type StaffUpdateRequest = Static<typeof StaffUpdateRequest>;

export const PasswordResetRequest = Type.Object({ password: NewPassword }, { additionalProperties: false });
export type PasswordResetRequest = Static<typeof PasswordResetRequest>;

export const StaffChanged = Type.Object({
  staff: StaffAccount,
  /** Sessions that were signed out by the change (deactivation, a new password). */
  sessionsEnded: Type.Integer(),
});
export type StaffChanged = Static<typeof StaffChanged>;

export const DepartmentList = Type.Object({
  departments: Type.Array(DepartmentRef),
  /** Where every dossier is received (the first step of every procedure): the clerks' department. */
  intakeDepartment: Type.Union([DepartmentRef, Type.Null()]),
});
export type DepartmentList = Static<typeof DepartmentList>;

export const CentreInfo = Type.Object({
  name: Type.String(),
  parentAuthority: Type.String(),
  agencyId: Type.String(),
  address: Type.String(),
  place: Type.String(),
  phone: Type.String(),
  fictional: Type.Boolean(),
});
export type CentreInfo = Static<typeof CentreInfo>;

// ——— Supervision —————————————————————————————————————————————————————————————————————————————

export const WatchRow = Type.Object({
  code: Type.String(),
  procedure: Type.Object({ code: Type.String(), name: Type.String() }),
  applicantMasked: Type.String(),
  status: Type.Enum(DOSSIER_STATUS_KEYS),
  receivedAt: VnTime,
  dueAt: VnTime,
  /** Where the dossier is now: the department of its current step. */
  department: DepartmentRef,
  currentStep: Type.String(),
  /** Working minutes past the due time (overdue) or left before it (due soon). */
  workingMinutes: Type.Integer(),
});
export type WatchRow = Static<typeof WatchRow>;

export const SupervisionOverview = Type.Object({
  asOf: VnTime,
  dueSoonUntil: VnTime,
  overdue: Type.Array(WatchRow),
  dueSoon: Type.Array(WatchRow),
  departments: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), overdue: Type.Integer(), dueSoon: Type.Integer(), open: Type.Integer() }),
  ),
  totals: Type.Object({ open: Type.Integer(), overdue: Type.Integer(), dueSoon: Type.Integer() }),
});
export type SupervisionOverview = Static<typeof SupervisionOverview>;

// ——— Supervision: figures, drill-downs, lateness reviews, flags, scores, warnings (issue 7) ——————————

/**
 * A range of Vietnam calendar days, both included (`YYYY-MM-DD`). Checked by the service, not by a
 * pattern here, so a bad, reversed or too long range is one 400 INVALID_PERIOD a supervisor can read.
 */
export const PeriodQuery = Type.Object(
  { from: Type.String({ maxLength: 40 }), to: Type.String({ maxLength: 40 }) },
  { additionalProperties: false },
);
export type PeriodQuery = Static<typeof PeriodQuery>;

/** 0..1 of `finished`; null when nothing finished. */
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);
const Officer = Type.Object({ username: Type.String(), displayName: Type.String() });
const OfficerWithDepartment = Type.Object({ username: Type.String(), displayName: Type.String(), department: Type.Union([DepartmentRef, Type.Null()]) });

/**
 * The figures of one row (the centre, a department, an officer, a procedure) over a period.
 * Dossier level (totals, byProcedure): received = received_at in the period; finished = completed_at
 * in the period, judged against original_due_at (a re-appointed dossier finished after its printed
 * appointment is late) by the day or to the minute as the centre's `timeliness` setting says. Department and officer level count STEPS (started / completed in the period,
 * their stored timeliness). openNow / overdueNow / dueWithinOneDay are as of `asOf`, not the period.
 */
export const Figures = Type.Object({
  received: Type.Integer(),
  finished: Type.Integer(),
  early: Type.Integer(),
  onTime: Type.Integer(),
  late: Type.Integer(),
  earlyRate: Rate,
  onTimeRate: Rate,
  lateRate: Rate,
  openNow: Type.Integer(),
  /** Open, clock running (not paused for a supplement), past the current appointment / step due time. */
  overdueNow: Type.Integer(),
  /** Open, clock running, due within one working day from now (not yet overdue). */
  dueWithinOneDay: Type.Integer(),
  apologies: Type.Integer(),
  supplementRequests: Type.Integer(),
  /** Refused supplement requests (recorded attempts), each under its own reason: a second request (409 SUPPLEMENT_ALREADY_REQUESTED), … */
  secondSupplementAttempts: Type.Integer(),
  /** … one after the dossier's apology (SUPPLEMENT_AFTER_APOLOGY), … */
  supplementAttemptsAfterApology: Type.Integer(),
  /** … one after the window from receipt (SUPPLEMENT_WINDOW_PASSED), … */
  supplementAttemptsAfterWindow: Type.Integer(),
  /** … and one after the appointment had passed (SUPPLEMENT_AFTER_DUE). */
  supplementAttemptsAfterDue: Type.Integer(),
  /** Mean working days from receipt (step: start) to completion of what finished in the period, 1 decimal; null if none. */
  averageHandlingDays: Type.Union([Type.Number(), Type.Null()]),
  /** 90th percentile of the same durations (nearest-rank), 1 decimal; null if none. */
  p90HandlingDays: Type.Union([Type.Number(), Type.Null()]),
});
export type Figures = Static<typeof Figures>;

export const SupervisionSummary = Type.Object({
  from: Type.String({ description: 'YYYY-MM-DD' }),
  to: Type.String({ description: 'YYYY-MM-DD' }),
  asOf: VnTime,
  totals: Figures,
  byDepartment: Type.Array(Type.Object({ department: DepartmentRef, figures: Figures })),
  byOfficer: Type.Array(Type.Object({ officer: OfficerWithDepartment, figures: Figures })),
  byProcedure: Type.Array(Type.Object({ procedure: Type.Object({ code: Type.String(), name: Type.String() }), figures: Figures })),
  /** Every ISO week overlapping the period (its whole Monday–Sunday, even past the period's edges), dossier level. */
  weekly: Type.Array(
    Type.Object({
      week: Type.String({ description: 'YYYY-Www' }),
      from: Type.String(),
      to: Type.String(),
      finished: Type.Integer(),
      onTimeOrEarly: Type.Integer(),
      onTimeRate: Rate,
    }),
  ),
  /** How the dossier-level figures (totals, byProcedure, weekly) judge a result: by the day or to the minute. */
  timeliness: TimelinessRule,
});
export type SupervisionSummary = Static<typeof SupervisionSummary>;

export const SupervisionDossiersQuery = Type.Object(
  {
    from: Type.String({ maxLength: 40 }),
    to: Type.String({ maxLength: 40 }),
    metric: Type.Enum(SUPERVISION_METRICS),
    department: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    officer: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    procedure: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** At most this many rows (default 500, max 5000); `total` says how many there are. Digits: a query string is not coerced. */
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$' })),
  },
  { additionalProperties: false },
);
/** The query as the service takes it (the reports call it in-process with a number). */
export type SupervisionDossiersQuery = Omit<Static<typeof SupervisionDossiersQuery>, 'limit'> & { limit?: number | string };

/** The supervisors' latest decision on one late step: valid reason (excused) or not. */
export const LatenessDecision = Type.Object({
  code: Type.String(),
  seq: Type.Integer(),
  valid: Type.Boolean(),
  reason: Type.String(),
  decidedBy: Officer,
  decidedAt: VnTime,
});
export type LatenessDecision = Static<typeof LatenessDecision>;

export const SupervisionDossierRow = Type.Object({
  ...DossierHead,
  originalDueAt: VnTime,
  dueAt: VnTime,
  completedAt: Type.Union([VnTime, Type.Null()]),
  /** The dossier's (dossier-level metric) or the step's (step-level row) timeliness; null while open. */
  timeliness: Type.Union([Type.Enum(['early', 'on_time', 'late']), Type.Null()]),
  /** Working minutes late: the step's stored figure, or the dossier's past its original appointment. */
  lateMinutes: Type.Union([Type.Integer(), Type.Null()]),
  /** The step behind the number (department/officer rows, overdue, apologies, supplements); null for a dossier-level count. */
  step: Type.Union([
    Type.Object({
      seq: Type.Integer(),
      name: Type.String(),
      department: DepartmentRef,
      /** The step's own times (its holder's clock): when it reached the department, its own due time, when it finished. */
      arrivedAt: Type.Optional(Type.Union([VnTime, Type.Null()])),
      ownDueAt: Type.Optional(Type.Union([VnTime, Type.Null()])),
      completedAt: Type.Optional(Type.Union([VnTime, Type.Null()])),
    }),
    Type.Null(),
  ]),
  officer: Type.Union([Officer, Type.Null()]),
  /** The step's current lateness decision, if any. */
  lateness: Type.Union([Type.Object({ valid: Type.Boolean(), reason: Type.String(), decidedBy: Officer, decidedAt: VnTime }), Type.Null()]),
  /** Whether the member of staff asking may decide on the step's lateness (rows with a step, asked through the API). */
  review: Type.Optional(ReviewRight),
});
export type SupervisionDossierRow = Static<typeof SupervisionDossierRow>;

export const SupervisionDossiers = Type.Object({
  items: Type.Array(SupervisionDossierRow),
  /** How many rows match; more than items.length when the limit cut the list. */
  total: Type.Integer(),
  truncated: Type.Boolean(),
});
export type SupervisionDossiers = Static<typeof SupervisionDossiers>;

export const LatenessReviewRequest = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64 }),
    seq: Type.Integer({ minimum: 1, maximum: 99 }),
    /** true: a valid reason, the late step is not held against the officer/department. */
    valid: Type.Boolean(),
    reason: printableText(5, 500),
  },
  { additionalProperties: false },
);
export type LatenessReviewRequest = Static<typeof LatenessReviewRequest>;

/** A decision on a dossier's apology (once per dossier): a valid reason or not. */
export const ApologyReviewRequest = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64 }),
    /** true: a valid reason, the apology is not counted towards the "serious handling" threshold. */
    valid: Type.Boolean(),
    reason: printableText(5, 500),
  },
  { additionalProperties: false },
);
export type ApologyReviewRequest = Static<typeof ApologyReviewRequest>;

export const ApologyDecision = Type.Object({
  code: Type.String(),
  /** The step the apology names. */
  seq: Type.Union([Type.Integer(), Type.Null()]),
  valid: Type.Boolean(),
  reason: Type.String(),
  decidedBy: Officer,
  decidedAt: VnTime,
});
export type ApologyDecision = Static<typeof ApologyDecision>;

export const SupervisionFlags = Type.Object({
  from: Type.String(),
  to: Type.String(),
  thresholds: Type.Object({ lateSteps: Type.Integer(), apologies: Type.Integer() }),
  flags: Type.Array(
    Type.Object({
      kind: Type.Enum(['officer', 'department']),
      officer: Type.Optional(OfficerWithDepartment),
      department: Type.Optional(DepartmentRef),
      level: Type.Enum(FLAG_LEVELS),
      levelLabel: Wording,
      lateWithoutValidReason: Type.Integer(),
      apologies: Type.Integer(),
      /**
       * The most recent lines behind the flag (at most 20 on the API, every one on the reports): the
       * late steps without a valid reason (an apology for one listed with it) and the apologies not
       * listed with their step, most recent first (a step when it finished, an apology when made).
       * lateMinutes: null for an apology whose step was not (yet) late. reason: the apology's reason
       * when apologized, else the supervisors' latest (not valid) decision's reason, else null.
       */
      dossiers: Type.Array(
        Type.Object({
          code: Type.String(),
          seq: Type.Integer(),
          stepName: Type.String(),
          lateMinutes: Type.Union([Type.Integer(), Type.Null()]),
          apologized: Type.Boolean(),
          reason: Type.Union([Type.String(), Type.Null()]),
        }),
      ),
      // Optional: an answer without them (an older server, a report's test data) lists every line.
      /** How many lines are behind the flag in all; the drill-down (/api/supervision/dossiers) lists its late steps. */
      dossiersTotal: Type.Optional(Type.Integer({ minimum: 0 })),
      /** How many of them `dossiers` leaves out (0 when it lists them all). */
      dossiersMore: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
  ),
});
export type SupervisionFlags = Static<typeof SupervisionFlags>;

export const ScoresQuery = Type.Object(
  {
    period: Type.String({ maxLength: 16, description: 'YYYY-MM, YYYY-Qn or YYYY' }),
    /** 'true': also the per-dossier indices (long: every dossier finished in the period). */
    detail: Type.Optional(Type.Enum(['true', 'false'])),
  },
  { additionalProperties: false },
);
export type ScoresQuery = Static<typeof ScoresQuery>;

const IndexPoints = Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2), Type.Null()]);
const RatingsSummary = Type.Object({
  count: Type.Integer(),
  /** Mean score, 5 = very satisfied … 1 = very dissatisfied; null without ratings. */
  average: Type.Union([Type.Number(), Type.Null()]),
  levels: Type.Array(Type.Object({ level: Type.Enum(RATING_LEVEL_KEYS), label: Wording, score: Type.Integer(), count: Type.Integer() })),
});
/** Mean points per index over the row's dossiers (null: no dossier had that index). */
const IndexAverages = Type.Array(Type.Object({ key: Type.Enum(SCORE_INDEX_KEYS), average: Type.Union([Type.Number(), Type.Null()]) }));

export const SupervisionScores = Type.Object({
  period: Type.String(),
  from: Type.String(),
  to: Type.String(),
  asOf: VnTime,
  /** The indices computed, their wording and their source; `appliesTo` says which roll-up uses each. */
  indices: Type.Array(
    Type.Object({ key: Type.Enum(SCORE_INDEX_KEYS), label: Wording, appliesTo: Type.Array(Type.Enum(['official', 'agency'])), basis: Type.String() }),
  ),
  /** The scale each grade is read on (the circular's totals); scores are scaled to it (see shared/supervision.ts). */
  scale: Type.Object({ official: Type.Number(), agency: Type.Number() }),
  officials: Type.Array(
    Type.Object({
      officer: OfficerWithDepartment,
      dossiers: Type.Integer(),
      indices: IndexAverages,
      score: Type.Union([Type.Number(), Type.Null()]),
      grade: Type.Union([Type.Enum(OFFICIAL_GRADE_KEYS), Type.Null()]),
      gradeLabel: Type.Union([Wording, Type.Null()]),
      ratings: RatingsSummary,
    }),
  ),
  agencies: Type.Array(
    Type.Object({
      department: DepartmentRef,
      dossiers: Type.Integer(),
      indices: IndexAverages,
      score: Type.Union([Type.Number(), Type.Null()]),
      grade: Type.Union([Type.Enum(AGENCY_GRADE_KEYS), Type.Null()]),
      gradeLabel: Type.Union([Wording, Type.Null()]),
      ratings: RatingsSummary,
    }),
  ),
  /** The centre as a whole (every dossier finished in the period), graded on the agency scale. */
  centre: Type.Object({
    dossiers: Type.Integer(),
    indices: IndexAverages,
    score: Type.Union([Type.Number(), Type.Null()]),
    grade: Type.Union([Type.Enum(AGENCY_GRADE_KEYS), Type.Null()]),
    gradeLabel: Type.Union([Wording, Type.Null()]),
  }),
  ratings: RatingsSummary,
  /** Present with ?detail=true: each dossier finished in the period and its points per index. */
  dossiers: Type.Optional(
    Type.Array(
      Type.Object({
        code: Type.String(),
        procedure: Type.Object({ code: Type.String(), name: Type.String() }),
        completedAt: VnTime,
        timeliness: Type.Enum(['early', 'on_time', 'late']),
        indices: Type.Array(Type.Object({ key: Type.Enum(SCORE_INDEX_KEYS), points: IndexPoints })),
      }),
    ),
  ),
  /** How each dossier's timeliness index (2 / 1 / 0) was judged: by the day or to the minute. */
  timeliness: TimelinessRule,
});
export type SupervisionScores = Static<typeof SupervisionScores>;

export const SupervisionWarnings = Type.Object({
  asOf: VnTime,
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      procedure: Type.Object({ code: Type.String(), name: Type.String() }),
      /** Where the dossier is now (its open step's department). */
      department: Type.Union([DepartmentRef, Type.Null()]),
      officer: Type.Union([Officer, Type.Null()]),
      step: Type.Object({ seq: Type.Integer(), name: Type.String() }),
      dueAt: VnTime,
      /** One working day before dueAt: the last moment to apologise and re-appoint (Decree 61 art. 19(9)). */
      apologyDeadline: VnTime,
      /** Finish predicted with each remaining step at this centre's median duration / at its 90th percentile. */
      predictedAt: VnTime,
      predictedP90At: VnTime,
      /** Working minutes predictedAt falls past dueAt (negative: that much to spare; listed because p90 is past it). */
      workingMinutesShort: Type.Integer(),
      /** 'likely': the median prediction misses the appointment; 'possible': only the 90th percentile does. */
      risk: Type.Enum(['likely', 'possible']),
      /** 'history': every remaining step had ≥ 5 finished samples; 'allotted': at least one fell back to its allotted time. */
      basis: Type.Enum(['history', 'allotted']),
      /** Already re-appointed once: no further apology is possible. */
      apologized: Type.Boolean(),
    }),
  ),
});
export type SupervisionWarnings = Static<typeof SupervisionWarnings>;

/** GET /api/supervision/changes?since=<eventId>: answered at once when something newer exists, else after up to 25 s. */
export const ChangesQuery = Type.Object(
  { since: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })) },
  { additionalProperties: false },
);
export const SupervisionChanges = Type.Object({
  /** The newest dossier event id: pass it as `since` next time. */
  lastEventId: Type.Integer(),
  changed: Type.Boolean(),
});
export type SupervisionChanges = Static<typeof SupervisionChanges>;

/** Kiosk lookups counted by outcome. `delayed`: answered, but held back by the wrong-key slowdown. */
const KioskCounts = {
  lookups: Type.Integer(),
  found: Type.Integer(),
  notFound: Type.Integer(),
  invalid: Type.Integer(),
  /** Refused unanswered: the client had too much queued after a burst of wrong keys. */
  throttled: Type.Integer(),
  delayed: Type.Integer(),
  /** found / lookups; null without lookups. */
  successRate: Type.Union([Type.Number(), Type.Null()]),
  /** Enough lookups, and too few of them found: a failing scanner or camera, or someone guessing. */
  attention: Type.Boolean(),
};

/** GET /api/supervision/kiosk: how the kiosk is used and judged over a range of days (Vietnam dates, both included). */
export const KioskReport = Type.Object({
  from: Type.String({ description: 'YYYY-MM-DD' }),
  to: Type.String({ description: 'YYYY-MM-DD' }),
  asOf: VnTime,
  totals: Type.Object(KioskCounts),
  channels: Type.Array(Type.Object({ channel: Type.Enum(LOOKUP_CHANNEL_KEYS), label: Wording, ...KioskCounts })),
  /** A kiosk's LAN address, or 'internet' for every other client (never a citizen's address). */
  clients: Type.Array(Type.Object({ client: Type.String(), ...KioskCounts })),
  /** Each channel at each client: which kiosk's scanner or camera is failing. */
  groups: Type.Array(Type.Object({ channel: Type.Enum(LOOKUP_CHANNEL_KEYS), label: Wording, client: Type.String(), ...KioskCounts })),
  /** Every day of the range, days without lookups included. */
  days: Type.Array(Type.Object({ date: Type.String(), ...KioskCounts })),
  /** Bursts of wrong keys the slowdown reported (the audit log's entries in the range). */
  bursts: Type.Array(Type.Object({ at: VnTime, client: Type.String(), count: Type.Integer(), windowMinutes: Type.Number() })),
  ratings: Type.Object({
    count: Type.Integer(),
    /** Mean score (5 = very satisfied … 1 = very dissatisfied); null without ratings. */
    average: Type.Union([Type.Number(), Type.Null()]),
    levels: Type.Array(Type.Object({ level: Type.Enum(RATING_LEVEL_KEYS), label: Wording, score: Type.Integer(), count: Type.Integer() })),
    reasons: Type.Array(Type.Object({ reason: Type.Enum(RATING_REASON_KEYS), label: Wording, count: Type.Integer() })),
  }),
});
export type KioskReport = Static<typeof KioskReport>;
export type KioskCountsView = Static<typeof KioskReport>['totals'];

// ——— Counters and printing ——————————————————————————————————————————————————————————————————

export const CounterInfo = Type.Object({
  code: Type.String(),
  name: Type.String(),
  layout: Type.Enum(['a4', 'a5', 'thermal']),
  /** The CUPS queue the counter prints to; null: the browser's print dialog. */
  printer: Type.Union([Type.String(), Type.Null()]),
});
export type CounterInfo = Static<typeof CounterInfo>;

/** A document sent to a counter's printer (POST /api/dossiers/:code/print). */
export const PrintResult = Type.Object({
  printed: Type.Literal(true),
  document: Type.Enum(['receipt', 'supplement-request', 'refusal', 'apology', 'stop-notice', 'control-sheet']),
  layout: Type.Enum(['a4', 'a5', 'thermal']),
  /** 0: the original receipt; n: its n-th reprint. */
  reprint: Type.Integer(),
  counter: Type.String(),
  queue: Type.String(),
  /** CUPS's request id, e.g. "Quay1-42". */
  job: Type.String(),
});
export type PrintResult = Static<typeof PrintResult>;
export const CounterList = Type.Array(CounterInfo);

// ——— Training mode ——————————————————————————————————————————————————————————————————————————

/** Whether the server runs a training database, and the centre's time (the training clock's, then). */
export const TrainingState = Type.Object({ training: Type.Boolean(), now: VnTime });
export type TrainingState = Static<typeof TrainingState>;

export const TrainingClockRequest = Type.Object({ now: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
export type TrainingClockRequest = Static<typeof TrainingClockRequest>;

// ——— Sessions, the catalogue, the calendar, health: the other JSON answers, named for /api/openapi.json ———

/** The signed-in member of staff (POST and GET /api/session). */
export const SessionAnswer = Type.Object({ staff: StaffMe });
export type SessionAnswer = Static<typeof SessionAnswer>;

export const ProcedureList = Type.Array(Procedure);

/** POST /api/staff: the account made. */
export const StaffCreated = Type.Object({ staff: StaffAccount });
/** POST /api/staff/:username/unlock: the account, and whether it was locked. */
export const StaffUnlocked = Type.Object({ staff: StaffAccount, wasLocked: Type.Boolean() });

/** A due time counted from a given time (GET /api/calendar/due), with why. */
export const CalendarDue = Type.Object({
  from: VnTime,
  due: VnTime,
  countedFrom: VnTime,
  rule: Type.Enum(['working-hours', 'civil-code', 'same-day']),
  workingHours: Type.Number(),
  explanation: Type.String(),
  explanationEn: Type.String(),
});
export type CalendarDue = Static<typeof CalendarDue>;

const CalendarDay = Type.Object({
  /** `YYYY-MM-DD`, a Vietnam calendar date. */
  date: Type.String(),
  name: Type.String(),
  basis: Type.String(),
  /** A make-up day worked with other hours than the weekdays' (`HH:MM`). */
  hours: Type.Optional(Type.Array(Type.Object({ start: Type.String(), end: Type.String() }))),
});
/** A year's days off and make-up working days (GET /api/calendar/:year; shared/calendar.ts CalendarYear). */
export const CalendarYearView = Type.Unsafe<CalendarYear>(Type.Object({
  year: Type.Integer(),
  status: Type.Enum(['official', 'unconfirmed']),
  source: Type.String(),
  daysOff: Type.Array(CalendarDay),
  workingDays: Type.Array(CalendarDay),
}));

/** GET /api/health (server/ops/health.ts Health): 200 when ok or warning, 503 when failing. */
export const HealthReport = Type.Object({
  status: Type.Enum(['ok', 'warning', 'failing']),
  database: Type.Union([Type.Object({ ok: Type.Literal(true), schemaVersion: Type.Integer(), mode: Type.String() }), Type.Object({ ok: Type.Literal(false) })]),
  disk: Type.Union([Type.Object({ freeBytes: Type.Number(), totalBytes: Type.Number(), freePercent: Type.Number(), low: Type.Boolean() }), Type.Null()]),
  backup: Type.Optional(Type.Object({ lastOkAt: Type.Union([Type.String(), Type.Null()]), ageSeconds: Type.Union([Type.Number(), Type.Null()]), lastFailed: Type.Boolean() })),
  /** What needs doing, Vietnamese first. */
  warnings: Type.Array(Type.String()),
});

/** DELETE /api/session: no body. */
export const NoContent = Type.Unsafe<void>({ type: 'null', description: 'No content' });
