/**
 * Picking the procedure among dozens with long legal names: a native <select> grouped by field (it
 * works with the keyboard and screen readers as is), narrowed by a filter on name or code.
 */
import { useMemo, useState } from 'preact/hooks';
import type { Procedure } from '../../../shared/contracts.ts';
import { searchable } from './intake-form.ts';
import s from './counter.module.css';

interface Props {
  readonly procedures: readonly Procedure[];
  readonly value: string;
  readonly error?: string | undefined;
  readonly onChange: (code: string) => void;
}

const OPTION_CHARS = 120;
const shorten = (text: string) => (text.length > OPTION_CHARS ? `${text.slice(0, OPTION_CHARS - 1).trimEnd()}…` : text);

export function ProcedurePicker({ procedures, value, error, onChange }: Props) {
  const [filter, setFilter] = useState('');
  const needle = searchable(filter.trim());

  const matches = useMemo(
    () => (needle ? procedures.filter((p) => searchable(`${p.code} ${p.name} ${p.field}`).includes(needle)) : procedures),
    [procedures, needle],
  );

  // The chosen procedure stays in the list even when the filter would hide it, or the select would lie.
  const shown = useMemo(() => {
    const chosen = procedures.find((p) => p.code === value);
    return chosen && !matches.includes(chosen) ? [chosen, ...matches] : matches;
  }, [procedures, matches, value]);

  const groups = useMemo(() => {
    const byField = new Map<string, Procedure[]>();
    for (const p of shown) byField.set(p.field, [...(byField.get(p.field) ?? []), p]);
    return [...byField.entries()].sort(([a], [b]) => a.localeCompare(b, 'vi'));
  }, [shown]);

  const selected = procedures.find((p) => p.code === value);

  return (
    <div class={s.picker}>
      <div class={s.pickerRow}>
        <label class={s.filter}>
          <span class="visually-hidden">Lọc thủ tục theo tên hoặc mã</span>
          <svg width="18" height="18" viewBox="0 0 20 20" aria-hidden="true">
            <circle cx="8.5" cy="8.5" r="6" fill="none" stroke="currentColor" stroke-width="2" />
            <path d="m13 13 5 5" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
          </svg>
          <input
            type="search"
            data-testid="procedure-filter"
            placeholder="Lọc theo tên hoặc mã thủ tục…"
            value={filter}
            autocomplete="off"
            onInput={(e) => setFilter(e.currentTarget.value)}
            onKeyDown={(e) => {
              // Enter picks the first match instead of submitting the whole intake form.
              if (e.key !== 'Enter') return;
              e.preventDefault();
              const first = matches[0];
              if (first) onChange(first.code);
            }}
          />
        </label>
        <span class={s.filterCount} aria-live="polite">
          {needle ? `${matches.length}/${procedures.length} thủ tục` : `${procedures.length} thủ tục`}
        </span>
      </div>
      <select
        class={s.select}
        data-testid="procedure-select"
        id="field-procedureCode"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'err-procedureCode' : undefined}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        <option value="">— Chọn thủ tục hành chính —</option>
        {groups.map(([field, list]) => (
          <optgroup key={field} label={field}>
            {list.map((p) => (
              <option key={p.code} value={p.code} title={p.name}>
                {`${p.code} · ${shorten(p.name)}`}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {error && (
        <p class={s.fieldError} id="err-procedureCode">
          {error}
        </p>
      )}
      {needle && matches.length === 0 && <p class={s.hint}>Không có thủ tục nào khớp “{filter.trim()}”.</p>}
      {selected && (
        <div class={s.procedureCard}>
          <p class={s.procedureName}>{selected.name}</p>
          <dl class={s.procedureFacts}>
            <div>
              <dt>Lĩnh vực</dt>
              <dd>{selected.field}</dd>
            </div>
            <div>
              <dt>Thời hạn giải quyết</dt>
              <dd>{selected.timeLimitText}</dd>
            </div>
            <div>
              <dt>Lệ phí</dt>
              <dd>{selected.fee}</dd>
            </div>
            <div>
              <dt>Thẩm quyền</dt>
              <dd>{selected.decidedBy}</dd>
            </div>
          </dl>
        </div>
      )}
    </div>
  );
}
