/**
 * `audit verify` as a function (the CLI prints it; a backup's check calls it on a snapshot): both
 * chains, their tags (with the key), the protection record and the signed anchors (with the public
 * key), the staff accounts against their recorded states, the dossiers received before the upgrade
 * against their seal, and the dossiers' rows against their history. Read-only.
 */
import type { Db } from '../db/types.ts';
import { GENESIS, linkHash } from '../dossiers/chain.ts';
import { type Mismatch, checkState } from '../dossiers/consistency.ts';
import { type AnchorPayload, anchorDigest } from './anchors.ts';
import { type ProtectionPayload, auditLinkHash, historyRepoOf, upgradeDigest } from './chains.ts';
import { type HistoryKey, type PublicHistoryKey, loadPublicKey, tagOf, verifyText } from './keys.ts';
import type { ChainedAudit, HistoryRepo, Link, UpgradeRow } from './repo.ts';

export interface Problem {
  readonly area: 'events' | 'audit' | 'protection' | 'anchors' | 'staff' | 'upgrade' | 'state';
  readonly message: string;
  /** The event or audit row concerned, when one is. */
  readonly id?: number;
}

export interface ChainSummary {
  readonly rows: number;
  readonly head: { readonly id: number; readonly link: string } | null;
  /** Rows whose links must carry a tag (from the protection on) and how many of those were checked. */
  readonly keyed: number;
  readonly tagsChecked: number;
  /** Rows not linked yet (only without protection: sealed at the next write). */
  readonly unsealed: number;
}

export interface HistoryVerdict {
  readonly ok: boolean;
  /** What the checks could rely on: the key file, a public key given, the public key stored in the database, or nothing. */
  readonly mode: 'key' | 'public-key' | 'stored-public-key' | 'unprotected';
  readonly fingerprint: string | null;
  readonly events: ChainSummary;
  readonly audit: ChainSummary;
  readonly anchors: { readonly count: number; readonly last: AnchorPayload | null; readonly eventsAfter: number; readonly auditAfter: number };
  readonly staff: number;
  readonly state: { readonly dossiers: number; readonly mismatches: readonly Mismatch[] };
  readonly upgrade: UpgradeRow | null;
  readonly problems: readonly Problem[];
  /** What could not be checked, and how to check it. */
  readonly warnings: readonly string[];
  /** Facts worth knowing (rows sealed at the upgrade, not provable before it). */
  readonly notes: readonly string[];
}

export interface VerifyOptions {
  /** The centre's key file, loaded: checks every tag and every signature. */
  readonly key?: HistoryKey;
  /** A public key (from the weekly report): checks the signatures, not the tags. */
  readonly publicKey?: PublicHistoryKey;
  /** Links written down earlier, away from the machine: event id and (a prefix of) its link. */
  readonly externalAnchors?: readonly { readonly event: number; readonly hash: string }[];
  /**
   * Check the dossiers' rows against their history (default). false: the chains only, for a file at
   * an older schema than this program's (a backup taken before a migration), whose tables differ.
   */
  readonly state?: boolean;
}

export const HOW_TO_PROTECT =
  'make a key with `motcua audit keygen --key /etc/motcua/history.key` (outside the data directory, as the account that runs the server) and serve with --history-key /etc/motcua/history.key (or MOTCUA_HISTORY_KEY_FILE)';


interface Walk<R> {
  rows: Iterable<R & Link>;
  length: number;
  link: (prev: string, r: R) => string;
  chain: 'events' | 'audit';
  keyedFrom: number | null;
  secret: Buffer | null;
  describe: (r: R) => string;
}

