/**
 * The time-limit case of the chosen procedure, shown only when the law gives it more than one (a
 * mountain or island commune, a case needing verification, another kind of works): the standard limit
 * or one of the catalogue's variants, each with its basis. The preview and the save use the choice; the
 * receipt and "why this date" name it.
 */
import type { Procedure } from '../../../shared/contracts.ts';
import { workingDaysLabel } from '../../../shared/working-time.ts';
import s from './time-limit-choice.module.css';

interface Props {
  readonly procedure: Procedure | undefined;
  /** '' for the standard limit, else a variant's key. */
  readonly value: string;
  readonly error?: string | undefined;
  readonly onChange: (key: string) => void;
}

const days = (hours: number) => workingDaysLabel(Math.round(hours * 60), 'vi');

export function TimeLimitChoice({ procedure, value, error, onChange }: Props) {
  if (!procedure || procedure.timeLimitVariants.length === 0) return null;
  const options = [
    { key: '', name: 'Thời hạn chung theo quy định', hours: procedure.timeLimitHours, basis: null, sourced: true },
    ...procedure.timeLimitVariants.map((v) => ({ key: v.key, name: v.name.vi, hours: v.timeLimitHours, basis: v.basis, sourced: v.sourced })),
  ];
  return (
    <fieldset class={s.choice} data-testid="intake-time-limit">
      <legend class={s.legend}>Thời hạn giải quyết áp dụng cho hồ sơ này</legend>
      {options.map((o) => (
        <label key={o.key || 'standard'} class={`${s.option} ${value === o.key ? s.on : ''}`}>
          <input type="radio" name="timeLimitVariant" value={o.key} checked={value === o.key} onChange={() => onChange(o.key)} data-testid={`time-limit-${o.key || 'standard'}`} />
          <span class={s.text}>
            <span class={s.name}>
              {o.name}: <strong>{days(o.hours)}</strong>
            </span>
            {o.basis && (
              <span class={s.basis}>
                Căn cứ: {o.basis}
                {!o.sourced && <span class={s.proposed}> · đề xuất, chưa có văn bản xác nhận</span>}
              </span>
            )}
          </span>
        </label>
      ))}
      {error && <p class={s.error}>{error}</p>}
    </fieldset>
  );
}
