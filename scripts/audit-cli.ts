/**
 * `motcua audit verify | keygen`, and the history-key settings `serve` and the other commands share.
 * scripts/cli.ts dispatches here; the checking itself is server/history/verify.ts (a function, so that a
 * backup's check calls the same).
 */
import { dirname, resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { toVnIso } from '../shared/time.ts';
import type { Db } from '../server/db/types.ts';
import { writeAnchor } from '../server/history/anchors.ts';
import { useHistoryKey } from '../server/history/chains.ts';
import { type HistoryKey, HistoryKeyError, type PublicHistoryKey, generateKeyFile, loadHistoryKey, loadPublicKey, publicKeyBase64 } from '../server/history/keys.ts';
import { type HistoryVerdict, verifyHistory } from '../server/history/verify.ts';

export const AUDIT_HELP = `motcua audit — proof that the history (the dossiers' events, the audit log, the staff
accounts' roles) was only ever appended to, by this program

  motcua audit verify [--db PATH] [--key PATH | --public-key KEY] [--anchor EVENT:HASH]...
      recomputes the dossiers' history chain (every event; a received event also covers its dossier's
      received time and lookup key) and the audit log's chain, and names the first row edited,
      removed, inserted or reordered. Checks the signed anchors and, with the key, every link's tag:
      an event appended by someone who recomputed its link without the key is caught. Compares every
      staff account's role, department and active flag with the states recorded in the audit log,
      and the dossiers' rows with their history. Exit 0 when all holds, 1 when not. Read only.
      --key PATH        the history key file (env MOTCUA_HISTORY_KEY_FILE): checks everything.
      --public-key KEY  the public key (a PEM file or the base64 keygen printed; its fingerprint is in
                        the weekly report): checks the anchors' signatures and the plain links;
                        events after the last anchor are then not proven, and verify says so.
      Without either, the public key stored in the database is used and verify says so.
      --anchor EVENT:HASH  a link written down earlier, away from this machine: it must still hold.
  motcua audit keygen --key PATH [--db PATH]
      makes the history key (Ed25519) in a new file readable by this account only (0600): run it as
      the account that runs the server, and keep the file OUTSIDE the data directory (refused inside
      the database's directory or MOTCUA_DATA; never overwrites). Prints the public key and its
      fingerprint: give them to the centre's leaders (the weekly report prints the fingerprint).
      Then serve with --history-key PATH (or MOTCUA_HISTORY_KEY_FILE=PATH).`;

/** The errors the CLI turns into exit codes: usage (2) and a refusal (1). */
export interface CliErrors {
  usage: (message: string) => Error;
  failure: (message: string) => Error;
}

/** `serve --history-key PATH --anchor-minutes N` and their environment variables. */
export function historyFlags(keyFlag: string | undefined, minutesFlag: string | undefined, env: NodeJS.ProcessEnv): { historyKeyFile: string | null; anchorMinutes?: number } {
  const file = keyFlag ?? env.MOTCUA_HISTORY_KEY_FILE;
  const minutes = minutesFlag ?? env.MOTCUA_ANCHOR_MINUTES;
  const out: { historyKeyFile: string | null; anchorMinutes?: number } = { historyKeyFile: file ? resolve(file) : null };
  if (minutes !== undefined) {
    if (!/^\d+$/.test(minutes) || Number(minutes) < 1 || Number(minutes) > 1440) throw new HistoryKeyError(`--anchor-minutes takes whole minutes 1–1440, got "${minutes}"`);
    out.anchorMinutes = Number(minutes);
  }
  return out;
}

/** A command that writes (users, settings, calendar…) on a protected database needs the key too: from MOTCUA_HISTORY_KEY_FILE. */
export function attachHistoryKeyFromEnv(db: Db, env: NodeJS.ProcessEnv) {
  if (env.MOTCUA_HISTORY_KEY_FILE) useHistoryKey(db, loadHistoryKey(env.MOTCUA_HISTORY_KEY_FILE), toVnIso(new Date()));
}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>, errors: CliErrors) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean' } }, strict: true, allowPositionals: false }).values as Record<string, string | string[] | boolean | undefined>;
  } catch (e) {
    throw errors.usage((e as Error).message.replace(/^TypeError \[\w+\]: /, ''));
  }
}

