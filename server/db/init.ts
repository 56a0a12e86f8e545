import { seedCatalogue } from '../catalogue/service.ts';
import { catalogueRepo } from '../catalogue/repo.ts';
import type { Db } from './open.ts';

/** A new database gets the shipped catalogue (centre, departments, procedures); an existing one is left alone. */
export function initDatabase(db: Db): { created: boolean } {
  if (catalogueRepo(db).centre()) return { created: false };
  seedCatalogue(db);
  return { created: true };
}
