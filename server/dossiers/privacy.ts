/**
 * The personal-data rule (shared/privacy.ts) applied to a stored dossier: the staff view, the
 * reprints and the register ask it before showing an applicant's particulars.
 */
import { type PersonalDataAccess, personalDataAccess } from '../../shared/privacy.ts';
import type { Staff } from '../auth/service.ts';
import type { Db } from '../db/types.ts';
import type { DossierRepo, DossierRow, StepRow } from './repo.ts';
import { privacyRepo } from './privacy-repo.ts';

export type PersonalDataRule = ReturnType<typeof personalDataRule>;

export function personalDataRule(db: Db, repo: DossierRepo) {
  const history = privacyRepo(db);
  return {
    /** What `staff` may see of the applicant on this dossier (`steps`: when the caller has them already). */
    accessOf(row: DossierRow, staff: Staff, steps: readonly StepRow[] = repo.stepsOf(row.id), chart: ReadonlyMap<string, string | null> = repo.ledBy()): PersonalDataAccess {
      return personalDataAccess(
        { id: staff.id, role: staff.role, department: staff.department?.code ?? null },
        {
          status: row.status,
          receivedBy: row.received_by,
          steps: steps.map((s) => ({ department: s.department_code, state: s.state, started: s.started_at !== null, heldBy: s.held_by })),
          reached: history.reachedDepartments(row.id),
          counterActs: history.counterActors(row.id),
        },
        (code) => chart.get(code) ?? null,
      );
    },
  };
}
