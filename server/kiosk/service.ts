/**
 * The public lookup. Two tiers (Circular 01/2018 art. 16; one-stop rules §2): a typed dossier code
 * shows only the summary; the random lookup key from the receipt's barcode proves the receipt is in
 * hand and shows the steps. Neither tier ever carries the applicant's name, ID number, phone, address
 * or e-mail — only a masked name on the detail tier.
 *
 * Each lookup is recorded (how it came in, what became of it, never what was typed), wrong keys slow
 * their sender down (throttle.ts), and the receipt's key lets its holder rate the centre once the
 * result is returned (one-stop rules §6).
 *
 * The decisions and the database work are synchronous (better-sqlite3); an answer comes back with how
 * long to hold it, and `deliver` waits that long without blocking the event loop.
 */
import type { KioskDetail, KioskSummary, KioskView, RatingGiven, RatingRequest } from '../../shared/contracts.ts';
import { normaliseDossierCode } from '../../shared/dossier-code.ts';
import { checkLookupKey, stripLookupInput } from '../../shared/lookup-key.ts';
import { judgeDossier, type DueRule } from '../../shared/deadline.ts';
import { type LookupChannel, type LookupOutcome, RATING_REASON_KEYS, headlineOf, outcomeWording, ratingOpen, timeLeftWording, todoOf } from '../../shared/kiosk.ts';
import { noticesOf } from '../../shared/notices.ts';
import type { OfficialCalendar } from '../../shared/calendar.ts';
import { currentStep } from '../../shared/processing.ts';
import { toVnIso } from '../../shared/time.ts';
import { workingMinutesBetween } from '../../shared/working-time.ts';
import { maskName, nfc } from '../../shared/text.ts';
import { DOSSIER_STATUSES, timelinessRuleOf } from '../../shared/vocabulary.ts';
import type { AuditRepo } from '../audit/repo.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import type { DossierRepo } from '../dossiers/repo.ts';
import { type PublicStepRow, instant, isOverdue, publicStep, storedExplanation } from '../dossiers/views.ts';
import { AppError } from '../errors.ts';
import { clientLabel } from './client.ts';
import { lookupRecorder } from './recorder.ts';
import type { KioskDossierRow, KioskRepo, KioskStamp } from './repo.ts';
import { trueUntil, viewCache } from './view-cache.ts';
import type { WrongKeyThrottle } from './throttle.ts';

/** Where a kiosk request came from. */
export interface KioskContext {
  /** `?via=`; when absent, guessed from the shape of what was typed (a dossier code, else the keypad). */
  readonly via?: LookupChannel | undefined;
  /** The peer address: the slowdown counts by it in memory; the records keep only clientLabel(address). */
  readonly address: string;
  /** Demo lookups (server/demo/seed.ts) are marked like the rest of the demo data. */
  readonly fictional?: boolean;
}

/** An answer, or the refusal to send, and how long to hold it back first. */
export type Answer<T> = { readonly waitMs: number } & ({ readonly value: T; readonly error?: undefined } | { readonly error: AppError });

export interface KioskDeps {
  readonly db: Db;
  readonly repo: DossierRepo;
  readonly kiosk: KioskRepo;
  readonly audit: AuditRepo;
  readonly catalogue: Pick<CatalogueService, 'calendar' | 'centre' | 'timelinessMode'>;
  /** The centre's clock (a training database's moves): the time records are stamped with. */
  readonly clock: Clock;
  readonly throttle: WrongKeyThrottle;
  /** Holds an answer back; tests pass one that only notes the delay. */
  readonly sleep: (ms: number) => Promise<void>;
  /** How many answers are kept while they stay true (view-cache.ts; default 5,000; 0: none). */
  readonly viewCacheSize?: number;
  /** When the lookup records are written (recorder.ts; default: a second after the first one waiting). */
  readonly scheduleRecords?: (flush: () => void) => void;
  /** A batch of lookup records that could not be written (a full disk): the server logs it. */
  readonly onRecordError?: (e: unknown, lost: number) => void;
}

export type KioskService = ReturnType<typeof kioskService>;

/** Once the citizen has rated, there is nothing left to do. */
const RATED_TODO = {
  kind: 'done' as const,
  text: { vi: 'Hồ sơ đã hoàn thành. Cảm ơn ông/bà đã đánh giá sự phục vụ của Trung tâm.', en: 'Your dossier is complete. Thank you for rating our service.' },
};

