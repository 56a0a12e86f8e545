/**
 * Producing official paper for a dossier. Every print is an act: the first receipt is the original,
 * every later one says "Bản in lại" with its count, and each is recorded in the dossier's history (who,
 * when, which document, which layout) and, as a read of personal data, in the audit log.
 */
import { toVnIso } from '../../shared/time.ts';
import type { AuditRepo } from '../audit/repo.ts';
import type { Staff } from '../auth/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/open.ts';
import type { DossierRepo } from '../dossiers/repo.ts';
import { instant } from '../dossiers/views.ts';
import { AppError } from '../errors.ts';
import { LAYOUT, type LayoutName } from './layout.ts';
import { renderReceiptPdf } from './pdf.ts';

export type ReceiptService = ReturnType<typeof receiptService>;

export interface PrintRequest {
  readonly layout: LayoutName;
  readonly copy: 'applicant' | 'file';
  /** Where the QR code's address starts when the centre has not set one: how this client reached us. */
  readonly fallbackBaseUrl: string;
}

export function receiptService(deps: { db: Db; repo: DossierRepo; audit: AuditRepo; catalogue: CatalogueService; clock: Clock }) {
  return {
    /** The receipt as promised at intake (the original appointment): printing it again gives the same paper, marked as a reprint. */
    async receiptPdf(code: string, request: PrintRequest, staff: Staff): Promise<{ pdf: Buffer; reprint: number }> {
      const row = deps.repo.byCode(code);
      if (!row) throw new AppError('DOSSIER_NOT_FOUND');
      const at = toVnIso(deps.clock());
      // Counted and recorded in one transaction: two clerks printing at once cannot both get the original.
      const reprint = deps.db
        .transaction(() => {
          const n = deps.repo.printsOf(row.id, 'receipt');
          deps.repo.appendEvent({ dossier_id: row.id, at, kind: 'printed', actor_id: staff.id, data: { document: 'receipt', layout: request.layout, copy: request.copy, reprint: n } });
          deps.audit.record({ at, staff_id: staff.id, action: 'print_receipt', dossier_id: row.id, detail: { copy: request.copy, layout: request.layout } });
          return n;
        })
        .immediate();
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
          receivedAt: instant(row.received_at),
          dueAt: instant(row.original_due_at),
          returnMethod: row.return_method,
          registerYear: row.register_year,
          registerNo: row.register_no,
          receivedBy: row.received_by_name,
          lookupUrl: `${base}/k/${row.lookup_key}`,
          reprint,
        },
        LAYOUT[request.layout],
      );
      return { pdf, reprint };
    },
  };
}
