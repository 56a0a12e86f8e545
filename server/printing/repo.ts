/** SQL for the centre's counters and the printer each one prints to. */
import type { Db } from '../db/types.ts';
import type { LayoutName } from '../receipts/layout.ts';

export interface CounterRow {
  code: string;
  name: string;
  cups_queue: string | null;
  layout: LayoutName;
}

export type CounterRepo = ReturnType<typeof counterRepo>;

export function counterRepo(db: Db) {
  const all = db.prepare<[], CounterRow>('SELECT code, name, cups_queue, layout FROM counters ORDER BY code');
  const one = db.prepare<[string], CounterRow>('SELECT code, name, cups_queue, layout FROM counters WHERE code = ?');
  const put = db.prepare(
    `INSERT INTO counters (code, name, cups_queue, layout) VALUES (@code, @name, @cups_queue, @layout)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, cups_queue = excluded.cups_queue, layout = excluded.layout`,
  );
  return {
    all: () => all.all(),
    byCode: (code: string) => one.get(code),
    put: (row: CounterRow) => put.run(row),
  };
}
