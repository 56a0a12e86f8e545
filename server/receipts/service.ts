/**
 * Producing official paper for a dossier. Every print is an act: the first receipt is the original,
 * every later one says "Bản in lại" with its count, and each is recorded in the dossier's history (who,
 * when, which document, which layout) and, as a read of personal data, in the audit log.
 */
import { PERSONAL_DATA_BASES } from '../../shared/privacy.ts';
import { maskName } from '../../shared/text.ts';
import { toVnIso } from '../../shared/time.ts';
import type { AuditRepo } from '../audit/repo.ts';
import type { Staff } from '../auth/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { personalDataRule } from '../dossiers/privacy.ts';
import type { DossierRepo, DossierRow, EventRow } from '../dossiers/repo.ts';
import { instant, toStep, variantOf } from '../dossiers/views.ts';
import { parseLocalDate } from '../../shared/calendar.ts';
import { dateOfDayNumber, dayNumber, vnInstant } from '../../shared/time.ts';
import { AppError } from '../errors.ts';
import { A4_LANDSCAPE, LAYOUT, type LayoutName } from './layout.ts';
import { renderReceiptPdf } from './pdf.ts';
import { type Act, renderActSlipPdf, renderControlSheetPdf, renderRegisterPdf } from './slips.ts';

export type ReceiptService = ReturnType<typeof receiptService>;

export interface PrintRequest {
  readonly layout: LayoutName;
  readonly copy: 'applicant' | 'file';
  /** Where the QR code's address starts when the centre has not set one: how this client reached us. */
  readonly fallbackBaseUrl: string;
}