export interface AuditDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly dbPath: (flag: string | undefined) => string;
  readonly openDb: (path: string) => Db;
  readonly exists: (path: string) => boolean;
  readonly errors: CliErrors;
}

export function cmdAudit(args: string[], deps: AuditDeps) {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === 'help') return void console.log(AUDIT_HELP);
  if (sub === 'keygen') return keygen(rest, deps);
  if (sub === 'anchor') return anchorNow(rest, deps);
  if (sub !== 'verify') throw deps.errors.usage(`unknown audit command "${sub}" (use: verify, keygen)`);
  const v = parse(rest, { db: { type: 'string' }, anchor: { type: 'string', multiple: true }, key: { type: 'string' }, 'public-key': { type: 'string' } }, deps.errors);
  if (v.help) return void console.log(AUDIT_HELP);
  const anchors = ((v.anchor as string[] | undefined) ?? []).map((a) => {
    const m = /^#?(\d+):([0-9a-f]{12,64})$/i.exec(a.trim());
    if (!m) throw deps.errors.usage(`--anchor takes EVENT:HASH as verify printed it, e.g. --anchor 2318:e48ab2ec805abc5e (got "${a}")`);
    return { event: Number(m[1]), hash: m[2]!.toLowerCase() };
  });
  const keyFile = (v.key as string | undefined) ?? (v['public-key'] === undefined ? deps.env.MOTCUA_HISTORY_KEY_FILE : undefined);
  if (keyFile && v['public-key'] !== undefined) throw deps.errors.usage('give --key or --public-key, not both');
  let key: HistoryKey | undefined;
  let publicKey: PublicHistoryKey | undefined;
  try {
    if (keyFile) key = loadHistoryKey(keyFile);
    if (v['public-key'] !== undefined) publicKey = loadPublicKey(v['public-key'] as string);
  } catch (e) {
    throw deps.errors.failure((e as Error).message);
  }
  const path = deps.dbPath(v.db as string | undefined);
  if (!deps.exists(path)) throw deps.errors.failure(`no database at ${path}`);
  const db = deps.openDb(path);
  let verdict: HistoryVerdict;
  try {
    verdict = verifyHistory(db, { ...(key ? { key } : {}), ...(publicKey ? { publicKey } : {}), externalAnchors: anchors });
  } finally {
    db.close();
  }
  report(verdict, anchors, deps.errors);
}

