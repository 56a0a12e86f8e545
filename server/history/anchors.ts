/**
 * Signed anchors: the server signs both chains' heads, their counts and the previous anchor with the
 * history key, every few minutes (when something was appended) and at shutdown. The history up to an
 * anchor is then provable with the public key alone; an anchor cannot be made without the key.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/types.ts';
import { GENESIS } from '../dossiers/chain.ts';
import { historyKeyOf, historyRepoOf } from './chains.ts';
import { signText } from './keys.ts';

export interface AnchorPayload {
  readonly seq: number;
  readonly at: string;
  readonly reason: 'periodic' | 'startup' | 'shutdown' | 'manual';
  readonly eventId: number;
  readonly eventLink: string;
  readonly events: number;
  readonly auditId: number;
  readonly auditLink: string;
  readonly auditRows: number;
  /** sha256 of the previous anchor's signature (GENESIS for the first): anchors form a chain too. */
  readonly prev: string;
  readonly fingerprint: string;
}

export const anchorDigest = (signature: string) => createHash('sha256').update(signature).digest('hex');

/** Signs an anchor now, unless nothing was appended since the last one (then null). Needs the key. */
export function writeAnchor(db: Db, at: string, reason: AnchorPayload['reason']): AnchorPayload | null {
  const key = historyKeyOf(db);
  if (!key) return null;
  const repo = historyRepoOf(db);
  return db.transaction(() => {
    const ev = repo.eventHead();
    const au = repo.auditHead();
    const last = repo.lastAnchor();
    const before = last ? (JSON.parse(last.payload) as AnchorPayload) : null;
    const eventId = ev?.event_id ?? 0;
    const auditId = au?.audit_id ?? 0;
    if (before && before.eventId === eventId && before.auditId === auditId && reason !== 'manual') return null; // nothing new to sign
    const payload: AnchorPayload = {
      seq: (before?.seq ?? 0) + 1,
      at,
      reason,
      eventId,
      eventLink: ev?.hash ?? GENESIS,
      events: repo.eventsUpTo(eventId),
      auditId,
      auditLink: au?.hash ?? GENESIS,
      auditRows: repo.auditUpTo(auditId),
      prev: last ? anchorDigest(last.signature) : GENESIS,
      fingerprint: key.fingerprint,
    };
    const text = JSON.stringify(payload);
    repo.insertAnchor(at, text, signText(key, text));
    return payload;
  }).immediate();
}

/**
 * Anchors every `minutes` (timer unref'd: it never keeps the process alive). Signing is ~0.1 ms and
 * the counts use the primary keys: cheap enough for the event loop. Returns a stop function.
 */
export function startAnchoring(db: Db, now: () => string, minutes: number, onError: (e: Error) => void): () => void {
  const timer = setInterval(() => {
    try {
      writeAnchor(db, now(), 'periodic');
    } catch (e) {
      onError(e as Error);
    }
  }, minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
