/** The centre's mark and the demo-data badge, shared by every screen. */
import s from './Brand.module.css';

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
