/** SQL for the history's protection: both chains' links and tags, the protection record, anchors, the upgrade record. */
import type { Db } from '../db/types.ts';
import type { ChainedEvent } from '../dossiers/chain.ts';

export interface ChainedAudit {
  readonly id: number;
  readonly at: string;
  readonly staff_id: number | null;
  readonly action: string;
  readonly dossier_id: number | null;
  readonly detail: string;
}
export interface Link {
  readonly prev_hash: string | null;
  readonly hash: string | null;
  readonly tag: string | null;
}
export interface UpgradeRow {
  at: string;
  events_through: number;
  audit_through: number;
  dossiers_through: number;
}

// A `received` event linked after the upgrade also covers its dossier's received_at and lookup_key
// (in the link only: never in the event's data, which history views show).
const EVENT_COLUMNS = `e.id, e.dossier_id, e.at, e.kind, e.actor_id, e.data,
  CASE WHEN e.kind = 'received' AND e.id > (SELECT events_through FROM history_upgrade) THEN d.received_at END AS received_at,
  CASE WHEN e.kind = 'received' AND e.id > (SELECT events_through FROM history_upgrade) THEN d.lookup_key END AS lookup_key`;

export type HistoryRepo = ReturnType<typeof historyRepo>;

export function historyRepo(db: Db) {
  const eventHead = db.prepare<[], { event_id: number; hash: string }>('SELECT event_id, hash FROM dossier_event_chain ORDER BY event_id DESC LIMIT 1');
  const eventsAfter = db.prepare<[number], ChainedEvent>(`SELECT ${EVENT_COLUMNS} FROM dossier_events e LEFT JOIN dossiers d ON d.id = e.dossier_id WHERE e.id > ? ORDER BY e.id`);
  const eventById = db.prepare<[number], ChainedEvent>(`SELECT ${EVENT_COLUMNS} FROM dossier_events e LEFT JOIN dossiers d ON d.id = e.dossier_id WHERE e.id = ?`);
  const sealEvent = db.prepare('INSERT INTO dossier_event_chain (event_id, prev_hash, hash, tag) VALUES (?, ?, ?, ?)');
  const eventRows = db.prepare<[], ChainedEvent & Link>(
    `SELECT ${EVENT_COLUMNS}, c.prev_hash, c.hash, c.tag FROM dossier_events e LEFT JOIN dossiers d ON d.id = e.dossier_id
     LEFT JOIN dossier_event_chain c ON c.event_id = e.id ORDER BY e.id`,
  );
  const eventLinks = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM dossier_event_chain');
  const eventLink = db.prepare<[number], { hash: string }>('SELECT hash FROM dossier_event_chain WHERE event_id = ?');
  const eventsUpTo = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM dossier_events WHERE id <= ?');
  const maxEvent = db.prepare<[], { n: number }>('SELECT coalesce(max(id), 0) AS n FROM dossier_events');

  const auditHead = db.prepare<[], { audit_id: number; hash: string }>('SELECT audit_id, hash FROM audit_log_chain ORDER BY audit_id DESC LIMIT 1');
  const auditAfter = db.prepare<[number], ChainedAudit>('SELECT id, at, staff_id, action, dossier_id, detail FROM audit_log WHERE id > ? ORDER BY id');
  const auditById = db.prepare<[number], ChainedAudit>('SELECT id, at, staff_id, action, dossier_id, detail FROM audit_log WHERE id = ?');
  const sealAudit = db.prepare('INSERT INTO audit_log_chain (audit_id, prev_hash, hash, tag) VALUES (?, ?, ?, ?)');
  const auditRows = db.prepare<[], ChainedAudit & Link>(
    'SELECT a.id, a.at, a.staff_id, a.action, a.dossier_id, a.detail, c.prev_hash, c.hash, c.tag FROM audit_log a LEFT JOIN audit_log_chain c ON c.audit_id = a.id ORDER BY a.id',
  );
  const auditLinks = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_log_chain');
  const auditLink = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_log_chain WHERE audit_id = ?');
  const auditUpTo = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM audit_log WHERE id <= ?');
  const maxAudit = db.prepare<[], { n: number }>('SELECT coalesce(max(id), 0) AS n FROM audit_log');
  const insertAudit = db.prepare('INSERT INTO audit_log (at, staff_id, action, dossier_id, detail) VALUES (?, NULL, ?, NULL, ?)');

  const protection = db.prepare<[], { payload: string; signature: string }>('SELECT payload, signature FROM history_protection WHERE id = 1');
  const isProtected = db.prepare<[], { one: number }>('SELECT 1 AS one FROM history_protection LIMIT 1');
  const insertProtection = db.prepare('INSERT INTO history_protection (id, payload, signature) VALUES (1, ?, ?)');
  const anchors = db.prepare<[], { id: number; at: string; payload: string; signature: string }>('SELECT id, at, payload, signature FROM history_anchors ORDER BY id');
  const lastAnchor = db.prepare<[], { id: number; at: string; payload: string; signature: string }>('SELECT id, at, payload, signature FROM history_anchors ORDER BY id DESC LIMIT 1');
  const insertAnchor = db.prepare('INSERT INTO history_anchors (at, payload, signature) VALUES (?, ?, ?)');
  const upgrade = db.prepare<[], UpgradeRow>('SELECT at, events_through, audit_through, dossiers_through FROM history_upgrade WHERE id = 1');

  const staff = db.prepare<[], { id: number; username: string; role: string; department_code: string | null; active: number }>(
    'SELECT id, username, role, department_code, active FROM staff ORDER BY id',
  );
  const staffById = db.prepare<[number], { id: number; username: string; role: string; department_code: string | null; active: number }>(
    'SELECT id, username, role, department_code, active FROM staff WHERE id = ?',
  );
  const dossiersThrough = db.prepare<[number], { id: number; received_at: string; lookup_key: string }>('SELECT id, received_at, lookup_key FROM dossiers WHERE id <= ? ORDER BY id');
  const upgradeSealed = db.prepare<[], { one: number }>("SELECT 1 AS one FROM audit_log WHERE action = 'history_upgrade_sealed' AND staff_id IS NULL LIMIT 1");
  const anyTag = db.prepare<[], { one: number }>('SELECT 1 AS one FROM dossier_event_chain WHERE tag IS NOT NULL UNION ALL SELECT 1 FROM audit_log_chain WHERE tag IS NOT NULL LIMIT 1');
  const codeOf = db.prepare<[number], { code: string }>('SELECT code FROM dossiers WHERE id = ?');

  return {
    eventHead: () => eventHead.get() ?? null,
    eventsAfter: (id: number) => eventsAfter.all(id),
    eventById: (id: number) => eventById.get(id),
    sealEvent: (id: number, prev: string, hash: string, tag: string | null) => sealEvent.run(id, prev, hash, tag),
    eventRows: () => eventRows.iterate(),
    eventLinks: () => eventLinks.get()?.n ?? 0,
    eventLink: (id: number) => eventLink.get(id)?.hash ?? null,
    eventsUpTo: (id: number) => eventsUpTo.get(id)?.n ?? 0,
    maxEvent: () => maxEvent.get()?.n ?? 0,
    auditHead: () => auditHead.get() ?? null,
    auditAfter: (id: number) => auditAfter.all(id),
    auditById: (id: number) => auditById.get(id),
    sealAudit: (id: number, prev: string, hash: string, tag: string | null) => sealAudit.run(id, prev, hash, tag),
    auditRows: () => auditRows.iterate(),
    auditLinks: () => auditLinks.get()?.n ?? 0,
    auditLink: (id: number) => auditLink.get(id)?.hash ?? null,
    auditUpTo: (id: number) => auditUpTo.get(id)?.n ?? 0,
    maxAudit: () => maxAudit.get()?.n ?? 0,
    /** An entry with no staff and no dossier (the history's own records: staff_state). */
    insertAudit: (at: string, action: string, detail: unknown) => Number(insertAudit.run(at, action, JSON.stringify(detail)).lastInsertRowid),
    protection: () => protection.get() ?? null,
    isProtected: () => isProtected.get() !== undefined,
    insertProtection: (payload: string, signature: string) => insertProtection.run(payload, signature),
    anchors: () => anchors.all(),
    lastAnchor: () => lastAnchor.get() ?? null,
    insertAnchor: (at: string, payload: string, signature: string) => insertAnchor.run(at, payload, signature),
    upgrade: () => upgrade.get() ?? null,
    staff: () => staff.all(),
    staffById: (id: number) => staffById.get(id),
    dossiersThrough: (id: number) => dossiersThrough.iterate(id),
    upgradeSealed: () => upgradeSealed.get() !== undefined,
    /** Whether any link carries a tag (then the database was protected once). */
    anyTag: () => anyTag.get() !== undefined,
    codeOf: (dossierId: number) => codeOf.get(dossierId)?.code ?? null,
  };
}