/** `training`: the database is a training one (server/training), so every paper is stamped so. */
export function receiptService(deps: { db: Db; repo: DossierRepo; audit: AuditRepo; catalogue: CatalogueService; clock: Clock; training: boolean }) {
  const personalData = personalDataRule(deps.db, deps.repo);
  /**
   * The receipt and the acts' slips are addressed to the applicant and carry their particulars: the
   * same rule as the staff view (shared/privacy.ts). [design] Refused, not masked, to anyone else: a
   * receipt with the name masked and no ID number is no receipt, and reprinting one is the counter's
   * work, not a supervisor's.
   */
  const requireParticulars = (row: DossierRow, staff: Staff) => {
    const access = personalData.accessOf(row, staff);
    if (!access.shown) throw new AppError('PERSONAL_DATA_WITHHELD', { basis: access.basis, why: PERSONAL_DATA_BASES[access.basis] });
  };
  /**
   * The receipt, not yet counted as printed: `record` counts it once the paper is out (a job a
   * printer refused must not use up the original). Between the two, another print of the same copy
   * could take the same number; counters print one dossier at a time, so that is left as it is.
   */
  async function prepareReceipt(code: string, request: PrintRequest, staff: Staff): Promise<{ pdf: Buffer; reprint: number; record: (staff: Staff) => void }> {
    const row = deps.repo.byCode(code);
    if (!row) throw new AppError('DOSSIER_NOT_FOUND');
    requireParticulars(row, staff);
    const reprint = deps.repo.printsOf(row.id, 'receipt', request.copy);
    const record = (staff: Staff) => {
      const at = toVnIso(deps.clock());
      deps.db
        .transaction(() => {
          deps.repo.appendEvent({ dossier_id: row.id, at, kind: 'printed', actor_id: staff.id, data: { document: 'receipt', layout: request.layout, copy: request.copy, reprint } });
          deps.audit.record({ at, staff_id: staff.id, action: 'print_receipt', dossier_id: row.id, detail: { copy: request.copy, layout: request.layout } });
        })
        .immediate();
    };
    const base = (deps.catalogue.publicBaseUrl() || request.fallbackBaseUrl).replace(/\/+$/, '');
    const pdf = await renderReceiptPdf(
      {
        centre: deps.catalogue.centre(),
        code: row.code,
        lookupKey: row.lookup_key,
        copy: request.copy,
        applicant: {
          fullName: row.applicant_name,
          idNumber: row.applicant_id_number,
          address: row.applicant_address,
          phone: row.applicant_phone,
          email: row.applicant_email,
        },
        procedure: { code: row.procedure_code, name: row.procedure_name },
        documents: JSON.parse(row.documents) as { name: string; originals: number; copies: number }[],
        sets: row.sets,
        timeLimitMinutes: row.time_limit_minutes,
        timeLimitVariant: variantOf(row),
        receivedAt: instant(row.received_at),
        dueAt: instant(row.original_due_at),
        returnMethod: row.return_method,
        registerYear: row.register_year,
        registerNo: row.register_no,
        receivedBy: row.received_by_name,
        lookupUrl: `${base}/k/${row.lookup_key}`,
        reprint,
        training: deps.training,
      },
      LAYOUT[request.layout],
    );
    return { pdf, reprint, record };
  }

  return {
    /** The receipt as promised at intake (the original appointment): printing it again gives the same paper, marked as a reprint. */
    async receiptPdf(code: string, request: PrintRequest, staff: Staff): Promise<{ pdf: Buffer; reprint: number }> {
      const made = await prepareReceipt(code, request, staff);
      made.record(staff);
      return made;
    },

    prepareReceipt,

    /** A slip for a dossier; the control sheet always exists, the acts' slips once the act happened. */
    async slipPdf(code: string, kind: SlipKind, layout: LayoutName, staff: Staff): Promise<Buffer> {
      const row = deps.repo.byCode(code);
      if (!row) throw new AppError('DOSSIER_NOT_FOUND');
      // Supplement requests, refusals, apologies and stops are acts the processing actions record in the
      // history; a dossier without such an act has no such slip. The latest act of the kind is printed.
      const actEvent = kind === 'control-sheet' ? null : deps.repo.eventsOf(row.id).filter((e) => e.kind === ACT_EVENTS[kind]).at(-1);
      if (actEvent === undefined) throw new AppError('SLIP_NOT_AVAILABLE', { kind });
      if (layout === 'thermal') throw new AppError('LAYOUT_NOT_AVAILABLE', { kind, layout });
      // The control sheet names the applicant only (it travels with the file between departments): for
      // a reader the rule does not allow, it prints the masked name rather than being refused.
      if (actEvent) requireParticulars(row, staff);
      const nameShown = actEvent ? true : personalData.accessOf(row, staff).shown;
      const at = toVnIso(deps.clock());
      deps.db
        .transaction(() => {
          deps.repo.appendEvent({ dossier_id: row.id, at, kind: 'printed', actor_id: staff.id, data: { document: kind, layout, reprint: deps.repo.printsOf(row.id, kind) } });
          // A control sheet with the name masked is no access to personal data, and the entry says so.
          deps.audit.record({ at, staff_id: staff.id, action: 'print_slip', dossier_id: row.id, detail: { kind, layout, ...(nameShown ? {} : { masked: true }) } });
        })
        .immediate();
      const now = deps.clock();
      if (actEvent) {
        return renderActSlipPdf(
          {
            historyHash: deps.repo.historyHash(row.id),
            centre: deps.catalogue.centre(),
            code: row.code,
            applicant: { fullName: row.applicant_name, address: row.applicant_address, phone: row.applicant_phone, email: row.applicant_email },
            procedureName: row.procedure_name,
            receivedAt: instant(row.received_at),
            originalDueAt: instant(row.original_due_at),
            act: actOf(kind as Exclude<SlipKind, 'control-sheet'>, actEvent, deps.catalogue.centre().phone),
            training: deps.training,
          },
          LAYOUT[layout],
        );
      }
      return renderControlSheetPdf(
        {
          historyHash: deps.repo.historyHash(row.id),
          centre: deps.catalogue.centre(),
          code: row.code,
          applicantName: nameShown ? row.applicant_name : maskName(row.applicant_name),
          procedureName: row.procedure_name,
          receivedAt: instant(row.received_at),
          dueAt: instant(row.original_due_at),
          steps: deps.repo.stepsOf(row.id).map((s) => {
            const step = toStep(s, row.status, now, deps.catalogue.calendar());
            const h = step.holder;
            return {
              name: s.name,
              department: s.department_name,
              dueAt: instant(s.due_at),
              completedAt: s.completed_at ? instant(s.completed_at) : null,
              timeliness: s.completed_at ? step.timeliness : null,
              heldBy: s.held_by_name,
              holder: h
                ? { arrivedAt: instant(h.arrivedAt), takenAt: h.takenAt ? instant(h.takenAt) : null, allottedMinutes: h.allottedMinutes, heldMinutes: h.heldMinutes, dueAt: instant(h.dueAt), timeliness: h.timeliness, lateMinutes: h.lateMinutes }
                : null,
            };
          }),
          training: deps.training,
        },
        LAYOUT[layout],
      );
    },

    /** The register for the dossiers received between two Vietnam dates, inclusive. */
    async registerPdf(from: string, to: string, staff: Staff): Promise<Buffer> {
      const start = parseLocalDate(from);
      const end = parseLocalDate(to);
      if (!start || !end) throw new AppError('INVALID_QUERY', { field: start ? 'to' : 'from' }, 'Khoảng ngày không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ from=2026-11-23&to=2026-11-29.');
      if (dayNumber(end) < dayNumber(start) || dayNumber(end) - dayNumber(start) > 366) {
        throw new AppError('INVALID_QUERY', { field: 'to' }, 'Khoảng ngày không hợp lệ: ngày cuối phải sau ngày đầu, và không quá một năm.');
      }
      const rows = deps.repo.receivedBetween(toVnIso(vnInstant(start)), toVnIso(vnInstant(dateOfDayNumber(dayNumber(end) + 1))));
      const now = deps.clock();
      // Each line follows the staff view's rule: the name and contact of a dossier the reader may not
      // see are masked and left out (the register is not a way round it).
      const chart = deps.repo.ledBy();
      const shown = new Set(rows.filter((r) => personalData.accessOf(r, staff, undefined, chart).shown).map((r) => r.id));
      deps.audit.recordStaff({ at: toVnIso(now), staff_id: staff.id, action: 'print_register', detail: { from, to, dossiers: rows.length, particularsShown: shown.size } });
      return renderRegisterPdf(
        {
          centre: deps.catalogue.centre(),
          from,
          to,
          printedAt: now,
          training: deps.training,
          rows: rows.map((r) => {
            const steps = deps.repo.stepsOf(r.id);
            const lead = steps.find((s, i) => i > 0 && s.department_code !== steps[0]?.department_code) ?? steps[0];
            return {
              registerNo: r.register_no,
              code: r.code,
              procedureName: r.procedure_name,
              applicantName: shown.has(r.id) ? r.applicant_name : maskName(r.applicant_name),
              applicantContact: shown.has(r.id) ? [r.applicant_address, r.applicant_phone].filter(Boolean).join('; ') : '',
              leadDepartment: lead?.department_name ?? '',
              receivedAt: instant(r.received_at),
              dueAt: instant(r.due_at),
              // Handed over when recorded so (return-result); dossiers from before that was kept: their completion.
              returnedAt: r.returned_at ? instant(r.returned_at) : r.status === 'returned' && r.completed_at ? instant(r.completed_at) : null,
              // How it was in fact collected, once it was; until then how the applicant asked for it.
              returnMethod: r.returned_by_method ?? r.return_method,
            };
          }),
        },
        A4_LANDSCAPE,
      );
    },
  };
}

