/**
 * The staff sign-in form of the counter and supervisor screens. Enter submits; the username is kept
 * for the next sign-in on this PC (never the password).
 */
import { useState } from 'preact/hooks';
import type { CentreInfo, StaffMe } from '../../../shared/contracts.ts';
import { type ApiError, api, asApiError } from '../../lib/api.ts';
import { readStored, writeStored } from '../../lib/storage.ts';
import { DemoBadge, Emblem } from '../Brand/Brand.tsx';
import s from './Login.module.css';

interface Props {
  readonly centre: CentreInfo | null;
  readonly title: string;
  readonly titleEn: string;
  readonly notice?: string | undefined;
  readonly onSignedIn: (staff: StaffMe) => void;
  /** Just the card, inside another screen (switching to an account with the right role). */
  readonly inline?: boolean;
}

export function Login({ centre, title, titleEn, notice, onSignedIn, inline = false }: Props) {
  const [username, setUsername] = useState(() => readStored('lastUsername') ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const { staff } = await api.login({ username: username.trim(), password });
      writeStored('lastUsername', staff.username);
      onSignedIn(staff);
    } catch (e) {
      setError(asApiError(e));
      setPassword('');
      setBusy(false);
    }
  };

  const missing = !username.trim() || !password;

  const Heading = inline ? 'h2' : 'h1';
  return (
    <div class={inline ? s.inline : s.page}>
      <div class={s.card}>
        {!inline && (
          <div class={s.brand}>
            <Emblem />
            <div>
              <div class={s.authority}>{centre?.parentAuthority ?? 'UBND'}</div>
              <div class={s.centre}>{centre?.name ?? 'Trung tâm Phục vụ hành chính công'}</div>
            </div>
          </div>
        )}
        <Heading class={s.title}>{title}</Heading>
        <p class={s.titleEn} lang="en">
          {titleEn}
        </p>
        {notice && (
          <p class={s.notice} role="status">
            {notice}
          </p>
        )}
        <form class={s.form} onSubmit={submit} noValidate>
          <label class={s.field}>
            <span>Tên đăng nhập</span>
            <input
              data-testid="login-username"
              name="username"
              autocomplete="username"
              autoCapitalize="off"
              spellcheck={false}
              autoFocus={!username}
              value={username}
              onInput={(e) => setUsername(e.currentTarget.value)}
            />
          </label>
          <label class={s.field}>
            <span>Mật khẩu</span>
            <input
              data-testid="login-password"
              name="password"
              type="password"
              autocomplete="current-password"
              autoFocus={!!username}
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
          {error && (
            <div class={s.error} role="alert" data-testid="login-error">
              <p>{error.message}</p>
              {error.messageEn && <p lang="en">{error.messageEn}</p>}
            </div>
          )}
          <button class={s.submit} type="submit" data-testid="login-submit" disabled={busy || missing} aria-disabled={busy || missing}>
            {busy ? 'Đang đăng nhập…' : 'Đăng nhập'}
          </button>
        </form>
        {centre?.fictional && !inline && (
          <div class={s.demo}>
            <DemoBadge />
          </div>
        )}
      </div>
    </div>
  );
}
