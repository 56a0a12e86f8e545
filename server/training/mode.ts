/**
 * Live or training, decided once when a database is set up and kept for good (migration 006): a
 * training database never serves as the centre's real one, and a real one never gets a settable clock
 * or training dossiers.
 */
import { toVnIso } from '../../shared/time.ts';
import type { Clock } from '../clock.ts';
import { ConfigError } from '../config.ts';
import type { Db } from '../db/types.ts';
import { type DatabaseMode, trainingRepo } from './repo.ts';

export type { DatabaseMode } from './repo.ts';

/**
 * The mode of a database. One that was never set up (migrated, no centre yet) has none: it holds
 * nothing, and nothing about it is training, so it reads as live.
 */
export function databaseMode(db: Db): DatabaseMode {
  return trainingRepo(db).mode()?.mode ?? 'live';
}

/** Writes the mode of a database being set up; called once, inside its set-up transaction. */
export function markMode(db: Db, mode: DatabaseMode, clock: Clock): void {
  const repo = trainingRepo(db);
  if (!repo.mode()) repo.mark({ mode, set_at: toVnIso(clock()) });
}

/** Refuses to serve a database in the other mode than it was made for (the command line exits 2). */
export function checkServeMode(db: Db, path: string, training: boolean): void {
  const mode = databaseMode(db);
  if (mode === 'training' && !training) {
    throw new ConfigError(
      `${path} is a TRAINING database (ĐÀO TẠO): its dossiers are exercises, not the centre's work. Start it with --training, or give the real database with --db.`,
    );
  }
  if (mode === 'live' && training) {
    throw new ConfigError(
      `${path} is the centre's real (live) database: --training is refused, so training dossiers and a moved clock never enter the real register. Train on a separate file, e.g. --training --db data/training.db.`,
    );
  }
}