export type SlipKind = 'supplement-request' | 'refusal' | 'apology' | 'stop-notice' | 'control-sheet';
export const SLIP_KINDS: readonly SlipKind[] = ['supplement-request', 'refusal', 'apology', 'stop-notice', 'control-sheet'];

/**
 * The history events the processing actions append for each act, and the data each carries:
 * supplement_requested {reason, documents: [{name, basis?, originals?, copies?}], contact?},
 * refused {reason}, apologized {reason, newDueAt, department?}, stopped {reason}.
 */
const ACT_EVENTS: Record<Exclude<SlipKind, 'control-sheet'>, string> = {
  'supplement-request': 'supplement_requested',
  refusal: 'refused',
  apology: 'apologized',
  'stop-notice': 'stopped',
};

interface ActEventData {
  reason?: string;
  documents?: { name: string; basis?: string; originals?: number; copies?: number }[];
  contact?: string;
  newDueAt?: string;
  department?: string;
}

function actOf(kind: Exclude<SlipKind, 'control-sheet'>, e: EventRow, centrePhone: string): Act {
  const data = JSON.parse(e.data) as ActEventData;
  const base = { at: instant(e.at), reason: data.reason ?? '', officer: e.actor_name ?? '' };
  switch (kind) {
    case 'supplement-request':
      return { ...base, kind: 'supplement', documents: data.documents ?? [], contact: data.contact ?? [e.actor_name, centrePhone].filter(Boolean).join(', ') };
    case 'refusal':
      return { ...base, kind: 'refusal' };
    case 'apology':
      return { ...base, kind: 'apology', newDueAt: instant(data.newDueAt ?? e.at), department: data.department ?? 'Cơ quan giải quyết hồ sơ' };
    case 'stop-notice':
      return { ...base, kind: 'stop' };
  }
}
