/** The header of the staff screens: centre, screen name, who is signed in, and the way out. */
import type { CentreInfo, StaffMe } from '../../../shared/contracts.ts';
import { ROLES } from '../../../shared/vocabulary.ts';
import { DemoBadge, Emblem } from '../Brand/Brand.tsx';
import s from './StaffHeader.module.css';

interface Props {
  readonly centre: CentreInfo | null;
  readonly staff: StaffMe;
  readonly screen: string;
  readonly onLogout: () => void;
}

export function StaffHeader({ centre, staff, screen, onLogout }: Props) {
  return (
    <header class={s.header}>
      <div class={s.left}>
        <Emblem />
        <div class={s.names}>
          <div class={s.centre}>{centre?.name ?? 'Trung tâm Phục vụ hành chính công'}</div>
          <div class={s.screen}>
            <span class={s.screenName}>{screen}</span>
            {centre?.fictional && <DemoBadge />}
          </div>
        </div>
      </div>
      <div class={s.right}>
        <div class={s.who}>
          <div class={s.staffName}>{staff.displayName}</div>
          <div class={s.role}>
            {ROLES[staff.role].vi}
            {staff.department ? ` · ${staff.department.name}` : ''}
          </div>
        </div>
        <button type="button" class={s.logout} onClick={onLogout} data-testid="logout">
          Đăng xuất
        </button>
      </div>
    </header>
  );
}
