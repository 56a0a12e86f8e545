/**
 * Intake and the staff view of a dossier. Intake is one IMMEDIATE transaction: the day's sequence,
 * the register number, the dossier, its steps and its first history event commit together or not at
 * all, so codes stay gap-free even when two counters (or two processes) save at the same moment.
 */
import { randomInt } from 'node:crypto';
import type { DossierCreated, DossierDetail, IntakePreview, IntakeRequest, VariantRef } from '../../shared/contracts.ts';
import { dossierDateKey, formatDossierCode } from '../../shared/dossier-code.ts';
import { formatLookupKey, makeLookupKey } from '../../shared/lookup-key.ts';
import { explainDeadline } from '../../shared/explain.ts';
import { planDossier } from '../../shared/schedule.ts';
import { PERSONAL_DATA_BASES } from '../../shared/privacy.ts';
import { maskName, nfc, tidy } from '../../shared/text.ts';
import { toVnIso, vnParts } from '../../shared/time.ts';
import { DOSSIER_STATUSES } from '../../shared/vocabulary.ts';
import { workingDaysLabel } from '../../shared/working-time.ts';
import type { AuditRepo } from '../audit/repo.ts';
import type { Staff } from '../auth/service.ts';
import { type CatalogueService, timeLimitOf } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { AppError, fail } from '../errors.ts';
import { applicantDigest } from './consistency.ts';
import { personalDataRule } from './privacy.ts';
import type { DossierRepo } from './repo.ts';
import { isOverdue, storedExplanation, toStep, variantOf } from './views.ts';
import { ownDueOnArrival, stepShares } from '../../shared/step-clocks.ts';

/** 15 random digits from the OS's CSPRNG (randomInt's range stops at 2^48, so two draws). */
export function randomDigits15(): string {
  return String(randomInt(0, 100_000_000)).padStart(8, '0') + String(randomInt(0, 10_000_000)).padStart(7, '0');
}

export interface DossierDeps {
  readonly db: Db;
  readonly repo: DossierRepo;
  readonly audit: AuditRepo;
  readonly catalogue: CatalogueService;
  readonly clock: Clock;
  readonly randomDigits?: () => string;
}

export type DossierService = ReturnType<typeof dossierService>;

export function receiptUrl(code: string): string {
  return `/api/dossiers/${encodeURIComponent(code)}/receipt.pdf`;
}

/**
 * The intake event keeps a digest of the applicant's particulars (for the history's consistency
 * check): an unsalted hash of a 12-digit ID number is the number, so a masked read does not carry it.
 */
export function withoutApplicant(data: unknown): unknown {
  if (!data || typeof data !== 'object' || !('applicant' in data)) return data;
  const { applicant: _applicant, ...rest } = data as Record<string, unknown>;
  return rest;
}

