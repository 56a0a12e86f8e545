import { catalogueFor, seedCatalogue } from '../catalogue/service.ts';
import { type Rejudged, rejudgeUpgradedSteps } from '../dossiers/rejudge.ts';
import { catalogueRepo } from '../catalogue/repo.ts';
import { type Clock, systemClock } from '../clock.ts';
import { type DatabaseMode, markMode } from '../training/mode.ts';
import type { Db } from './types.ts';

/**
 * A new database gets the shipped catalogue (centre, departments, procedures) and its mode, live
 * unless set up for training, in one transaction; an existing one is left alone. (One set up without
 * a mode row holds the centre's records already: live, as migration 006 decides for older ones.)
 */
export function initDatabase(db: Db, options: { mode?: DatabaseMode; clock?: Clock } = {}): { created: boolean; rejudged?: Rejudged } {
  const clock = options.clock ?? systemClock;
  if (catalogueRepo(db).centre()) {
    markMode(db, 'live', clock);
    // Steps from before the two clocks (migration 011) are judged again on their holders' own clocks.
    const rejudged = rejudgeUpgradedSteps(db, catalogueFor(db), clock);
    return rejudged.dossiers ? { created: false, rejudged } : { created: false };
  }
  db.transaction(() => {
    seedCatalogue(db);
    markMode(db, options.mode ?? 'live', clock);
  }).immediate();
  return { created: true };
}
