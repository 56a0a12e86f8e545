/**
 * The public apology board. When a dossier will be late, the responsible agency apologises in writing
 * and sets a new date (Decree 61/2018 art. 19(9)); Thanh Hóa orders these apologies to be public. The
 * board lists the apologies of the last `apology-board-days` days (a centre setting, 30 by default):
 * the department, the procedure, the reason, the appointment first given and the new one, the day.
 *
 * Nothing that names or finds the applicant is read (see repo.ts), and the route's response schema
 * (shared/contracts.ts PublicApologies) is closed, so nothing else could be sent either.
 */
import type { PublicApologies, PublicApology } from '../../shared/contracts.ts';
import { toVnIso, vnDayNumber, vnMidnightMs } from '../../shared/time.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../clock.ts';
import type { ApologyRepo, PublicApologyRow } from './repo.ts';

export const BOARD_PAGE = { default: 20, max: 100 } as const;

export interface ApologyBoardDeps {
  readonly repo: ApologyRepo;
  readonly catalogue: Pick<CatalogueService, 'apologyBoardDays' | 'centre'>;
  /** The centre's clock (a training database's, when it runs one). */
  readonly clock: Clock;
  readonly training: boolean;
}

export type ApologyBoardService = ReturnType<typeof apologyBoardService>;

export function apologyBoardService(deps: ApologyBoardDeps) {
  return {
    /**
     * One page of the board, newest first. An apology stays up for the day it was made and the next
     * `days` days: with 30, one made 30 days ago (at any hour) is still listed, one made 31 days ago
     * is not. The setting is read on every call, so a change shows at once.
     */
    list(page: { offset?: number; limit?: number } = {}): PublicApologies {
      const now = deps.clock();
      const days = deps.catalogue.apologyBoardDays();
      const since = toVnIso(new Date(vnMidnightMs(vnDayNumber(now) - days)));
      const asOf = toVnIso(now);
      const limit = Math.min(Math.max(page.limit ?? BOARD_PAGE.default, 1), BOARD_PAGE.max);
      const offset = Math.max(page.offset ?? 0, 0);
      const rows = deps.repo.page({ since, now: asOf, limit, offset });
      return {
        asOf,
        days,
        since,
        fictional: deps.catalogue.centre().fictional,
        training: deps.training,
        total: deps.repo.count({ since, now: asOf }),
        offset,
        limit,
        apologies: rows.map(entry),
      };
    },
  };
}

function entry(row: PublicApologyRow): PublicApology {
  return {
    date: row.at.slice(0, 10),
    department: row.department ?? '',
    procedure: row.procedure_name,
    reason: row.reason ?? '',
    originalDueAt: row.original_due_at ?? '',
    newDueAt: row.new_due_at ?? '',
    fictional: row.fictional === 1,
  };
}
