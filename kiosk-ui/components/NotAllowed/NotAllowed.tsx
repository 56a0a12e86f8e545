/**
 * "This account may not use this screen": said plainly, with a link to the screen the account may use
 * and a form to sign in with another account. Shared by the counter and the supervisor screens.
 */
import type { ComponentChildren } from 'preact';
import type { CentreInfo, StaffMe } from '../../../shared/contracts.ts';
import { ROLES } from '../../../shared/vocabulary.ts';
import { Login } from '../Login/Login.tsx';
import s from './NotAllowed.module.css';

interface Props {
  readonly staff: StaffMe;
  readonly centre: CentreInfo | null;
  readonly title: string;
  /** What the account may not do, completing "Tài khoản X (role) …". */
  readonly refusal: string;
  readonly children?: ComponentChildren;
  readonly testId?: string;
  readonly onSignedIn: (staff: StaffMe) => void;
}

export function NotAllowed({ staff, centre, title, refusal, children, testId, onSignedIn }: Props) {
  return (
    <main class={s.page}>
      <div class={s.panel} data-testid={testId}>
        <h1>{title}</h1>
        <p>
          Tài khoản <strong>{staff.displayName}</strong> ({ROLES[staff.role].vi}) {refusal}
        </p>
        {children}
      </div>
      <Login inline centre={centre} title="Đăng nhập bằng tài khoản khác" titleEn="Sign in with another account" onSignedIn={onSignedIn} />
    </main>
  );
}