function walk<R extends { id: number }>(w: Walk<R>, problems: Problem[], area: 'events' | 'audit', onRow: (r: R) => void): ChainSummary {
  let prev = GENESIS;
  let rows = 0;
  let sealed = 0;
  let unsealed = 0;
  let keyed = 0;
  let tagsChecked = 0;
  let head: ChainSummary['head'] = null;
  let broken = false;
  for (const r of w.rows) {
    rows++;
    onRow(r);
    if (broken) continue;
    const fail = (message: string) => {
      problems.push({ area, id: r.id, message: `${w.describe(r)}: ${message}` });
      broken = true;
    };
    if (r.hash === null || r.prev_hash === null) {
      unsealed++;
      if (w.keyedFrom !== null) fail('it has no link: it was written outside the program');
      continue;
    }
    if (unsealed > 0) {
      fail('a row before it has no link: rows were inserted or links removed');
      continue;
    }
    if (r.prev_hash !== prev) {
      fail('its link does not follow the one before: a row was removed or reordered');
      continue;
    }
    const hash = w.link(prev, r);
    if (hash !== r.hash) {
      fail(w.chain === 'events' ? 'its content no longer matches its hash: the event was edited (or, for a received event, its dossier\'s received time or lookup key was changed)' : 'its content no longer matches its hash: the row was edited');
      continue;
    }
    if (w.keyedFrom !== null && r.id >= w.keyedFrom) {
      keyed++;
      if (w.secret) {
        if (r.tag !== tagOf(w.secret, w.chain, r.id, hash)) {
          fail('its link was not made with the centre\'s key: it was appended, or its link recomputed, outside the program');
          continue;
        }
        tagsChecked++;
      }
    }
    prev = hash;
    sealed++;
    head = { id: r.id, link: hash };
  }
  if (!broken && sealed !== w.length) problems.push({ area, message: `the ${w.chain === 'events' ? 'history' : 'audit log'} chain has ${w.length} links for ${sealed} linked rows: rows were deleted` });
  return { rows, head, keyed, tagsChecked, unsealed: w.keyedFrom === null ? unsealed : 0 };
}

