/**
 * What `motcua audit verify` checks, as one function: the history chain recomputed, and the
 * dossiers' rows against their history. A backup is verified by the same function before it is kept,
 * and a file by it before it is restored.
 */
import type { Db } from '../db/types.ts';
import { type ChainVerdict, verifyChain } from './chain.ts';
import { type Mismatch, checkState } from './consistency.ts';
import { historyRepo } from './history-repo.ts';

export interface HistoryCheck {
  readonly chain: ChainVerdict;
  /** The dossier (by its code) of the first broken link, when one is named. */
  readonly brokenDossier: string | null;
  /** The chain's latest link (the anchor `audit verify` prints); null for an empty history. */
  readonly lastLink: { readonly event_id: number; readonly hash: string } | null;
  /** The rows against their history: checked only when the chain holds and `state` is asked for. */
  readonly state: { readonly dossiers: number; readonly mismatches: readonly Mismatch[] } | null;
}

/**
 * `state: false` skips the rows-against-history check: it reads the tables of the current schema, so
 * a database at an older schema (a backup taken before a migration) is checked by its chain alone.
 */
export function checkHistory(db: Db, options: { state?: boolean } = {}): HistoryCheck {
  const repo = historyRepo(db);
  const { rows, length } = repo.chain();
  const chain = verifyChain(rows, length);
  const lastLink = repo.lastLink();
  if (!chain.ok) {
    const at = chain.brokenAt;
    // The dossier by its code, as staff know it (an edited row may point nowhere: then its id).
    const brokenDossier = at ? (repo.codeOf(at.dossier_id) ?? `id ${at.dossier_id}`) : null;
    return { chain, brokenDossier, lastLink, state: null };
  }
  return { chain, brokenDossier: null, lastLink, state: options.state === false ? null : checkState(db) };
}

/** One line for a failed check (null when everything holds): what a backup or a restore reports. */
export function historyProblem(check: HistoryCheck): string | null {
  if (!check.chain.ok) {
    const at = check.chain.brokenAt;
    return `the history chain is BROKEN${at ? ` at event #${at.id} (dossier ${check.brokenDossier}, ${at.kind}, ${at.at})` : ''}: ${check.chain.reason}.`;
  }
  if (check.state?.mismatches.length) {
    const first = check.state.mismatches[0]!;
    return `the dossiers' state DISAGREES with their history in ${check.state.mismatches.length} place(s), e.g. ${first.code}: ${first.field} is ${JSON.stringify(first.stored)}, the history says ${JSON.stringify(first.history)}`;
  }
  return null;
}
