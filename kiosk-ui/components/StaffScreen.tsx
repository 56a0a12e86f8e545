/**
 * The frame of a staff screen: loading, the server unreachable, the sign-in form, then the header and
 * the screen itself for the member of staff signed in. One place, so every staff screen asks for a
 * login, recovers from a lost server and signs out the same way.
 */
import type { ComponentChildren } from 'preact';
import type { CentreInfo, StaffMe } from '../../shared/contracts.ts';
import { Login } from './Login/Login.tsx';
import { StaffHeader } from './StaffHeader/StaffHeader.tsx';
import { Unreachable } from './Unreachable.tsx';
import { type Session, useCentre, useStaffSession } from './session.ts';

export interface SignedIn {
  readonly session: Session;
  readonly staff: StaffMe;
  readonly centre: CentreInfo | null;
}

export function StaffScreen(props: {
  /** The screen's name in the header and on the sign-in form. */
  readonly title: string;
  /** The sign-in form's English line. */
  readonly loginEn: string;
  readonly pageClass: string | undefined;
  readonly children: (signedIn: SignedIn) => ComponentChildren;
}) {
  const centre = useCentre();
  const session = useStaffSession();
  const { state } = session;
  if (state.kind === 'loading') return <div class="app-loading">Đang tải…</div>;
  if (state.kind === 'unreachable') return <Unreachable error={state.error} onRetry={session.retry} />;
  if (state.kind === 'signed-out') {
    return <Login centre={centre} title={props.title} titleEn={props.loginEn} notice={state.notice} onSignedIn={session.signedIn} />;
  }
  return (
    <div class={props.pageClass}>
      <StaffHeader centre={centre} staff={state.staff} screen={props.title} onLogout={() => void session.logout()} />
      {props.children({ session, staff: state.staff, centre })}
    </div>
  );
}
