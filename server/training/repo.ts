/** SQL for the database's mode (migration 006) and the latest time its dossiers' history records. */
import type { Db } from '../db/types.ts';

export type DatabaseMode = 'live' | 'training';

export interface ModeRow {
  mode: DatabaseMode;
  set_at: string;
}

export type TrainingRepo = ReturnType<typeof trainingRepo>;

export function trainingRepo(db: Db) {
  const mode = db.prepare<[], ModeRow>('SELECT mode, set_at FROM database_mode WHERE id = 1');
  const mark = db.prepare<{ mode: DatabaseMode; set_at: string }>('INSERT INTO database_mode (id, mode, set_at) VALUES (1, @mode, @set_at)');
  // Times are ISO strings with one offset and one width (migration 001): the string maximum is the latest.
  const latest = db.prepare<[], { at: string | null }>('SELECT max(at) AS at FROM dossier_events');
  return {
    mode: (): ModeRow | undefined => mode.get(),
    mark: (row: { mode: DatabaseMode; set_at: string }) => mark.run(row),
    latestHistoryAt: (): string | null => latest.get()?.at ?? null,
  };
}
