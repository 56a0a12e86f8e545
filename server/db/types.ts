import type Database from 'better-sqlite3';

// The database's type on its own, apart from open.ts: opening takes a pre-migration backup, whose
// code (backup/, history/, dossiers/) names this type, and an import back into open.ts made a cycle.
export type Db = Database.Database;
