/**
 * The documents received: the procedure's list as checkboxes with the number of originals and copies
 * (as the receipt's table prints them), plus rows for documents the list does not name.
 */
import type { DocRow, FieldErrors } from './intake-form.ts';
import s from './counter.module.css';

interface Props {
  readonly rows: readonly DocRow[];
  readonly errors: FieldErrors;
  readonly onChange: (id: string, patch: Partial<DocRow>) => void;
  readonly onAdd: () => void;
  readonly onRemove: (id: string) => void;
}

export function DocumentList({ rows, errors, onChange, onAdd, onRemove }: Props) {
  let listedIndex = 0;
  const listError = errors['/documents'];
  return (
    <div class={s.docs} id="field-documents" tabIndex={-1} aria-invalid={listError ? true : undefined}>
      <div class={s.docHead} aria-hidden="true">
        <span>Giấy tờ</span>
        <span>Bản chính</span>
        <span>Bản sao</span>
      </div>
      {rows.map((row) => {
        const testIndex = row.listed ? listedIndex++ : null;
        const error = errors[`doc:${row.id}`];
        const active = row.listed ? row.checked : true;
        return (
          <div key={row.id} class={`${s.docRow} ${active ? s.docOn : ''} ${error ? s.docBad : ''}`}>
            {row.listed ? (
              <label class={s.docName}>
                <input
                  type="checkbox"
                  checked={row.checked}
                  data-testid={`doc-check-${testIndex ?? 0}`}
                  onChange={(e) => onChange(row.id, { checked: e.currentTarget.checked })}
                />
                <span>{row.name}</span>
              </label>
            ) : (
              <div class={s.docName}>
                <button type="button" class={s.docRemove} onClick={() => onRemove(row.id)} aria-label={`Bỏ giấy tờ ${row.name || 'mới'}`} title="Bỏ dòng này">
                  ×
                </button>
                <input
                  class={s.docNameInput}
                  value={row.name}
                  placeholder="Tên giấy tờ khác…"
                  aria-label="Tên giấy tờ khác"
                  data-testid="doc-extra-name"
                  maxLength={300}
                  onInput={(e) => onChange(row.id, { name: e.currentTarget.value })}
                />
              </div>
            )}
            <input
              class={s.count}
              type="number"
              min={0}
              max={99}
              inputMode="numeric"
              value={row.originals}
              disabled={!active}
              aria-label={`Số bản chính: ${row.name || 'giấy tờ khác'}`}
              onInput={(e) => onChange(row.id, { originals: e.currentTarget.value })}
            />
            <input
              class={s.count}
              type="number"
              min={0}
              max={99}
              inputMode="numeric"
              value={row.copies}
              disabled={!active}
              aria-label={`Số bản sao: ${row.name || 'giấy tờ khác'}`}
              onInput={(e) => onChange(row.id, { copies: e.currentTarget.value })}
            />
            {error && <p class={s.docError}>{error}</p>}
          </div>
        );
      })}
      {rows.length === 0 && <p class={s.hint}>Chọn thủ tục để hiện danh sách giấy tờ.</p>}
      {listError && (
        <p class={s.fieldError} id="err-documents">
          {listError}
        </p>
      )}
      <button type="button" class={s.addDoc} onClick={onAdd} data-testid="doc-add">
        + Thêm giấy tờ khác
      </button>
    </div>
  );
}
