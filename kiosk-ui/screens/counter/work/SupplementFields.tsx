/**
 * The documents a supplement request asks for: ticked from the procedure's published list, or typed
 * in as "other" with the legal basis for asking (Decree 61/2018 art. 5 forbids asking for papers the
 * law does not list). Asked once, so the whole list at once (art. 19).
 */
import type { SupplementDoc, FormErrors } from './action-form.ts';
import { otherDoc } from './action-form.ts';
import { cx } from '../../../lib/status.ts';
import s from './work.module.css';

interface Props {
  readonly docs: readonly SupplementDoc[];
  readonly loading: boolean;
  /** The procedure's supplement window (Decree 61 art. 19(4)), with its own basis when it has one. */
  readonly window?: { readonly days: number; readonly basis: string | null } | null;
  readonly errors: FormErrors;
  /** The new list, and the error keys it settles. */
  readonly onChange: (docs: SupplementDoc[], clear: string[]) => void;
}

export function SupplementFields({ docs, loading, window, errors, onChange }: Props) {
  const update = (id: string, patch: Partial<SupplementDoc>) =>
    onChange(
      docs.map((d) => (d.id === id ? { ...d, ...patch } : d)),
      [`doc:${id}`, ...(patch.checked ? ['documents'] : [])],
    );
  const listed = docs.filter((d) => d.listed);
  const others = docs.filter((d) => !d.listed);

  return (
    <fieldset class={s.supplement} aria-describedby="supplement-rule">
      <legend>
        Giấy tờ cần bổ sung
        <span class={s.required} aria-hidden="true">
          {' '}
          *
        </span>
      </legend>
      <p class={s.explain} id="supplement-rule">
        Chỉ được yêu cầu bổ sung <strong>một lần</strong>: liệt kê đầy đủ mọi giấy tờ còn thiếu. Thời hạn giải quyết tạm dừng cho đến khi công dân nộp đủ.
        {window && (
          <span data-testid="supplement-window">
            {' '}
            Chỉ trong <strong>{String(window.days).replace('.', ',')} ngày làm việc</strong> kể từ khi tiếp nhận
            {window.basis ? ` (riêng thủ tục này; căn cứ: ${window.basis})` : ' (Nghị định 61/2018, Điều 19)'}.
          </span>
        )}
      </p>
      {errors.documents && (
        <p class={s.fieldError} data-testid="supplement-docs-error">
          {errors.documents}
        </p>
      )}
      {loading && <p class={s.muted}>Đang tải thành phần hồ sơ của thủ tục…</p>}
      <ul class={s.docList}>
        {listed.map((d, i) => {
          const error = errors[`doc:${d.id}`];
          return (
            <li key={d.id} class={cx(s.docItem, d.checked && s.docItemOn, error && s.docItemBad)}>
              <label class={s.docCheck}>
                <input type="checkbox" checked={d.checked} onChange={(e) => update(d.id, { checked: e.currentTarget.checked })} data-testid={`supplement-doc-${i}`} />
                <span>{d.name}</span>
              </label>
              {d.checked && <Counts doc={d} onChange={(patch) => update(d.id, patch)} />}
              {error && <p class={s.fieldError}>{error}</p>}
            </li>
          );
        })}
        {others.map((d) => {
          const error = errors[`doc:${d.id}`];
          return (
            <li key={d.id} class={cx(s.docItem, s.docItemOn, s.docOther, error && s.docItemBad)} data-testid="supplement-other">
              <div class={s.otherHead}>
                <span class={s.otherTag}>Giấy tờ khác</span>
                <button type="button" class={s.linkButton} onClick={() => onChange(docs.filter((x) => x.id !== d.id), [`doc:${d.id}`])}>
                  Bỏ dòng này
                </button>
              </div>
              <div class={s.otherFields}>
                <label class={s.field}>
                  <span>Tên giấy tờ</span>
                  <input value={d.name} maxLength={300} aria-invalid={error && !d.name.trim() ? true : undefined} onInput={(e) => update(d.id, { name: e.currentTarget.value })} data-testid="supplement-other-name" />
                </label>
                <label class={s.field}>
                  <span>
                    Căn cứ pháp lý yêu cầu <span class={s.required}>(bắt buộc)</span>
                  </span>
                  <input
                    value={d.basis}
                    maxLength={300}
                    placeholder="Ví dụ: Điều 9 NĐ 123/2015/NĐ-CP"
                    aria-invalid={error && d.name.trim() ? true : undefined}
                    onInput={(e) => update(d.id, { basis: e.currentTarget.value })}
                    data-testid="supplement-other-basis"
                  />
                </label>
              </div>
              <Counts doc={d} onChange={(patch) => update(d.id, patch)} />
              {error && <p class={s.fieldError}>{error}</p>}
            </li>
          );
        })}
      </ul>
      <button type="button" class={s.addButton} onClick={() => onChange([...docs, otherDoc()], ['documents'])} data-testid="supplement-add-other">
        + Thêm giấy tờ khác (ngoài danh mục đã công bố)
      </button>
    </fieldset>
  );
}

function Counts({ doc, onChange }: { readonly doc: SupplementDoc; readonly onChange: (patch: Partial<SupplementDoc>) => void }) {
  return (
    <div class={s.counts}>
      <label>
        <span>Bản chính</span>
        <input type="number" inputMode="numeric" min={0} max={99} value={doc.originals} onInput={(e) => onChange({ originals: e.currentTarget.value })} />
      </label>
      <label>
        <span>Bản sao</span>
        <input type="number" inputMode="numeric" min={0} max={99} value={doc.copies} onInput={(e) => onChange({ copies: e.currentTarget.value })} />
      </label>
    </div>
  );
}
