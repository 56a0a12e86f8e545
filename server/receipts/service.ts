import { toVnIso } from '../../shared/time.ts';
import type { AuditRepo } from '../audit/repo.ts';
import type { Staff } from '../auth/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { DossierRepo } from '../dossiers/repo.ts';
import { instant } from '../dossiers/views.ts';
import { AppError } from '../errors.ts';
import { renderReceiptPdf } from './pdf.ts';

export type ReceiptService = ReturnType<typeof receiptService>;

export function receiptService(deps: { repo: DossierRepo; audit: AuditRepo; catalogue: CatalogueService; clock: Clock }) {
  return {
    /** The receipt as printed at intake (the original appointment): printing it again gives the same paper. */
    async receiptPdf(code: string, copy: 'applicant' | 'file', staff: Staff): Promise<Buffer> {
      const row = deps.repo.byCode(code);
      if (!row) throw new AppError('DOSSIER_NOT_FOUND');
      deps.audit.record({ at: toVnIso(deps.clock()), staff_id: staff.id, action: 'print_receipt', dossier_id: row.id, detail: { copy } });
      return renderReceiptPdf({
        centre: deps.catalogue.centre(),
        code: row.code,
        lookupKey: row.lookup_key,
        copy,
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
      });
    },
  };
}
