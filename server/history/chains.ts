/**
 * Sealing both chains (the dossiers' history and the audit log) and the key the database is used with.
 *
 * Without a protection record (no key ever configured) links are plain sha256, as since migration 004,
 * and a write seals every row not yet linked (rows from before an upgrade: "sealed at upgrade").
 * Once a key protects the database, every write must have the key (else it is refused), seals only its
 * own row and tags its link; a row someone inserted without a link stays without one, and
 * `audit verify` names it.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/types.ts';
import { GENESIS, linkHash } from '../dossiers/chain.ts';
import { type HistoryKey, HistoryKeyError, publicKeyBase64, signText, tagOf } from './keys.ts';
import { type ChainedAudit, type HistoryRepo, historyRepo } from './repo.ts';

export function auditLinkHash(prev: string, a: ChainedAudit): string {
  return createHash('sha256').update([prev, a.id, a.at, a.staff_id ?? '', a.action, a.dossier_id ?? '', a.detail].join('\n')).digest('hex');
}

/** The digest sealing the dossiers received before the upgrade: their received_at and lookup key. */
export function upgradeDigest(rows: Iterable<{ id: number; received_at: string; lookup_key: string }>): string {
  const h = createHash('sha256');
  for (const r of rows) h.update(`${r.id}\n${r.received_at}\n${r.lookup_key}\n`);
  return h.digest('hex');
}

export interface ProtectionPayload {
  readonly publicKey: string;
  readonly fingerprint: string;
  /** The first event id and audit row id whose links carry a tag. */
  readonly eventsFrom: number;
  readonly auditFrom: number;
  readonly at: string;
}

interface State {
  repo: HistoryRepo;
  key: HistoryKey | null;
}
const states = new WeakMap<Db, State>();

function stateOf(db: Db): State {
  let s = states.get(db);
  if (!s) {
    s = { repo: historyRepo(db), key: null };
    states.set(db, s);
  }
  return s;
}

export const historyRepoOf = (db: Db) => stateOf(db).repo;
export const historyKeyOf = (db: Db) => stateOf(db).key;

const NEEDS_KEY = 'the history is protected by a key and this process has none: give it with --history-key PATH or MOTCUA_HISTORY_KEY_FILE (as the server has it)';

/** Seals the event just inserted (call inside the inserting transaction). */
export function sealEvents(db: Db, insertedId: number) {
  const { repo, key } = stateOf(db);
  const head = repo.eventHead();
  let prev = head?.hash ?? GENESIS;
  if (key) {
    const e = repo.eventById(insertedId)!;
    const hash = linkHash(prev, e);
    repo.sealEvent(e.id, prev, hash, tagOf(key.tagSecret, 'events', e.id, hash));
    return;
  }
  if (repo.isProtected()) throw new HistoryKeyError(NEEDS_KEY);
  for (const e of repo.eventsAfter(head?.event_id ?? 0)) {
    const hash = linkHash(prev, e);
    repo.sealEvent(e.id, prev, hash, null);
    prev = hash;
  }
}

/** Seals the audit row just inserted (call inside the inserting transaction); `null`: seal what is pending. */
export function sealAudit(db: Db, insertedId: number | null) {
  const { repo, key } = stateOf(db);
  const head = repo.auditHead();
  let prev = head?.hash ?? GENESIS;
  if (key && insertedId !== null) {
    const a = repo.auditById(insertedId)!;
    const hash = auditLinkHash(prev, a);
    repo.sealAudit(a.id, prev, hash, tagOf(key.tagSecret, 'audit', a.id, hash));
    return;
  }
  if (repo.isProtected()) {
    if (insertedId === null) return;
    throw new HistoryKeyError(NEEDS_KEY);
  }
  for (const a of repo.auditAfter(head?.audit_id ?? 0)) {
    const hash = auditLinkHash(prev, a);
    repo.sealAudit(a.id, prev, hash, null);
    prev = hash;
  }
}

/** Records a staff account's role, department, name and active flag in the audit log (inside the writing transaction). */
export function recordStaffState(db: Db, staffId: number, at: string) {
  const repo = stateOf(db).repo;
  const s = repo.staffById(staffId);
  if (!s) return;
  const id = repo.insertAudit(at, 'staff_state', { staff: s.id, username: s.username, role: s.role, department: s.department_code, active: s.active });
  sealAudit(db, id);
}

/**
 * At start: seals what an upgrade left unlinked (no key yet), then, with a key, records it as the
 * database's protection (signed: from here on every link carries a tag) or checks it is the same key.
 */
export function useHistoryKey(db: Db, key: HistoryKey | null, at: string): { protectedNow: boolean } {
  const s = stateOf(db);
  return db.transaction(() => {
    const recorded = s.repo.protection();
    if (!recorded) {
      // Rows before the upgrade (or written before the key) get their plain link now, and the dossiers
      // received before the upgrade (whose received events do not cover them) a digest, once.
      sealEvents(db, 0);
      const upgrade = s.repo.upgrade();
      if (upgrade && upgrade.dossiers_through > 0 && !s.repo.upgradeSealed()) {
        const digest = upgradeDigest(s.repo.dossiersThrough(upgrade.dossiers_through));
        s.repo.insertAudit(at, 'history_upgrade_sealed', { dossiersThrough: upgrade.dossiers_through, digest, upgradedAt: upgrade.at });
      }
      sealAudit(db, null);
    }
    if (!key) {
      s.key = null;
      if (recorded) throw new HistoryKeyError(NEEDS_KEY);
      return { protectedNow: false };
    }
    if (recorded) {
      const p = JSON.parse(recorded.payload) as ProtectionPayload;
      if (p.fingerprint !== key.fingerprint) {
        throw new HistoryKeyError(`this database is protected by the key ${p.fingerprint}, not by the one given (${key.fingerprint}): use the centre's key file`);
      }
      s.key = key;
      return { protectedNow: false };
    }
    const payload: ProtectionPayload = {
      publicKey: publicKeyBase64(key),
      fingerprint: key.fingerprint,
      eventsFrom: s.repo.maxEvent() + 1,
      auditFrom: s.repo.maxAudit() + 1,
      at,
    };
    const text = JSON.stringify(payload);
    s.repo.insertProtection(text, signText(key, text));
    s.key = key;
    return { protectedNow: true };
  }).immediate();
}

/** The fingerprint of the key protecting the history: the one this process holds, else the recorded one; null: none. */
export function historyFingerprint(db: Db): string | null {
  const s = stateOf(db);
  if (s.key) return s.key.fingerprint;
  const recorded = s.repo.protection();
  if (!recorded) return null;
  try {
    return (JSON.parse(recorded.payload) as ProtectionPayload).fingerprint;
  } catch {
    return null;
  }
}

/** Forgets the key (tests; a closed database). */
export function dropHistoryKey(db: Db) {
  states.delete(db);
}
