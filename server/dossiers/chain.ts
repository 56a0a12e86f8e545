/**
 * The hash chain over the dossiers' history (migration 004). A link's hash covers the previous link's
 * hash and every stored field of its event, so the chain proves the history was only ever appended to.
 */
import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

export interface ChainedEvent {
  readonly id: number;
  readonly dossier_id: number;
  readonly at: string;
  readonly kind: string;
  readonly actor_id: number | null;
  readonly data: string;
  /** Its dossier's received_at and lookup_key: only on a `received` event linked after migration 018. */
  readonly received_at?: string | null;
  readonly lookup_key?: string | null;
}

export function linkHash(prev: string, e: ChainedEvent): string {
  // One field per line, in a fixed order; JSON data is hashed exactly as stored. A `received` event
  // linked since migration 018 also covers when the dossier was received and its lookup key (in the
  // hash only: the key is never written into the event).
  const fields = [prev, e.id, e.dossier_id, e.at, e.kind, e.actor_id ?? '', e.data];
  if (e.received_at != null) fields.push(e.received_at, e.lookup_key ?? '');
  return createHash('sha256').update(fields.join('\n')).digest('hex');
}

export type ChainVerdict =
  | { readonly ok: true; readonly events: number; readonly head: string; readonly unsealed: number }
  | { readonly ok: false; readonly events: number; readonly brokenAt: ChainedEvent | null; readonly reason: string };

/** Walks events and their links in id order; the first event whose link does not hold is named. */
export function verifyChain(rows: Iterable<ChainedEvent & { prev_hash: string | null; hash: string | null }>, chainLength: number): ChainVerdict {
  let prev = GENESIS;
  let events = 0;
  let sealed = 0;
  let unsealed = 0;
  for (const r of rows) {
    events++;
    if (r.hash === null || r.prev_hash === null) {
      unsealed++;
      continue;
    }
    if (unsealed > 0) return { ok: false, events, brokenAt: r, reason: 'an event before it has no link: events were inserted or links removed' };
    if (r.prev_hash !== prev) return { ok: false, events, brokenAt: r, reason: 'its link does not follow the one before: an event was removed or reordered' };
    if (linkHash(prev, r) !== r.hash) return { ok: false, events, brokenAt: r, reason: 'its content no longer matches its hash: the event was edited' };
    prev = r.hash;
    sealed++;
  }
  if (sealed !== chainLength) return { ok: false, events, brokenAt: null, reason: `the chain has ${chainLength} links for ${sealed} sealed events: an event was deleted` };
  return { ok: true, events, head: prev, unsealed };
}
