/**
 * SQL for checking the history on its own: only the tables every schema since migration 004 has
 * (dossiers, dossier_events, dossier_event_chain), so a backup taken before a migration, at an older
 * schema, is checked by the same queries as today's database.
 */
import type { Db } from '../db/types.ts';
import type { ChainedEvent } from './chain.ts';

export function historyRepo(db: Db) {
  const chainRows = db.prepare<[], ChainedEvent & { prev_hash: string | null; hash: string | null }>(
    'SELECT e.id, e.dossier_id, e.at, e.kind, e.actor_id, e.data, c.prev_hash, c.hash FROM dossier_events e LEFT JOIN dossier_event_chain c ON c.event_id = e.id ORDER BY e.id',
  );
  const chainLength = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM dossier_event_chain');
  const chainHead = db.prepare<[], { event_id: number; hash: string }>('SELECT event_id, hash FROM dossier_event_chain ORDER BY event_id DESC LIMIT 1');
  const linkOf = db.prepare<[number], { hash: string }>('SELECT hash FROM dossier_event_chain WHERE event_id = ?');
  const codeOf = db.prepare<[number], { code: string }>('SELECT code FROM dossiers WHERE id = ?');
  const dossiers = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM dossiers');
  const lastEvent = db.prepare<[], { id: number; at: string }>('SELECT id, at FROM dossier_events ORDER BY id DESC LIMIT 1');
  return {
    chain: () => ({ rows: chainRows.iterate(), length: chainLength.get()?.n ?? 0 }),
    lastLink: () => chainHead.get() ?? null,
    linkOf: (eventId: number) => linkOf.get(eventId)?.hash ?? null,
    codeOf: (dossierId: number) => codeOf.get(dossierId)?.code ?? null,
    dossierCount: () => dossiers.get()!.n,
    lastEvent: () => lastEvent.get() ?? null,
  };
}

/** Whether the database has the history chain at all (migration 004 and later). */
export function hasHistoryChain(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'dossier_event_chain'").get() !== undefined;
}

/** Whether the database has the history's protection (audit log chain, keyed links, signed anchors: migration 018). */
export function hasHistoryProtection(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'history_upgrade'").get() !== undefined;
}