export function kioskService(deps: KioskDeps) {
  const { db, repo, kiosk, audit, catalogue, clock, throttle } = deps;
  // Keyed by the dossier's id, negative for the summary tier: a number, not a string made per lookup.
  const views = viewCache<number>(deps.viewCacheSize ?? 5_000);
  // The stamps read since the database last changed (stampOf), by key and by code, as many as answers are kept.
  const stampsMax = deps.viewCacheSize ?? 5_000;
  const stamps = { key: new Map<string, KioskStamp>(), code: new Map<string, KioskStamp>() };
  let ownMark = -1;
  let otherMark = -1;
  // Other processes' commits (the command line's) as of this turn of the event loop: read by the
  // turn's first lookup (PRAGMA data_version takes the database's read lock, a pair of system calls).
  // Every request answered in a turn had arrived before the turn began, so none is answered from
  // before a commit it followed; this server's own writes are counted at every lookup (ownChanges).
  let commitsThisTurn: number | null = null;
  const otherCommits = () => {
    if (commitsThisTurn === null) {
      commitsThisTurn = kiosk.otherCommits();
      setImmediate(() => (commitsThisTurn = null));
    }
    return commitsThisTurn;
  };
  // What the records say of a client and of a second, made once for the many lookups alike.
  const labels = new Map<string, string>();
  const label = (address: string) => {
    let l = labels.get(address);
    if (l === undefined) {
      if (labels.size >= 10_000) labels.clear();
      l = clientLabel(address);
      labels.set(address, l);
    }
    return l;
  };
  let second = { at: NaN, text: '' };
  const recordedAt = (now: Date) => {
    const t = Math.floor(now.getTime() / 1000);
    if (t !== second.at) second = { at: t, text: toVnIso(new Date(t * 1000)) };
    return second.text;
  };
  const recorder = lookupRecorder(kiosk, { ...(deps.scheduleRecords ? { schedule: deps.scheduleRecords } : {}), ...(deps.onRecordError ? { onError: deps.onRecordError } : {}) });

  /** Working time to the appointment while a clock runs for it (not while paused, not once there is a result). */
  const timeLeft = (row: KioskDossierRow, now: Date, calendar: OfficialCalendar) => {
    if (row.status !== 'received' && row.status !== 'processing') return null;
    try {
      const due = instant(row.due_at);
      const workingMinutes = Math.round(workingMinutesBetween(now, due, calendar));
      // An evening after a 17:00 appointment is no working time past it, but the appointment has passed.
      return { workingMinutes, text: timeLeftWording(workingMinutes, now.getTime() > due.getTime()) };
    } catch {
      // Outside the calendar's years (a clock far off): the date itself still shows.
      return null;
    }
  };

  /** What one lookup reads once: its time, the calendar in force, the dossier's steps. */
  interface Reading {
    readonly now: Date;
    readonly calendar: OfficialCalendar;
    readonly steps: readonly PublicStepRow[];
  }

  const common = (row: KioskDossierRow, { now, calendar, steps }: Reading) => {
    // Both tiers say where the dossier is: the office holding it is public (the procedure says so).
    const step = currentStep(steps);
    return {
      code: row.code,
      procedure: { code: row.procedure_code, name: row.procedure_name },
      status: row.status,
      statusLabel: DOSSIER_STATUSES[row.status],
      dueAt: row.due_at,
      overdue: isOverdue(row, now),
      headline: headlineOf({ status: row.status, step: step ? { name: step.name, departmentName: step.department_name } : null, returnMethod: row.return_method }),
      timeLeft: timeLeft(row, now, calendar),
    };
  };

  function summary(row: KioskDossierRow, reading: Reading): KioskSummary {
    return { view: 'summary', ...common(row, reading) };
  }

  function detail(row: KioskDossierRow, reading: Reading): KioskDetail {
    const { now } = reading;
    // Only a returned dossier can have been rated: the others are spared the read.
    const given = ratingOpen(row.status) ? (kiosk.ratingOf(row.id) ?? null) : null;
    return {
      view: 'detail',
      ...common(row, reading),
      applicantMasked: maskName(row.applicant_name),
      receivedAt: row.received_at,
      originalDueAt: row.original_due_at,
      dueExplanation: storedExplanation(row),
      completedAt: row.completed_at,
      todo: given ? RATED_TODO : todoOf(row.status, isOverdue(row, now), row.return_method),
      rating: ratingOpen(row.status) ? { open: true, given } : { open: false, given: null },
      notices: noticesOf(kiosk.eventsOf(row.id).map((e) => ({ at: e.at, kind: e.kind, data: JSON.parse(e.data) as Record<string, unknown> })), row.return_method),
      // The staff step without what the public need not see (start times, allotted hours, the holder's clock).
      steps: reading.steps.map((s) => publicStep(s, row.status, now)),
      outcome: resultOutcome(row, reading.calendar),
    };
  }

  /** A result's timeliness, judged as the dashboard judges it (judgeDossier, the centre's setting read now). */
  function resultOutcome(row: KioskDossierRow, calendar: OfficialCalendar): KioskDetail['outcome'] {
    if ((row.status !== 'ready' && row.status !== 'returned') || !row.completed_at) return null;
    const mode = catalogue.timelinessMode();
    const { timeliness, lateMinutes } = judgeDossier(instant(row.completed_at), instant(row.original_due_at), row.due_rule as DueRule, mode, calendar);
    return { timeliness, lateMinutes, text: outcomeWording(timeliness, mode, lateMinutes), rule: timelinessRuleOf(mode) };
  }

  /**
   * The lookup itself: a view, or the AppError a citizen is shown. `text` is what was scanned or typed
   * (NFC, trimmed), `asCode` its reading as a full dossier code (null: not one).
   */
  function find(text: string, asCode: string | null, now: Date): KioskView {
    // Nothing a citizen scans or types is this long (a code is 27 characters, a key 19 with spaces).
    if (text.length > 64) throw new AppError('INVALID_LOOKUP_QUERY');
    // The code as people read it off the receipt, without this centre's agency part: "261102-0009".
    const tail = /^(\d{6})-(\d{1,4})$/.exec(text);
    const code = tail ? normaliseDossierCode(`${catalogue.centre().agencyId}-${tail[1]}-${tail[2]!.padStart(4, '0')}`) : asCode;
    if (code) {
      const stamp = stampOf('code', code);
      if (!stamp) throw new AppError('DOSSIER_NOT_FOUND');
      return answer(stamp, 'summary', now);
    }
    const check = checkLookupKey(text);
    if (check === 'not-digits') throw new AppError('INVALID_LOOKUP_QUERY');
    if (check !== 'valid') throw new AppError('INVALID_LOOKUP_KEY', { reason: check });
    const stamp = stampOf('key', stripLookupInput(text));
    if (!stamp) throw new AppError('DOSSIER_NOT_FOUND');
    return answer(stamp, 'detail', now);
  }

  /**
   * A dossier's stamp by its code or key. A stamp read while nothing in the database has changed
   * since (no write by this server but its lookup records, no commit by another process) is still
   * the stamp, and is not read again: under a flood of lookups the read was a third of a lookup's
   * own work. Any change at all empties them; found dossiers only.
   */
  function stampOf(kind: 'code' | 'key', value: string): KioskStamp | undefined {
    const own = kiosk.ownChanges();
    const other = otherCommits();
    if (own !== ownMark || other !== otherMark) {
      stamps.key.clear();
      stamps.code.clear();
      ownMark = own;
      otherMark = other;
    }
    const kept = stamps[kind].get(value);
    if (kept) return kept;
    const stamp = kind === 'code' ? kiosk.stampByCode(value) : kiosk.stampByKey(value);
    if (stamp && stampsMax > 0) {
      const map = stamps[kind];
      if (map.size >= stampsMax) map.delete(map.keys().next().value!);
      map.set(value, stamp);
    }
    return stamp;
  }

  /** The dossier's answer in its tier: the one made earlier while it is still true (view-cache.ts), else made now. */
  function answer(stamp: KioskStamp, tier: KioskView['view'], now: Date): KioskView {
    const key = tier === 'detail' ? stamp.id : -stamp.id;
    const kept = views.get(key, stamp, now.getTime());
    if (kept) return kept;
    const row = kiosk.dossierById(stamp.id);
    // (Dossiers are never deleted. A change committed by another process between the two reads makes
    // the answer newer than its stamp: the next lookup sees a later version and makes it again.)
    if (!row) throw new AppError('DOSSIER_NOT_FOUND');
    const reading: Reading = { now, calendar: catalogue.calendar(), steps: kiosk.stepsOf(row.id) };
    const view = tier === 'summary' ? summary(row, reading) : detail(row, reading);
    const dues = [row.due_at, ...reading.steps.map((s) => s.due_at)].map((d) => instant(d).getTime());
    views.put(key, stamp, now.getTime(), view, trueUntil(now.getTime(), dues, view.timeLeft ? instant(row.due_at).getTime() : null));
    return view;
  }

  const outcomeOf = (e: AppError): LookupOutcome => (e.code === 'DOSSIER_NOT_FOUND' ? 'not_found' : 'invalid');

  /** A wrong key or code: counted against its sender, and a new burst goes into the audit log once. */
  function wrong(ctx: KioskContext): void {
    const burst = throttle.wrong(ctx.address);
    if (!burst) return;
    audit.recordSystem({
      at: toVnIso(clock()),
      action: 'kiosk_wrong_keys',
      // The client as the lookup records name it: a phone's address is not kept here either.
      detail: { client: clientLabel(ctx.address), count: burst.count, windowMinutes: burst.windowMinutes, since: toVnIso(burst.since) },
    });
  }

  return {
    /** Looks a key or code up, and records how it came in and what became of it. */
    lookup(query: string, ctx: KioskContext): Answer<KioskView> {
      const admission = throttle.admit(ctx.address);
      const text = nfc(query).trim();
      const asCode = normaliseDossierCode(text);
      const channel = ctx.via ?? (asCode ? 'code' : 'keypad');
      // One reading of the centre's clock for the answer and its record.
      const now = clock();
      const record = (outcome: LookupOutcome, tier: KioskView['view'] | null, delay: number) =>
        recorder.record({ at: recordedAt(now), channel, outcome, tier, client: label(ctx.address), delay_ms: delay, fictional: ctx.fictional ? 1 : 0 });
      if (admission.refused) {
        // Not even looked up: the client already has more answers queued than the slowdown allows.
        record('throttled', null, 0);
        return { waitMs: 0, error: new AppError('RATE_LIMITED') };
      }
      try {
        const view = find(text, asCode, now);
        record('found', view.view, admission.waitMs);
        return { waitMs: admission.waitMs, value: view };
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        record(outcomeOf(e), null, admission.waitMs);
        wrong(ctx);
        return { waitMs: admission.waitMs, error: e };
      }
    },

    /**
     * A citizen's rating, proved by the receipt's key: once per dossier, once the result is returned.
     * Stored for good and told in the dossier's history. The check and the write are one IMMEDIATE
     * transaction, and the table refuses a second row whatever got past the check.
     */
    rate(body: RatingRequest, ctx: KioskContext): Answer<RatingGiven> {
      const admission = throttle.admit(ctx.address);
      if (admission.refused) return { waitMs: 0, error: new AppError('RATE_LIMITED') };
      const { waitMs } = admission;
      const key = stripLookupInput(nfc(body.key).trim());
      const check = checkLookupKey(key);
      if (check !== 'valid') {
        wrong(ctx);
        return { waitMs, error: new AppError('INVALID_LOOKUP_KEY', { reason: check }) };
      }
      // The fixed list's order: the same choice is stored the same way whatever order it was tapped in.
      const reasons = RATING_REASON_KEYS.filter((r) => body.reasons.includes(r));
      const run = db.transaction((): RatingGiven => {
        const row = repo.byLookupKey(key);
        if (!row) throw new AppError('DOSSIER_NOT_FOUND');
        if (kiosk.ratingOf(row.id)) throw new AppError('ALREADY_RATED');
        if (!ratingOpen(row.status)) throw new AppError('RATING_NOT_OPEN', { status: row.status });
        // [design] Never before the dossier's latest event, as for staff actions (actions.ts): a clock
        // stepped back must not make the history run backwards.
        const last = repo.lastEventAt(row.id);
        const now = clock();
        const at = toVnIso(last && instant(last).getTime() > now.getTime() ? instant(last) : now);
        kiosk.insertRating({ dossier_id: row.id, level: body.level, reasons, at, channel: ctx.via ?? null });
        repo.appendEvent({ dossier_id: row.id, at, kind: 'rated', actor_id: null, data: { level: body.level, reasons, ...(ctx.via ? { channel: ctx.via } : {}) } });
        return { level: body.level, at };
      });
      try {
        return { waitMs, value: run.immediate() };
      } catch (e) {
        if (e instanceof AppError) {
          if (e.code === 'DOSSIER_NOT_FOUND') wrong(ctx);
          return { waitMs, error: e };
        }
        // Another connection (a second server process) rated it between our check and our insert.
        if (isConstraint(e)) return { waitMs, error: new AppError('ALREADY_RATED') };
        throw e;
      }
    },

    /** Writes the lookup records still waiting for their batch (the app calls it on close). */
    flushRecords(): void {
      recorder.flush();
    },

    /** Holds the answer back as long as the slowdown says, then gives it (or throws its refusal). */
    async deliver<T>(answer: Answer<T>): Promise<T> {
      if (answer.waitMs > 0) await deps.sleep(answer.waitMs);
      return this.deliverNow(answer);
    },

    /** An answer not held back (`waitMs` 0): its value, or its error thrown. */
    deliverNow<T>(answer: Answer<T>): T {
      if (answer.error) throw answer.error;
      return answer.value;
    },
  };
}

/** The ratings table's UNIQUE constraint or its once-only trigger. */
function isConstraint(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}
