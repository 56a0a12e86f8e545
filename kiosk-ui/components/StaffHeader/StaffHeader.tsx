/** The header of the staff screens: centre, screen name, who is signed in, and the way out. */
import type { ComponentChildren } from 'preact';
import type { CentreInfo, StaffMe } from '../../../shared/contracts.ts';
import { ROLES } from '../../../shared/vocabulary.ts';
import s from './StaffHeader.module.css';

/** The centre's mark: a plain building glyph, not the national emblem (which is not ours to use). */
export function Emblem({ size = 40 }: { readonly size?: number }) {
  return (
    <svg class={s.emblem} width={size} height={size} viewBox="0 0 40 40" aria-hidden="true">
      <rect width="40" height="40" rx="9" fill="#a3161c" />
      <path d="M20 8 8 14v3h24v-3z" fill="#fff" />
      <path d="M11 19h3v10h-3zM18.5 19h3v10h-3zM26 19h3v10h-3z" fill="#fff" />
      <path d="M8 31h24v3H8z" fill="#c9a227" />
    </svg>
  );
}

export function DemoBadge() {
  return (
    <span class={s.demo} title="Dữ liệu trên màn hình này là dữ liệu minh họa / Demo data">
      Dữ liệu minh họa · <span lang="en">Demo data</span>
    </span>
  );
}

interface Props {
  readonly centre: CentreInfo | null;
  readonly staff: StaffMe;
  readonly screen: string;
  readonly onLogout: () => void;
  readonly children?: ComponentChildren;
}

export function StaffHeader({ centre, staff, screen, onLogout, children }: Props) {
  return (
    <header class={s.header}>
      <div class={s.left}>
        <Emblem />
        <div class={s.names}>
          <div class={s.centre}>{centre?.name ?? 'Trung tâm Phục vụ hành chính công'}</div>
          <div class={s.screen}>
            {screen}
            {centre?.fictional && <DemoBadge />}
          </div>
        </div>
      </div>
      {children && <div class={s.middle}>{children}</div>}
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
