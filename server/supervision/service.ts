/**
 * What a supervisor watches: open dossiers already past their appointment, and those due within the
 * next working day, with counts per department holding them.
 */
import type { KioskReport, SupervisionOverview, WatchRow } from '../../shared/contracts.ts';
import { maskName } from '../../shared/text.ts';
import { toVnIso } from '../../shared/time.ts';
import { MINUTES_PER_WORKING_DAY, addWorkingMinutes, workingMinutesBetween } from '../../shared/working-time.ts';
import type { AuditRepo } from '../audit/repo.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import { instant } from '../dossiers/views.ts';
import { kioskReport } from './kiosk-report.ts';
import type { SupervisionRepo, WatchRowDb } from './repo.ts';

export type SupervisionService = ReturnType<typeof supervisionService>;

export function supervisionService(deps: { repo: SupervisionRepo; audit: AuditRepo; catalogue: CatalogueService; clock: Clock }) {
  return {
    /** The kiosk's lookups and ratings over a range of days (the last seven by default). */
    kiosk(query: { from?: string | undefined; to?: string | undefined }): KioskReport {
      return kioskReport(deps, query);
    },


    overview(): SupervisionOverview {
      const now = deps.clock();
      const calendar = deps.catalogue.calendar();
      const until = addWorkingMinutes(now, MINUTES_PER_WORKING_DAY, calendar);
      const centreDept = { code: '', name: deps.catalogue.centre().name };
      const toRow = (r: WatchRowDb, minutes: number): WatchRow => ({
        code: r.code,
        procedure: { code: r.procedure_code, name: r.procedure_name },
        applicantMasked: maskName(r.applicant_name),
        status: r.status,
        receivedAt: r.received_at,
        dueAt: r.due_at,
        department: r.department_code ? { code: r.department_code, name: r.department_name ?? r.department_code } : centreDept,
        currentStep: r.step_name ?? '',
        workingMinutes: Math.round(minutes),
      });

      const overdue: WatchRow[] = [];
      const dueSoon: WatchRow[] = [];
      for (const r of deps.repo.openDueBy(toVnIso(until))) {
        const due = instant(r.due_at);
        if (due.getTime() < now.getTime()) overdue.push(toRow(r, workingMinutesBetween(due, now, calendar)));
        else dueSoon.push(toRow(r, workingMinutesBetween(now, due, calendar)));
      }
      overdue.sort((a, b) => b.workingMinutes - a.workingMinutes || a.code.localeCompare(b.code));

      const byDept = new Map<string, { code: string; name: string; overdue: number; dueSoon: number; open: number }>();
      for (const d of deps.repo.openByDepartment()) {
        const code = d.department_code ?? '';
        byDept.set(code, { code, name: d.department_name ?? centreDept.name, overdue: 0, dueSoon: 0, open: d.open });
      }
      for (const [list, key] of [[overdue, 'overdue'], [dueSoon, 'dueSoon']] as const) {
        for (const r of list) {
          const entry = byDept.get(r.department.code);
          if (entry) entry[key]++;
        }
      }
      const departments = [...byDept.values()].sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon || a.name.localeCompare(b.name, 'vi'));
      return {
        asOf: toVnIso(now),
        dueSoonUntil: toVnIso(until),
        overdue,
        dueSoon,
        departments,
        totals: { open: departments.reduce((n, d) => n + d.open, 0), overdue: overdue.length, dueSoon: dueSoon.length },
      };
    },
  };
}