export function dossierService(deps: DossierDeps) {
  const { db, repo, catalogue, clock } = deps;
  const personalData = personalDataRule(db, repo);
  const random = deps.randomDigits ?? randomDigits15;

  function procedureOrFail(code: string) {
    const procedure = catalogue.procedure(nfc(code).trim());
    if (!procedure) fail('UNKNOWN_PROCEDURE', { procedureCode: code });
    return procedure;
  }

  /**
   * The dossier's plan under the procedure's standard limit, or under the time-limit variant the clerk
   * picked (validated against the procedure's own variants): its limit, counted in working hours (a
   * variant is never same-day), and its steps' hours.
   */
  function plan(procedureCode: string, receivedAt: Date, variantKey?: string) {
    const procedure = procedureOrFail(procedureCode);
    const key = variantKey === undefined ? undefined : nfc(variantKey).trim();
    const variant = key === undefined ? null : procedure.timeLimitVariants.find((v) => v.key === key);
    if (variant === undefined) {
      fail('UNKNOWN_TIME_LIMIT_VARIANT', { procedureCode: procedure.code, timeLimitVariant: key, variants: procedure.timeLimitVariants.map((v) => v.key) });
    }
    const limit = variant ? { minutes: Math.round(variant.timeLimitHours * 60), sameDayCutoff: null } : timeLimitOf(procedure);
    const stepHours = variant ? variant.stepHours : procedure.steps.map((s) => s.allottedHours);
    const steps = stepHours.map((h) => ({ allottedMinutes: Math.round(h * 60) }));
    const p = planDossier(receivedAt, limit, steps, catalogue.policy(), catalogue.calendar());
    const ref: VariantRef | null = variant ? { key: variant.key, vi: variant.name.vi, en: variant.name.en, basis: variant.basis } : null;
    const explanation = explainDeadline(p.deadline, catalogue.calendar(), undefined, ref ?? undefined);
    return { procedure, minutes: limit.minutes, plan: p, variant: ref, stepMinutes: steps.map((s) => s.allottedMinutes), explanation };
  }

  const newLookupKey = () => {
    // 10^15 keys: a collision is astronomically rare, but a unique index would turn it into a 500.
    for (let i = 0; i < 10; i++) {
      const key = makeLookupKey(random());
      if (!repo.lookupKeyTaken(key)) return key;
    }
    throw new Error('could not draw an unused lookup key');
  };

  return {
    /** What the counter shows before saving: the same computation as the save, at the same clock. */
    preview(procedureCode: string, variantKey?: string): IntakePreview {
      const receivedAt = clock();
      const { procedure, minutes, plan: p, variant, stepMinutes, explanation } = plan(procedureCode, receivedAt, variantKey);
      return {
        procedure: { code: procedure.code, name: procedure.name },
        receivedAt: toVnIso(receivedAt),
        countedFrom: toVnIso(p.deadline.countFrom),
        dueAt: toVnIso(p.dueAt),
        timeLimitHours: minutes / 60,
        timeLimitLabel: { vi: workingDaysLabel(minutes, 'vi'), en: workingDaysLabel(minutes, 'en') },
        timeLimitVariant: variant,
        explanation,
        steps: procedure.steps.map((s, i) => ({ seq: i + 1, name: s.name, department: s.department, allottedHours: stepMinutes[i]! / 60, dueAt: toVnIso(p.stepDueAt[i]!) })),
      };
    },

    create(input: IntakeRequest, staff: Staff, options: { fictional?: boolean } = {}): DossierCreated {
      // A line on the receipt's list says what was handed over; "0 originals, 0 copies" is nothing.
      const empty = input.documents.flatMap((d, i) => (d.originals + d.copies === 0 ? [{ field: `/documents/${i}`, message: 'Cần ít nhất 1 bản chính hoặc 1 bản sao.' }] : []));
      if (empty.length) fail('VALIDATION_FAILED', empty, 'Mỗi giấy tờ đã nhận phải có ít nhất 1 bản chính hoặc 1 bản sao.');
      const receivedAt = clock();
      const { procedure, minutes, plan: p, variant, stepMinutes, explanation } = plan(input.procedureCode, receivedAt, input.timeLimitVariant);
      const centre = catalogue.centre();
      const receivedIso = toVnIso(receivedAt);
      const dueIso = toVnIso(p.dueAt);
      const a = input.applicant;

      const code = db.transaction(() => {
        let sequence: number;
        try {
          sequence = repo.nextSequence(centre.agencyId, dossierDateKey(receivedAt));
        } catch (e) {
          if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_CHECK') throw new AppError('SEQUENCE_EXHAUSTED');
          throw e;
        }
        const code = formatDossierCode(centre.agencyId, receivedAt, sequence);
        const year = vnParts(receivedAt).year;
        const id = repo.insertDossier({
          code,
          lookup_key: newLookupKey(),
          procedure_code: procedure.code,
          procedure_name: procedure.name,
          // White space tidied (a double space is a typing slip); letters kept exactly as typed.
          applicant_name: tidy(a.fullName),
          applicant_id_number: a.idNumber.trim().toUpperCase(),
          applicant_phone: (a.phone ?? '').replace(/[\s.]/g, ''),
          applicant_address: tidy(a.address ?? ''),
          applicant_email: (a.email ?? '').trim(),
          documents: JSON.stringify(input.documents.map((d) => ({ name: tidy(d.name), originals: d.originals, copies: d.copies }))),
          sets: input.sets ?? 1,
          channel: input.channel ?? 'in_person',
          return_method: input.returnMethod ?? 'at_centre',
          // The centre holds the dossier until it hands it to the first department (Mẫu 05, first row).
          status: 'received',
          received_at: receivedIso,
          received_by: staff.id,
          time_limit_minutes: minutes,
          original_due_at: dueIso,
          due_at: dueIso,
          due_rule: p.deadline.rule,
          counted_from: toVnIso(p.deadline.countFrom),
          due_explanation: JSON.stringify(explanation),
          time_limit_variant: variant ? JSON.stringify(variant) : null,
          register_year: year,
          register_no: repo.nextRegisterNo(year),
          fictional: options.fictional ? 1 : 0,
        });
        // Each step's allotment on its holder's clock is its segment of the plan; the first step's own
        // clock starts now (or when the deadline starts counting).
        const shares = stepShares(p.deadline.countFrom, p.stepDueAt, catalogue.calendar());
        procedure.steps.forEach((s, i) =>
          repo.insertStep({
            dossier_id: id,
            seq: i + 1,
            name: s.name,
            department_code: s.department.code,
            allotted_minutes: stepMinutes[i]!,
            due_at: toVnIso(p.stepDueAt[i]!),
            state: i === 0 ? 'in_progress' : 'pending',
            started_at: i === 0 ? receivedIso : null,
            completed_at: null,
            share_minutes: shares[i]!,
            milestone_at: toVnIso(p.stepDueAt[i]!),
            own_due_at: i === 0 ? toVnIso(ownDueOnArrival(receivedAt, shares[0]!, p.deadline.countFrom, p.stepDueAt[0]!, catalogue.calendar())) : null,
          }),
        );
        repo.appendEvent({
          dossier_id: id,
          at: receivedIso,
          kind: 'received',
          actor_id: staff.id,
          // A digest of the applicant's details (not the details): `audit verify` can tell if the row is changed later.
          data: { applicant: applicantDigest({ name: tidy(a.fullName), idNumber: a.idNumber.trim().toUpperCase(), phone: (a.phone ?? '').replace(/[\s.]/g, ''), address: tidy(a.address ?? ''), email: (a.email ?? '').trim() }), procedureCode: procedure.code, dueAt: dueIso, dueRule: p.deadline.rule, countedFrom: toVnIso(p.deadline.countFrom), documents: input.documents.length, channel: input.channel ?? 'in_person', ...(variant ? { timeLimitVariant: variant.key } : {}) },
        });
        return code;
      }).immediate();

      const row = repo.byCode(code)!;
      return {
        code,
        lookupKey: row.lookup_key,
        lookupKeyFormatted: formatLookupKey(row.lookup_key),
        status: row.status,
        procedure: { code: procedure.code, name: procedure.name },
        receivedAt: row.received_at,
        dueAt: row.due_at,
        steps: repo.stepsOf(row.id).map((s) => toStep(s, row.status, receivedAt, catalogue.calendar())),
        receiptUrl: receiptUrl(code),
      };
    },

    /** The dossier a receipt's lookup key belongs to. */
    codeOfKey(key: string): string {
      const row = repo.byLookupKey(key);
      if (!row) throw new AppError('DOSSIER_NOT_FOUND');
      return row.code;
    },

    /**
     * The staff view. The applicant's particulars only to those who need them (shared/privacy.ts);
     * such a read is an access to personal data and is logged. [design] A masked read is not: it
     * shows nothing of the applicant's but the masked name a kiosk shows anyone, and logging every
     * glance would bury the accesses that matter.
     */
    detail(code: string, staff: Staff): DossierDetail {
      const row = repo.byCode(code);
      if (!row) throw new AppError('DOSSIER_NOT_FOUND');
      const now = clock();
      const steps = repo.stepsOf(row.id);
      const access = personalData.accessOf(row, staff, steps);
      if (access.shown) deps.audit.record({ at: toVnIso(now), staff_id: staff.id, action: 'view_dossier', dossier_id: row.id, detail: { basis: access.basis } });
      return {
        code: row.code,
        lookupKey: access.shown ? row.lookup_key : null,
        status: row.status,
        statusLabel: DOSSIER_STATUSES[row.status],
        procedure: { code: row.procedure_code, name: row.procedure_name, field: row.procedure_field, timeLimitHours: row.time_limit_minutes / 60 },
        applicant: access.shown
          ? {
              fullName: row.applicant_name,
              idNumber: row.applicant_id_number,
              phone: row.applicant_phone,
              address: row.applicant_address,
              email: row.applicant_email,
            }
          : null,
        applicantMasked: maskName(row.applicant_name),
        personalData: { ...access, message: PERSONAL_DATA_BASES[access.basis] },
        documents: JSON.parse(row.documents) as DossierDetail['documents'],
        sets: row.sets,
        channel: row.channel,
        returnMethod: row.return_method,
        timeLimitVariant: variantOf(row),
        receivedAt: row.received_at,
        receivedBy: { username: row.received_by_username, displayName: row.received_by_name },
        dueAt: row.due_at,
        originalDueAt: row.original_due_at,
        dueExplanation: storedExplanation(row),
        completedAt: row.completed_at,
        overdue: isOverdue(row, now),
        steps: steps.map((s) => toStep(s, row.status, now, catalogue.calendar())),
        history: repo.eventsOf(row.id).map((e, i) => ({
          seq: i + 1,
          at: e.at,
          kind: e.kind,
          actor: e.actor_username ? { username: e.actor_username, displayName: e.actor_name ?? e.actor_username } : null,
          data: access.shown ? (JSON.parse(e.data) as unknown) : withoutApplicant(JSON.parse(e.data) as unknown),
        })),
      };
    },
  };
}
