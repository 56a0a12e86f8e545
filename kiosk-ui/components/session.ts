/**
 * The staff session shared by the counter and the supervisor screens: asks the server once on load
 * (the cookie is httpOnly, so only the server knows), and goes back to the login form when a call
 * answers 401 (the session expired or was revoked). Drafts kept in memory (lib/drafts.ts) survive
 * that 401 for the same account; an explicit sign-out, or another account signing in, forgets them.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { CentreInfo, StaffMe } from '../../shared/contracts.ts';
import { type ApiError, api, asApiError, centreOnce } from '../lib/api.ts';
import { forgetAllDrafts, forgetDraftsNotOwnedBy } from '../lib/drafts.ts';

export type SessionState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'signed-out'; readonly notice?: string }
  | { readonly kind: 'signed-in'; readonly staff: StaffMe }
  | { readonly kind: 'unreachable'; readonly error: ApiError };

export interface Session {
  readonly state: SessionState;
  readonly signedIn: (staff: StaffMe) => void;
  readonly logout: () => Promise<void>;
  /** Call with any error from an API call: a 401 returns to the login form. Returns true if it did. */
  readonly handleAuthError: (e: unknown) => boolean;
  readonly retry: () => void;
}

export function useStaffSession(): Session {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    api
      .session()
      .then(({ staff }) => {
        if (!live) return;
        forgetDraftsNotOwnedBy(staff.username);
        setState({ kind: 'signed-in', staff });
      })
      .catch((e: unknown) => {
        if (!live) return;
        const err = asApiError(e);
        setState(err.status === 401 ? { kind: 'signed-out' } : { kind: 'unreachable', error: err });
      });
    return () => {
      live = false;
    };
  }, [attempt]);

  const signedIn = useCallback((staff: StaffMe) => {
    // Before anything renders for this account: one clerk's applicant is never shown to another.
    forgetDraftsNotOwnedBy(staff.username);
    setState({ kind: 'signed-in', staff });
  }, []);

  const logout = useCallback(async () => {
    // An explicit sign-out ends the work on this page; only an expired session keeps the draft.
    forgetAllDrafts();
    try {
      await api.logout();
    } catch {
      // The server forgets the session anyway when it expires; the screen must not stay signed in.
    }
    forgetAllDrafts(); // and anything typed while the sign-out was on its way
    setState({ kind: 'signed-out' });
  }, []);

  const handleAuthError = useCallback((e: unknown) => {
    if (asApiError(e).status !== 401) return false;
    setState({ kind: 'signed-out', notice: 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.' });
    return true;
  }, []);

  const retry = useCallback(() => {
    setState({ kind: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  return { state, signedIn, logout, handleAuthError, retry };
}

/** The centre's name for headers; null until known (the screens work without it). */
export function useCentre(): CentreInfo | null {
  const [centre, setCentre] = useState<CentreInfo | null>(null);
  useEffect(() => {
    let live = true;
    centreOnce()
      .then((c) => live && setCentre(c))
      .catch(() => {
        /* headers fall back to a generic title */
      });
    return () => {
      live = false;
    };
  }, []);
  return centre;
}

/** Sets the tab title while a screen is shown. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}
