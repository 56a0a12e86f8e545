/**
 * The centre's counters and the printer each prints to: checked, written and recorded in the audit
 * log in one transaction. The command line (`motcua counters add`) calls it; a settings screen will
 * call the same, so a counter is never changed without a record of who changed it and from what.
 */
import { tidy } from '../../shared/text.ts';
import type { AuditRepo } from '../audit/repo.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { LAYOUTS, type LayoutName } from '../receipts/layout.ts';
import { toVnIso } from '../../shared/time.ts';
import { QUEUE_NAME } from './cups.ts';
import type { CounterRepo, CounterRow } from './repo.ts';

export interface CounterInput {
  readonly code: string;
  readonly name: string;
  /** The CUPS queue the counter's Print button sends to; null: the browser's print dialog. */
  readonly queue: string | null;
  readonly layout: string;
}

export type CountersService = ReturnType<typeof countersService>;

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', [{ field, message }], message);

export function countersService(deps: { readonly db: Db; readonly repo: CounterRepo; readonly audit: AuditRepo; readonly clock: Clock }) {
  const { db, repo, audit, clock } = deps;

  /** The row a valid input makes, or the first problem found (nothing is written). */
  function check(input: CounterInput): CounterRow {
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(input.code)) throw invalid('code', `counter code "${input.code}": 1 to 32 letters, digits, - and _`);
    const name = tidy(input.name);
    if (!name || name.length > 60) throw invalid('name', 'the counter needs a name of at most 60 characters, e.g. "Quầy 1"');
    if (!(LAYOUTS as readonly string[]).includes(input.layout)) throw invalid('layout', `the layout must be one of: ${LAYOUTS.join(', ')}`);
    if (input.queue !== null && !QUEUE_NAME.test(input.queue)) throw invalid('queue', `"${input.queue}" is not a CUPS queue name (letters, digits, . _ -)`);
    return { code: input.code, name, cups_queue: input.queue, layout: input.layout as LayoutName };
  }

  return {
    list: (): CounterRow[] => repo.all(),

    /** Adds a counter or changes one; `by` is who did it (the operating-system account on the command line). */
    put(input: CounterInput, by: string): { readonly before: CounterRow | undefined; readonly after: CounterRow } {
      const after = check(input);
      return db.transaction(() => {
        const before = repo.byCode(after.code);
        repo.put(after);
        audit.recordAdmin({ at: toVnIso(clock()), action: before ? 'change_counter' : 'add_counter', detail: { by, counter: after, ...(before ? { was: before } : {}) } });
        return { before, after };
      }).immediate();
    },
  };
}