export function verifyHistory(db: Db, options: VerifyOptions = {}): HistoryVerdict {
  // A database from before migration 018 (a snapshot, a file not opened by this version yet) has none of this.
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'history_upgrade'").get()) {
    const none: ChainSummary = { rows: 0, head: null, keyed: 0, tagsChecked: 0, unsealed: 0 };
    return {
      ok: false, mode: 'unprotected', fingerprint: null, events: none, audit: none, anchors: { count: 0, last: null, eventsAfter: 0, auditAfter: 0 },
      staff: 0, state: { dossiers: 0, mismatches: [] }, upgrade: null, warnings: [], notes: [],
      problems: [{ area: 'upgrade', message: 'the database is older than this program (before migration 018): start the server on it once (it upgrades), then verify' }],
    };
  }
  const repo: HistoryRepo = historyRepoOf(db);
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];

  // ——— whose key: the protection record, checked against what was given ———
  const recorded = repo.protection();
  let protection: ProtectionPayload | null = null;
  if (recorded) {
    try {
      protection = JSON.parse(recorded.payload) as ProtectionPayload;
    } catch {
      problems.push({ area: 'protection', message: 'the protection record is not readable: it was edited' });
    }
  }
  let trusted: PublicHistoryKey | null = options.key ?? options.publicKey ?? null;
  let mode: HistoryVerdict['mode'] = options.key ? 'key' : options.publicKey ? 'public-key' : 'unprotected';
  if (!trusted && protection) {
    try {
      trusted = loadPublicKey(protection.publicKey);
      mode = 'stored-public-key';
    } catch {
      problems.push({ area: 'protection', message: 'the public key in the protection record is not readable: it was edited' });
    }
  }
  if (recorded && protection && trusted) {
    if (protection.fingerprint !== trusted.fingerprint) problems.push({ area: 'protection', message: `the history is recorded as protected by the key ${protection.fingerprint}, not by ${trusted.fingerprint}` });
    else if (!verifyText(trusted, recorded.payload, recorded.signature)) problems.push({ area: 'protection', message: 'the protection record\'s signature does not hold: it was forged or edited' });
  }
  if (!recorded && repo.anyTag()) {
    problems.push({ area: 'protection', message: 'links carry the tags of a history key but the record of the protection is gone: it was removed (with the anchors, likely) to pass the history off as unprotected' });
  }
  if (!recorded && trusted) {
    problems.push({ area: 'protection', message: `a key was given (${trusted.fingerprint}) but the database has no record of being protected by it: the record was removed, the server never ran with this key, or this is not the centre's database` });
  }
  const keyedEvents = protection ? protection.eventsFrom : null;
  const keyedAudit = protection ? protection.auditFrom : null;
  const secret = options.key?.tagSecret ?? null;

  // ——— the dossiers' history ———
  const codeOf = (id: number) => repo.codeOf(id) ?? `id ${id}`;
  const events = walk(
    { rows: repo.eventRows(), length: repo.eventLinks(), link: linkHash, chain: 'events', keyedFrom: keyedEvents, secret, describe: (e) => `event #${e.id} (dossier ${codeOf(e.dossier_id)}, ${e.kind}, ${e.at})` },
    problems,
    'events',
    () => {},
  );

  // ——— the audit log, and the staff states recorded in it ———
  const staffStates = new Map<number, { username: string; role: string; department: string | null; active: number }>();
  let upgradeSeal: { dossiersThrough: number; digest: string } | null = null;
  const audit = walk<ChainedAudit>(
    { rows: repo.auditRows(), length: repo.auditLinks(), link: auditLinkHash, chain: 'audit', keyedFrom: keyedAudit, secret, describe: (a) => `audit log row #${a.id} (${a.action}, ${a.at})` },
    problems,
    'audit',
    (a) => {
      if (a.action === 'staff_state' && a.staff_id === null) {
        try {
          const d = JSON.parse(a.detail) as { staff: number; username: string; role: string; department: string | null; active: number };
          staffStates.set(d.staff, d);
        } catch {
          /* an unreadable row breaks its link: reported by the walk */
        }
      }
      if (a.action === 'history_upgrade_sealed' && a.staff_id === null && !upgradeSeal) {
        try {
          upgradeSeal = JSON.parse(a.detail) as { dossiersThrough: number; digest: string };
        } catch {
          /* as above */
        }
      }
    },
  );

  // ——— staff accounts against their recorded states ———
  const staffRows = repo.staff();
  for (const s of staffRows) {
    const r = staffStates.get(s.id);
    if (!r) {
      problems.push({ area: 'staff', message: `staff account ${s.username} (id ${s.id}, ${s.role}) has no recorded state: it was added outside the program` });
      continue;
    }
    const diffs: string[] = [];
    if (r.username.toLowerCase() !== s.username.toLowerCase()) diffs.push(`username is ${s.username}, recorded ${r.username}`);
    if (r.role !== s.role) diffs.push(`role is ${s.role}, recorded ${r.role}`);
    if ((r.department ?? null) !== s.department_code) diffs.push(`department is ${s.department_code ?? '—'}, recorded ${r.department ?? '—'}`);
    if (Number(r.active) !== s.active) diffs.push(`active is ${s.active}, recorded ${r.active}`);
    if (diffs.length) problems.push({ area: 'staff', message: `staff account ${s.username} (id ${s.id}) was changed outside the program: ${diffs.join('; ')}` });
  }

  // ——— the upgrade: what was there before, sealed once ———
  const upgrade = repo.upgrade();
  if (!upgrade) {
    problems.push({ area: 'upgrade', message: 'the upgrade record (migration 018) is missing: it was deleted' });
  } else {
    if (upgrade.events_through > 0 || upgrade.audit_through > 0) {
      notes.push(`${upgrade.events_through} history events and ${upgrade.audit_through} audit log rows were there at the upgrade of ${upgrade.at}: sealed at upgrade, not provable before`);
    }
    if (upgrade.dossiers_through > 0) {
      const seal = upgradeSeal as { dossiersThrough: number; digest: string } | null;
      if (!seal) warnings.push(`the ${upgrade.dossiers_through} dossiers received before the upgrade are not sealed yet (the server seals them at its next start)`);
      else if (upgradeDigest(repo.dossiersThrough(seal.dossiersThrough)) !== seal.digest) {
        problems.push({ area: 'upgrade', message: `a dossier received before the upgrade (id ≤ ${seal.dossiersThrough}) had its received time or lookup key changed since it was sealed` });
      } else notes.push(`the received time and lookup key of the ${seal.dossiersThrough} dossiers received before the upgrade are as sealed then`);
    }
  }

  // ——— signed anchors ———
  const anchorRows = repo.anchors();
  let last: AnchorPayload | null = null;
  let prevDigest = GENESIS;
  for (const [i, a] of anchorRows.entries()) {
    let p: AnchorPayload;
    try {
      p = JSON.parse(a.payload) as AnchorPayload;
    } catch {
      problems.push({ area: 'anchors', message: `anchor row ${a.id} is not readable: it was edited` });
      break;
    }
    const name = `anchor #${p.seq} (${p.at})`;
    if (!trusted) {
      problems.push({ area: 'anchors', message: `${name} exists but the database records no key: the protection record was removed` });
      break;
    }
    if (!verifyText(trusted, a.payload, a.signature)) {
      problems.push({ area: 'anchors', message: `${name}: its signature does not hold with the key ${trusted.fingerprint}: it was forged or edited` });
      break;
    }
    if (p.seq !== i + 1 || p.prev !== prevDigest) {
      problems.push({ area: 'anchors', message: `${name}: the anchor before it is missing or was replaced` });
      break;
    }
    if ((p.eventId > 0 && repo.eventLink(p.eventId) !== p.eventLink) || repo.eventsUpTo(p.eventId) !== p.events) {
      problems.push({ area: 'anchors', message: `${name} signed event #${p.eventId} with the link ${p.eventLink.slice(0, 16)} as the ${p.events}th event: the history up to it was REWRITTEN (events edited, removed or inserted)` });
    }
    if ((p.auditId > 0 && repo.auditLink(p.auditId) !== p.auditLink) || repo.auditUpTo(p.auditId) !== p.auditRows) {
      problems.push({ area: 'anchors', message: `${name} signed audit log row #${p.auditId} as the ${p.auditRows}th row: the audit log up to it was REWRITTEN` });
    }
    prevDigest = anchorDigest(a.signature);
    last = p;
  }
  const eventsAfter = events.rows - (last?.events ?? 0);
  const auditAfter = audit.rows - (last?.auditRows ?? 0);

  for (const a of options.externalAnchors ?? []) {
    const link = repo.eventLink(a.event);
    if (!link?.startsWith(a.hash)) problems.push({ area: 'anchors', message: `the history was REWRITTEN: event #${a.event} ${link ? `now has the link ${link.slice(0, 16)}` : 'is gone'}, the anchor written down recorded ${a.hash.slice(0, 16)}` });
  }

  // ——— what could not be checked ———
  if (!protection && !recorded) {
    warnings.push(`the history is NOT protected against someone who can write the database file: its links are plain sha256, which anyone can recompute. To protect it, ${HOW_TO_PROTECT}`);
  } else {
    if (mode === 'stored-public-key') warnings.push(`signatures checked with the public key stored in the database (${trusted?.fingerprint ?? '?'}): compare it with the fingerprint printed in the weekly report, or pass --public-key`);
    if (!secret && events.keyed + audit.keyed > 0) {
      warnings.push(`the tags of ${events.keyed} events and ${audit.keyed} audit rows were not checked (that needs the key file: --key PATH); ${eventsAfter} events and ${auditAfter} audit rows after the last anchor are therefore not proven`);
    }
    if (!last) warnings.push('no signed anchor yet (the server signs one every few minutes and at shutdown)');
  }

  const state = options.state === false ? { dossiers: 0, mismatches: [] } : checkState(db);
  if (state.mismatches.length) problems.push({ area: 'state', message: `the dossiers' state disagrees with their history in ${state.mismatches.length} place(s): rows changed outside the program` });

  return {
    ok: problems.length === 0,
    mode,
    fingerprint: trusted?.fingerprint ?? null,
    events,
    audit,
    anchors: { count: anchorRows.length, last, eventsAfter, auditAfter },
    staff: staffRows.length,
    state,
    upgrade,
    problems,
    warnings,
    notes,
  };
}
