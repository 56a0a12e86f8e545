/**
 * The public lookup. Two tiers (Circular 01/2018 art. 16; one-stop rules §2): a typed dossier code
 * shows only the summary; the random lookup key from the receipt's barcode proves the receipt is in
 * hand and shows the steps. Neither tier ever carries the applicant's name, ID number, phone, address
 * or e-mail — only a masked name on the detail tier.
 */
import type { KioskDetail, KioskSummary, KioskView } from '../../shared/contracts.ts';
import { normaliseDossierCode } from '../../shared/dossier-code.ts';
import { checkLookupKey, stripLookupInput } from '../../shared/lookup-key.ts';
import { headlineOf, ratingOpen, timeLeftWording, todoOf } from '../../shared/kiosk.ts';
import { noticesOf } from '../../shared/notices.ts';
import { currentStep } from '../../shared/processing.ts';
import { workingMinutesBetween } from '../../shared/working-time.ts';
import { maskName, nfc } from '../../shared/text.ts';
import { DOSSIER_STATUSES } from '../../shared/vocabulary.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { DossierRepo, DossierRow } from '../dossiers/repo.ts';
import { instant, isOverdue, storedExplanation, toStep } from '../dossiers/views.ts';
import { AppError } from '../errors.ts';

export type KioskService = ReturnType<typeof kioskService>;

export function kioskService(deps: { repo: DossierRepo; catalogue: Pick<CatalogueService, 'calendar'>; clock: Clock }) {
  const { repo, catalogue, clock } = deps;

  /** Working time to the appointment while a clock runs for it (not while paused, not once there is a result). */
  const timeLeft = (row: DossierRow, now: Date) => {
    if (row.status !== 'received' && row.status !== 'processing') return null;
    try {
      const workingMinutes = Math.round(workingMinutesBetween(now, instant(row.due_at), catalogue.calendar()));
      return { workingMinutes, text: timeLeftWording(workingMinutes) };
    } catch {
      // Outside the calendar's years (a clock far off): the date itself still shows.
      return null;
    }
  };

  const common = (row: DossierRow, now: Date) => {
    // Both tiers say where the dossier is: the office holding it is public (the procedure says so).
    const step = currentStep(repo.stepsOf(row.id));
    return {
      code: row.code,
      procedure: { code: row.procedure_code, name: row.procedure_name },
      status: row.status,
      statusLabel: DOSSIER_STATUSES[row.status],
      dueAt: row.due_at,
      overdue: isOverdue(row, now),
      headline: headlineOf({ status: row.status, step: step ? { name: step.name, departmentName: step.department_name } : null, returnMethod: row.return_method }),
      timeLeft: timeLeft(row, now),
    };
  };

  function summary(row: DossierRow, now: Date): KioskSummary {
    return { view: 'summary', ...common(row, now) };
  }

  function detail(row: DossierRow, now: Date): KioskDetail {
    return {
      view: 'detail',
      ...common(row, now),
      applicantMasked: maskName(row.applicant_name),
      receivedAt: row.received_at,
      originalDueAt: row.original_due_at,
      dueExplanation: storedExplanation(row),
      completedAt: row.completed_at,
      todo: todoOf(row.status, isOverdue(row, now), row.return_method),
      rating: { open: ratingOpen(row.status), given: null },
      notices: noticesOf(repo.eventsOf(row.id).map((e) => ({ at: e.at, kind: e.kind, data: JSON.parse(e.data) as Record<string, unknown> })), row.return_method),
      // The staff step without what the public need not see (start times, allotted hours).
      steps: repo.stepsOf(row.id).map((s) => {
        const { seq, name, department, dueAt, completedAt, state, stateLabel, timeliness } = toStep(s, row.status, now);
        return { seq, name, department, dueAt, completedAt, state, stateLabel, timeliness };
      }),
    };
  }

  return {
    lookup(query: string): KioskView {
      const text = nfc(query).trim();
      // Nothing a citizen scans or types is this long (a code is 27 characters, a key 19 with spaces).
      if (text.length > 64) throw new AppError('INVALID_LOOKUP_QUERY');
      const now = clock();
      const code = normaliseDossierCode(text);
      if (code) {
        const row = repo.byCode(code);
        if (!row) throw new AppError('DOSSIER_NOT_FOUND');
        return summary(row, now);
      }
      const check = checkLookupKey(text);
      if (check === 'not-digits') throw new AppError('INVALID_LOOKUP_QUERY');
      if (check !== 'valid') throw new AppError('INVALID_LOOKUP_KEY', { reason: check });
      const row = repo.byLookupKey(stripLookupInput(text));
      if (!row) throw new AppError('DOSSIER_NOT_FOUND');
      return detail(row, now);
    },
  };
}