function report(v: HistoryVerdict, anchors: readonly { event: number; hash: string }[], errors: CliErrors) {
  const eventProblem = v.problems.find((p) => p.area === 'events');
  if (!eventProblem) {
    console.log(`OK: ${v.events.rows} history events, the chain holds; head ${v.events.head?.link.slice(0, 16) ?? '(empty)'}${v.events.unsealed ? ` (${v.events.unsealed} recent events not sealed yet: sealed at the next change)` : ''}`);
  }
  if (!v.problems.some((p) => p.area === 'audit')) console.log(`OK: ${v.audit.rows} audit log rows, their chain holds`);
  if (v.events.keyed + v.audit.keyed > 0 && v.mode === 'key') console.log(`OK: the links of ${v.events.tagsChecked} events and ${v.audit.tagsChecked} audit rows since the protection carry the key's tag`);
  if (v.anchors.count > 0 && !v.problems.some((p) => p.area === 'anchors' || p.area === 'protection')) {
    const last = v.anchors.last!;
    console.log(`OK: ${v.anchors.count} signed anchors hold with the key ${v.fingerprint}; the last (${last.at}) covers ${last.events} events and ${last.auditRows} audit rows`);
  }
  for (const a of anchors) if (!v.problems.some((p) => p.message.includes(`event #${a.event} `))) console.log(`OK: anchor event #${a.event} still has its recorded link ${a.hash.slice(0, 16)}`);
  if (!v.problems.some((p) => p.area === 'staff')) console.log(`OK: ${v.staff} staff accounts agree with their recorded roles`);
  if (v.events.head) console.log(`anchor to keep: --anchor ${v.events.head.id}:${v.events.head.link.slice(0, 16)}`);
  if (!v.state.mismatches.length) console.log(`OK: ${v.state.dossiers} dossiers, their steps, appointments, status and applicant agree with their history`);
  for (const n of v.notes) console.log(`Note: ${n}`);
  for (const w of v.warnings) console.error(`WARNING: ${w}`);
  if (v.ok) return;
  const lines = v.problems.map((p) => {
    if (p.area === 'events') return `the history chain is BROKEN at ${p.message}.`;
    if (p.area === 'audit') return `the audit log chain is BROKEN at ${p.message}.`;
    if (p.area === 'state') {
      const shown = v.state.mismatches.slice(0, 20).map((m) => `  ${m.code}: ${m.field} is ${JSON.stringify(m.stored)}, the history says ${JSON.stringify(m.history)}`);
      return `the dossiers' state DISAGREES with their history in ${v.state.mismatches.length} place(s) — rows changed outside the program:\n${shown.join('\n')}${v.state.mismatches.length > 20 ? '\n  …' : ''}`;
    }
    return `${p.message}.`;
  });
  throw errors.failure(lines.join('\nmotcua: '));
}

function keygen(args: string[], deps: AuditDeps) {
  const v = parse(args, { key: { type: 'string' }, db: { type: 'string' } }, deps.errors);
  if (v.help) return void console.log(AUDIT_HELP);
  if (v.key === undefined) throw deps.errors.usage('missing --key PATH (e.g. /etc/motcua/history.key, outside the data directory)');
  const forbidden = [dirname(deps.dbPath(v.db as string | undefined))];
  if (deps.env.MOTCUA_DATA) forbidden.push(deps.env.MOTCUA_DATA);
  let key: HistoryKey;
  try {
    key = generateKeyFile(v.key as string, forbidden);
  } catch (e) {
    throw deps.errors.failure((e as Error).message);
  }
  console.log(`Made the history key ${resolve(v.key as string)} (0600: readable by this account only; back it up apart from the database).`);
  console.log(`Public key: ${publicKeyBase64(key)}`);
  console.log(`Fingerprint (SHA-256): ${key.fingerprint}`);
  console.log('Give the public key and its fingerprint to the centre\'s leaders; the weekly report prints the fingerprint.');
  console.log(`Then serve with: motcua serve --history-key ${resolve(v.key as string)} (or MOTCUA_HISTORY_KEY_FILE). Check with: motcua audit verify --key ${resolve(v.key as string)}`);
}

/** `motcua audit anchor --key PATH`: sign an anchor now (beside the server's own, e.g. before a backup). */
function anchorNow(args: string[], deps: AuditDeps) {
  const v = parse(args, { key: { type: 'string' }, db: { type: 'string' } }, deps.errors);
  if (v.help) return void console.log(AUDIT_HELP);
  const file = (v.key as string | undefined) ?? deps.env.MOTCUA_HISTORY_KEY_FILE;
  if (!file) throw deps.errors.usage('missing --key PATH (or MOTCUA_HISTORY_KEY_FILE)');
  const path = deps.dbPath(v.db as string | undefined);
  if (!deps.exists(path)) throw deps.errors.failure(`no database at ${path}`);
  const db = deps.openDb(path);
  try {
    const at = toVnIso(new Date());
    useHistoryKey(db, loadHistoryKey(file), at);
    const a = writeAnchor(db, at, 'manual')!;
    console.log(`Signed anchor #${a.seq}: event #${a.eventId} (${a.events} events), audit row #${a.auditId} (${a.auditRows} rows).`);
  } catch (e) {
    if (e instanceof HistoryKeyError) throw deps.errors.failure(e.message);
    throw e;
  } finally {
    db.close();
  }
}
