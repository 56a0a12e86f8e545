/**
 * `motcua users unlock --username U`: lifts the lock repeated failed logins put on an account before
 * it runs out (server/auth/lockout.ts), with the rules and audit row of the /admin screen's button.
 * scripts/cli.ts dispatches here and lends its argument parsing, database opening and refusal wording.
 */
import type { Db } from '../server/db/types.ts';
import type { StaffActor, StaffService } from '../server/staff/service.ts';
import { formatVnShort } from '../shared/time.ts';

export interface UnlockDeps {
  /** Parsed flags (the caller's parseArgs, with --help). */
  readonly flags: { help?: boolean | undefined; db?: string | undefined; username?: string | undefined };
  readonly help: string;
  readonly usage: (message: string) => Error;
  /** Opens an existing database (a mistyped path creates nothing), runs, closes. */
  readonly withDb: (flag: string | undefined, run: (db: Db) => void) => void;
  readonly staffAdmin: (db: Db) => { service: StaffService; actor: StaffActor };
  readonly refused: (e: unknown) => unknown;
}

export function cmdUsersUnlock({ flags, help, usage, withDb, staffAdmin, refused }: UnlockDeps): void {
  if (flags.help) return void console.log(help);
  const username = flags.username;
  if (username === undefined) throw usage('missing --username');
  withDb(flags.db, (db) => {
    const { service, actor } = staffAdmin(db);
    const before = service.list().find((s) => s.username.toLowerCase() === username.toLowerCase());
    try {
      const { staff, wasLocked } = service.unlock(actor, username);
      const until = before?.lockedUntil ? ` (it was locked until ${formatVnShort(new Date(before.lockedUntil))} +07:00)` : '';
      console.log(wasLocked ? `Unlocked "${staff.username}": it can sign in again now${until}.` : `"${staff.username}" was not locked; its count of failed logins is reset.`);
    } catch (e) {
      throw refused(e);
    }
  });
}
